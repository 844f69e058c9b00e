"""Image captions, photo credits and alt-text lines left in article text.

Two kinds of evidence. Credit conventions ("Photo: ...", "(AP Photo/Jane Doe)", "... /Getty
Images") are unambiguous and count anywhere in the article. Descriptive alt text ("A
military landscape depicting tanks ... with muted tones.") looks like a sentence, so it is
only judged by its picture vocabulary (``data/caption_words.txt``) and only near the top of
the article, between the headline and the body, where pages put their lead image.
"""

from __future__ import annotations

import re
from functools import lru_cache

from dossier.clean.paragraphs import word_count
from dossier.clean.patterns import LineMatcher, load_patterns

MAX_CREDIT_WORDS = 60
MAX_ALT_WORDS = 35
_SPEECH = re.compile(r"\b(said|says|told|according to|asked|added)\b|[\"“”]", re.IGNORECASE)
_TOKEN = re.compile(r"[a-z][a-z\-]*")


@lru_cache(maxsize=1)
def _credit() -> LineMatcher:
    return LineMatcher([f"~{p}" for p in load_patterns("captions.txt")])


@lru_cache(maxsize=1)
def _weights() -> dict[str, int]:
    out = {}
    for line in load_patterns("caption_words.txt"):
        word, weight = line.split()
        out[word.lower()] = int(weight)
    return out


def is_credit_caption(text: str) -> bool:
    """A caption or credit by convention: safe to remove wherever it appears."""
    return word_count(text) <= MAX_CREDIT_WORDS and _credit().search_any(text)


def picture_score(text: str) -> int:
    weights = _weights()
    return sum(weights.get(tok, 0) for tok in set(_TOKEN.findall(text.lower())))


def is_alt_text(text: str) -> bool:
    """A short line that describes a picture; the caller only asks near the article top."""
    if word_count(text) > MAX_ALT_WORDS or _SPEECH.search(text):
        return False
    score = picture_score(text)
    return score >= 3 or (score >= 2 and not text.endswith("."))
