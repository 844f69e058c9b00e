"""Cross-document entity merging: one record per real-world entity.

Per-document mentions arrive typed, with an in-document canonical form ("Putin" ->
"Vladimir Putin") and, for known places and organisations, a gazetteer key. Merging then:

- places and known organisations: by gazetteer key ("U.S." and "United States" are one);
  other organisations and places by folded name, acronyms joined to a unique long form;
- people: full names clustered by surname (exact after folding transliteration endings, or
  fuzzy with rapidfuzz for typos) *and* compatible given names, so "Volodymr Zelensky" joins
  "Volodymyr Zelenskyy" while "Jane Smith" and "John Smith" stay apart; a document that only
  ever says "Smith" joins the single Smith known elsewhere, or the one whose role, country and
  neighbouring entities fit best, else stays on its own;
- a name typed ORG or GPE in one document but established as a person elsewhere becomes that
  person when the person evidence outweighs it.

Everything is sorted before it is compared, so the same input gives the same ids and order
whatever order the documents come in.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz

from dossier.extract.entities import _name_parts, fold, surname_key, translit_key
from dossier.extract.entity_gazetteer import Place, gazetteer
from dossier.extract.entity_lexicon import lexicon
from dossier.link.ids import stable_id
from dossier.records import DocAnalysis, Document, EntityMention

PLACE_TYPES = ("GPE", "LOC", "FAC")
TYPE_PRIORITY = {"PERSON": 3, "ORG": 3, "GPE": 2, "LOC": 2, "FAC": 2, "NORP": 1}
SURNAME_FUZZ = 88  # rapidfuzz ratio for surnames that differ by a typo or transliteration
GIVEN_FUZZ = 80


@dataclass
class _Mention:
    doc: str
    m: EntityMention


@dataclass
class _Cluster:
    """Mentions believed to be one entity, and what identifies it while merging."""

    kind: str  # person | thing
    key: str
    mentions: list[_Mention] = field(default_factory=list)
    fulls: list[tuple[list[str], str]] = field(default_factory=list)  # (given names, surname) seen
    surname: str = ""  # folded
    given: set[str] = field(default_factory=set)  # folded first given names
    codes: set[str] = field(default_factory=set)
    norms: set[str] = field(default_factory=set)
    docs: set[str] = field(default_factory=set)


# ---------------------------------------------------------------------------- the index


@dataclass
class EntityIndex:
    """The merged entity records and a span -> entity id lookup for other linkers."""

    records: list[dict[str, Any]]
    _spans: dict[str, list[tuple[int, int, str, str]]] = field(default_factory=dict)  # doc -> (s, e, type, id)
    _starts: dict[str, list[int]] = field(default_factory=dict)

    def resolve(self, doc_id: str, start: int, end: int) -> str | None:
        """Id of the entity whose mention in ``doc_id`` best matches the span [start, end).

        A mention inside the span or the span inside a mention both count; the largest overlap
        wins, but a person or organisation beats a nationality nested in the same words
        ("Russian Foreign Minister Sergei Lavrov" is Lavrov, not "Russian").
        """
        spans = self._spans.get(doc_id)
        if not spans:
            return None
        starts = self._starts[doc_id]
        lo = bisect.bisect_left(starts, start - 200)  # mentions are short; look a little left
        best: tuple[int, int, int] | None = None
        best_id = None
        for s, e, typ, eid in spans[lo:]:
            if s >= end:
                break
            ov = min(e, end) - max(s, start)
            if ov <= 0:
                continue
            nested = (start <= s and e <= end) or (s <= start and end <= e)
            score = (1 if nested else 0, TYPE_PRIORITY.get(typ, 0), ov)
            if best is None or score > best:
                best, best_id = score, eid
        return best_id


# ---------------------------------------------------------------------------- merging


def _person_name(m: EntityMention) -> tuple[list[str], str]:
    return _name_parts((m.canonical or m.text).split(), lexicon())


def _given_compatible(a: list[str], b: list[str]) -> bool:
    """Given names that can belong to one person: equal, an initial, a prefix list, or a typo."""
    if not a or not b:
        return True
    # "Abdel-Fattah" and "Abdel Fattah": compare the first part of a hyphenated given name.
    fa, fb = translit_key(a[0].split("-")[0]), translit_key(b[0].split("-")[0])
    if not fa or not fb:
        return True
    if fa == fb:
        return True
    if len(fa) == 1 or len(fb) == 1:  # "J. Smith"
        return fa[0] == fb[0]
    if len(fa) >= 4 and skeleton(fa) == skeleton(fb):
        return True  # "Yevgeny"/"Evgeny", "Iosif"/"Yosif"
    return fa[0] == fb[0] and fuzz.ratio(fa, fb) >= GIVEN_FUZZ


def _surname_score(a: str, b: str) -> float:
    if a == b:
        return 100.0
    a, b = translit_key(a), translit_key(b)
    if a == b:
        return 99.0
    if min(len(a), len(b)) < 4 or a[0] != b[0]:
        return 0.0
    r = fuzz.ratio(a, b)
    return r if r >= SURNAME_FUZZ else 0.0


_FIRST_SOUND = str.maketrans({"q": "k", "g": "k", "c": "k"})


def skeleton(surname: str) -> str:
    """Consonants of a romanised surname, the first sound evened out: "Haftar"/"Hifter" ->
    "hftr", "Gaddafi"/"Qaddafi"/"Kadhafi" -> "kdf". Vowels and the first letter are where
    transliterations of one Arabic, Persian or Cyrillic name differ most."""
    t = translit_key(surname).replace("dh", "d").replace("th", "t")
    t = re.sub(r"^[yi](?=[aeiou])", "", t)  # "Yevgeny"/"Evgeny", "Iuliia"/"Uliia"
    if not t:
        return ""
    first = "a" if t[0] in "aeiouy" else t[0].translate(_FIRST_SOUND)
    return re.sub(r"(.)\1+", r"\1", first + re.sub(r"[aeiouy]", "", t[1:]))


def _variant_score(a: str, b: str, given_a: list[str], given_b: list[str]) -> float:
    """A transliteration variant the fuzzy ratio misses ("Hifter"/"Haftar", "Qaddafi"/"Gaddafi"):
    equal consonant skeletons, and only with the same given name, so "Saddam Haftar" never
    joins "Khalifa Hifter"."""
    if not given_a or not given_b or translit_key(given_a[0]) != translit_key(given_b[0]):
        return 0.0
    ka, kb = skeleton(a), skeleton(b)
    return 90.0 if len(ka) >= 3 and ka == kb else 0.0


def _blocks(surname: str) -> list[str]:
    """Blocking keys so that fuzzy comparison stays near-linear: prefix, suffix, skeleton."""
    return [f"p:{surname[:3]}", f"s:{surname[-3:]}", f"k:{skeleton(surname)}"]


def _thing_key(m: EntityMention) -> str:
    if m.place_key:
        return m.place_key
    name = fold(m.canonical or m.text)
    if m.type == "NORP":
        return f"norp:{m.country_code or name}"
    if m.type in PLACE_TYPES:
        return f"place:{name}"
    if m.type == "ORG":
        return f"org:{org_key(m.canonical or m.text)}"
    return f"{m.type.lower()}:{name}"


@lru_cache(maxsize=65536)
def org_key(name: str) -> str:
    """An organisation's name for comparison: country aliases as the country's name, legal-form
    words dropped, folded: "U.S. Steel" and "United States Steel Corp" -> "united states steel"."""
    g = gazetteer()
    suffixes = lexicon().org_suffixes
    words = name.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    while len(words) > 1 and words[-1].lower().rstrip(",") in suffixes:
        words = words[:-1]
    out = []
    for w in words:
        p = g.names.get(w)
        out.append(p.name if p is not None and p.key.startswith("cc:") else w)
    return fold(" ".join(out)) or fold(name)


def merge_entities(items: list[tuple[Document, DocAnalysis]]) -> EntityIndex:
    """Merge the entity mentions of all documents into dossier ``entities`` records."""
    items = sorted(items, key=lambda it: it[0].id)
    persons: list[_Mention] = []
    things: list[_Mention] = []
    for doc, an in items:
        for m in sorted(an.entities, key=lambda m: (m.start, m.end)):
            (persons if m.type == "PERSON" else things).append(_Mention(doc.id, m))

    clusters = _cluster_people(persons, _doc_context(things))
    things_clusters = _cluster_things(things, clusters)
    return _build_index(clusters + things_clusters)


def _doc_context(things: list[_Mention]) -> dict[str, set[str]]:
    """Per document, the places below country level and the organisations it names."""
    out: dict[str, set[str]] = defaultdict(set)
    for tm in things:
        if tm.m.type != "NORP":
            key = _thing_key(tm.m)
            if not key.startswith("cc:"):
                out[tm.doc].add(key)
    return out


def _shares_context(doc: str, ms: list[_Mention], c: _Cluster, context: dict[str, set[str]],
                    people_in: dict[str, set[int]]) -> bool:
    """Does a document that names someone by surname only share anything with the documents of
    the one full name that fits: a place or organisation, another person, or a role?"""
    if {n for pm in ms for n in pm.m.role_norm} & c.norms:
        return True
    mine = context.get(doc, set())
    others = people_in.get(doc, set()) - {id(c)}
    return any(mine & context.get(d, set()) or others & people_in.get(d, set()) for d in c.docs)


def _cluster_people(persons: list[_Mention], context: dict[str, set[str]] | None = None) -> list[_Cluster]:
    context = context or {}
    # Local people: one per (document, in-document canonical form).
    local: dict[tuple[str, str], list[_Mention]] = defaultdict(list)
    for pm in persons:
        local[(pm.doc, fold(pm.m.canonical or pm.m.text))].append(pm)

    def local_sort(k: tuple[str, str]) -> tuple:
        given, _ = _person_name(local[k][0].m)
        return (-len(given), k[1], k[0])

    clusters: list[_Cluster] = []
    blocks: dict[str, list[_Cluster]] = defaultdict(list)
    shorts: list[tuple[str, str]] = []
    for k in sorted(local, key=local_sort):
        ms = local[k]
        given, surname = _person_name(ms[0].m)
        if not given:
            shorts.append(k)
            continue
        sfold = surname_key(surname, lexicon())
        codes = {pm.m.country_code for pm in ms if pm.m.country_code}
        best, best_score = None, 0.0
        cands = {id(c): c for b in _blocks(sfold) for c in blocks[b]}
        for c in sorted(cands.values(), key=lambda c: c.key):
            ss = _surname_score(sfold, c.surname)
            if ss and not any(_given_compatible(given, g) for g, _ in c.fulls):
                continue
            if not ss:
                ss = max((_variant_score(sfold, c.surname, given, g) for g, _ in c.fulls), default=0.0)
                if not ss:
                    continue
            exact = ss == 100.0 and any(fold(" ".join(g)) == fold(" ".join(given)) for g, _ in c.fulls)
            if not exact and codes and c.codes and not (codes & c.codes):
                continue  # same-ish name, different countries: two people
            score = ss + (5 if exact else 0)
            if score > best_score:
                best, best_score = c, score
        if best is None:
            best = _Cluster("person", f"person:{k[1]}", surname=sfold)
            clusters.append(best)
            for b in _blocks(sfold):
                blocks[b].append(best)
        _absorb(best, ms, given, surname)

    # Surname-only people: the one compatible full name when the documents share something
    # (a place, an organisation, another person, a role), else the best-fitting one, else alone:
    # "De Jong" in a story about PSV is not the "Frenkie de Jong" of a Netherlands squad story.
    shorts_by_name: dict[str, _Cluster] = {}
    people_in: dict[str, set[int]] = defaultdict(set)
    for c in clusters:
        for d in c.docs:
            people_in[d].add(id(c))
    for k in shorts:
        ms = local[k]
        _, surname = _person_name(ms[0].m)
        sfold = surname_key(surname, lexicon())
        cands = {id(c): c for b in _blocks(sfold) for c in blocks[b] if _surname_score(sfold, c.surname)}
        ordered = sorted(cands.values(), key=lambda c: c.key)
        target = None
        if len(ordered) == 1 and _shares_context(k[0], ms, ordered[0], context, people_in):
            target = ordered[0]
        elif ordered:
            target = _best_fit(ms, ordered)
        if target is None:
            target = shorts_by_name.get(sfold)
            codes = {pm.m.country_code for pm in ms if pm.m.country_code}
            if target is not None and codes and target.codes and not (codes & target.codes):
                target = None
            if target is None:
                target = _Cluster("person", f"person:{k[1]}:{k[0]}" if sfold in shorts_by_name else f"person:{k[1]}",
                                  surname=sfold)
                clusters.append(target)
                shorts_by_name.setdefault(sfold, target)
        _absorb(target, ms, [], surname)
    return clusters


def _absorb(c: _Cluster, ms: list[_Mention], given: list[str], surname: str) -> None:
    c.mentions.extend(ms)
    if given:
        c.fulls.append((given, surname))
    for pm in ms:
        c.docs.add(pm.doc)
        if pm.m.country_code:
            c.codes.add(pm.m.country_code)
        c.norms.update(pm.m.role_norm)


def _best_fit(ms: list[_Mention], cands: list[_Cluster]) -> _Cluster | None:
    """Among several people sharing a surname, the one whose role and country fit this document."""
    codes = {pm.m.country_code for pm in ms if pm.m.country_code}
    norms = {n for pm in ms for n in pm.m.role_norm}
    scored = []
    for c in cands:
        s = 2 * len(norms & c.norms) + 2 * len(codes & c.codes)
        if codes and c.codes and not (codes & c.codes):
            s -= 3
        scored.append((s, c))
    scored.sort(key=lambda sc: -sc[0])
    if scored[0][0] > 0 and (len(scored) == 1 or scored[0][0] > scored[1][0]):
        return scored[0][1]
    return None


def _cluster_things(things: list[_Mention], people: list[_Cluster]) -> list[_Cluster]:
    """Places, organisations and nationalities by key; names that are people elsewhere join them."""
    # Names established as people: full canonical forms and surnames (when only one person has it).
    person_names: dict[str, _Cluster | None] = {}
    for c in people:
        names = {fold(pm.m.canonical or pm.m.text).replace(" ", "") for pm in c.mentions}
        names.add(c.surname)
        for n in names:
            person_names[n] = c if person_names.get(n, c) is c else None

    # How often each name is typed as a thing, counted once (not per candidate: that was quadratic).
    thing_counts = Counter(fold(tm.m.canonical or tm.m.text) for tm in things)
    doc_country = _doc_countries(things)
    generic = _generic_words()
    by_key: dict[str, _Cluster] = {}
    for tm in things:
        m = tm.m
        if not m.place_key and m.type in ("ORG", "GPE", "LOC", "FAC"):
            pc = person_names.get(fold(m.canonical or m.text).replace(" ", ""))
            if pc is not None and _person_outweighs(pc, m.canonical or m.text, thing_counts):
                pc.mentions.append(tm)
                pc.docs.add(tm.doc)
                continue
        key = _thing_key(m)
        if m.type == "ORG" and not m.place_key and set(key[4:].split()) <= generic:
            # "Supreme Court": the one of this document's country, not every country's.
            code = m.country_code or doc_country.get(tm.doc)
            if code:
                key = f"{key}@{code}"
        c = by_key.get(key)
        if c is None:
            c = by_key[key] = _Cluster("thing", key)
        c.mentions.append(tm)
        c.docs.add(tm.doc)

    # An acronym joins the one organisation whose long form it abbreviates, or that another
    # document spelt out for it ("Perikatan Nasional (PN)").
    longs: dict[str, list[_Cluster]] = defaultdict(list)
    for key in sorted(by_key):
        c = by_key[key]
        if c.key.startswith("org:"):
            for tm in c.mentions:
                if tm.m.text.isupper() and fold(tm.m.text) != fold(tm.m.canonical or tm.m.text) \
                        and c not in longs[tm.m.text]:
                    longs[tm.m.text].append(c)
    for c in by_key.values():
        if c.key.startswith("org:"):
            name = c.mentions[0].m.canonical or c.mentions[0].m.text
            words = name.split()
            acr = "".join(w[0] for w in words if w[:1].isupper())
            if len(words) >= 2 and c not in longs[acr]:
                longs[acr].append(c)
    for key in sorted(by_key):
        c = by_key[key]
        name = c.mentions[0].m.canonical or c.mentions[0].m.text
        if c.key.startswith("org:") and name.isupper() and len(longs.get(name, ())) == 1:
            target = longs[name][0]
            if target is not c:
                target.mentions.extend(c.mentions)
                target.docs.update(c.docs)
                del by_key[key]
    return [by_key[k] for k in sorted(by_key)]


@lru_cache(maxsize=1)
def _generic_words() -> frozenset[str]:
    from dossier.extract.entity_lexicon import _lines

    return frozenset(w.strip().lower() for w in _lines("entity_org_generic.txt"))


def _doc_countries(things: list[_Mention]) -> dict[str, str]:
    """Per document, the country its places point to most (ties: alphabetical)."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for tm in things:
        if tm.m.type in PLACE_TYPES and tm.m.country_code:
            counts[tm.doc][tm.m.country_code] += 1
    return {d: sorted(c, key=lambda k: (-c[k], k))[0] for d, c in counts.items() if c}


