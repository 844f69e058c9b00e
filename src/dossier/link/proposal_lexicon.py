"""The proposal lexicons, compiled once: kinds and their trigger words, stance cues, hedges.

All of it lives in ``data/proposal_*``: a new beat (a strike, a transfer saga, a budget fight)
needs new lines there, not new code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from dossier.link.proposal_words import data_table, data_words

STANCES = ("proposes", "supports", "accepts", "conditional", "undecided", "rejects")


@dataclass(frozen=True, slots=True)
class KindRule:
    kind: str
    label: str
    cls: str  # specific | generic | verb
    priority: int  # lower wins when triggers share a phrase
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class CueRule:
    stance: str
    role: str  # cue | modifier | negator
    priority: int
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class ProposalLexicon:
    kinds: tuple[KindRule, ...]
    cues: tuple[CueRule, ...]
    event_stances: dict[str, tuple[str, bool]]  # PLOVER type -> (stance, needs hypothetical)
    hedges: frozenset[str]
    np_stops: frozenset[str]
    determiners: dict[str, str]  # word -> definite | indefinite
    postmods: dict[str, str]  # preposition -> content | participants | place
    time_words: frozenset[str]  # a tail that starts with one of these is a date, not the proposal
    partitives: frozenset[str]  # "a round of talks": read back through "of" after these
    reference_words: frozenset[str]  # "the new offer": modifiers that still refer back
    not_anaphors: frozenset[str]  # "that demand": bare container nouns that never refer back
    negator: re.Pattern[str]
    # One alternation of all trigger (or cue) words: most sentences match none, and one search
    # rules them out before the per-rule patterns run (the link stage reads every sentence).
    any_kind: re.Pattern[str] | None = None
    any_cue: re.Pattern[str] | None = None


def _word_re(body: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


@lru_cache(maxsize=1)
def lexicon() -> ProposalLexicon:
    """Load and compile every proposal data file once per process."""
    kinds = []
    order: dict[str, int] = {}
    kind_bodies, cue_bodies = [], []
    for row in data_table("proposal_kinds.tsv"):
        kind, label, cls, body = row[0], row[1], row[2], row[3]
        kind_bodies.append(body)
        order.setdefault(kind, len(order))
        kinds.append(KindRule(kind, label, cls, order[kind], _word_re(body)))
    cues = []
    negator = None
    for i, row in enumerate(data_table("proposal_stances.tsv")):
        stance, role, body = row[0], row[1], row[2]
        if role == "negator":
            negator = re.compile(rf"(?<![\w-])(?:{body})\s*$", re.IGNORECASE)
            continue
        cues.append(CueRule(stance, role, i, _word_re(body)))
        cue_bodies.append(body)
    events = {}
    for row in data_table("proposal_event_stances.tsv"):
        events[row[0]] = (row[1], len(row) > 2 and row[2] == "hyp")
    assert negator is not None, "proposal_stances.tsv needs a negator row"
    return ProposalLexicon(
        kinds=tuple(kinds),
        cues=tuple(cues),
        event_stances=events,
        hedges=data_words("proposal_hedges.txt"),
        np_stops=data_words("proposal_np_stops.txt"),
        determiners={r[0].lower(): r[1] for r in data_table("proposal_determiners.txt")},
        postmods={r[0].lower(): r[1] for r in data_table("proposal_postmod.txt")},
        negator=negator,
        time_words=data_words("proposal_time_words.txt"),
        partitives=data_words("proposal_partitives.txt"),
        reference_words=data_words("proposal_reference_words.txt"),
        not_anaphors=data_words("proposal_not_anaphors.txt"),
        any_kind=_word_re("|".join(f"(?:{b})" for b in kind_bodies)),
        any_cue=_word_re("|".join(f"(?:{b})" for b in cue_bodies)),
    )
