"""Date expressions, resolved against the article's publication date.

Candidates come from two places: the model's DATE entities (kept only when they name a point
or stretch of time, not a duration such as "50 days", which is a quantity), and patterns for
what the small model misses or cuts short (weekdays, "June 24-25", years after "since",
"in recent days"). Overlapping candidates are merged.

Resolution is our own calendar arithmetic for the shapes news uses ("Wednesday", "earlier
this month", "by the end of August", "in February 2022", "three weeks ago"): dateparser reads
none of "earlier this month", "the end of August", "late Tuesday", "in recent days",
"mid-March", and it puts a bare "June 24-25" in 1925. It is kept as the fallback for other
absolute shapes ("16/05/2024"), called only on the short expression, cached, with English
only (no language detection) and no network. Values: "YYYY-MM-DD", "YYYY-MM", "YYYY", or a
range "start/end"; None when there is no publication date to anchor a relative expression.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache, lru_cache

import numpy as np
from spacy.attrs import LOWER, SHAPE
from spacy.strings import get_string_id
from spacy.tokens import Doc

from dossier.extract.number_reading import data_lines, data_rows
from dossier.nlp.text import doc_text
from dossier.records import DateMention


@dataclass(frozen=True, slots=True)
class _Calendar:
    months: dict[str, int]
    weekdays: dict[str, int]
    anchors: frozenset[str]
    excluded: tuple[str, ...]
    future: frozenset[str]
    vague_days: dict[str, int]
    unit_days: dict[str, float]
    number_words: dict[str, int]
    holidays: dict[str, tuple[int, int]]  # "christmas eve" -> (12, 24)


@cache
def _cal() -> _Calendar:
    from dossier.extract.number_reading import number_words

    nw = number_words()
    return _Calendar(
        months={r[0]: int(r[1]) for r in data_rows("date_months.tsv")},
        weekdays={r[0]: int(r[1]) for r in data_rows("date_weekdays.tsv")},
        anchors=frozenset(data_lines("date_anchor_words.txt")),
        excluded=tuple(data_lines("date_excluded.txt")),
        future=frozenset(data_lines("date_future_markers.txt")),
        vague_days={r[0]: int(r[1]) for r in data_rows("date_vague_counts.tsv")},
        unit_days={r[0]: float(r[1]) for r in data_rows("date_time_units.tsv")},
        number_words={w: int(v) for w, (v, k) in nw.words.items() if k in ("small", "tens") and v >= 1},
        holidays={r[0]: (int(r[1]), int(r[2])) for r in data_rows("date_holidays.tsv")},
    )


def month_number(word: str) -> int | None:
    """1-12 for a month name or abbreviation ("Feb.", "September"), else None."""
    return _cal().months.get(word.lower())


# ----------------------------------------------------------------------------- patterns


@dataclass(frozen=True, slots=True)
class _Patterns:
    candidates: re.Pattern[str]
    years: re.Pattern[str]
    month: str
    weekday: str


def _alternation(names: list[str]) -> str:
    """Capitalised names as a regex alternation, longest first ("Sept." before "Sep")."""
    forms = sorted({n[0].upper() + n[1:] for n in names}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(f) for f in forms) + ")"


@cache
def _patterns() -> _Patterns:
    cal = _cal()
    mon = _alternation(list(cal.months))
    wd = _alternation(list(cal.weekdays))
    hol = "(?:" + "|".join(re.escape(h.title().replace("'S", "'s")) for h in sorted(cal.holidays, key=len, reverse=True)) + ")"
    num = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|few|several|couple of)"
    unit = r"(?:hours?|days?|weeks?|months?|years?|decades?)"
    day = r"\d{1,2}(?:st|nd|rd|th)?"
    parts = [
        # a stretch ending on a date: "the 13 weeks to November 29", "the three months to June"
        rf"(?:the )?{num} {unit} (?:to|ending|ended) (?:{mon} {day}|{day} {mon}|{mon})(?:,? \d{{4}})?",
        # June 24 / June 24-25 / June 24, 2022 / early June 5
        rf"(?:(?:early|mid|late)[- ])?{mon} {day}(?:\s?[-–]\s?{day})?(?:,? \d{{4}})?",
        # 24 June / 24-25 June 2022 / 24th of June
        rf"{day}(?:\s?[-–]\s?{day})? (?:of )?{mon}(?:,? \d{{4}})?",
        # February 2022 / mid-March / the end of August (a bare month is checked in code)
        rf"(?:(?:early|mid|late)[- ]|(?:the )?(?:end|beginning|start|middle) of )?{mon}(?:,? \d{{4}})?",
        r"(?:the )?(?:early |mid-|late )?\d{3}0s",
        # weekdays
        rf"(?:(?:late|early|on|last|next|this|this past|this coming)\s+)?{wd}(?:\s+(?:morning|afternoon|evening|night))?",
        r"\d{4}-\d{2}-\d{2}",
        # fixed holidays: "Christmas Eve", "New Year's Day 2025"
        rf"{hol}(?:,? \d{{4}})?",
        r"\d{1,2}/\d{1,2}/\d{4}",
        r"(?:today|yesterday|tomorrow|tonight|last night)",
        r"this (?:morning|afternoon|evening)",
        r"(?:(?:earlier|later) )?(?:this|last|next|the past|the previous|the coming) (?:week|month|year|weekend|spring|summer|autumn|fall|winter)",
        r"(?:(?:the )?(?:end|beginning|start|middle) of )(?:the|this|last|next) (?:week|month|year)",
        r"recent (?:days|weeks|months|years)",
        rf"(?:the )?(?:past|last|next|coming|previous) (?:{num} )?{unit}",
        rf"{num} {unit} ago",
        r"(?:spring|summer|autumn|fall|winter) (?:of )?\d{4}",
    ]
    rx = re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in parts) + r")\b")
    # years after a word of time: "since 2024", "in 2022-23", "by 2030" (group 1 is the date)
    years = re.compile(
        r"\b(?:in|since|until|till|by|from|during|before|after|through|throughout|of|early|late|mid|around)[ -]"
        r"(\d{4}(?:\s?[-–]\s?\d{2,4})?)\b(?![,.]\d)"
    )
    return _Patterns(rx, years, mon, wd)


# ----------------------------------------------------------------------------- extraction


def extract_dates(doc: Doc, published: str | None) -> list[DateMention]:
    """Every date expression in the document, resolved where it can be."""
    pub = _parse_published(published)
    cal = _cal()
    text = doc_text(doc)
    spans: list[tuple[int, int]] = []
    for ent in doc.ents:
        if ent.label_ in ("DATE", "TIME") and _is_point_in_time(ent.text, cal, ent.label_ == "TIME"):
            if len(ent) == 1 and ent.text.isdigit() and _counts_something(doc, ent.start_char):
                continue
            spans.append((ent.start_char, ent.end_char))
    n_ents = len(spans)
    pats = _patterns()
    for t in _trigger_tokens(doc):
        # The patterns are tried only where a date word or a number stands, and from a
        # few tokens before it (for "the end of", "earlier this"): running one large
        # alternation over every character of the text costs more than all the rest.
        tok_start = doc[t].idx
        for k in range(max(0, t - 3), t + 1):
            m = pats.candidates.match(text, doc[k].idx)
            if m and m.end() > tok_start and not _bare_month_is_verb_or_name(text, m.start(), m.end(), cal):
                spans.append(m.span())
        if t > 0 and doc[t].text[:4].isdigit():
            m = pats.years.match(text, doc[t - 1].idx)
            if m:
                ys, ye = m.span(1)
                if 1000 <= int(text[ys : ys + 4]) <= 2100 and not _counts_something(doc, ys):
                    spans.append((ys, ye))
    own = sorted(set(spans[n_ents:]))  # what the patterns found, beside the model's entities
    out: list[DateMention] = []
    ref: tuple[int, int, int] | None = None  # (year, month, sentence) of the last dated month
    sent_starts = [sent.start_char for sent in doc.sents] if doc.has_annotation("SENT_START") else [0]
    for s, e in _merge(spans):
        s, e = _trim(text, s, e)
        if e <= s:
            continue
        expr = text[s:e]
        if any(x in expr.lower() for x in cal.excluded):
            continue
        needs = _needs_tense(expr, cal)
        tense = _tense(doc, s, e, cal) if needs and (pub is not None or ref is not None) else ""
        value = resolve_date(expr, pub, tense)
        if value is None:
            # the model's entity ran on past the date ("the year on Monday"): the part a
            # pattern found alone, if that resolves
            inner = next(((a, b) for a, b in own if s <= a and b <= e and (a, b) != (s, e)), None)
            if inner is not None:
                s, e = _trim(text, *inner)
                expr = text[s:e]
                needs = _needs_tense(expr, cal)
                tense = _tense(doc, s, e, cal) if needs and (pub is not None or ref is not None) else ""
                value = resolve_date(expr, pub, tense)
        # only a past narrative carries its year on: "the summit is in June" is this year's
        sent = bisect_right(sent_starts, s) - 1
        if needs and ref is not None and not _has_weekday(expr, cal) and tense == "past" and sent - ref[2] <= (1 if ref[1] else 0):
            value = _in_narrative_year(expr, value, ref, pub, cal) or value
        if value and re.fullmatch(r"\d{4}(?:-\d{2}.*)?", value) and (re.search(r"\b\d{4}\b", expr) or re.fullmatch(r"\d{4}", value)):
            # a month with its year carries to the next sentence; a year alone ("last
            # year's fire ... in July") only within its own sentence
            ref = (int(value[:4]), int(value[5:7]) if len(value) >= 7 else 0, sent)
        out.append(DateMention(s, e, expr, value))
    return out


def _in_narrative_year(expr: str, value: str | None, ref: tuple[int, int, int], pub: date | None, cal: _Calendar) -> str | None:
    """'In November 2022 ... In March, ...': a month written without a year, after one written
    with it, follows on in that story's time (March 2023), not the publication year's."""
    month = next((m for w in _words(expr) if (m := _month_of(w, cal)) is not None), None)
    if month is None:
        return None
    year = ref[0] if month >= ref[1] else ref[0] + 1  # ref[1] is 0 for a year alone
    if pub is not None and date(year, month, 1) > pub:
        return None  # the story's time cannot run past the article
    if value is not None and value[:4] == str(year):
        return None
    return resolve_date(f"{expr} {year}", pub, "")


@cache
def _trigger_hashes() -> np.ndarray:
    cal = _cal()
    holiday_ends = {h.split()[-1] for h in cal.holidays}  # "eve", "day": tried from 3 tokens before
    words = set(cal.months) | set(cal.weekdays) | set(cal.anchors) | holiday_ends | {"ago", "recent", "days", "weeks", "months", "years"}
    return np.array(sorted(get_string_id(w) for w in words), dtype=np.uint64)


def _trigger_tokens(doc: Doc) -> list[int]:
    """Tokens where a date expression may stand: date words and tokens starting with a digit."""
    if len(doc) == 0:
        return []
    arr = doc.to_array([LOWER, SHAPE])
    strings = doc.vocab.strings
    digit_shapes = np.array([h for h in np.unique(arr[:, 1]) if strings[int(h)][:1] == "d"], dtype=np.uint64)
    hit = np.isin(arr[:, 0], _trigger_hashes()) | np.isin(arr[:, 1], digit_shapes)
    return np.flatnonzero(hit).tolist()


def _parse_published(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


_LEADING = re.compile(r"^(?:on|in|at|since|by|from|until|during|of|between|and|to)\s+", re.IGNORECASE)


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """Drop prepositions and punctuation the model sometimes keeps at a span's edges."""
    while e > s and text[e - 1] in " ,.;:'\"’)":
        if text[e - 1] == "." and e - s >= 4 and text[s:e].lower().rstrip(".").endswith(("jan", "feb", "aug", "sept", "oct", "nov", "dec")):
            break
        e -= 1
    if text[s:e].endswith(("'s", "’s")) and e - s > 2:
        e -= 2  # "last year's biggest fire": the possessive is no part of the date
    m = _LEADING.match(text[s:e])
    if m:
        s += m.end()
    return s, e