def _person_outweighs(pc: _Cluster, name: str, thing_counts: Counter[str]) -> bool:
    """Majority vote with person evidence: a role anywhere settles it for the person."""
    if any(pm.m.roles for pm in pc.mentions):
        return True
    return len(pc.mentions) >= thing_counts[fold(name)]


# ---------------------------------------------------------------------------- records


def _choose_name(c: _Cluster) -> str:
    ms = [pm.m for pm in c.mentions]
    if c.kind == "person":
        forms = Counter(m.canonical or m.text for m in ms if m.type == "PERSON")
        return sorted(forms, key=lambda f: (-len(f.split()), -forms[f], f))[0]
    if ms[0].place_key:
        p = _places_by_key().get(ms[0].place_key)
        if p is not None:
            return p.name
    forms = Counter(m.canonical or m.text for m in ms)
    return sorted(forms, key=lambda f: (-forms[f], -len(f), f))[0]


@lru_cache(maxsize=1)
def _places_by_key() -> dict[str, Place]:
    """Gazetteer entries by their stable key, for names and coordinates of merged places."""
    out: dict[str, Place] = {}
    for p in gazetteer().names.values():
        out.setdefault(p.key, p)
    return out


def _build_index(clusters: list[_Cluster]) -> EntityIndex:
    g = gazetteer()
    drafts = []
    for c in clusters:
        c.mentions.sort(key=lambda pm: (pm.doc, pm.m.start, pm.m.end))
        types = Counter(pm.m.type for pm in c.mentions)
        typ = "PERSON" if c.kind == "person" else sorted(types, key=lambda t: (-types[t], t))[0]
        name = _choose_name(c)
        drafts.append((typ, name, c))
    drafts.sort(key=lambda d: (d[0], d[1], d[2].mentions[0].doc, d[2].mentions[0].m.start))

    records: list[dict[str, Any]] = []
    spans: dict[str, list[tuple[int, int, str, str]]] = defaultdict(list)
    country_ids: dict[str, str] = {}
    for typ, name, c in drafts:
        key = c.mentions[0].m.place_key
        if typ == "GPE" and key and key.startswith("cc:"):
            country_ids.setdefault(key[3:], stable_id("e", typ, name))
    seen_ids: set[str] = set()
    for typ, name, c in drafts:
        eid = stable_id("e", typ, name)
        if eid in seen_ids:  # two people with one name kept apart: the first mention tells them apart
            first = c.mentions[0]
            eid = stable_id("e", typ, name, first.doc, first.m.start)
        seen_ids.add(eid)
        roles: list[str] = []
        norms: list[str] = []
        countries: Counter[str] = Counter()
        for pm in c.mentions:
            for r in pm.m.roles:
                if r.lower() not in {x.lower() for x in roles}:
                    roles.append(r)
            norms.extend(n for n in pm.m.role_norm if n not in norms)
            if pm.m.country:
                countries[pm.m.country] += 1
            spans[pm.doc].append((pm.m.start, pm.m.end, typ, eid))
        country = sorted(countries, key=lambda k: (-countries[k], k))[0] if countries else None
        rec: dict[str, Any] = {
            "id": eid,
            "type": typ,
            "name": name,
            "aliases": sorted({pm.m.text for pm in c.mentions}),
            "roles": roles,
            "roles_norm": norms,
            "country": country,
            "mentions": [{"doc": pm.doc, "start": pm.m.start, "end": pm.m.end, "text": pm.m.text}
                         for pm in c.mentions],
        }
        if typ == "NORP":
            # A nationality points at its country: "Algerian" -> Algeria (code and record id).
            code = next((pm.m.country_code for pm in c.mentions if pm.m.country_code), None)
            rec["country_code"] = code
            rec["country_entity"] = country_ids.get(code) if code else None
        if typ in PLACE_TYPES:
            key = c.mentions[0].m.place_key
            p = _places_by_key().get(key) if key else None
            rec["lat"] = p.lat if p is not None else None
            rec["lon"] = p.lon if p is not None else None
            code = p.country_code if p is not None else None
            rec["country_code"] = code or (g.country_by_name(country) if country else None)
        records.append(rec)
    starts = {}
    for d in spans:
        spans[d].sort()
        starts[d] = [s for s, _, _, _ in spans[d]]
    return EntityIndex(records, dict(spans), starts)
