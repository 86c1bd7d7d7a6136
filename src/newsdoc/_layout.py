"""The layout record: how a page is written, beyond what its article says.

Formatting lives apart from the meaning, in :class:`Layout`: which bullet
mark, how many blank lines, which line endings.  The layout is part of an
article's value (two articles are equal exactly when they are written
alike), but it is private: articles built by hand get the canonical layout.

The reader records a layout and the writer follows one; both sit below the
model, which checks each article by writing it and reading it back, so
this module knows an article only by the fields it reads.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Literal, NamedTuple, cast

import attrs

from newsdoc._errors import ValidationError, bounded_repr
from newsdoc._grammar import EOLS, PAD, Dialect
from newsdoc._pickling import builder

if TYPE_CHECKING:
    from newsdoc._model import Article

__all__ = [
    "CANONICAL",
    "KINDS",
    "Gap",
    "Kind",
    "Layout",
    "Trivia",
    "content_lines",
    "default_trivia",
    "layout_of",
    "line_trivia",
    "new_layout",
    "new_trivia",
    "slot_counts",
]

Gap = tuple[str, ...]
"""The blank lines before a line: each holds nothing but padding."""

Kind = Literal["breadcrumb", "title", "dateline", "heading", "point", "repeat", "paragraph"]
KINDS: tuple[Kind, ...] = (
    "breadcrumb",
    "title",
    "dateline",
    "heading",
    "point",
    "repeat",
    "paragraph",
)
_KIND_ORDER = {kind: order for order, kind in enumerate(KINDS)}


class Trivia(NamedTuple):
    """How one content line is written, beyond its text."""

    gap: Gap
    """The blank lines before it."""
    prefix: str
    """Padding before the text; for a point, the bullet mark too."""
    suffix: str
    """Padding after the text."""


new_trivia = partial(tuple.__new__, Trivia)
"""``Trivia`` from a tuple, without the generated ``__new__``: this is per line."""

_PLAIN = Trivia((), "", "")
_FIRST_PARAGRAPH = Trivia(("",), "", "")


def default_trivia(kind: Kind, index: int, point_prefix: str, paragraph_gap: Gap) -> Trivia:
    """The trivia a line of ``kind`` has unless the layout records another.

    No padding and no blank line before it, but: a point starts with
    ``point_prefix``, one blank line comes before the first paragraph, and
    ``paragraph_gap`` before each other.  The dialect gives the first
    point's prefix and the second paragraph's gap
    (:attr:`~newsdoc.Dialect.canonical_point_prefix` and
    :attr:`~newsdoc.Dialect.canonical_paragraph_gap`); the other points
    repeat the first's prefix, and the other paragraphs the second's gap.
    So a page that formats its points or paragraphs alike records them
    once, and an edit that adds one formats it as its neighbours are.
    """
    if kind == "point":
        return new_trivia(((), point_prefix, ""))
    if kind == "paragraph":
        if index == 0:
            return _FIRST_PARAGRAPH
        if paragraph_gap:
            return new_trivia((paragraph_gap, "", ""))
    return _PLAIN


def _is_pad(text: object) -> bool:
    return isinstance(text, str) and not text.strip(PAD)


@attrs.frozen(kw_only=True, repr=False)
class Layout:
    """Formatting of an article: everything its fields do not say.

    Each line's trivia is stored only where it differs from
    :func:`default_trivia`, so the canonical layout is the empty record and a
    page's layout costs nothing where it follows the canonical rendering.
    The default bullet mark is the dialect's, so a layout is read in the
    dialect its page was read in.
    """

    bom: bool = False
    newline: str = "\n"
    """The line ending of the first line break, and of all unless mixed."""
    mixed_newlines: tuple[str, ...] = ()
    """Every line ending in order, when they are not all ``newline``."""
    title_repeat: bool = False
    """Whether the title is written again right after the last point."""
    lines: tuple[tuple[Kind, int, Trivia], ...] = ()
    """``(kind, index, trivia)`` for each line that departs from the default."""
    trailing: Gap = ()
    """The blank lines after the last content line, each after a line ending: ``()``
    means no final line ending.  A page with no content line is all trailing:
    its first blank line comes after no line ending."""

    def __attrs_post_init__(self) -> None:
        problems = _layout_problems(self)
        if problems:
            raise ValidationError("invalid layout: " + "; ".join(problems))

    def __repr__(self) -> str:
        changed = [
            f"{field.name}={getattr(self, field.name)!r}"
            for field in attrs.fields(Layout)
            if getattr(self, field.name) != field.default
        ]
        return f"Layout({', '.join(changed)})"


def _layout_problems(layout: Layout) -> list[str]:
    """Every way ``layout`` breaks the one-layout-per-text rule."""
    problems = []
    if layout.newline not in EOLS:
        problems.append(f"newline must be one of {EOLS}, got {bounded_repr(layout.newline, 40)}")
    mixed = layout.mixed_newlines
    if mixed and (
        not set(mixed) <= set(EOLS) or mixed[0] != layout.newline or len(set(mixed)) == 1
    ):
        problems.append("mixed_newlines must be line endings, starting with newline, not all one")
    previous_key = (-1, -1)
    for entry in layout.lines:
        if not (isinstance(entry, tuple) and len(entry) == 3 and isinstance(entry[2], Trivia)):
            problems.append(f"line entry {bounded_repr(entry, 60)} is not (kind, index, Trivia)")
            continue
        kind, index, trivia = entry
        key = (_KIND_ORDER.get(kind, -1), index)
        if key[0] < 0 or type(index) is not int or index < 0 or key <= previous_key:
            problems.append(
                f"line entry {bounded_repr((kind, index), 60)} is unknown or out of order"
            )
            continue
        previous_key = key
        padding_only = (
            type(trivia.gap) is tuple
            and all(_is_pad(blank) for blank in trivia.gap)
            and _is_pad(trivia.suffix)
            and isinstance(trivia.prefix, str)
            and (kind == "point" or _is_pad(trivia.prefix))
        )
        if not padding_only:
            problems.append(
                f"line entry {bounded_repr((kind, index), 60)} has text where only padding may be"
            )
    if type(layout.bom) is not bool or type(layout.title_repeat) is not bool:
        problems.append("bom and title_repeat must be bools")
    if not all(_is_pad(blank) for blank in layout.trailing):
        problems.append("trailing lines may hold nothing but padding")
    return problems


CANONICAL = Layout()

new_layout = builder(Layout)
"""The reader's constructor of layouts: it checks what it reads itself."""


