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

from newsdoc._dates import DateError, DateParts, ResolvedDate
from newsdoc._errors import (
    Defect,
    FieldTypeError,
    NewsdocError,
    ParseError,
    SerializeError,
    ValidationError,
)
from newsdoc._grammar import DEFAULT_DIALECT, Dialect
from newsdoc._io import dump, load
from newsdoc._model import Article, Breadcrumb, Dateline, StrayLine, Summary, parse_dateline
from newsdoc._parser import loads
from newsdoc._serializer import dumps

__all__ = [
    "DEFAULT_DIALECT",
    "Article",
    "Breadcrumb",
    "DateError",
    "DateParts",
    "Dateline",
    "Defect",
    "Dialect",
    "FieldTypeError",
    "NewsdocError",
    "ParseError",
    "ResolvedDate",
    "SerializeError",
    "StrayLine",
    "Summary",
    "ValidationError",
    "dump",
    "dumps",
    "load",
    "loads",
    "parse_dateline",
]

# Public classes report the package as their home, in reprs, tracebacks and
# pickles, rather than the private module they happen to be defined in.
for _name in __all__:
    _value = globals()[_name]
    if isinstance(_value, type):
        _value.__module__ = __name__
del _name, _value
