"""``python -m grantdesk`` and the ``grantdesk`` command."""

from __future__ import annotations

import sys


def main() -> None:
    """Entry point: parse the command line and run the GUI or a headless command."""
    from grantdesk.cli import run

    sys.exit(run(sys.argv[1:]))


if __name__ == "__main__":
    main()