def _words(expr: str) -> list[str]:
    return re.findall(r"[a-z]+|\d+", expr.lower())


def _is_point_in_time(expr: str, cal: _Calendar, is_time: bool) -> bool:
    """A model DATE/TIME entity names a date (kept) rather than a duration or a clock time."""
    low = expr.lower()
    if any(x in low for x in cal.excluded):
        return False
    ws = _words(low)
    if any(w in cal.weekdays for w in ws):
        return True
    if is_time:
        return any(w in ("today", "tonight", "yesterday", "tomorrow", "last", "this") for w in ws)
    if any(w in cal.anchors for w in ws):
        return True
    if any(month_number(t) for t in re.findall(r"[A-Z][a-z]+\.?", expr)):
        return True
    return bool(re.search(r"\b(?:1[89]|20)\d{2}s?\b", expr)) and not re.fullmatch(r"\d{3}-\d{4}", expr)


def _bare_month_is_verb_or_name(text: str, s: int, e: int, cal: _Calendar) -> bool:
    """'May' or 'March' alone: a date only after a word of time ("in May", "since March")."""
    expr = text[s:e]
    if not re.fullmatch(r"[A-Z][a-z]+\.?", expr):
        return False
    if expr.lower().rstrip(".") not in ("may", "march") and s > 0 and text[s - 1] != "-":
        # other month names are dates wherever they stand ("talks in June", "June's talks")
        return False
    before = text[max(0, s - 12) : s].lower().split()
    return not (before and before[-1] in ("in", "since", "by", "until", "from", "during", "of", "early", "late", "mid", "last", "next", "this", "before", "after", "through", "end", "until"))


