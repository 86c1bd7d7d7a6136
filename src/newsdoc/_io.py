"""Reading and writing pages in files: the only module that does I/O."""

from __future__ import annotations

import os
from typing import BinaryIO, Union

from newsdoc._errors import Defect, FieldTypeError, ParseError, SerializeError
from newsdoc._grammar import DEFAULT_DIALECT, Dialect
from newsdoc._model import Article
from newsdoc._parser import loads, split_lines
from newsdoc._serializer import dumps

__all__ = ["Source", "Target", "dump", "load", "read_bytes"]

Source = Union[str, "os.PathLike[str]", BinaryIO]
"""A path, or a file opened in binary mode."""
Target = Source


def read_bytes(source: Source) -> bytes:
    """All the bytes of a path or a binary file."""
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as file:
            return file.read()
    data = source.read()
    if not isinstance(data, bytes):
        raise FieldTypeError("the file must be opened in binary mode ('rb')")
    return data


def decode(data: bytes) -> str:
    """``data`` as UTF-8, BOM and line endings untouched.

    :raises ParseError: naming the byte offset of the first invalid byte.
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start].decode("utf-8")
        lines = split_lines(before)[0]
        defect = Defect(
            line=len(lines),
            column=len(lines[-1]) + 1,
            code="invalid-utf8",
            message=f"expected UTF-8, found the byte 0x{data[error.start]:02x} "
            f"at byte offset {error.start} ({error.reason})",
        )
        rest = data[error.start :].split(b"\n", 1)[0].decode("utf-8", "replace")
        raise ParseError(defect, lines[-1] + rest) from None


def load(source: Source, *, strict: bool = True, dialect: Dialect = DEFAULT_DIALECT) -> Article:
    """Read a page from a path or a binary file, as UTF-8.

    Line endings are kept as they are, so :func:`dump` writes the same bytes
    back.

    :raises ParseError: when the bytes are not UTF-8, or (in strict mode)
        the page departs from the grammar.
    """
    return loads(decode(read_bytes(source)), strict=strict, dialect=dialect)


def dump(article: Article, target: Target, *, dialect: Dialect = DEFAULT_DIALECT) -> None:
    """Write ``article`` to a path or a binary file, exactly :func:`dumps`'s text as UTF-8.

    :raises SerializeError: when the article cannot be written unambiguously,
        or holds a character UTF-8 cannot encode (a lone surrogate).
    """
    text = dumps(article, dialect=dialect)
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise SerializeError(
            [f"the character {text[error.start]!r} at offset {error.start} is not valid UTF-8"]
        ) from None
    if isinstance(target, (str, os.PathLike)):
        with open(target, "wb") as file:
            file.write(data)
    else:
        target.write(data)
