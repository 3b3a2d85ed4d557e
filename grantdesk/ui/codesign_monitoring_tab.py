"""The co-design editor's “Monitoring” tab: indicators, their measurements and a chart.

Above, the indicators with baseline, target, latest value and progress toward the target.
Below, the selected indicator's measurements (date, value, note) beside a line chart of
them over time with the baseline and the target (:mod:`grantdesk.ui.codesign_chart`).
Every change is an undoable command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QSplitter, QVBoxLayout, QWidget

from grantdesk.i18n import _
from grantdesk.services.codesign_parts import show_number
from grantdesk.services.codesign_reading import CodesignOverview, IndicatorRow
from grantdesk.services.present import show
from grantdesk.ui import icons
from grantdesk.ui.codesign_tabs import confirm_delete
from grantdesk.ui.codesign_widgets import MUTED, POSITIVE, Row, TablePane, hint_label

if TYPE_CHECKING:
    from grantdesk.ui.codesign_editor import CodesignEditorDialog


class MonitoringTab(QWidget):
    """Indicators with baseline and target, measurements over time, and their chart."""

    def __init__(self, editor: CodesignEditorDialog) -> None:
        super().__init__()
        from grantdesk.ui.codesign_chart import IndicatorChart

        self.editor = editor
        self.indicators: list[IndicatorRow] = []
        column = QVBoxLayout(self)
        column.setContentsMargins(16, 12, 16, 8)
        column.setSpacing(8)
        column.addWidget(
            hint_label(
                _(
                    "What the process measures, from where to where, and the measurements "
                    "over time — e.g. the citizens who received a service through the "
                    "network after three months."
                )
            )
        )
        self.pane = TablePane(
            (_("Indicator"), _("Unit"), _("Baseline"), _("Target"), _("Latest"), _("Progress")),
            0,
            "IndicatorsTable",
            right=(2, 3, 4, 5),
        )
        self.pane.set_empty_texts(
            _("No indicators yet"),
            _("Add what the process will measure, with its baseline and target."),
        )
        p = self.pane
        self.new_button = p.add_button(_("New indicator"), "", icons.icon("new"))
        self.edit_button = p.add_button(_("Edit"), _("Edit the selected indicator (Enter)"))
        self.delete_button = p.add_button(_("Delete"))
        p.finish_buttons()
        self.measurements = TablePane(
            (_("Date"), _("Value"), _("Note")), 2, "MeasurementsTable", right=(1,)
        )
        self.measurements.set_empty_texts(
            _("No measurements yet"), _("Add the values measured, each with its date.")
        )
        m = self.measurements
        self.add_measurement_button = m.add_button(_("Add measurement"), "", icons.icon("new"))
        self.edit_measurement_button = m.add_button(_("Edit"))
        self.delete_measurement_button = m.add_button(_("Delete"))
        m.finish_buttons()
        self.chart = IndicatorChart()
        self.details_pane = lower = QSplitter(Qt.Orientation.Horizontal)
        lower.setChildrenCollapsible(False)
        lower.addWidget(m)
        lower.addWidget(self.chart)
        lower.setStretchFactor(0, 2)
        lower.setStretchFactor(1, 3)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(p)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        column.addWidget(splitter, 1)
        self.new_button.clicked.connect(self.new_indicator)
        self.edit_button.clicked.connect(self.edit_indicator)
        self.delete_button.clicked.connect(self.delete_indicator)
        p.activated.connect(lambda _key: self.edit_indicator())
        p.table.selectionModel().currentRowChanged.connect(lambda *_a: self._indicator_chosen())
        self.add_measurement_button.clicked.connect(self.new_measurement)
        self.edit_measurement_button.clicked.connect(self.edit_measurement)
        self.delete_measurement_button.clicked.connect(self.delete_measurement)
        m.activated.connect(lambda _key: self.edit_measurement())
        m.table.selectionModel().currentRowChanged.connect(lambda *_a: self._buttons())

    def set_overview(self, overview: CodesignOverview) -> None:
        self.indicators = list(overview.indicators)
        rows = []
        for i in self.indicators:
            progress = show(i.progress, "percent") if i.progress is not None else "—"
            rows.append(
                Row(
                    i.id,
                    (
                        i.name,
                        i.unit,
                        show_number(i.baseline) or "—",
                        show_number(i.target) or "—",
                        show_number(i.latest) or "—",
                        progress,
                    ),
                    i.version,
                    colours=(
                        None,
                        MUTED,
                        MUTED,
                        MUTED,
                        None,
                        POSITIVE if i.progress is not None and i.progress >= 100 else None,
                    ),
                    payload=i,
                )
            )
        self.pane.set_rows(rows)
        self.details_pane.setVisible(bool(rows))  # measurements and chart need an indicator
        self._indicator_chosen()

    def current_indicator(self) -> IndicatorRow | None:
        row = self.pane.current()
        return row.payload if row is not None else None

    def _indicator_chosen(self) -> None:
        indicator = self.current_indicator()
        self.measurements.set_rows(
            [
                Row(
                    m.id,
                    (show(m.measured_on), show_number(m.value), m.note),
                    m.version,
                    colours=(None, None, MUTED),
                )
                for m in reversed(indicator.measurements)
            ]
            if indicator is not None
            else []
        )
        if indicator is None:
            self.measurements.empty.show_state(
                "empty", _("No indicator chosen"), _("Choose an indicator above.")
            )
        self.chart.show_indicator(indicator)
        self._buttons()

    def _buttons(self) -> None:
        chosen = self.current_indicator() is not None
        measured = self.measurements.current() is not None
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)
        self.add_measurement_button.setEnabled(chosen)
        self.edit_measurement_button.setEnabled(chosen and measured)
        self.delete_measurement_button.setEnabled(chosen and measured)

    # -- indicators ----------------------------------------------------------------------

    def new_indicator(self) -> None:
        from grantdesk.ui.codesign_commands import CreateRowCommand
        from grantdesk.ui.codesign_dialogs import IndicatorDialog

        dialog = IndicatorDialog(None, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.editor.push(
                CreateRowCommand(
                    self.editor.context,
                    "indicator",
                    self.editor.process_id,
                    dialog.form(),
                    self.editor.command_failed,
                )
            )

    def edit_indicator(self) -> None:
        from grantdesk.services.codesign_monitoring import load_indicator
        from grantdesk.ui.codesign_dialogs import IndicatorDialog

        indicator = self.current_indicator()
        if indicator is not None:
            self._edit(
                "indicator", indicator.id, load_indicator, lambda f: IndicatorDialog(f, self)
            )

    def delete_indicator(self) -> None:
        indicator = self.current_indicator()
        if indicator is None:
            return
        text = _("Delete the indicator “{name}” with its {n} measurements?").format(
            name=indicator.name, n=len(indicator.measurements)
        )
        if confirm_delete(self, _("Delete indicator"), text):
            self._delete("indicator", self.editor.process_id, indicator.id, indicator.version)

    # -- measurements --------------------------------------------------------------------

    def new_measurement(self) -> None:
        from grantdesk.ui.codesign_commands import CreateRowCommand
        from grantdesk.ui.codesign_dialogs import MeasurementDialog

        indicator = self.current_indicator()
        if indicator is None:
            return
        dialog = MeasurementDialog(indicator.name, None, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.editor.push(
                CreateRowCommand(
                    self.editor.context,
                    "measurement",
                    indicator.id,
                    dialog.form(),
                    self.editor.command_failed,
                )
            )

    def edit_measurement(self) -> None:
        from grantdesk.services.codesign_monitoring import load_measurement
        from grantdesk.ui.codesign_dialogs import MeasurementDialog

        indicator, key = self.current_indicator(), self.measurements.current_key()
        if indicator is not None and key is not None:
            self._edit(
                "measurement",
                key,
                load_measurement,
                lambda f: MeasurementDialog(indicator.name, f, self),
            )

    def delete_measurement(self) -> None:
        indicator, row = self.current_indicator(), self.measurements.current()
        if indicator is None or row is None:
            return
        text = _("Delete the measurement of {date}?").format(date=row.cells[0])
        if confirm_delete(self, _("Delete measurement"), text):
            self._delete("measurement", indicator.id, row.key, row.version)

    # -- shared --------------------------------------------------------------------------

    def _edit(self, entity: str, key: int, load: Any, make: Any) -> None:
        from grantdesk.ui.codesign_commands import EditRowCommand

        loaded = self.editor.load(load, key)
        if loaded is None:
            return
        old, version = loaded
        dialog = make(old)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.form() != old:
            self.editor.push(
                EditRowCommand(
                    self.editor.context,
                    entity,
                    key,
                    old,
                    dialog.form(),
                    version,
                    self.editor.command_failed,
                )
            )

    def _delete(self, entity: str, parent: int, key: int, version: int) -> None:
        from grantdesk.ui.codesign_commands import DeleteRowCommand

        self.editor.push(
            DeleteRowCommand(
                self.editor.context, entity, parent, key, version, self.editor.command_failed
            )
        )
