"""The GUI's composition root: application, language, settings, window, database.

Start-up is ordered for speed: only PySide6 and light modules are imported before the
window is on screen; the database (and with it SQLAlchemy, ~0.4 s to import) is opened in
a background task after the first paint, and the views fill in when it is ready.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from grantdesk import APP_NAME, __version__
from grantdesk.ui import icons
from grantdesk.ui.context import AppContext
from grantdesk.ui.i18n import apply_language, preferred_language
from grantdesk.ui.main_window import MainWindow
from grantdesk.ui.settings import APPLICATION, ORGANIZATION, Settings

_IMPORTED_AT = time.perf_counter()
EXIT_AFTER_PAINT_ENV = "GRANTDESK_EXIT_AFTER_PAINT"
FIRST_PAINT_FALLBACK_MS = 500  # open the database even if the window is never painted


def seconds_since_process_start() -> float:
    """Seconds since this process started (from ``/proc``), else since this module loaded."""
    try:
        with open("/proc/self/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        with open("/proc/uptime", encoding="ascii") as uptime:
            now = float(uptime.read().split()[0])
        # Field 22 of stat, the start time in clock ticks after boot; 20th after the name.
        return now - int(fields[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return time.perf_counter() - _IMPORTED_AT


def create_application() -> QApplication:
    """The QApplication, styled: Fusion, 10 pt, GrantDesk's stylesheet and icon."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("grantdesk")
    app.setStyle("Fusion")
    font = QFont(app.font())
    font.setPointSizeF(10)
    app.setFont(font)
    app.setStyleSheet(icons.stylesheet())
    app.setWindowIcon(icons.app_icon())
    return app


def initial_location(location: str | None, settings: Settings) -> tuple[str | None, bool]:
    """Which database to open first, and whether it may be created.

    The one asked for (created if new); else the last one used, if it is still there;
    else the default file in the user's data folder (created on first start).
    """
    if location:
        return location, True
    last = settings.last_database
    if last and ("://" in last or os.path.exists(last)):
        return last, False
    return None, True


def build_window(
    location: str | None, *, interactive: bool = True, view: str | None = None
) -> MainWindow:
    """Create the application (if needed), the window and start opening the database.

    The database opens after the window's first paint, in a background task.
    """
    create_application()
    settings = Settings()
    apply_language(preferred_language(settings.language))
    window = MainWindow(AppContext(), settings, interactive=interactive)
    if view:
        window.show_view(view)
    target, create = initial_location(location, settings)
    started = False

    def start_opening() -> None:
        nonlocal started
        if not started:
            started = True
            window.open_database(target, create=create)

    window.first_painted.connect(start_opening)
    QTimer.singleShot(FIRST_PAINT_FALLBACK_MS, start_opening)
    return window


def run_gui(
    location: str | None,
    *,
    shoot_dir: Path | None = None,
    view: str | None = None,
    exit_after_paint: bool = False,
) -> int:
    """Run GrantDesk's window on *location* (a file, a URL, or None for the usual one).

    With *shoot_dir*, render the views to PNG files instead (see ``grantdesk.ui.shoot``).
    With *exit_after_paint* (or ``GRANTDESK_EXIT_AFTER_PAINT=1``), quit once the window
    has shown its first data and print ``first-paint <s> data-paint <s>``: seconds since
    the process started; ``GRANTDESK_EXIT_AFTER_PAINT=first`` quits at the first paint.
    """
    if shoot_dir is not None:
        from grantdesk.ui.shoot import main as shoot

        return shoot(location, shoot_dir, view)
    when = os.environ.get(EXIT_AFTER_PAINT_ENV, "")
    exit_at = "first" if when == "first" else "data" if exit_after_paint or when else None
    window = build_window(location, view=view)
    app = QApplication.instance()
    assert app is not None
    if exit_at is not None:
        _quit_after_paint(window, exit_at)
    window.show()
    code = app.exec()
    db = window.context.db
    if db is not None:
        db.close()
    return code


def _quit_after_paint(window: MainWindow, exit_at: str) -> None:
    """Measurement runs: quit at the first paint ("first") or once data is shown ("data")."""
    timings: dict[str, float] = {}

    def painted() -> None:
        timings["first"] = seconds_since_process_start()
        if exit_at == "first":
            print(f"first-paint {timings['first']:.3f}")
            sys.stdout.flush()
            os._exit(0)

    def data_shown() -> None:
        window.repaint()  # paint the rows now, then measure
        timings["data"] = seconds_since_process_start()
        print(f"first-paint {timings.get('first', 0.0):.3f} data-paint {timings['data']:.3f}")
        sys.stdout.flush()
        sys.stderr.flush()
        # A measurement run ends here: everything is read-only so far, and the interpreter's
        # teardown of SQLAlchemy and Qt (~0.3 s) is not start-up.
        os._exit(0)

    def failed(message: str, _location: str) -> None:
        print(f"{APP_NAME}: {message}", file=sys.stderr)
        QApplication.exit(1)

    window.first_painted.connect(painted)
    window.data_shown.connect(data_shown)
    window.opener.failed.connect(failed)
    window.interactive = False
