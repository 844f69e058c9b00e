"""HTML main-text extraction, its metadata, and cleaning of what it returns."""

from __future__ import annotations

import pytest

from dossier.clean import clean_text
from dossier.ingest.html import extract_html

PARAGRAPHS = [
    "Egypt and Ethiopia failed to agree on the filling schedule of the Grand Ethiopian Renaissance Dam on Tuesday, officials said after three days of talks in Cairo.",
    "The Ethiopian delegation said it would keep filling the reservoir during the rainy season whatever the outcome, a position Cairo called unacceptable.",
    "Sudan, whose own dams sit downstream, urged both sides to return to the table under African Union mediation before the July deadline.",
    "Water ministers from the three countries are expected to meet again in Addis Ababa next month, according to a statement from the African Union.",
]


def page(head_extra: str = "", body_extra: str = "", headline: str = "Nile dam talks end without a deal") -> str:
    paras = "\n".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return f"""<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>{headline} | River Post</title>
<meta property="og:title" content="{headline}">
<meta property="article:published_time" content="2024-03-05T10:00:00Z">
{head_extra}
<script>window.dataLayer = [{{"event": "Subscribe to our newsletter"}}];</script>
<style>body {{ font-family: serif; }} .share {{ display: none; }}</style>
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/business">Business</a></nav>
<article>
<h1>{headline}</h1>
{paras}
{body_extra}
</article>
<footer><p>Copyright 2024 River Post. All rights reserved.</p></footer>
<script>console.log("tracking pixel loaded");</script>
</body></html>"""


def test_main_text_title_and_date():
    text, title, published, origin = extract_html(page(), "https://riverpost.example.com/nile")
    for p in PARAGRAPHS:
        assert p in text
    assert "dataLayer" not in text and "font-family" not in text and "tracking pixel" not in text
    assert "Home" not in text.split("\n")
    assert title == "Nile dam talks end without a deal"
    assert published == "2024-03-05"
    assert origin is None


def test_paragraphs_are_separated_by_newlines():
    text, *_ = extract_html(page())
    lines = [ln for ln in text.split("\n") if ln.strip()]
    for p in PARAGRAPHS:
        assert p in lines


def test_extract_then_clean_drops_the_headline_and_keeps_the_story():
    html = page(body_extra="<p>Share this article</p><p>Related Articles</p>")
    text, title, _, _ = extract_html(html)
    cleaned = clean_text(text, title_hint=title)
    assert cleaned.text.split("\n\n")[0] == PARAGRAPHS[0]
    for p in PARAGRAPHS:
        assert p in cleaned.text
    assert title not in cleaned.text
    assert "Share this article" not in cleaned.text
    for r in cleaned.removed:
        assert text[r.raw_start : r.raw_end] == r.text


def test_declared_origin_publisher():
    meta = '<meta name="original-source" content="https://www.nilewire-example.org/story/77">'
    assert extract_html(page(head_extra=meta))[3] == "nilewire-example.org"


def test_canonical_link_to_another_site_names_the_origin():
    link = '<link rel="canonical" href="https://www.nilewire-example.org/story/77">'
    assert extract_html(page(head_extra=link), "https://aggregator-example.com/a/1")[3] == "nilewire-example.org"
    own = '<link rel="canonical" href="https://www.riverpost.example.com/nile">'
    assert extract_html(page(head_extra=own), "https://riverpost.example.com/nile?ref=x")[3] is None


@pytest.mark.parametrize(
    ("html", "message"),
    [
        ("", "empty"),
        ("   \n\t ", "empty"),
        ("\x00\x01\x02<html>\x00", "binary"),
        ("just a line of text without any markup", "no markup"),
        ("<html><head><title>Nothing here</title></head><body></body></html>", "no article text"),
        ("<html><body><div><p>", "no article text"),
    ],
)
def test_bad_html_raises_value_error(html, message):
    with pytest.raises(ValueError, match=message):
        extract_html(html)
