"""Exports: the registry, each format's mapping, and escaping that holds for any text."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import date, datetime, timezone
from html.parser import HTMLParser

import jsonschema
import pytest
import rfc3986_validator
import yaml
from hypothesis import given, reject
from hypothesis import strategies as st
from markdown_it import MarkdownIt

import newsdoc
from newsdoc.strategies import articles, line_texts

from support import DATA, bylined_articles, read_fixture

REFERENCE = date(2025, 8, 2)


def page(name: str) -> newsdoc.Article:
    return newsdoc.loads(read_fixture(name)[0])


def buildable(build: Callable[[], newsdoc.Article]) -> newsdoc.Article:
    """The article ``build`` makes; an example is dropped where the text cannot make one.

    (A body line ``- x`` right after the summary would read back as a point.)
    """
    try:
        return build()
    except newsdoc.ValidationError:
        reject()


def test_every_export_is_found_by_name() -> None:
    assert newsdoc.export_names() == ["html", "jsonld", "markdown", "ninjs"]


def test_an_unknown_export_names_the_known_ones() -> None:
    with pytest.raises(newsdoc.UnknownExportError, match="html, jsonld, markdown, ninjs"):
        newsdoc.export(page("rendering-a"), "pdf")


def test_exports_can_be_added_and_replaced() -> None:
    newsdoc.register_export("title-only", lambda article, **options: article.title)
    try:
        assert newsdoc.export(page("rendering-a"), "title-only").startswith("Dutch")
        with pytest.raises(newsdoc.NameTakenError, match="registered already"):
            newsdoc.register_export("title-only", str)
        newsdoc.register_export("title-only", lambda article, **options: "x", replace=True)
        assert newsdoc.export(page("rendering-a"), "title-only") == "x"
    finally:
        from newsdoc._exports import _EXPORTS

        del _EXPORTS["title-only"]


@pytest.mark.parametrize(
    ("name", "exporter", "error"),
    [
        ("five", 5, newsdoc.FieldTypeError),
        (5, str, newsdoc.FieldTypeError),
        (None, str, newsdoc.FieldTypeError),
        ("", str, newsdoc.ValidationError),
    ],
)
def test_only_a_callable_under_a_non_empty_name_is_registered(
    name: object, exporter: object, error: type[Exception]
) -> None:
    with pytest.raises(error):
        newsdoc.register_export(name, exporter)  # type: ignore[arg-type]
    assert newsdoc.export_names() == ["html", "jsonld", "markdown", "ninjs"]


@pytest.mark.parametrize("name", [[], None, 5, b"html"])
def test_a_name_that_is_not_a_str_is_refused_with_the_known_names(name: object) -> None:
    with pytest.raises(newsdoc.FieldTypeError, match="html, jsonld, markdown, ninjs"):
        newsdoc.export(page("rendering-a"), name)  # type: ignore[arg-type]


@pytest.mark.parametrize("article", [None, "Storm closes ports", {"title": "Storm"}])
def test_only_an_article_is_exported(article: object) -> None:
    with pytest.raises(newsdoc.FieldTypeError, match="takes an Article"):
        newsdoc.export(article, "html")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("html", {"colour": "red"}),
        ("jsonld", {"url": 5}),
        ("ninjs", {"base_uri": b"https://news.example.org/"}),
        ("markdown", {"reference": "2025-08-02"}),
        ("jsonld", {"reference": 20250802}),
    ],
)
def test_unknown_options_and_options_of_the_wrong_type_are_refused(
    name: str, options: dict[str, object]
) -> None:
    with pytest.raises(newsdoc.FieldTypeError):
        newsdoc.export(page("rendering-a"), name, **options)


def test_an_export_that_returns_no_str_is_reported() -> None:
    newsdoc.register_export("bytes", lambda article: article.title.encode())
    try:
        with pytest.raises(newsdoc.FieldTypeError, match="returned bytes"):
            newsdoc.export(page("rendering-a"), "bytes")
    finally:
        from newsdoc._exports import _EXPORTS

        del _EXPORTS["bytes"]


def test_a_dateline_that_states_no_real_date_gives_no_date_in_any_export() -> None:
    article = newsdoc.loads("T\n2025-13-45T10:00")
    assert article.dateline is not None
    html = newsdoc.export(article, "html", reference=REFERENCE)
    assert "<time>2025-13-45T10:00</time>" in html
    assert "datePublished" not in json.loads(newsdoc.export(article, "jsonld"))
    assert "contentCreated" not in json.loads(newsdoc.export(article, "ninjs"))
    markdown = front_matter(newsdoc.export(article, "markdown", reference=REFERENCE))
    assert markdown["dateline"] == "2025-13-45T10:00"
    assert "date" not in markdown


# -- JSON-LD ----------------------------------------------------------------------


def test_jsonld_maps_the_article_onto_news_article_and_web_page() -> None:
    data = json.loads(newsdoc.export(page("rendering-a"), "jsonld", reference=REFERENCE))
    assert data["@type"] == "NewsArticle"
    assert data["headline"].startswith("Dutch and Belgian")
    assert data["articleSection"] == ["Business"]
    crumbs = data["mainEntityOfPage"]["breadcrumb"]
    assert crumbs["@type"] == "BreadcrumbList"
    assert [item["name"] for item in crumbs["itemListElement"]][:2] == ["Home", "Business"]
    assert [item["position"] for item in crumbs["itemListElement"]] == [1, 2, 3]
    assert data["description"].startswith("Sleeper trains")
    assert data["articleBody"].count("\n\n") == 3
    assert data["datePublished"] == "2025-03-14"


def test_jsonld_writes_no_date_it_cannot_resolve() -> None:
    article = newsdoc.Article(title="Bridge reopens", dateline=newsdoc.Dateline(text="8 Oct"))
    assert "datePublished" not in json.loads(newsdoc.export(article, "jsonld"))
    dated = json.loads(newsdoc.export(article, "jsonld", reference=REFERENCE))
    assert dated["datePublished"] == "2024-10-08"


# -- ninjs ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ninjs_validator() -> jsonschema.Validator:
    schema = json.loads((DATA / "ninjs" / "ninjs-schema_3.1.json").read_text(encoding="utf-8"))
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    assert {"uri", "date-time"} <= set(checker.checkers)  # rfc3986/rfc3339 validators installed
    return jsonschema.Draft202012Validator(schema, format_checker=checker)


@given(articles())
def test_ninjs_output_validates_against_the_official_schema(
    ninjs_validator: jsonschema.Validator, article: newsdoc.Article
) -> None:
    ninjs_validator.validate(json.loads(newsdoc.export(article, "ninjs")))
    with_base = newsdoc.export(article, "ninjs", base_uri="https://news.example.org/items/")
    ninjs_validator.validate(json.loads(with_base))


def test_ninjs_validates_a_timed_page(ninjs_validator: jsonschema.Validator) -> None:
    article = newsdoc.Article(
        title="Bridge reopens", dateline=newsdoc.Dateline(text="Jul 31, 2025, 4:05 PM (IST)")
    )
    data = json.loads(newsdoc.export(article, "ninjs"))
    ninjs_validator.validate(data)
    assert data["contentCreated"] == "2025-07-31T16:05:00+05:30"


def test_ninjs_writes_no_invented_midnight() -> None:
    data = json.loads(newsdoc.export(page("rendering-a"), "ninjs", reference=REFERENCE))
    assert "contentCreated" not in data
    assert not any(key.endswith("Created") for key in data)


def test_both_renderings_of_a_page_get_the_same_ninjs_uri() -> None:
    b = page("rendering-b")
    a = newsdoc.loads(newsdoc.dumps(newsdoc.Article(
        breadcrumb=b.breadcrumb, title=b.title, dateline=newsdoc.Dateline(text="9 Apr"),
        summary=b.summary, body=b.body,
    )))  # fmt: skip
    uri = json.loads(newsdoc.export(b, "ninjs"))["uri"]
    assert uri == json.loads(newsdoc.export(a, "ninjs"))["uri"]
    assert uri.startswith("urn:newsdoc:sha256:")
    other = json.loads(newsdoc.export(page("rendering-a"), "ninjs"))["uri"]
    assert other != uri


def test_ninjs_maps_sections_to_subjects_and_the_summary_to_descriptions() -> None:
    data = json.loads(newsdoc.export(page("rendering-a"), "ninjs"))
    assert data["subjects"] == [{"name": "Business", "rel": "section"}]
    assert len(data["descriptions"]) == 3
    assert data["bodies"][0]["contentType"] == "text/plain"


# -- Markdown ---------------------------------------------------------------------


def front_matter(markdown: str) -> dict[str, object]:
    assert markdown.startswith("---\n")
    block = markdown[4 : markdown.index("\n---\n")]
    loaded = yaml.safe_load(block)
    assert isinstance(loaded, dict)
    return loaded


@given(articles())
def test_markdown_front_matter_reads_back_with_a_yaml_parser(article: newsdoc.Article) -> None:
    try:
        markdown = newsdoc.export(article, "markdown")
    except newsdoc.SerializeError:  # text Markdown cannot carry: see the tests below
        reject()
    data = front_matter(markdown)
    assert data["title"] == article.title
    if article.breadcrumb is not None:
        assert data["breadcrumb"] == list(article.breadcrumb.segments)
    if article.summary is not None:
        assert data["summary"] == list(article.summary.points)
    if article.dateline is not None:
        assert data["dateline"] == article.dateline.text


@pytest.mark.parametrize("character", ["\x85", "\x9f", "\u2028", "\u2029", "\U0001f30d", "\x7f"])
def test_yaml_sensitive_characters_survive_the_front_matter(character: str) -> None:
    title = f"Storm{character}closes ports"
    data = front_matter(newsdoc.export(newsdoc.Article(title=title), "markdown"))
    assert data["title"] == title


def test_markdown_escapes_markup_and_html() -> None:
    article = newsdoc.Article(
        title="*Bold* claim",
        body=("<script>alert(1)</script> & [link](http://x) # not a heading", "1. not a list"),
    )
    markdown = newsdoc.export(article, "markdown")
    body = markdown.split("\n---\n", 1)[1]
    assert "<script>" not in body
    assert "\\<script\\>" in body
    assert "\\[link\\]\\(http://x\\)" in body.replace("\\:", ":").replace("\\/", "/")
    assert "1\\. not a list" in body
    assert "# \\*Bold\\* claim" in body


# What a renderer may strip from the ends of a text: every str.isspace()
# character, and U+FEFF, which JavaScript's trim() strips.
STRIPPED = (
    "".join(chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace()) + "\ufeff"
)
# The Markdown export refuses these at either end: references to them read as U+FFFD.
REFUSED_AT_THE_ENDS = "\x0b\x1c\x1d\x1e\x1f\x85"


class _Blocks(HTMLParser):
    """The text of each block of rendered Markdown, in order, with the tags met."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.blocks: list[tuple[str, str]] = []
        self.open: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.open.append((tag, []))

    def handle_endtag(self, tag: str) -> None:
        opened, text = self.open.pop()
        assert opened == tag
        if tag != "ul":
            self.blocks.append((tag, "".join(text)))

    def handle_data(self, data: str) -> None:
        if self.open:
            self.open[-1][1].append(data)


