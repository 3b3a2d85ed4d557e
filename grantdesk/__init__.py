"""GrantDesk: calls, multi-partner proposals and co-design for Italian third-sector bodies."""

__version__ = "0.1.0"
APP_NAME = "GrantDesk"
