"""Quantities: counts, ranges, sums of money, percentages, distances and durations.

One left-to-right pass over the tokens. At each token that opens a number
(:func:`read_number`), we read the context around it from the parse spaCy already made:
an approximator before ("around", "more than"), a currency sign or code, a range
("24 to 48", "between 24 and 48", "24-48"), and the counted thing: the head noun of the
noun phrase the number modifies, reached by skipping its modifiers ("four *different*
regions", "thousands of *North Korean* soldiers"). Then the numbers that are not quantities
are dropped: years, day numbers beside a month, clock times, labels ("Article 5"), parts of
names ("F-16", "Boeing 737"), phone numbers, scores, "one of".

Why own rules here, beside spaCy: its CARDINAL/MONEY/QUANTITY entities have unreliable edges
in the small model ("€7.4 million and $" is one MONEY entity, "40 missiles overnight" one
QUANTITY) and carry no value, unit or approximation; quantulum3 guesses units from its own
classifier (it reads "71 drones" as a dimensionless number and "$" ranges poorly) and costs
tens of milliseconds a sentence. Entities are used only as hints (names, clock times).
All vocabularies are data files ``data/quantity_*``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Token

from dossier.extract.dates import month_number
from dossier.extract.number_reading import Number, data_lines, data_rows, number_candidates, read_number
from dossier.records import QuantityMention

# Seven or more digits in groups split by spaces, dots, hyphens or brackets: a phone number.
_PHONE = re.compile(r"(?<![\w,.])\+?\(?\d{1,4}\)?(?:[ .-]\(?\d{2,4}\)?){2,5}(?![\w,])|(?<![\w,.])\d{3}-\d{4}(?![\w,])")
_THOUSAND_DOTS = re.compile(r"^\d{1,3}(?:\.\d{3}){2,}$")
# Glued text before a number that makes it part of a name: a letter, "#", or a
# letters-and-digits code and a hyphen ("F-", "A350-", "Su-").
# An apostrophe marks a shortened year ("the '80s", "’90").
_GLUED_NAME = re.compile(r"(?:[A-Za-z#'’‘]|[A-Za-z][A-Za-z0-9.]*[-–/])$")
_NAME_ENTS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"})
# Dependency labels of a token that modifies a noun further right inside the same phrase.
_MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "advmod", "quantmod", "nummod", "punct", "poss", "case", "npadvmod"})
# Parts of speech that end the noun-phrase scan for the counted thing.
_STOP_POS = frozenset({"VERB", "AUX", "ADP", "DET", "PRON", "CCONJ", "SCONJ", "PART", "NUM", "INTJ", "SYM", "X"})
_PARTITIVE_DETS = frozenset({"the", "its", "their", "his", "her", "our", "your", "my", "these", "those", "this", "that"})
_RANGE_CONNECTORS = frozenset({"to", "-", "–", "—", "or", "through", "and"})
_WORD_OPENERS = frozenset({"a", "an", "half", "hundreds", "thousands", "millions", "billions", "dozens", "tens", "scores", "dozen"})
_PEOPLE_UNITS = frozenset({"person", "man", "woman", "child"})
_LABEL_BLOCKERS = frozenset({"a", "an", "each", "per", "every", "this", "that", "last", "next", "one"})


@dataclass(frozen=True, slots=True)
class _Lexicon:
    approx_before: tuple[tuple[str, ...], ...]  # longest first
    approx_set: frozenset[tuple[str, ...]]
    approx_preps: frozenset[str]
    approx_verb_only: frozenset[str]
    approx_after: frozenset[str]
    signs: dict[str, str]  # "$" -> USD ; also codes "usd", "rs"
    currency_words: dict[str, str]  # lemma -> code
    units: dict[str, str]
    labels: frozenset[str]
    scores: frozenset[str]
    time_suffixes: frozenset[str]
    change_verbs: frozenset[str]
    idioms: tuple[tuple[str, ...], ...]
    time_units: frozenset[str]
    date_after: frozenset[str]
    invariant_nouns: frozenset[str]
    date_before: frozenset[str]
    context: dict[str, dict[str, str]]  # kind -> word -> counted thing ("" when none)
    minor: dict[str, str]  # "cent" -> USD: a hundredth of a currency
    multipliers: frozenset[str]  # "three times *as* many"
    shared: dict[str, dict[str, str]]  # "peso" -> {"PH": "PHP", ...}: decided by the country named


@cache
def _lexicon() -> _Lexicon:
    approx = data_rows("quantity_approximators.tsv")
    before = sorted((tuple(r[0].split()) for r in approx if r[1] == "before"), key=len, reverse=True)
    after = frozenset(r[0] for r in approx if r[1] == "after")
    cur = data_rows("quantity_currencies.tsv")
    return _Lexicon(
        approx_before=tuple(before),
        approx_set=frozenset(before),
        approx_preps=frozenset(r[0] for r in approx if len(r) > 2 and r[2] == "prep"),
        approx_verb_only=frozenset(r[0] for r in approx if len(r) > 2 and r[2] == "verb"),
        approx_after=after,
        signs={r[0]: r[1] for r in cur if r[2] in ("sign", "code")},
        currency_words={r[0]: r[1] for r in cur if r[2] == "word"},
        units={r[0]: r[1] for r in data_rows("quantity_units.tsv")},
        labels=frozenset(data_lines("quantity_label_words.txt")),
        scores=frozenset(data_lines("quantity_score_words.txt")),
        time_suffixes=frozenset(data_lines("quantity_time_suffixes.txt")),
        change_verbs=frozenset(data_lines("quantity_change_verbs.txt")),
        idioms=tuple(tuple(x.split()) for x in data_lines("quantity_excluded_phrases.txt")),
        time_units=frozenset(r[0] for r in data_rows("date_time_units.tsv")),
        invariant_nouns=frozenset(data_lines("quantity_invariant_nouns.txt")),
        date_after=frozenset(r[0] for r in data_rows("quantity_date_words.tsv") if r[1] == "after"),
        date_before=frozenset(r[0] for r in data_rows("quantity_date_words.tsv") if r[1] == "before"),
        context=_context_table(),
        minor={r[0]: r[1] for r in cur if r[2] == "minor"},
        shared=_shared_currencies(),
        multipliers=frozenset(data_lines("quantity_multiplier_words.txt")),
    )


def _shared_currencies() -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    for r in data_rows("quantity_currency_countries.tsv"):
        table.setdefault(r[0], {})[r[1]] = r[2]
    return table


def _country_currency(doc: Doc, codes: dict[str, str]) -> str | None:
    """The code of the country among ``codes``' that the places named in the text lie in most
    often (place entities, nationality words, and names the tagger left untyped: "Aparri")."""
    from dossier.extract.entity_gazetteer import gazetteer  # built once, shared with entities
    from dossier.extract.entity_lexicon import lexicon

    g = gazetteer()
    demonyms = lexicon().demonyms
    votes: dict[str, int] = {}
    names = [e.text for e in doc.ents if e.label_ in ("GPE", "LOC", "NORP")]
    names += [t.text for t in doc if t.pos_ == "PROPN" and t.ent_type_ == "" and t.is_title]
    for name in names:
        place = g.lookup(name)
        cc = place.country_code if place is not None else demonyms.get(name)
        if cc in codes:
            votes[cc] = votes.get(cc, 0) + 1
    if not votes:
        return None
    return codes[max(votes, key=lambda c: votes[c])]


def _context_table() -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    for r in data_rows("quantity_context_units.tsv"):
        table.setdefault(r[0], {})[r[1]] = r[2] if len(r) > 2 else ""
    return table


@dataclass(slots=True)
class _Unit:
    unit: str | None
    end: int  # token index one past the unit words (or the number when there is none)
    noun: Token | None = None  # the head noun, when the unit came from one
    trim: int = 0  # characters of the last token that are not part of the unit (a full stop)


def extract_quantities(doc: Doc) -> list[QuantityMention]:
    """Every quantity in the document, in text order."""
    lex = _lexicon()
    out: list[QuantityMention] = []
    i = 0
    for c in number_candidates(doc):
        if c < i:
            continue
        num = read_number(doc, c)
        if num is None:
            continue
        q, nxt = _quantity_at(doc, num, lex)
        if q is not None:
            if q.unit is None:
                q.unit = _context_unit(doc, num, out, lex) or _subject_after_count(doc, num, out, lex) or _more_than_before(doc, num, out)
            if q.unit in lex.minor:
                _to_major(q, out, lex)
            out.append(q)
        i = max(nxt, num.end, c + 1)
    return out


def _to_major(q: QuantityMention, before: list[QuantityMention], lex: _Lexicon) -> None:
    """'22 cents' -> 0.22 of the money last named in the text ('$1.87 ... 22 cents'); pence
    are always sterling."""
    code = lex.minor[q.unit or ""]
    if code != "GBP":
        code = next((b.unit for b in reversed(before) if b.unit in lex.signs.values() or b.unit in lex.currency_words.values()), code) or code
    q.value = [_clean(v / 100) for v in q.value] if isinstance(q.value, list) else _clean(q.value / 100)
    q.unit = code


# ----------------------------------------------------------------------------- one number


def _quantity_at(doc: Doc, num: Number, lex: _Lexicon) -> tuple[QuantityMention | None, int]:
    """The quantity opened by ``num`` (or None) and the token index to go on from."""
    first = doc[num.start]
    low_end_tok = num.end

    if _excluded_before(doc, num, lex):
        # skip the far end of an excluded range too ("June 24-25", "F-16/17")
        j = num.end
        if j + 1 < len(doc) and doc[j].text in ("-", "–", "—") and doc[j].whitespace_ == "":
            nxt = read_number(doc, j + 1)
            if nxt is not None:
                return None, nxt.end
        return None, num.end

    # ---- money sign or code before, then approximators before that
    sign_code: str | None = None
    lead = num.start  # first token of the whole quantity
    if lead > 0 and doc[lead - 1].lower_ in lex.signs:
        sign_code = lex.signs[doc[lead - 1].lower_]
        lead -= 1
    approximate = num.vague
    between = False
    k = _approx_before(doc, lead, lex)
    if k is not None:
        approximate, lead = True, k
    if lead > 0 and doc[lead - 1].lower_ == "between":
        between = True

    # ---- range
    high: Number | None = None
    values: float | list[float] = num.value
    if num.high is not None:
        values = [num.value, num.high]
    j = num.end
    if num.high is None and j + 1 < len(doc) and doc[j].lower_ in _RANGE_CONNECTORS:
        conn = doc[j].lower_
        k2 = j + 1
        if k2 < len(doc) and doc[k2].lower_ in lex.signs:
            k2 += 1
        if (conn != "and" or between) and k2 < len(doc):
            high = read_number(doc, k2)
    elif num.high is None and sign_code is None:
        high_pct = _percent_range_end(doc, num, lead, lex, between)
        if high_pct is not None:
            j, high = high_pct
    if high is not None:
        lo, hi = num.value, high.value
        # "3 to 4 million", "$3-4bn": the scale written once covers both ends
        if high.scaled and not num.scaled and lo * high.scale <= hi:
            lo = lo * high.scale
        conn = doc[j].lower_
        if conn in ("-", "–", "—") and _is_score(doc, num.start, high.end, lex, lo, hi):
            return None, high.end
        if _is_year(num) and _is_year(high):
            return None, high.end
        if _is_year(num) and conn in ("-", "–", "—"):  # "2022-23"
            return None, high.end
        # "rose from 5 to 10 percent", "down by 30 to 126": a change, two values
        change = conn == "to" and lead > 0 and doc[lead - 1].lower_ in ("from", "by") and _near_change_verb(doc, lead - 1, lex)
        if lo < hi and not change:
            values = [lo, hi]
            low_end_tok = high.end
            if high.high is not None:
                values = [lo, high.high]
        else:
            high = None  # two separate values: read again from the second one
    if num.high is not None:
        lo, hi = num.value, num.high
        if _is_score(doc, num.start, num.end, lex, lo, hi) or (_is_year(num) and hi >= 1000) or (_is_year(num) and hi < 100):
            return None, num.end

    last = high if high is not None else num
    # ---- unit
    unit = _unit_after(doc, last, lex, money=sign_code is not None)
    end_tok = max(unit.end, low_end_tok)
    scale_m = last.ambiguous_m or num.ambiguous_m
    if scale_m:
        is_million = sign_code is not None or unit.unit in lex.currency_words.values() or (unit.noun is not None and unit.noun.tag_ in ("NNS", "NNPS"))
        if is_million:
            values = [v * 1e6 for v in values] if isinstance(values, list) else values * 1e6
        elif unit.noun is None:
            unit = _Unit("metre", unit.end)
    if sign_code is not None:
        unit = _Unit(sign_code, max(unit.end, low_end_tok) if unit.unit in (None, sign_code) else low_end_tok)
        end_tok = unit.end
    # approximators after: "50,000-plus", "50 or so", "40-odd"
    after_end = _approx_after(doc, low_end_tok, lex)
    if after_end is not None:
        approximate = True
        if unit.unit is None or unit.end <= after_end:
            unit2 = _unit_after_index(doc, after_end, lex, money=sign_code is not None, vague=False)
            if unit2.unit is not None and unit.unit is None:
                unit = unit2
            end_tok = max(end_tok, after_end, unit.end)

    # ---- exclusions that need the unit
    if _is_year(num) and high is None and num.high is None:
        plural_noun = unit.noun is not None and unit.noun.tag_ == "NNS" and first.ent_type_ != "DATE"
        if not plural_noun and sign_code is None:
            return None, num.end
    dashed = num.high is not None or (high is not None and doc[num.end].text in ("-", "–", "—"))
    if dashed and unit.unit is None and sign_code is None and not approximate:
        return None, low_end_tok  # "(6-5, 3-4)", "aged 18-25": records, scores, brackets
    if _is_label_before_singular(num, unit, lex, approximate or sign_code is not None):
        return None, num.end
    if unit.unit is None and sign_code is None:
        if _is_apposition(doc, num):
            return None, num.end  # "Carlineo, 55, of Addison": an age or a house number
        if low_end_tok < len(doc) and doc[low_end_tok].pos_ == "PROPN" and doc[low_end_tok].is_title:
            return None, num.end  # "520 Third Street", "80 Day Obsession": an address, a name
        if first.ent_type_ == "TIME":
            return None, low_end_tok
        if num.words and num.value == 1 and high is None:
            return None, num.end  # "one" alone is a pronoun ("the one who", "one in five")
        if num.value == 0 and high is None and not approximate:
            return None, num.end  # a bare "0" is a counter or a score, not a count
    if unit.unit == "time" and end_tok < len(doc) and doc[end_tok].lower_ in lex.multipliers:
        return None, end_tok  # "more than three times as many": a multiplier
    if unit.unit in lex.time_units and _is_date_phrase(doc, lead, end_tok, lex):
        return None, end_tok

    span = doc[lead - 1 if between else lead : end_tok]
    trim = max(unit.trim if unit.end == end_tok else 0, last.trim if last.end == end_tok else 0)
    text = span.text[: len(span.text) - trim]
    value = [_clean(v) for v in values] if isinstance(values, list) else _clean(values)
    q = QuantityMention(span.start_char, span.end_char - trim, text, value, unit.unit, approximate)
    return q, low_end_tok


def _percent_range_end(doc: Doc, num: Number, lead: int, lex: _Lexicon, between: bool) -> tuple[int, Number] | None:
    """'a margin of 63% to 64%', 'between 24% and 26%': the unit written at both ends ->
    (connector index, upper end). Not after a verb of change ('fell 2% to 30%' is a move and
    a level) unless 'between' opens it."""
    u = _unit_after_index(doc, num.end, lex, money=False, vague=False)
    c = u.end
    if u.unit != "percent" or c + 1 >= len(doc) or doc[c].lower_ not in (("to", "-", "–", "and") if between else ("to", "-", "–")):
        return None
    if not between and lead > 0 and (doc[lead - 1].pos_ in ("VERB", "AUX") or doc[lead - 1].lower_ in ("by", "from") or _near_change_verb(doc, lead - 1, lex)):
        return None
    high = read_number(doc, c + 1)
    if high is None or high.value <= num.value or _unit_after_index(doc, high.end, lex, money=False, vague=False).unit != "percent":
        return None
    return c, high


def _is_label_before_singular(num: Number, unit: _Unit, lex: _Lexicon, marked: bool) -> bool:
    """'the 777 program', 'a 737 Max jet': a bare three-digit-plus integer before a singular
    count noun is a model or a name; counts of more than one take a plural."""
    noun = unit.noun
    if marked or noun is None or num.words or num.scaled or num.high is not None or num.end - num.start != 1:
        return False
    if not noun.doc[num.start].text.isdigit() or num.value < 100 or noun.tag_ != "NN" or noun.i < num.end:
        return False  # "2,400" with its separator is a count; "650-member" a compound adjective
    if noun.doc[num.end].text in ("-", "–") or noun.i - num.end > 3:
        return False
    lemma = noun.lemma_.lower()
    return not (
        lemma in lex.invariant_nouns or lemma in lex.units or lemma in lex.time_units
        or lemma in lex.currency_words or (unit.unit or "") in lex.units.values()
    )


def _is_apposition(doc: Doc, num: Number) -> bool:
    """', 55,' right after a name or a singular noun of a person ('a grieving mum, 44,')."""
    a, b = num.start, num.end
    if not (a >= 2 and b < len(doc) and doc[a - 1].text == "," and doc[b].text == ","):
        return False
    before = doc[a - 2]
    return before.pos_ == "PROPN" or (before.tag_ == "NN" and not num.words and num.value < 120)


def _clean(v: float) -> float:
    """Whole numbers as int (50000, not 50000.0) so the JSON reads as written."""
    r = round(v, 6)
    return int(r) if r == int(r) else r


def _is_year(num: Number) -> bool:
    v = num.value
    return not num.words and not num.scaled and not num.grouped and v == int(v) and 1000 <= v <= 2100 and num.end - num.start == 1


# ----------------------------------------------------------------------------- exclusions


def _chars_before(doc: Doc, i: int) -> str:
    """The text glued (no space) right before token i, up to three tokens back."""
    out = ""
    k = i - 1
    while k >= 0 and k >= i - 3 and doc[k].whitespace_ == "":
        out = doc[k].text + out
        k -= 1
    return out


def _in_phone_number(doc: Doc, num: Number) -> bool:
    """Seven or more digits in groups around the number: a phone number, read locally."""
    if _THOUSAND_DOTS.match(doc[num.start].text):
        return False  # "1.250.000 people": European thousands, not a phone number
    window = doc[max(0, num.start - 5) : min(len(doc), num.end + 5)]
    s = doc[num.start].idx - window.start_char
    e = doc[num.end - 1].idx + len(doc[num.end - 1].text) - window.start_char
    for m in _PHONE.finditer(window.text):
        if m.start() < e and s < m.end() and sum(c.isdigit() for c in m.group()) >= 7:
            return True
    return False


def _excluded_before(doc: Doc, num: Number, lex: _Lexicon) -> bool:
    """Numbers that are no quantity whatever follows them."""
    first = doc[num.start]
    if _in_phone_number(doc, num):
        return True
    # glued to a name: "F-16", "Su-35", "A350-900", "COVID-19" when split, "#1", "MH17" split
    if _GLUED_NAME.search(_chars_before(doc, num.start)):
        return True
    # "777x", "4G": a suffix that is no unit we know marks a name
    if num.suffix_unit is not None and num.suffix_unit.rstrip(".") not in lex.units:
        return True
    # fractions "one-third", "two-thirds": no count
    if num.end + 1 < len(doc) and doc[num.end].text == "-" and doc[num.end + 1].lower_.rstrip("s") in ("third", "fourth", "fifth", "sixth", "eighth", "tenth", "quarter"):
        return True
    if first.ent_type_ in _NAME_ENTS and first.ent_iob_ == "I":
        return True
    prev = doc[num.start - 1] if num.start > 0 else None
    nxt = doc[num.end] if num.end < len(doc) else None
    # day numbers beside a month: "June 24", "24 February", "June 24-25"
    if prev is not None and month_number(prev.text) is not None and prev.text[0].isupper() and not num.words:
        return True
    if nxt is not None and month_number(nxt.text) is not None and nxt.text[0].isupper() and not num.words:
        return True
    if prev is not None and prev.text == "," and num.start > 1 and month_number(doc[num.start - 2].text) and _is_year(num):
        return True
    # clock times: "3 p.m.", "0900 GMT", "10:30" (the tokenizer keeps that one whole)
    if nxt is not None and nxt.lower_ in lex.time_suffixes:
        return True
    if num.suffix_unit in ("am", "pm", "a.m.", "p.m.", "h"):
        return True
    # ratios: "1 in 100 babies", "one in four adults" (the first number; the second below)
    if nxt is not None and nxt.lower_ == "in" and num.end + 1 < len(doc) and (doc[num.end + 1].like_num or doc[num.end + 1].text[:1].isdigit()) and (num.value == 1 or num.words):
        return True
    # a number right after a number: a model or a label ("400 737 Max jets")
    if prev is not None and prev.like_num and prev.pos_ == "NUM" and not num.words and prev.whitespace_:
        return True
    # "no. 178" when the tokenizer split the full stop off
    if prev is not None and prev.text == "." and num.start >= 2 and doc[num.start - 2].lower_ + "." in lex.labels:
        return True
    if prev is not None:
        pl = prev.lower_
        # labels: "Article 5", "Resolution 2231", "flight 370", "No. 10"
        measured = num.suffix_unit is not None and num.suffix_unit.rstrip(".") in lex.units  # "top 44C"
        if pl in lex.labels and not measured and not (num.start > 1 and doc[num.start - 2].lower_ in _LABEL_BLOCKERS):
            return True
        # a number inside a name: "Boeing 737 Max", "the S&P 500", "Apollo 11"
        # (a capitalised common word before a number and a noun is title case, not a name)
        name_before = (prev.pos_ == "PROPN" or (prev.is_title and not prev.is_sent_start)) and pl not in lex.signs
        noun_after = nxt is not None and nxt.pos_ == "NOUN" and nxt.is_lower and prev.pos_ != "PROPN"
        if name_before and not _opens_approx(pl, lex) and month_number(prev.text) is None and not noun_after:
            return True
        # ratios: "one in four adults", "1 in 10 children"
        if pl == "in" and num.start > 1 and (doc[num.start - 2].like_num or doc[num.start - 2].lower_ in ("one", "a")):
            return True
    # idioms with "one": "one of", "no one", "on the one hand"
    if num.words and num.value == 1:
        toks = [t.lower_ for t in doc[max(0, num.start - 3) : num.end + 3]]
        joined = " " + " ".join(toks) + " "
        for idiom in lex.idioms:
            if " " + " ".join(idiom) + " " in joined and "one" in idiom:
                return True
    return False


def _opens_approx(word: str, lex: _Lexicon) -> bool:
    return any(p[-1] == word for p in lex.approx_before)


def _is_score(doc: Doc, a: int, b: int, lex: _Lexicon, lo: float, hi: float) -> bool:
    """'3-1', 'a 52-48 vote': a tally, not a range."""
    if lo >= hi:
        return True
    around = [t.lower_ for t in doc[max(0, a - 3) : a]] + [t.lower_ for t in doc[b : b + 2]]
    return any(w in lex.scores for w in around)


def _near_change_verb(doc: Doc, k: int, lex: _Lexicon) -> bool:
    """'rose from 5 to 10 percent': 'from' hangs off a verb of change."""
    tok = doc[k]
    head = tok.head
    for _ in range(3):
        if head.pos_ in ("VERB", "AUX") and head.lemma_ in lex.change_verbs:
            return True
        if head.head is head:
            break
        head = head.head
    return any(t.lemma_ in lex.change_verbs for t in doc[max(0, k - 4) : k])


def _is_date_phrase(doc: Doc, a: int, b: int, lex: _Lexicon) -> bool:
    """'three years ago', 'the past 24 hours': a point or stretch in time, kept by dates."""
    if b < len(doc) and doc[b].lower_ in lex.date_after:
        return True
    return a > 0 and doc[a - 1].lower_ in lex.date_before


# ----------------------------------------------------------------------------- context


def _approx_before(doc: Doc, i: int, lex: _Lexicon) -> int | None:
    """Token index where an approximator ending right before token i starts, if any."""
    if i > 1 and doc[i - 1].lower_ in ("every", "each"):
        i -= 1  # "roughly every three weeks"
    longest = len(lex.approx_before[0]) if lex.approx_before else 0
    lowers = tuple(t.lower_ for t in doc[max(0, i - longest) : i])
    for k in range(len(lowers), 0, -1):
        if lowers[-k:] in lex.approx_set:
            # "drones over five regions": a preposition of place; but "cases surged
            # past 1,000", "climbed over 50": a bound after a verb of change
            head = doc[i - 1].head
            verb = head.lemma_ if head.pos_ in ("VERB", "AUX") else ""
            moves = verb in lex.change_verbs or verb in lex.context["reach"] or verb in lex.context["causative"]
            after_change = doc[i - 1].dep_ == "prep" and moves
            if k == 1 and lowers[-1] in lex.approx_verb_only and not after_change:
                return None
            if k == 1 and lowers[-1] in lex.approx_preps and doc[i - 1].dep_ == "prep" and not moves:
                return None
            return i - k
    return None


def _approx_after(doc: Doc, j: int, lex: _Lexicon) -> int | None:
    """Token index one past an approximator right after the number ('or so', '-plus', '+')."""
    n = len(doc)
    if j >= n:
        return None
    w = doc[j].lower_
    if w == "-" and j + 1 < n and ("-" + doc[j + 1].lower_) in lex.approx_after and doc[j - 1].whitespace_ == "":
        return j + 2
    if w in lex.approx_after and w not in ("plus",):
        return j + 1
    if w == "plus" and (j + 1 >= n or doc[j + 1].pos_ in ("NOUN", "ADJ", "PUNCT")):
        return j + 1
    if w == "or" and j + 1 < n and (w + " " + doc[j + 1].lower_) in lex.approx_after:
        return j + 2
    return None


def _unit_after(doc: Doc, num: Number, lex: _Lexicon, money: bool) -> _Unit:
    if num.suffix_unit:
        u = num.suffix_unit
        if u not in lex.units and u.endswith(".") and u[:-1] in lex.units:
            return _Unit(lex.units[u[:-1]], num.end, trim=1)  # "24C." at a sentence end
        return _Unit(lex.units.get(u, u), num.end)
    return _unit_after_index(doc, num.end, lex, money=money or num.scaled, vague=num.vague)


def _unit_after_index(doc: Doc, j: int, lex: _Lexicon, money: bool, vague: bool) -> _Unit:
    """The counted thing written after the number ending before token j."""
    n = len(doc)
    if j >= n:
        return _Unit(None, j)
    t = doc[j]
    w = t.lower_
    # percent and percentage points
    if w in ("%", "percent", "pc", "pct"):
        return _Unit("percent", j + 1)
    if w == "per" and j + 1 < n and doc[j + 1].lower_ == "cent":
        return _Unit("percent", j + 2)
    if w == "percentage" and j + 1 < n and doc[j + 1].lower_.startswith("point"):
        return _Unit("percentage point", j + 2)
    # "250 km/h", "90 mi/h"
    if j + 2 < n and doc[j + 1].text == "/":
        per = doc[j + 2].lower_
        key = f"{w}/{per.rstrip('.')}"
        if key in lex.units:
            # "km/h." at a sentence end: the tokenizer keeps the full stop on "h."
            return _Unit(lex.units[key], j + 3, trim=1 if per.endswith(".") and key != f"{w}/{per}" else 0)
    # a currency sign or code after the number: "5 €", "500 USD"
    if w in lex.signs and (w.isupper() or not w.isalpha() or t.text.isupper()):
        return _Unit(lex.signs[w], j + 1)
    # degrees: "40 °C", "30 degrees Celsius"
    if w == "°" and j + 1 < n:
        return _Unit(lex.units.get("°" + doc[j + 1].lower_, "degree"), j + 2)
    # "30-day", "10-point", "20-kilometre", "45-year-old"
    if w == "-" and doc[j - 1].whitespace_ == "" and t.whitespace_ == "" and j + 1 < n and doc[j + 1].is_alpha:
        h = doc[j + 1]
        if h.pos_ in ("NOUN", "PROPN") or h.lower_ in lex.units or h.lemma_.lower() in lex.time_units:
            end = j + 2
            if end + 1 < n and doc[end].text == "-" and doc[end + 1].lower_ == "old":
                end += 2
            return _Unit(_unit_name(h, lex, money), end, h)
        # "50,000-strong force": a modifier, the counted thing comes after it
        if h.pos_ != "ADJ":
            return _Unit(None, j)
        j = j + 2
        if j >= n:
            return _Unit(None, j)
    # partitive "of": "thousands of soldiers", "two of the drones"
    if doc[j].lower_ == "of" and j + 1 < n:
        k = j + 1
        if doc[k].lower_ in _PARTITIVE_DETS:
            k += 1
            # "11 of the country's 17 regions": the possessor is not the counted thing
            pos = next((m for m in range(k, min(n, k + 4)) if doc[m].tag_ == "POS"), None)
            if pos is not None and all(doc[m].pos_ in ("NOUN", "PROPN", "ADJ") for m in range(k, pos)):
                k = pos + 1
        elif not vague:
            return _Unit(None, j)
        while k < n and doc[k].pos_ == "ADJ" and not doc[k].like_num:
            k += 1  # "three of its last four games"
        inner = read_number(doc, k) if k < n and (doc[k].like_num or doc[k].text[0].isdigit()) else None
        if inner is not None:
            # "12 of the 20 hostages": the inner number's noun is the counted thing; the
            # text stays the number alone so the two quantities do not overlap.
            u = _unit_after(doc, inner, lex, money)
            return _Unit(u.unit, j, u.noun)
        head = _np_head(doc, k, lex)
        if head is not None:
            end = head.i + 1 if vague else j
            return _Unit(_unit_name(head, lex, money), end, head)
        return _Unit(None, j)
    # "up from 53,700 last year": a point in time follows, not the counted thing
    if w in ("last", "next", "this", "previous", "that") and j + 1 < n and doc[j + 1].lemma_.lower() in lex.time_units:
        return _Unit(None, j)
    head = _np_head(doc, j, lex)
    if head is None:
        return _Unit(None, j)
    end = head.i + 1
    # "30 degrees Celsius", "5 square kilometres" keep the qualifier
    name = _unit_name(head, lex, money)
    if name == "degree" and end < n and doc[end].lower_ in ("celsius", "fahrenheit", "c", "f"):
        name = lex.units.get(doc[end].lower_, "degree " + doc[end].text.capitalize())
        if not name.startswith("degree"):
            name = "degree " + doc[end].text.capitalize()
        end += 1
    if head.i > j and doc[head.i - 1].lower_ in ("square", "sq", "cubic"):
        name = ("square " if doc[head.i - 1].lower_ in ("square", "sq") else "cubic ") + name
    elif head.i > j and f"{doc[head.i - 1].lower_} {name}" in lex.units:
        name = lex.units[f"{doc[head.i - 1].lower_} {name}"]  # "basis points", "light years"
    # "14 kilometres per second", "60 miles an hour": a speed
    if end + 1 < n and doc[end].lower_ in ("per", "a", "an") and f"{name} per {doc[end + 1].lower_}" in lex.units:
        name, end = lex.units[f"{name} per {doc[end + 1].lower_}"], end + 2
    return _Unit(name, end, head)


def _root(doc: Doc, a: int, b: int) -> Token:
    """The token of [a, b) whose head lies outside it."""
    for t in doc[a:b]:
        if not (a <= t.head.i < b) or t.head.i == t.i:
            return t
    return doc[b - 1]


def _context_unit(doc: Doc, num: Number, before: list[QuantityMention], lex: _Lexicon) -> str | None:
    """The counted thing of a number with no noun after it, where the sentence gives it.

    In order: an adjective of casualty after it ("9 dead"); the quantity just before it in the
    sentence when a connector joins them ("61 seats, up from 44") or the two are parallel
    objects ("killed 12 soldiers and wounded 30"); a verb of casualty it is the subject or
    object of ("killed 56", "62 were rescued": people); the subject of a verb of level
    ("the death toll rose to 31": deaths; "the number of cases rose to 1,048": cases); a
    measure noun it completes ("a crowd of 41,250": people). Data: ``quantity_context_units.tsv``.
    """
    ctx = lex.context
    n = len(doc)
    end = num.end
    while end < n and doc[end].lower_ in ("more", "others", "other") and end - num.end < 1:
        end += 1
    if end < n and doc[end].lower_ in ctx["adjective"]:
        return "person"
    # "dozens feared dead", "12 presumed missing"
    if end + 1 < n and doc[end].tag_ in ("VBN", "VBD") and doc[end + 1].lower_ in ctx["adjective"]:
        return "person"
    root = _root(doc, num.start, num.end)
    sent = doc[num.start].sent
    # ---- the quantity just before, in the same sentence
    k = num.start - 1
    while k >= sent.start and doc[k].lower_ in ("the", "just", "only", "some", "about", "around", "nearly", "almost"):
        k -= 1
    connector = doc[k].lower_ if k >= sent.start else ""
    prev = None
    for q in reversed(before):
        if q.start < sent.start_char:
            break
        if q.unit is not None:
            prev = q
            break
    if prev is not None:
        p_span = doc.char_span(prev.start, prev.end, alignment_mode="expand")
        close = p_span is not None and num.start - p_span.end <= 12
        pronoun = num.end + 1 < n and doc[num.end].lower_ == "of" and doc[num.end + 1].lower_ in ctx["pronoun"]
        if close and pronoun:
            return prev.unit  # "A further 112 remain in hospital, 9 of them ..."
        if close and connector in ctx["connector"] and not (connector == "to" and prev.unit in ("percent", "percentage point")):
            return prev.unit
        if p_span is not None and root.dep_ in ("dobj", "nsubj", "nsubjpass") and root.head.dep_ == "conj":
            p_root = _root(doc, p_span.start, p_span.end)
            # parallel objects or subjects of two verbs of one kind: "killed 12 soldiers and
            # wounded 30", "21 backbenchers rebelled and 14 abstained"; not "3,500 hectares
            # were flooded and 62 were rescued" (a verb of casualty counts people)
            same_kind = (p_root.head.lemma_.lower() in ctx["person"]) == (root.head.lemma_.lower() in ctx["person"])
            if p_root.head.i == root.head.head.i and p_root.dep_ == root.dep_ and same_kind:
                return prev.unit
    head = root.head
    if root.dep_ in ("nsubj", "nsubjpass") and head.pos_ in ("VERB", "AUX"):
        for c in head.children:
            inner = next((g for g in c.children if g.dep_ == "pobj"), None)
            # "Of the 34 workers on the shift, eight escaped": the group fronted before it
            if c.dep_ == "prep" and c.lower_ == "of" and c.i < root.i and inner is not None and inner.tag_ == "NNS":
                return _unit_name(inner, lex, money=False)
            # "more than 600 were children"
            if c.dep_ == "attr" and c.tag_ == "NNS" and head.lemma_ == "be":
                return _unit_name(c, lex, money=False)
            # "112 remain in hospital"
            if c.dep_ == "prep" and c.lower_ in ("in", "into") and inner is not None and inner.lemma_.lower() in ctx["place"]:
                return "person"
    # ---- a verb of casualty
    if root.dep_ in ("dobj", "nsubj", "nsubjpass") and head.pos_ in ("VERB", "AUX") and head.lemma_.lower() in ctx["person"]:
        return "person"
    # ---- the subject of a verb of level, or the measure noun of "a crowd of 41,250"
    verb = None
    if root.dep_ == "pobj" and head.dep_ in ("prep", "agent"):
        if head.head.pos_ in ("VERB", "AUX"):
            verb = head.head
        elif head.lower_ == "of" and head.head.pos_ == "NOUN":
            return _measure_unit(head.head, lex)
    elif root.dep_ in ("dobj", "attr", "npadvmod") and head.pos_ in ("VERB", "AUX"):
        verb = head
    if verb is not None and (verb.lemma_.lower() in lex.change_verbs or verb.lemma_.lower() in ctx["causative"]) and verb.lemma_.lower() not in ctx["reach"]:
        # "pushed the death toll over 100", "took the tally to 12": the object is the measure
        obj = next((c for c in verb.children if c.dep_ == "dobj" and c.pos_ == "NOUN"), None)
        return _measure_unit(obj, lex) if obj is not None else None
    if verb is None or verb.lemma_.lower() not in ctx["reach"]:
        return None
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None and verb.dep_ in ("xcomp", "conj") and verb.head.pos_ in ("VERB", "AUX"):
        subj = next((c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None:
        # "The number of people forced to flee ... has risen to 123 million": the parser
        # makes the clause a clausal subject; its own subject is the thing counted
        cs = next((c for c in verb.children if c.dep_ == "csubj"), None)
        subj = next((c for c in cs.children if c.dep_ in ("nsubj", "nsubjpass")), None) if cs is not None else None
    if subj is None:
        return None
    if _capitalised_plural(subj):
        return _singular(subj.lower_) if subj.lower_ not in lex.units else None  # "Homicides fell to 570"
    if subj.pos_ != "NOUN":
        return None
    return _measure_unit(subj, lex, plural_ok=True)


def _more_than_before(doc: Doc, num: Number, before: list[QuantityMention]) -> str | None:
    """'... risen to 123.2 million people. That is 6.8 million more than a year earlier': a
    difference told of 'that'/'this' counts what the sentence before counted last."""
    n = len(doc)
    if num.end >= n or doc[num.end].lower_ not in ("more", "fewer", "less"):
        return None
    sent = doc[num.start].sent
    subj = next((t for t in doc[sent.start : num.start] if t.dep_ == "nsubj"), None)
    if subj is None or subj.lower_ not in ("that", "this", "it") or subj.head.lemma_ != "be":
        return None
    if sent.start == 0:
        return None
    prev_sent = doc[sent.start - 1].sent
    last = next((q for q in reversed(before) if prev_sent.start_char <= q.start < sent.start_char), None)
    if last is None or last.unit in (None, "percent", "percentage point"):
        return None
    return last.unit


def _capitalised_plural(tok: Token) -> bool:
    """'Homicides' opening a sentence, tagged a name: a plural common noun in capitals."""
    return (
        tok.pos_ == "PROPN" and tok.is_sent_start and tok.is_title and tok.ent_type_ == ""
        and tok.lower_.endswith("s") and not tok.lower_.endswith("ss") and len(tok) > 3
    )


def _subject_after_count(doc: Doc, num: Number, before: list[QuantityMention], lex: _Lexicon) -> str | None:
    """'pledged 1.5 million homes, but just 178,000 were completed': a bare number that is
    the subject or object of its own verb counts the plain things counted just before it in
    the sentence (not money, measures, time or shares)."""
    root = _root(doc, num.start, num.end)
    if root.head.pos_ not in ("VERB", "AUX"):
        return None
    subject = root.dep_ in ("nsubj", "nsubjpass") and root.head.i > root.i
    if not subject and root.dep_ != "dobj":  # "... to 9,860 cars, while BYD sold 14,320"
        return None
    sent = doc[num.start].sent
    for q in reversed(before):
        if q.start < sent.start_char or q.unit is None:
            continue
        span = doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is None or num.start - span.end > 25:
            return None
        u = q.unit
        measured = u in lex.units.values() or u in lex.signs.values() or u in lex.currency_words.values()
        if measured or u in lex.time_units or u.isupper():
            return None
        return u
    return None


def _measure_unit(noun: Token, lex: _Lexicon, plural_ok: bool = False) -> str | None:
    """'toll' -> death, 'number of cases' -> case, 'cases' -> case (as a subject only)."""
    ctx = lex.context
    lemma = noun.lemma_.lower()
    if lemma in ctx["measure"]:
        return ctx["measure"][lemma]
    if lemma in ctx["total"]:
        of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        inner = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if inner is None or inner.pos_ != "NOUN":
            return None
        noun, lemma = inner, inner.lemma_.lower()
        if lemma in ctx["measure"]:
            return ctx["measure"][lemma]
        plural_ok = True
    measure = lemma in lex.units and lex.units[lemma] not in _PEOPLE_UNITS  # "km", not "people"
    if plural_ok and noun.tag_ == "NNS" and lemma not in ctx["level"] and lemma not in lex.time_units and not measure:
        return _unit_name(noun, lex, money=False)
    return None


def _np_head(doc: Doc, j: int, lex: _Lexicon) -> Token | None:
    """Head noun of the noun phrase starting at token j, skipping its modifiers."""
    n = len(doc)
    adjectives_only = False
    for k in range(j, min(n, j + 8)):
        t = doc[k]
        if t.is_punct and t.text != "-":
            return None
        if t.text == "-":
            continue
        # "90 Ukrainian and 90 Russian prisoners": coordinated modifiers share the noun
        if adjectives_only and t.pos_ == "CCONJ" and k + 1 < n and (doc[k + 1].pos_ in ("ADJ", "NUM", "PROPN")):
            continue
        if adjectives_only and t.pos_ == "NUM" and doc[k - 1].pos_ == "CCONJ":
            continue
        # "Iskander-M", "Su-25SM": a letter glued after a hyphen ends a name, it is no unit
        in_name = k > j and doc[k - 1].text in ("-", "–") and doc[k - 1].whitespace_ == "" and t.text[:1].isupper()
        listed = (t.lower_ in lex.units or t.lower_ in lex.currency_words) and t.pos_ not in _STOP_POS and not in_name
        is_noun = t.pos_ == "NOUN" or t.tag_ in ("NNS", "NNPS") or listed
        coordinated = k + 2 < n and doc[k + 1].pos_ == "CCONJ" and doc[k + 2].like_num
        after = doc[k + 1] if k + 1 < n else None
        if t.ent_type_ == "NORP" and t.pos_ == "PROPN" and k == j and (after is None or after.pos_ not in ("NOUN", "PROPN", "ADJ", "NUM", "CCONJ")):
            return t  # "some 25 million Sudanese": the people named by their nation
        if (t.ent_type_ == "NORP" or (t.pos_ == "PROPN" and coordinated)) and not is_noun:
            adjectives_only = True
            continue
        # a model number inside the modifiers: "30 Boeing 787 jets"
        # and right after the count: "400 737 Max jets", "five 787 Dreamliners"
        named = k == j or doc[k - 1].pos_ == "PROPN" or doc[k - 1].text in ("-", "–")
        if t.like_num and named and k + 1 < n and doc[k + 1].pos_ in ("NOUN", "PROPN"):
            continue
        if t.pos_ == "PROPN" and not is_noun:
            # "North Korean soldiers": a name that modifies a noun further on is skipped
            if t.dep_ in _MODIFIER_DEPS and t.head.i > k and t.head.i < j + 8:
                adjectives_only = True
                continue
            return None
        if is_noun:
            # a noun that modifies the next one: "attack drones", "prisoner swap" -- unless it
            # is a unit: "a 30 minute drive", "a 10 mile race" count minutes and miles
            nxt = doc[k + 1] if k + 1 < n else None
            # "230 heat-related calls", "Iran-backed militias": a compound adjective
            if nxt is not None and nxt.text in ("-", "–") and t.whitespace_ == "" and k + 2 < n and doc[k + 2].tag_ in ("VBN", "VBG", "JJ"):
                adjectives_only = True
                continue
            if nxt is not None and t.dep_ in ("compound", "nmod", "amod") and t.head.i > k and (nxt.pos_ in ("NOUN", "PROPN") or nxt.text == "-") and t.head.i <= k + 3:
                if k == j and t.tag_ == "NN" and (t.lemma_.lower() in lex.time_units or t.lower_ in lex.units):
                    return t
                continue
            return t
        if t.pos_ == "ADJ" or (t.pos_ in ("VERB", "ADV") and t.dep_ in ("amod", "advmod", "compound") and t.head.i > k):
            adjectives_only = True
            continue
        if t.pos_ in _STOP_POS:
            return None
        return None
    return None


def _unit_name(tok: Token, lex: _Lexicon, money: bool) -> str:
    """Singular, normalised name of the counted thing ('drones' -> 'drone', 'rubles' -> 'RUB')."""
    low = tok.lower_
    # Case is kept where it is part of the name ("iPhone", "Syrian"); a capital that only
    # starts a title-case word of a common noun is dropped.
    lemma = tok.lemma_ or tok.text
    mixed_case = not (tok.is_title or tok.is_upper or tok.is_lower)
    if mixed_case:  # "iPhones": the lemmatizer lower-cases a brand
        lemma = _singular(tok.text) if tok.tag_ in ("NNS", "NNPS") else tok.text
    elif tok.pos_ != "PROPN":
        lemma = lemma.lower()
    if low.endswith("oses") and lemma.lower() == low[:-2]:
        lemma = lemma + "e"  # the lemmatizer reads "doses" as "dos"
    left_alone = lemma.lower() == low and low not in lex.units
    if left_alone and ((tok.tag_ in ("NNS", "NNPS") or tok.pos_ != "NOUN") and low.endswith("s") or low.endswith("men")):
        lemma = _singular(lemma)
    doc = tok.doc
    for width in (2, 1):  # "312 Norwegian crowns", "Hong Kong dollars": the country names it
        if tok.i - width >= 0:
            named = " ".join(t.lower_ for t in doc[tok.i - width : tok.i]) + " " + lemma.lower()
            if named in lex.currency_words:
                return lex.currency_words[named]
    single = lemma.lower() if lemma.lower() in lex.shared else _singular(low)
    if single in lex.shared and (single in lex.currency_words or money or tok.tag_ == "NNS"):
        code = _country_currency(doc, lex.shared[single])
        if code is not None:
            return code
    for key in (low, lemma):
        if key in lex.currency_words:
            code = lex.currency_words[key]
            if key in ("pound", "pounds") and not money:
                return "pound"
            return code
        if key.rstrip("s") in lex.currency_words and key.endswith("s"):
            code = lex.currency_words[key.rstrip("s")]
            if key.startswith("pound") and not money:
                return "pound"
            return code
    return lex.units.get(low, lex.units.get(lemma, lemma))


def _singular(word: str) -> str:
    """Rough English singular for words the lemmatizer left alone."""
    if word.endswith("men") and len(word) > 4:
        return word[:-3] + "man"  # "servicemen", "gunmen"
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("uses") and len(word) > 5 and word[-5] not in "aeiou":
        return word[:-2]  # "buses", "viruses", "bonuses"
    if word.endswith("ses") and len(word) > 4:
        return word[:-1]  # "doses", "cases", "houses"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word
