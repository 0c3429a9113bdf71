"""The History screen."""

from companion.ui.screen import Screen


class HistoryScreen(Screen):
    title = "History"
    subtitle = "Your entries and how things have changed over time."
