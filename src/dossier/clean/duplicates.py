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
MAX_DIGIT_SHARE = 0.3  # digits per word: above it the paragraph is a table row or a recipe line
PROBE = 24  # characters compared cheaply before the full similarity
NEAR_RATIO = 90.0
SENTENCE_RATIO = 80.0
_NON_WORD = re.compile(r"\W+")
_SENTENCE = re.compile(r"(?<=[.!?…])[\"”’)]?\s+")
_PROSE_END = re.compile(r"[.!…][\"”’)]?$")
_BULLET = re.compile(r"^(?:[-*•·▪–—]\s|\d{1,2}[.)]\s)")


def _key(text: str) -> str:
    """Lower-cased words only, so sentences that differ in punctuation compare equal."""
    return _NON_WORD.sub(" ", text.lower()).strip()


def is_prose(text: str) -> bool:
    """A story paragraph: enough words, ends like a statement, not a list item or a table row."""
    words = text.count(" ") + 1
    if words < MIN_PROSE_WORDS or not _PROSE_END.search(text[-3:]) or _BULLET.match(text):
        return False
    return sum(map(text.count, "0123456789")) <= MAX_DIGIT_SHARE * words


def _sentences(text: str) -> list[str]:
    return [k for s in _SENTENCE.split(text) if (k := _key(s))]


def _covered(copy: str, kept: str) -> bool:
    """Every sentence of ``copy`` is (nearly) a sentence of ``kept``."""
    kept_sents = _sentences(kept)
    return all(
        any(fuzz.ratio(s, t) >= SENTENCE_RATIO for t in kept_sents) for s in _sentences(copy)
    )


def _near_copy_of(key: str, kept_keys: list[str]) -> int | None:
    """Index of a kept paragraph nearly equal to ``key``.

    A small edit leaves the start, the end or the middle of a paragraph untouched, so only
    paragraphs sharing one of those with ``key`` get the (costlier) similarity test.
    """
    n = len(key)
    head, tail = key[:PROBE], key[-PROBE:]
    middle = key[n // 2 - PROBE // 2 : n // 2 + PROBE // 2]
    for i, other in enumerate(kept_keys):
        if abs(len(other) - n) > 0.2 * max(n, len(other)):
            continue
        if (other.startswith(head) or other.endswith(tail) or middle in other) and fuzz.ratio(
            key, other, score_cutoff=NEAR_RATIO
        ):
            return i
    return None


def find_duplicates(texts: list[str]) -> dict[int, int]:
    """``{position of a copy: position of the paragraph it repeats}`` for ``texts`` in order."""
    seen: dict[str, int] = {}
    kept_keys: list[str] = []  # keys of the prose paragraphs kept so far ...
    kept_pos: list[int] = []  # ... and their positions
    out: dict[int, int] = {}
    for pos, text in enumerate(texts):
        if not is_prose(text):
            continue
        key = text.lower()  # already whitespace-normalised; punctuation slips go to the fuzzy test
        if key in seen:
            out[pos] = seen[key]
            continue
        match = _near_copy_of(key, kept_keys)
        if match is not None and _covered(text, texts[kept_pos[match]]):
            out[pos] = kept_pos[match]
            continue
        kept_keys.append(key)
        kept_pos.append(pos)
        seen[key] = pos
    return out
