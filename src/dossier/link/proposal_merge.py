"""When two proposal mentions are the same proposal.

Same kind, and nothing that tells them apart: different numbers ("30-day" vs "three-day"),
ordinals ("second meeting"), places, participants ("Trump-Putin summit" vs "Zelensky-Putin
meeting") or owners ("Russia's memorandum" vs "Ukraine's memorandum"). Container nouns ("deal",
"offer") also need similar wording (rapidfuzz) or a shared number or owner, since "a minerals
deal" and "a trade deal" share nothing but the head.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz

from dossier.link.proposal_phrases import Phrase

GENERIC_SIMILAR = 80


@dataclass
class Proposal:
    kind: str
    cls: str
    first: Phrase
    proposer: str | None = None
    proposer_evidence: tuple[str, int, int] | None = None  # doc, sentence start, end
    numbers: set[str] = field(default_factory=set)
    ordinals: set[str] = field(default_factory=set)
    participants: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    phrases: list[Phrase] = field(default_factory=list)
    stances: list[dict] = field(default_factory=list)
    cued: bool = False
    seq: float = 0  # when it was last mentioned (sentence, then place in it): the most recent wins ties

    @property
    def label(self) -> str:
        return " ".join(self.first.label_words + self.first.tail_words)

    def add(self, ph: Phrase, seq: float) -> None:
        self.phrases.append(ph)
        self.numbers |= ph.numbers
        self.ordinals |= ph.ordinals
        self.participants |= ph.participants
        self.places |= ph.places
        if self.first.bare and not ph.bare:
            self.first = ph  # a fuller description names it better
        self.seq = seq + min(ph.start - ph.sent[0], 99_999) / 100_000  # later in the sentence is more recent


def same_party(a: str, b: str) -> bool:
    return a == b


def _clash(a: set[str] | frozenset[str], b: set[str] | frozenset[str]) -> bool:
    return bool(a) and bool(b) and not (a & b)


def compatible(ph: Phrase, p: Proposal, owner: str | None) -> bool:
    """Whether ``ph`` (whose proposer, if known, is ``owner``) may be a mention of ``p``; a
    container noun with a number ("the 5% offer") may name a proposal of any kind with it."""
    if ph.kind != p.kind and not (ph.cls == "generic" and ph.numbers & p.numbers):
        return False
    if _clash(ph.numbers, p.numbers) or _clash(ph.ordinals, p.ordinals) or _clash(ph.places, p.places):
        return False
    meeting = ph.kind in ("meeting", "talks")  # a meeting's proposer is one of its sides
    mine = set(ph.participants) | ({owner} if owner and meeting else set())
    theirs = p.participants | ({p.proposer} if p.proposer and meeting else set())
    if len(mine) >= 2 and len(theirs) >= 2 and not (mine <= theirs or theirs <= mine):
        return False
    if owner and p.proposer and not same_party(owner, p.proposer):
        shared_numbers = bool(ph.numbers & p.numbers)
        same_meeting = meeting and len(mine) >= 2 and mine == theirs
        if not (shared_numbers or same_meeting):
            return False
    return True


def similar(ph: Phrase, p: Proposal, owner: str | None) -> float:
    """How alike the wording is (0-100); container nouns need more than the kind to merge."""
    score = fuzz.token_set_ratio(" ".join(ph.label_words + ph.tail_words).lower(), p.label.lower())
    if ph.cls == "generic" and p.cls == "generic":
        if ph.numbers & p.numbers or (owner and p.proposer and same_party(owner, p.proposer)):
            return max(score, GENERIC_SIMILAR)
        return score if score >= GENERIC_SIMILAR else -1
    return score


def best_home(ph: Phrase, candidates: list[Proposal], owner: str | None) -> Proposal | None:
    """The compatible proposal with the most similar wording (most recent on ties)."""
    best: Proposal | None = None
    best_key = (-1.0, -1)
    for p in candidates:
        if not compatible(ph, p, owner):
            continue
        score = similar(ph, p, owner)
        if score < 0:
            continue
        key = (score, p.seq)
        if key > best_key:
            best, best_key = p, key
    return best
