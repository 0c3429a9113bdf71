"""Crisis resources and the app's disclaimer, worded per clinical.md "Safety".

Wording encourages reaching out and never describes methods. Shown from "Get help now" on
every screen and at once (without blocking the save) when PHQ-9 item 9 is above 0.
"""

from dataclasses import dataclass

HEADING = "Support is here, right now"

CARE_TEAM_LINE = (
    "If you can, let your care team know how you have been feeling. "
    "You do not have to wait for your next appointment."
)

ITEM9_LINE = (
    "Thank you for answering honestly. Thoughts like these are worth sharing with someone "
    "who can support you, and you deserve that support."
)

DISCLAIMER = (
    "Companion tracks how you are doing and helps you share it with your care team. "
    "It does not give medical advice or diagnose."
)


@dataclass(frozen=True)
class Resource:
    title: str
    detail: str


US_RESOURCES: tuple[Resource, ...] = (
    Resource(
        "Call or text 988",
        "Suicide & Crisis Lifeline (US), any time, day or night. "
        "Veterans: press 1 for the Veterans Crisis Line.",
    ),
    Resource("Chat at 988lifeline.org", "Suicide & Crisis Lifeline online chat (US)."),
    Resource("Call 911 if you are in immediate danger", "Emergency services (US)."),
)

ELSEWHERE = Resource("Outside the US", "Call your local emergency number.")


def crisis_resources(clinic_contact: str | None, trusted_contact: str | None) -> list[Resource]:
    """The national lines first, then the patient's own clinic and trusted person when stored.

    A blank contact is left out rather than shown empty.
    """
    resources = [*US_RESOURCES, ELSEWHERE]
    if clinic_contact and clinic_contact.strip():
        resources.append(Resource("Your clinic", clinic_contact.strip()))
    if trusted_contact and trusted_contact.strip():
        resources.append(Resource("Someone you trust", trusted_contact.strip()))
    return resources
