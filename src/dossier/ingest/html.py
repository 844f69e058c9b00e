"""Main text and metadata of an HTML article page, via trafilatura.

trafilatura finds the article body; its precision mode without comments scores best on
the article-extraction benchmark (``bench/extraction_eval.py``), and the cleaning stage
then removes the furniture it still lets through. The title and date come from the page
metadata; an origin publisher only when the page declares one that differs from itself
(syndication meta tags, or a canonical link to another site).
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

import trafilatura
from lxml.html import HtmlElement

EXTRACT_OPTIONS: dict[str, object] = {
    "favor_precision": True,
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "include_links": False,
    "deduplicate": False,
}
_MARKUP = re.compile(r"<\s*[a-zA-Z!/?]")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SECOND_LEVEL = {"co", "com", "org", "net", "gov", "ac", "edu", "or", "ne", "go"}
_ORIGIN_META = ("original-source", "syndication-source")


def extract_html(html: str, source: str | None = None) -> tuple[str, str | None, str | None, str | None]:
    """(main text, title, ISO published date, origin publisher) of one page.

    Paragraphs of the main text are separated by newlines. Raises ``ValueError`` with a
    readable message for empty, binary or unparseable HTML, or a page without article text.
    """
    if not isinstance(html, str) or not html.strip():
        raise ValueError("empty HTML document")
    if "\x00" in html:
        raise ValueError("not an HTML document: it contains binary data (NUL bytes)")
    if not _MARKUP.search(html):
        raise ValueError("malformed HTML: no markup found")
    url = source if source and source.startswith(("http://", "https://")) else None
    tree = trafilatura.load_html(html)
    if tree is None:
        raise ValueError("malformed HTML: the document could not be parsed")
    origin = _declared_origin(tree, url)
    doc = trafilatura.bare_extraction(tree, url=url, with_metadata=True, **EXTRACT_OPTIONS)
    text = unicodedata.normalize("NFC", doc.text or "").strip() if doc is not None else ""
    if not text:
        raise ValueError("no article text found in the HTML page")
    title = unicodedata.normalize("NFC", doc.title).strip() if doc.title else None
    date = doc.date if doc.date and _ISO_DATE.fullmatch(doc.date) else None
    return text, title or None, date, origin


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url if "//" in url else f"//{url}").hostname
    return host.lower() if host else None


def _site(host: str) -> str:
    """Registrable part of a host name: "edition.cnn.com" -> "cnn.com", "bbc.co.uk" stays."""
    labels = host.split(".")
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def _declared_origin(tree: HtmlElement, url: str | None) -> str | None:
    """A publisher the page names as the story's origin, as a domain, or ``None``."""
    for name in _ORIGIN_META:
        for content in tree.xpath(f'//meta[@name="{name}"]/@content'):
            host = _host(content.strip())
            if host:
                return _site(host)
    page = _host(url) or next(
        (h for h in map(_host, tree.xpath('//meta[@property="og:url"]/@content')) if h), None
    )
    canonical = next((h for h in map(_host, tree.xpath('//link[@rel="canonical"]/@href')) if h), None)
    if page and canonical and _brand(page) != _brand(canonical):
        return _site(canonical)
    return None


def _brand(host: str) -> str:
    """The site's name without its country or generic ending: one brand across editions."""
    return _site(host).split(".")[0]
