"""The exception hierarchy and the defect record shared by every module."""

from __future__ import annotations

import copyreg
import os
import reprlib
import sys
import unicodedata
from collections.abc import Iterable
from typing import Any, ClassVar

import attrs

from newsdoc._pickling import ByPublicName, builder

__all__ = [
    "Defect",
    "FieldTypeError",
    "NewsdocError",
    "ParseError",
    "ProblemsError",
    "ReadError",
    "SerializeError",
    "ValidationError",
    "WriteError",
    "bounded_repr",
    "new_defect",
    "stacklevel_outside",
]


class NewsdocError(Exception):
    """Base class of every exception newsdoc raises on purpose.

    Every one pickles with its message and attributes intact, so it crosses
    process boundaries (``multiprocessing``, ``ProcessPoolExecutor``).
    """

    # Tracebacks and pickles name the package that exports the class, not
    # the private module that defines it (so too for the other public errors).
    __module__ = "newsdoc"

    def __reduce__(self) -> str | tuple[Any, ...]:
        # An exception pickles by calling its class with ``args`` again: wrong
        # wherever ``__init__`` takes other arguments than the message it
        # passes on.  Rebuilt from its state instead, as any other object is,
        # the constructor's checks and formatting do not run twice; and by
        # copyreg's __newobj__, so that the pickle names no private module.
        newobj = copyreg.__newobj__  # type: ignore[attr-defined]  # absent from typeshed
        return (newobj, (type(self), *self.args), self.__dict__)


class ValidationError(NewsdocError, ValueError):
    """A value given to a newsdoc type breaks one of its rules."""

    __module__ = "newsdoc"


class FieldTypeError(NewsdocError, TypeError):
    """A value given to a newsdoc type has the wrong Python type."""

    __module__ = "newsdoc"


class ProblemsError(NewsdocError, ValueError):
    """Something is refused for one or more reasons, all reported at once.

    ``problems`` lists every reason, each a complete sentence; the message is
    the class's ``prefix`` followed by all of them.
    """

    prefix: ClassVar[str] = "refused"

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = tuple(problems)
        super().__init__(f"{self.prefix}: " + "; ".join(self.problems))


class SerializeError(ProblemsError):
    """An article cannot be written so that it reads back as itself.

    ``problems`` lists every reason, each a complete sentence.
    """

    __module__ = "newsdoc"

    prefix = "cannot write this article unambiguously"


class _FileError(NewsdocError, OSError):
    # Built as OSError is, ``(errno, strerror, filename)``, so ``errno``,
    # ``strerror`` and ``filename`` mean what they mean on any OSError.
    _verb: ClassVar[str]

    def __str__(self) -> str:
        where = "the file" if self.filename is None else repr(self.filename)
        reason = super().__str__() if self.strerror is None else self.strerror
        return f"cannot {self._verb} {where}: {reason}"

    def __reduce__(self) -> str | tuple[Any, ...]:
        # errno, strerror and filename live outside ``__dict__``; OSError's
        # own pickling passes them back to the constructor.
        return OSError.__reduce__(self)


class ReadError(_FileError):
    """A page cannot be read from a path or a file.

    The path cannot be opened, names something other than a regular file
    (a FIFO, a device, a directory), or holds more bytes than allowed.  An
    ``OSError``, so ``except OSError`` still catches it: ``filename`` is the
    path, ``errno`` the operating system's error number (``errno.EFBIG`` when
    the file is too large, None when the OS reported nothing) and
    ``__cause__`` the OS's own exception.
    """

    __module__ = "newsdoc"

    _verb = "read"


class WriteError(_FileError):
    """A page cannot be written to a path or a file.

    An ``OSError``, with ``filename``, ``errno`` and ``__cause__`` as on
    :class:`ReadError`.
    """

    __module__ = "newsdoc"

    _verb = "write"


# Each container shows its first few items, nested ones to a few levels, and
# strings and other values up to a length well past any width asked for.
class _BoundedRepr(reprlib.Repr):
    def repr_int(self, x: int, level: int) -> str:
        # str() refuses an int of more than 4300 digits.
        if x.bit_length() > 4000:
            return f"<an int of about {int(x.bit_length() * 0.30103)} digits>"
        return super().repr_int(x, level)


