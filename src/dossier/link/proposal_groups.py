"""Group nouns tied to a named party: "the union" is Sindestiva once the article said so.

Learnt from the text, never from a list of names: an apposition ("the dockworkers' union,
Sindestiva," / "Sindestiva, the dockworkers' union,"), a name with its descriptor before or after
it ("rebel alliance CSP", "the M23 rebel group", "Mali's government", "the Colombian government")
or a self-designation ("the group, which calls itself the Creek Defence Force"). Each tie is kept
with its position, so "the union" means the union named most recently before it; ties learnt in
earlier articles hold in later ones ("the union says" in a live blog that never names it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from dossier.link.proposal_phrases import SentEntity
from dossier.link.proposal_words import data_table

GROUP_TYPES = frozenset({"ORG", "GPE", "NORP"})
FUNCTION_WORDS = (r"(?:in|on|at|of|to|for|with|by|from|and|or|but|as|has|have|had|is|was|were|are|will|would|said"
                  r"|says|told|the|a|an)")  # "France in opposition": no descriptor
DESCRIPTOR = r"(?:[\w’'-]+\s+){0,3}?"


@dataclass(frozen=True, slots=True)
class GroupWords:
    klass: dict[str, str]  # word -> class
    members: dict[str, tuple[str, ...]]  # class -> words
    alternation: str


@lru_cache(maxsize=1)
def group_words() -> GroupWords:
    klass: dict[str, str] = {}
    members: dict[str, list[str]] = {}
    for row in data_table("proposal_group_nouns.tsv"):
        for w in row[1].split(","):
            w = w.strip().lower()
            if w:
                klass.setdefault(w, row[0])
                members.setdefault(row[0], []).append(w)
    alt = "|".join(re.escape(w) for w in sorted(klass, key=len, reverse=True))
    return GroupWords(klass, {k: tuple(v) for k, v in members.items()}, alt)


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], ...]:
    g = group_words().alternation
    noun = rf"(?P<g>(?:{g}))(?:['’]s?)?"
    return (
        # before the name, with a comma: "The dockworkers' union, Sindestiva,"
        re.compile(rf"(?:^|\b(?:the|a|an|its|their)\s+)(?P<d>{DESCRIPTOR}){noun},\s*(?:the\s+)?$", re.IGNORECASE),
        # before the name: "rebel alliance CSP", "farmers' union FNSEA", "the group ... calls itself"
        re.compile(rf"\b(?P<d>{DESCRIPTOR}){noun}(?:,?\s+[^.;]{{0,60}}?\b(?:(?:calls?|calling) (?:itself|themselves)"
                   rf"|known as)|\s+)\s*(?:the\s+)?$", re.IGNORECASE),
    )


@lru_cache(maxsize=1)
def _after_patterns() -> tuple[re.Pattern[str], ...]:
    g = group_words().alternation
    return (
        # "the M23 rebel group", "Mali's government", "Colombian government"
        re.compile(rf"(?:['’]s)?\s+(?:(?!{FUNCTION_WORDS}\b)(?P<d>[a-z][\w-]*)\s+)?(?P<g>{g})\b"),
        # "Sindestiva, the dockworkers' union,"
        re.compile(rf",\s+(?:the|a|an)\s+(?P<d>{DESCRIPTOR})(?P<g>{g})\b", re.IGNORECASE),
    )


@dataclass
class GroupTies:
    """Ties of group words to entity ids: per document with positions, plus earlier articles'."""

    local: list[tuple[int, str, str]] = field(default_factory=list)  # (position, word, entity id)
    earlier: dict[str, str] = field(default_factory=dict)

    def resolve(self, word: str, pos: int) -> str | None:
        """The party "the <word>" stands for at ``pos``, or None."""
        word = word.lower()
        gw = group_words()
        if word not in gw.klass:
            return None
        words = (word, *[w for w in gw.members[gw.klass[word]] if w != word])
        for tie_word in words:
            found = [eid for p, w, eid in self.local if w == tie_word and p <= pos]
            if found:
                return found[-1]
            if tie_word in self.earlier:
                return self.earlier[tie_word]
        for tie_word in words:  # "Militants ... have demanded ...; the group, which calls itself X"
            found = [eid for p, w, eid in self.local if w == tie_word]
            if found:
                return found[0]
        return None


def _words(descriptor: str | None, group: str) -> list[str]:
    """The group word and any class word in its descriptor ("dockworkers' union" gives both)."""
    gw = group_words()
    out = [group.lower()]
    for w in (descriptor or "").split():
        w = re.sub(r"['’]s?$", "", w.lower())
        if w in gw.klass and w not in out:
            out.append(w)
            if not w.endswith("s") and w + "s" in gw.klass:
                out.append(w + "s")  # "rebel alliance" ties "the rebels" too
    if not out[0].endswith("s") and out[0] + "s" in gw.klass:
        out.append(out[0] + "s")
    return out


def learn_ties(text: str, ents: list[SentEntity], nations: dict[str, str]) -> list[tuple[int, str, str]]:
    """(position, word, entity id) for each group word the document ties to a name."""
    out: list[tuple[int, str, str]] = []
    before_pats = _patterns()
    after_pats = _after_patterns()
    for e in ents:
        if e.type not in GROUP_TYPES or not e.id:
            continue
        eid = nations.get(e.id, e.id)
        line_start = max(text.rfind("\n", 0, e.start), text.rfind(".", 0, e.start)) + 1
        before = text[max(line_start, e.start - 90):e.start]
        for pat in before_pats:
            m = pat.search(before)
            if m:
                out += [(e.start, w, eid) for w in _words(m.group("d"), m.group("g"))]
                break
        after = text[e.end:e.end + 60]
        for pat in after_pats:
            m = pat.match(after)
            if m:
                out += [(e.start, w, eid) for w in _words(m.group("d"), m.group("g"))]
                break
    out.sort()
    return out
