"""The page grammar, and the vocabulary (:class:`Dialect`) it is written in.

The grammar, in ABNF (RFC 5234) over the text after an optional UTF-8 BOM::

    page        = *blank-line head [summary] [body] trailing
    head        = [breadcrumb EOL *blank-line] title [EOL dateline]
    breadcrumb  = pad segment 1*(SEPARATOR segment) pad
    title       = pad text pad
    dateline    = pad text pad               ; the line right after the title
    summary     = EOL *blank-line heading 1*(EOL *blank-line point) [EOL repeat]
    heading     = pad HEADING pad
    point       = pad BULLET 1*WSP text pad
    repeat      = pad text pad               ; equal to the title, no blank line before it
    body        = EOL 1*blank-line paragraph *(EOL *blank-line paragraph)
    paragraph   = pad text pad
    trailing    = *(EOL pad)

    blank-line  = pad EOL
    pad         = *WSP                       ; WSP = SP / HTAB
    text        = a run of characters with no EOL that neither starts nor ends
                  with WSP
    EOL         = CRLF / CR / LF

``SEPARATOR``, ``HEADING`` and ``BULLET`` come from the :class:`Dialect`.
Three rules decide what a line is where the grammar alone would allow two
readings:

* The first line is the breadcrumb when it contains the separator and the
  next non-blank line is not a summary heading; otherwise it is the title.
* The line right after the title (no blank line between) is the dateline,
  whatever it says, unless it is a summary heading.
* After the summary heading, every line that starts with a bullet mark is a
  point, blank lines between them included; the first other line ends the
  summary.  It is the repeated title when it equals the title and follows
  the last point directly.

Only SP and HTAB count as padding: NBSP, zero-width and other look-alike
characters are text, and lines split on CR, LF and CRLF only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Literal

import attrs

from newsdoc._errors import FieldTypeError, ValidationError

__all__ = ["DEFAULT_DIALECT", "PAD", "Block", "Dialect"]

PAD = " \t"
"""The characters that pad a line: everything else is text."""

Block = Literal["breadcrumb", "dateline", "summary", "body"]
_BLOCKS: frozenset[str] = frozenset(("breadcrumb", "dateline", "summary", "body"))


def _strings(value: object) -> tuple[str, ...]:
    if isinstance(value, (str, bytes)) or not isinstance(value, (tuple, list, frozenset, set)):
        raise FieldTypeError(f"expected a tuple of strings, got {type(value).__name__}")
    items = tuple(value)
    for item in items:
        if not isinstance(item, str):
            raise FieldTypeError(f"expected a tuple of strings, got an item {item!r}")
    return items


def _blocks(value: object) -> frozenset[Block]:
    names = frozenset(_strings(value))
    unknown = sorted(names - _BLOCKS)
    if unknown:
        raise ValidationError(f"unknown block names {unknown}; the blocks are {sorted(_BLOCKS)}")
    return names  # type: ignore[return-value]  # checked against _BLOCKS just above


@attrs.frozen(kw_only=True)
class Dialect:
    """The vocabulary of one site's pages: what the parser looks for.

    The defaults describe the aggregator pages newsdoc was built for.  Pass
    another ``Dialect`` to :func:`newsdoc.loads` and :func:`newsdoc.dumps` to
    read and write pages that name their parts differently.

    >>> Dialect(summary_headings=("Key points",)).summary_headings
    ('Key points',)
    """

    breadcrumb_separator: str = " / "
    summary_headings: tuple[str, ...] = attrs.field(default=("Summary",), converter=_strings)
    bullet_symbols: tuple[str, ...] = attrs.field(
        default=("-", "\u2022", "*", "\u2013"), converter=_strings
    )
    required_blocks: frozenset[Block] = attrs.field(default=frozenset(), converter=_blocks)

    heading_set: frozenset[str] = attrs.field(init=False, repr=False, eq=False)
    """``summary_headings`` as a set, for the parser's look-ups."""
    separator_core: str = attrs.field(init=False, repr=False, eq=False)
    """The separator's one non-padding character (``/``), or ``""`` when it has several."""
    canonical_mark: str = attrs.field(init=False, repr=False, eq=False)
    """The bullet mark of articles built by hand: the first symbol and a space."""
    canonical_mark_exact: bool = attrs.field(init=False, repr=False, eq=False)
    """Whether ``canonical_mark`` before any text is a mark of exactly that length."""
    _bullet: re.Pattern[str] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        problems = []
        if not isinstance(self.breadcrumb_separator, str) or not self.breadcrumb_separator.strip(
            PAD
        ):
            problems.append("breadcrumb_separator must contain a character other than spaces")
        if not self.summary_headings:
            problems.append("summary_headings must name at least one heading")
        if not self.bullet_symbols:
            problems.append("bullet_symbols must name at least one symbol")
        for word in (*self.summary_headings, *self.bullet_symbols):
            if not word or word != word.strip(PAD) or "\n" in word or "\r" in word:
                problems.append(f"{word!r} must be non-empty text on one line, without padding")
        if problems:
            raise ValidationError("invalid Dialect: " + "; ".join(problems))
        symbols = "|".join(
            re.escape(s) for s in sorted(self.bullet_symbols, key=len, reverse=True)
        )
        object.__setattr__(self, "heading_set", frozenset(self.summary_headings))
        core = self.breadcrumb_separator.strip(PAD)
        object.__setattr__(self, "separator_core", core if len(core) == 1 else "")
        first = self.bullet_symbols[0]
        object.__setattr__(self, "canonical_mark", first + " ")
        object.__setattr__(
            self,
            "canonical_mark_exact",
            not any(s.startswith((first + " ", first + "\t")) for s in self.bullet_symbols),
        )
        # The look-ahead makes a mark count only when text follows it.
        object.__setattr__(self, "_bullet", re.compile(f"(?:{symbols})[ \t]+(?=[^ \t])"))

    def is_heading(self, text: str) -> bool:
        """Whether ``text`` (a line without padding) is a summary heading."""
        return text in self.heading_set

    def bullet_mark_length(self, text: str) -> int:
        """How many leading characters of ``text`` form a bullet mark, or 0.

        ``text`` is a line without padding; a mark is a bullet symbol and the
        spaces after it, and counts only when text follows it.

        >>> DEFAULT_DIALECT.bullet_mark_length("\u2022 Fares rise")
        2
        >>> DEFAULT_DIALECT.bullet_mark_length("-5 degrees")
        0
        """
        match = self._bullet.match(text)
        return 0 if match is None else match.end()

    def missing_blocks(self, present: Mapping[str, object]) -> list[str]:
        """The required blocks that ``present`` (block name to value) lacks, sorted."""
        return [
            block for block in sorted(self.required_blocks) if present.get(block) in (None, ())
        ]


DEFAULT_DIALECT = Dialect()
"""The vocabulary of the pages newsdoc reads when none is given."""
