"""Reading one number, as written, from a run of spaCy tokens.

Shared by the quantity and date extractors. Why our own reader rather than word2number,
number-parser or quantulum3: those take a string, so every candidate would have to be cut
out, re-tokenised and mapped back to character offsets; none of them reads the shapes news
uses most ("€7.4 million", "1.5bn", "three-and-a-half", "half a dozen", "tens of thousands");
word2number is unmaintained (2017) and raises on anything else; quantulum3 re-parses whole
sentences with its own classifier and is far too slow for the hot path. Reading the tokens
spaCy already made is linear, keeps exact offsets, and the vocabulary lives in
``data/quantity_number_words.tsv``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from spacy.attrs import LIKE_NUM, LOWER, SHAPE
from spacy.strings import get_string_id
from spacy.tokens import Doc

_DATA = Path(__file__).parent / "data"

# Digits as written in English news: "7", "50,000", "7.4". A leading zero ("0900", "0958")
# marks a clock time or a phone fragment, never a count, so it is refused here.
_DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
# Digits with a suffix glued on: "1.5bn", "300m", "5km", "40C", "21st", "3pm".
_DIGITS_SUFFIX = re.compile(r"^((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)([a-z°%]+\.?)$", re.IGNORECASE)
# A range the tokenizer kept as one token: "24–48", "2014–2022", "3–1".
_DIGITS_RANGE = re.compile(r"^((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)[-–—]((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)$")
_ORDINAL_SUFFIXES = frozenset({"st", "nd", "rd", "th"})
# Continental European separators, met in translated wire copy: "7,4 million" (a decimal
# comma: one or two digits after it, which English never groups), "1.200.000" (dots between
# groups of three; a single group, "1.200", is read so only before a plural noun: 1.2 of a
# plural thing is no count), "1 200" (a space between groups, split by the tokenizer).
_EURO_DECIMAL = re.compile(r"^(\d+),(\d{1,2})$")
_EURO_GROUPS = re.compile(r"^\d{1,3}(?:\.\d{3})+$")
_GROUP_OF_THREE = re.compile(r"^\d{3}$")


def data_lines(name: str) -> list[str]:
    """Non-empty, non-comment lines of a data file beside this module."""
    out = []
    for line in (_DATA / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


def data_rows(name: str) -> list[list[str]]:
    """Tab-separated rows of a data file (comments and blank lines skipped)."""
    return [[c.strip() for c in line.split("\t")] for line in data_lines(name)]


@dataclass(frozen=True, slots=True)
class NumberWords:
    """The number vocabulary: word -> (value, kind)."""

    words: dict[str, tuple[float, str]]

    def kind(self, w: str) -> str | None:
        hit = self.words.get(w)
        return hit[1] if hit else None

    def value(self, w: str) -> float:
        return self.words[w][0]


@cache
def number_words() -> NumberWords:
    return NumberWords({r[0]: (float(r[1]), r[2]) for r in data_rows("quantity_number_words.tsv")})


@dataclass(slots=True)
class Number:
    """One number read from tokens ``[start, end)`` of a doc."""

    start: int
    end: int
    value: float
    scaled: bool = False  # a scale word or suffix was read ("million", "bn")
    scale: float = 1.0  # its factor: 1e6 for "7.4 million"
    vague: bool = False  # "hundreds", "tens of thousands": the value is a floor
    words: bool = False  # written in words
    high: float | None = None  # the upper end when one token held a range ("24–48")
    suffix_unit: str | None = None  # a unit glued to the digits ("5km" -> "km")
    ambiguous_m: bool = False  # "300m": million in money, metre otherwise
    trim: int = 0  # characters at the end of the last token that are no part of it ("m." at a full stop)
    grouped: bool = False  # written with a thousands separator ("1,048"): never a year


def parse_digits(text: str) -> float | None:
    """'50,000' -> 50000.0; None for anything else, including leading-zero codes."""
    if not _DIGITS.match(text):
        return None
    if len(text) > 1 and text[0] == "0" and text[1] != ".":
        return None
    return float(text.replace(",", ""))


def _is_number_word(doc: Doc, i: int, nw: NumberWords) -> bool:
    """True when token i can open a number written in words."""
    w = doc[i].lower_
    kind = nw.kind(w)
    nxt = doc[i + 1].lower_ if i + 1 < len(doc) else ""
    if kind in ("small", "tens", "hundred", "big", "dozen"):
        return True
    if w in ("a", "an"):  # "a dozen", "a million"
        return nw.kind(nxt) in ("hundred", "big", "dozen")
    if kind == "fraction":  # "half a million", "half a dozen"
        nxt2 = doc[i + 2].lower_ if i + 2 < len(doc) else ""
        return nxt in ("a", "an") and nw.kind(nxt2) in ("big", "dozen")
    if kind == "plural":
        # "tens" and "scores" are numbers only in "tens of thousands", "scores of people".
        if w in ("tens", "scores"):
            return nxt == "of"
        return True
    return False


def _attached(doc: Doc, i: int) -> bool:
    """Token i is glued to the next one (no space): '300m', 'twenty-five'."""
    return doc[i].whitespace_ == ""


def _words_value(ws: list[str], nw: NumberWords, first: float | None) -> float:
    """Value of a sequence of number words (hyphens removed), after optional digits."""
    total, cur = 0.0, (first or 0.0)
    after_and = False
    for w in ws:
        kind = nw.kind(w)
        if w == "and":
            after_and = True
            continue
        if w in ("a", "an"):
            continue
        v = nw.value(w) if kind else 0.0
        if kind in ("small", "tens"):
            cur += v
        elif kind == "hundred" or kind == "dozen":
            cur = (cur or 1.0) * v
        elif kind == "big":
            total += (cur or 1.0) * v
            cur = 0.0
        elif kind == "fraction":
            cur = cur + v if after_and else v
        after_and = False
    return total + cur


def read_number(doc: Doc, i: int) -> Number | None:
    """Read the number that starts at token i, or None when none starts there.

    Ordinals ("21st", "second"), clock times ("3pm") and codes ("0900") are not numbers here.
    """
    nw = number_words()
    tok = doc[i]
    text = tok.text
    n = len(doc)

    m = _DIGITS_RANGE.match(text)
    if m:
        lo, hi = parse_digits(m.group(1)), parse_digits(m.group(2))
        if lo is None or hi is None:
            return None
        return Number(i, i + 1, lo, high=hi)

    value = parse_digits(text)
    euro_groups = False
    if value is not None and "." in text and _EURO_GROUPS.match(text):
        euro = _euro_value(doc, i, text)  # "1.200 drones" is 1200, "1.200 km" 1.2
        euro_groups = euro is not None
        value = euro or value
    num: Number | None = None
    if value is not None:
        num = Number(i, i + 1, value, grouped="," in text or euro_groups)  # "2.000 were": no year
        value_grouped = _euro_grouped(doc, i, text)
        if value_grouped is not None:
            num.value, num.end = value_grouped
            num.grouped = True
    elif (euro := _euro_value(doc, i, text)) is not None:
        num = Number(i, i + 1, euro, grouped="." in text)
    else:
        m = _DIGITS_SUFFIX.match(text)
        if m:
            base = parse_digits(m.group(1))
            suffix = m.group(2).lower()
            if base is None or suffix in _ORDINAL_SUFFIXES:
                return None
            if m.group(2) == "K":
                return Number(i, i + 1, base, suffix_unit="K")  # "4K" screens, not 4,000
            if nw.kind(suffix) == "big":  # "£85million", "3billion"
                scale = nw.value(suffix)
                return Number(i, i + 1, base * scale, scaled=True, scale=scale)
            if nw.kind(suffix) == "suffix":
                if suffix == "m":
                    return Number(i, i + 1, base, ambiguous_m=True)
                return Number(i, i + 1, base * nw.value(suffix), scaled=True, scale=nw.value(suffix))
            return Number(i, i + 1, base, suffix_unit=suffix)
    if num is not None:
        j = num.end
        # Scale after digits: "7.4 million", "300m" (split by the tokenizer), "2 dozen".
        # "£240m." at a sentence end: the tokenizer keeps the full stop on the scale
        sfx = doc[j].lower_ if j < n else ""
        if sfx.endswith(".") and len(sfx) > 1 and nw.kind(sfx[:-1]) == "suffix" and (j + 1 == n or doc[j].whitespace_ or doc[j + 1].is_space):
            num.trim, sfx = 1, sfx[:-1]
        if j < n and _attached(doc, j - 1) and nw.kind(sfx) == "suffix":
            if sfx == "m":
                num.end, num.ambiguous_m = j + 1, True
                return num
            num.scale = nw.value(sfx)
            num.value *= num.scale
            num.end, num.scaled = j + 1, True
            return num
        words: list[str] = []
        k = j
        while k < n:
            w = doc[k].lower_
            kind = nw.kind(w)
            if kind in ("hundred", "big", "dozen"):
                words.append(w)
                k += 1
                continue
            # "2 and a half years"
            if w == "and" and k + 2 < n and doc[k + 1].lower_ in ("a", "an") and nw.kind(doc[k + 2].lower_) == "fraction":
                words.extend([w, "a", doc[k + 2].lower_])
                k += 3
                continue
            break
        if words:
            num.value = _words_value(words, nw, num.value)
            num.end = k
            num.scale = max((nw.value(w) for w in words if nw.kind(w) in ("big", "hundred")), default=1.0)
            num.scaled = num.scale > 1
        return num

    part = _part_of_scale(doc, i, nw)
    if part is not None:
        return part
    if not _is_number_word(doc, i, nw):
        return None
    w0 = tok.lower_
    if nw.kind(w0) == "plural":
        # "hundreds", "tens of thousands", "hundreds of thousands": a vague floor.
        value, k = nw.value(w0), i + 1
        if k + 1 < n and doc[k].lower_ == "of" and nw.kind(doc[k + 1].lower_) == "plural" and doc[k + 1].lower_ not in ("tens", "scores", "dozens"):
            value *= nw.value(doc[k + 1].lower_)
            k += 2
        return Number(i, k, value, scaled=True, scale=value, vague=True, words=True)

    words = [w0]
    end = i + 1  # one past the last token that carried a number word
    k = i + 1
    while k < n:
        w = doc[k].lower_
        kind = nw.kind(w)
        prev_kind = nw.kind(words[-1])
        if w == "-":
            # hyphens inside words: "twenty-five", "three-and-a-half"
            if _attached(doc, k - 1) and _attached(doc, k) and k + 1 < n:
                k += 1
                continue
            break
        if kind in ("small", "tens"):
            # "twenty five" / "hundred and forty"; two small words in a row are two numbers.
            if prev_kind in ("small", "tens", "fraction") and not (prev_kind == "tens" and kind == "small"):
                break
            words.append(w)
            end = k + 1
        elif kind in ("hundred", "big", "dozen"):
            words.append(w)
            end = k + 1
        elif w == "and":
            nxt = [t.lower_ for t in doc[k + 1 : k + 6] if t.text != "-"][:2]
            if len(nxt) == 2 and nxt[0] in ("a", "an") and nw.kind(nxt[1]) == "fraction" or nxt and prev_kind in ("hundred", "big") and nw.kind(nxt[0]) in ("small", "tens"):
                words.append("and")
            else:
                break
        elif w in ("a", "an") and (words[-1] == "and" or prev_kind == "fraction"):
            words.append(w)
        elif kind == "fraction" and words[-1] in ("a", "an"):
            words.append(w)
            end = k + 1
        else:
            break
        k += 1
    value = _words_value(words, nw, None)
    scale = max((nw.value(w) for w in words if nw.kind(w) in ("big", "hundred")), default=1.0)
    return Number(i, end, value, scaled=scale > 1, scale=scale, words=True)


@cache
def _measure_words() -> frozenset[str]:
    """Unit words of measure (not of people) from ``quantity_units.tsv``."""
    people = {"person", "man", "woman", "child", "tooth"}
    return frozenset(r[0] for r in data_rows("quantity_units.tsv") if len(r) > 1 and r[1] not in people)


def _euro_value(doc: Doc, i: int, text: str) -> float | None:
    """'7,4' (decimal comma) or '1.200.000' / '1.200 drones' (dots between thousands)."""
    m = _EURO_DECIMAL.match(text)
    if m:
        if len(m.group(1)) > 1 and m.group(1)[0] == "0":
            return None
        return float(f"{m.group(1)}.{m.group(2)}")
    if not _EURO_GROUPS.match(text):
        return None
    if text.count(".") == 1:
        # a text that writes decimal commas ("grew 2,1%") groups thousands with dots, in
        # measures too ("612.000 tonnes")
        if _european_style(doc):
            return float(text.replace(".", ""))
        # "190.000 were resettled": three zeros after a single dot are never decimals in
        # prose, unless a unit of measure follows ("1.000 km" may still be read so)
        if text.endswith(".000") and not (i + 1 < len(doc) and doc[i + 1].lower_ in _measure_words()):
            return float(text.replace(".", ""))
        # "1.200 Ukrainian drones": a plural noun follows, possibly after its modifiers
        for t in doc[i + 1 : i + 5]:
            if t.tag_ in ("NNS", "NNPS") and t.pos_ in ("NOUN", "PROPN"):
                # a measure is written with decimals ("1.250 km"); a count is not
                return None if t.lower_ in _measure_words() else float(text.replace(".", ""))
            # modifiers on the way: "1.200 Ukrainian drones", "2.450 suspected cholera cases"
            if t.pos_ not in ("ADJ", "PROPN") and t.tag_ not in ("VBN", "NN") and t.text != "-":
                return None
        return None
    return float(text.replace(".", ""))


_DECIMAL_COMMA_IN_TEXT = re.compile(r"(?<![\d,.])\d{1,3},\d{1,2}(?![\d,])|(?<![\d.])\d{1,3}(?:\.\d{3}){2,}(?![\d.])")


def _european_style(doc: Doc) -> bool:
    """The text writes decimal commas ("7,4 million") or dotted millions ("1.200.000")
    somewhere: its house style groups thousands with dots. Read once per document."""
    hit = doc.user_data.get("dossier_euro_style")
    if hit is None:
        hit = doc.user_data["dossier_euro_style"] = _DECIMAL_COMMA_IN_TEXT.search(doc.text) is not None
    return bool(hit)


def _euro_grouped(doc: Doc, i: int, text: str) -> tuple[float, int] | None:
    """'1 200 prisoners': groups of three digits split by single spaces -> (value, end)."""
    n = len(doc)
    if not (1 <= len(text) <= 3 and text.isdigit()) or text[0] == "0" or i + 1 >= n or doc[i].whitespace_ != " ":
        return None
    if i > 0 and (doc[i - 1].like_num or doc[i - 1].text[:1].isdigit()):
        return None
    from dossier.extract.dates import month_number  # here: dates imports this module

    if i > 0 and month_number(doc[i - 1].text) is not None:
        return None  # "June 5 200 protesters"
    k, digits = i + 1, text
    while k < n and _GROUP_OF_THREE.match(doc[k].text) and doc[k - 1].whitespace_ == " ":
        digits += doc[k].text
        k += 1
    if k == i + 1:
        return None
    after = doc[k] if k < n else None
    # the groups must end the number: a noun, a scale or unit word, or punctuation follows
    if after is None or after.like_num or after.text[:1].isdigit() or (after.pos_ == "PROPN" and after.ent_type_ != "NORP"):
        return None
    return float(digits), k


_PART_COUNTS = {"a": 1.0, "an": 1.0, "one": 1.0, "two": 2.0, "three": 3.0}


def _part_at(doc: Doc, i: int, nw: NumberWords) -> tuple[float, int] | None:
    """'a quarter', 'two-thirds' starting at token i before 'of a <scale>' -> (share, index of 'of')."""
    n = len(doc)
    count = _PART_COUNTS.get(doc[i].lower_)
    if count is None or i + 1 >= n:
        return None
    k = i + 1
    if doc[k].text == "-" and k + 1 < n:
        k += 1
    if nw.kind(doc[k].lower_) not in ("fraction", "part") or doc[k].lower_ == "half":
        return None
    return count * nw.value(doc[k].lower_), k + 1


def _part_of_scale(doc: Doc, i: int, nw: NumberWords) -> Number | None:
    """'a quarter of a million', 'three quarters of a billion': a share of a scale word."""
    hit = _part_at(doc, i, nw)
    if hit is None:
        return None
    share, k = hit
    n = len(doc)
    if not (k + 2 < n and doc[k].lower_ == "of" and doc[k + 1].lower_ in ("a", "an") and nw.kind(doc[k + 2].lower_) == "big"):
        return None
    scale = nw.value(doc[k + 2].lower_)
    return Number(i, k + 3, share * scale, scaled=True, scale=scale, words=True)


@cache
def _trigger_hashes() -> np.ndarray:
    nw = number_words()
    words = [w for w, (_, kind) in nw.words.items() if kind != "suffix"]
    return np.array(sorted(get_string_id(w) for w in words), dtype=np.uint64)


def number_candidates(doc: Doc) -> list[int]:
    """Token indices where a number may start, found on spaCy's attribute arrays.

    Touching every token from Python costs more than all the rest of the quantity work,
    so the scan is one ``to_array`` call and numpy: tokens that look like numbers, number
    words, and tokens whose shape starts with a digit ("1.5bn", "24–48"). A scale word
    after "a"/"half a" moves the start back ("a dozen", "half a million").
    """
    if len(doc) == 0:
        return []
    arr = doc.to_array([LIKE_NUM, LOWER, SHAPE])
    shapes = np.unique(arr[:, 2])
    strings = doc.vocab.strings
    digit_shapes = np.array([h for h in shapes if strings[int(h)][:1] == "d"], dtype=np.uint64)
    hit = (arr[:, 0] == 1) | np.isin(arr[:, 1], _trigger_hashes()) | np.isin(arr[:, 2], digit_shapes)
    nw = number_words()
    out: list[int] = []
    for i in np.flatnonzero(hit).tolist():
        start = i
        # "a quarter of a million": the share opens the number
        if i > 0 and nw.kind(doc[i].lower_) in ("fraction", "part") and _part_of_scale(doc, i - 1, nw) is not None:
            start = i - 1
        elif i > 1 and doc[i - 1].text == "-" and nw.kind(doc[i].lower_) in ("fraction", "part") and _part_of_scale(doc, i - 2, nw) is not None:
            start = i - 2
        elif i > 0 and doc[i - 1].lower_ in ("a", "an") and nw.kind(doc[i].lower_) in ("hundred", "big", "dozen"):
            start = i - 1
            if start > 0 and doc[start - 1].lower_ == "half":
                start -= 1
        for k in (start, i):
            if not out or k > out[-1]:
                out.append(k)
    return out
