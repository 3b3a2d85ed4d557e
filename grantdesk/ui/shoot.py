"""``grantdesk shoot --out DIR [--view NAME]``: render the main views to PNG files.

The real window is opened offscreen at 1280×800 on the chosen database; each list gets its
first row selected so the detail pane is filled; each view is grabbed to ``DIR/<view>.png``.
Used to look at the screens without a display, in CI and in reviews.

``GRANTDESK_SHOOT_ELIGIBLE_FOR=<organization id>`` shows the calls list filtered for that
organization (``GRANTDESK_SHOOT_SHOW_EXCLUDED=1``: with the excluded calls and reasons).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

WIDTH, HEIGHT = 1280, 800
OPEN_TIMEOUT_MS = 120_000


def _say(message: str) -> None:
    print(f"grantdesk: {message}", file=sys.stderr)


def main(location: str | None, out_dir: Path, view: str | None = None) -> int:
    """Render every main view (or only *view*) of the database at *location* into
    *out_dir*; 0 on success, 1 when the database cannot be opened, 2 for an unknown view."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from grantdesk.i18n import _
    from grantdesk.ui.views import NAMES

    if view is not None and view not in NAMES:
        _say(
            _("there is no view called “{view}”: choose one of {names}.").format(
                view=view, names=", ".join(NAMES)
            )
        )
        return 2
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _say(_("cannot write to {path}: {reason}").format(path=out_dir, reason=exc.strerror))
        return 1

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from grantdesk.app import build_window

    window = build_window(location, interactive=False, view=view)
    window.save_on_close = False  # a screenshot run leaves the desk's settings alone
    app = QApplication.instance()
    assert app is not None
    window.resize(WIDTH, HEIGHT)
    window.show()

    failure: list[str] = []
    loop = QEventLoop()
    window.data_shown.connect(loop.quit)

    def failed(message: str, _location: str) -> None:
        failure.append(message)
        loop.quit()

    window.opener.failed.connect(failed)
    QTimer.singleShot(OPEN_TIMEOUT_MS, loop.quit)
    loop.exec()
    if failure or window.context.db is None:
        _say(failure[0] if failure else _("the database did not open in time."))
        window.close()
        return 1

    written = []
    for name in [view] if view else list(NAMES):
        window.show_view(name)
        _settle(app)
        shown = window.current_view()
        _filter_by_eligibility(shown)
        _wait_while_busy(shown)
        if shown is not None and hasattr(shown, "select_first"):
            shown.select_first()  # so the detail pane is filled
            _settle(app)
        target = out_dir / f"{name}.png"
        if not window.grab().save(str(target)):
            _say(_("cannot write to {path}: {reason}").format(path=target, reason="PNG"))
            window.close()
            return 1
        written.append(target)
    window.close()
    for target in written:
        print(target)
    return 0


def _settle(app: object) -> None:
    """Let layouts, deferred timers and repaints run before grabbing."""
    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

    for _round in range(3):
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        loop = QEventLoop()
        QTimer.singleShot(30, loop.quit)
        loop.exec()


def _filter_by_eligibility(view: object) -> None:
    """Choose the organization named by ``GRANTDESK_SHOOT_ELIGIBLE_FOR`` in the calls
    list and wait until its calls are judged."""
    from PySide6.QtCore import QDeadlineTimer, QEventLoop, QTimer

    chosen = os.environ.get("GRANTDESK_SHOOT_ELIGIBLE_FOR", "").strip()
    bar = getattr(view, "eligibility", None)
    if not chosen.isdigit() or bar is None:
        return
    bar.toggle.setChecked(os.environ.get("GRANTDESK_SHOOT_SHOW_EXCLUDED") == "1")
    bar.choose(int(chosen))
    deadline = QDeadlineTimer(OPEN_TIMEOUT_MS)
    while bar.busy_judging and not deadline.hasExpired():
        loop = QEventLoop()
        QTimer.singleShot(20, loop.quit)
        loop.exec()


def _wait_while_busy(view: object) -> None:
    """Wait until a view that reads in the background (``busy``, e.g. the Board with its
    cards and their rule checks) has everything on screen."""
    from PySide6.QtCore import QDeadlineTimer, QEventLoop, QTimer

    deadline = QDeadlineTimer(OPEN_TIMEOUT_MS)
    while getattr(view, "busy", False) and not deadline.hasExpired():
        loop = QEventLoop()
        QTimer.singleShot(20, loop.quit)
        loop.exec()
