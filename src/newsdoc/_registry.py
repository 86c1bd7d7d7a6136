"""The one rule of the registries of formats, dialects and exports.

A name is a non-empty str of printable characters.  Registering a value
under a name that another value has raises :class:`NameTakenError` unless
``replace=True`` is passed; registering an equal value again changes
nothing.  Looking up a name that nothing has raises the registry's own
``LookupError``, which lists the names there are.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from newsdoc._errors import FieldTypeError, NewsdocError, ValidationError, bounded_repr

__all__ = ["NameTakenError", "check_free", "checked_name", "look_up"]

_V = TypeVar("_V")


class NameTakenError(ValidationError):
    """A name is registered already, to another value, and ``replace=True`` was not passed."""

    __module__ = "newsdoc"


def checked_name(name: object, kind: str) -> str:
    """``name``, once it can name a ``kind`` (``"format"``, ``"dialect"``, ``"export"``).

    :raises FieldTypeError: when ``name`` is not a str.
    :raises ValidationError: when it is empty, or holds a character that is
        not printable.
    """
    if not isinstance(name, str):
        raise FieldTypeError(f"{_a(kind)}'s name is a str, got {type(name).__name__}")
    if not name or not name.isprintable():
        raise ValidationError(
            f"{_a(kind)}'s name is non-empty, printable text, got {bounded_repr(name, 40)}"
        )
    return name


def check_free(
    registry: Mapping[str, _V],
    name: str,
    value: _V,
    *,
    replace: bool,
    kind: str,
    taken: type[NameTakenError] = NameTakenError,
) -> None:
    """Refuse to register ``value`` as ``name`` where another value has that name.

    :raises FieldTypeError: when ``replace`` is not a bool.
    :raises NameTakenError: (or ``taken``) when ``name`` holds a value other
        than ``value`` and ``replace`` is false.
    """
    if not isinstance(replace, bool):
        raise FieldTypeError(f"replace must be a bool, got {type(replace).__name__}")
    known = registry.get(name)
    if replace or known is None or known is value or known == value:
        return
    raise taken(
        f"{_a(kind)} named {bounded_repr(name, 40)} is registered already; pass replace=True "
        f"to replace it (the {kind}s are: {', '.join(sorted(registry))})"
    )


def look_up(
    registry: Mapping[str, _V], name: object, kind: str, unknown: type[NewsdocError]
) -> _V:
    """The value registered as ``name``.

    :raises FieldTypeError: when ``name`` is not a str, naming the registered names.
    :raises unknown: (a ``LookupError``) naming the registered names, when
        nothing has that name.
    """
    found = registry.get(name) if isinstance(name, str) else None
    if found is not None:
        return found
    known = f"the {kind}s are: {', '.join(sorted(registry))}"
    if not isinstance(name, str):
        raise FieldTypeError(f"{_a(kind)}'s name is a str, got {type(name).__name__}; {known}")
    raise unknown(f"no {kind} is named {bounded_repr(name, 40)}; {known}")


def _a(kind: str) -> str:
    """``kind`` with its indefinite article: "a format", "an export"."""
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"
