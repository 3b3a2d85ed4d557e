"""Use cases over the database: one function = one transaction; plain dataclasses out."""
