"""Storage faults with messages fit to show a patient (and never a passphrase)."""


class StorageError(Exception):
    """A database problem the user can understand and act on."""


class NotOurDatabase(StorageError):
    """The file is garbage, damaged, or another program's database. It is left untouched."""


class ForeignDatabase(NotOurDatabase):
    """A sound SQLite file, but not Companion's: another program's, not a damaged journal.

    Told apart from damage so that the patient is asked to check the data folder rather than
    told of a power cut.
    """


class DatabaseTooNew(StorageError):
    """A newer Companion wrote this database; opening it could lose data."""