def slot_counts(article: Article, title_repeat: bool) -> dict[Kind, int]:
    """How many lines of each kind ``article`` writes."""
    summary = article.summary
    has_summary = summary is not None
    return {
        "breadcrumb": article.breadcrumb is not None,
        "title": bool(article.title),
        "dateline": article.dateline is not None,
        "heading": has_summary,
        "point": len(summary.points) if summary is not None else 0,
        "repeat": has_summary and title_repeat,
        "paragraph": len(article.body),
    }


def content_lines(article: Article, title_repeat: bool, mark: str, body_gap: bool) -> list[str]:
    """The text of each content line in page order, each point after ``mark``.

    The lines :func:`slot_counts` counts, kind by kind in :data:`KINDS`
    order.  With the canonical mark and ``body_gap`` (the blank line before
    the body), these are the lines of the canonical layout.
    """
    lines = []
    if article.breadcrumb is not None:
        lines.append(article.dialect.breadcrumb_separator.join(article.breadcrumb.segments))
    if article.title:
        lines.append(article.title)
    if article.dateline is not None:
        lines.append(article.dateline.text)
    summary = article.summary
    if summary is not None:
        lines.append(summary.heading)
        lines += [mark + point for point in summary.points] if mark else summary.points
        if title_repeat:
            lines.append(article.title)
    if article.body:
        if body_gap:
            lines.append("")
        lines += article.body
    return lines


def line_trivia(layout: Layout, counts: dict[Kind, int], dialect: Dialect) -> list[Trivia]:
    """The trivia of every content line in page order: recorded, or the default.

    The one statement of what an unrecorded line looks like (see
    :func:`default_trivia`), for the writer and for counting lines.
    ``layout`` formats no line beyond ``counts``.
    """
    recorded: dict[Kind, dict[int, Trivia]] = {}
    for kind, index, trivia in layout.lines:
        recorded.setdefault(kind, {})[index] = trivia
    everything: list[Trivia] = []
    for kind in KINDS:
        count = counts[kind]
        if not count:
            continue
        found = recorded.get(kind, {})
        # The first two lines of a kind set the default of the rest.
        first = found.get(0) or default_trivia(kind, 0, dialect.canonical_point_prefix, ())
        everything.append(first)
        if count > 1:
            second = found.get(1) or default_trivia(
                kind, 1, first.prefix, dialect.canonical_paragraph_gap
            )
            everything.append(second)
            if count > 2:
                rest = default_trivia(kind, 2, first.prefix, second.gap)
                everything += [found.get(index, rest) for index in range(2, count)]
    return everything


def layout_of(article: Article) -> Layout:
    """The layout of ``article``, an article of the page format."""
    return cast(Layout, article.layout)
