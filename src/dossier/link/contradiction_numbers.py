"""Number contradictions: one thing counted differently ("three-and-a-half years of war" / "over two years").

Two quantities are about the same thing when they share the unit and the word they measure
("years of *war*", "troops on the *border*"; synonyms in ``data/contradiction_synonyms.tsv``)
and name no different places. Each becomes a range of values its wording allows ("over 2" is
2 to 3, "around 50,000" is 40,000 to 60,000, "at least 12" has no top); ranges that cannot
overlap disagree. Durations are widened by the time between the two articles (a war is a year
older a year later). Numbers inside proposals, plans, forecasts or changes ("up from 40") are
not facts to compare, and two numbers in one article never count: articles tell updates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from dossier.link.context import Corpus, sentence_bounds
from dossier.link.ids import stable_id
from dossier.link.proposal_words import data_table, data_words, number_words, stem, strip_possessive, tokens
from dossier.records import DocAnalysis, Document, QuantityMention

EXACT_TOLERANCE = 0.03
SKIP_BEFORE_HEAD = frozenset({"of", "in", "on", "at", "near", "along", "across", "the", "a", "an", "its",
                              "their", "his", "her", "into", "from", "for", "to", "and", "were", "have",
                              "had", "has", "been", "are", "was", "is"})
DAYS_PER = {"year": 365.25, "month": 30.4, "week": 7.0, "day": 1.0, "hour": 1 / 24}
MAX_CLAIMS = 4


@dataclass(frozen=True, slots=True)
class NumberWords:
    approximators: tuple[tuple[re.Pattern[str], float, float], ...]
    synonyms: dict[str, str]  # stem -> group
    stopwords: frozenset[str]
    unreal: re.Pattern[str]


@lru_cache(maxsize=1)
def number_lexicon() -> NumberWords:
    approx = []
    for row in sorted(data_table("contradiction_approximators.tsv"), key=lambda r: -len(r[0])):
        approx.append((re.compile(rf"(?<![\w-]){re.escape(row[0])}\s*$", re.IGNORECASE), float(row[1]), float(row[2])))
    syn = {}
    for row in data_table("contradiction_synonyms.tsv"):
        for w in row[1].split(","):
            syn[stem(w.strip())] = row[0]
    unreal = "|".join(re.escape(w) for w in sorted(data_words("contradiction_unreal_words.txt"), key=len, reverse=True))
    return NumberWords(tuple(approx), syn, data_words("contradiction_stopwords.txt"),
                       re.compile(rf"(?<![\w-])(?:{unreal})(?![\w-])", re.IGNORECASE))


@dataclass(slots=True)
class Measured:
    doc: str
    published: str | None
    q: QuantityMention
    head: str  # the group or stem of the measured word
    head_end: int
    head_start: int
    places: frozenset[str]
    low: float
    high: float
    topics: frozenset[str] = frozenset()  # content words around it ("*beef* quota ... 90,000 tonnes")


def _interval(text: str, q: QuantityMention) -> tuple[float, float] | None:
    if isinstance(q.value, list):
        lo, hi = float(q.value[0]), float(q.value[1])
    elif isinstance(q.value, (int, float)):
        lo = hi = float(q.value)
    else:
        return None
    m = re.search(r"[\d£$€]", q.text)
    k = m.start() if m else 0
    if not m:
        words = number_words()
        for w in re.finditer(r"[A-Za-z]+", q.text):
            if w.group().lower() in words:
                k = w.start()
                break
    before = text[max(0, q.start - 25):q.start] + q.text[:k]
    for pat, f_lo, f_hi in number_lexicon().approximators:
        if pat.search(before):
            return lo * f_lo, hi * f_hi
    if q.approximate:
        return lo * 0.8, hi * 1.2
    return lo * (1 - EXACT_TOLERANCE), hi * (1 + EXACT_TOLERANCE)


def _head(text: str, q: QuantityMention, sent: tuple[int, int]) -> tuple[str, int, int] | None:
    """The word the quantity measures: the first content word after it ("years of *war*")."""
    lex = number_lexicon()
    skipped = 0
    for tok in tokens(text[q.end:sent[1]], q.end):
        if not tok.is_word:
            return None
        low = tok.low
        if (low in SKIP_BEFORE_HEAD or low in lex.stopwords) and skipped < 3:
            skipped += 1  # "19 goals *last* season", "killed *in the* fighting"
            continue
        if low in lex.stopwords or not tok.text.isalpha():
            return None
        st = stem(tok.text)
        return lex.synonyms.get(st, st), tok.start, tok.end
    return None


def _head_before(text: str, q: QuantityMention, sent: tuple[int, int]) -> tuple[str, int, int] | None:
    """The verb or noun just before a quantity that ends its clause ("has kidnapped 12 people,"):
    marked "<" so it only ever meets another number measured the same way."""
    lex = number_lexicon()
    toks = [t for t in tokens(text[sent[0]:q.start], sent[0]) if t.is_word][-3:]
    for tok in reversed(toks):
        low = tok.low
        if low in SKIP_BEFORE_HEAD or low in lex.stopwords or any(p.search(low) for p, _, _ in lex.approximators):
            continue
        if not tok.text.isalpha():
            return None
        st = stem(tok.text)
        return "<" + lex.synonyms.get(st, st), tok.start, tok.end
    return None


def _measured(doc: Document, a: DocAnalysis, taken: list[tuple[int, int]]) -> list[Measured]:
    lex = number_lexicon()
    out = []
    for q in a.quantities:
        if not q.unit or any(s < q.end and q.start < e for s, e in taken):
            continue
        sent = sentence_bounds(a, q.start)
        if lex.unreal.search(doc.text, _clause_start(doc.text, sent[0], q.start), min(sent[1], q.end + UNREAL_AFTER)):
            continue  # "could export 99,000 tonnes", "40, up from 30": a plan or a change, not a fact
        head = _head(doc.text, q, sent) or _head_before(doc.text, q, sent)
        iv = _interval(doc.text, q)
        if iv is None:
            continue
        if head is None:  # measured by its surroundings alone ("six foreign oil workers in ...")
            head = ("?", q.start, q.end)
        places = frozenset(m.text for m in a.entities
                           if m.type in ("GPE", "LOC", "FAC") and sent[0] <= m.start < sent[1])
        unit = (q.unit or "").lower()
        if unit in DAYS_PER and unit != "hour":  # "a three-month war" and "a 44-day war" compare in days
            iv = (iv[0] * DAYS_PER[unit], iv[1] * DAYS_PER[unit])
        out.append(Measured(doc.id, doc.published, q, head[0], head[2], head[1], places, *iv,
                            _topics(doc.text, q, sent)))
    return out


TOPIC_BEFORE, TOPIC_AFTER = 8, 5
UNREAL_AFTER = 20  # characters after a quantity still in its reach ("40, up from 30")
CLAUSE_MARK = re.compile(r"[,;:()]|\s[-\u2013\u2014]\s")


def _clause_start(text: str, floor: int, pos: int) -> int:
    """Where the clause holding ``pos`` begins: "Militants holding six workers ... have demanded a
    ransom" keeps the ransom's verb out of the workers' clause only when a comma parts them."""
    last = floor
    for m in CLAUSE_MARK.finditer(text, floor, pos):
        last = m.end()
    return last


