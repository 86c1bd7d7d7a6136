"""One-way exports to the formats newsrooms and the web use, found by name.

Each export is a function ``(article, **options) -> str`` in one registry;
:func:`export` looks it up, :func:`register_export` adds one, and
:func:`export_names` lists them.  The field mappings are documented in
``docs/json-and-exports.md``.
"""

from __future__ import annotations

import hashlib
import html
import inspect
import json
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from newsdoc._errors import FieldTypeError, NewsdocError, SerializeError
from newsdoc._model import Article
from newsdoc._registry import check_free, checked_name, look_up

__all__ = ["Exporter", "UnknownExportError", "export", "export_names", "register_export"]

Exporter = Callable[..., str]
"""An export: takes an article and keyword options, returns the exported text."""

_EXPORTS: dict[str, tuple[Exporter, inspect.Signature | None]] = {}
"""Each export, with its signature where Python can tell it, to check options against."""


class UnknownExportError(NewsdocError, LookupError):
    """No export is registered under that name."""

    __module__ = "newsdoc"


def register_export(name: str, exporter: Exporter, *, replace: bool = False) -> None:
    """Make ``exporter`` reachable as ``export(article, name, ...)``.

    :raises FieldTypeError: when ``name`` is not a str, or ``exporter`` is
        not callable.
    :raises ValidationError: when ``name`` is empty or not printable.
    :raises NameTakenError: (a ``ValidationError``) when another export has
        the name and ``replace`` is false.
    """
    checked_name(name, "export")
    if not callable(exporter):
        raise FieldTypeError(f"an export is a callable, got {type(exporter).__name__}")
    try:
        signature: inspect.Signature | None = inspect.signature(exporter)
    except (TypeError, ValueError):  # some built-in callables do not tell
        signature = None
    check_free(_EXPORTS, name, (exporter, signature), replace=replace, kind="export")
    _EXPORTS[name] = (exporter, signature)


def export_names() -> list[str]:
    """The names of the registered exports, sorted."""
    return sorted(_EXPORTS)


def export(article: Article, name: str, **options: Any) -> str:
    """``article`` in the format registered as ``name``.

    >>> from newsdoc import Article
    >>> print(export(Article(title="Bridge reopens"), "markdown"))
    ---
    title: "Bridge reopens"
    ---
    <BLANKLINE>
    # Bridge reopens
    <BLANKLINE>

    :raises UnknownExportError: naming the registered exports.
    :raises FieldTypeError: when ``article`` is not an article, ``name`` is
        not a str, or the export takes no such options (or not of those
        types).
    """
    if not isinstance(article, Article):
        raise FieldTypeError(f"export() takes an Article, got {type(article).__name__}")
    exporter, signature = look_up(_EXPORTS, name, "export", UnknownExportError)
    if signature is not None:
        try:
            signature.bind(article, **options)
        except TypeError as error:
            raise FieldTypeError(f"wrong options for the {name!r} export: {error}") from None
    exported = exporter(article, **options)
    if not isinstance(exported, str):
        raise FieldTypeError(f"the {name!r} export returned {type(exported).__name__}, not a str")
    return exported


def _optional_str(value: object, option: str) -> None:
    if value is not None and not isinstance(value, str):
        raise FieldTypeError(f"{option} must be a str or None, got {type(value).__name__}")


# Inside <script type="application/ld+json">, "</script>" ends the element
# and "<!--" changes how the rest is read; "&" starts an entity in XHTML;
# U+2028 and U+2029 end a line in JavaScript before ES2019.  JSON holds these
# characters only inside strings, where a \u escape means the same: the
# output can be embedded as it is.
_SCRIPT_SAFE = str.maketrans({c: f"\\u{ord(c):04x}" for c in "<>&\u2028\u2029"})


def _json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2).translate(_SCRIPT_SAFE)


# A URL as RFC 3986 has it, of the web's two schemes, with a host: what the exports
# can give as a link without checking it further.  Any other source is left out.
_URL_CHARACTER = r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})"
_WEB_URL = re.compile(
    rf"(?i:https?)://(?:[A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{{2}})+(?::[0-9]*)?"
    rf"(?:/{_URL_CHARACTER}*)*(?:\?(?:{_URL_CHARACTER}|[/?])*)?(?:#(?:{_URL_CHARACTER}|[/?])*)?"
)


def source_url(article: Article) -> str | None:
    """The article's ``source`` meta line, where it is an absolute http or https URL."""
    source = article.meta.get("source")
    return source if source is not None and _WEB_URL.fullmatch(source) else None


