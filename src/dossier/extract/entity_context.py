"""Context passes for entity candidates: datelines, organisation names and organisation evidence.

The model's organisation spans are often cut short ("Committee on Foreign Investment" without
"in the United States"), clubs and parties are typed as places or people ("Tottenham defender
X", "the Morena party"), and a wire dateline ("KOTA KINABALU, Malaysia -") is read as a name.
Each pass here fixes one such shape from the words around the span, with word lists kept in
``data/entity_org_*``; all are single scans over tokens or candidates.

Candidates are the ``Cand`` objects of :mod:`dossier.extract.entities` (duck-typed here so the
two modules do not import each other).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from spacy.tokens import Doc

from dossier.extract.entity_gazetteer import Gazetteer
from dossier.extract.entity_lexicon import Lexicon, normalise_roles
from dossier.nlp.text import doc_text

ORG_JOINERS = frozenset({"of", "for", "on", "in"})
NAME_INNER = frozenset({"of", "and", "the", "for", "on", "&", "de", "-"})
ACRONYM = re.compile(r"^[A-Z][A-Z0-9&.\-]{1,9}$")
DATELINE = re.compile(
    r"^(?P<places>[A-Z][A-Z.'\-]+(?:[ /][A-Z][A-Z.'\-]+){0,4})"  # TOKYO/PITTSBURGH, KOTA KINABALU
    r"(?:,\s+[A-Z][\w.]*(?:\s+(?:of\s+|the\s+)*[A-Z][\w.]*){0,3})?"  # , Libya / , Republic of Congo
    r"(?:,?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"  # , Oct 26
    r"(?:\s*\([A-Za-z&. ]{1,30}\))?"  # (Reuters)
    r"\s*[-—–:]\s",
    re.M,
)

Cand = Any  # dossier.extract.entities.Cand


def _occ(n: int, cands: list[Cand]) -> list[int]:
    occ = [-1] * n
    for ci, c in enumerate(cands):
        if not c.dead:
            for i in range(c.s, c.e):
                occ[i] = ci
    return occ


def is_acronym(text: str) -> bool:
    """ "CFIUS", "U.S.", "AT&T": capitals (and dots, digits, &) only, at least two letters."""
    return bool(ACRONYM.match(text)) and sum(ch.isalpha() for ch in text) >= 2


def bracketed_acronym(doc: Doc, e: int) -> int | None:
    """Token index of an acronym in brackets right after token e-1 ("... (CFIUS)", "(AfD)",
    "(Ravec)"), else None. Mixed case counts when the word is short and starts with a capital."""
    if e + 2 < len(doc) and doc[e].text == "(" and doc[e + 2].text == ")":
        w = doc[e + 1].text
        if is_acronym(w) or (w[:1].isupper() and w.isalpha() and 2 <= len(w) <= 6
                             and sum(ch.isupper() for ch in w) >= 2):
            return e + 1
        if w[:1].isupper() and w.isalpha() and 3 <= len(w) <= 6 and _initials_fit(doc, e, w):
            return e + 1
    return None


def _initials_fit(doc: Doc, e: int, acr: str) -> bool:
    """Do the capitalised words before token e start with the acronym's letters in order?
    ("Royal and VIP Executive Committee" / "Ravec")."""
    letters = [ch.lower() for ch in acr if ch.isupper()] or [acr[0].lower()]
    k = e - 1
    heads = []
    while k >= 0 and len(heads) < 8 and (doc[k].text[:1].isupper() or doc[k].lower_ in NAME_INNER):
        if doc[k].text[:1].isupper():
            heads.append(doc[k].text[0].lower())
        k -= 1
    heads.reverse()
    return bool(heads) and heads[0] == acr[0].lower() and all(ch in heads for ch in letters)


def long_name_start(doc: Doc, s: int, e: int, acr: str) -> int:
    """Start of the full name before a bracketed acronym, grown back over capitalised words and
    inner "of/for/and" when the acronym's first letter asks for it: "Alternative for Germany
    (AfD)" where the model saw only "Germany"."""
    first = acr[0].lower()
    if doc[s].text[:1].lower() == first:
        return s
    k = s - 1
    while k >= 0 and not doc[k].is_sent_start and "\n" not in doc[k].text_with_ws[:-1] and (
            doc[k].text[:1].isupper() or (doc[k].lower_ in NAME_INNER and k > 0 and doc[k - 1].text[:1].isupper())):
        if doc[k].text[:1].lower() == first and doc[k].text[:1].isupper():
            return k
        k -= 1
    if k >= 0 and doc[k].is_sent_start and doc[k].text[:1].lower() == first and doc[k].text[:1].isupper():
        return k
    return s