def rendered_blocks(markdown: str) -> _Blocks:
    """The blocks a CommonMark renderer makes of an export, front matter left out."""
    parser = _Blocks()
    parser.feed(MarkdownIt("commonmark").render(markdown.split("\n---\n", 1)[1]))
    parser.close()
    return parser


def refused_in_markdown(text: str) -> bool:
    return "\x00" in text or any(end in REFUSED_AT_THE_ENDS for end in text[:1] + text[-1:])


# Markdown's markup, entities and references, and what renderers strip.
MARKDOWN_PIECES = ["#", "# ", "> ", "- ", "+ ", "* ", "1. ", "2)", "\\", "\\*", "&amp;", "&#xA0;",
                   "&#0;", "&copy", "<div>", "<!--", "*a*", "_b_", "`", "```", "~~~", "[a]: /u",
                   "[x](y)", "<http://x>", "===", "---", "***", "    ", "\t", "\x00", "\u200b",
                   "\ufffd"]  # fmt: skip
markdown_hostile = st.lists(
    st.sampled_from(MARKDOWN_PIECES)
    | st.lists(
        st.sampled_from(STRIPPED.translate({ord("\n"): None, ord("\r"): None})), max_size=3
    ).map("".join)
    | st.text(st.characters(exclude_characters="\n\r"), max_size=6),
    min_size=1,
    max_size=8,
).map(lambda parts: "".join(parts).strip(" \t") or "x")