def content_hash(article: Article) -> str:
    """A SHA-256 of what every rendering of a page shares.

    Breadcrumb, title, summary points and body: not the dateline (one
    rendering drops it), nor the formatting.
    """
    content = [
        list(article.breadcrumb.segments) if article.breadcrumb else None,
        article.title,
        list(article.summary.points) if article.summary else None,
        list(article.body),
    ]
    encoded = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8", "surrogatepass")).hexdigest()


# -- schema.org JSON-LD -----------------------------------------------------------


def to_jsonld(article: Article, *, reference: date | None = None, url: str | None = None) -> str:
    """A schema.org ``NewsArticle`` in JSON-LD, safe to embed in a ``<script>`` element.

    ``url`` is the page's address; without it, the article's ``source`` meta
    line where that is an http or https URL.
    """
    _optional_str(url, "url")
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
    }
    if article.byline is not None:
        data["author"] = {"@type": "Person", "name": article.byline}
    if url is None:
        url = source_url(article)
    page: dict[str, Any] = {"@type": "WebPage"}
    if url is not None:
        page["@id"] = url
        data["url"] = url
    if article.breadcrumb is not None:
        page["breadcrumb"] = {
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": number, "name": segment}
                for number, segment in enumerate(article.breadcrumb.segments, 1)
            ],
        }
        if article.breadcrumb.sections:
            data["articleSection"] = list(article.breadcrumb.sections)
    data["mainEntityOfPage"] = page
    if article.summary is not None:
        data["description"] = " ".join(article.summary.points)
        data["abstract"] = "\n".join(article.summary.points)
    if article.body:
        data["articleBody"] = "\n\n".join(article.body)
    published = article.publication_date(reference)
    if published is not None:
        data["datePublished"] = published.value.isoformat()
    return _json(data)


# -- IPTC ninjs 3.1 ---------------------------------------------------------------


def to_ninjs(
    article: Article, *, reference: date | None = None, base_uri: str | None = None
) -> str:
    """An IPTC ninjs 3.1 news object.

    ``uri`` is ``base_uri`` followed by the content hash; without it, the
    article's ``source`` meta line where that is an http or https URL, or
    else a ``urn:newsdoc:sha256:`` URN of the hash.  The byline is ``by``,
    ninjs 3.1's statement of who made the content.  ninjs has date-time fields only, so
    ``contentCreated`` is written only when the dateline gives a time.  Safe
    to embed in a ``<script>`` element.
    """
    _optional_str(base_uri, "base_uri")
    source = None if base_uri else source_url(article)
    if source is not None:
        uri = source
    else:
        digest = content_hash(article)
        uri = f"{base_uri}{digest}" if base_uri else f"urn:newsdoc:sha256:{digest}"
    data: dict[str, Any] = {
        "uri": uri,
        "type": "text",
        "headlines": [{"role": "main", "value": article.title}],
    }
    if article.byline is not None:
        data["by"] = article.byline
    if article.summary is not None:
        data["descriptions"] = [
            {"role": "summary", "contentType": "text/plain", "value": point}
            for point in article.summary.points
        ]
    if article.body:
        text = "\n\n".join(article.body)
        data["bodies"] = [
            {
                "role": "main",
                "contentType": "text/plain",
                "value": text,
                "charCount": len(text),
                "wordCount": len(text.split()),
            }
        ]
    if article.breadcrumb is not None and article.breadcrumb.sections:
        data["subjects"] = [
            {"name": section, "rel": "section"} for section in article.breadcrumb.sections
        ]
    published = article.publication_date(reference)
    if published is not None and isinstance(published.value, datetime):
        data["contentCreated"] = published.value.isoformat()
    return _json(data)


# -- Markdown with YAML front matter ----------------------------------------------

# YAML reads only printable characters, folds U+0085, U+2028 and U+2029 into
# line breaks (YAML 1.1), and does not rejoin escaped surrogate pairs: every
# such character is written as an escape instead.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
# Every ASCII punctuation character may be escaped in CommonMark, and escaped
# it is literal: no emphasis, link, heading, list, entity or raw HTML.
_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
# What renderers strip from the ends of a heading, a list item or a paragraph:
# CommonMark strips spaces and tabs, markdown-it what JavaScript's trim() does
# (U+FEFF among it), others what Python's str.strip() does.  Every str.isspace()
# character is here.
_STRIPPED = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
    "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)
# Of those, the controls markdown-it reads a character reference to as U+FFFD:
# at the very end of a text they can be written neither as they are nor as a
# reference.  Anywhere else they stay as they are.
_UNREFERENCED = "\x0b\x1c\x1d\x1e\x1f\x85"
# A character reference is read back as its character, and is not stripped.
_REFERENCES = str.maketrans({c: f"&#x{ord(c):X};" for c in _STRIPPED if c not in _UNREFERENCED})


def _yaml_string(text: str) -> str:
    quoted = json.dumps(text, ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda match: f"\\u{ord(match[0]):04x}", quoted)


