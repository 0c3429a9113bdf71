"""The FHIR R4 bundle, checked with the fhir.resources R4B models."""

from __future__ import annotations

import json
import re
import uuid
from collections import Counter
from datetime import date, datetime
from pathlib import Path

from fhir.resources.R4B.bundle import Bundle

from companion.domain.journal import EntryDraft, Severity
from companion.domain.measures import (
    DIFFICULTY_OPTIONS,
    DIFFICULTY_QUESTION,
    GAD7_INSTRUMENT,
    PERMISSION,
    PHQ9_INSTRUMENT,
)
from companion.export.dataset import build_dataset
from companion.export.fhir_bundle import SELF_REPORT_SYSTEM, bundle, json_text, write_fhir
from companion.storage import paths
from companion.storage.database import Database
from companion.storage.journal import create_entry, save_measure
from companion.storage.settings import INSTALLATION_ID, get_setting


def _resources(data: dict) -> list[dict]:
    return [entry["resource"] for entry in data["entry"]]


def test_bundle_validates_and_holds_questionnaires_totals_and_ratings(
    demo_db: Database, tmp_path: Path
) -> None:
    with demo_db.transaction() as session:
        dataset = build_dataset(session, patient="J. D.")
    target = tmp_path / "bundle.json"
    write_fhir(dataset, target)
    data = json.loads(target.read_text(encoding="utf-8"))
    parsed = Bundle.model_validate(data)
    assert parsed.type == "collection"
    kinds = Counter(resource["resourceType"] for resource in _resources(data))
    contents = dataset.contents()
    assert kinds["Patient"] == 1
    assert kinds["QuestionnaireResponse"] == contents.phq9 + contents.gad7
    moods = sum(1 for row in dataset.rows if row.is_entry and row.mood is not None)
    anxieties = sum(1 for row in dataset.rows if row.is_entry and row.anxiety is not None)
    assert kinds["Observation"] == contents.phq9 + contents.gad7 + moods + anxieties
    urls = [entry["fullUrl"] for entry in data["entry"]]
    assert len(set(urls)) == len(urls)


def test_loinc_codes_of_panels_items_answers_and_totals(demo_db: Database) -> None:
    with demo_db.transaction() as session:
        data = bundle(build_dataset(session, patient="J. D."))
    resources = _resources(data)
    patient = next(r for r in resources if r["resourceType"] == "Patient")
    assert patient["name"] == [{"text": "J. D."}]
    assert set(patient) == {"resourceType", "id", "name"}
    responses = [r for r in resources if r["resourceType"] == "QuestionnaireResponse"]
    for instrument in (PHQ9_INSTRUMENT, GAD7_INSTRUMENT):
        found = [r for r in responses if r["questionnaire"].endswith(instrument.panel_loinc)]
        assert found
        scored = [i.loinc for i in instrument.items]
        assert [item["linkId"] for item in found[0]["item"]] == [*scored, "difficulty"]
        codes = {
            item["answer"][0]["valueCoding"]["code"]
            for r in found
            for item in r["item"]
            if item["linkId"] in scored
        }
        assert codes <= {"LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"}
    totals = [
        r
        for r in resources
        if r["resourceType"] == "Observation"
        and r["code"]["coding"][0]["system"] == "http://loinc.org"
    ]
    assert {t["code"]["coding"][0]["code"] for t in totals} == {"44261-6", "70274-6"}
    first = totals[0]
    assert isinstance(first["valueInteger"], int)
    assert first["interpretation"][0]["text"] in (
        "minimal",
        "mild",
        "moderate",
        "moderately severe",
        "severe",
    )
    assert first["derivedFrom"][0]["reference"].startswith("urn:uuid:")
    ratings = [
        r
        for r in resources
        if r["resourceType"] == "Observation"
        and r["code"]["coding"][0]["system"] == SELF_REPORT_SYSTEM
    ]
    assert {r["code"]["coding"][0]["code"] for r in ratings} == {"mood-0-10", "anxiety-0-10"}
    assert all(0 <= r["valueInteger"] <= 10 for r in ratings)
    # A time of day needs a zone in FHIR.
    zoned = re.compile(r"T\d\d:\d\d:\d\d([+-]\d\d:\d\d|Z)$")
    assert all(zoned.search(r["effectiveDateTime"]) for r in ratings)


