"""Entity mentions: the model's NER, corrected by a gazetteer, titles and context.

The small spaCy model mislabels often ("Kyiv" as a person, a negotiator as an organisation,
headline words as names). This module keeps its spans where they are sound and fixes them with
evidence that holds for any story:

1. model spans, trimmed ("the", possessive "'s"), never across a line break, never from a
   headline or other title-case line (those words are capitalised for style, not because they
   are names);
2. gazetteer names (countries, big cities, regions, international organisations) found in the
   text, and retyping of spans the gazetteer knows ("Kyiv" -> GPE, "Crimea" -> LOC);
3. people from titles and honorifics ("President X", "Mr X"), name particles ("von der Leyen");
4. context types: "X region"/"in X" make X a place, a title or an apposition role makes X a
   person, a bare surname of a person named in full is that person;
5. headlines re-read for names already established in running text only;
6. roles, country affiliation and the in-document canonical form of each mention.

Everything is a pass over tokens or candidates with dictionary lookups: linear in the document.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc

from dossier.extract.entity_context import (
    dateline_places,
    extend_org_names,
    is_acronym,
    link_bracket_acronyms,
    org_evidence,
    split_bracket,
)
from dossier.extract.entity_gazetteer import Gazetteer, Place, first_word, gazetteer
from dossier.extract.entity_lexicon import Lexicon, lexicon
from dossier.extract.entity_roles import RoleContext
from dossier.nlp.text import doc_text
from dossier.records import EntityMention

KEEP = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}
PLACE_TYPES = {"GPE", "LOC", "FAC"}
PLACE_PREPS = frozenset({"in", "near", "outside", "around", "across", "towards", "toward", "into",
                         "throughout", "inside", "at"})
PROPN_TAGS = frozenset({"NNP", "NNPS"})
HEADING_SMALL = frozenset(
    ["a", "an", "the", "and", "or", "but", "nor", "of", "to", "in", "on", "at", "for", "with", "by", "from", "as", "vs", "vs.", "amid", "over", "after", "before", "into", "about", "against", "between", "during", "without", "under", "up", "is", "are", "was", "be"]
)
MAX_PERSON_TOKENS = 6
NAME_SUFFIX = re.compile(r"^(?:[IVX]{2,5}|V|X|Jr\.?|Sr\.?)$")  # regnal numbers, Jr and Sr


@dataclass(slots=True)
class Cand:
    """A candidate entity over tokens s..e-1 while the passes refine it."""

    s: int
    e: int
    type: str
    origin: str  # model | gaz | title | known
    place: Place | None = None
    person_evidence: bool = False  # a title, honorific or role says this is a person
    roles: list = field(default_factory=list)
    code: str | None = None  # country code of the affiliation
    canonical: str | None = None
    dead: bool = False
    acronym_of: Cand | None = None  # the long form this bracketed acronym stands for
    org_context: bool = False  # context shows an organisation ("Ajax manager X")
    alias_of: Cand | None = None  # the person this nickname belongs to ("known as Hemedti")


# ---------------------------------------------------------------------------- helpers


@lru_cache(maxsize=65536)
def fold(s: str) -> str:
    """Accent-free lowercase letters, with common transliteration endings merged.

    "Zelenskyy", "Zelenskiy" and "Zelensky" fold to one key; "Erdoğan" to "erdogan".
    """
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if ch.isalnum() or ch == " ").lower()
    return " ".join(re.sub(r"(?:iy|yy|ii|yi|ij)$", "y", w) for w in s.split())


def _line_headings(text: str) -> list[tuple[int, bool]]:
    """(line start, is heading-like) for each line of the text.

    A heading-like line has no closing punctuation and is short or in title case: site
    furniture ("Leave a Reply"), section heads, headlines. The model's spans there are unreliable.
    """
    out = []
    pos = 0
    first = True
    for line in text.split("\n"):
        stripped = line.strip()
        words = re.findall(r"[^\W\d_][\w'’.-]*", stripped)
        heading = False
        if words and not re.search(r"[.!?:;\"”’)]$", stripped):
            content = [w for w in words if w.lower() not in HEADING_SMALL]
            caps = sum(1 for w in content if w[0].isupper())
            # The first line of an article is its headline, whatever its capitals ("KOEMAN'S
            # BIG GAMBLE: Van de Ven in, Frenkie out").
            heading = first or len(words) <= 3 or (bool(content) and caps / len(content) >= 0.75)
        if words:
            first = False
        out.append((pos, heading))
        pos += len(line) + 1
    return out


def _token_flags(doc: Doc) -> tuple[list[bool], list[int], list[int]]:
    """Per token: in a heading-like line; the start and end token of its sentence."""
    lines = _line_headings(doc_text(doc))
    heading = [False] * len(doc)
    li = 0
    for t in doc:
        while li + 1 < len(lines) and lines[li + 1][0] <= t.idx:
            li += 1
        heading[t.i] = lines[li][1]
    sent_start = [0] * len(doc)
    sent_end = [len(doc)] * len(doc)
    for sent in doc.sents:
        for i in range(sent.start, sent.end):
            sent_start[i] = sent.start
            sent_end[i] = sent.end
    return heading, sent_start, sent_end


def _occupancy(n: int, cands: list[Cand]) -> list[int]:
    occ = [-1] * n
    for ci, c in enumerate(cands):
        if not c.dead:
            for i in range(c.s, c.e):
                occ[i] = ci
    return occ


def _text(doc: Doc, c: Cand) -> str:
    return doc[c.s:c.e].text


# ---------------------------------------------------------------------------- passes


def _model_cands(doc: Doc, heading: list[bool], lex: Lexicon, gaz: Gazetteer) -> list[Cand]:
    """The model's spans, trimmed; none from heading lines or across line breaks."""
    out = []
    for ent in doc.ents:
        if ent.label_ not in KEEP:
            continue
        s, e = ent.start, ent.end
        while e > s and (doc[e - 1].tag_ == "POS" or doc[e - 1].is_punct or doc[e - 1].is_space):
            e -= 1
        if e > s and doc[s].lower_ == "the" and doc[s:e].text not in gaz.names:
            s += 1  # "the Kremlin" -> "Kremlin", but "The Hague" stays whole
        while e > s and (doc[s].is_punct or doc[s].is_space):
            s += 1
        e = split_bracket(doc, s, e)
        while e > s and (doc[e - 1].is_punct or doc[e - 1].is_space):
            e -= 1
        if e <= s or heading[s] or "\n" in doc[s:e].text:
            continue
        label = ent.label_
        if label != "PERSON" and e - s > 2 and doc[s:e].text not in gaz.names:
            # "Ecumenical Patriarch Bartholomew", "Federal Reserve Chairman Jerome Powell" typed as
            # organisations: a capitalised strong title inside, followed by a name only.
            for k in range(e - 2, s, -1):
                if doc[k].lower_ in lex.strong_heads and doc[k].text[:1].isupper() and all(
                        _is_propn_run_token(t) and t.lower_ not in lex.title_words for t in doc[k + 1:e]):
                    s, label = k, "PERSON"
                    break
        if label != "PERSON" and e - s > 1 and doc[s].text[:1].isupper() and (
                doc[s].lower_ in lex.strong_heads or doc[s].lower_ in lex.honorifics) and all(
                _is_propn_run_token(t) for t in doc[s + 1:e]) and doc[s:e].text not in gaz.names:
            label = "PERSON"  # "King Felipe", "Pope Francis" typed as organisations
        if label == "PERSON":
            # "President Trump" as one PERSON span: the title is a role, not part of the name.
            while e - s > 1 and (doc[s].lower_ in lex.title_words or doc[s].lower_ in lex.honorifics
                                 or doc[s].lower_ in lex.role_words):
                s += 1
        if label in ("PERSON", "ORG") and not heading[s]:
            # A name half-seen: "Guillaume" before "Faury", "Syrskyi" after "Oleksandr".
            if s > 0 and _bare_name_token(doc[s - 1], lex, gaz) and label == "PERSON":
                s -= 1
            if e - s == 1 and e < len(doc) and _bare_name_token(doc[e], lex, gaz):
                e += 1
        out.append(Cand(s, e, label, "model"))
    return out


