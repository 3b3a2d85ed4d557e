"""Qt item models over the services (no widgets here)."""

from grantdesk.ui.models.list_model import (
    COLUMN_KIND_ROLE,
    PAGE_SIZE,
    RAW_VALUE_ROLE,
    RECORD_ID_ROLE,
    STATUS_CODE_ROLE,
    STATUS_COLOUR_ROLE,
    RecordListModel,
    status_colour,
)

__all__ = [
    "COLUMN_KIND_ROLE",
    "PAGE_SIZE",
    "RAW_VALUE_ROLE",
    "RECORD_ID_ROLE",
    "STATUS_CODE_ROLE",
    "STATUS_COLOUR_ROLE",
    "RecordListModel",
    "status_colour",
]