def _topics(text: str, q: QuantityMention, sent: tuple[int, int]) -> frozenset[str]:
    """Stems (or synonym groups) of the content words near a quantity and inside it, not its unit."""
    lex = number_lexicon()
    unit = stem(q.unit or "")
    words = number_words()
    before = [t for t in tokens(text[sent[0]:q.start], sent[0]) if t.is_word][-TOPIC_BEFORE:]
    inside = [t for t in tokens(q.text) if t.is_word]
    after = [t for t in tokens(text[q.end:sent[1]], q.end) if t.is_word][:TOPIC_AFTER]
    out = set()
    for t in before + inside + after:
        low = strip_possessive(t.low)
        if not strip_possessive(t.text).isalpha() or low in lex.stopwords or low in SKIP_BEFORE_HEAD or low in words \
                or any(p.search(low) for p, _, _ in lex.approximators):
            continue
        st = stem(t.text)
        if st != unit and len(st) > 2:
            out.add(lex.synonyms.get(st, st) if t.text[0].islower() else "^" + st)  # ^: a name
    return frozenset(out)


def _same_thing(x: Measured, y: Measured) -> bool:
    """Whether two quantities of one unit with different measured words still count one thing:
    each one's word stands beside the other ("99,000 tonnes of *beef* a *year*" / "the *beef*
    quota is 90,000 tonnes a *year*"), or one has no word of its own and they share two."""
    hx, hy = x.head.lstrip("<"), y.head.lstrip("<")
    groups = set(number_lexicon().synonyms.values())
    if hx in groups and hy in groups:
        return False  # "killed" and "injured" count different people
    if hx != "?" and hy != "?" and hx in y.topics and hy in x.topics:
        return True
    shared = (x.topics & y.topics) - {hx, hy}
    return len(shared) >= 2 and any(not w.startswith("^") for w in shared)