def _counts_something(doc: Doc, s: int) -> bool:
    """'a force of 2000 soldiers': a four-digit number before a plural noun is a count;
    'of 1119 Eighth St.': before a name, after "of", a house number."""
    span = doc.char_span(s, s + 4, alignment_mode="expand")
    if span is None:
        return False
    tok = span[0]
    if tok.i > 0 and doc[tok.i - 1].lower_ == "of" and tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ == "PROPN":
        return month_number(doc[tok.i + 1].text) is None
    return tok.ent_type_ != "DATE" and tok.head.i > tok.i and tok.head.tag_ == "NNS"


def _has_weekday(expr: str, cal: _Calendar) -> bool:
    return any(w in cal.weekdays for w in _words(expr))


def _needs_tense(expr: str, cal: _Calendar) -> bool:
    """Weekdays, months and holidays without a year point back or forward depending on the clause."""
    if re.search(r"\b\d{4}\b", expr):
        return False
    low = expr.lower()
    return any(w in cal.weekdays or w in cal.months for w in _words(expr)) or any(h in low for h in cal.holidays)


def _tense(doc: Doc, s: int, e: int, cal: _Calendar) -> str:
    """The clause's tense; where the clause gives none, a month or weekday after "from",
    "until" or "by" is a start or a deadline, and those lie ahead ("a rise in the state
    pension from April", "the cuts take effect by March")."""
    tense = _clause_tense(doc, s, e, cal)
    if tense:
        return tense
    span = doc.char_span(s, e, alignment_mode="expand")
    if span is not None and span.start > 0 and doc[span.start - 1].lower_ in ("from", "until", "till", "by"):
        return "future"
    return ""


