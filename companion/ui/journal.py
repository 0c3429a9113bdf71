"""The Journal screen."""

from companion.ui.screen import Screen


class JournalScreen(Screen):
    title = "Journal"
    subtitle = "How are you? Write as much or as little as you like."
