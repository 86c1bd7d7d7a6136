"""The fuzz targets: each takes one input of bytes and checks newsdoc's whole contract on it.

A target is a function of bytes, which Atheris calls with its mutations of
the seeds, and a Hypothesis strategy of the same bytes, which the ``fuzz``
profile draws from where Atheris is not installed.  A target returns when
the contract holds and raises :class:`Finding` (or whatever escaped
newsdoc) when it does not.  It checks more than "no crash": texts write
back byte for byte, values read back equal, only newsdoc's errors escape,
and each position an error gives lies inside the text.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import pickle
import shutil
import signal
import sys
import tempfile
from collections.abc import Callable, Iterator
from datetime import date, datetime, timezone
from pathlib import Path
from typing import NamedTuple

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

import newsdoc
from newsdoc import strategies
from newsdoc._cli import main as command_line
from newsdoc.testing import BrokenPromise, _edited, _wild_texts, check_text

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"

settings.register_profile(
    "fuzz",
    max_examples=1_000,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    print_blob=True,
)


class Finding(AssertionError):
    """newsdoc broke its contract on an input."""


def require(holds: bool, what: str) -> None:
    if not holds:
        raise Finding(what)


def text_of(data: bytes) -> str:
    """The text of ``data`` as UTF-8, with each byte that is not kept as a lone surrogate:
    a ``str`` may hold anything, and newsdoc must take it."""
    return data.decode("utf-8", "surrogateescape")


def bytes_of(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


def inside(text: str, line: int, column: int) -> bool:
    """Whether ``line`` and ``column`` (1-based, as newsdoc gives them) lie inside ``text``."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return 1 <= line <= len(lines) and 1 <= column <= len(lines[line - 1]) + 1


# -- loads, in both modes and every registered dialect -------------------------------


def check_loads(data: bytes) -> None:
    text = text_of(data)
    for dialect in newsdoc.dialect_names():
        article = newsdoc.loads(text, strict=False, dialect=dialect)
        require(newsdoc.dumps(article) == text, f"lenient, {dialect}: not written back")
        for defect in article.defects:
            require(inside(text, defect.line, defect.column), f"{defect} outside the text")
        check_json_round_trip(article)
        require(pickle.loads(pickle.dumps(article)) == article, "pickle round trip")
        try:
            strict = newsdoc.loads(text, dialect=dialect)
        except newsdoc.ParseError as error:
            require(bool(article.defects), f"strict, {dialect}: refused a text read whole")
            first = article.defects[0]
            require(
                (error.line, error.column, error.code) == (first.line, first.column, first.code),
                f"strict, {dialect}: {error} is not the first defect, {first}",
            )
            require(pickle.loads(pickle.dumps(error)).line == error.line, "error pickles")
        else:
            require(strict == article, f"strict, {dialect}: another article than lenient")
            require(not article.defects, f"strict, {dialect}: accepted a text with defects")


# -- JSON documents and dicts ---------------------------------------------------------


def check_json(data: bytes) -> None:
    text = text_of(data)
    with contextlib.suppress(newsdoc.NewsdocError):
        check_article(newsdoc.from_json(text))
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        return
    with contextlib.suppress(newsdoc.NewsdocError):
        check_article(newsdoc.from_dict(document))


def check_article(article: newsdoc.Article) -> None:
    """An article that exists reads back as itself, from JSON and from its text."""
    check_json_round_trip(article)
    if article.format in ("page", *newsdoc.format_names()):
        text = newsdoc.dumps(article)
        back = newsdoc.loads(text, strict=False, format=article.format, dialect=article.dialect)
        require(back == article, "not read back as itself from its text")
    for name in newsdoc.export_names():
        with contextlib.suppress(newsdoc.SerializeError):
            require(isinstance(newsdoc.export(article, name), str), f"export {name}")


def check_json_round_trip(article: newsdoc.Article) -> None:
    """The article reads back from its JSON document and its dict, unless it holds a lone
    surrogate: a document is UTF-8, so the reader refuses one, naming it."""
    text = newsdoc.to_json(article)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        readers: list[Callable[[], object]] = [
            lambda: newsdoc.from_json(text),
            lambda: newsdoc.from_dict(json.loads(text)),
        ]
        for read in readers:
            try:
                read()
            except newsdoc.DocumentError as error:
                require("lone surrogate" in str(error), f"refused otherwise: {error}")
            else:
                raise Finding("a document holding a lone surrogate was read") from None
        return
    require(newsdoc.from_json(text) == article, "JSON round trip")
    require(newsdoc.from_dict(newsdoc.to_dict(article)) == article, "dict round trip")