def _days_apart(a: str | None, b: str | None) -> float:
    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days) if a and b else 0.0
    except ValueError:
        return 0.0


def _unit(q: QuantityMention) -> str:
    """The unit numbers are compared in: days for every duration longer than an hour."""
    unit = (q.unit or "").lower()
    return "day" if unit in DAYS_PER and unit != "hour" else unit


ATTRIBUTIVE = re.compile(r"-(?:hour|day|week|month|year)$", re.IGNORECASE)  # "a 44-day war": its whole length


def _disagree(x: Measured, y: Measured) -> bool:
    slack = 0.0
    if ATTRIBUTIVE.search(x.q.text) and ATTRIBUTIVE.search(y.q.text):
        return x.high < y.low or y.high < x.low  # a finished thing's length does not grow with time
    if _unit(x.q) == "day":
        slack = _days_apart(x.published, y.published)
    elif _unit(x.q) == "hour":
        slack = _days_apart(x.published, y.published) * 24
    return x.high + slack < y.low or y.high + slack < x.low


def number_contradictions(corpus: Corpus, lists: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    taken: dict[str, list[tuple[int, int]]] = {}
    for p in lists.get("proposals", []):
        for m in p.get("mentions", []):
            taken.setdefault(m["doc"], []).append((m["start"], m["end"]))
    groups: dict[tuple[str, str], list[Measured]] = {}
    for doc, a in corpus.originals():
        for m in _measured(doc, a, taken.get(doc.id, [])):
            groups.setdefault((_unit(m.q), m.head), []).append(m)
    texts = {d.id: d.text for d, _ in corpus.originals()}
    # One unit, different measured words: paired only when the surroundings say it is one thing.
    by_unit: dict[str, list[Measured]] = {}
    for (unit, _), ms in groups.items():
        by_unit.setdefault(unit, []).extend(ms)
    for unit, ms in by_unit.items():
        for i, x in enumerate(ms):
            for y in ms[i + 1:]:
                if x.head != y.head and x.doc != y.doc and _same_thing(x, y) and _disagree(x, y):
                    groups.setdefault((unit, f"{x.head}~{y.head}"), []).extend([x, y])
    out = []
    for (unit, head), ms in groups.items():
        if head == "?":
            continue  # no measured word: only ever compared by its surroundings
        pairs = [(x, y) for i, x in enumerate(ms) for y in ms[i + 1:]
                 if x.doc != y.doc and not (x.places and y.places and not x.places & y.places) and _disagree(x, y)]
        if not pairs:
            continue
        picked: list[Measured] = []
        for x, y in pairs:
            for m in (x, y):
                if m not in picked and all(p.doc != m.doc for p in picked) and len(picked) < MAX_CLAIMS:
                    picked.append(m)
        claims = []
        for m in picked:
            s, e = min(m.q.start, m.head_start), max(m.q.end, m.head_end)
            claims.append({"doc": m.doc, "text": texts[m.doc][s:e], "start": s, "end": e})
        topic = texts[picked[0].doc][picked[0].head_start:picked[0].head_end]
        if head.startswith("<"):
            topic = f"{topic} ({unit})"
        about = f"{unit}s of {topic}" if texts[picked[0].doc][picked[0].q.end:picked[0].head_start].strip() == "of" \
            else (topic if head.startswith("<") else f"{unit}: {topic}")
        out.append({
            "id": stable_id("c", "number", unit, head, picked[0].doc, picked[0].q.start),
            "about": about,
            "kind": "number",
            "claims": claims,
            "explanation": "The articles give incompatible figures for the same thing: "
                           + " vs ".join(f"\"{c['text']}\"" for c in claims) + ".",
        })
    return out