def dateline_places(doc: Doc, cands: list[Cand], gaz: Gazetteer, make: Callable[..., Cand],
                    heading: list[bool]) -> list[Cand]:
    """Places of a wire dateline at the start of a line: "TRIPOLI, Libya -", "TOKYO/PITTSBURGH
    (Reuters) -". The capitals are places whatever the model called them."""
    text = doc_text(doc)
    matches = list(DATELINE.finditer(text))
    if not matches:
        return cands
    start_tok = {t.idx: t.i for t in doc}
    end_tok = {t.idx + len(t.text): t.i for t in doc}
    added = []
    for m in matches:
        after = start_tok.get(m.end())  # first token of the story proper
        k = m.end()
        while k > m.start() and text[k - 1].isspace():
            k -= 1
        dash = end_tok.get(k)  # the dash (or colon) token
        places = []
        pos = m.start("places")
        for part in m.group("places").split("/"):
            a, b = pos, pos + len(part)
            pos = b + 1
            i, j = start_tok.get(a), end_tok.get(b)
            if i is None or j is None or len(part) < 3 or heading[i]:
                continue
            place = gaz.lookup(part) or gaz.lookup(part.title())
            if place is not None and place.type == "ORG":
                continue
            places.append((i, j, place))
        if not places:
            continue
        first = places[0][0]
        for c in cands:
            if c.dead or c.e <= first or (after is not None and c.s >= after):
                continue
            # A span across the dateline: keep the name between the capitals and the dash
            # ("Democratic Republic of Congo - Rebels"), else the one after it ("BERLIN -
            # Friedrich Merz").
            in_places = any(c.s <= j and c.e > i for i, j, _ in places)
            if after is not None and c.e > after and (in_places or dash is None or c.s >= dash):
                c.s = after
            elif in_places:
                c.dead = True
            elif dash is not None and c.e > dash:
                end = c.e
                c.e = dash
                while c.e > c.s and (doc[c.e - 1].is_punct or doc[c.e - 1].is_space):
                    c.e -= 1
                c.dead = c.e <= c.s
                p = gaz.lookup(doc[c.s:c.e].text) if not c.dead else None
                if p is not None and p.type != "ORG":
                    c.type, c.place = p.type, p  # "Georgia" of "Georgia - Rory McIlroy"
                if after is not None and end - after >= 2:
                    added.append(make(after, end, c.type if p is None else "PERSON", "model", None))
        for i, j, place in places:
            added.append(make(i, j + 1, place.type if place else "GPE", "gaz", place))
    return [c for c in cands if not c.dead] + added


def split_bracket(doc: Doc, s: int, e: int) -> int:
    """End of a span cut before an opening bracket inside it ("Institute (INE" -> "Institute")."""
    for k in range(s + 1, e):
        if doc[k].text == "(":
            return k
    return e