def _make(s: int, e: int, typ: str, origin: str, place: Place | None) -> Cand:
    return Cand(s, e, typ, origin, place)


def _is_country(c: Cand) -> bool:
    return c.place is not None and c.place.key.startswith("cc:")


def _common_word(doc: Doc, c: Cand, lower_words: set[str]) -> bool:
    """A capitalised common word at the start of a sentence ("Turnout was low") that the same
    document also writes in lowercase, or a product's model name after its number: not a name."""
    if c.e - c.s != 1 or c.person_evidence or c.place is not None or c.origin not in ("model", "known"):
        return False
    t = doc[c.s]
    if c.s > 0 and doc[c.s - 1].like_num and t.text.isupper() and c.type != "PERSON":
        return True  # "737 MAX", "A-10 II": a model name after its number, not an organisation
    return t.is_sent_start and t.text[1:].islower() and t.text.lower() in lower_words


DEMONYM_ENDINGS = ("ian", "an", "n", "ese", "i", "ish")


def _group_adjective(t, gaz: Gazetteer, place_names: set[str]) -> str | None:
    """ "Tigrayan fighters" (from Tigray, named here or in the gazetteer), "an Indigenous lawyer"
    (a capitalised adjective): a group of people, not an organisation. Returns the country code
    of the place it derives from ("" when none), or None when the word is not such an adjective."""
    w = t.text
    for end in DEMONYM_ENDINGS:
        if len(w) > len(end) + 3 and w.endswith(end):
            stem = w[: -len(end)]
            for base in (stem, stem + "a", stem + "e"):
                if base in place_names:
                    p = gaz.lookup(base)
                    return (p.country_code if p is not None else None) or ""
                p = gaz.names.get(base)
                if p is not None and p.type in PLACE_TYPES:
                    return p.country_code or ""
    if t.tag_ == "JJ" and t.dep_ == "amod" and t.head.is_lower:
        return ""
    return None


def _bare_name_token(t, lex: Lexicon, gaz: Gazetteer) -> bool:
    """A capitalised proper noun outside any entity that could be part of a person's name."""
    return (_is_propn_run_token(t) and not t.ent_type_ and t.lower_ not in lex.title_words
            and t.lower_ not in lex.honorifics and t.text not in lex.demonyms and t.text not in gaz.names
            and t.is_alpha)


def _is_propn_run_token(t) -> bool:
    return t.tag_ in PROPN_TAGS and t.text[:1].isupper() and "\n" not in t.text


