"""About Companion: what it is, what it is not, and its licence."""

from PySide6.QtWidgets import QLabel, QWidget

from companion import __version__
from companion.domain.safety import DISCLAIMER
from companion.ui.dialog_frame import ScrollingDialog, close_button

ABOUT = f"""
<h2>Companion {__version__}</h2>
<p>A private companion for ketamine-assisted psychotherapy: prepare for an appointment,
rest in a calm timed session, keep a journal, and share what you choose with your therapist.</p>
<p><b>Everything stays on this computer.</b> Companion makes no network connections and
collects no usage data. Only what you export leaves it.</p>
<p>{DISCLAIMER} Clinic guidance differs: always follow your own clinic's instructions.</p>
<p>Free software under the GNU General Public License, version 3 or later. You may use,
study, share and change it; it comes with no warranty.</p>
<p>PHQ-9 and GAD-7: developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke
and colleagues, with an educational grant from Pfizer Inc.</p>
"""


class AboutDialog(ScrollingDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Companion")
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)
        text = QLabel(ABOUT)
        text.setWordWrap(True)
        text.setAccessibleName("About Companion")
        self.body.addWidget(text)
        buttons = close_button()
        buttons.rejected.connect(self.reject)
        self.buttons.addWidget(buttons)
        self.fit_to_screen()