# -- datelines ------------------------------------------------------------------------

REFERENCES = [None, date(2025, 8, 1), datetime(2025, 8, 1, 9, 30, tzinfo=timezone.utc)]


def check_dateline(data: bytes) -> None:
    text = text_of(data)
    try:
        dateline = newsdoc.parse_dateline(text)
    except newsdoc.ValidationError:
        return
    try:
        article = newsdoc.Article(title="Ferries resume", dateline=dateline)
    except newsdoc.ValidationError:  # a dateline that would read back as another line
        article = None
    for reference in REFERENCES:
        resolved: newsdoc.ResolvedDate | None
        try:
            resolved = dateline.resolve(reference=reference)
        except newsdoc.DateError:
            resolved = None
        else:
            require(isinstance(resolved.value, date), "a date or a datetime")
            require(resolved == dateline.resolve(reference=reference), "resolved alike twice")
        if article is not None:
            require(article.publication_date(reference) == resolved, "the article's own date")


# -- exports --------------------------------------------------------------------------


def check_exports(data: bytes) -> None:
    article = newsdoc.loads(text_of(data), strict=False)
    for name in newsdoc.export_names():
        try:
            exported = newsdoc.export(article, name)
        except newsdoc.SerializeError:  # text the export cannot carry unambiguously
            continue
        require(isinstance(exported, str), f"export {name} gave no str")
        if name in ("jsonld", "ninjs"):
            document = json.loads(exported)
            require(isinstance(document, dict), f"export {name} is no JSON object")
        if name == "html":
            require("<script" not in exported.lower(), "HTML export runs a script")


# -- every registered format, by the test kit's promises ------------------------------


def check_formats(data: bytes) -> None:
    text = text_of(data)
    for name in newsdoc.format_names():
        fmt = newsdoc.get_format(name)
        try:
            check_text(fmt, text)
        except BrokenPromise as broken:
            raise Finding(f"the {name!r} format: {broken}") from broken


# -- load_many over hostile trees -----------------------------------------------------

ENTRY_KINDS = (
    "file",
    "folder",
    "fifo",
    "link to a sibling",
    "link to itself",
    "link to /dev/zero",
    "link to nothing",
    "vanishing file",
)
SECONDS_PER_TREE = 20


class Entry(NamedTuple):
    kind: str
    name: bytes
    content: bytes


def entries_of(data: bytes) -> list[Entry]:
    """The entries of a tree: runs of bytes apart by NUL, each a kind, a name and content."""
    entries = []
    for chunk in data.split(b"\0")[:24]:
        if not chunk:
            continue
        kind = ENTRY_KINDS[chunk[0] % len(ENTRY_KINDS)]
        name, _, content = chunk[1:].partition(b"\n")
        # A name holds any byte but the separator; most take the pattern's suffix, and some
        # are hidden.
        name = (name.replace(b"/", b"_")[:40] or b"page") + (b"" if chunk[0] & 0x80 else b".txt")
        if chunk[0] & 0x40:
            name = b"." + name
        entries.append(Entry(kind, name, content))
    return entries


def build(root: Path, entries: list[Entry]) -> list[Path]:
    """The tree of ``entries`` under ``root``; the files that vanish once reading starts."""
    folder, previous, vanishing = root, root, []
    for number, (kind, name, content) in enumerate(entries):
        # A number keeps names apart, after the dot of a hidden one.
        hidden = name.startswith(b".")
        path = folder / os.fsdecode(b"." * hidden + b"%d-" % number + name[hidden:])
        if kind in ("file", "vanishing file"):
            path.write_bytes(content)
            if kind == "vanishing file":
                vanishing.append(path)
        elif kind == "folder":
            path.mkdir()
            folder = path
        elif kind == "fifo":
            os.mkfifo(path)
        elif kind == "link to a sibling":
            path.symlink_to(previous)
        elif kind == "link to itself":
            path.symlink_to(path)
        elif kind == "link to /dev/zero":
            path.symlink_to("/dev/zero")
        else:
            path.symlink_to(root / "missing")
        previous = path
    return vanishing