def _add_gazetteer(doc: Doc, cands: list[Cand], gaz: Gazetteer, heading: list[bool]) -> list[Cand]:
    """Strong gazetteer names anywhere; they replace model spans they contain."""
    text = doc_text(doc)
    end_tok = {t.idx + len(t.text): t.i for t in doc}
    occ = _occupancy(len(doc), cands)
    added: list[Cand] = []
    i = 0
    n = len(doc)
    while i < n:
        t = doc[i]
        options = gaz.by_first.get(first_word(t.text)) if t.text[:1].isupper() else None
        hit = None
        if options:
            for surface, place in options:
                if not text.startswith(surface, t.idx):
                    continue
                j = end_tok.get(t.idx + len(surface))
                if j is None:
                    continue
                if j == i and not (t.tag_ in PROPN_TAGS or heading[i] or t.text.isupper() or "." in t.text):
                    continue  # "Male voters", "Nice try": a capitalised word, not a place
                hit = (j + 1, place)
                break
        if hit is None:
            i += 1
            continue
        e, place = hit
        inside = {occ[k] for k in range(i, e) if occ[k] >= 0}
        if not inside:
            added.append(Cand(i, e, place.type, "gaz", place))
        else:
            for ci in inside:
                c = cands[ci]
                if c.s == i and c.e == e:
                    c.place = place
                elif i <= c.s and c.e <= e:
                    c.dead = True  # the model saw "Korea" in "North Korea"
            if any(cands[ci].dead for ci in inside) and all(
                cands[ci].dead or (cands[ci].s == i and cands[ci].e == e) for ci in inside
            ) and not any(cands[ci].s == i and cands[ci].e == e for ci in inside):
                added.append(Cand(i, e, place.type, "gaz", place))
        i = e
    return [c for c in cands + added if not c.dead]


def _add_titled_people(doc: Doc, cands: list[Cand], lex: Lexicon, heading: list[bool]) -> list[Cand]:
    """ "President X", "Mr X", "Foreign Minister X": a capitalised title or honorific makes a person."""
    occ = _occupancy(len(doc), cands)
    n = len(doc)
    added: list[Cand] = []
    for i in range(n - 1):
        t = doc[i]
        low = t.lower_
        honor = low in lex.honorifics
        if not (honor or (low in lex.strong_heads and t.text[:1].isupper())):
            continue
        if heading[i] or (occ[i] >= 0 and cands[occ[i]].type != "PERSON"):
            continue
        j = i + 1
        while j < n and j - i <= 4 and (_is_propn_run_token(doc[j]) or (
                doc[j].lower_ in lex.particles and j + 1 < n and doc[j + 1].text[:1].isupper())):
            j += 1
        if j == i + 1 or doc[j - 1].lower_ in lex.particles:
            continue
        covered = {occ[k] for k in range(i + 1, j) if occ[k] >= 0}
        if not covered:
            added.append(Cand(i + 1, j, "PERSON", "title", person_evidence=True))
            continue
        for ci in covered:
            c = cands[ci]
            if c.place is not None and c.place.strong:
                continue
            if c.s >= i + 1:
                c.type = "PERSON"
                c.person_evidence = True
    return cands + added


def _extend_particles(doc: Doc, cands: list[Cand], lex: Lexicon) -> None:
    """Grow person spans over name particles: "Ursula von der Leyen", "said bin Salman"; join a
    name the model cut before a capitalised particle ("Mohammed bin Abdulrahman" + "Al Thani")."""
    n = len(doc)
    people = sorted((c for c in cands if c.type == "PERSON" and not c.dead), key=lambda c: c.s)
    for a, b in zip(people, people[1:], strict=False):
        # Two person spans with nothing between them are one name cut in two ("Mame Mandiaye" +
        # "Niang", "Mohammed bin Abdulrahman" + "Al Thani"): lists need a comma or "and".
        if a.dead or a.e != b.s or "\n" in doc[a.s:b.e].text:
            continue
        if (b.e - a.s <= MAX_PERSON_TOKENS and doc[b.s].text[:1].isupper()) or doc[b.s].lower_ in lex.particles:
            a.e, b.dead = b.e, True
    occ = _occupancy(n, cands)
    for c in cands:
        if c.type != "PERSON":
            continue
        e = c.e
        while e - 1 > c.s and doc[e - 1].lower_ in lex.particles:
            e -= 1  # "Ursula von" + "der Leyen": re-grow from before the particle
        own = occ[c.s]
        while e + 1 < n and doc[e].lower_ in lex.particles and occ[e] in (-1, own):
            k = e
            while k < n and (doc[k].lower_ in lex.particles or doc[k].text == "-"):
                k += 1
            if k >= n or not doc[k].text[:1].isupper() or "\n" in doc[k].text:
                break
            other = cands[occ[k]] if occ[k] not in (-1, own) else None
            if other is not None and (other.place is not None or other.e - other.s > 1 or other.type == "PERSON"):
                break
            if other is not None:
                other.dead = True  # "Ursula von" + "Leyen" (typed a place): one name
            e = k + 1
        c.e = e
        s = c.s
        while s - 1 >= 0 and (doc[s - 1].lower_ in lex.particles or (doc[s - 1].text == "-" and s - 2 >= 0
                                                                      and doc[s - 2].lower_ in lex.particles)) \
                and occ[s - 1] < 0 and "\n" not in doc[s - 1].text_with_ws:
            s -= 1
        if s < c.s and s - 1 >= 0 and _is_propn_run_token(doc[s - 1]) and occ[s - 1] < 0 \
                and doc[s - 1].lower_ not in lex.title_words:
            s -= 1
        c.s = s


