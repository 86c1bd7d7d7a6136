"""What the strategies draw: formatting that is kept, and stray lines.

The contract tests take whatever the strategies draw; these check that
what is drawn is worth taking: that the drawn formatting is not silently
dropped for the canonical one, and that articles with stray lines come too.
"""

from __future__ import annotations

from collections import Counter
from functools import cache

from hypothesis import given
from hypothesis import strategies as st

import newsdoc
from newsdoc.strategies import _formatting, articles, dialects, formatted_articles

from support import assert_reads_back, drawn_sample

# Nothing is registered yet when the tests are collected: these are the built-in dialects.
BUILT_IN = tuple(newsdoc.dialect_names())
CONTENTS = st.sampled_from(BUILT_IN).flatmap(articles) | dialects().flatmap(articles)

# The defect of each place the strategies put stray lines in.
STRAY_CODES = {
    "missing-title",
    "empty-breadcrumb-segment",
    "summary-without-points",
    "summary-interrupted",
    "missing-blank-line",
}


@cache
def formatting_sample() -> list[tuple[newsdoc.Article, str]]:
    """Articles formatted with stray lines, and how much of the drawn formatting each kept.

    A fixed sample, the same on every run: how often something happens is
    a property of the strategies, not of the run.
    """
    return drawn_sample(
        CONTENTS.flatmap(lambda article: _formatting(article, stray_lines=True)), 400
    )


def test_drawn_formatting_and_stray_lines_are_kept_for_at_least_95_percent_of_articles() -> None:
    sample = formatting_sample()
    outcomes = Counter(outcome for _, outcome in sample)
    assert len(sample) >= 300
    assert outcomes["kept"] >= 0.95 * len(sample), outcomes


def test_stray_lines_of_every_kind_are_drawn_when_asked() -> None:
    with_strays = [article for article, _ in formatting_sample() if article.stray_lines]
    assert len(with_strays) >= len(formatting_sample()) / 5
    codes = {
        defect.code
        for article in with_strays
        for defect in newsdoc.loads(
            newsdoc.dumps(article), strict=False, dialect=article.dialect
        ).defects
    }
    assert codes >= STRAY_CODES


@given(
    st.sampled_from(BUILT_IN).flatmap(
        lambda dialect: formatted_articles(dialect, stray_lines=True)
    )
)
def test_articles_with_stray_lines_read_back_leniently_and_strictly_raise_the_first(
    article: newsdoc.Article,
) -> None:
    assert_reads_back(article)
    text = newsdoc.dumps(article)
    defects = newsdoc.loads(text, strict=False, dialect=article.dialect).defects
    assert {stray.line for stray in article.stray_lines} <= {defect.line for defect in defects}


@given(st.sampled_from(BUILT_IN).flatmap(formatted_articles))
def test_formatted_articles_have_no_stray_lines_unless_asked(article: newsdoc.Article) -> None:
    assert article.stray_lines == ()
    assert newsdoc.loads(newsdoc.dumps(article), dialect=article.dialect) == article
