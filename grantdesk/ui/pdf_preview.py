"""See a PDF before saving it: the pages in the window (QtPdf), then "Save…".

``PdfPreviewDialog`` shows a document built in memory (``BuiltDocument``) with
``QPdfDocument`` + ``QPdfView`` (from PySide6-Addons), every page one under the other,
fitted to the width. Nothing is written until the user picks a file. Where QtPdf is
missing (a trimmed installation), ``preview_available()`` is False and
``save_and_open`` saves first and opens the file in the desktop's PDF viewer instead.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QStandardPaths, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from grantdesk.domain.text import fold
from grantdesk.i18n import _, ngettext

if TYPE_CHECKING:
    from grantdesk.exports.pdf.templates import BuiltDocument

log = logging.getLogger(__name__)


def preview_available() -> bool:
    """True when QtPdf and QtPdfWidgets import (PySide6-Addons is installed)."""
    try:
        import PySide6.QtPdf
        import PySide6.QtPdfWidgets  # noqa: F401
    except ImportError:
        return False
    return True


def file_name(*words: str) -> str:
    """A file name from *words*: ``andamento-e-risultati-2026.pdf`` (no accents, no spaces)."""
    text = "-".join(w for w in words if w)
    slug = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    return f"{slug[:80].rstrip('-') or 'grantdesk'}.pdf"


def documents_folder() -> Path:
    """The user's Documents folder (their home when there is none)."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(location or os.path.expanduser("~"))


def write_error(exc: BaseException, path: Path) -> str:
    """One sentence about a PDF that could not be written."""
    reason = (exc.strerror if isinstance(exc, OSError) else None) or str(exc)
    return _("The PDF could not be written to {file}: {reason}.").format(
        file=path, reason=reason.rstrip(".").lower()
    )


class PdfPreviewDialog(QDialog):
    """A built PDF shown page by page, with Save… and Close.

    Signals:
        saved(str): the path the PDF was written to.
    """

    saved = Signal(str)

    def __init__(
        self,
        document: BuiltDocument,
        title: str,
        suggested_name: str,
        parent: QWidget | None = None,
    ) -> None:
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtPdfWidgets import QPdfView

        super().__init__(parent)
        self.setObjectName("PdfPreviewDialog")
        self.setWindowTitle(_("Preview: {title}").format(title=title))
        self.resize(860, 980)
        self.document = document
        self.suggested_name = suggested_name
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(document.data))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.pdf = QPdfDocument(self)
        self.pdf.load(self._buffer)
        self.view = QPdfView(self)
        self.view.setObjectName("PdfPreview")
        self.view.setDocument(self.pdf)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 10)
        layout.setSpacing(8)
        layout.addWidget(self.view, 1)
        bottom = QHBoxLayout()
        self.pages_label = QLabel(
            ngettext("{n} page", "{n} pages", document.pages).format(n=document.pages)
        )
        self.pages_label.setObjectName("PdfPreviewPages")
        self.pages_label.setStyleSheet("color: #5b6778;")
        bottom.addWidget(self.pages_label)
        bottom.addStretch(1)
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(
            _("Save…"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setObjectName("PdfPreviewSave")
        self.save_button.setDefault(True)
        self.buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)
        save = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        save.activated.connect(self.save)

    def page_count(self) -> int:
        """Pages QtPdf read from the document (0 if it could not read it)."""
        return int(self.pdf.pageCount())

    def choose_target(self) -> Path | None:
        """Ask where to save (tests replace this)."""
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            _("Save PDF"),
            str(documents_folder() / self.suggested_name),
            _("PDF documents (*.pdf)"),
        )
        if not chosen:
            return None
        path = Path(chosen)
        return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")

    def save(self) -> None:
        """Ask for a file, write the PDF there, and close."""
        path = self.choose_target()
        if path is None:
            return
        try:
            self.document.write(path)
        except OSError as exc:
            log.warning("writing %s failed: %s", path, exc)
            QMessageBox.warning(self, _("Save PDF"), write_error(exc, path))
            return
        self.saved.emit(str(path))
        self.accept()


def save_and_open(document: BuiltDocument, path: Path) -> bool:
    """Without QtPdf: write *document* to *path* and open it in the desktop's PDF viewer."""
    document.write(path)
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))
