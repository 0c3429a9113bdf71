"""Tests for companion.storage.session_runs and session_options on a real SQLite database."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from companion.domain.routes import Route
from companion.storage import appointments
from companion.storage import session_runs as runs
from companion.storage.database import Database
from companion.storage.errors import StorageError
from companion.storage.models import Course, SessionPause, Setting, TreatmentSession
from companion.storage.session_options import SessionOptions, load_options, save_options

T0 = datetime(2026, 5, 10, 12, 0, tzinfo=UTC)
LOCAL = datetime(2026, 5, 10, 14, 0)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def start(db: Database, minutes: int = 60, **kw: object) -> runs.RunState:
    args: dict[str, object] = dict(
        duration_s=minutes * 60, route=Route.IV, mood_before=4, now=T0, local_now=LOCAL
    )
    args.update(kw)
    with db.transaction() as s:
        return runs.start_run(s, **args)  # type: ignore[arg-type]


def row(db: Database, run_id: int) -> TreatmentSession:
    with db.transaction() as s:
        found = s.get(TreatmentSession, run_id)
        assert found is not None
        _ = (found.markers, found.pauses)
        return found


def add_appointment(db: Database, starts_at: datetime, route: Route, intention: str) -> int:
    with db.transaction() as s:
        made = appointments.create_appointment(s, appointments.AppointmentFields(starts_at, route))
        appointments.set_intention(s, made.id, intention)
        return made.id


# --- starting -----------------------------------------------------------------------------------


def test_start_saves_at_once(db: Database) -> None:
    run = start(db)
    saved = row(db, run.id)
    assert (saved.state, saved.duration_s, saved.route, saved.mood_before) == (
        "running",
        3600,
        "iv",
        4,
    )
    assert saved.started_at == saved.last_seen_at == T0
    assert saved.ended_at is None and saved.appointment_id is None and saved.intention == ""


def test_start_links_todays_appointment_and_copies_the_intention(db: Database) -> None:
    appointment_id = add_appointment(db, LOCAL - timedelta(hours=1), Route.NASAL, "Rest.")
    run = start(db, route=None)
    assert run.appointment_id == appointment_id
    assert run.route is Route.NASAL  # the appointment's route when none was chosen
    assert run.intention == "Rest."
    with db.transaction() as s:
        setup = runs.session_setup(s, T0, LOCAL)
    # the appointment is still "current" while its session runs; its number is shown
    assert setup.appointment is not None and setup.appointment.number == 1


def test_an_appointment_days_ahead_is_not_linked(db: Database) -> None:
    add_appointment(db, LOCAL + timedelta(days=3), Route.IV, "Later.")
    run = start(db, route=None)
    assert run.appointment_id is None and run.intention == "" and run.route is Route.OTHER


def add_course(db: Database, route: Route, ended_on: datetime | None = None) -> None:
    with db.transaction() as s:
        s.add(
            Course(
                name="Induction",
                route=route.value,
                started_on=LOCAL - timedelta(days=20),
                ended_on=ended_on,
            )
        )


def likely(db: Database) -> Route | None:
    with db.transaction() as s:
        return runs.session_setup(s, T0, LOCAL).route


def test_the_likely_route_is_the_appointments_first(db: Database) -> None:
    add_course(db, Route.IV)
    add_appointment(db, LOCAL + timedelta(hours=1), Route.NASAL, "")
    assert likely(db) is Route.NASAL


def test_without_an_appointment_today_the_open_course_gives_the_route(db: Database) -> None:
    add_course(db, Route.IV)
    add_appointment(db, LOCAL + timedelta(days=3), Route.NASAL, "")  # not today
    start(db, route=Route.LOZENGE, now=T0 - timedelta(days=2))  # an odd one out, earlier
    assert likely(db) is Route.IV
    assert start(db, route=None).route is Route.IV  # and it is saved with the run


def test_without_an_open_course_the_latest_session_gives_the_route(db: Database) -> None:
    add_course(db, Route.IV, ended_on=LOCAL - timedelta(days=5))
    start(db, route=Route.IM, now=T0 - timedelta(days=9))
    start(db, route=Route.LOZENGE, now=T0 - timedelta(days=2))
    assert likely(db) is Route.LOZENGE


def test_with_nothing_to_go_by_the_patient_is_asked(db: Database) -> None:
    assert likely(db) is None  # the screen asks; no silent "Other"


def test_an_appointment_whose_session_ended_is_not_linked_again(db: Database) -> None:
    add_appointment(db, LOCAL, Route.IV, "Once.")
    first = start(db)
    with db.transaction() as s:
        runs.end_run(s, first.id, 3600, at(60), finished=True)
    assert start(db, now=at(90)).appointment_id is None


@pytest.mark.parametrize(("minutes", "mood"), [(0, 4), (601, 4), (60, 11), (60, -1)])
def test_start_refuses_bad_values(db: Database, minutes: int, mood: int) -> None:
    with pytest.raises(ValueError):
        start(db, minutes=minutes, mood_before=mood)
    with db.transaction() as s:
        assert s.scalars(select(TreatmentSession)).first() is None


def test_start_ends_a_lost_run_first(db: Database) -> None:
    lost = start(db)
    with db.transaction() as s:
        runs.heartbeat(s, lost.id, 600, at(10))
    new = start(db, now=at(30))
    old = row(db, lost.id)
    assert (old.state, old.ended_at, old.elapsed_s) == ("ended_early", at(10), 600)
    with db.transaction() as s:
        unfinished = runs.unfinished_run(s, at(31))
    assert unfinished is not None and unfinished.id == new.id


# --- during ---------------------------------------------------------------------------------------


def test_markers_pauses_and_end_are_saved(db: Database) -> None:
    run = start(db)
    with db.transaction() as s:
        first = runs.add_marker(s, run.id, 300.5, at(5))
        runs.pause_run(s, run.id, 600, at(10))
        runs.pause_run(s, run.id, 600, at(11))  # a repeated pause adds nothing
        runs.resume_run(s, run.id, 600, at(15))
        second = runs.add_marker(s, run.id, 900, at(20))
        runs.label_markers(s, {first: "  warmth ", second: ""})
        runs.end_run(s, run.id, 3600, at(65), finished=True)
    saved = row(db, run.id)
    assert [(m.elapsed_s, m.label, m.at) for m in saved.markers] == [
        (300.5, "warmth", at(5)),
        (900, "", at(20)),
    ]
    assert [(p.paused_at, p.resumed_at) for p in saved.pauses] == [(at(10), at(15))]
    assert (saved.state, saved.ended_at, saved.last_seen_at, saved.elapsed_s) == (
        "finished",
        at(65),
        at(65),
        3600,
    )


def test_ending_while_paused_closes_the_pause(db: Database) -> None:
    run = start(db)
    with db.transaction() as s:
        runs.pause_run(s, run.id, 60, at(1))
        runs.end_run(s, run.id, 60, at(3), finished=False)
    saved = row(db, run.id)
    assert saved.state == "ended_early"
    assert [(p.paused_at, p.resumed_at) for p in saved.pauses] == [(at(1), at(3))]


def test_nothing_is_added_to_an_ended_run(db: Database) -> None:
    run = start(db)
    with db.transaction() as s:
        runs.end_run(s, run.id, 60, at(1), finished=False)
    for action in (
        lambda s: runs.add_marker(s, run.id, 70, at(2)),
        lambda s: runs.heartbeat(s, run.id, 70, at(2)),
        lambda s: runs.pause_run(s, run.id, 70, at(2)),
    ):
        with pytest.raises(StorageError, match="already ended"), db.transaction() as s:
            action(s)
    assert row(db, run.id).markers == []


def test_a_missing_run_is_a_clear_error(db: Database) -> None:
    with pytest.raises(runs.SessionRunNotFound), db.transaction() as s:
        runs.heartbeat(s, 999, 1, T0)


def test_a_too_long_word_is_refused(db: Database) -> None:
    run = start(db)
    with db.transaction() as s:
        marker = runs.add_marker(s, run.id, 1, at(1))
    with pytest.raises(ValueError, match="200"), db.transaction() as s:
        runs.label_markers(s, {marker: "x" * 201})


# --- after a crash --------------------------------------------------------------------------------


def test_unfinished_run_tells_the_time_by_the_records(db: Database) -> None:
    run = start(db)
    with db.transaction() as s:
        runs.add_marker(s, run.id, 120, at(2))
        runs.pause_run(s, run.id, 600, at(10))
        runs.resume_run(s, run.id, 600, at(14))
        runs.heartbeat(s, run.id, 1200, at(24))
    with db.transaction() as s:
        found = runs.unfinished_run(s, at(40))
    assert found is not None
    assert found.elapsed_s == (40 - 4) * 60  # the closed time counts, the pause does not
    assert found.elapsed_last_seen_s == 20 * 60
    assert not found.paused and len(found.markers) == 1


def test_resume_unfinished_keeps_a_paused_run_paused(db: Database) -> None:
    run = start(db)
    with db.transaction() as s:
        runs.pause_run(s, run.id, 300, at(5))
    with db.transaction() as s:
        resumed = runs.resume_unfinished(s, run.id, at(50))
    assert resumed.paused and resumed.elapsed_s == 300
    assert row(db, run.id).last_seen_at == at(50)


def test_end_at_last_known_time(db: Database) -> None:
    run = start(db, minutes=30)
    with db.transaction() as s:
        runs.pause_run(s, run.id, 300, at(5))
        runs.heartbeat(s, run.id, 300, at(8))
    with db.transaction() as s:
        ended = runs.end_at_last_known_time(s, run.id)
    saved = row(db, run.id)
    assert (saved.state, saved.ended_at, saved.elapsed_s) == ("ended_early", at(8), 300)
    assert [(p.paused_at, p.resumed_at) for p in saved.pauses] == [(at(5), at(8))]
    assert ended.elapsed_s == 300
    with db.transaction() as s:
        assert runs.unfinished_run(s, at(60)) is None
        assert runs.end_at_last_known_time(s, run.id).state == "ended_early"  # idempotent


def test_a_lost_run_past_its_length_ends_finished(db: Database) -> None:
    run = start(db, minutes=10)
    with db.transaction() as s:
        runs.heartbeat(s, run.id, 660, at(11))
        runs.end_at_last_known_time(s, run.id)
    assert row(db, run.id).state == "finished"


def test_records_with_several_pauses(db: Database) -> None:
    run = start(db)
    with db.transaction() as s:
        for begin in (10, 20, 30):
            runs.pause_run(s, run.id, 0, at(begin))
            runs.resume_run(s, run.id, 0, at(begin + 2))
        runs.pause_run(s, run.id, 0, at(50))
    with db.transaction() as s:
        assert len(list(s.scalars(select(SessionPause)))) == 4
        found = runs.get_run(s, run.id, at(70))
    assert found.elapsed_s == (50 - 6) * 60 and found.paused


# --- options --------------------------------------------------------------------------------------


def test_options_round_trip(db: Database) -> None:
    chosen = SessionOptions(
        route=Route.LOZENGE,
        minutes={"lozenge": 150},
        breathing="box",
        palette="ocean",
        numbers=False,
        phases=True,
        chimes=False,
        audio_only=True,
        dim=40,
    )
    with db.transaction() as s:
        assert load_options(s) == SessionOptions()
        save_options(s, chosen)
    with db.transaction() as s:
        assert load_options(s) == chosen
    assert chosen.minutes_for(Route.LOZENGE) == 150
    assert chosen.minutes_for(Route.NASAL) == 120


def test_bad_stored_options_fall_back_one_by_one(db: Database) -> None:
    with db.transaction() as s:
        s.add(
            Setting(
                key="session.options",
                value='{"palette": "neon", "breathing": "box", '
                '"dim": 300, "numbers": "yes", "minutes": {"iv": 9999, "im": 45}, '
                '"route": "teleport"}',
            )
        )
    with db.transaction() as s:
        options = load_options(s)
    assert options == SessionOptions(breathing="box", minutes={"im": 45})
    assert SessionOptions.from_json(["not", "a", "dict"]) == SessionOptions()
