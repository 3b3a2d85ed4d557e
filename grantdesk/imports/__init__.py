"""File formats in: CSV/XLSX/JSON importers of calls and organizations."""
