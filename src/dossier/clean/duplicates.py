"""Repeated paragraphs inside one article (pages that print the story twice, pasted copies).

The first occurrence is kept. A later copy goes when it is identical after normalisation,
or nearly so (a small edit), but a near copy only goes when every one of its sentences has
a close match in the kept paragraph, so no sentence of the story is ever lost.

Only prose paragraphs count. Pages legitimately repeat short lines, list items, interview
questions and recipe lines ("Eat every 2-3 hours", "- Easy setup"); a repeated story
paragraph is a run of full sentences.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

MIN_PROSE_WORDS = 20
MAX_DIGIT_SHARE = 0.15
NEAR_RATIO = 90.0
SENTENCE_RATIO = 80.0
_KEY = re.compile(r"\w+")
_SENTENCE = re.compile(r"(?<=[.!?…])[\"”’)]?\s+")
_PROSE_END = re.compile(r"[.!…][\"”’)]?$")
_BULLET = re.compile(r"^(?:[-*•·▪–—]\s|\d{1,2}[.)]\s)")


def _key(text: str) -> str:
    return " ".join(_KEY.findall(text.lower()))


def is_prose(text: str) -> bool:
    """A story paragraph: enough words, ends like a statement, not a list item or a table row."""
    tokens = _KEY.findall(text)
    if len(tokens) < MIN_PROSE_WORDS or not _PROSE_END.search(text) or _BULLET.match(text):
        return False
    return sum(t.isdigit() for t in tokens) <= MAX_DIGIT_SHARE * len(tokens)


def _sentences(text: str) -> list[str]:
    return [k for s in _SENTENCE.split(text) if (k := _key(s))]


def _covered(copy: str, kept: str) -> bool:
    """Every sentence of ``copy`` is (nearly) a sentence of ``kept``."""
    kept_sents = _sentences(kept)
    return all(
        any(fuzz.ratio(s, t) >= SENTENCE_RATIO for t in kept_sents) for s in _sentences(copy)
    )


def find_duplicates(texts: list[str]) -> dict[int, int]:
    """``{position of a copy: position of the paragraph it repeats}`` for ``texts`` in order."""
    seen: dict[str, int] = {}
    kept: list[tuple[int, str]] = []  # (position, key) of the prose paragraphs kept so far
    out: dict[int, int] = {}
    for pos, text in enumerate(texts):
        if not is_prose(text):
            continue
        key = _key(text)
        if key in seen:
            out[pos] = seen[key]
            continue
        n = len(key)
        for kpos, kkey in kept:
            if abs(len(kkey) - n) > 0.2 * max(n, len(kkey)):
                continue
            if fuzz.ratio(key, kkey, score_cutoff=NEAR_RATIO) and _covered(text, texts[kpos]):
                out[pos] = kpos
                break
        if pos in out:
            continue
        kept.append((pos, key))
        seen[key] = pos
    return out
