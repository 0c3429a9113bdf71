"""The Prepare screen."""

from companion.ui.screen import Screen


class PrepareScreen(Screen):
    title = "Before your appointment"
    subtitle = "Your checklist for the next appointment, timed to it."
