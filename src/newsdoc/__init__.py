"""newsdoc: typed, lossless reading and writing of news aggregator pages.

>>> import newsdoc
>>> page = (
...     "Home / Weather / Storm closes ports\\nStorm closes ports\\n4 Feb\\n"
...     "Summary\\n- Ferries stay in harbour\\n\\nWinds reached 120 km/h."
... )
>>> article = newsdoc.loads(page)
>>> article.summary.points
('Ferries stay in harbour',)
>>> newsdoc.dumps(article) == page
True
"""

import typing

from newsdoc._version import __version__ as __version__

if typing.TYPE_CHECKING:
    from newsdoc._api import *  # noqa: F403
    from newsdoc._api import __all__ as __all__
else:  # type checkers see the names above, and no catch-all
    from importlib import import_module as _import_module

    def __getattr__(name: str) -> object:
        if name == "_unpickled":  # what the pickles of newsdoc's values call
            return _import_module("newsdoc._pickling")._unpickled
        # The API is imported when it is first used, not with the package.
        if name.startswith("_") and name != "__all__":
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        api = _import_module("newsdoc._api")
        if name != "__all__" and name not in api.__all__:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        globals().update({public: getattr(api, public) for public in api.__all__})
        globals()["__all__"] = api.__all__
        return globals()[name]

    def __dir__() -> list[str]:
        return sorted({*globals(), *_import_module("newsdoc._api").__all__})


del typing
