"""Appointment queries shared by the screens and the exports."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from companion.storage.models import Appointment


def session_numbers(session: Session) -> dict[int, int]:
    """Appointment id -> session number: its rank by start time (ties by id), counting from 1.

    Numbers are derived, never stored, so adding a forgotten past appointment renumbers the
    later ones the way a patient would expect.
    """
    ids = session.scalars(select(Appointment.id).order_by(Appointment.starts_at, Appointment.id))
    return {appointment_id: n for n, appointment_id in enumerate(ids, start=1)}
