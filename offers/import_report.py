"""What an offer import reports: its counts and every problem, by line and column."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str

    def __str__(self):
        where = {"line": self.line, "column": self.column, "message": self.message}
        if self.column:
            return _("linje %(line)s, kolonne %(column)s: %(message)s") % where
        return _("linje %(line)s: %(message)s") % where


class RowInvalid(Exception):
    """A row that cannot be written, with every problem found in it."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    errors: list[RowError] = field(default_factory=list)
    #: What is imported but looks wrong (an age range that no target group shares).
    warnings: list[RowError] = field(default_factory=list)
    municipalities_created: list[str] = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors

    def summary(self):
        return _(
            "Oprettet: %(created)s, opdateret: %(updated)s, uændret: %(unchanged)s, "
            "fejlet: %(failed)s"
        ) % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "failed": self.failed,
        }

    @classmethod
    def fatal(cls, line, column, message):
        """A result with one error that stops the whole import (an unreadable file)."""
        result = cls()
        result.errors.append(RowError(line, column, message))
        return result