def _clause_tense(doc: Doc, s: int, e: int, cal: _Calendar) -> str:
    """'past', 'future' or '' for the clause a date hangs off.

    Future: the verb has "will"/"shall" or is one of scheduling ("due", "scheduled");
    past: a past-tense verb, a perfect or passive past, or "since" before the date.
    """
    span = doc.char_span(s, e, alignment_mode="expand")
    if span is None:
        return ""
    before = [t.lower_ for t in doc[max(0, span.start - 2) : span.start]]
    if before[-1:] == ["since"] or before == ["back", "in"]:
        return "past"
    tok = span.root
    for _ in range(4):
        if tok.pos_ in ("VERB", "AUX", "ADJ") or tok.dep_ == "ROOT":
            aux = {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}
            # "Helio forecast revenue on Wednesday", "the board set a date on Monday": a
            # scheduling verb in the past tense with its own subject tells of a past act;
            # "scheduled a hearing for Nov. 18" still names the day ahead
            acted = tok.tag_ == "VBD" and not aux and any(c.dep_ == "nsubj" for c in tok.children) and before[-1:] != ["for"]
            if aux & cal.future or (tok.lower_ in cal.future and not acted):
                return "future"
            if tok.tag_ == "VBD" or aux & {"had", "was", "were", "did"}:
                return "past"
            if tok.tag_ == "VBN" and aux & {"has", "have"}:
                return "past"
            if tok.pos_ in ("VERB", "AUX"):
                # "are expected to stay ... until Friday": an infinitive takes the tense of
                # the verb it completes
                # ("hoped to form a government by June" looks forward too: no past from it)
                if tok.tag_ == "VB" and tok.dep_ in ("xcomp", "ccomp") and aux & {"to"} and tok.head is not tok:
                    h = tok.head
                    h_aux = {c.lower_ for c in h.children if c.dep_ in ("aux", "auxpass")}
                    if ({h.lower_} | h_aux) & cal.future:
                        return "future"
                return ""
        if tok.head is tok:
            break
        tok = tok.head
    return ""


# ----------------------------------------------------------------------------- resolution


_QUALIFIERS = re.compile(
    r"^(?:the |on |in |since |by |from |until |during |between )?"
    r"(?:(?:nearly|almost|about|around|some|just|more than|less than|over|roughly) |"
    r"(?:early|late|mid|mid-) (?=this|last|next)|(?:(?:the )?(?:first|second) half of ))"
)
_RANGE_SPLIT = re.compile(r"^(.+?)\s*(?: to | through | until | and |-|/)\s*(.+)$")
_LEADING_WEEKDAY = re.compile(r"^([a-z]+\.?),? (?=[a-z]+\.? \d|\d)")


