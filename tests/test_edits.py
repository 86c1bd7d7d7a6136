"""Edits of read pages: each is refused with a newsdoc error, or reads back and keeps the rest.

The strategies draw only articles the constructor takes, so that they read
back is true by construction; an edit of a read page is not.  The pages
are of every rendering (the invented pages under tests/data, and pages the
strategies draw, with and without stray lines) in every built-in dialect,
and the edits change, add or remove any part, with text of every kind.
"""

from __future__ import annotations

from collections import Counter

from hypothesis import event, given
from hypothesis import strategies as st

import newsdoc
from newsdoc.strategies import formatted_articles, pages

from support import Edit, check_edit, drawn_sample, edits, fixture_names, read_fixture

# Nothing is registered yet when the tests are collected: these are the built-in dialects.
BUILT_IN = tuple(newsdoc.dialect_names())


def read_pages() -> st.SearchStrategy[newsdoc.Article]:
    """Articles read leniently from pages of every rendering, in every built-in dialect."""
    dialects = st.sampled_from(BUILT_IN)
    texts = st.one_of(
        st.tuples(
            st.sampled_from(fixture_names()).map(lambda name: read_fixture(name)[0]), dialects
        ),
        dialects.flatmap(lambda dialect: pages(dialect).map(lambda page: (page[0], dialect))),
        dialects.flatmap(
            lambda dialect: formatted_articles(dialect, stray_lines=True).map(
                lambda article: (newsdoc.dumps(article), dialect)
            )
        ),
    )
    return texts.map(lambda page: newsdoc.loads(page[0], strict=False, dialect=page[1]))


EDITS = read_pages().flatmap(lambda article: edits(article).map(lambda edit: (article, edit)))


@given(EDITS)
def test_every_edit_of_a_read_page_is_refused_or_reads_back_keeping_the_rest(
    edit: tuple[newsdoc.Article, Edit],
) -> None:
    article, change = edit
    outcome = check_edit(article, change)
    event(outcome)
    event(f"{change.part} {change.action}: {outcome}")


def test_at_least_a_quarter_of_the_edits_read_back_rather_than_being_refused() -> None:
    # A fixed sample, the same on every run: how often is a property of the
    # edits drawn, not of the run.
    sample = drawn_sample(EDITS, 400)
    outcomes = Counter(check_edit(article, change) for article, change in sample)
    assert len(sample) >= 300
    assert outcomes["reads back"] >= len(sample) / 4, outcomes
