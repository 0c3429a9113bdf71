"""FHIR R4 JSON: a Bundle of type collection for clinics with electronic records.

- One Patient with only the name or initials the patient chose (nothing else identifies them).
- A QuestionnaireResponse per PHQ-9 / GAD-7 with item answers: the LOINC panel as the
  questionnaire (``http://loinc.org/q/44249-1``, ``.../69737-5``), item linkIds the items' LOINC
  codes, answers as LOINC answer codings (LA6568-5 ... LA6571-9), then the unscored "how
  difficult" question when it was answered (linkId ``difficulty``, the answer's words as a
  string: the clinical reference gives no LOINC codes for it). Totals imported from a CSV have
  no item answers and get no QuestionnaireResponse.
- The Questionnaire those responses answer, once per instrument, at that same canonical url:
  its items and answer options, and the instrument's permission line as ``copyright`` (the
  clinical reference asks for it in every export; a QuestionnaireResponse has no place for it).
- An Observation per total score (LOINC 44261-6 / 70274-6, valueInteger, the band as the
  interpretation's text), derived from its QuestionnaireResponse.
- An Observation per mood and anxiety rating. LOINC has no code for a 0-10 self-rating of
  mood, so these use a local code system, ``http://companion.local/CodeSystem/self-report``
  with codes ``mood-0-10`` and ``anxiety-0-10`` (see docs/export-formats.md).
- The patient's course goals as Goal resources (``course_summary.fhir_goals``).

Free text (notes, reflections) is not part of the bundle. Resource ids are UUIDs (version 5)
in this installation's own namespace (``Dataset.installation``, a random id kept in the
settings), named by each record's database id and stored time: one record keeps its id in
every export, whatever the range, and no two records or two installations share one. The
stored time is part of the name because SQLite gives the id of a deleted newest row to the
next one. Local wall times carry the computer's UTC offset, as FHIR requires for a time of day.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from datetime import datetime
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any

from companion.domain.measures import ANSWER_OPTIONS, get_instrument
from companion.export.course_summary import fhir_goals
from companion.export.dataset import Dataset, ExportCancelled, Measure, Row
from companion.export.files import (
    Cancelled,
    Progress,
    never_cancelled,
    no_progress,
    write_atomically,
)

LOINC = "http://loinc.org"
SELF_REPORT_SYSTEM = "http://companion.local/CodeSystem/self-report"
CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category"
_INSTRUMENTS = uuid.UUID("5b0d7a52-3c1e-4a8e-9a59-6f1e2a0c7d41")
"""The namespace of the Questionnaires' ids, the same everywhere: like their urls, they name
the instruments, not anything of the patient's."""
DIFFICULTY_LINK = "difficulty"
_RATINGS = (
    ("mood", "mood-0-10", "Self-rated mood, 0 (very low) to 10 (very good)"),
    ("anxiety", "anxiety-0-10", "Self-rated anxiety, 0 (calm) to 10 (very anxious)"),
)
_CHUNK = 200


def _urn(namespace: uuid.UUID, *parts: object) -> str:
    return f"urn:uuid:{uuid.uuid5(namespace, '/'.join(str(p) for p in parts))}"


def _when(moment: datetime) -> str:
    """A local wall time with this computer's UTC offset (FHIR needs a zone with a time)."""
    try:
        return moment.astimezone().isoformat(timespec="seconds")
    except (OverflowError, ValueError):
        # Year 1 or 9999 (an absurd date in an old database) has no offset of its own there:
        # today's is as good as any, and the export still goes through.
        zone = datetime.now().astimezone().tzinfo
        return moment.replace(tzinfo=zone).isoformat(timespec="seconds")


def _survey() -> list[dict[str, Any]]:
    return [{"coding": [{"system": CATEGORY_SYSTEM, "code": "survey", "display": "Survey"}]}]


def _patient(data: Dataset, reference: str) -> dict[str, Any]:
    resource: dict[str, Any] = {"resourceType": "Patient", "id": reference.split(":")[-1]}
    if data.patient:
        resource["name"] = [{"text": data.patient}]
    return resource


