"""Faults the user caused or can fix: shown as one calm line, exit code 2."""


class UserError(Exception):
    """Bad input or a refused operation. The message is complete and fit to show as it is."""
