"""Role contradictions: one person called "former President" in one article and "President" in another.

Roles come from each mention's ``EntityMention.roles`` (the titles written beside it), or, where
the extractor left none, from the title words right before the name. A role is reduced to its
office ("former U.S. President" -> former, president) so that only the same office compares:
"Vice President" never clashes with "President". Roles in transition ("then-", "acting",
"-elect", "outgoing") are no evidence either way. Only mentions of one merged entity in two
different articles count: one article may well say both "President" and "former president of
the club" for good reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from dossier.link.context import Corpus
from dossier.link.ids import stable_id
from dossier.link.proposal_groups import group_words
from dossier.link.proposal_words import data_lines, data_table
from dossier.records import EntityMention

MAX_CLAIMS = 4
ROLE_WINDOW = 120  # characters around a mention searched for its role as written
FALLBACK_WORDS = 5


@dataclass(frozen=True, slots=True)
class RoleWords:
    effect: dict[str, str]  # word -> former | transition
    heads: frozenset[str]
    parts: frozenset[str]


@lru_cache(maxsize=1)
def role_words() -> RoleWords:
    heads, parts = set(), set()
    for row in data_table("contradiction_titles.tsv"):
        (heads if row[1] == "head" else parts).add(row[0].lower())
    return RoleWords({r[0].lower(): r[1] for r in data_table("contradiction_role_words.tsv")},
                     frozenset(heads), frozenset(parts | heads))


def office(role: str) -> tuple[str, tuple[str, ...]] | None:
    """(``former`` | ``sitting``, office words) for a role as written, or None when it says neither."""
    rw = role_words()
    words = [w for w in re.split(r"[\s\-–]+", role.lower().replace("’", "'")) if w]
    status = "sitting"
    kept = []
    for w in words:
        eff = rw.effect.get(w)
        if eff == "transition":
            return None
        if eff == "former":
            status = "former"
            continue
        kept.append(w)
    core: list[str] = []
    for w in reversed(kept):  # the longest run of title words the role ends on
        if w in rw.parts:
            core.insert(0, w)
        else:
            break
    while core and core[0] in ("of", "the"):
        core.pop(0)
    if not core or core[-1] not in rw.heads:
        return None
    return status, tuple(core)


@dataclass(slots=True)
class RoleClaim:
    doc: str
    start: int
    end: int
    text: str
    role: str
    status: str
    office: tuple[str, ...]


@lru_cache(maxsize=1)
def _status_prefix() -> re.Pattern[str]:
    """A status word ("former", "then", "acting") just before a title, over a name or two."""
    words = "|".join(re.escape(w) for w in sorted(role_words().effect, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{words})[\s-]+(?:[A-Z][\w.'’-]*\s+){{0,3}}$", re.IGNORECASE)


# "union president Rodnei Oliveira", "army chief ...": the body a lowercase title belongs to
_GROUP_QUALIFIER = re.compile(rf"(?<![\w'’-])(?:{group_words().alternation})\s+$")
_QUALIFIER = re.compile(r"(?<![\w.])(?:(?:(?:[A-Z]\.){2,}|[A-Z][\w'’-]*)\s+){1,3}$")


def _span_of_role(text: str, m: EntityMention, role: str) -> tuple[int, int] | None:
    """Where the role is written beside the mention: "former President Trump" / "Trump, the former ..."."""
    lo = max(0, m.start - ROLE_WINDOW)
    before = text.lower().rfind(role.lower(), lo, m.start)
    if before >= 0 and not re.search(r"[.!?]", text[before + len(role):m.start]):
        return before, m.end
    after = text.lower().find(role.lower(), m.end, m.end + ROLE_WINDOW)
    if after >= 0 and not re.search(r"[.!?]", text[m.end:after]):
        return m.start, after + len(role)
    return None


# A title in apposition right after a name: ", the union's former president" (up to the clause end)
APPOSITION_ROLE = re.compile(r",\s+(?:the|a|an|its|their)\s+((?:[\w'’.-]+\s+){0,4}[\w'’-]+)(?=\s*(?:[,.;:!?]|$))")
_TITLE_RUN = re.compile(rf"((?:(?:[\w.'’]+)[\s\-–]+){{1,{FALLBACK_WORDS}}})$")


def _fallback_role(text: str, m: EntityMention) -> tuple[str, int] | None:
    """Title words written right before a name, when the extractor reported no role."""
    window = text[max(0, m.start - 80):m.start]
    match = _TITLE_RUN.search(window)
    if not match:
        return None
    words = re.split(r"([\s\-–]+)", match.group(1))
    rw = role_words()
    # keep the trailing words that are titles, role modifiers or capitalised qualifiers ("U.S.")
    kept = ""
    for i in range(len(words) - 1, -1, -1):
        w = words[i]
        if not w or re.fullmatch(r"[\s\-–]+", w):
            kept = w + kept
            continue
        low = w.lower()
        if w[-1] in ".!?" and not re.fullmatch(r"(?:[A-Z]\.)+", w):
            break  # the end of the previous sentence
        if low in rw.parts or low in rw.effect or (w[0].isupper() and kept.strip()):
            kept = w + kept
        else:
            break
    kept = kept.strip(" -–")
    if not kept:
        return None
    return kept, m.start - len(window) + window.rfind(kept)


@lru_cache(maxsize=1)
def _change_re() -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(data_lines("contradiction_role_changes.txt")) + r")\b", re.IGNORECASE)


def _change_told(text: str, start: int, end: int) -> bool:
    """Whether the sentence of a "former" title says the person left the office."""
    s = max(text.rfind(".", 0, start), text.rfind("\n", 0, start)) + 1
    e = min([i for i in (text.find(".", end), text.find("\n", end)) if i >= 0] or [len(text)])
    return bool(_change_re().search(text, s, e))


def _claims_for(corpus: Corpus, record: dict[str, Any], by_span: dict[tuple[str, int, int], EntityMention]
                ) -> list[RoleClaim]:
    texts = {d.id: d.text for d, _ in corpus.originals()}
    out = []
    for men in record.get("mentions", []):
        doc = men["doc"]
        m = by_span.get((doc, men["start"], men["end"]))
        if m is None or doc not in texts:
            continue
        text = texts[doc]
        found: list[tuple[str, int, int]] = []
        for role in m.roles:
            span = _span_of_role(text, m, role)
            if span:
                # "Former Dortmund coach": a status word may sit before a name inside the title
                pre = _status_prefix().search(text, max(0, span[0] - 60), span[0])
                if pre and span[0] <= m.start:
                    role = text[pre.start():span[0]] + role
                    span = (pre.start(), span[1])
                else:  # "Dortmund coach Niko Kovac": keep the qualifier in the quoted claim
                    q = _QUALIFIER.search(text, max(0, span[0] - 40), span[0]) \
                        or _GROUP_QUALIFIER.search(text, max(0, span[0] - 40), span[0])
                    if q and span[0] <= m.start:
                        span = (q.start(), span[1])
                found.append((role, *span))
        if not m.roles:
            fb = _fallback_role(text, m)
            if fb:
                found.append((fb[0], fb[1], m.end))
            ap = APPOSITION_ROLE.match(text, m.end)
            if ap:  # "said Rodnei Oliveira, the union's former president."
                found.append((ap.group(1), m.start, ap.end(1)))
        statuses: dict[tuple[str, ...], set[str]] = {}
        parsed = []
        for role, s, e in found:
            o = office(role)
            if o:
                statuses.setdefault(o[1], set()).add(o[0])
                parsed.append((role, s, e, o))
        for role, s, e, (status, off) in parsed:
            if len(statuses[off]) > 1:
                continue  # "former president, now president again": the mention itself is unclear
            if status == "former" and _change_told(text, s, e):
                continue  # "former chief executive X, who stepped down in August": a change, told
            out.append(RoleClaim(doc, s, e, text[s:e], role, status, off))
    return out


def role_contradictions(corpus: Corpus, lists: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    by_span = {(d.id, m.start, m.end): m for d, a in corpus.originals() for m in a.entities}
    out = []
    for record in lists.get("entities", []):
        claims = _claims_for(corpus, record, by_span)
        offices = dict.fromkeys(c.office for c in claims)
        for off in offices:
            former = [c for c in claims if c.office == off and c.status == "former"]
            sitting = [c for c in claims if c.office == off and c.status == "sitting"]
            if not former or not sitting:
                continue
            if not any(f.doc != s.doc for f in former for s in sitting):
                continue
            picked = _pick(former, sitting)
            name = record.get("name") or record["id"]
            out.append({
                "id": stable_id("c", "role", record["id"], " ".join(off)),
                "about": record["id"],
                "kind": "role",
                "claims": [{"doc": c.doc, "text": c.text, "start": c.start, "end": c.end} for c in picked],
                "explanation": f"{name} is called \"{former[0].role}\" in one article but "
                               f"\"{sitting[0].role}\" (still in office) in another.",
            })
    return out


def _pick(former: list[RoleClaim], sitting: list[RoleClaim]) -> list[RoleClaim]:
    """One claim per article and side, former first, at most MAX_CLAIMS, across two articles at least."""
    picked: list[RoleClaim] = []
    docs: set[tuple[str, str]] = set()
    for c in former + sitting:
        if (c.doc, c.status) not in docs and len(picked) < MAX_CLAIMS:
            picked.append(c)
            docs.add((c.doc, c.status))
    if len({c.doc for c in picked}) < 2:  # both sides in one article first: add the other article
        other = next(c for c in sitting + former if c.doc != picked[0].doc)
        picked[-1] = other
    return picked