@given(
    markdown_hostile,
    st.lists(markdown_hostile, max_size=3),
    st.lists(markdown_hostile, max_size=3),
)
def test_a_commonmark_renderer_shows_each_text_of_the_markdown_whole(
    title: str, points: list[str], body: list[str]
) -> None:
    article = buildable(
        lambda: newsdoc.Article(
            title=title,
            summary=newsdoc.Summary(points=tuple(points)) if points else None,
            body=tuple(body),
        )
    )
    try:
        markdown = newsdoc.export(article, "markdown")
    except newsdoc.SerializeError:
        assert any(refused_in_markdown(text) for text in (title, *points, *body))
        return
    rendered = rendered_blocks(markdown)
    assert rendered.tags <= {"h1", "ul", "li", "p"}
    assert rendered.blocks == [
        ("h1", title),
        *(("li", point) for point in points),
        *(("p", paragraph) for paragraph in body),
    ]


@pytest.mark.parametrize("space", [c for c in STRIPPED if c not in "\n\r"], ids=ascii)
def test_white_space_at_either_end_of_a_text_survives_commonmark_or_is_refused(
    space: str,
) -> None:
    # A title cannot start with U+FEFF: a page's first line would lose it to the byte order mark.
    title = f"Storm closes ports{space}".strip(" \t")
    point = f"{space}Ports shut{space}".strip(" \t")
    article = newsdoc.Article(title=title, summary=newsdoc.Summary(points=(point,)), body=(point,))
    if space in REFUSED_AT_THE_ENDS:
        with pytest.raises(newsdoc.SerializeError) as caught:
            newsdoc.export(article, "markdown")
        assert [problem.split(" starts or ends")[0] for problem in caught.value.problems] == [
            "the title",
            "summary point 1",
            "paragraph 1",
        ]
    else:
        blocks = rendered_blocks(newsdoc.export(article, "markdown")).blocks
        assert blocks == [("h1", title), ("li", point), ("p", point)]


