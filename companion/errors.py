"""Faults the user caused or can fix: shown as one calm line, exit code 2."""


class UserError(Exception):
    """Bad input or a refused operation. The message is complete and fit to show as it is."""


def refusal_line(error: BaseException) -> str:
    """A refusal as the command line shows it: one line, beginning with "companion".

    Storage errors are worded for the app's own screens, without the prefix; the command line
    adds it, so that every refusal reads the same way.
    """
    text = " ".join(line.strip() for line in str(error).splitlines() if line.strip())
    return text if text.startswith("companion") else f"companion: {text}"
