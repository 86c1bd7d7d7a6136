"""How newsdoc's values pickle: by the name the package exports their type under.

A value pickles as the call ``newsdoc._unpickled(name, version, fields)``.
``name`` is the type's public name (``"Article"``), looked up on the
``newsdoc`` package when the pickle is loaded, so that no move of a type
between private modules breaks a stored pickle.  ``fields`` holds each
field the type's constructor takes, by the name it takes it by, so that a
pickle made before a field was added loads with that field's default.
``version`` says how the fields are to be read, should their meaning ever
change; a field added with a default changes nothing.

Unpickling trusts the pickle, as pickle itself must (a pickle can run any
code): the fields are set as they were pickled, without the constructors'
checks, which for an article would write and read its page again.  What a
type derives from its fields is derived again.  :func:`builder` makes
constructors that skip the checks the same way, for readers that have
checked what they read already.
"""

from __future__ import annotations

import pickle
import sys
from collections.abc import Callable
from typing import Any, NamedTuple, SupportsIndex, TypeVar

import attrs

__all__ = ["ByPublicName", "builder", "fields_of", "rebuilt"]

_VERSION = 1
"""How the fields of a pickle are read: the version this newsdoc writes and reads."""

_T = TypeVar("_T")
_B = TypeVar("_B", bound="ByPublicName")


class _Field(NamedTuple):
    name: str
    """The name the constructor takes the field by."""
    slot: str
    setter: Callable[[object, object], None]
    """The slot's own setter, which a frozen class's ``__setattr__`` does not stop."""
    default: object


_FIELDS: dict[type, tuple[_Field, ...]] = {}


def _init_fields(cls: type) -> tuple[_Field, ...]:
    """Each field the constructor of the slotted attrs class ``cls`` takes."""
    found = _FIELDS.get(cls)
    if found is None:
        found = _FIELDS[cls] = tuple(
            _Field(
                field.alias or field.name,
                field.name,
                getattr(cls, field.name).__set__,
                field.default,
            )
            for field in attrs.fields(cls)
            if field.init
        )
    return found


def fields_of(value: object) -> dict[str, Any]:
    """Each field the constructor of ``value``'s attrs class takes, by its name there."""
    return {field.name: getattr(value, field.slot) for field in _init_fields(type(value))}


def rebuilt(cls: type[_T], fields: dict[str, Any]) -> _T:
    """A ``cls`` holding ``fields`` (as :func:`fields_of` gives them), unchecked.

    A field missing from ``fields`` takes its default.
    """
    value = object.__new__(cls)
    for name, _, set_slot, default in _init_fields(cls):
        item = fields.get(name, default)
        if item is attrs.NOTHING:
            raise pickle.UnpicklingError(f"the pickled {cls.__name__} has no {name}")
        set_slot(value, item)
    return value


def builder(cls: type[_T]) -> Callable[..., _T]:
    """A constructor for values already known to be valid: no checks, no conversions.

    It takes every field of ``cls`` by keyword, by the name the checked
    ``__init__`` takes it by, and sets the slots directly: three to four
    times as fast as ``__init__``.  Keywords only, so that a call cannot
    give a field another's value by its place.  Like attrs' own
    ``__init__``, its source is generated per class, so that no loop runs
    per call.
    """
    fields = _init_fields(cls)
    namespace: dict[str, Any] = {"new": object.__new__, "cls": cls}
    lines = [f"def build(*, {', '.join(field.name for field in fields)}):", "    self = new(cls)"]
    for number, field in enumerate(fields):
        namespace[f"set_{number}"] = field.setter
        lines.append(f"    set_{number}(self, {field.name})")
    lines.append("    return self")
    exec("\n".join(lines), namespace)  # the source is built from field names
    build: Callable[..., _T] = namespace["build"]
    return build


class ByPublicName:
    """The base of the attrs types newsdoc exports: each pickles by its public name.

    A type overrides :meth:`_pickled_fields` and :meth:`_from_pickled_fields`
    where a field is pickled otherwise than it is held, or a value derived.
    """

    __slots__ = ()

    def __reduce_ex__(self, protocol: SupportsIndex) -> str | tuple[Any, ...]:
        cls = type(self)
        if getattr(sys.modules["newsdoc"], cls.__name__, None) is not cls:
            # A caller's subclass is no type of newsdoc's: pickled as any class is.
            return super().__reduce_ex__(protocol)
        return (_unpickled, (cls.__name__, _VERSION, self._pickled_fields()))

    def _pickled_fields(self) -> dict[str, Any]:
        return fields_of(self)

    @classmethod
    def _from_pickled_fields(cls: type[_B], fields: dict[str, Any]) -> _B:
        return rebuilt(cls, fields)


def _unpickled(name: str, version: int, fields: dict[str, Any]) -> object:
    """The value a pickle holds, as :meth:`ByPublicName.__reduce_ex__` wrote it."""
    if version != _VERSION:
        raise pickle.UnpicklingError(
            f"the pickled {name} is of pickle version {version}; "
            f"this newsdoc reads version {_VERSION}"
        )
    cls = getattr(sys.modules["newsdoc"], name, None)
    if not (isinstance(cls, type) and issubclass(cls, ByPublicName)):
        raise pickle.UnpicklingError(f"newsdoc exports no type named {name!r}")
    return cls._from_pickled_fields(fields)


# Pickles name the function by its place in the package, which no move
# between private modules changes; the package's __getattr__ finds it there.
_unpickled.__module__ = "newsdoc"