def _markdown_text(text: str) -> str:
    start = len(text) - len(text.lstrip(_STRIPPED))
    end = max(start, len(text.rstrip(_STRIPPED)))
    return (
        text[:start].translate(_REFERENCES)
        + _MARKDOWN_PUNCTUATION.sub(r"\\\1", text[start:end])
        + text[end:].translate(_REFERENCES)
    )


def _markdown_problem(what: str, text: str) -> str | None:
    """Why ``text`` cannot be written so that a CommonMark renderer shows it whole, if so."""
    if "\x00" in text:
        return f"{what} holds NUL (U+0000), which Markdown reads as U+FFFD"
    for edge in text[:1] + text[-1:]:
        if edge in _UNREFERENCED:
            return (
                f"{what} starts or ends with U+{ord(edge):04X}, which Markdown renderers "
                "strip there and read as U+FFFD when referenced"
            )
    return None


def to_markdown(article: Article, *, reference: date | None = None) -> str:
    """Markdown with YAML front matter, as Hugo and Jekyll read it.

    White space at either end of the title, a point or a paragraph is
    written as character references, which renderers do not strip.

    :raises SerializeError: naming each title, point or paragraph that holds
        NUL, or starts or ends with U+000B, U+001C to U+001F or U+0085.
    """
    listed = article.summary.points if article.summary is not None else ()
    texts = [
        ("the title", article.title),
        *((f"summary point {n}", point) for n, point in enumerate(listed, 1)),
        *((f"paragraph {n}", paragraph) for n, paragraph in enumerate(article.body, 1)),
    ]
    problems = [problem for what, text in texts if (problem := _markdown_problem(what, text))]
    if problems:
        raise SerializeError(problems)
    front = [f"title: {_yaml_string(article.title)}"]
    if article.byline is not None:
        front.append(f"author: {_yaml_string(article.byline)}")
    if article.breadcrumb is not None:
        segments = ", ".join(_yaml_string(s) for s in article.breadcrumb.segments)
        front.append(f"breadcrumb: [{segments}]")
        if article.breadcrumb.sections:
            sections = ", ".join(_yaml_string(s) for s in article.breadcrumb.sections)
            front.append(f"categories: [{sections}]")
    if article.dateline is not None:
        front.append(f"dateline: {_yaml_string(article.dateline.text)}")
    published = article.publication_date(reference)
    if published is not None:
        front.append(f"date: {_yaml_string(published.value.isoformat())}")
    if article.summary is not None:
        points = ", ".join(_yaml_string(p) for p in article.summary.points)
        front.append(f"summary: [{points}]")
    lines = ["---", *front, "---", "", f"# {_markdown_text(article.title)}", ""]
    if article.summary is not None:
        lines += [f"- {_markdown_text(point)}" for point in article.summary.points]
        lines.append("")
    for paragraph in article.body:
        lines += [_markdown_text(paragraph), ""]
    return "\n".join(lines)


# -- HTML -------------------------------------------------------------------------


def to_html(article: Article, *, reference: date | None = None) -> str:
    """A small semantic HTML document: every piece of text escaped."""

    def text(value: str) -> str:
        return html.escape(value, quote=True)

    parts = [
        "<!DOCTYPE html>",
        '<html><head><meta charset="utf-8">',
        f"<title>{text(article.title)}</title></head>",
        "<body><article>",
    ]
    if article.breadcrumb is not None:
        items = "".join(f"<li>{text(s)}</li>" for s in article.breadcrumb.segments)
        parts.append(f'<nav aria-label="Breadcrumb"><ol>{items}</ol></nav>')
    parts.append(f"<header><h1>{text(article.title)}</h1>")
    if article.byline is not None:
        parts.append(f'<p class="byline">{text(article.byline)}</p>')
    if article.dateline is not None:
        published = article.publication_date(reference)
        stamp = f' datetime="{text(published.value.isoformat())}"' if published else ""
        parts.append(f"<p><time{stamp}>{text(article.dateline.text)}</time></p>")
    parts.append("</header>")
    if article.summary is not None:
        points = "".join(f"<li>{text(p)}</li>" for p in article.summary.points)
        parts.append(
            f'<section aria-label="Summary"><h2>{text(article.summary.heading)}</h2>'
            f"<ul>{points}</ul></section>"
        )
    parts += [f"<p>{text(paragraph)}</p>" for paragraph in article.body]
    parts.append("</article></body></html>")
    return "\n".join(parts) + "\n"


for _name, _exporter in (
    ("html", to_html),
    ("jsonld", to_jsonld),
    ("markdown", to_markdown),
    ("ninjs", to_ninjs),
):
    register_export(_name, _exporter)
del _name, _exporter
