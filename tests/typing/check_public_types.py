"""What type checkers must refuse: ``mypy --strict`` checks this file in CI.

Each ``type: ignore`` marks a call that must be a type error; with
``warn_unused_ignores`` (part of ``--strict``) a call that stops being one
fails the check.  Nothing here runs.
"""

from __future__ import annotations

import newsdoc


def refused() -> None:
    # A paragraph where a tuple of them belongs.
    newsdoc.Article(title="T", body="one paragraph")  # type: ignore[arg-type]
    newsdoc.Summary(points="one point")  # type: ignore[arg-type]
    newsdoc.Breadcrumb(segments="Home")  # type: ignore[arg-type]
    # The layout is private: not a parameter type checkers know.
    newsdoc.Article(title="T", layout=None)  # type: ignore[call-arg]


def accepted() -> tuple[tuple[str, ...], newsdoc.Dialect]:
    article = newsdoc.Article(title="T", body=["a", "b"], dialect="default")
    return article.body, article.dialect