@contextlib.contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Fail the input whose reading blocks (a FIFO, a device) rather than wait for it.

    Under a fuzzer that times inputs with the same signal (libFuzzer's
    ``-timeout``), its own limit stands, and its timer is left alone.
    """
    previous = signal.getsignal(signal.SIGALRM)
    if previous is None:  # a handler set outside Python: the fuzzer's own
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise Finding(f"reading took more than {seconds} s: blocked")

    signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def check_load_many(data: bytes) -> None:
    entries = entries_of(data)
    root = Path(tempfile.mkdtemp(prefix="newsdoc-fuzz-"))
    try:
        vanishing = build(root, entries)
        for strict in (True, False):
            with time_limit(SECONDS_PER_TREE):
                for number, item in enumerate(newsdoc.load_many(root, strict=strict)):
                    check_item(item)
                    if number == 0:
                        for path in vanishing:
                            path.unlink(missing_ok=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def check_item(item: newsdoc.Record | newsdoc.Failure) -> None:
    back = pickle.loads(pickle.dumps(item))
    if isinstance(item, newsdoc.Failure):
        require(isinstance(item.error, newsdoc.NewsdocError), f"{item.error!r} escaped")
        # Exceptions are equal only to themselves: the pickled one is compared by its parts.
        require(
            (back.source, type(back.error), str(back.error))
            == (item.source, type(item.error), str(item.error)),
            f"{item!r} does not pickle",
        )
        return
    require(back == item, f"{item!r} does not pickle")
    path = Path(str(item.source))
    if path.is_file() and not path.is_symlink():
        written = newsdoc.dumps(item.article).encode("utf-8", "surrogatepass")
        require(written == path.read_bytes(), f"{path} not written back byte for byte")


# -- the command line's arguments -----------------------------------------------------

WORDS = (
    *("show", "check", "convert", "stats", "--help", "--version"),
    *("pages", "page.txt", "pages.jsonl", "-", "out", "missing", "*.txt", "**/*.txt"),
    *("--glob", "--dialect", "default", "key-takeaways", "--format", "auto", "page", "json"),
    *("--max-bytes", "--max-lines", "0", "1", "-1", "99999999999999999999", "x", "١٢"),
    *("--lenient", "-j", "--jobs", "-q", "--fail-fast", "--json", "--to", "-o", "--force"),
    *("jsonl", "jsonld", "ninjs", "markdown", "html", "--reference-date", "2025-08-01"),
    *("--captured-from", "mtime", "--", "=", "-o=out"),
)
SEED_PAGE = "Home / Rail / Night trains return\nNight trains return\n2 Mar\n\nSleepers run again."


def arguments_of(data: bytes) -> tuple[list[str], bytes]:
    """A command line of words newsdoc knows and words it does not, and its standard input.

    A token that starts with byte 255 is a word of its own.  Every path a
    word names lies inside the folder the command runs in.
    """
    head, _, stdin = data.partition(b"\0\0")
    argv = []
    for token in head.split(b"\0")[:12]:
        if token[:1] == b"\xff":
            word = text_of(token[1:]).replace("/", "_")
            argv.append("_" if word == ".." else word)
        elif token:
            argv.append(WORDS[token[0] % len(WORDS)])
    return argv, stdin


def check_command_line(data: bytes) -> None:
    argv, stdin = arguments_of(data)
    # More jobs than one start worker processes: the last -j of a command is the one taken.
    if argv[:1] and argv[0] in ("check", "convert", "stats") and "--" not in argv:
        argv += ["-j", "1"]
    folder = Path(tempfile.mkdtemp(prefix="newsdoc-fuzz-"))
    (folder / "pages").mkdir()
    (folder / "pages" / "page.txt").write_text(SEED_PAGE, encoding="utf-8")
    (folder / "page.txt").write_text(SEED_PAGE, encoding="utf-8")
    (folder / "pages.jsonl").write_text(newsdoc.to_json(newsdoc.loads(SEED_PAGE)) + "\n")
    streams = sys.stdin, sys.stdout, sys.stderr
    errors = io.StringIO()
    here = Path.cwd()
    try:
        os.chdir(folder)
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
        sys.stdout, sys.stderr = io.TextIOWrapper(io.BytesIO(), encoding="utf-8"), errors
        try:
            status = command_line(argv)
        except SystemExit as leaving:  # argparse leaves so, with 0 or 2
            status = leaving.code or 0 if isinstance(leaving.code, int | None) else 1
    finally:
        os.chdir(here)
        sys.stdin, sys.stdout, sys.stderr = streams
        shutil.rmtree(folder, ignore_errors=True)
    require(status in (0, 1, 2), f"newsdoc {argv} exited {status}")
    require("Traceback" not in errors.getvalue(), f"newsdoc {argv} printed a traceback")


# -- the targets ----------------------------------------------------------------------


def page_texts() -> st.SearchStrategy[str]:
    """Pages of every shape, and the kit's edits of them and text from the wild."""
    texts = strategies.pages().map(lambda page: page[0])
    return st.one_of(texts, _edited(texts), _wild_texts())


