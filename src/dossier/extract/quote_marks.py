"""Finding quoted stretches of text by their quotation marks, in one linear pass.

Works on the raw character string, before any linguistics, because marks are a typographic
matter: straight and curly double quotes, guillemets, and (only in paragraphs that use no
double quotes at all, British style) single quotes. Single quotes inside a double-quoted
stretch are nested quotes and simply part of its text.

A quote that runs over several paragraphs has an opening mark at the start of each paragraph
and a closing mark only at the end; each paragraph's part becomes one :class:`QuotePiece`,
all sharing a ``group`` so that the attribution found for one is given to all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DOUBLE = re.compile(r'["“”„«»]')
_SINGLE = re.compile(r"['‘’]")
_PARA = re.compile(r"[^\n]+")
_OPENERS = "“„«"
_CLOSERS = "”»"
_CONT_START = re.compile(r'\s*["“«]')


@dataclass(slots=True)
class QuotePiece:
    """The inside of one pair of marks (or of one paragraph of a multi-paragraph quote)."""

    start: int  # first character inside the marks (leading blanks skipped)
    end: int  # one past the last character inside (trailing blanks skipped)
    open_mark: int  # offset of the opening mark
    close_mark: int  # offset of the closing mark, or -1 where the quote runs on / was never closed
    group: int  # pieces of one multi-paragraph quote share a group
    para: int  # index of the paragraph (line) the piece is in


def _is_space(text: str, i: int) -> bool:
    return i < 0 or i >= len(text) or text[i].isspace()


def _looks_opening(text: str, i: int) -> bool:
    """A straight mark opens when it follows a blank/bracket/dash and precedes a non-blank."""
    before = text[i - 1] if i > 0 else " "
    return (before.isspace() or before in "([{—–-/") and not _is_space(text, i + 1)


def _trimmed(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def find_quote_pieces(text: str) -> list[QuotePiece]:
    """All quoted stretches in ``text``, in order of appearance."""
    paras = [(m.start(), m.end()) for m in _PARA.finditer(text)]
    pieces: list[QuotePiece] = []
    group = 0
    carried = False  # a quote left open at the end of the previous paragraph
    for pi, (ps, pe) in enumerate(paras):
        marks = [m.start() for m in _DOUBLE.finditer(text, ps, pe)]
        if not marks:
            carried = False
            _single_pieces(text, ps, pe, pi, pieces)
            continue
        open_at = -1
        if carried:
            # The paragraph starts with a fresh opening mark: it continues the open quote.
            open_at = marks.pop(0)
        for i in marks:
            ch = text[i]
            if open_at < 0:
                if ch in _CLOSERS and not _looks_opening(text, i):
                    continue  # stray closing mark
                if ch == '"' and not _looks_opening(text, i) and _is_space(text, i + 1):
                    continue  # a lone straight mark that cannot open anything
                open_at = i
                group += 1
                continue
            # A quote is open: closers close it; an opener means a nested or stray mark.
            if ch in _OPENERS:
                continue
            s, e = _trimmed(text, open_at + 1, i)
            if e > s:
                pieces.append(QuotePiece(s, e, open_at, i, group, pi))
            open_at = -1
        carried = False
        if open_at >= 0:
            s, e = _trimmed(text, open_at + 1, pe)
            if e > s:
                pieces.append(QuotePiece(s, e, open_at, -1, group, pi))
            nxt = paras[pi + 1] if pi + 1 < len(paras) else None
            carried = nxt is not None and _CONT_START.match(text, nxt[0]) is not None
    return pieces


def _single_pieces(text: str, ps: int, pe: int, pi: int, out: list[QuotePiece]) -> None:
    """British-style single quotes in a paragraph without double ones.

    An opening mark must begin a word; a closing mark must end one and not be followed by a
    letter (so "don't" and "Kyiv's" are apostrophes, not marks).
    """
    open_at = -1
    for m in _SINGLE.finditer(text, ps, pe):
        i = m.start()
        prev_ch = text[i - 1] if i > ps else " "
        next_ch = text[i + 1] if i + 1 < pe else " "
        if open_at < 0:
            if (prev_ch.isspace() or prev_ch in "([—–-") and (next_ch.isalnum() or next_ch in "‘'"):
                open_at = i
            continue
        if not next_ch.isalpha() and not prev_ch.isspace():
            s, e = _trimmed(text, open_at + 1, i)
            if e > s:
                out.append(QuotePiece(s, e, open_at, i, -(len(out) + 1), pi))
            open_at = -1
