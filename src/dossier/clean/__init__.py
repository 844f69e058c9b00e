"""Cleaning: from raw article text to the story's own paragraphs, with a record of every cut.

``clean_text`` works paragraph by paragraph. Page furniture (boilerplate, captions, a
publisher line) is recognised line by line anywhere; the headline, section labels and
lead-image alt text only at the top; repeated paragraphs anywhere after their first copy.
Each cut is a :class:`~dossier.records.Removal` whose raw offsets point into the input,
and the kept paragraphs are joined by blank lines. The rules lean towards keeping: a
stray line left in is cheaper than a story sentence lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dossier.clean.boilerplate import is_boilerplate, is_list_header
from dossier.clean.captions import is_credit_caption
from dossier.clean.duplicates import find_duplicates
from dossier.clean.paragraphs import Paragraph, is_heading, normalise, split_paragraphs, word_count
from dossier.clean.source_line import parse_source_line
from dossier.clean.title import detect_top
from dossier.records import Removal

__all__ = ["Cleaned", "clean_text"]

MAX_LISTED_LINKS = 10
MIN_LINK_WORDS = 4  # "Apple AirPods", "$139.00": list content, not a link to a story


@dataclass(slots=True)
class Cleaned:
    """The result of cleaning one article."""

    text: str
    title: str | None
    original_source: str | None
    removed: list[Removal] = field(default_factory=list)


def _line_kind(text: str) -> str | None:
    if is_boilerplate(text):
        return "boilerplate"
    if is_credit_caption(text):
        return "caption"
    return None


def _is_link_headline(text: str) -> bool:
    """A line in a list of links to other stories: a headline of a few words, no full stop."""
    text = text.lstrip("-*•·▪–— ")
    return word_count(text) >= MIN_LINK_WORDS and is_heading(text)


def clean_text(raw: str, title_hint: str | None = None) -> Cleaned:
    """Clean one article's raw text. ``title_hint`` is a title known from metadata, if any."""
    paras = split_paragraphs(raw, standalone=is_boilerplate)
    hint = normalise(title_hint) if title_hint else None
    kinds: dict[int, str] = {}
    original_source = None
    links_left = 0  # headline-shaped lines still to drop after a "Related Articles" header
    for i, p in enumerate(paras):
        is_source, publisher = parse_source_line(p.text)
        if is_source:
            kinds[i] = "source_line"
            original_source = original_source or publisher
            continue
        kind = _line_kind(p.text)
        if kind:
            kinds[i] = kind
            if kind == "boilerplate" and is_list_header(p.text):
                links_left = MAX_LISTED_LINKS
        elif links_left and _is_link_headline(p.text):
            kinds[i] = "boilerplate"
            links_left -= 1
        else:
            links_left = 0

    alive = [i for i in range(len(paras)) if i not in kinds]
    title, top = detect_top([paras[i].text for i in alive], hint or None)
    for pos, kind in top.items():
        kinds[alive[pos]] = kind

    alive = [i for i in alive if i not in kinds]
    for pos in find_duplicates([paras[i].text for i in alive]):
        kinds[alive[pos]] = "duplicate_paragraph"

    removed = [_removal(raw, paras[i], kind) for i, kind in sorted(kinds.items())]
    text = "\n\n".join(p.text for i, p in enumerate(paras) if i not in kinds)
    return Cleaned(text=text, title=title or None, original_source=original_source, removed=removed)


def _removal(raw: str, p: Paragraph, kind: str) -> Removal:
    return Removal(kind=kind, text=raw[p.start:p.end], raw_start=p.start, raw_end=p.end)