def extend_org_names(doc: Doc, cands: list[Cand], lex: Lexicon) -> None:
    """Grow organisation spans ending on a head word ("Committee", "Court", "Mission") over a
    capitalised complement: "... on Foreign Investment", "... for the Second Circuit"; over
    "in X" only when a bracketed acronym follows, as in "Support Mission in Libya (UNSMIL)"."""
    n = len(doc)
    occ = _occ(n, cands)
    for ci, c in enumerate(cands):
        # A place before a capitalised head word names a body of that place: "City of London
        # Police", "Gaza Health Ministry", "Kent County Council".
        if not c.dead and c.type in ("GPE", "LOC", "FAC", "PERSON") and c.place is None and c.e - c.s > 1 \
                and doc[c.e - 1].text in lex.org_heads and not c.person_evidence:
            c.type = "ORG"  # "the City of London Police" typed as a place, "Kent Police" as a person
        if not c.dead and c.type in ("GPE", "LOC") and c.e < n:
            j, last = c.e, None
            while j < n and j - c.e < 3 and occ[j] < 0 and doc[j].text[:1].isupper() \
                    and "\n" not in doc[j - 1].text_with_ws[len(doc[j - 1].text):]:
                if doc[j].text in lex.org_heads:
                    last = j + 1
                j += 1
            if last is not None:
                code = c.place.country_code if c.place is not None else c.code
                c.e, c.type, c.place, c.code = last, "ORG", None, code
                for x in range(c.s, last):
                    occ[x] = ci
        if c.dead or c.type != "ORG" or not any(t.text in lex.org_heads for t in doc[c.s:c.e]):
            continue
        e = c.e
        good = e  # end of the longest extension accepted so far
        used_in = False
        while e < n and doc[e].lower_ in ORG_JOINERS:
            k = e + 1
            if k < n and doc[k].lower_ == "the":
                k += 1
            j = k
            while j < n and "\n" not in doc[j].text_with_ws[:-1] and (
                    (doc[j].text[:1].isupper() and not doc[j].is_sent_start)
                    or (j > k and doc[j].lower_ in NAME_INNER and j + 1 < n and doc[j + 1].text[:1].isupper())):
                if occ[j] >= 0 and occ[j] != ci and cands[occ[j]].type == "PERSON":
                    break
                j += 1
            if j == k or "\n" in doc[e:j].text:
                break
            if any(occ[x] >= 0 and occ[x] != ci and not (cands[occ[x]].s >= e and cands[occ[x]].e <= j)
                   for x in range(e, j)):
                break  # a candidate sticks out of the complement: leave it alone
            used_in = used_in or doc[e].lower_ == "in"
            e = j
            if not used_in:
                good = e
        if used_in and bracketed_acronym(doc, e) is not None:
            good = e
        if good > c.e:
            for x in range(c.e, good):
                if occ[x] >= 0 and occ[x] != ci:
                    cands[occ[x]].dead = True
            c.e = good
            c.place = None
            for x in range(c.s, good):
                occ[x] = ci


def _title_run_end(doc: Doc, j0: int, lex: Lexicon, occ: list[int]) -> int:
    """End of a run of title words starting at token j0 (j0 itself when there is none)."""
    j = j0
    while j < len(doc) and j - j0 < 4 and (doc[j].lower_ in lex.title_words or doc[j].lower_ in lex.role_words) \
            and occ[j] < 0:
        j += 1
    return j if j > j0 and doc[j - 1].lower_ in lex.title_heads else j0


def _propn_run(doc: Doc, i: int, occ: list[int], lex: Lexicon) -> int:
    """End of a run of capitalised proper nouns outside any candidate, from token i."""
    j = i
    n = len(doc)
    while j < n and j - i < 5 and occ[j] < 0 and "\n" not in doc[j].text_with_ws[:-1]:
        t = doc[j]
        if t.text == "-" and j > i and not doc[j - 1].whitespace_ and j + 1 < n and not t.whitespace_ \
                and doc[j + 1].text[:1].isupper():
            j += 1  # "OVD-Info"
            continue
        if not (t.tag_ in ("NNP", "NNPS") and t.text[:1].isupper() and t.lower_ not in lex.title_words
                and t.text not in lex.demonyms):
            break
        j += 1
    while j > i and doc[j - 1].text == "-":
        j -= 1
    return j