def test_markdown_refuses_text_holding_nul_naming_where() -> None:
    article = newsdoc.Article(
        title="Storm\x00", summary=newsdoc.Summary(points=("Ports close",)), body=("a\x00b",)
    )
    with pytest.raises(newsdoc.SerializeError) as caught:
        newsdoc.export(article, "markdown")
    assert [problem.split(" holds")[0] for problem in caught.value.problems] == [
        "the title",
        "paragraph 1",
    ]


# -- HTML -------------------------------------------------------------------------


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


WRITTEN_TAGS = {"html", "head", "meta", "title", "body", "article", "nav", "ol", "li", "header",
                "h1", "p", "time", "section", "h2", "ul"}  # fmt: skip
WRITTEN_ATTRIBUTES = {"charset", "aria-label", "datetime"}
hostile = st.lists(
    st.sampled_from(
        ['<script>alert("x")</script>', "<img src=x onerror=y>", "&amp;", '"', "'", "<", ">"]
    )
    | line_texts(10),
    min_size=1,
    max_size=6,
).map(lambda parts: "".join(parts).strip(" \t") or "x")


@given(hostile, hostile, st.lists(hostile, max_size=3))
def test_html_escapes_every_piece_of_text(title: str, point: str, body: list[str]) -> None:
    article = buildable(
        lambda: newsdoc.Article(
            breadcrumb=newsdoc.Breadcrumb(segments=("Home", point)),
            title=title,
            dateline=newsdoc.Dateline(text=point),
            summary=newsdoc.Summary(points=(point,)),
            body=tuple(body),
        )
    )
    parser = _Tags()
    parser.feed(newsdoc.export(article, "html"))
    parser.close()
    assert parser.tags <= WRITTEN_TAGS
    assert parser.attributes <= WRITTEN_ATTRIBUTES
    assert title in "".join(parser.text).replace("\r", "")


