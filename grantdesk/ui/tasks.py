"""Long work off the GUI thread: run a function in the thread pool, report back on the GUI thread.

Modelled on Anki's ``CollectionOp``/``QueryOp`` and Picard's ``run_task``::

    task = Task(fn, *args)          # fn(*args, progress=Progress) -> result
    task.succeeded.connect(on_done)  # on_done(result), on the GUI thread
    task.failed.connect(on_error)    # on_error(exception), on the GUI thread
    task.progressed.connect(bar.setValue)
    task.start()

The function receives a ``Progress`` it may call to report ``(done, total)`` and check
``cancelled``; the window never freezes while it runs.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class Cancelled(Exception):
    """Raised inside a task's function when the user cancelled it."""


class Progress:
    """Handed to a task's function: report progress, learn whether to stop."""

    def __init__(self, emit: Callable[[int, int], None]) -> None:
        self._emit = emit
        self._cancel = threading.Event()

    def __call__(self, done: int, total: int) -> None:
        """Report *done* of *total*; raises ``Cancelled`` if the user cancelled."""
        if self._cancel.is_set():
            raise Cancelled
        self._emit(done, total)

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()


class Task(QObject):
    """A function run in ``QThreadPool.globalInstance()``.

    Signals:
        progressed(int, int): done and total, as reported by the function.
        succeeded(object): the function's result.
        failed(object): the exception it raised (``Cancelled`` when cancelled).
        finished(): after succeeded or failed.
    """

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()

    _running: set[Task] = set()  # keeps Python wrappers alive until the task ends

    def __init__(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        super().__init__()
        self._fn = fn
        self._args = args
        self._kwargs = kwargs
        self.progress = Progress(self.progressed.emit)
        self.finished.connect(self._release)

    def start(self) -> Task:
        """Queue the task; returns self for chaining."""
        Task._running.add(self)
        runnable = QRunnable.create(self._run)
        QThreadPool.globalInstance().start(runnable)
        return self

    def cancel(self) -> None:
        """Ask the function to stop at its next progress report."""
        self.progress.cancel()

    def _run(self) -> None:
        try:
            result = self._fn(*self._args, progress=self.progress, **self._kwargs)
        except BaseException as exc:  # every failure, even a bug, is reported to the GUI
            if not isinstance(exc, Cancelled):
                log.exception("background task failed")
            self.failed.emit(exc)
        else:
            self.succeeded.emit(result)
        finally:
            self.finished.emit()

    def _release(self) -> None:
        # Runs on the GUI thread (queued), after every receiver saw the result.
        Task._running.discard(self)
