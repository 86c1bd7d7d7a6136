"""Write an :class:`~newsdoc.Article` as a page, from its fields and its layout alone.

Writing starts from the canonical rendering of the fields, then lays the
article's recorded formatting over the lines that depart from it, puts the
stray lines back at their line numbers and joins everything with the
recorded line endings.  Before writing, every rule the parser uses to tell
one line from another is checked, so that what is written reads back as
the same article.
"""

from __future__ import annotations

from newsdoc._errors import FieldTypeError, SerializeError
from newsdoc._grammar import DEFAULT_DIALECT, PAD, Dialect
from newsdoc._model import (
    KINDS,
    Article,
    Kind,
    Layout,
    default_trivia,
    slot_counts,
)
from newsdoc._parser import loads

__all__ = ["dumps"]

_BOM = "\ufeff"


def dumps(article: Article, *, dialect: Dialect = DEFAULT_DIALECT) -> str:
    """Write ``article`` as a page.

    An article read by :func:`newsdoc.loads` is written back exactly as it
    was read; one built by hand is written in the canonical layout:

    >>> from newsdoc import Article, Summary
    >>> article = Article(title="Tram line opens", summary=Summary(points=("Every 8 minutes",)))
    >>> print(dumps(article))
    Tram line opens
    Summary
    - Every 8 minutes

    :raises SerializeError: when the page would not read back as ``article``
        (for example a body whose first paragraph is a summary heading).
    """
    if not isinstance(article, Article):
        raise FieldTypeError(f"dumps() takes an Article, got {type(article).__name__}")
    layout = article._layout
    lines = _canonical_lines(article, layout.title_repeat, dialect)
    # Stray lines change how the parser reads what follows them, so the
    # structural checks do not apply; the written page is read back instead.
    problems = (
        []
        if article.stray_lines
        else _ambiguities(article, layout, dialect, lines[0] if article.breadcrumb else "")
    )
    if layout.lines:
        _lay_over(lines, article, layout, dialect.canonical_mark)
    lines += layout.trailing
    for stray in article.stray_lines:
        lines.insert(stray.line - 1, stray.text)
    mixed = layout.mixed_newlines
    text = _join_mixed(lines, mixed) if mixed else layout.newline.join(lines)
    if layout.bom:
        text = _BOM + text
    elif text[:1] == _BOM:
        problems.append("a page that starts with U+FEFF reads as one with a byte order mark")
    if article.stray_lines and loads(text, strict=False, dialect=dialect) != article:
        problems.append("with its stray lines, the page would read back as another article")
    if problems:
        raise SerializeError(problems)
    return text


def _canonical_lines(article: Article, title_repeat: bool, dialect: Dialect) -> list[str]:
    lines = []
    if article.breadcrumb is not None:
        lines.append(dialect.breadcrumb_separator.join(article.breadcrumb.segments))
    if article.title:
        lines.append(article.title)
    if article.dateline is not None:
        lines.append(article.dateline.text)
    summary = article.summary
    if summary is not None:
        lines.append(summary.heading)
        mark = dialect.canonical_mark
        lines.extend([mark + point for point in summary.points])
        if title_repeat:
            lines.append(article.title)
    if article.body:
        lines.extend(default_trivia("paragraph", 0, "").gap)
        lines.extend(article.body)
    return lines


def _lay_over(lines: list[str], article: Article, layout: Layout, mark: str) -> None:
    """Replace the canonical formatting of ``lines`` with the recorded one."""
    counts = slot_counts(article, layout.title_repeat)
    starts: dict[Kind, int] = {}
    position = 0
    for kind in KINDS:
        default_gap = len(default_trivia(kind, 0, "").gap) if counts[kind] else 0
        starts[kind] = position + default_gap
        position += default_gap + counts[kind]
    # From the last line back, so that replacing a gap leaves the positions
    # still to be visited where they were.
    for kind, index, trivia in reversed(layout.lines):
        canonical = default_trivia(kind, index, mark)
        at = starts[kind] + index
        text = lines[at][len(canonical.prefix) :]
        lines[at - len(canonical.gap) : at + 1] = [
            *trivia.gap,
            trivia.prefix + text + trivia.suffix,
        ]


