"""``python -m companion`` and the ``companion`` command."""

import sys

from companion.cli import main as cli_main


def main() -> None:
    sys.exit(cli_main())


if __name__ == "__main__":
    main()