def test_html_marks_up_the_parts_of_the_page() -> None:
    document = newsdoc.export(page("rendering-a"), "html", reference=REFERENCE)
    assert '<nav aria-label="Breadcrumb"><ol><li>Home</li>' in document
    assert '<time datetime="2025-03-14">14 Mar</time>' in document
    assert '<section aria-label="Summary"><h2>Summary</h2><ul><li>Sleeper' in document


# -- any text ---------------------------------------------------------------------


hostile_text = st.lists(
    st.sampled_from(
        ["</script>", "<!--", "-->", "&amp;", "<", ">", "&", "\u2028", "\u2029", "\\u003c"]
    )
    | st.sampled_from(["\x00", "\x1b[2J", "\u202e", "\udc80", "\ufeff"])
    | st.text(st.characters(exclude_categories=("Cc", "Zl", "Zp")), max_size=8),
    min_size=1,
    max_size=8,
).map(lambda parts: "".join(parts).strip(" \t\u00a0") or "x")


@given(hostile_text, st.lists(hostile_text, max_size=3))
def test_json_exports_escape_what_would_end_a_script_element(title: str, body: list[str]) -> None:
    article = buildable(lambda: newsdoc.Article(title=title, body=tuple(body)))
    for name in ("jsonld", "ninjs"):
        exported = newsdoc.export(article, name)
        assert not set(exported) & {"<", ">", "&", "\u2028", "\u2029"}
        data = json.loads(exported)
        if name == "jsonld":
            assert data["headline"] == title
            assert data.get("articleBody", "") == "\n\n".join(body)
        else:
            assert data["headlines"][0]["value"] == title
            assert data.get("bodies", [{"value": ""}])[0]["value"] == "\n\n".join(body)


def hostile_article(title: str, text: str, body: list[str]) -> newsdoc.Article:
    return buildable(
        lambda: newsdoc.Article(
            breadcrumb=newsdoc.Breadcrumb(segments=("Home", text, title)),
            title=title,
            dateline=newsdoc.Dateline(text=text),
            summary=newsdoc.Summary(points=(text,)),
            body=tuple(body),
        )
    )


references = st.none() | st.dates() | st.datetimes(timezones=st.just(timezone.utc))


@given(
    articles()
    | bylined_articles()
    | st.builds(hostile_article, hostile_text, hostile_text, st.lists(hostile_text)),
    references,
)
def test_every_export_gives_a_str_or_a_newsdoc_error(
    article: newsdoc.Article, reference: date | datetime | None
) -> None:
    for name in newsdoc.export_names():
        try:
            exported = newsdoc.export(article, name, reference=reference)
        except newsdoc.NewsdocError:
            continue
        assert isinstance(exported, str)


# -- byline and meta ----------------------------------------------------------------


