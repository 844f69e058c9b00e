"""Publisher lines ("Original Source: www.example.com") that name where a story came from.

Aggregators and syndication sites print the origin publisher as a line of text. The line
is not part of the story, but the publisher is worth keeping as ``original_source``: a
bare domain when the line gives one ("theguardian.com"), else the name as written
("Reuters").
"""

from __future__ import annotations

import re

from dossier.clean.paragraphs import word_count

_SOURCE_LINE = re.compile(
    r"(?:"
    r"(?:original(?:ly)?\s+)?source(?:d from)?\s*[:\-–]\s*(?P<a>.+)"
    r"|(?:this|the) (?:article|story|post|report|piece) (?:was )?(?:originally |first )?"
    r"(?:appeared|published|posted|ran) (?:on|in|at|by) (?P<b>.+)"
    r"|(?:originally|first) (?:published|appeared|posted) (?:on|in|at|by) (?P<c>.+)"
    r"|(?:republished|reprinted) (?:with permission )?(?:from|courtesy of) (?P<d>.+)"
    r"|via\s*:\s*(?P<e>.+)"
    r")",
    re.IGNORECASE,
)
_DOMAIN = re.compile(
    r"(?:https?://)?(?:www\d?\.)?((?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+[a-z]{2,24})(?=[/:\s,;)]|$)",
    re.IGNORECASE,
)
_SPEECH = re.compile(r"\b(said|says|told|according to)\b", re.IGNORECASE)
_TRAIL = re.compile(r"[\s.,;:!)\]]+$")
MAX_WORDS = 14
MAX_NAME_WORDS = 6


def parse_source_line(text: str) -> tuple[bool, str | None]:
    """(is a publisher line, publisher) for one normalised paragraph.

    The publisher is a lower-cased domain without "www." when the line names one, the
    capitalised name as written otherwise.
    """
    if word_count(text) > MAX_WORDS or _SPEECH.search(text):
        return False, None
    m = _SOURCE_LINE.fullmatch(text)
    if m is None:
        return False, None
    named = next(g for g in m.groups() if g is not None).strip()
    dom = _DOMAIN.search(named)
    if dom is not None:
        return True, dom.group(1).lower()
    name = _TRAIL.sub("", named)
    if not name or not name[0].isupper() or word_count(name) > MAX_NAME_WORDS:
        return False, None  # "Source: a senior official ..." is prose, not a publisher
    return True, name
