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
    # A format's name is a str.
    newsdoc.Article(title="T", format=None)  # type: ignore[arg-type]
    # A byline is one str, and meta maps names to strs.
    newsdoc.Article(title="T", byline=["By Ana"])  # type: ignore[arg-type]
    newsdoc.Article(title="T", meta={"tags": ["a", "b"]})  # type: ignore[dict-item]


def accepted() -> tuple[tuple[str, ...], newsdoc.Dialect]:
    article = newsdoc.Article(title="T", body=["a", "b"], dialect="default")
    return article.body, article.dialect


def formats() -> tuple[str, object, newsdoc.Format]:
    article = newsdoc.Article(title="T", format="excerpt", layout=("\n", 1))
    text = newsdoc.dumps(newsdoc.loads("T", format="page"), format="json")
    return article.format, article.layout, newsdoc.get_format(text[:0] or "json")


def lines() -> tuple[str | None, str | None]:
    from types import MappingProxyType

    article = newsdoc.Article(
        title="T", byline="By Ana", meta=MappingProxyType({"tags": "a"}), format="wire"
    )
    return article.byline, article.meta.get("tags")
