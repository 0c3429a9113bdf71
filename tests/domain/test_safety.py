from companion.domain.safety import (
    CARE_TEAM_LINE,
    DISCLAIMER,
    HEADING,
    ITEM9_LINE,
    Resource,
    crisis_resources,
)


def test_national_resources_without_personal_contacts() -> None:
    resources = crisis_resources(None, None)
    text = " ".join(f"{r.title} {r.detail}" for r in resources)
    assert resources[0].title == "Call or text 988"
    assert "press 1 for the Veterans Crisis Line" in resources[0].detail
    assert "988lifeline.org" in text
    assert "911" in text and "immediate danger" in text
    assert "local emergency number" in text
    assert len(resources) == 4


def test_personal_contacts_are_added_after_the_national_lines() -> None:
    resources = crisis_resources("  Dr Lee, 555 0100 ", "Sam, 555 0199")
    assert resources[-2:] == [
        Resource("Your clinic", "Dr Lee, 555 0100"),
        Resource("Someone you trust", "Sam, 555 0199"),
    ]


def test_blank_contacts_are_left_out() -> None:
    assert crisis_resources("   ", "") == crisis_resources(None, None)
    only_trusted = crisis_resources(None, "Sam")
    assert only_trusted[-1] == Resource("Someone you trust", "Sam")
    assert all(r.title != "Your clinic" for r in only_trusted)


def test_wording_is_calm_and_non_clinical() -> None:
    assert len(HEADING) < 40
    assert "care team" in CARE_TEAM_LINE
    assert "medical advice" in DISCLAIMER and "diagnose" in DISCLAIMER
    everything = " ".join([HEADING, CARE_TEAM_LINE, ITEM9_LINE, DISCLAIMER]).casefold()
    for word in ("method", "overdose", "pills", "diagnosis", "you have depression"):
        assert word not in everything
