"""Every public name, with ``__all__``: imported the first time one is asked for.

``import newsdoc`` does not import this module, so a program that needs only
the version (``newsdoc --version``) starts without the library's dependencies.
"""

from newsdoc._convert import (
    FORMAT_VERSION,
    DocumentError,
    configure_converter,
    dump_jsonl,
    from_dict,
    from_json,
    json_schema,
    load_jsonl,
    make_converter,
    to_dict,
    to_json,
)
from newsdoc._dates import DateError, DateParts, ResolvedDate
from newsdoc._errors import (
    Defect,
    FieldTypeError,
    NewsdocError,
    ParseError,
    ReadError,
    SerializeError,
    ValidationError,
    WriteError,
)
from newsdoc._exports import UnknownExportError, export, export_names, register_export
from newsdoc._formats import CONFIDENT, dump, dumps, load, loads
from newsdoc._grammar import (
    DEFAULT_DIALECT,
    Dialect,
    UnknownDialectError,
    dialect_names,
    register_dialect,
)
from newsdoc._model import (
    Article,
    Breadcrumb,
    Dateline,
    Failure,
    Record,
    StrayLine,
    Summary,
    parse_dateline,
)
from newsdoc._plugins import (
    Format,
    PluginError,
    PluginWarning,
    UnknownFormatError,
    format_names,
    get_format,
    register_format,
)
from newsdoc._records import load_many
from newsdoc._registry import NameTakenError

__all__ = [
    "CONFIDENT",
    "DEFAULT_DIALECT",
    "FORMAT_VERSION",
    "Article",
    "Breadcrumb",
    "DateError",
    "DateParts",
    "Dateline",
    "Defect",
    "Dialect",
    "DocumentError",
    "Failure",
    "FieldTypeError",
    "Format",
    "NameTakenError",
    "NewsdocError",
    "ParseError",
    "PluginError",
    "PluginWarning",
    "ReadError",
    "Record",
    "ResolvedDate",
    "SerializeError",
    "StrayLine",
    "Summary",
    "UnknownDialectError",
    "UnknownExportError",
    "UnknownFormatError",
    "ValidationError",
    "WriteError",
    "configure_converter",
    "dialect_names",
    "dump",
    "dump_jsonl",
    "dumps",
    "export",
    "export_names",
    "format_names",
    "from_dict",
    "from_json",
    "get_format",
    "json_schema",
    "load",
    "load_jsonl",
    "load_many",
    "loads",
    "make_converter",
    "parse_dateline",
    "register_dialect",
    "register_export",
    "register_format",
    "to_dict",
    "to_json",
]
