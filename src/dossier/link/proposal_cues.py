"""Stance cues in one sentence: "rejected", "has not yet accepted", "only if", "offered".

Cues come from ``data/proposal_stances.tsv``, tried in file order so that the longer, more
specific reading wins where two overlap. A negation just before an accepting cue flips it
("will not accept" rejects), and a condition clause ("only if", "in exchange for") turns the
nearest accepting, supporting or rejecting cue conditional.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dossier.link.proposal_lexicon import lexicon

NEGATION_WINDOW = 28  # characters before a cue searched for "will not", "never" ...
CONDITION_REACH = 160
NOUN_BEFORE = re.compile(r"(?:\b(?:a|an|the|its|their|his|her|our|these|those|such|any|no|of|with)|\b[a-z]+s and)\s+$",
                         re.IGNORECASE)  # a condition clause modifies a cue at most this far away


@dataclass(slots=True)
class Cue:
    stance: str
    start: int
    end: int
    text: str
    willing: bool = False  # "ready to", "willing to": an offer when a proposal verb follows
    from_event: bool = False  # read from an extracted event, not from a cue word
    back: bool = False  # a verdict on the proposal named before it ("the terms fall short")


WILLING = ("ready to", "willing to", "willingness to", "prepared to", "open to")


def find_cues(text: str, sent: tuple[int, int], skip: tuple[tuple[int, int], ...] = ()) -> list[Cue]:
    """Stance cues of the sentence ``text[sent[0]:sent[1]]``, in text order; none overlapping a
    span of ``skip`` (the words of a proposal verb: "only if M23 withdraws from Goma")."""
    s, e = sent
    sentence = text[s:e]
    lex = lexicon()
    if lex.any_cue is not None and not lex.any_cue.search(sentence):
        return []
    hits: list[tuple[int, int, int, str, str]] = []
    for rule in lex.cues:
        for m in rule.pattern.finditer(sentence):
            hits.append((m.start(), m.end(), rule.priority, rule.stance, rule.role))
    hits.sort(key=lambda h: (h[2], h[0]))
    taken: list[tuple[int, int, int, str, str]] = []
    for h in hits:  # earlier rows win overlaps
        if any(h[0] < t[1] and t[0] < h[1] for t in taken):
            continue
        taken.append(h)
    taken.sort()
    cues: list[Cue] = []
    modifiers: list[tuple[int, str]] = []
    for hs, he, _, stance, role in taken:
        if any(a < he + s and hs + s < b for a, b in skip):
            continue
        if role == "modifier":
            modifiers.append((hs, he))
            continue
        word_before = NOUN_BEFORE.search(sentence, 0, hs)
        if word_before and " " not in sentence[hs:he].strip():
            continue  # "the demands", "ultimatums and demands": a noun, not a verb with a subject
        before = sentence[max(0, hs - NEGATION_WINDOW):hs]
        if lex.negator.search(before):
            if stance in ("accepts", "supports"):
                stance = "rejects"
            elif stance == "rejects":
                stance = "undecided"  # "did not reject": not a yes either
            elif stance == "proposes":
                continue  # "did not propose" says nothing about anyone's stance
        word = sentence[hs:he]
        cues.append(Cue(stance, hs + s, he + s, word, word.lower().startswith(WILLING), back=role == "back"))
    for ms, me in modifiers:
        # "would consider the amnesty only if ...": a strict condition makes a maybe conditional too
        word = sentence[ms:me].lower()
        target = _nearest(cues, ms + s, undecided=word not in ("if", "until"))
        if target is not None and word == "until" and target.stance != "rejects":
            continue  # only "will not sign until ..." is a condition; "fought until dawn" is not
        if target is not None:
            target.stance = "conditional"
    return cues


def _nearest(cues: list[Cue], pos: int, undecided: bool = False) -> Cue | None:
    """The accepting/supporting/rejecting cue a condition clause at ``pos`` qualifies."""
    best: Cue | None = None
    best_d = CONDITION_REACH + 1
    stances = ("accepts", "supports", "rejects", "conditional") + (("undecided",) if undecided else ())
    for c in cues:
        if c.stance not in stances:
            continue
        if c.end <= pos and any(c.end <= x.start < pos for x in cues):
            continue  # "rejected the ransom but offered an amnesty if ...": the offer holds the condition
        d = pos - c.end if c.end <= pos else (c.start - pos) * 2  # prefer the cue before
        if 0 <= d < best_d:
            best, best_d = c, d
    return best
