"""The hook Hypothesis runs through its ``hypothesis`` entry-point group.

It teaches :func:`hypothesis.strategies.from_type` the public types, so that
``from_type(newsdoc.Article)`` draws valid articles without
:mod:`newsdoc.strategies` being imported first.  Hypothesis may run the hook
while that very module is being imported (it imports Hypothesis), so the
strategies are looked up when first drawn, not here.
"""

from __future__ import annotations

from importlib import import_module

from hypothesis import strategies as st

from newsdoc._grammar import Dialect
from newsdoc._model import Article, Breadcrumb, Dateline, Summary

__all__ = ["setup"]


def setup() -> None:
    """Register a strategy for each public type."""
    for cls in (Article, Breadcrumb, Dateline, Dialect, Summary):
        st.register_type_strategy(cls, _strategy_for)


def _strategy_for(cls: type) -> st.SearchStrategy[object]:
    strategies = import_module("newsdoc.strategies")
    strategy: st.SearchStrategy[object] = strategies._strategy_for_type(cls)
    return strategy
