"""Pure domain: money, dates, vocabularies and rules. No Qt, no database session."""