def _retype(doc: Doc, cands: list[Cand], lex: Lexicon, gaz: Gazetteer, protected: set[str]) -> None:
    """Types from what the span is (demonym, known place) and its neighbours ("X region", "in X")."""
    n = len(doc)
    # Per surface: the model's labels and whether it is ever used as a place ("in X", "X region").
    # A lesser city the model keeps calling an organisation is a club or a firm ("Liverpool").
    votes: dict[str, Counter] = {}
    place_ctx: set[str] = set()
    for c in cands:
        txt = _text(doc, c)
        if c.origin == "model":
            votes.setdefault(txt, Counter())[c.type] += 1
        if (c.e < n and doc[c.e].lower_ in lex.place_words) or (c.s > 0 and doc[c.s - 1].lower_ in PLACE_PREPS):
            place_ctx.add(txt)
    for c in cands:
        txt = _text(doc, c)
        last = doc[c.e - 1].text
        country = gaz.names.get(txt)
        code = None if country is not None and country.key.startswith("cc:") else (
            lex.demonyms.get(txt) or (lex.demonyms.get(last) if c.type == "NORP" else None))
        if code is None and c.type == "NORP" and "-" in txt:
            code = lex.demonyms.get(txt.rsplit("-", 1)[-1])  # "pro-Russian"
        if code is not None and c.type != "PERSON" or (code and c.e - c.s == 1 and not c.person_evidence):
            c.type, c.code, c.place = "NORP", code, None
            continue
        is_protected = c.person_evidence or (c.type == "PERSON" and (
            (c.e - c.s > 1 and c.place is None) or txt in protected))
        place = c.place or gaz.lookup(txt)
        if place is not None and not place.strong and place.type != "ORG" and txt not in place_ctx:
            v = votes.get(txt, Counter())
            if v["ORG"] > v["GPE"] + v["LOC"]:
                place = None
                c.place = None
                c.type = "ORG"
        if place is not None and not is_protected:
            c.place = place
            c.type = place.type
            c.code = place.country_code
            continue
        if place is not None:
            c.place = None
        if c.type == "NORP":
            continue
        if c.type == "ORG":
            c.code = _org_country(doc, c, lex, gaz)
        nxt = doc[c.e].lower_ if c.e < n else ""
        prev = doc[c.s - 1].lower_ if c.s > 0 else ""
        if not is_protected and c.type in ("ORG", "PERSON", "FAC") and nxt in lex.place_words or (not is_protected and c.type == "PERSON" and prev in PLACE_PREPS
              and not (c.e < n and doc[c.e].tag_ == "POS")):
            c.type = "GPE"


def _org_country(doc: Doc, c: Cand, lex: Lexicon, gaz: Gazetteer) -> str | None:
    """ "the Russian defense ministry", "U.S. Treasury": a demonym or country inside the name."""
    for t in doc[c.s:c.e]:
        code = lex.demonyms.get(t.text)
        if code:
            return code
        p = gaz.names.get(t.text)
        if p is not None and p.key.startswith("cc:"):
            return p.country_code
    return None


def _add_region_names(doc: Doc, cands: list[Cand], lex: Lexicon, gaz: Gazetteer,
                      heading: list[bool]) -> list[Cand]:
    """ "the Donetsk region", "Helmand province": a bare proper noun before a place word is a
    place; before an organisation word ("the ruling Fidesz party") an organisation."""
    occ = _occupancy(len(doc), cands)
    added = []
    for i in range(len(doc) - 1):
        t = doc[i]
        if occ[i] >= 0 or heading[i]:
            continue
        if doc[i + 1].lower_ in lex.org_words and _is_propn_run_token(t) and t.is_alpha \
                and not t.is_sent_start and t.lower_ not in lex.title_words and t.text not in lex.demonyms \
                and not (i > 0 and occ[i - 1] >= 0) and gaz.lookup(t.text) is None:
            added.append(Cand(i, i + 1, "ORG", "context"))
            continue
        if doc[i + 1].lower_ not in lex.place_words:
            continue
        if _is_propn_run_token(t) and t.is_alpha and t.lower_ not in lex.title_words \
                and t.text not in lex.demonyms and not (i > 0 and occ[i - 1] >= 0):
            place = gaz.lookup(t.text)
            if place is not None and place.type == "ORG":
                continue
            added.append(Cand(i, i + 1, place.type if place else "GPE", "context", place))
    return cands + added


def _valid(doc: Doc, c: Cand, lex: Lexicon) -> bool:
    """Reject spans that cannot be names: lowercase words, lone titles, numbers."""
    span = doc[c.s:c.e]
    txt = span.text
    if not any(ch.isupper() for ch in txt):
        return False
    words = [t.lower_ for t in span if not t.is_punct]
    if not words or all(w in lex.title_words or w in lex.role_words or w in lex.honorifics for w in words):
        return False
    if c.type == "PERSON":
        if c.e - c.s > MAX_PERSON_TOKENS or any(ch.isdigit() for ch in txt):
            return False
        if not (txt[:1].isupper() or doc[c.s].lower_ in lex.particles):
            return False
        if c.origin == "model" and not c.person_evidence and not any(t.tag_ in PROPN_TAGS for t in span):
            return False
    return True


def _name_parts(words: list[str], lex: Lexicon) -> tuple[list[str], str]:
    """(given names, surname with its particles) of a person's name as written."""
    words = [w for w in words if w not in (".", ",")]
    while len(words) > 1 and NAME_SUFFIX.match(words[-1]):
        words = words[:-1]  # "Felipe VI", "Martin Luther King Jr.": no surname in the numeral
    k = len(words) - 1
    while k - 1 >= 0 and (words[k - 1].lower() in lex.particles or words[k - 1] == "-"):
        k -= 1
    if k == 0 and len(words) > 1 and words[0].lower() in lex.particles:
        return [], " ".join(words)
    return words[:k], " ".join(words[k:]).replace(" - ", "-")


