"""What the builders of the small example data share: the session, the anchor date, registries.

Every relative date is computed from ``today``; every random choice comes from a
``random.Random`` seeded with a fixed string, so the same ``today`` gives the same data.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy.orm import Session

from grantdesk.db.models import (
    Call,
    CoDesignProcess,
    Funder,
    Organization,
    Person,
    Proposal,
    Theme,
)
from grantdesk.db.models.base import Versioned
from grantdesk.domain.dates import rome_to_utc

SEED = "grantdesk-demo-1"

# The two people of the coordination office who own most deadlines and tasks.
GIULIA = "Giulia Ferraris"
MARCO = "Marco Bellini"


def seeded(name: str) -> random.Random:
    """A generator of its own for each builder: editing one never shifts another's data."""
    return random.Random(f"{SEED}:{name}")


@dataclass
class Progress:
    """Reports ``done`` out of ``total`` steps to an optional callback."""

    total: int
    callback: Callable[[int, int], None] | None = None
    done: int = 0

    def advance(self, steps: int = 1) -> None:
        self.done = min(self.total, self.done + steps)
        if self.callback is not None:
            self.callback(self.done, self.total)

    def finish(self) -> None:
        self.done = self.total
        if self.callback is not None:
            self.callback(self.total, self.total)


@dataclass
class DemoContext:
    """The session being filled, the anchor date and the records later builders refer to."""

    session: Session
    today: date
    themes: dict[str, Theme] = field(default_factory=dict)
    funders: dict[str, Funder] = field(default_factory=dict)
    orgs: dict[str, Organization] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    calls: dict[str, Call] = field(default_factory=dict)
    proposals: dict[str, Proposal] = field(default_factory=dict)
    processes: dict[str, CoDesignProcess] = field(default_factory=dict)

    @property
    def stamp(self) -> datetime:
        """When the example records say they were written: 08:00 in Rome on ``today``."""
        return rome_to_utc(self.today, time(8, 0))

    def day(self, offset: int) -> date:
        """The date *offset* days from today (negative: in the past)."""
        return self.today + timedelta(days=offset)

    def due(self, offset: int, at: time = time(12, 0)) -> datetime:
        """A deadline *offset* days from today at a Rome wall-clock time ("entro le ore 12:00")."""
        return rome_to_utc(self.day(offset), at)

    def month_start(self, months: int) -> date:
        """The first day of the month *months* away from today's month."""
        index = self.today.year * 12 + self.today.month - 1 + months
        return date(index // 12, index % 12 + 1, 1)

    def theme_list(self, *names: str) -> list[Theme]:
        return [self.themes[n] for n in names]

    def add(self, *objects: object) -> None:
        self.session.add_all(objects)

    def flush(self) -> None:
        """Give new records fixed timestamps (not the clock) and write them, assigning ids."""
        stamp = self.stamp
        for obj in self.session.new:
            if isinstance(obj, Versioned):
                obj.created_at = stamp
                obj.updated_at = stamp
        self.session.flush()
