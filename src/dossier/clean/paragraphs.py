"""Split raw article text into paragraphs that remember where they came from.

Cleaning decides paragraph by paragraph what to keep, and every removal must point back
into the raw input, so each paragraph carries the raw offsets of its first and last
non-blank character. A paragraph is normally one line: news text, JSONL bodies and the
HTML extractor's output all put one paragraph per line. Hard-wrapped text (a line that
stops mid-sentence and goes on in lower case on the next line) is joined back together.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

# zero-width characters and soft hyphens carry nothing a reader sees
_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")
_TERMINAL = re.compile(r"[.!?:;…\"”’'»)\]]$")
_BULLET = re.compile(r"^(?:[-*•·▪–—]\s|\d{1,2}[.)]\s)")
_ENDS_SENTENCE = re.compile(r"[.,;:]['\"”’)]?$")
MAX_HEADING_WORDS = 25


@dataclass(slots=True)
class Paragraph:
    """A paragraph's normalised text plus its raw span (``raw[start:end]`` is the original)."""

    text: str
    start: int
    end: int


def normalise(line: str) -> str:
    """Collapse whitespace runs (incl. non-breaking spaces) to one space and strip."""
    if not line.isascii() and any(map(line.__contains__, _INVISIBLE_CHARS)):
        line = _INVISIBLE.sub("", line)
    return " ".join(line.split())


def word_count(text: str) -> int:
    """Words of a normalised paragraph, counted by its spaces: cheap enough for every line."""
    return text.count(" ") + 1 if text else 0


def is_bullet(text: str) -> bool:
    return _BULLET.match(text) is not None


def is_heading(text: str) -> bool:
    """Headline shape: short, not a list item, not ending like a sentence or clause."""
    return (
        word_count(text) <= MAX_HEADING_WORDS
        and len(text) <= 250
        and not _ENDS_SENTENCE.search(text[-3:])
        and not _BULLET.match(text)
    )


def _lines(raw: str) -> list[Paragraph | None]:
    """Non-blank lines as stripped raw spans; ``None`` marks a blank line."""
    out: list[Paragraph | None] = []
    pos = 0
    for line in raw.split("\n"):
        text = normalise(line)
        if text:
            lead = len(line) - len(line.lstrip())
            out.append(Paragraph(text, pos + lead, pos + len(line.rstrip())))
        else:
            out.append(None)
        pos += len(line) + 1
    return out


def _continues(prev: Paragraph, nxt: Paragraph, standalone: Callable[[str], bool]) -> bool:
    """True when ``nxt`` is the rest of a sentence that a hard line break cut in two."""
    if _TERMINAL.search(prev.text[-2:]) or _BULLET.match(nxt.text) or standalone(nxt.text):
        return False
    first = nxt.text[0]
    return first.islower() and word_count(prev.text) >= 4


def split_paragraphs(raw: str, standalone: Callable[[str], bool] = lambda _: False) -> list[Paragraph]:
    """Paragraphs of ``raw`` in order, hard-wrapped lines joined, blank lines dropped.

    ``standalone(line)`` says a line must stay on its own even after an unfinished line
    (a lower-case "copyright ..." footer is not the end of the previous sentence).
    """
    paras: list[Paragraph] = []
    prev: Paragraph | None = None
    for line in _lines(raw):
        if line is None:
            prev = None
            continue
        if prev is not None and _continues(prev, line, standalone):
            prev.text = f"{prev.text} {line.text}"
            prev.end = line.end
            continue
        paras.append(line)
        prev = line
    return paras