def org_evidence(doc: Doc, cands: list[Cand], lex: Lexicon, is_country: Callable[[Cand], bool],
                 make: Callable[..., Cand] | None = None, heading: list[bool] | None = None) -> list[Cand]:
    """Names that context shows to be organisations: the team or firm before a title held in an
    organisation ("Tottenham defender X", "PSV coach Y", "Ryanair boss Z"), a name before
    "party"/"coalition" or after "the rights group", the club one "played for"; then every other
    mention of the same words in the document. Returns the candidates, with any new ones."""
    n = len(doc)
    live = [c for c in cands if not c.dead]
    live.sort(key=lambda c: c.s)
    occ = _occ(n, live)
    texts = {id(c): doc[c.s:c.e].text for c in live}
    found: set[str] = set()

    def retype(c: Cand) -> None:
        if c.type == "NORP" or is_country(c) or (c.type == "PERSON" and c.person_evidence):
            return
        c.type, c.place, c.code = "ORG", None, None
        c.org_context = True
        found.add(texts[id(c)])

    # Two halves of one name before an organisation word: "Pakatan" + "Harapan" + "coalition".
    for a, b in zip(live, live[1:], strict=False):
        if not a.dead and a.e == b.s and b.e < n and doc[b.e].lower_ in lex.org_words \
                and a.type != "NORP" and b.type != "NORP" and not is_country(a) and not is_country(b):
            a.e, b.dead = b.e, True
            texts[id(a)] = doc[a.s:a.e].text
    live = [c for c in live if not c.dead]
    occ = _occ(n, live)
    for c in live:
        nxt = doc[c.e] if c.e < n else None
        if nxt is not None and nxt.lower_ in lex.org_words and c.type != "ORG" or c.s >= 2 and doc[c.s - 1].lower_ == "for" and doc[c.s - 2].lemma_ in ("play", "sign") \
                and c.type != "ORG":
            retype(c)
        elif c.type in ("GPE", "LOC", "FAC", "PERSON") and c.e < n:
            # A title run right after the name, then a name: "Spurs boss Thomas Frank".
            j = c.e
            while j < n and j - c.e < 4 and (doc[j].lower_ in lex.title_words or doc[j].lower_ in lex.role_words) \
                    and occ[j] < 0:
                j += 1
            if j == c.e or j >= n or doc[j - 1].lower_ not in lex.title_heads:
                continue
            if not (doc[j].text[:1].isupper() and (occ[j] < 0 or live[occ[j]].type == "PERSON")):
                continue
            if set(normalise_roles(doc[c.e:j].text)) & lex.org_roles:
                retype(c)
    if found:
        for c in live:
            if c.type != "ORG" and texts[id(c)] in found and (c.place is None or not c.place.strong) \
                    and not c.person_evidence:
                retype(c)
    added: list[Cand] = []
    if make is not None:
        # Names the model left out: "Ryanair boss Michael O'Leary", "the rights group OVD-Info".
        propn = [t.tag_ in ("NNP", "NNPS") for t in doc]
        i = 0
        while i < n:
            if not propn[i] or occ[i] >= 0 or (heading and heading[i]):
                i += 1
                continue
            j = _propn_run(doc, i, occ, lex)
            if j == i:
                i += 1
                continue
            k = _title_run_end(doc, j, lex, occ)
            before_title = k > j and k < n and occ[k] >= 0 and live[occ[k]].type == "PERSON" \
                and bool(set(normalise_roles(doc[j:k].text)) & lex.org_roles)
            # "the rights group OVD-Info", "the UN peacekeeping mission, MONUSCO,"
            prev = i - 2 if i > 1 and doc[i - 1].text == "," else i - 1
            after_org_word = prev >= 0 and doc[prev].lower_ in lex.org_words and (
                j >= n or not doc[j].text[:1].isupper())
            if before_title or after_org_word:
                new = make(i, j, "ORG", "context", None)
                new.org_context = True
                added.append(new)
            i = j
    return cands + added


def link_bracket_acronyms(doc: Doc, cands: list[Cand], make: Callable[..., Cand],
                          is_country: Callable[[Cand], bool]) -> list[Cand]:
    """ "National Electoral Institute (INE)": the acronym is that organisation, here and wherever
    else the document uses it ("INE president Guadalupe Taddei", "in PN")."""
    n = len(doc)
    occ = _occ(n, cands)
    longs: dict[str, Cand] = {}
    added = []
    for c in cands:
        if c.dead or c.type in ("PERSON", "NORP"):
            continue
        k = bracketed_acronym(doc, c.e)
        if k is None:
            continue
        s = long_name_start(doc, c.s, c.e, doc[k].text)
        if s < c.s:
            for o in cands:  # the words taken in were no names of their own
                if o is not c and not o.dead and o.s >= s and o.e <= c.s:
                    o.dead = True
            c.s = s
        elif is_country(c) or c.e - c.s < 2:
            continue
        if c.place is not None:
            c.code = None  # the code of the place it was mistaken for
        c.type, c.place = "ORG", None
        longs.setdefault(doc[k].text, c)
        if occ[k] < 0:
            a = make(k, k + 1, "ORG", "bracket", None)
            added.append(a)
    cands = cands + added
    if not longs:
        return cands
    for c in cands:
        if c.e - c.s == 1 and doc[c.s].text in longs and c.type != "PERSON" or (
                c.e - c.s == 1 and doc[c.s].text in longs and not c.person_evidence):
            long = longs[doc[c.s].text]
            if c is long:
                continue
            c.type, c.place, c.code = "ORG", None, long.code
            c.acronym_of = long
    return cands
