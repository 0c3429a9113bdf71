"""Preferences kept in the database as JSON values."""

from pathlib import Path

from sqlalchemy import func, select

from companion.storage import paths
from companion.storage.database import Database
from companion.storage.models import Setting
from companion.storage.settings import CLINIC_CONTACT, get_setting, set_setting


def test_a_missing_setting_gives_the_default(db: Database) -> None:
    with db.transaction() as s:
        assert get_setting(s, CLINIC_CONTACT) is None
        assert get_setting(s, CLINIC_CONTACT, "") == ""


def test_values_keep_their_type_and_survive_a_restart(db: Database, data_dir: Path) -> None:
    presets = {"lengths": [40, 60, 90], "sound": True, "name": "Riverside, 555-0100"}
    with db.transaction() as s:
        set_setting(s, "session.presets", presets)
        set_setting(s, CLINIC_CONTACT, "Dr. Okafor, 555-0100")
    db.close()
    reopened = Database.open(paths.database_path(data_dir))
    try:
        with reopened.transaction() as s:
            assert get_setting(s, "session.presets") == presets
            assert get_setting(s, CLINIC_CONTACT) == "Dr. Okafor, 555-0100"
    finally:
        reopened.close()


def test_setting_again_replaces_the_value(db: Database) -> None:
    with db.transaction() as s:
        set_setting(s, CLINIC_CONTACT, "old number")
    with db.transaction() as s:
        set_setting(s, CLINIC_CONTACT, "new number")
    with db.transaction() as s:
        assert get_setting(s, CLINIC_CONTACT) == "new number"
        assert s.scalar(select(func.count()).select_from(Setting)) == 1


def test_an_unreadable_value_gives_the_default(db: Database) -> None:
    with db.transaction() as s:
        s.add(Setting(key=CLINIC_CONTACT, value="{not json"))
    with db.transaction() as s:
        assert get_setting(s, CLINIC_CONTACT, "fallback") == "fallback"