_TRANSLIT = [("x", "ks"), ("ph", "f"), ("kh", "h"), ("w", "v"), ("j", "y"), ("ck", "k"), ("q", "k"),
             ("ou", "u"), ("oo", "u"), ("ee", "i")]


def translit_key(s: str) -> str:
    """A folded name with common romanisation differences evened out, for fuzzy comparison:
    "Aleksei"/"Alexei", "Yulia"/"Julia", "Wladimir"/"Vladimir"."""
    s = fold(s).replace(" ", "")
    for a, b in _TRANSLIT:
        s = s.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", s)


def surname_key(surname: str, lex: Lexicon) -> str:
    """A surname without its particles, folded: "al-Burhan", "Burhan" -> "burhan";
    "Van Dijk", "van Dijk" -> "dijk"."""
    words = [w for w in re.split(r"[\s-]+", surname) if w and w.lower() not in lex.particles]
    return fold(words[-1]) if words else fold(surname)


def _person_keys(doc: Doc, cands: list[Cand], lex: Lexicon) -> dict[str, list[Cand]]:
    """Surname key -> the full-name person candidates that carry it."""
    by_surname: dict[str, list[Cand]] = {}
    for c in cands:
        if c.type != "PERSON" or c.e - c.s < 2:
            continue
        given, surname = _name_parts([t.text for t in doc[c.s:c.e]], lex)
        if given:
            by_surname.setdefault(surname_key(surname, lex), []).append(c)
    return by_surname


def _scan_known(doc: Doc, cands: list[Cand], known: dict[str, str], heading: list[bool]) -> list[Cand]:
    """Add mentions of names already established in running text that the model left out
    (a surname in a headline, "Zelensky-Putin talks", a bare surname it did not tag)."""
    if not known:
        return cands
    occ = _occupancy(len(doc), cands)
    by_first: dict[str, list[str]] = {}
    for name in sorted(known, key=len, reverse=True):
        by_first.setdefault(first_word(name), []).append(name)
    text = doc_text(doc)
    end_tok = {t.idx + len(t.text): t.i for t in doc}
    added = []
    i, n = 0, len(doc)
    while i < n:
        t = doc[i]
        opts = by_first.get(first_word(t.text)) if t.text[:1].isupper() and (
            occ[i] < 0 or heading[i]) else None
        done = False
        for name in opts or ():
            if not text.startswith(name, t.idx):
                continue
            j = end_tok.get(t.idx + len(name))
            if j is None:
                continue
            inner = {occ[k] for k in range(i, j + 1) if occ[k] >= 0}
            # In a headline a gazetteer name inside a longer known name gives way to it
            # ("U.S." in "U.S. Steel deal").
            if any(not (heading[i] and cands[ci].origin == "gaz" and cands[ci].s >= i and cands[ci].e <= j + 1
                        and cands[ci].e - cands[ci].s < j + 1 - i) for ci in inner):
                continue
            for ci in inner:
                cands[ci].dead = True
            if not heading[i] and j == i and not t.tag_.startswith("NN") and t.is_sent_start:
                continue  # "Cook the dinner": a verb that looks like a known surname
            added.append(Cand(i, j + 1, known[name], "known"))
            i = j + 1
            done = True
            break
        if not done:
            i += 1
    return [c for c in cands if not c.dead] + added


def _title_references(doc: Doc, cands: list[Cand], lex: Lexicon, heading: list[bool]) -> list[Cand]:
    """ "the Pope", "the Chancellor" in capitals, with no name after: a mention of the one person
    this document names with that title. With no such person (or two) it is no one's mention,
    and never a person record of its own."""
    holders: dict[str, set[str]] = {}
    codes: dict[str, str | None] = {}
    for c in cands:
        if c.type == "PERSON" and c.canonical:
            for r in c.roles:
                for norm in r.norms:
                    holders.setdefault(norm, set()).add(c.canonical)
                    codes[c.canonical] = c.code
    if not holders:
        return cands
    occ = _occupancy(len(doc), cands)
    added = []
    text = doc_text(doc)
    for mt in re.finditer(r"\b[Tt]he ([A-Z][a-z]+)\b", text):
        span = doc.char_span(mt.start(1), mt.end(1))
        if span is None or len(span) != 1:
            continue
        i = span.start
        t = doc[i]
        if occ[i] >= 0 or heading[i]:
            continue
        norm = lex.titles.get(t.lower_)
        if norm is None or t.lower_ not in lex.strong_heads:
            continue
        if i + 1 < len(doc) and doc[i + 1].text[:1].isupper():
            continue  # "the President Hotel", or a name after the title
        names = holders.get(norm)
        if names and len(names) == 1:
            name = next(iter(names))
            added.append(Cand(i, i + 1, "PERSON", "title", canonical=name, code=codes.get(name)))
    return cands + added


# ---------------------------------------------------------------------------- main