def _questionnaire_response(measure: Measure, patient: str, reference: str) -> dict[str, Any]:
    definition = get_instrument(measure.instrument)
    answers = measure.answers or ()
    items: list[dict[str, Any]] = [
        {
            "linkId": item.loinc,
            "text": item.text,
            "answer": [
                {
                    "valueCoding": {
                        "system": LOINC,
                        "code": ANSWER_OPTIONS[answer].loinc,
                        "display": ANSWER_OPTIONS[answer].label,
                    }
                }
            ],
        }
        for item, answer in zip(definition.items, answers, strict=True)
    ]
    if measure.difficulty is not None:
        items.append(
            {
                "linkId": DIFFICULTY_LINK,
                "text": definition.difficulty_question,
                "answer": [{"valueString": definition.difficulty_options[measure.difficulty]}],
            }
        )
    return {
        "resourceType": "QuestionnaireResponse",
        "id": reference.split(":")[-1],
        "questionnaire": f"{LOINC}/q/{definition.panel_loinc}",
        "status": "completed",
        "subject": {"reference": patient},
        "authored": _when(measure.taken_at),
        "author": {"reference": patient},
        "item": items,
    }


def _questionnaire(instrument: str, reference: str) -> dict[str, Any]:
    definition = get_instrument(instrument)
    panel = {"system": LOINC, "code": definition.panel_loinc, "display": definition.title}
    return {
        "resourceType": "Questionnaire",
        "id": reference.split(":")[-1],
        "url": f"{LOINC}/q/{definition.panel_loinc}",
        "name": definition.name.replace("-", ""),
        "title": definition.title,
        "status": "active",
        "subjectType": ["Patient"],
        "description": definition.stem,
        "copyright": definition.permission,
        "code": [panel],
        "item": [
            {
                "linkId": item.loinc,
                "code": [{"system": LOINC, "code": item.loinc, "display": item.text}],
                "text": item.text,
                "type": "choice",
                "required": True,
                "answerOption": [
                    {"valueCoding": {"system": LOINC, "code": o.loinc, "display": o.label}}
                    for o in definition.options
                ],
            }
            for item in definition.items
        ]
        + [
            {
                "linkId": DIFFICULTY_LINK,
                "text": definition.difficulty_question,
                "type": "choice",
                "required": False,
                "answerOption": [{"valueString": text} for text in definition.difficulty_options],
            }
        ],
    }


def _total_observation(
    measure: Measure, patient: str, reference: str, response: str | None
) -> dict[str, Any]:
    definition = get_instrument(measure.instrument)
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "id": reference.split(":")[-1],
        "status": "final",
        "category": _survey(),
        "code": {
            "coding": [
                {
                    "system": LOINC,
                    "code": definition.total_loinc,
                    "display": f"{definition.name} total score",
                }
            ],
            "text": f"{definition.name} total score",
        },
        "subject": {"reference": patient},
        "effectiveDateTime": _when(measure.taken_at),
        "valueInteger": measure.total,
        "interpretation": [{"text": measure.band}],
    }
    if response is not None:
        resource["derivedFrom"] = [{"reference": response}]
    return resource


def _rating_observation(
    row: Row, value: int, code: str, display: str, patient: str, reference: str
) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "id": reference.split(":")[-1],
        "status": "final",
        "category": _survey(),
        "code": {
            "coding": [{"system": SELF_REPORT_SYSTEM, "code": code, "display": display}],
            "text": display,
        },
        "subject": {"reference": patient},
        "effectiveDateTime": _when(row.at),
        "valueInteger": value,
    }


def _measure_entries(
    measures: Iterable[Measure], patient: str, namespace: uuid.UUID
) -> list[tuple[str, dict[str, Any]]]:
    """The check-ins' resources, with the Questionnaire of each instrument that has answers."""
    found = []
    answered: set[str] = set()
    for measure in measures:
        if measure.answers and measure.instrument not in answered:
            answered.add(measure.instrument)
            reference = _urn(_INSTRUMENTS, "questionnaire", measure.instrument)
            found.append((reference, _questionnaire(measure.instrument, reference)))
        key = (measure.instrument, measure.record_id, measure.taken_at.isoformat())
        response = None
        if measure.answers:
            response = _urn(namespace, "qr", *key)
            found.append((response, _questionnaire_response(measure, patient, response)))
        total = _urn(namespace, "total", *key)
        found.append((total, _total_observation(measure, patient, total, response)))
    return found