@lru_cache(maxsize=4096)
def resolve_date(expr: str, pub: date | None, tense: str = "") -> str | None:
    """ISO value of one date expression, relative to ``pub`` where needed.

    ``tense`` ('past', 'future' or '') says which way a weekday or a month without a
    year points; without it, a weekday looks back and a month takes the nearest year.
    """
    cal = _cal()
    low = re.sub(r"[–—]", "-", expr.lower()).strip()
    low = re.sub(r"^(?:the|on|in|since|by|from|until|during|between)\s+", "", low)
    low = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", low)
    # "Friday, Dec. 6": the weekday adds nothing to the date after it
    m = _LEADING_WEEKDAY.match(low)
    if m and m[1] in cal.weekdays:
        low = low[m.end() :]
    v = _apply_rules(low, pub, cal, tense)
    if v is None:
        stripped = _QUALIFIERS.sub("", low, count=1)
        if stripped != low:
            v = _apply_rules(stripped, pub, cal, tense)
    if v is None:
        v = _stretch_to(low, pub, cal, tense)
    if v is None:
        # "Tuesday to Friday", "2008 to 2016": both ends resolve -> a range
        r = _RANGE_SPLIT.match(low)
        if r and not re.fullmatch(r"\d{4}-\d{2}(?:-\d{2})?", low):
            a, b = _apply_rules(r[1], pub, cal, tense), _apply_rules(r[2], pub, cal, tense)
            if a and b:
                a0, b1 = a.split("/")[0], b.split("/")[-1]
                if len(a0) == len(b1) == 10 and b1 < a0 and _words(r[2])[-1] in cal.weekdays:
                    b1 = (date.fromisoformat(b1) + timedelta(days=7)).isoformat()  # "Tuesday to Friday"
                return f"{a0}/{b1}" if a0 < b1 else None
    if v is not None:
        return v or None
    return _dateparser_fallback(expr, pub)


_STRETCH_TO = re.compile(r"([a-z]+(?:-[a-z]+)?|\d+) (day|week|month|year)s? (?:to|ending|ended|through) (.+)")


def _stretch_to(low: str, pub: date | None, cal: _Calendar, tense: str) -> str | None:
    """'the 13 weeks to November 29', 'the three months to September': the stretch that ends
    on the date, as a range (day ranges end on the day, month ranges cover whole months)."""
    from dossier.extract.number_reading import number_words

    m = _STRETCH_TO.fullmatch(low)
    if not m:
        return None
    nw = number_words().words
    # "13", "three", "twenty-six"
    n = int(m[1]) if m[1].isdigit() else int(sum(nw.get(p, (0.0, ""))[0] for p in m[1].split("-")))
    end = _apply_rules(m[3], pub, cal, tense or "past")
    if not end or n <= 0 or "/" in end:
        return None
    unit = m[2]
    if len(end) == 7:  # a month: whole months back from it
        if unit not in ("month", "year"):
            return None
        y, mo = _shift_month(int(end[:4]), int(end[5:]), -(n * (12 if unit == "year" else 1)) + 1)
        return f"{y:04d}-{mo:02d}/{end}"
    if len(end) != 10:
        return None
    d = date.fromisoformat(end)
    if unit in ("day", "week"):
        start = d - timedelta(days=n * (7 if unit == "week" else 1) - 1)
    else:
        start = _add_months(d, -(n * (12 if unit == "year" else 1))) + timedelta(days=1)
    return f"{start.isoformat()}/{end}"


def _apply_rules(low: str, pub: date | None, cal: _Calendar, tense: str) -> str | None:
    """First rule that knows the shape: its value, '' (known shape, unresolvable) or None."""
    for rule in _RULES:
        try:
            v = rule(low, pub, cal, tense)
        except ValueError:  # "February 30": not a date
            return ""
        if v is not None:
            return v
    return None


def _iso(low: str, pub: date | None, cal: _Calendar, tense: str) -> str | None:
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", low)
    return date(int(m[1]), int(m[2]), int(m[3])).isoformat() if m else None


def _decade(low: str, pub: date | None, cal: _Calendar, tense: str) -> str | None:
    m = re.fullmatch(r"(early |mid-|late )?(\d{3}0)s", low)
    if not m:
        return None
    y = int(m[2])
    lo, hi = {"early ": (0, 3), "mid-": (3, 6), "late ": (6, 9)}.get(m[1] or "", (0, 9))
    return f"{y + lo}/{y + hi}"


