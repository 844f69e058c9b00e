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
from dossier.link.proposal_words import Token, data_lines, number_keys, tokens

MAX_WORDS = 4
OPEN_PRIORITY = 1000  # after every listed kind


@lru_cache(maxsize=1)
def open_cue_re() -> re.Pattern[str]:
    body = "|".join(data_lines("proposal_open_cues.txt"))
    return re.compile(rf"(?:{body})", re.IGNORECASE)


def open_phrase(doc_id: str, text: str, cue: Cue, sent: tuple[int, int], ents: list[SentEntity]
                ) -> Phrase | None:
    """The noun phrase right after a strong proposing cue ("a regional consortium"), or None."""
    strong = bool(open_cue_re().fullmatch(cue.text))
    if not strong and not OFFER_CUE.fullmatch(cue.text) and not THAT_CUE.fullmatch(cue.text):
        return None
    lex = lexicon()
    toks = tokens(text[cue.end:sent[1]], cue.end)
    toks = _skip_adverbial(toks, ents)
    if toks and AMOUNT.fullmatch(toks[0].text):
        return _amount_phrase(doc_id, text, toks, sent)  # "has offered $300 million to settle"
    if strong and toks and toks[0].low.endswith("ing") and len(toks[0].low) > 5 and toks[0].text.isalpha():
        return _gerund_phrase(doc_id, text, toks, sent, ents)  # "proposed capping salaries at 48%"
    if toks and toks[0].low == "that" and THAT_CUE.fullmatch(cue.text):
        return _that_phrase(doc_id, text, toks, sent, ents)  # "demanded that Armenia change its constitution"
    offer = strong or bool(OFFER_CUE.fullmatch(cue.text))
    if offer and len(toks) > 2 and toks[0].low == "to" and toks[1].text.isalpha() \
            and toks[1].low not in lex.determiners:
        toks = toks[2:]  # "offered to send monitors": what is sent is on the table
        if toks and lex.determiners.get(toks[0].low) == "definite":
            return None  # "offering to host the signing ceremony": a service, not a proposal
        if toks and toks[0].low not in lex.determiners:
            toks = [Token(toks[0].start, toks[0].start, "")] + toks  # a bare plural: "send monitors"
    elif not strong:
        return None
    if not toks or (toks[0].text and toks[0].low not in lex.determiners):
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
    start = toks[0].start if toks[0].text else words[0].start
    return Phrase(doc_id, start, head.end, text[start:head.end], f"other:{head.low}", "specific",
                  OPEN_PRIORITY, head.start, head.end, [w.text for w in words], [], nums, ords,
                  definite=lex.determiners.get(toks[0].low) == "definite", sent=sent)


THAT_CUE = re.compile(r"(?:demand|insist|propos|suggest|urg)\w*", re.IGNORECASE)
OFFER_CUE = re.compile(r"offer(?:s|ed|ing)?", re.IGNORECASE)
AMOUNT = re.compile(r"[£$€¥]\d[\d,.]*\w{0,3}|\d[\d,.]*\s?%")
SCALE = frozenset({"million", "billion", "trillion", "bn", "m", "k"})
ADVERBIAL = re.compile(r"(?:on|last|this|next|earlier|later)$|today|yesterday|tonight|again|also|now|formally|publicly",
                       re.IGNORECASE)
WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                      "week", "month", "year", "weekend"})


def _skip_adverbial(toks: list[Token], ents: list[SentEntity]) -> list[Token]:
    """Past "on Tuesday", "again" and a recipient's name ("offered the Green Left a coalition")."""
    i = 0
    while i < len(toks):
        low = toks[i].low
        if low in ("on", "last", "this", "next") and i + 1 < len(toks) and toks[i + 1].low in WEEKDAYS:
            i += 2
        elif ADVERBIAL.fullmatch(low) and low not in ("on", "last", "this", "next", "earlier", "later"):
            i += 1
        else:
            break
    ent = next((e for e in ents if e.start <= toks[i].start < e.end), None) if i < len(toks) else None
    j = i
    if ent is None and i < len(toks) and toks[i].low == "the":
        ent = next((e for e in ents if i + 1 < len(toks) and e.start <= toks[i + 1].start < e.end), None)
        j = i + 1
    if ent is not None and ent.type in ("PERSON", "ORG", "GPE", "NORP"):
        k = j
        while k < len(toks) and toks[k].start < ent.end:
            k += 1
        if k < len(toks) and toks[k].low in lexicon().determiners:
            return toks[k:]
    return toks[i:]


