"""Preferences stored in the database (they may be private: contacts, names, reminders)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from companion.storage.models import Setting

CLINIC_CONTACT = "contacts.clinic"
TRUSTED_CONTACT = "contacts.trusted"
REMIND_FASTING = "reminders.fasting"  # bool, default on
REMIND_HOUR_BEFORE = "reminders.hour_before"  # bool, default on
REMINDERS_SHOWN = "reminders.shown"  # keys of reminders already shown (see domain.reminders)
#: This installation's random id, the namespace of FHIR resource ids (see export.dataset). It
#: belongs to the installation, not to one file: a restore carries it over (storage.backup).
INSTALLATION_ID = "export.installation_id"


def get_setting(session: Session, key: str, default: Any = None) -> Any:
    row = session.get(Setting, key)
    if row is None:
        return default
    try:
        return json.loads(row.value)
    except ValueError:
        return default


def set_setting(session: Session, key: str, value: Any) -> None:
    text = json.dumps(value)
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=text))
    else:
        row.value = text