def extract_entities(doc: Doc) -> list[EntityMention]:
    """Typed entity mentions of one document, with roles, affiliation and canonical names."""
    if len(doc) == 0:
        return []
    lex = lexicon()
    gaz = gazetteer()
    heading, sent_start, sent_end = _token_flags(doc)

    cands = _model_cands(doc, heading, lex, gaz)
    cands = _add_gazetteer(doc, cands, gaz, heading)
    cands = dateline_places(doc, cands, gaz, _make, heading)
    extend_org_names(doc, cands, lex)
    cands = [c for c in cands if not c.dead]
    cands = _add_titled_people(doc, cands, lex, heading)
    _extend_particles(doc, cands, lex)
    cands = [c for c in cands if not c.dead]

    # Words of multi-word names the model saw as people: "Jordan" in a story about Michael
    # Jordan stays a person even though Jordan is a country.
    protected: set[str] = set()
    for c in cands:
        if c.type == "PERSON" and c.e - c.s > 1 and c.origin != "gaz" and c.place is None:
            protected.update(t.text for t in doc[c.s:c.e])
    _retype(doc, cands, lex, gaz, protected)

    cands = _add_region_names(doc, cands, lex, gaz, heading)
    cands = org_evidence(doc, cands, lex, _is_country, _make, heading)
    cands = link_bracket_acronyms(doc, [c for c in cands if not c.dead], _make, _is_country)

    # Roles turn mistyped names into people ("Rustem Umerov, Ukraine's lead negotiator" as ORG).
    cands.sort(key=lambda c: c.s)
    occ = _occupancy(len(doc), cands)
    ctx = RoleContext(doc, lex, occ, [c.type for c in cands], [c.code for c in cands], sent_start, sent_end)
    for c in cands:
        if c.type in ("NORP",) or c.place is not None:
            continue
        before, honor = ctx.before(c.s, c.e)
        after = ctx.after(c.s, c.e) or ctx.copula(c.s, c.e)
        if c.type != "PERSON":
            strong = honor or (before is not None and before.strong) or (after is not None and after.strong) \
                or _age_after(doc, c.e)
            if not strong:
                continue
            c.type = "PERSON"
            # The model saw half the name ("Faury" as a place): take the bare name words beside it.
            while c.s > 0 and occ[c.s - 1] < 0 and _bare_name_token(doc[c.s - 1], lex, gaz) \
                    and c.s - 1 >= sent_start[c.s]:
                c.s -= 1
                occ[c.s] = occ[c.s + 1]
        c.person_evidence = c.person_evidence or honor or before is not None or after is not None

    # Names the model missed entirely but an apposition or a predicate vouches for: "Guillaume
    # Faury, the chief executive of Airbus, said", "Friedrich Merz was elected chancellor".
    i, n = 0, len(doc)
    while i < n:
        j = i
        while j < n and j - i < 4 and occ[j] < 0 and not heading[j] and _bare_name_token(doc[j], lex, gaz):
            j += 1
        if j - i >= 2 and j < n:
            # "X, the chief executive of Airbus," / "X was elected German chancellor".
            role = ctx.after(i, j) if doc[j].text == "," else ctx.copula(i, j)
            if role is not None and role.strong:
                cands.append(Cand(i, j, "PERSON", "title", person_evidence=True))
        i = max(j, i + 1)

    lower_words = set(re.findall(r"(?<![\w'’-])[a-z]+(?![\w'’-])", doc_text(doc)))
    cands = [c for c in cands if _valid(doc, c, lex) and not _common_word(doc, c, lower_words)]
    place_names = {_text(doc, c) for c in cands if c.type in PLACE_TYPES}
    for c in cands:
        if c.type == "PERSON" and c.e - c.s == 1 and not c.person_evidence and is_acronym(_text(doc, c)):
            c.type = "ORG"  # "RTVE", "FTX": an acronym is not a person's name
        elif c.type in ("ORG", "GPE", "PERSON") and c.e - c.s == 1 and not c.person_evidence \
                and c.place is None and not c.org_context:
            group = _group_adjective(doc[c.s], gaz, place_names)
            if group is not None:
                c.type, c.code, c.place = "NORP", group or None, None

    # A bare surname of someone named in full here is that person, whatever the model said.
    by_surname = _person_keys(doc, cands, lex)
    regnal = _regnal_names(doc, cands)
    first_names = Counter(fold(w) for ps in by_surname.values() for p in ps
                          for w in set(_name_parts([t.text for t in doc[p.s:p.e]], lex)[0]))
    for c in cands:
        if c.type in ("ORG", "GPE", "FAC", "LOC") and c.place is None and c.acronym_of is None:
            key = fold(_text(doc, c))
            words = sum(1 for t in doc[c.s:c.e] if not t.is_punct)
            if surname_key(_text(doc, c), lex) in by_surname and words <= 2 or any(
                    fold(_text(doc, p)) == key for ps in by_surname.values() for p in ps) or (
                    words == 1 and (first_names.get(key) == 1 or key in regnal) and not is_acronym(_text(doc, c))):
                c.type = "PERSON"  # "Bankman-Fried", and "Muhyiddin" after "Muhyiddin Yassin"

    cands = _nickname_cands(doc, cands, lex, sent_start)

    # Headlines and untagged repeats: only names established in running text.
    known: dict[str, str] = {}
    for c in cands:
        if c.origin in ("model", "title", "bracket") and c.type in ("PERSON", "ORG") and not heading[c.s]:
            name = _text(doc, c)
            known.setdefault(name, c.type)
            if c.type == "PERSON":
                given, surname = _name_parts(name.split(), lex)
                if given:
                    known.setdefault(surname, "PERSON")
    cands = _scan_known(doc, cands, known, heading)
    cands = link_bracket_acronyms(doc, cands, _make, _is_country)
    cands.sort(key=lambda c: c.s)

    # Final roles, country and canonical names.
    occ = _occupancy(len(doc), cands)
    ctx = RoleContext(doc, lex, occ, [c.type for c in cands], [c.code for c in cands], sent_start, sent_end)
    by_surname = _person_keys(doc, cands, lex)
    for c in cands:
        if c.type == "PERSON":
            before, _ = ctx.before(c.s, c.e)
            roles = [r for r in (before, ctx.after(c.s, c.e), ctx.copula(c.s, c.e)) if r is not None]
            c.roles = roles
            c.code = next((r.country for r in roles if r.country), None)
    _same_org(doc, cands)
    _canonicalise(doc, cands, lex, gaz, by_surname)
    _nicknames(doc, cands)
    cands = _title_references(doc, cands, lex, heading)
    cands.sort(key=lambda c: c.s)

    out = []
    for c in cands:
        span = doc[c.s:c.e]
        role_texts: list[str] = []
        norms: list[str] = []
        for r in c.roles:
            if r.text not in role_texts:
                role_texts.append(r.text)
            norms.extend(x for x in r.norms if x not in norms)
        out.append(EntityMention(
            span.start_char, span.end_char, span.text, c.type, role_texts,
            gaz.country_name(c.code), c.canonical or span.text,
            role_norm=norms,
            country_code=c.code,
            place_key=c.place.key if c.place is not None else None,
        ))
    return out


