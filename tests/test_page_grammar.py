"""The page grammar written in ABNF, checked against the page's declaration.

The grammar is stated twice for readers, in the docs and beside the
declaration in ``newsdoc._page``; the declaration is what runs.  These
tests keep the three together: both statements are the same text, and
every page the grammar derives, with texts that leave no room for two
readings, is read strictly by the declaration as the content it was
derived from.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import newsdoc
from newsdoc import _page
from newsdoc._grammar import get_dialect

from support import examples

ROOT = Path(__file__).resolve().parent.parent

_RULE = re.compile(r"^([a-z-]+|[A-Z]+)\s+= (.*)$")
_TOKEN = re.compile(r"\s*(\d*\*|\[|\]|\(|\)|/|[A-Za-z-]+)")


def _statement(text: str) -> list[str]:
    """The rules of the first ABNF block in ``text``, one a line, without indentation."""
    lines = [line.strip() for line in text.split("\n")]
    start = next(n for n, line in enumerate(lines) if _RULE.match(line))
    block = []
    for line in lines[start:]:
        if line and not _RULE.match(line):
            break
        block.append(line)
    return [line for line in block if line]


def _rules(statement: list[str]) -> dict[str, Any]:
    """Each rule of ``statement`` parsed to nested lists: sequences, alternatives, repeats."""
    rules: dict[str, Any] = {}
    for line in statement:
        found = _RULE.match(line)
        assert found is not None, line
        name, definition = found.groups()
        elements = definition.split(";")[0]
        if name == "text":
            rules[name] = ("text",)  # defined in prose: drawn by _text
            continue
        tokens = _TOKEN.findall(elements)
        rules[name], rest = _alternatives(tokens)
        assert not rest, (name, rest)
    return rules


def _alternatives(tokens: list[str]) -> tuple[Any, list[str]]:
    choices = []
    sequence, tokens = _sequence(tokens)
    choices.append(sequence)
    while tokens and tokens[0] == "/":
        sequence, tokens = _sequence(tokens[1:])
        choices.append(sequence)
    return (("or", *choices) if len(choices) > 1 else choices[0]), tokens


def _sequence(tokens: list[str]) -> tuple[Any, list[str]]:
    items = []
    while tokens and tokens[0] not in ("/", "]", ")"):
        repeat = None
        if tokens[0].endswith("*"):
            repeat, tokens = int(tokens[0][:-1] or 0), tokens[1:]
        head, tokens = tokens[0], tokens[1:]
        if head in ("[", "("):
            inner, tokens = _alternatives(tokens)
            assert tokens[0] == ("]" if head == "[" else ")")
            tokens = tokens[1:]
            item: Any = ("optional", inner) if head == "[" else inner
        else:
            item = head
        items.append(item if repeat is None else ("repeat", repeat, item))
    return ("seq", *items), tokens


_WORDS = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "N"), include_characters="'!?,.:"),
    min_size=1,
    max_size=8,
)


def _text(dialect: newsdoc.Dialect) -> st.SearchStrategy[str]:
    """Text the grammar calls ``text``, with nothing that could be read two ways."""
    return (
        st.lists(_WORDS, min_size=1, max_size=5)
        .map(" ".join)
        .filter(
            lambda text: (
                not dialect.is_heading(text)
                and not dialect.bullet_mark_length(text)
                and dialect.breadcrumb_separator.strip() not in text
            )
        )
    )


class _Derivation:
    """One page drawn from the grammar, and the content each rule gave it."""

    FIELDS = frozenset(
        {"title", "dateline", "heading", "point", "repeat", "paragraph", "breadcrumb"}
    )

    def __init__(self, rules: dict[str, Any], dialect: newsdoc.Dialect, data: Any) -> None:
        self.rules, self.dialect, self.data = rules, dialect, data
        self.found: dict[str, list[Any]] = {name: [] for name in self.FIELDS}
        self.texts: list[str] = []
        """Every ``text`` drawn so far, in order."""
        # One line ending for the whole page: a CR then an LF would read as one CRLF.
        self.ending = data.draw(st.sampled_from(["CRLF", "CR", "LF"]))

    def rule(self, name: str) -> str:
        if name == "repeat":  # "equal to the title", which the ABNF says in a comment
            title = self.found["title"][0]
            self.found[name].append(title)
            return self.derive(self.rules["pad"]) + title + self.derive(self.rules["pad"])
        start = len(self.texts)
        text = self.derive(self.rules[name])
        drawn = self.texts[start:]
        if name == "breadcrumb":
            self.found[name].append(tuple(drawn))
        elif name == "heading":
            self.found[name].append(text.strip(" \t"))
        elif name in self.FIELDS:
            self.found[name].append(drawn[0])
        return text

    def derive(self, node: Any) -> str:
        draw = self.data.draw
        if isinstance(node, str):
            return self.terminal(node)
        what = node[0]
        if what == "seq":
            return "".join(self.derive(item) for item in node[1:])
        if what == "or":
            return self.derive(draw(st.sampled_from(node[1:])))
        if what == "optional":
            return self.derive(node[1]) if draw(st.booleans()) else ""
        if what == "repeat":
            count = draw(st.integers(node[1], node[1] + 2))
            return "".join(self.derive(node[2]) for _ in range(count))
        assert what == "text"
        self.texts.append(draw(_text(self.dialect)))
        return self.texts[-1]

    def terminal(self, name: str) -> str:
        draw, dialect = self.data.draw, self.dialect
        if name in self.rules:
            return self.rule(name)
        if name in ("WSP", "SP", "HTAB"):
            return draw(st.sampled_from({"WSP": " \t", "SP": " ", "HTAB": "\t"}[name]))
        if name in ("CRLF", "CR", "LF"):
            return {"CRLF": "\r\n", "CR": "\r", "LF": "\n"}[self.ending]
        if name == "SEPARATOR":
            return dialect.breadcrumb_separator
        if name == "HEADING":
            return draw(st.sampled_from(sorted(dialect.summary_headings)))
        assert name == "BULLET", name
        return draw(st.sampled_from(dialect.bullet_symbols))


def test_the_grammar_in_the_docs_is_the_one_beside_the_declaration() -> None:
    documented = (ROOT / "docs/explanation/format.md").read_text(encoding="utf-8")
    assert _statement(documented) == _statement(_page.__doc__ or "")


@settings(max_examples=examples(1), deadline=None)
@given(st.sampled_from(["default", "key-takeaways"]).map(get_dialect), st.data())
def test_every_page_the_grammar_derives_reads_strictly_as_derived(
    dialect: newsdoc.Dialect, data: st.DataObject
) -> None:
    rules = _rules(_statement(_page.__doc__ or ""))
    derivation = _Derivation(rules, dialect, data)
    text = derivation.rule("page")
    article = newsdoc.loads(text, dialect=dialect)
    found = derivation.found
    assert ([article.breadcrumb.segments] if article.breadcrumb else []) == found["breadcrumb"]
    assert [article.title] == found["title"]
    assert ([article.dateline.text] if article.dateline else []) == found["dateline"]
    summary = article.summary
    assert ([summary.heading] if summary else []) == found["heading"]
    assert (list(summary.points) if summary else []) == found["point"]
    assert list(article.body) == found["paragraph"]
    assert newsdoc.dumps(article) == text