def bundle(
    data: Dataset, progress: Progress = no_progress, cancelled: Cancelled = never_cancelled
) -> dict[str, Any]:
    namespace = data.installation
    if namespace is None:
        raise ValueError("a FHIR bundle needs a dataset built with Part.INSTALLATION")
    patient = _urn(namespace, "patient")
    entries: list[tuple[str, dict[str, Any]]] = [(patient, _patient(data, patient))]
    entries += _measure_entries(data.measures, patient, namespace)
    rows = [row for row in data.rows if row.is_entry]
    for start in range(0, len(rows), _CHUNK):
        if cancelled():
            raise ExportCancelled()
        for row in rows[start : start + _CHUNK]:
            for field, code, display in _RATINGS:
                value = getattr(row, field)
                if value is not None:
                    reference = _urn(namespace, field, row.entry_id, row.at.isoformat())
                    entries.append(
                        (
                            reference,
                            _rating_observation(row, value, code, display, patient, reference),
                        )
                    )
        progress(min(start + _CHUNK, len(rows)), len(rows))
    if data.course is not None:
        for goal in fhir_goals(data.course, patient):
            reference = _urn(namespace, "goal", goal["id"])
            goal["id"] = reference.split(":")[-1]
            entries.append((reference, goal))
    return {
        "resourceType": "Bundle",
        "id": _urn(namespace, "bundle", data.created.isoformat()).split(":")[-1],
        "type": "collection",
        "timestamp": _when(data.created),
        "entry": [{"fullUrl": url, "resource": resource} for url, resource in entries],
    }


def json_text(value: Any) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)`` of JSON data with string keys, byte
    for byte, in a fraction of the time: the standard library indents in pure Python, with a
    generator per nested value, and a ten-year bundle holds over a million values."""
    out: list[str] = []
    _encode(value, "\n", out)
    return "".join(out)


def _encode(value: Any, newline: str, out: list[str]) -> None:
    """Append ``value`` to ``out``; ``newline`` starts a line at the value's own indentation.

    Strings and integers inside a container are written in the container's loop: they are
    most of the values, and a call for each would cost as much again.
    """
    kind = value.__class__
    if kind is str:
        out.append(encode_basestring(value))
    elif kind is dict:
        if not value:
            out.append("{}")
            return
        inner = newline + "  "
        separator = "{" + inner
        for key, item in value.items():
            name = encode_basestring(key)
            if item.__class__ is str:
                out.append(f"{separator}{name}: {encode_basestring(item)}")
            elif item.__class__ is int:
                out.append(f"{separator}{name}: {item}")
            else:
                out.append(f"{separator}{name}: ")
                _encode(item, inner, out)
            separator = "," + inner
        out.append(newline + "}")
    elif kind is list or kind is tuple:
        if not value:
            out.append("[]")
            return
        inner = newline + "  "
        separator = "[" + inner
        for item in value:
            if item.__class__ is str:
                out.append(separator + encode_basestring(item))
            else:
                out.append(separator)
                _encode(item, inner, out)
            separator = "," + inner
        out.append(newline + "]")
    elif isinstance(value, str):
        out.append(encode_basestring(value))
    elif isinstance(value, dict):
        _encode(dict(value), newline, out)
    elif isinstance(value, (list, tuple)):
        _encode(list(value), newline, out)
    else:  # numbers, booleans, None (and the TypeError for anything JSON cannot hold)
        out.append(json.dumps(value))


def write_fhir(
    data: Dataset,
    path: Path,
    progress: Progress = no_progress,
    cancelled: Cancelled = never_cancelled,
) -> None:
    text = json_text(bundle(data, progress, cancelled)) + "\n"
    write_atomically(path, lambda out: out.write(text.encode("utf-8")))