def _amount_phrase(doc_id: str, text: str, toks: list[Token], sent: tuple[int, int]) -> Phrase:
    """An amount offered with no noun: "$300 million", "6%"; a reference later ("the offer") finds it."""
    end = 1
    if len(toks) > 1 and toks[1].low in SCALE:
        end = 2
    words = [t.text for t in toks[:end]]
    nums, ords = number_keys(words)
    first, last = toks[0], toks[end - 1]
    return Phrase(doc_id, first.start, last.end, text[first.start:last.end], "offer", "generic", OPEN_PRIORITY,
                  first.start, last.end, words, [], nums, ords, sent=sent)


def _gerund_phrase(doc_id: str, text: str, toks: list[Token], sent: tuple[int, int], ents: list[SentEntity]
                   ) -> Phrase | None:
    """ "capping player salaries": the proposal is named by the gerund's noun ("the cap" later)."""
    lex = lexicon()
    words = [toks[0]]
    for tok in toks[1:MAX_WORDS]:
        if not tok.is_word or tok.low in lex.np_stops or tok.low in ("that", "to", "which", "who") \
                or any(e.start <= tok.start < e.end for e in ents):
            break
        words.append(tok)
    noun = toks[0].low[:-3]
    if len(noun) > 3 and noun[-1] == noun[-2]:
        noun = noun[:-1]  # capping -> cap
    if len(noun) < 3 or noun in lex.np_stops:
        return None
    last = words[-1]
    return Phrase(doc_id, toks[0].start, last.end, text[toks[0].start:last.end], f"other:{noun}", "specific",
                  OPEN_PRIORITY, toks[0].start, toks[0].end, [w.text for w in words], [], frozenset(), frozenset(),
                  sent=sent)


def head_rule(ph: Phrase) -> KindRule:
    """A trigger for a new kind's head noun (singular or plural) in later sentences."""
    head = ph.kind.split(":", 1)[1]
    return KindRule(ph.kind, head, "specific", OPEN_PRIORITY,
                    re.compile(rf"(?<![\w-]){re.escape(head)}(?:e?s)?(?![\w-])", re.IGNORECASE))


def learnt_rule(ph: Phrase) -> KindRule | None:
    """The head noun of a new proposal as a trigger of its kind for later sentences: after "an
    exchange of prisoners", "the exchange" refers back to it."""
    if ph.cls in ("verb", "generic") or ph.kind.startswith(("other:", "clause:")):
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


def _that_phrase(doc_id: str, text: str, toks: list[Token], sent: tuple[int, int], ents: list[SentEntity]
                 ) -> Phrase | None:
    """ "demanded that Armenia first change its constitution": the verb and its object (a
    possessive or article after a subject and a verb) name what is demanded."""
    lex = lexicon()
    for i in range(3, min(len(toks), 7)):
        if toks[i].low in lex.determiners and toks[i - 1].text.isalpha() and toks[i - 1].text.islower() \
                and toks[i - 1].low not in lex.np_stops:
            words = [toks[i - 1]]
            for tok in toks[i + 1:i + 1 + MAX_WORDS]:
                if not tok.is_word or tok.low in lex.np_stops or tok.low in ("that", "to", "which", "who") \
                        or any(e.start <= tok.start < e.end for e in ents):
                    break
                words.append(tok)
            if len(words) < 2 or not words[-1].text.isalpha():
                return None
            head = words[-1]
            # "clause:" kinds teach no trigger: "constitution" alone is no proposal elsewhere
            return Phrase(doc_id, words[0].start, head.end, text[words[0].start:head.end], f"clause:{head.low}",
                          "specific", OPEN_PRIORITY, head.start, head.end, [w.text for w in words], [],
                          frozenset(), frozenset(), sent=sent)
    return None
