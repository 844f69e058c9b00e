"""Small text tools shared by the proposal and contradiction linkers.

The link stage may not re-parse text with spaCy (it runs over the whole corpus after every
build), so it reads sentences with precompiled regexes: a word tokenizer that keeps "U.S.",
"30-day" and "£50m" whole, a crude suffix stemmer so "encircled" meets "encirclement", and
loaders for the data files beside this module.
"""

from __future__ import annotations

import re
from contextlib import suppress
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

TOKEN_RE = re.compile(
    r"(?:[A-Za-z]\.){2,}"  # U.S., U.N.
    r"|[£$€¥]?\d[\d,.]*(?:%|[a-z]{1,3}\b)?(?:-[\w]+)*"  # 30-day, £50m, 1,000, 4%
    r"|\w+(?:[-'’]\w+)*"  # words, hyphenated compounds, possessives
    r"|[^\w\s]"  # punctuation, one char each
)
QUOTE_CHARS = frozenset("\"'“”‘’«»")
POSSESSIVE_RE = re.compile(r"(?:'s|’s|s'|s’)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str

    @property
    def low(self) -> str:
        return self.text.lower()

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum() or self.text[0] in "£$€¥"


def tokens(text: str, offset: int = 0) -> list[Token]:
    """Word and punctuation tokens of ``text``, with offsets shifted by ``offset``."""
    return [Token(m.start() + offset, m.end() + offset, m.group()) for m in TOKEN_RE.finditer(text)]


def strip_possessive(word: str) -> str:
    return POSSESSIVE_RE.sub("", word) if len(word) > 3 else word


_SUFFIXES = ("ements", "ement", "ments", "ment", "ations", "ation", "itions", "ition", "ings", "ing",
             "ions", "ion", "ies", "ied", "ers", "er", "ed", "es", "s", "e", "y")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude, deterministic stem: lowercase, possessive off, one common suffix off.

    Good enough to pair "encircled"/"encirclement"/"encircling" and "killed"/"kills"; it does
    not need to be linguistically right, only to map variants of one word together.
    """
    w = strip_possessive(word.lower().replace("’", "'"))
    for suf in _SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 4:
            w = w[: -len(suf)]
            break
    if len(w) > 4 and w[-1] == w[-2] and w[-1] not in "aeiousl":  # "planned" -> "plann" -> "plan"
        w = w[:-1]
    return w


def data_lines(name: str) -> list[str]:
    """Non-empty, non-comment lines of one of this package's data files (tabs kept)."""
    text = resources.files("dossier.link").joinpath("data", name).read_text(encoding="utf-8")
    return [ln.rstrip("\n") for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


def data_words(name: str) -> frozenset[str]:
    """A one-item-per-line data file as a lowercase set."""
    return frozenset(ln.strip().lower() for ln in data_lines(name))


def data_table(name: str) -> list[list[str]]:
    """A tab-separated data file as rows of stripped cells."""
    return [[c.strip() for c in ln.split("\t")] for ln in data_lines(name)]


@lru_cache(maxsize=1)
def number_words() -> dict[str, str]:
    return {r[0].lower(): r[1] for r in data_table("proposal_numbers.tsv")}


_DIGITS_RE = re.compile(r"\d[\d,.]*")


def number_keys(words: list[str]) -> tuple[frozenset[str], frozenset[str]]:
    """Cardinal and ordinal keys in a phrase: "30-day" and "thirty-day" both give "30"."""
    nums: set[str] = set()
    ords: set[str] = set()
    table = number_words()
    last: str | None = None  # the cardinal just read, for a unit of time after it
    for w in words:
        for part in re.split(r"[-\s]", w.lower()):
            part = part.lstrip("£$€¥")
            if not part:
                continue
            m = _DIGITS_RE.match(part)
            unit = DAYS_IN.get(part)
            if unit and last is not None:
                with suppress(ValueError):
                    nums.add(f"~{round(float(last) * unit)}d")  # "three-month" meets "90-day"
            last = None
            if m:
                digits = m.group().replace(",", "").rstrip(".")
                rest = part[m.end():]
                (ords if rest in {"st", "nd", "rd", "th"} else nums).add(digits)
                last = digits if not rest else None
            elif part in table:
                v = table[part]
                if v[-1].isalpha():
                    ords.add(v[:-2])
                else:
                    nums.add(v)
                    last = v
    return frozenset(nums), frozenset(ords)


DAYS_IN = {"day": 1, "days": 1, "week": 7, "weeks": 7, "month": 30, "months": 30, "year": 365, "years": 365}
