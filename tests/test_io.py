"""Files: bytes in, bytes out, UTF-8 and nothing translated."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import newsdoc

PAGE = "Storm closes ports\r\n4 Feb\r\n\r\nWinds reached 120 km/h.\n"


def test_load_reads_a_path_without_translating_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes(PAGE.encode("utf-8"))
    assert newsdoc.load(path) == newsdoc.loads(PAGE)
    assert newsdoc.load(str(path)) == newsdoc.loads(PAGE)


def test_dump_writes_exactly_the_text_of_dumps_as_utf8(tmp_path: Path) -> None:
    article = newsdoc.loads(PAGE + "\u00e9t\u00e9 \U0001f30a")
    path = tmp_path / "out.txt"
    newsdoc.dump(article, path)
    assert path.read_bytes() == newsdoc.dumps(article).encode("utf-8")


def test_load_refuses_a_text_mode_file(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text("Storm closes ports", encoding="utf-8")
    with path.open(encoding="utf-8") as file, pytest.raises(newsdoc.FieldTypeError, match="'rb'"):
        newsdoc.load(file)  # type: ignore[arg-type]


def test_invalid_utf8_names_the_byte_offset() -> None:
    data = "Storm closes ports\n4 F\u00e9b".encode() + b"\xff rest"
    with pytest.raises(newsdoc.ParseError) as caught:
        newsdoc.load(io.BytesIO(data))
    error = caught.value
    assert error.code == "invalid-utf8"
    assert (error.line, error.column) == (2, 6)
    assert f"byte offset {len(data) - 6}" in error.message
    assert "0xff" in error.message


def test_a_bom_is_kept_and_written_back() -> None:
    data = b"\xef\xbb\xbfStorm closes ports"
    article = newsdoc.load(io.BytesIO(data))
    assert article.title == "Storm closes ports"
    out = io.BytesIO()
    newsdoc.dump(article, out)
    assert out.getvalue() == data


def test_a_lone_surrogate_cannot_be_dumped_as_utf8() -> None:
    article = newsdoc.loads("Storm \udcff closes ports")
    with pytest.raises(newsdoc.SerializeError, match="offset 6"):
        newsdoc.dump(article, io.BytesIO())
