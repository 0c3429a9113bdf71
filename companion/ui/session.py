"""The Session screen."""

from companion.ui.screen import Screen


class SessionScreen(Screen):
    title = "Session"
    subtitle = "A calm, timed space for your session."