def _year_range(low: str, pub: date | None, cal: _Calendar, tense: str) -> str | None:
    m = re.fullmatch(r"(\d{4})\s?-\s?(\d{2}|\d{4})(?: season)?", low)
    if not m:
        return None
    a, b = int(m[1]), m[2]
    hi = int(b) if len(b) == 4 else a // 100 * 100 + int(b)
    return f"{a}/{hi}" if hi > a else ""


def _month_of(word: str, cal: _Calendar) -> int | None:
    return cal.months.get(word) or cal.months.get(word.rstrip(".")) or cal.months.get(word + ".")


def _nearest_year(month: int, day: int | None, pub: date | None, tense: str = "") -> int | None:
    """The year that puts a month (and day) closest to the publication date, on the side
    of it the clause's tense points to."""
    if pub is None:
        return None
    if tense:
        key, pub_key = (month, day or 1), (pub.month, pub.day if day else 1)
        if tense == "past":
            return pub.year if key <= pub_key else pub.year - 1
        return pub.year if key >= pub_key else pub.year + 1
    best, best_gap = pub.year, None
    for y in (pub.year - 1, pub.year, pub.year + 1):
        d = date(y, month, min(day or 15, calendar.monthrange(y, month)[1]))
        gap = abs((d - pub).days)
        if best_gap is None or gap < best_gap:
            best, best_gap = y, gap
    return best


def _md(month: int, d1: int, d2: int | None, year: int | None, pub: date | None, tense: str) -> str:
    y = year if year is not None else _nearest_year(month, d1, pub, tense)
    if y is None:
        return ""
    a = date(y, month, d1).isoformat()
    if d2 is not None and d2 > d1:
        return f"{a}/{date(y, month, d2).isoformat()}"
    return a


_MD = re.compile(r"(?:(?:early|mid|late)[- ])?([a-z]+\.?) (\d{1,2})(?:\s?-\s?(\d{1,2}))?(?:,? (\d{4}))?")
_DM = re.compile(r"(\d{1,2})(?:\s?-\s?(\d{1,2}))? (?:of )?([a-z]+\.?)(?:,? (\d{4}))?")


def _month_day(low: str, pub: date | None, cal: _Calendar, tense: str) -> str | None:
    m = _MD.fullmatch(low)
    if not m or _month_of(m[1], cal) is None:
        return None
    return _md(_month_of(m[1], cal), int(m[2]), int(m[3]) if m[3] else None, int(m[4]) if m[4] else None, pub, tense)  # type: ignore[arg-type]


def _day_month(low: str, pub: date | None, cal: _Calendar, tense: str) -> str | None:
    m = _DM.fullmatch(low)
    if not m or _month_of(m[3], cal) is None:
        return None
    return _md(_month_of(m[3], cal), int(m[1]), int(m[2]) if m[2] else None, int(m[4]) if m[4] else None, pub, tense)  # type: ignore[arg-type]


def _month_year(low: str, pub: date | None, cal: _Calendar, tense: str) -> str | None:
    m = re.fullmatch(
        r"(?:(?:early|mid|late)[- ]|(?:end|beginning|start|middle) of )?(?:(last|this|next) )?([a-z]+\.?)"
        r"(?:,? (\d{4})| of (this|last|next) year)?",
        low,
    )
    if not m or _month_of(m[2], cal) is None:
        return None
    month = _month_of(m[2], cal)
    assert month is not None
    if m[3]:
        y: int | None = int(m[3])
    elif pub is None:
        y = None
    elif m[4]:  # "May of this year"
        y = pub.year + {"last": -1, "next": 1}.get(m[4], 0)
    else:  # "last February" points back, "next June" forward
        y = _nearest_year(month, None, pub, {"last": "past", "next": "future"}.get(m[1] or "", tense))
    return f"{y:04d}-{month:02d}" if y is not None else ""


_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}


def _season_range(season: str, y: int) -> str:
    a, b = _SEASONS[season]
    if season == "winter":
        return f"{y:04d}-12/{y + 1:04d}-02"
    return f"{y:04d}-{a:02d}/{y:04d}-{b:02d}"


def _season(low: str, pub: date | None, cal: _Calendar, tense: str) -> str | None:
    m = re.fullmatch(r"(?:(this|last|next|the past|the coming) )?(spring|summer|autumn|fall|winter)(?: (?:of )?(\d{4}))?", low)
    if not m:
        return None
    if m[3]:
        return _season_range(m[2], int(m[3]))
    if pub is None:
        return ""
    return _season_range(m[2], _season_year(m[2], m[1] or "", pub))