def test_each_answered_questionnaire_is_there_once_with_the_permission_line(
    demo_db: Database,
) -> None:
    with demo_db.transaction() as session:
        data = bundle(build_dataset(session))
    resources = _resources(data)
    questionnaires = {r["url"]: r for r in resources if r["resourceType"] == "Questionnaire"}
    answered = {
        r["questionnaire"] for r in resources if r["resourceType"] == "QuestionnaireResponse"
    }
    assert set(questionnaires) == answered and len(answered) == 2
    for instrument in (PHQ9_INSTRUMENT, GAD7_INSTRUMENT):
        found = questionnaires[f"http://loinc.org/q/{instrument.panel_loinc}"]
        assert found["copyright"] == PERMISSION
        assert found["copyright"].startswith("Developed by Drs. Robert L. Spitzer")
        assert found["title"] == instrument.title
        links = [item["linkId"] for item in found["item"]]
        assert links == [*(i.loinc for i in instrument.items), "difficulty"]
        codes = [o["valueCoding"]["code"] for o in found["item"][0]["answerOption"]]
        assert codes == ["LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"]
    Bundle.model_validate(data)


def test_no_free_text_and_no_name_when_none_was_given(demo_db: Database) -> None:
    with demo_db.transaction() as session:
        dataset = build_dataset(session, include_private=True, patient="")
        data = bundle(dataset)
    text = json.dumps(data)
    notes = {row.notes for row in dataset.rows if row.notes} | {
        row.reflections for row in dataset.rows if row.reflections
    }
    assert notes and not any(note in text for note in notes)
    patient = _resources(data)[0]
    assert patient["resourceType"] == "Patient" and "name" not in patient
    Bundle.model_validate(data)


def test_imported_totals_have_an_observation_but_no_questionnaire(db: Database) -> None:
    from companion.export.import_store import store
    from companion.export.importers import ImportedEntry

    with db.transaction() as session:
        store(session, [ImportedEntry(line=2, at=datetime(2026, 3, 1, 9), phq9_total=12)], "csv")
        save_measure(session, "GAD-7", [1] * 7, taken_at=datetime(2026, 3, 2, 9))
        data = bundle(build_dataset(session, date(2026, 3, 1), date(2026, 3, 2)))
    Bundle.model_validate(data)
    kinds = Counter(r["resourceType"] for r in _resources(data))
    assert kinds == {"Patient": 1, "Observation": 2, "QuestionnaireResponse": 1, "Questionnaire": 1}
    (questionnaire,) = [r for r in _resources(data) if r["resourceType"] == "Questionnaire"]
    assert questionnaire["url"].endswith(GAD7_INSTRUMENT.panel_loinc)
    phq9 = next(r for r in _resources(data) if r.get("valueInteger") == 12)
    assert "derivedFrom" not in phq9


def test_same_data_gives_the_same_ids(demo_db: Database) -> None:
    with demo_db.transaction() as session:
        first = bundle(build_dataset(session))
        second = bundle(build_dataset(session))
    assert [e["fullUrl"] for e in first["entry"]] == [e["fullUrl"] for e in second["entry"]]


def test_file_text_is_exactly_the_standard_json_with_an_indent_of_two(
    demo_db: Database, tmp_path: Path
) -> None:
    with demo_db.transaction() as session:
        dataset = build_dataset(session, patient='Zoë "Z" \\ 名前')
    target = tmp_path / "bundle.json"
    write_fhir(dataset, target)
    standard = json.dumps(bundle(dataset), ensure_ascii=False, indent=2) + "\n"
    assert target.read_text(encoding="utf-8") == standard
    odd = {
        "empty": [{}, [], "", ()],
        "nested": [[1, [True, False, None]], {"a": {"b": [-3, 2.5, float("inf")]}}],
        "text": 'tab\tnew line\ncontrol \x01 quote " slash \\ / café ☕',
        "enum": Severity.MILD,
        "flag": True,
        "nothing": None,
        "tuple": (1, "two"),
    }
    assert json_text(odd) == json.dumps(odd, ensure_ascii=False, indent=2)


def _ids(data: dict, kind: str) -> dict[str, dict]:
    return {r["id"]: r for r in _resources(data) if r["resourceType"] == kind}


