"""The exception hierarchy and the defect record shared by every module."""

from __future__ import annotations

import attrs

__all__ = [
    "Defect",
    "FieldTypeError",
    "NewsdocError",
    "ParseError",
    "SerializeError",
    "ValidationError",
]


class NewsdocError(Exception):
    """Base class of every exception newsdoc raises on purpose."""


class ValidationError(NewsdocError, ValueError):
    """A value given to a newsdoc type breaks one of its rules."""


class FieldTypeError(NewsdocError, TypeError):
    """A value given to a newsdoc type has the wrong Python type."""


class SerializeError(NewsdocError, ValueError):
    """An article cannot be written so that it reads back as itself.

    ``problems`` lists every reason, each a complete sentence.
    """

    def __init__(self, problems: list[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("cannot write this article unambiguously: " + "; ".join(problems))


@attrs.frozen(kw_only=True)
class Defect:
    """One place where a page departs from the grammar.

    ``line`` and ``column`` are 1-based and count characters (code points),
    not bytes; ``code`` is a stable, machine-readable name such as
    ``"summary-without-points"``.
    """

    line: int
    column: int
    code: str
    message: str


class ParseError(NewsdocError, ValueError):
    """A page does not follow the grammar (or is not valid UTF-8).

    Carries the 1-based ``line`` and ``column`` of the problem, a stable
    ``code``, a ``message`` naming what was expected and what was found, and
    ``snippet``: the offending line with a caret under the column.
    """

    def __init__(self, defect: Defect, source_line: str) -> None:
        self.line = defect.line
        self.column = defect.column
        self.code = defect.code
        self.message = defect.message
        self.snippet = _caret_snippet(defect.line, defect.column, source_line)
        super().__init__(
            f"line {defect.line}, column {defect.column}: {defect.message} [{defect.code}]"
            f"\n{self.snippet}"
        )

    @property
    def defect(self) -> Defect:
        """The same problem as a plain record."""
        return Defect(line=self.line, column=self.column, code=self.code, message=self.message)


def _caret_snippet(line: int, column: int, source_line: str) -> str:
    gutter = f"{line:>4} | "
    shown = source_line.replace("\t", " ")
    return f"{gutter}{shown}\n{' ' * (len(gutter) - 2)}| {' ' * (column - 1)}^"