def _season_year(season: str, mod: str, pub: date) -> int:
    """The year a season starts in: 'next' is the next one not yet begun, 'last' the last one
    ended, 'this' or a bare season the current or coming one ("next winter", written in
    February 2026, is December 2026 to February 2027)."""
    a, b = _SEASONS[season]
    mo = pub.month
    if season == "winter":
        current = pub.year - 1 if mo <= 2 else pub.year  # the winter under way or ahead
        if mod in ("next", "the coming"):
            return current + 1 if mo in (12, 1, 2) else current
        if mod in ("last", "the past"):
            return current - 1 if mo in (12, 1, 2) else pub.year - 1
        return current
    if mod in ("next", "the coming"):
        return pub.year if a > mo else pub.year + 1
    if mod in ("last", "the past"):
        return pub.year if b < mo else pub.year - 1
    return pub.year


def _year(low: str, pub: date | None, cal: _Calendar, tense: str) -> str | None:
    m = re.fullmatch(r"(?:(?:early|mid-?|late) |(?:end|beginning|start|middle) of )?(\d{4})", low)
    if not m:
        return None
    y = int(m[1])
    return str(y) if 1000 <= y <= 2100 else ""


def _weekday(low: str, pub: date | None, cal: _Calendar, tense: str) -> str | None:
    m = re.fullmatch(r"(?:(late|early|on|last|next|this|this past|this coming) )?([a-z]+\.?)(?: (?:morning|afternoon|evening|night))?", low)
    if not m or m[2] not in cal.weekdays:
        return None
    if pub is None:
        return ""
    wd = cal.weekdays[m[2]]
    mod = m[1] or ""
    if mod in ("next", "this coming") or (tense == "future" and mod not in ("last", "this past")):
        ahead = (wd - pub.weekday()) % 7 or 7
        return (pub + timedelta(days=ahead)).isoformat()
    back = (pub.weekday() - wd) % 7
    if mod in ("last", "this past") and back == 0:
        back = 7
    return (pub - timedelta(days=back)).isoformat()


def _relative_day(low: str, pub: date | None, cal: _Calendar, tense: str) -> str | None:
    offsets = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0, "yesterday": -1, "last night": -1, "tomorrow": 1}
    if low not in offsets:
        return None
    return (pub + timedelta(days=offsets[low])).isoformat() if pub else ""


def _week_range(monday: date) -> str:
    return f"{monday.isoformat()}/{(monday + timedelta(days=6)).isoformat()}"


def _shift_month(y: int, m: int, k: int) -> tuple[int, int]:
    t = y * 12 + (m - 1) + k
    return t // 12, t % 12 + 1


def _relative_period(low: str, pub: date | None, cal: _Calendar, tense: str) -> str | None:
    m = re.fullmatch(r"(?:(earlier|later) )?(?:(end|beginning|start|middle) of )?(this|last|next|the past|the previous|the coming|the) (week|month|year|weekend)", low)
    if not m:
        return None
    if pub is None:
        return ""
    which, period = m[3], m[4]
    if period == "year" and m[2] in ("end", "beginning", "start") and which in ("this", "last", "next", "the"):
        # "by the end of the year": its last month; "since the start of the year": its first
        y = pub.year + {"last": -1, "next": 1}.get(which, 0)
        return f"{y:04d}-{12 if m[2] == 'end' else 1:02d}"
    if which in ("the past", "the previous") and period != "weekend":
        days = {"week": 7, "month": 30, "year": 365}[period]
        return f"{(pub - timedelta(days=days)).isoformat()}/{pub.isoformat()}"
    shift = {"last": -1, "next": 1, "the coming": 1}.get(which, 0)
    if period == "week":
        return _week_range(pub - timedelta(days=pub.weekday()) + timedelta(weeks=shift))
    if period == "month":
        y, mo = _shift_month(pub.year, pub.month, shift)
        return f"{y:04d}-{mo:02d}"
    if period == "year":
        return str(pub.year + shift)
    # weekend: the coming one unless the article is written on it (or "last weekend")
    sat = pub + timedelta(days=(5 - pub.weekday()) % 7)
    if pub.weekday() == 6:
        sat = pub - timedelta(days=1)
    if which in ("last", "the past", "the previous"):
        sat = pub - timedelta(days=(pub.weekday() - 5) % 7 or 7)
    elif shift == 1 and pub.weekday() >= 5:
        sat += timedelta(days=7)
    return f"{sat.isoformat()}/{(sat + timedelta(days=1)).isoformat()}"


def _count(word: str, cal: _Calendar) -> int | None:
    if word.isdigit():
        return int(word)
    if word in ("a", "an"):
        return 1
    return cal.number_words.get(word)


