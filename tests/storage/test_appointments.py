"""Tests for companion.storage.appointments on a real SQLite database."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from companion.domain.checklist import ChecklistItem, ProtocolError, default_template
from companion.domain.routes import Route
from companion.storage import appointments as repo
from companion.storage.database import Database
from companion.storage.models import (
    Appointment,
    AppointmentItem,
    ChecklistTemplate,
    TemplateItem,
    TreatmentSession,
)

NOW = datetime(2026, 5, 10, 12, 0)


def add(db: Database, starts_at: datetime, route: Route = Route.IV, **fields: str) -> int:
    with db.transaction() as s:
        return repo.create_appointment(s, repo.AppointmentFields(starts_at, route, **fields)).id


def view(db: Database, appointment_id: int) -> repo.AppointmentView:
    with db.transaction() as s:
        found = repo.get_appointment(s, appointment_id)
    assert found is not None
    return found


def keys(found: repo.AppointmentView) -> list[str]:
    return [item.item.key for item in found.items]


def table_dump(db: Database) -> list[tuple]:
    with db.transaction() as s:
        return [
            *s.execute(select(ChecklistTemplate.route, ChecklistTemplate.name)).all(),
            *s.execute(
                select(TemplateItem.template_id, TemplateItem.position, TemplateItem.text)
            ).all(),
            *s.execute(select(AppointmentItem.appointment_id, AppointmentItem.text)).all(),
        ]


# --- appointments -------------------------------------------------------------------------------


def test_create_copies_the_route_template(db: Database) -> None:
    appointment_id = add(db, datetime(2026, 5, 12, 8, 0, 42), Route.NASAL, clinic=" Riverside ")
    found = view(db, appointment_id)
    assert keys(found) == [item.key for item in default_template(Route.NASAL)]
    assert found.items[0].item == default_template(Route.NASAL)[0]
    assert found.starts_at == datetime(2026, 5, 12, 8, 0)  # seconds dropped
    assert found.clinic == "Riverside"
    assert found.number == 1
    assert found.done_count == 0


def test_template_is_seeded_once(db: Database) -> None:
    add(db, NOW)
    add(db, NOW + timedelta(days=3))
    with db.transaction() as s:
        assert s.scalar(select(func.count()).select_from(ChecklistTemplate)) == 1
        assert repo.template(s, Route.IV).name == "Common clinic guidance: IV infusion"


def test_session_numbers_count_up_by_time(db: Database) -> None:
    later = add(db, datetime(2026, 5, 20, 9, 0))
    earlier = add(db, datetime(2026, 5, 6, 9, 0))
    assert (view(db, earlier).number, view(db, later).number) == (1, 2)
    with db.transaction() as s:
        listed = repo.list_appointments(s)
        assert repo.session_numbers(s) == {earlier: 1, later: 2}
    assert [(a.id, a.number, a.total) for a in listed] == [(earlier, 1, 8), (later, 2, 8)]


def test_tick_items_and_progress_in_the_list(db: Database) -> None:
    appointment_id = add(db, NOW)
    first, second = view(db, appointment_id).items[:2]
    with db.transaction() as s:
        repo.set_item_done(s, first.id, True)
        repo.set_item_done(s, second.id, True)
        repo.set_item_done(s, second.id, False)
    assert [i.done for i in view(db, appointment_id).items[:2]] == [True, False]
    with db.transaction() as s:
        assert repo.list_appointments(s)[0].done == 1


def test_intention_questions_and_vitals_are_saved(db: Database) -> None:
    appointment_id = add(db, NOW + timedelta(hours=1))
    with db.transaction() as s:
        repo.set_intention(s, appointment_id, "Meet what comes with curiosity.")
        repo.set_questions(s, appointment_id, "Spacing?")
        repo.set_vitals(s, appointment_id, 124, 80, 72)
    found = view(db, appointment_id)
    assert (found.intention, found.questions) == ("Meet what comes with curiosity.", "Spacing?")
    assert (found.systolic, found.diastolic, found.pulse) == (124, 80, 72)
    with db.transaction() as s:
        repo.set_vitals(s, appointment_id, None, None, None)
    assert view(db, appointment_id).systolic is None


@pytest.mark.parametrize(
    ("vitals", "message"),
    [
        ((124, None, None), "both blood pressure numbers"),
        ((300, 80, None), "Systolic"),
        ((80, 90, None), "below the upper"),
        ((None, None, 10), "Pulse"),
    ],
)
def test_bad_vitals_are_refused_and_nothing_changes(
    db: Database, vitals: tuple, message: str
) -> None:
    appointment_id = add(db, NOW)
    with db.transaction() as s:
        repo.set_vitals(s, appointment_id, 120, 80, 70)
    with pytest.raises(ValueError, match=message), db.transaction() as s:
        repo.set_vitals(s, appointment_id, *vitals)
    found = view(db, appointment_id)
    assert (found.systolic, found.diastolic, found.pulse) == (120, 80, 70)


def test_too_long_text_is_refused(db: Database) -> None:
    with pytest.raises(ValueError, match="clinic"), db.transaction() as s:
        repo.create_appointment(s, repo.AppointmentFields(NOW, Route.IV, clinic="x" * 301))
    appointment_id = add(db, NOW)
    with pytest.raises(ValueError, match="intention"), db.transaction() as s:
        repo.set_intention(s, appointment_id, "x" * 20_001)


def test_edit_keeps_ticks_and_a_new_route_brings_its_checklist(db: Database) -> None:
    appointment_id = add(db, NOW, Route.IV)
    food = view(db, appointment_id).items[0]
    with db.transaction() as s:
        repo.set_item_done(s, food.id, True)
        fields = repo.AppointmentFields(NOW + timedelta(days=1), Route.IV, "Clinic B", "Q", "N")
        repo.update_appointment(s, appointment_id, fields)
    edited = view(db, appointment_id)
    assert (edited.starts_at, edited.clinic, edited.notes) == (
        NOW + timedelta(days=1),
        "Clinic B",
        "N",
    )
    assert edited.items[0].done
    with db.transaction() as s:
        fields = repo.AppointmentFields(NOW, Route.LOZENGE)
        repo.update_appointment(s, appointment_id, fields)
    lozenge = view(db, appointment_id)
    assert "sitter" in keys(lozenge)
    assert {i.item.key for i in lozenge.items if i.done} == {"food"}


def test_delete_and_restore_brings_everything_back(db: Database) -> None:
    appointment_id = add(db, NOW, questions="Spacing?")
    with db.transaction() as s:
        repo.set_item_done(s, view(db, appointment_id).items[2].id, True)
        repo.set_intention(s, appointment_id, "Rest.")
        started = datetime(2026, 5, 10, 10, tzinfo=UTC)
        s.add(
            TreatmentSession(
                id=5,
                appointment_id=appointment_id,
                route="iv",
                duration_s=60,
                started_at=started,
                last_seen_at=started,
            )
        )
    before = view(db, appointment_id)
    with db.transaction() as s:
        deleted = repo.delete_appointment(s, appointment_id)
    with db.transaction() as s:
        assert repo.get_appointment(s, appointment_id) is None
        assert s.scalar(select(func.count()).select_from(AppointmentItem)) == 0
        assert s.get(TreatmentSession, 5).appointment_id is None
    with db.transaction() as s:
        restored = repo.restore_appointment(s, deleted)
    assert restored.id == appointment_id
    after = view(db, appointment_id)
    assert (after.intention, after.questions, after.done_count) == ("Rest.", "Spacing?", 1)
    assert [(i.item, i.done) for i in after.items] == [(i.item, i.done) for i in before.items]
    with db.transaction() as s:
        assert s.get(TreatmentSession, 5).appointment_id == appointment_id


def test_restore_after_the_id_was_taken_keeps_both(db: Database) -> None:
    appointment_id = add(db, NOW)
    with db.transaction() as s:
        deleted = repo.delete_appointment(s, appointment_id)
    newer = add(db, NOW + timedelta(days=2))
    assert newer == appointment_id  # SQLite reuses the highest id
    with db.transaction() as s:
        restored = repo.restore_appointment(s, deleted)
        assert restored.id != newer
        assert len(restored.items) == 8
        assert s.scalar(select(func.count()).select_from(Appointment)) == 2


def test_a_missing_appointment_is_a_clear_error(db: Database) -> None:
    with pytest.raises(repo.AppointmentNotFound, match="no longer exists"), db.transaction() as s:
        repo.set_intention(s, 99, "x")


# --- next appointment and intention ------------------------------------------------------------


def test_next_appointment_and_its_intention(db: Database) -> None:
    past = add(db, NOW - timedelta(days=3))
    soon = add(db, NOW + timedelta(hours=3))
    add(db, NOW + timedelta(days=7))
    with db.transaction() as s:
        repo.set_intention(s, soon, "Let myself rest.")
        repo.set_intention(s, past, "Old.")
    with db.transaction() as s:
        assert repo.next_appointment(s, NOW).id == soon  # type: ignore[union-attr]
        assert repo.intention_for_next(s, NOW) == "Let myself rest."
        # Still the one to show an hour after it started (the session may start late) ...
        assert repo.intention_for_next(s, NOW + timedelta(hours=4)) == "Let myself rest."
        # ... but not four hours after.
        assert repo.intention_for_next(s, NOW + timedelta(hours=7, minutes=1)) == ""
        assert repo.intention_for_appointment(s, past) == "Old."
        assert repo.intention_for_appointment(s, 999) == ""


def test_an_appointment_whose_session_ended_is_not_next(db: Database) -> None:
    soon = add(db, NOW + timedelta(hours=1))
    later = add(db, NOW + timedelta(days=7))
    started = datetime(2026, 5, 10, 13, tzinfo=UTC)
    with db.transaction() as s:
        s.add(
            TreatmentSession(
                appointment_id=soon,
                route="iv",
                duration_s=60,
                started_at=started,
                last_seen_at=started,
            )
        )
    with db.transaction() as s:
        assert repo.next_appointment(s, NOW).id == soon  # type: ignore[union-attr]
        s.scalars(select(TreatmentSession)).one().ended_at = started
    with db.transaction() as s:
        assert repo.next_appointment(s, NOW).id == later  # type: ignore[union-attr]


def test_no_appointments(db: Database) -> None:
    with db.transaction() as s:
        assert repo.next_appointment(s, NOW) is None
        assert repo.intention_for_next(s) == ""
        assert repo.list_appointments(s) == []


def test_give_checklist_for_bulk_written_appointments(db: Database) -> None:
    with db.transaction() as s:
        s.add(Appointment(id=3, starts_at=NOW, route="nasal"))
    with db.transaction() as s:
        repo.give_checklist(s, 3, ticked=3)
    found = view(db, 3)
    assert keys(found) == [item.key for item in default_template(Route.NASAL)]
    assert [i.done for i in found.items[:4]] == [True, True, True, False]


# --- templates ---------------------------------------------------------------------------------


def test_save_template_edits_reorders_removes_and_adds(db: Database) -> None:
    past = add(db, NOW - timedelta(days=1))
    upcoming = add(db, NOW + timedelta(days=1))
    other_route = add(db, NOW + timedelta(days=2), Route.NASAL)
    with db.transaction() as s:
        repo.set_item_done(s, view(db, upcoming).items[1].id, True)  # liquids
        items = list(repo.template(s, Route.IV).items)
    edited = [
        items[1],
        ChecklistItem("food", "No food for 8 hours before, as your clinic instructs", "", 480),
        ChecklistItem("", "Bring warm socks"),
        ChecklistItem("", "Charge headphones"),
    ]
    with db.transaction() as s:
        saved = repo.save_template(s, Route.IV, edited, NOW)
    assert saved.updated_appointments == 1
    assert [i.key for i in saved.template.items] == ["liquids", "food", "custom-1", "custom-2"]
    new = view(db, upcoming)
    assert keys(new) == ["liquids", "food", "custom-1", "custom-2"]
    assert [i.done for i in new.items] == [True, False, False, False]
    assert new.items[1].item.offset_minutes == 480
    assert len(view(db, past).items) == 8  # history kept
    assert "nasal_medicines" in keys(view(db, other_route))
    with db.transaction() as s:
        assert [i.text for i in repo.template(s, Route.IV).items][2] == "Bring warm socks"


def test_custom_keys_do_not_collide(db: Database) -> None:
    items = [ChecklistItem("custom-1", "A"), ChecklistItem("", "B"), ChecklistItem("", "C")]
    with db.transaction() as s:
        saved = repo.save_template(s, Route.IM, items, NOW)
    assert [i.key for i in saved.template.items] == ["custom-1", "custom-2", "custom-3"]


def test_invalid_template_is_refused_and_nothing_changes(db: Database) -> None:
    add(db, NOW + timedelta(days=1))
    before = table_dump(db)
    for bad in ([], [ChecklistItem("", "   ")], [ChecklistItem("", "x" * 501)]):
        with pytest.raises(ProtocolError), db.transaction() as s:
            repo.save_template(s, Route.IV, bad, NOW)
    assert table_dump(db) == before


def test_restore_defaults(db: Database) -> None:
    upcoming = add(db, NOW + timedelta(days=1))
    with db.transaction() as s:
        repo.save_template(s, Route.IV, [ChecklistItem("", "Only this")], NOW, "Mine")
    assert len(view(db, upcoming).items) == 1
    with db.transaction() as s:
        saved = repo.restore_default_template(s, Route.IV, NOW)
    assert saved.template.items == tuple(default_template(Route.IV))
    assert saved.template.name == "Common clinic guidance: IV infusion"
    assert keys(view(db, upcoming)) == [i.key for i in default_template(Route.IV)]


PROTOCOL = {
    "format": "companion-protocol",
    "version": 1,
    "name": "Riverside Clinic: IV infusion",
    "route": "iv",
    "items": [
        {"text": "No food for 8 hours before", "offset_minutes": 480, "category": "food_drink"},
        {"key": "ride_home", "text": "Someone drives you home", "category": "safety"},
    ],
}


def test_import_protocol_replaces_the_routes_checklist(db: Database) -> None:
    upcoming = add(db, NOW + timedelta(days=1))
    with db.transaction() as s:
        protocol, saved = repo.import_protocol(s, json.dumps(PROTOCOL), NOW)
    assert protocol.name == "Riverside Clinic: IV infusion"
    assert saved.updated_appointments == 1
    assert keys(view(db, upcoming)) == ["item-1", "ride_home"]
    with db.transaction() as s:
        assert repo.template(s, Route.IV).name == "Riverside Clinic: IV infusion"
        exported = json.loads(repo.export_protocol(s, Route.IV))
    assert exported["name"] == PROTOCOL["name"]
    assert [i["text"] for i in exported["items"]] == [i["text"] for i in PROTOCOL["items"]]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not valid JSON"),
        (json.dumps({**PROTOCOL, "route": "oral"}), "unknown route 'oral'"),
        (
            json.dumps(
                {**PROTOCOL, "items": [*PROTOCOL["items"], {"text": "x", "offset_minutes": -1}]}
            ),
            "item 3: offset_minutes",
        ),
    ],
)
def test_a_bad_protocol_is_refused_and_nothing_changes(
    db: Database, text: str, message: str
) -> None:
    add(db, NOW + timedelta(days=1))
    before = table_dump(db)
    with pytest.raises(ProtocolError, match=message), db.transaction() as s:
        repo.import_protocol(s, text, NOW)
    assert table_dump(db) == before


def test_export_of_an_untouched_route_is_the_defaults(db: Database) -> None:
    with db.transaction() as s:
        exported = json.loads(repo.export_protocol(s, Route.LOZENGE))
    assert exported["route"] == "lozenge"
    assert [i["key"] for i in exported["items"]] == [i.key for i in default_template(Route.LOZENGE)]


def test_session_numbers_break_ties_by_id(db: Database) -> None:
    first = add(db, NOW)
    second = add(db, NOW)
    with db.transaction() as s:
        assert repo.session_numbers(s) == {first: 1, second: 2}
    assert view(db, second).number == 2


def test_demo_data_gives_the_upcoming_appointment_a_checklist(db: Database) -> None:
    from companion.storage.demo import fill

    fill(db, 60, today=NOW.date())
    with db.transaction() as s:
        upcoming = repo.next_appointment(s, NOW)
        listed = repo.list_appointments(s)
    assert upcoming is not None and upcoming.id == listed[-1].id
    assert (upcoming.done_count, len(upcoming.items)) == (3, 8)
    assert all(a.total == 0 for a in listed[:-1])  # past ones were written without one