def documents() -> st.SearchStrategy[str]:
    """JSON documents of articles, whole or with a value replaced by another of any kind."""
    values = st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
        max_leaves=8,
    )

    written = [
        document for document in map(json.loads, document_seeds()) if isinstance(document, dict)
    ]

    @st.composite
    def mutated(draw: st.DrawFn) -> str:
        # Documents of this version, and of every older one the tests keep.
        document = draw(
            st.one_of(
                strategies.formatted_articles().map(newsdoc.to_dict),
                st.sampled_from(written).map(dict),
            )
        )
        for _ in range(draw(st.integers(0, 2))):
            key = draw(st.sampled_from(sorted(document)))
            value = document[key]
            if isinstance(value, list) and value and draw(st.booleans()):
                value = [*value]  # one of its items replaced, as in a layout's lines
                value[draw(st.integers(0, len(value) - 1))] = draw(values)
                document[key] = value
            else:
                document[key] = draw(values)
        return json.dumps(document)

    return mutated()


class Target(NamedTuple):
    check: Callable[[bytes], None]
    inputs: Callable[[], st.SearchStrategy[bytes]]
    seeds: Callable[[], list[bytes]]


def page_seeds() -> list[bytes]:
    return sorted(path.read_bytes() for path in DATA.glob("*.txt"))


def document_seeds() -> list[bytes]:
    return sorted(path.read_bytes() for path in DATA.rglob("*.json"))


def tree_seeds() -> list[bytes]:
    page = SEED_PAGE.encode()
    # A kind byte of 8 and up: 0 separates entries, and a high bit hides a name.
    kinds = [bytes([len(ENTRY_KINDS) + number]) for number in range(len(ENTRY_KINDS))]
    return [b"\0".join(kind + b"page\n" + page for kind in kinds), b"\x00" + b"caf\xe9\x01\n"]


def command_seeds() -> list[bytes]:
    def line(*words: str, stdin: bytes = b"") -> bytes:
        return b"\0".join(bytes([WORDS.index(word)]) for word in words) + b"\0\0" + stdin

    return [
        line("check", "pages"),
        line("show", "page.txt"),
        line("convert", "pages", "--to", "jsonl"),
        line("stats", "--json", "pages"),
        line("check", "-", stdin=SEED_PAGE.encode()),
        line("convert", "pages.jsonl", "--to", "page", "-o", "out"),
    ]


TARGETS: dict[str, Target] = {
    "loads": Target(check_loads, lambda: page_texts().map(bytes_of), page_seeds),
    "json": Target(check_json, lambda: documents().map(bytes_of), document_seeds),
    "dateline": Target(
        check_dateline,
        lambda: st.one_of(strategies.line_texts(), st.text(max_size=40)).map(bytes_of),
        lambda: [b"31 Jul", b"2025-07-31", b"2 hours ago", b"Jul 31, 2025, 4:05 PM (IST)"],
    ),
    "exports": Target(check_exports, lambda: page_texts().map(bytes_of), page_seeds),
    "formats": Target(check_formats, lambda: page_texts().map(bytes_of), page_seeds),
    "load_many": Target(check_load_many, lambda: st.binary(max_size=400), tree_seeds),
    "command_line": Target(check_command_line, lambda: st.binary(max_size=200), command_seeds),
}
"""Each target by name: what ``fuzz/run.py --target`` takes."""
