"""Data files installed with GrantDesk (translations, icons); no code lives here."""