def is_web_url(text: str) -> bool:
    """Whether ``text`` is an absolute http or https URL with a host, as RFC 3986 has it."""
    scheme, _, rest = text.partition("://")
    return (
        scheme.lower() in ("http", "https")
        and bool(rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0])
        and bool(rfc3986_validator.validate_rfc3986(text))
        and "\n" not in text
    )


@given(bylined_articles())
def test_jsonld_gives_the_byline_as_the_author_and_a_source_url_as_the_url(
    article: newsdoc.Article,
) -> None:
    data = json.loads(newsdoc.export(article, "jsonld"))
    if article.byline is None:
        assert "author" not in data
    else:
        assert data["author"] == {"@type": "Person", "name": article.byline}
    source = article.meta.get("source")
    if source is not None and is_web_url(source):
        assert data["url"] == data["mainEntityOfPage"]["@id"] == source
    else:
        assert "url" not in data
    given_url = json.loads(newsdoc.export(article, "jsonld", url="https://example.net/p"))
    assert given_url["url"] == "https://example.net/p"
    assert set(data) <= {*given_url, "url"}


@given(bylined_articles())
def test_ninjs_gives_the_byline_as_by_and_a_source_url_as_the_uri_and_validates(
    ninjs_validator: jsonschema.Validator, article: newsdoc.Article
) -> None:
    data = json.loads(newsdoc.export(article, "ninjs"))
    ninjs_validator.validate(data)
    assert data.get("by") == article.byline
    source = article.meta.get("source")
    if source is not None and is_web_url(source):
        assert data["uri"] == source
    else:
        assert data["uri"].startswith("urn:newsdoc:sha256:")
    based = json.loads(newsdoc.export(article, "ninjs", base_uri="https://example.net/items/"))
    ninjs_validator.validate(based)
    assert based["uri"].startswith("https://example.net/items/")


@given(bylined_articles())
def test_markdown_front_matter_gives_the_byline_as_the_author(article: newsdoc.Article) -> None:
    try:
        markdown = newsdoc.export(article, "markdown")
    except newsdoc.SerializeError:  # text Markdown cannot carry: see the tests above
        reject()
    data = front_matter(markdown)
    assert data.get("author") == article.byline
    assert data["title"] == article.title
    assert set(data) <= {"title", "author", "breadcrumb", "categories", "dateline", "summary"}


@pytest.mark.parametrize("character", ["\x85", "\u2028", "\ufeff", '"', "\\", ": ", "#"])
def test_yaml_sensitive_characters_survive_in_the_author(character: str) -> None:
    byline = f"By Ana{character}Ruiz"
    article = newsdoc.Article(title="Storm", byline=byline, format="wire")
    assert front_matter(newsdoc.export(article, "markdown"))["author"] == byline


class _Byline(HTMLParser):
    """The text of the ``<p class="byline">`` of an HTML export, and every tag met."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inside = False
        self.text: list[str] = []
        self.tags: set[str] = set()
        self.attributes: set[tuple[str, str | None]] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.update(attrs)
        self.inside = (tag, attrs) == ("p", [("class", "byline")])

    def handle_endtag(self, tag: str) -> None:
        self.inside = False

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.text.append(data)


@given(hostile, st.none() | hostile)
def test_html_gives_the_byline_escaped_in_the_header(title: str, byline: str | None) -> None:
    article = newsdoc.Article(title=title, byline=byline, format="wire")
    exported = newsdoc.export(article, "html")
    parser = _Byline()
    parser.feed(exported)
    parser.close()
    assert parser.tags <= WRITTEN_TAGS
    assert {name for name, _ in parser.attributes} <= {*WRITTEN_ATTRIBUTES, "class"}
    if byline is None:
        assert 'class="byline"' not in exported
    else:
        assert "".join(parser.text).replace("\r", "") == byline.replace("\r", "")
        assert (
            exported.index("</h1>")
            < exported.index('class="byline"')
            < exported.index("</header>")
        )