def _canonicalise(doc: Doc, cands: list[Cand], lex: Lexicon, gaz: Gazetteer,
                  by_surname: dict[str, list[Cand]]) -> None:
    """The fullest in-document form of each mention, and affiliation shared within a person."""
    # Full names: the longest compatible full name with the same surname ("Donald J. Trump").
    full_canon: dict[int, str] = {}
    for group in by_surname.values():
        for c in group:
            given = fold(" ".join(_name_parts([t.text for t in doc[c.s:c.e]], lex)[0]))
            best = _text(doc, c)
            words = fold(_text(doc, c)).split()
            for o in group:
                og = fold(" ".join(_name_parts([t.text for t in doc[o.s:o.e]], lex)[0]))
                ow = fold(_text(doc, o)).split()
                # "Lopez Obrador" is the end of "Andres Manuel Lopez Obrador".
                suffix = len(ow) > len(words) and ow[-len(words):] == words
                if (og.startswith(given) or given.startswith(og) or suffix) and len(_text(doc, o)) > len(best):
                    best = _text(doc, o)
            full_canon[id(c)] = best
    regnal = _regnal_names(doc, cands)
    for c in cands:
        txt = _text(doc, c)
        if c.type == "PERSON":
            if id(c) in full_canon:
                c.canonical = full_canon[id(c)]
                continue
            given, surname = _name_parts(txt.split(), lex)
            if not given and fold(txt) in regnal:
                c.canonical = regnal[fold(txt)]  # "Leo" after "Leo XIV"
                continue
            group = by_surname.get(surname_key(surname, lex)) if not given else None
            if not group and not given:
                # A first name alone ("Virgil showed again") or a middle name that is the
                # familiar form ("Lula" of "Luiz Inacio Lula da Silva") for the one person here
                # who has it.
                key = fold(surname)
                firsts = {full_canon.get(id(o), _text(doc, o)) for ps in by_surname.values() for o in ps
                          if key in {fold(w) for w in _name_parts([t.text for t in doc[o.s:o.e]], lex)[0]}}
                if len(firsts) == 1:
                    c.canonical = next(iter(firsts))
                    continue
            if group:
                # The first person introduced with that surname: writers name a relative who
                # shares it in full ("his son Saddam Haftar"), the main one by surname.
                before = [o for o in group if o.s < c.s]
                ref = before[0] if before else group[0]
                c.canonical = full_canon.get(id(ref), _text(doc, ref))
            else:
                c.canonical = txt
        elif c.place is not None:
            c.canonical = c.place.name
            if c.code is None:
                c.code = c.place.country_code
        elif c.type == "NORP":
            c.canonical = _singular_demonym(txt, lex)
        else:
            c.canonical = txt[4:] if txt[:4].lower() == "the " else txt
    for c in cands:
        if c.acronym_of is not None:
            c.canonical = c.acronym_of.canonical or _text(doc, c.acronym_of)
    _link_short_orgs(doc, cands, lex)
    _link_acronyms(doc, cands)
    # One affiliation per person in a document when the roles agree.
    codes: dict[str, set[str]] = {}
    for c in cands:
        if c.type == "PERSON" and c.code:
            codes.setdefault(c.canonical or "", set()).add(c.code)
    for c in cands:
        if c.type == "PERSON" and c.code is None:
            cs = codes.get(c.canonical or "")
            if cs and len(cs) == 1:
                c.code = next(iter(cs))


def _same_org(doc: Doc, cands: list[Cand]) -> None:
    """A name that context showed to be an organisation here ("OpenAI chief executive X") is that
    organisation wherever else the document writes it, unless a title makes it a person there."""
    orgs = {_text(doc, c) for c in cands if c.type == "ORG" and (c.org_context or c.acronym_of is not None)}
    if not orgs:
        return
    for c in cands:
        if c.type in ("PERSON", "GPE", "LOC", "FAC") and not c.person_evidence and _text(doc, c) in orgs \
                and (c.place is None or not c.place.strong):
            c.type, c.place, c.roles = "ORG", None, []


