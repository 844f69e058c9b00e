"""Proposals of kinds no lexicon lists: "Witkoff proposed a regional consortium".

A strong proposing verb (data/proposal_open_cues.txt) followed by a noun phrase that names no
known kind still puts something on the table. Its head noun becomes a trigger for the rest of
the corpus, so "Israel opposed the consortium" in a later article finds it again.
"""

from __future__ import annotations

import re
from functools import lru_cache

from dossier.link.proposal_cues import Cue
from dossier.link.proposal_lexicon import KindRule, lexicon
from dossier.link.proposal_phrases import Phrase, SentEntity
from dossier.link.proposal_words import data_lines, number_keys, tokens

MAX_WORDS = 4
OPEN_PRIORITY = 1000  # after every listed kind


@lru_cache(maxsize=1)
def open_cue_re() -> re.Pattern[str]:
    body = "|".join(data_lines("proposal_open_cues.txt"))
    return re.compile(rf"(?:{body})", re.IGNORECASE)


def open_phrase(doc_id: str, text: str, cue: Cue, sent: tuple[int, int], ents: list[SentEntity]
                ) -> Phrase | None:
    """The noun phrase right after a strong proposing cue ("a regional consortium"), or None."""
    if not open_cue_re().fullmatch(cue.text):
        return None
    lex = lexicon()
    toks = tokens(text[cue.end:sent[1]], cue.end)
    if not toks or toks[0].low not in lex.determiners:
        return None
    words = []
    for tok in toks[1:MAX_WORDS + 2]:
        if not tok.is_word or tok.low in lex.np_stops or tok.low in ("that", "to", "which", "who"):
            break
        if any(e.start <= tok.start < e.end for e in ents):
            break
        words.append(tok)
    if not words or not words[-1].text.isalpha() or words[-1].text[0].isupper():
        return None
    head = words[-1]
    nums, ords = number_keys([w.text for w in words])
    return Phrase(doc_id, toks[0].start, head.end, text[toks[0].start:head.end], f"other:{head.low}", "specific",
                  OPEN_PRIORITY, head.start, head.end, [w.text for w in words], [], nums, ords,
                  definite=lex.determiners[toks[0].low] == "definite", sent=sent)


def head_rule(ph: Phrase) -> KindRule:
    """A trigger for a new kind's head noun (singular or plural) in later sentences."""
    head = ph.kind.split(":", 1)[1]
    return KindRule(ph.kind, head, "specific", OPEN_PRIORITY,
                    re.compile(rf"(?<![\w-]){re.escape(head)}s?(?![\w-])", re.IGNORECASE))


def learnt_rule(ph: Phrase) -> KindRule | None:
    """The head noun of a new proposal as a trigger of its kind for later sentences: after "an
    exchange of prisoners", "the exchange" refers back to it."""
    if ph.cls in ("verb", "generic") or ph.kind.startswith("other:"):
        return None
    words = [w for w in ph.label_words if w.isalpha()]
    if "of" in [w.lower() for w in words]:
        words = words[:[w.lower() for w in words].index("of")]
    if not words:
        return None
    head = words[-1].lower()
    if head in lexicon().np_stops or len(head) < 4:
        return None
    return KindRule(ph.kind, head, "specific", OPEN_PRIORITY,
                    re.compile(rf"(?<![\w-])(?<!in ){re.escape(head)}s?(?![\w-])", re.IGNORECASE))
