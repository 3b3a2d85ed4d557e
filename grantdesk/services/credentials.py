"""Passwords for shared PostgreSQL databases: the OS keyring, or memory for this session.

A password is never written to a file or a log. Where no keyring exists (a headless
Linux without Secret Service) it is kept in memory until GrantDesk quits.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any

log = logging.getLogger(__name__)
SERVICE = "GrantDesk"
_session_passwords: dict[str, str] = {}


def _keyring() -> tuple[Any, type[Exception]]:
    # Imported on first use: only shared PostgreSQL databases need it, and it costs
    # ~0.1 s of start-up for everyone else.
    import keyring
    from keyring.errors import KeyringError

    return keyring, KeyringError


def lookup(account: str) -> str | None:
    """The stored password for *account* (``user@host:port/db``), if any."""
    if account in _session_passwords:
        return _session_passwords[account]
    keyring, keyring_error = _keyring()
    try:
        return keyring.get_password(SERVICE, account)  # type: ignore[no-any-return]
    except keyring_error:
        log.info("no usable keyring: passwords are kept in memory for this session")
        return None


def remember(account: str, password: str) -> bool:
    """Store the password; False when only memory could keep it (no keyring)."""
    _session_passwords[account] = password
    keyring, keyring_error = _keyring()
    try:
        keyring.set_password(SERVICE, account, password)
    except keyring_error:
        return False
    return True


def forget(account: str) -> None:
    """Drop a password that the server refused."""
    _session_passwords.pop(account, None)
    keyring, keyring_error = _keyring()
    with contextlib.suppress(keyring_error):
        keyring.delete_password(SERVICE, account)