def _one_entry_folder(folder: Path) -> Database:
    db = Database.open(paths.database_path(folder))
    with db.transaction() as session:
        create_entry(session, EntryDraft(mood=5, anxiety=3), entry_at=datetime(2026, 3, 1, 9))
        save_measure(session, "PHQ-9", [1] * 9, taken_at=datetime(2026, 3, 1, 9))
    return db


def test_two_installations_never_share_a_patient_or_a_resource_id(tmp_path: Path) -> None:
    bundles = []
    for name in ("first", "second"):
        db = _one_entry_folder(tmp_path / name)
        try:
            with db.transaction() as session:
                bundles.append(bundle(build_dataset(session, patient="")))
        finally:
            db.close()
    first, second = bundles
    assert _ids(first, "Patient").keys() != _ids(second, "Patient").keys()
    shared = {e["fullUrl"] for e in first["entry"]} & {e["fullUrl"] for e in second["entry"]}
    questionnaires = {e["fullUrl"] for e in first["entry"] if "url" in e["resource"]}
    assert shared == questionnaires  # only the instruments, the same for every patient


def test_the_installation_id_is_kept_in_the_settings_and_never_sent(demo_db: Database) -> None:
    with demo_db.transaction() as session:
        assert get_setting(session, INSTALLATION_ID) is None
        first = bundle(build_dataset(session))
    with demo_db.transaction() as session:
        stored = get_setting(session, INSTALLATION_ID)
        second = bundle(build_dataset(session, patient="Someone else"))
    assert uuid.UUID(stored).version == 4
    assert stored not in json.dumps(first)
    assert _ids(first, "Patient").keys() == _ids(second, "Patient").keys()


def test_overlapping_exports_give_a_shared_record_the_same_id(demo_db: Database) -> None:
    with demo_db.transaction() as session:
        whole = bundle(build_dataset(session))
        part = bundle(build_dataset(session, date(2026, 3, 1), date(2026, 3, 20)))
    for kind in ("Observation", "QuestionnaireResponse"):
        everything, some = _ids(whole, kind), _ids(part, kind)
        assert len(some) > 5 and len(everything) > len(some)
        assert some.keys() <= everything.keys()
        assert all(resource == everything[key] for key, resource in some.items())


def test_the_difficulty_answer_is_in_the_response_and_the_questionnaire(db: Database) -> None:
    with db.transaction() as session:
        save_measure(session, "PHQ-9", [2] * 9, taken_at=datetime(2026, 3, 1, 9), difficulty=2)
        save_measure(session, "GAD-7", [1] * 7, taken_at=datetime(2026, 3, 1, 9))
        data = bundle(build_dataset(session))
    Bundle.model_validate(data)
    responses = {
        r["questionnaire"][-7:]: r["item"] for r in _resources(data) if "questionnaire" in r
    }
    phq9, gad7 = responses["44249-1"], responses["69737-5"]
    assert phq9[-1] == {
        "linkId": "difficulty",
        "text": DIFFICULTY_QUESTION,
        "answer": [{"valueString": "Very difficult"}],
    }
    assert [item["linkId"] for item in gad7] == [i.loinc for i in GAD7_INSTRUMENT.items]
    for questionnaire in _ids(data, "Questionnaire").values():
        last = questionnaire["item"][-1]
        assert (last["linkId"], last["text"], last["required"]) == (
            "difficulty",
            DIFFICULTY_QUESTION,
            False,
        )
        assert [o["valueString"] for o in last["answerOption"]] == list(DIFFICULTY_OPTIONS)


def test_times_in_year_1_and_9999_are_written(db: Database, tmp_path: Path) -> None:
    """Review 2 item 4: such a time (imported before imports refused it) has no local UTC
    offset Python can compute, and the export exited with an unexpected problem."""
    with db.transaction() as session:
        for at in (datetime(1, 1, 1, 10), datetime(9999, 12, 31, 23, 59)):
            create_entry(session, EntryDraft(mood=6), entry_at=at)
        dataset = build_dataset(session)
    target = tmp_path / "bundle.json"
    write_fhir(dataset, target)
    data = json.loads(target.read_text(encoding="utf-8"))
    Bundle.model_validate(data)
    times = sorted(r["effectiveDateTime"] for r in _resources(data) if "effectiveDateTime" in r)
    offset = datetime.now().astimezone().isoformat(timespec="seconds")[-6:]
    assert times == [f"0001-01-01T10:00:00{offset}", f"9999-12-31T23:59:00{offset}"]