def _join_mixed(lines: list[str], mixed: tuple[str, ...]) -> str:
    pairs = zip(lines[:-1], mixed, strict=True)
    return "".join([line + ending for line, ending in pairs]) + lines[-1]


def _ambiguities(
    article: Article, layout: Layout, dialect: Dialect, breadcrumb_line: str
) -> list[str]:
    """Every way the written page would read back as another article.

    Each check mirrors one decision of the parser (see ``_grammar``); the
    checks of recorded formatting run only when there is some.
    ``breadcrumb_line`` is the breadcrumb as written.
    """
    problems = []
    breadcrumb, title, dateline, summary, body = (
        article.breadcrumb,
        article.title,
        article.dateline,
        article.summary,
        article.body,
    )
    headings = dialect.heading_set
    separator = dialect.breadcrumb_separator
    if breadcrumb is not None:
        segments = breadcrumb.segments
        line = breadcrumb_line
        # Cheap first: when the separator's one-character core (``/``) occurs
        # in no segment, no other split is possible.
        core = dialect.separator_core
        exact = core and line.count(core) == len(segments) - 1
        if not exact and line.split(separator) != list(segments):
            problems.append(
                f"the breadcrumb segments {segments!r} do not split back apart at {separator!r}"
            )
    elif separator in title and (dateline is not None or (summary is None and body)):
        problems.append(
            f"without a breadcrumb, a title that contains {separator!r} reads as a breadcrumb"
        )
    if title in headings:
        problems.append(f"the title {title!r} reads as a summary heading")
    if dateline is not None and dateline.text in headings:
        problems.append(f"the dateline {dateline.text!r} reads as a summary heading")
    if summary is not None:
        if summary.heading not in headings:
            problems.append(f"{summary.heading!r} is not a summary heading of this dialect")
        if layout.title_repeat and dialect.bullet_mark_length(title):
            problems.append("a repeated title that starts with a bullet mark reads as a point")
        elif not layout.title_repeat and body and dialect.bullet_mark_length(body[0]):
            problems.append("a first paragraph that starts with a bullet mark reads as a point")
    elif body and body[0] in headings:
        problems.append(f"the first paragraph {body[0]!r} reads as a summary heading")
    if summary is not None and not (dialect.canonical_mark_exact and not layout.lines):
        explicit = {(kind, index): trivia for kind, index, trivia in layout.lines}
        for index, point in enumerate(summary.points):
            trivia = explicit.get(("point", index)) or default_trivia(
                "point", index, dialect.canonical_mark
            )
            mark = trivia.prefix.lstrip(PAD)
            if dialect.bullet_mark_length(mark + point) != len(mark):
                problems.append(f"point {index} does not start with a bullet mark of this dialect")
    if layout.lines:
        problems += _formatting_ambiguities(layout)
    if dialect.required_blocks:
        present: dict[str, object] = {
            block: getattr(article, block) for block in dialect.required_blocks
        }
        missing = dialect.missing_blocks(present)
        problems += [f"this dialect requires a {block}" for block in missing]
    return problems


def _formatting_ambiguities(layout: Layout) -> list[str]:
    """The blank lines the parser would read otherwise than recorded."""
    gaps = {(kind, index): trivia.gap for kind, index, trivia in layout.lines}
    problems = []
    if gaps.get(("dateline", 0)):
        problems.append("the dateline must follow the title directly")
    if gaps.get(("repeat", 0)):
        problems.append("the repeated title must follow the last point directly")
    if gaps.get(("paragraph", 0)) == ():
        problems.append("the body must follow a blank line")
    return problems
