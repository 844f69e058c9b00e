"""Recognise web page furniture (share bars, comment forms, related links, newsletters ...).

The patterns live in ``data/boilerplate.txt`` so they can grow without touching code. A
pattern has to match a whole paragraph (or, marked "~", occur in it), and a paragraph that
is long, or a full sentence reporting speech, is never treated as boilerplate whatever it
matches: dropping a story sentence costs more than leaving a stray line in.
"""

from __future__ import annotations

import re
from functools import lru_cache

from dossier.clean.paragraphs import word_count
from dossier.clean.patterns import LineMatcher, load_patterns

MAX_WORDS = 45
_SPEECH = re.compile(r"\b(said|says|told|according to)\b", re.I)
_SENTENCE_END = re.compile(r"[.!?…][\"”’)]?$")
_COUNTER = re.compile(r"[\d.,]{1,9}[kKmM]?")

_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
_DAYS = "mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun"
# One date/time token: numbers, month and day names, am/pm, a capitalised time zone, glue.
_TOKEN = (
    r"(?:\d{1,4}(?:[,:./\-]\d{1,4})*(?:st|nd|rd|th)?,?"
    rf"|(?:{_MONTHS})[a-z]*\.?,?|(?:{_DAYS})[a-z]*\.?,?"
    r"|[ap]\.?m\.?|(?-i:[A-Z]{2,5})|at|on|[|\-–—,/])"
)
_NUMBER = r"\d{1,4}(?:[,:./\-]\d{1,4})*(?:st|nd|rd|th)?,?"
_YEAR = r"(?:1[89]|20)\d\d,?"
EXPANSIONS = {
    "{DATE}": rf"(?:{_TOKEN}\s*){{0,8}}{_NUMBER}(?:\s*{_TOKEN}){{0,8}}\s*",
    "{STAMP}": rf"(?:{_TOKEN}\s*){{0,8}}{_YEAR}(?:\s*{_TOKEN}){{0,8}}\s*",
}


@lru_cache(maxsize=1)
def _matcher() -> LineMatcher:
    return LineMatcher(load_patterns("boilerplate.txt"), EXPANSIONS)


@lru_cache(maxsize=1)
def _list_header() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in load_patterns("list_headers.txt")), re.IGNORECASE)


def is_counter(text: str) -> bool:
    """A lone number such as a comment or share count ("0", "1.2K")."""
    return _COUNTER.fullmatch(text) is not None


def is_boilerplate(text: str) -> bool:
    """True when the normalised paragraph ``text`` is page furniture, not story."""
    if is_counter(text):
        return True
    if word_count(text) > MAX_WORDS or not _matcher().fullmatch_any(text):
        return False
    # reported speech in a full sentence is story, whatever it starts with
    return not (_SENTENCE_END.search(text[-2:]) and _SPEECH.search(text))


def is_list_header(text: str) -> bool:
    """A boilerplate line that introduces links to other pages ("Related Articles")."""
    return _list_header().match(text) is not None
