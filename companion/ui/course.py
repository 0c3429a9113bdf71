"""The Course screen."""

from companion.ui.screen import Screen


class CourseScreen(Screen):
    title = "My treatment course"
    subtitle = "Why you started, and how far you have come."
