"""File formats out: PDF (reportlab), XLSX, ICS."""