_REPR = _BoundedRepr()
_REPR.maxstring = _REPR.maxother = 200


def bounded_repr(value: object, width: int) -> str:
    """``repr(value)`` cut to ``width`` characters, for a message about a value a caller passed.

    Never raises, and costs little whatever ``value`` is: the built-in
    ``repr`` raises RecursionError for a deeply nested list and ValueError
    for an int of more than 4300 digits, and writes out the whole of a huge
    container before ``{value!r:.60}`` cuts it.
    """
    try:
        text = _REPR.repr(value)
    except Exception:  # a __repr__ that raises
        text = object.__repr__(value)
    return text[:width]


@attrs.frozen(kw_only=True)
class Defect(ByPublicName):
    """One place where a page departs from the grammar.

    ``line`` and ``column`` are 1-based and count characters (code points),
    not bytes; ``code`` is a stable, machine-readable name such as
    ``"summary-without-points"``.
    """

    line: int
    column: int
    code: str
    message: str


new_defect = builder(Defect)
"""The constructor of the readers' defects, which are made of valid parts."""


class ParseError(NewsdocError, ValueError):
    """A page does not follow the grammar (or is not valid UTF-8).

    Carries the 1-based ``line`` and ``column`` of the problem, a stable
    ``code``, a ``message`` naming what was expected and what was found, and
    ``snippet``: the offending line with a caret under the column.  The
    snippet shows at most 80 characters of the line around the column, with
    an ellipsis where it is cut, and writes what a terminal would act on
    (control characters, bidirectional overrides, lone surrogates) as
    ``repr`` escapes.
    """

    __module__ = "newsdoc"

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


_SNIPPET_WIDTH = 80
"""The most characters of the line a snippet shows, escapes and ellipses included."""
_ELLIPSIS = "\u2026"


def _caret_snippet(line: int, column: int, source_line: str) -> str:
    shown, caret = _window(source_line, column - 1)
    gutter = f"{line:>4} | "
    return f"{gutter}{shown}\n{' ' * (len(gutter) - 2)}| {' ' * caret}^"


def _window(text: str, index: int) -> tuple[str, int]:
    """Part of ``text`` around ``index``, terminal-safe, and the screen column of ``index`` in it.

    At most ``_SNIPPET_WIDTH`` characters are shown, as evenly on both sides
    as the line allows, with an ellipsis where the line is cut.
    """
    index = max(0, min(index, len(text)))
    start, end = index, min(index + 1, len(text))
    room = _SNIPPET_WIDTH - 2 * len(_ELLIPSIS) - len(_escaped(text[start:end]))
    grew = True
    while grew:
        grew = False
        if start > 0 and len(_escaped(text[start - 1])) <= room:
            start -= 1
            room -= len(_escaped(text[start]))
            grew = True
        if end < len(text) and len(_escaped(text[end])) <= room:
            room -= len(_escaped(text[end]))
            end += 1
            grew = True
    before = (_ELLIPSIS if start > 0 else "") + _escaped(text[start:index])
    after = _escaped(text[index:end]) + (_ELLIPSIS if end < len(text) else "")
    return before + after, _screen_width(before)


def _escaped(text: str) -> str:
    # What a terminal would act on or not show (controls, escape sequences,
    # bidirectional overrides, line separators, lone surrogates, unusual
    # spaces) is written as ``repr`` writes it.
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _screen_width(text: str) -> int:
    # Wide East Asian characters take two columns, combining marks none:
    # the caret stays under its character in a terminal.
    return sum(
        0
        if unicodedata.category(c) in ("Mn", "Me")
        else 2
        if unicodedata.east_asian_width(c) in ("W", "F")
        else 1
        for c in text
    )


_PACKAGE = os.path.dirname(os.path.abspath(__file__)) + os.sep


def stacklevel_outside() -> int:
    """The ``stacklevel`` that points its caller's warning at the first frame outside newsdoc.

    However many of newsdoc's functions lie between the user's call and the
    warning, the user sees their own line.
    """
    level, frame = 1, sys._getframe(1)
    while frame.f_back is not None and frame.f_code.co_filename.startswith(_PACKAGE):
        level += 1
        frame = frame.f_back
    return level
