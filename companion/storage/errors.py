"""Storage faults with messages fit to show a patient (and never a passphrase)."""


class StorageError(Exception):
    """A database problem the user can understand and act on."""


class NotOurDatabase(StorageError):
    """The file is garbage, damaged, or another program's database. It is left untouched."""


class DatabaseTooNew(StorageError):
    """A newer Companion wrote this database; opening it could lose data."""
