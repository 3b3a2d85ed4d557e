"""Problems found in an import file (kept here for the call importers' imports).

The classes live in :mod:`grantdesk.imports.errors`, shared with the other importers.
"""

from __future__ import annotations

from grantdesk.imports.errors import ImportProblem, ImportRejected, Problems, whole_file

__all__ = ["ImportProblem", "ImportRejected", "Problems", "whole_file"]
