"""Proposal phrases in one sentence: "a 30-day interim ceasefire", "the truce", "to meet Putin".

A trigger word from ``data/proposal_kinds.tsv`` is grown into its noun phrase by reading back
over modifiers (numbers, adjectives, names, a possessive or determiner) and forward over a short
prepositional tail ("between X and Y", "of 1,000 prisoners", "in Istanbul"). The phrase carries
what later decides whether two mentions are the same proposal: kind, numbers, participants,
places and an owner ("Russia's memorandum", "the Turkish proposal").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dossier.link.proposal_lexicon import KindRule, lexicon
from dossier.link.proposal_words import POSSESSIVE_RE, QUOTE_CHARS, Token, number_keys, tokens

MAX_PREMODS = 4
# After these a word is a verb ("to facilitate", "would hold", "they want"), never a modifier.
VERB_BEFORE = frozenset({"to", "would", "will", "could", "can", "must", "should", "may", "might", "shall",
                         "he", "she", "they", "we", "i", "who", "which", "did", "does", "do"})
MAX_TAIL = 6
PARTY_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP"})
PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})


@dataclass(slots=True)
class SentEntity:
    """An entity mention of the sentence with its dossier id (None when it did not resolve)."""

    start: int
    end: int
    text: str
    type: str
    id: str | None


@dataclass
class Phrase:
    doc: str
    start: int
    end: int
    text: str
    kind: str
    cls: str  # specific | generic | verb
    priority: int
    head_start: int
    head_end: int
    label_words: list[str]  # modifiers + head as written, without determiner and owner
    tail_words: list[str]  # the prepositional tail as written
    numbers: frozenset[str]
    ordinals: frozenset[str]
    participants: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    owner: str | None = None  # entity id of a possessive or national modifier
    definite: bool = False
    hedged: bool = False  # "a possible summit": on the table by its wording alone
    sent: tuple[int, int] = (0, 0)

    @property
    def bare(self) -> bool:
        """Only a determiner and the head noun ("the offer", "the new offer"): a reference back,
        not a new description."""
        if self.tail_words or self.numbers or self.ordinals:
            return False
        refs = lexicon().reference_words
        return all(w.lower() in refs for w in self.label_words[:-1])


def _entity_at(ents: list[SentEntity], tok: Token) -> SentEntity | None:
    for e in ents:
        if e.start <= tok.start < e.end or (tok.start <= e.start < tok.end):
            return e
    return None


def _matches_cue(word: str) -> bool:
    lex = lexicon()
    return any(r.pattern.fullmatch(word) for r in lex.cues if r.role == "cue")


def _grow_back(toks: list[Token], i0: int, ents: list[SentEntity], kind: str, ph: Phrase,
               generic: bool = False) -> int:
    """Read modifiers back from token ``i0`` (the head's first token); returns the phrase's first index."""
    lex = lexicon()
    first = i0
    j = i0 - 1
    mods = 0
    while j >= 0 and mods < MAX_PREMODS:
        tok = toks[j]
        low = tok.low
        if tok.text in QUOTE_CHARS:
            j -= 1
            continue
        if tok.text == "-" and j > 0 and toks[j - 1].end == tok.start and tok.end == toks[j + 1].start:
            j -= 1
            continue
        ent = _entity_at(ents, tok)
        if ent is not None and ent.type in PARTY_TYPES | PLACE_TYPES:
            # Take the whole name, then decide what it is to the proposal.
            while j > 0 and toks[j - 1].end > ent.start:
                j -= 1
            first = j
            possessive = bool(POSSESSIVE_RE.search(toks[j:i0][-1].text)) or any(
                t.text in {"'s", "’s"} for t in toks[j:i0])
            if ent.id and "-" in ent.text.strip("-") and not possessive and ent.type != "PERSON":
                ph.participants.add(ent.id)  # "the EU-Mercosur agreement": its two sides, not its author
            elif ent.id:
                # Whose is it? A possessive always names the owner; "the EU plan", "a Russian
                # proposal" too; "the Gaza ceasefire", "the Istanbul talks" name a place.
                if (possessive or generic) and ent.type in PARTY_TYPES:
                    ph.owner = ph.owner or ent.id  # "Russia's memorandum", "a US demand"
                elif ent.type in PLACE_TYPES and ent.type != "ORG":
                    ph.places.add(ent.id)
                elif kind in ("meeting", "talks") and ent.type == "PERSON":
                    ph.participants.add(ent.id)
                elif ph.owner is None:
                    ph.owner = ent.id
            if possessive:
                break
            mods += 1
            j -= 1
            continue
        if low == "of" and j > 0 and toks[j - 1].low in lex.partitives:
            ph.label_words[:0] = [toks[j - 1].text, tok.text]
            first = j - 1
            j -= 2
            continue
        if low in lex.determiners:
            first = j
            ph.definite = lex.determiners[low] == "definite"
            break
        if POSSESSIVE_RE.search(tok.text) and tok.low not in ("its", "it's"):
            first = j  # an unrecognised owner ("the club's"): part of the phrase, not of the label
            ph.definite = True  # "the bishop's plan" points at a plan already told
            break
        if low in lex.np_stops or not tok.is_word or low.endswith("ly"):
            break
        prev = toks[j - 1].low if j > 0 else ""
        if prev in VERB_BEFORE:
            break  # "to facilitate dialogue", "they want talks": the word is a verb, not a modifier
        adjectival = prev in lex.determiners
        if (_matches_cue(tok.text) or (low.endswith(("ed", "ing")) and "-" not in low)) and not adjectival:
            break
        if low in lex.hedges:
            ph.hedged = True
        ph.label_words.insert(0, tok.text)
        first = j
        mods += 1
        j -= 1
    return first


def _grow_tail(toks: list[Token], k: int, ents: list[SentEntity], ph: Phrase) -> int:
    """Read a short prepositional tail from token ``k``; returns the index after the phrase."""
    lex = lexicon()
    if k < len(toks) and toks[k].text in QUOTE_CHARS and any(
            t.text in QUOTE_CHARS and t.start >= toks[max(0, k - MAX_PREMODS - 2)].start for t in toks[max(0, k - MAX_PREMODS - 2):k]):
        k += 1  # the closing mark of a quoted head: its “memorandum”
    end = k
    chains = 0
    while k < len(toks) and chains < 2 and toks[k].low in lex.postmods:
        role = lex.postmods[toks[k].low]
        nxt = [t for t in toks[k + 1:k + 3] if t.low not in lex.determiners]
        if nxt and (nxt[0].low in lex.time_words or nxt[0].text[0].isdigit() and len(nxt[0].text) == 4):
            break  # "on Tuesday", "in 2024": when, not what
        if role in ("place", "owner") and nxt and not (nxt[0].text[0].isupper() or _entity_at(ents, nxt[0])):
            break  # "in a statement", "by a vote of seven": not where, not whose
        taken = 0
        m = k + 1
        while m < len(toks) and taken < MAX_TAIL:
            tok = toks[m]
            ent = _entity_at(ents, tok)
            if ent is None:
                if not tok.is_word and tok.text != "-":
                    break
                if role == "participants" and (tok.low == "and" or (
                        tok.low in lex.determiners and toks[m - 1].low in ("and", "between", "with"))):
                    m += 1
                    continue
                if taken and (tok.low in lex.np_stops or tok.low in lex.time_words):
                    break
                if _matches_cue(tok.text) or tok.low in {"to", "that", "which", "who"}:
                    break
            else:
                if ent.id:
                    if role == "owner" \
                            and all(t.low in lex.determiners for t in toks[k + 1:m]):
                        ph.owner = ph.owner or ent.id
                    elif role == "place" and ent.type in PLACE_TYPES:
                        ph.places.add(ent.id)
                    elif role != "place" and ent.type in PARTY_TYPES:
                        ph.participants.add(ent.id)
                while m + 1 < len(toks) and toks[m + 1].start < ent.end:
                    m += 1
            taken += 1
            m += 1
        if not taken:
            break
        while m > k + 1 and toks[m - 1].low in lex.np_stops:
            m -= 1  # no dangling "and" or "the"
        ph.tail_words.extend(t.text for t in toks[k:m])
        end = m
        k = m
        chains += 1
    return end


def _build(rule: KindRule, ms: int, me: int, toks: list[Token], ents: list[SentEntity], doc_id: str,
           text: str, base: int, sent: tuple[int, int]) -> Phrase | None:
    i0 = next((i for i, t in enumerate(toks) if t.end > ms), None)
    i1 = next((i for i in range(len(toks) - 1, -1, -1) if toks[i].start < me), None)
    if i0 is None or i1 is None or i1 < i0:
        return None
    ph = Phrase(doc_id, 0, 0, "", rule.kind, rule.cls, rule.priority, toks[i0].start, toks[i1].end,
                [t.text for t in toks[i0:i1 + 1]], [], frozenset(), frozenset(), sent=sent)
    if rule.cls == "verb":
        first = i0
        for t in toks[i0:i1 + 1]:
            e = _entity_at(ents, t)
            if e and e.id and e.type in PARTY_TYPES:
                ph.participants.add(e.id)
        # The verb's object: names right after it ("to meet Putin", "withdraw from Kherson").
        last = _grow_tail_verb(toks, i1 + 1, ents, ph)
    else:
        first = _grow_back(toks, i0, ents, rule.kind, ph, rule.cls == "generic")
        last = _grow_tail(toks, i1 + 1, ents, ph)
    if rule.cls == "generic" and first == i0:
        return None  # "they offer", "plans to": a bare container noun without determiner is a verb
    ph.start = toks[first].start
    ph.end = toks[last - 1].end
    ph.text = text[ph.start - base:ph.end - base]
    nums, ords = number_keys(ph.label_words + ph.tail_words)
    ph.numbers, ph.ordinals = nums, ords
    lex = lexicon()
    # "a possible summit", "the prospect of talks", "calls for a truce": a hedge right before it
    before = [t.low for t in toks[max(0, first - 2):first]]
    if (before and before[-1] in lex.hedges) or (len(before) == 2 and before[1] in ("of", "for")
                                                 and before[0] in lex.hedges) \
            or any(w.lower() in lex.hedges for w in ph.label_words):
        ph.hedged = True
    return ph


def _grow_tail_verb(toks: list[Token], k: int, ents: list[SentEntity], ph: Phrase) -> int:
    """Objects of a verb trigger: up to a few words, stopping at punctuation or a clause word."""
    lex = lexicon()
    end = k
    m = k
    taken = 0
    names_only = ph.kind in ("meeting", "talks")  # "to meet Putin": the object is the other side
    while m < len(toks) and taken < MAX_TAIL:
        tok = toks[m]
        ent = _entity_at(ents, tok)
        if names_only and ent is None and tok.low not in {"with", "and", "the"}:
            break
        if ent is not None:
            if ent.id:
                (ph.places if ent.type in ("LOC", "FAC") else ph.participants).add(ent.id)
            while m + 1 < len(toks) and toks[m + 1].start < ent.end:
                m += 1
            m += 1
            end = m
            taken += 1
            continue
        if not tok.is_word or tok.low in {"to", "that", "which", "who", "but", "if", "as"}:
            break
        if _matches_cue(tok.text) or (tok.low in lex.np_stops and tok.low not in lex.postmods
                                       and tok.low not in lex.determiners and tok.low != "and"):
            break
        m += 1
        taken += 1
        if tok.low not in lex.determiners and tok.low not in lex.postmods and tok.low != "and":
            end = m
    ph.tail_words = [t.text for t in toks[k:end]]
    return end


def find_phrases(doc_id: str, text: str, sent: tuple[int, int], ents: list[SentEntity],
                 extra: tuple[KindRule, ...] = ()) -> list[Phrase]:
    """Proposal phrases of one sentence (``text`` is the whole document text); ``extra`` holds
    triggers learnt from the corpus so far."""
    s, e = sent
    sentence = text[s:e]
    lex = lexicon()
    rules = lex.kinds if lex.any_kind is None or lex.any_kind.search(sentence) else ()
    if not rules and not extra:
        return []
    hits: list[tuple[int, int, KindRule]] = []
    for rule in rules + extra:
        for m in rule.pattern.finditer(sentence):
            hits.append((m.start() + s, m.end() + s, rule))
    if not hits:
        return []
    # A trigger inside a longer one ("ceasefire" in "cessation of hostilities") is the same words.
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0]), h[2].priority))
    kept: list[tuple[int, int, KindRule]] = []
    for h in hits:
        if any(k[0] <= h[0] and h[1] <= k[1] for k in kept):
            continue
        kept.append(h)
    toks = tokens(sentence, s)
    phrases = [p for h in kept if (p := _build(h[2], h[0], h[1], toks, ents, doc_id, text, 0, sent))]
    return _merge_overlaps(phrases, text)


def _merge_overlaps(phrases: list[Phrase], text: str) -> list[Phrase]:
    """Triggers sharing one phrase become one: the head's tail keeps the head ("memorandum of
    ceasefire terms"), a modifier beats a container head ("ceasefire agreement")."""
    phrases.sort(key=lambda p: p.start)
    out: list[Phrase] = []
    for p in phrases:
        if out and p.start < out[-1].end:
            q = out[-1]
            if _in_tail(q, p) or _in_tail(p, q):
                head, inner = (q, p) if _in_tail(q, p) else (p, q)
                # the head names the thing; but "a proposal for a three-day truce" is the truce
                winner, loser = (inner, head) if head.cls == "generic" and inner.cls != "generic" else (head, inner)
                if winner is inner:  # named by the whole phrase, up to the end of the inner trigger
                    winner.label_words = head.label_words
                    tail = tokens(text[head.head_end:inner.head_end], head.head_end)
                    winner.tail_words = [t.text for t in tail if t.is_word]
            else:
                container, modifier = (p, q) if p.head_start > q.head_start else (q, p)
                winner, loser = (modifier, container) if _outranks(modifier, container) else (container, modifier)
                if winner is modifier:  # "ceasefire agreement": keep the container's words in the label
                    winner.label_words = winner.label_words + [w for w in container.label_words
                                                               if w not in winner.label_words]
                    winner.tail_words = container.tail_words
                    winner.head_end = container.head_end
            winner.start = min(p.start, q.start)
            winner.end = max(p.end, q.end)
            winner.text = text[winner.start:winner.end]
            winner.numbers |= loser.numbers
            winner.ordinals |= loser.ordinals
            winner.participants |= loser.participants
            winner.places |= loser.places
            winner.owner = winner.owner or loser.owner
            winner.definite = winner.definite or loser.definite
            winner.hedged = winner.hedged or loser.hedged
            out[-1] = winner
        else:
            out.append(p)
    return out


def _in_tail(a: Phrase, b: Phrase) -> bool:
    """Whether ``b``'s head lies in ``a``'s prepositional tail."""
    return bool(a.tail_words) and a.head_end <= b.head_start < a.end


def _outranks(a: Phrase, b: Phrase) -> bool:
    return (a.cls != "generic", -a.priority) > (b.cls != "generic", -b.priority)