def _recent(low: str, pub: date | None, cal: _Calendar, tense: str) -> str | None:
    m = re.fullmatch(r"(?:(past|last|next|coming|previous) |recent )(?:(\w+|couple of) )?(hours?|days?|weeks?|months?|years?|decades?)", low)
    if low.startswith("recent "):
        key = low
        days = cal.vague_days.get(key)
        if days is None:
            return None
        return f"{(pub - timedelta(days=days)).isoformat()}/{pub.isoformat()}" if pub else ""
    if not m:
        return None
    if pub is None:
        return ""
    unit = m[3].rstrip("s")
    n_word = m[2]
    if n_word is None:
        n = 1
    elif n_word in ("few", "several", "couple of"):
        days_v = cal.vague_days.get(f"{n_word} {unit}s")
        if days_v is None:
            return ""
        n, unit = days_v, "day"
    else:
        c = _count(n_word, cal)
        if c is None:
            return None
        n = c
    forward = m[1] in ("next", "coming")
    months = {"month": 1, "year": 12, "decade": 120}.get(unit)
    if months is not None and n == int(n):
        # whole months and years by the calendar: "the next six months" from 12 March
        # ends on 12 September, not 180 days on
        other = _add_months(pub, int(n) * months * (1 if forward else -1))
    else:
        span = timedelta(days=max(1, round(n * cal.unit_days[unit])))
        other = pub + span if forward else pub - span
    if forward:
        return f"{pub.isoformat()}/{other.isoformat()}"
    return f"{other.isoformat()}/{pub.isoformat()}"


def _add_months(d: date, k: int) -> date:
    """The same day ``k`` months on (the month's last day where it is shorter)."""
    y, m = _shift_month(d.year, d.month, k)
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def _ago(low: str, pub: date | None, cal: _Calendar, tense: str) -> str | None:
    m = re.fullmatch(r"(?:a )?(\w+|couple(?: of)?) (hours?|days?|weeks?|months?|years?|decades?) ago", low)
    if not m:
        return None
    unit = m[2].rstrip("s")
    vague = m[1].replace("couple of", "couple")
    if vague in ("few", "several", "couple"):
        # "a few weeks ago": back by the vague stretch, at the unit's own precision
        days_back = cal.vague_days.get(f"{'couple of' if vague == 'couple' else vague} {unit}s")
        if pub is None or days_back is None:
            return ""
        n: float | None = days_back / cal.unit_days[unit]
    else:
        n = _count(m[1], cal)
    if pub is None or n is None:
        return ""
    if unit in ("month", "year", "decade"):
        months = round(n * {"month": 1, "year": 12, "decade": 120}[unit])
        y, mo = _shift_month(pub.year, pub.month, -months)
        return f"{y:04d}-{mo:02d}" if unit == "month" else str(y)
    return (pub - timedelta(days=round(n * cal.unit_days[unit]))).isoformat()


def _holiday(low: str, pub: date | None, cal: _Calendar, tense: str) -> str | None:
    m = re.fullmatch(r"(.+?)(?:,? (\d{4}))?", low)
    hit = cal.holidays.get(m[1]) if m else None
    if hit is None or m is None:
        return None
    return _md(hit[0], hit[1], None, int(m[2]) if m[2] else None, pub, tense)


_RULES = (_iso, _holiday, _decade, _year_range, _month_day, _day_month, _month_year, _season, _year, _weekday, _relative_day, _relative_period, _recent, _ago)


# ----------------------------------------------------------------------------- dateparser


def _dateparser_fallback(expr: str, pub: date | None) -> str | None:
    """Other shapes ("16/05/2024", "2nd of June"): dateparser, on the expression alone."""
    if not re.search(r"\d", expr):
        return None  # relative words it could read are all handled above
    if pub is None and not re.search(r"\b\d{4}\b", expr):
        return None
    parser = _date_parser(pub)
    try:
        data = parser.get_date_data(expr)
    except Exception:  # dateparser raises on odd input; the expression stays unresolved
        return None
    d = data.date_obj
    if d is None:
        return None
    if data.period == "year":
        return f"{d.year:04d}"
    if data.period == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return d.date().isoformat()


@lru_cache(maxsize=64)
def _date_parser(pub: date | None):  # noqa: ANN202 - dateparser is imported lazily
    from dateparser.date import DateDataParser

    settings: dict[str, object] = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if pub is not None:
        settings["RELATIVE_BASE"] = datetime(pub.year, pub.month, pub.day)
    return DateDataParser(languages=["en"], settings=settings)