def _nickname_cands(doc: Doc, cands: list[Cand], lex: Lexicon, sent_start: list[int]) -> list[Cand]:
    """ "Mohammed Hamdan Dagalo, widely known as Hemedti": the name after an alias cue is the
    nearest person before it in the sentence, whatever the model typed it (or if it missed it).
    Marks those candidates with ``alias_of``; other mentions follow by name later."""
    cue_re = _alias_re(lex.alias_cues)
    hits = [m.end() for m in cue_re.finditer(doc_text(doc))]
    if not hits:
        return cands
    occ = _occupancy(len(doc), cands)
    people = sorted((c for c in cands if c.type == "PERSON"), key=lambda c: c.s)
    added = []
    for end in hits:
        span = doc.char_span(end, end + 1, alignment_mode="expand")
        if span is None or not doc[span.start].text[:1].isupper():
            continue
        i = span.start
        for cue in lex.alias_cues:
            words = cue.split()
            a = i - len(words)
            if a < 0 or [t.lower_ for t in doc[a:i]] != words:
                continue
            owner = next((p for p in reversed(people) if p.e <= a and p.s >= sent_start[i]), None)
            if owner is None:
                break
            if occ[i] >= 0:
                c = cands[occ[i]]
                if c.s == i and c.e - c.s <= 3 and c is not owner:
                    c.type, c.place, c.alias_of = "PERSON", None, owner
            else:
                j = i
                while j < len(doc) and j - i < 3 and occ[j] < 0 and _is_propn_run_token(doc[j]):
                    j += 1
                if j > i:
                    added.append(Cand(i, j, "PERSON", "title", alias_of=owner))
            break
    return cands + added


@lru_cache(maxsize=4)
def _alias_re(cues: tuple[str, ...]) -> re.Pattern[str]:
    """Alias cues followed by a space and a capital: where a nickname may start."""
    return re.compile(r"(?i)(?<![\w.])(?:" + "|".join(re.escape(c) for c in cues) + r")\s+(?=[A-Z])")


def _nicknames(doc: Doc, cands: list[Cand]) -> None:
    """Every mention of a nickname takes the canonical name of the person it belongs to."""
    if not any(c.alias_of is not None for c in cands):
        return
    owners = {_text(doc, c): c.alias_of for c in cands if c.alias_of is not None}
    for c in cands:
        owner = owners.get(_text(doc, c))
        if owner is not None and owner.canonical:
            c.type, c.place, c.canonical, c.code = "PERSON", None, owner.canonical, owner.code


def _age_after(doc: Doc, e: int) -> bool:
    """ "McIlroy, 35, hit ...", "Duterte, 80, has been held": an age in commas marks a person."""
    if e + 2 >= len(doc) or doc[e].text != "," or doc[e + 2].text not in (",", ")"):
        return False
    t = doc[e + 1]
    return t.text.isdigit() and 1 <= int(t.text) <= 120


def _regnal_names(doc: Doc, cands: list[Cand]) -> dict[str, str]:
    """People named with a regnal number or Jr/Sr, keyed by the folded name without it, when
    only one person here has that name: "gregory" -> "Gregory XVII"."""
    forms: dict[str, set[str]] = {}
    for c in cands:
        if c.type != "PERSON" or c.e - c.s < 2 or not NAME_SUFFIX.match(doc[c.e - 1].text):
            continue
        words = _text(doc, c).split()
        if len(words) > 1 and NAME_SUFFIX.match(words[-1]):
            forms.setdefault(fold(" ".join(words[:-1])), set()).add(_text(doc, c))
    return {k: next(iter(v)) for k, v in forms.items() if len(v) == 1}


def _singular_demonym(txt: str, lex: Lexicon) -> str:
    base = txt.rsplit("-", 1)[-1] if txt.lower().startswith("pro-") or txt.lower().startswith("anti-") else txt
    if base.endswith("s") and base[:-1] in lex.demonyms:
        return base[:-1]
    return base


def _link_short_orgs(doc: Doc, cands: list[Cand], lex: Lexicon) -> None:
    """An organisation named by the first words of its full name elsewhere in the document is
    that organisation ("Acme" after "Acme Industries", "Nippon" after "Nippon Steel"), and so is
    its head word alone ("the Church" after "Roman Catholic Church", "the Commission" after
    "European Commission") when only one full name here ends with it."""
    prefixes: dict[str, set[str]] = {}
    heads: dict[str, dict[str, Cand]] = {}
    for c in cands:
        if c.type == "ORG" and c.acronym_of is None and c.canonical:
            words = c.canonical.split()
            if c.place is None:
                for k in range(1, len(words)):
                    prefixes.setdefault(" ".join(words[:k]), set()).add(c.canonical)
            if len(words) > 1 and words[-1] in lex.org_heads:
                heads.setdefault(words[-1], {})[c.canonical] = c
    if not prefixes and not heads:
        return
    for c in cands:
        if c.type != "ORG" or c.place is not None or c.acronym_of is not None or not c.canonical:
            continue
        if c.canonical in lex.org_heads:
            found = heads.get(c.canonical)
            if found and len(found) == 1:
                long = next(iter(found.values()))
                c.canonical, c.place, c.code = long.canonical, long.place, long.code
            continue
        longs = prefixes.get(c.canonical) if c.canonical[:1].isupper() else None
        if longs and len(longs) == 1:
            c.canonical = next(iter(longs))


def _link_acronyms(doc: Doc, cands: list[Cand]) -> None:
    """An organisation's acronym takes the long form named in the same document:
    "European Public Prosecutor's Office" ... "EPPO"."""
    longs: dict[str, str] = {}
    for c in cands:
        if c.type == "ORG" and c.e - c.s >= 2:
            caps = "".join(t.text[0] for t in doc[c.s:c.e] if t.text[:1].isupper())
            if len(caps) >= 2:
                longs.setdefault(caps, c.canonical or _text(doc, c))
    for c in cands:
        txt = _text(doc, c)
        if c.type == "ORG" and c.e - c.s == 1 and txt.isupper() and txt in longs and c.place is None:
            c.canonical = longs[txt]
