"""Who takes a stance: the party behind a cue word, found without a parser.

In order: the actor of an extracted event whose trigger is the cue; the agent of a passive
("was rejected by Kyiv"); the speaker of a quote the cue sits in when the subject is "we"/"I";
the nearest named subject before the cue in its clause (names after a preposition are objects,
names inside a proposal phrase are its owners or participants), with "he"/"she"/"it"/"they"
read as the most recent fitting name. "Ukraine and the United States accepted" gives both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dossier.link.proposal_groups import GroupTies
from dossier.link.proposal_phrases import PARTY_TYPES, Phrase, SentEntity
from dossier.link.proposal_words import data_table, data_words
from dossier.records import EventMention, QuoteMention

PREPOSITIONS = data_words("proposal_prepositions.txt")
DETERMINERS = frozenset({"the", "a", "an"})
CLAUSE_BREAK = re.compile(r";|\bbut\b|\bwhile\b|\bwhereas\b|\balthough\b|\bhowever\b|\bmeanwhile\b",
                          re.IGNORECASE)
PASSIVE_BY = re.compile(r"^\W{0,2}(?:\w+\W+){0,3}?by\s+(?:the\s+)?(?:[a-z]+\s+){0,2}$")
# "the truce proposed by X", "put forward by mediator X" (a lowercase title before the name)
PARTICIPLE_BY = re.compile(r"^\s*(?:\w+ly\s+|(?:last|this|next|on) \w+\s+)?[Bb]y\s+(?:the\s+)?(?:[a-z]+,?\s+){0,3}$")
BE_BEFORE = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+|not\s+)?$", re.IGNORECASE)
PRONOUN_RE = re.compile(r"\b(he|she|it|they|we|i)\b", re.IGNORECASE)
SAID_AFTER = re.compile(r"^[^.;]*?[”\"’']\s*,?\s*(?:said|says|added|told|stated|wrote|insisted|declared)\s+(?:the\s+)?$"
                        r"|^[^.;]*?[”\"’']\s*,?\s*$", re.IGNORECASE)
COORDINATION = re.compile(r"^\s*(?:,|and|, and|as well as)\s*(?:the\s+)?$", re.IGNORECASE)
PRONOUN_TYPES = {"he": ("PERSON",), "she": ("PERSON",), "it": ("ORG", "GPE", "NORP"),
                 "they": ("ORG", "GPE", "NORP", "PERSON")}
LOOKBACK_SENTENCES = 3


@dataclass
class DocView:
    """One document as the party finder sees it: text, its resolved entities, quotes, events."""

    doc_id: str
    text: str
    entities: list[SentEntity]  # all of the document, in text order
    quotes: list[QuoteMention]
    events: list[EventMention]
    sentences: list[tuple[int, int]]
    speaker_ids: list[str | None]  # resolved speaker per quote
    event_actors: list[str | None]  # resolved actor per event
    ties: GroupTies = field(default_factory=GroupTies)  # "the union" -> the union named earlier


def _word_before(text: str, pos: int) -> str:
    m = re.search(r"(\w+)\W*$", text[max(0, pos - 30):pos])
    return m.group(1).lower() if m else ""


def _is_object(view: DocView, ent: SentEntity) -> bool:
    """A name right after a preposition ("with Putin", "to the Kremlin") is not a subject."""
    before = view.text[max(0, ent.start - 3):ent.start]
    if re.search(r"['’]s\s$", before):  # "in Nigeria's Bayelsa state": as the owner's name is
        owner = next((e for e in view.entities if 0 <= ent.start - e.end <= 3 and e is not ent), None)
        if owner is not None:
            return _is_object(view, owner)
    prev = _word_before(view.text, ent.start)
    if prev in DETERMINERS:
        m = re.search(r"(\w+)\W+\w+\W*$", view.text[max(0, ent.start - 40):ent.start])
        prev = m.group(1).lower() if m else ""
    return prev in PREPOSITIONS


def _in_phrases(ent: SentEntity, phrases: list[Phrase]) -> bool:
    return any(p.start <= ent.start and ent.end <= p.end for p in phrases)


def _coordinated(view: DocView, cands: list[SentEntity], idx: int) -> list[str]:
    """The subject and the names joined to it by "and" or commas before it."""
    out = [cands[idx].id] if cands[idx].id else []
    j = idx
    while j > 0:
        gap = view.text[cands[j - 1].end:cands[j].start]
        if not COORDINATION.match(gap) or not cands[j - 1].id:
            break
        out.insert(0, cands[j - 1].id)  # type: ignore[arg-type]
        j -= 1
    return list(dict.fromkeys(out))


def _recent(view: DocView, pos: int, types: tuple[str, ...], sent_start: int, phrases: list[Phrase]) -> str | None:
    """The most recent resolved name of the given types before ``pos`` (a pronoun's antecedent)."""
    floor = _lookback_floor(view, sent_start)
    for ent in reversed(view.entities):
        if ent.end > pos or ent.start < floor:
            continue
        if ent.type in types and ent.id and not _in_phrases(ent, phrases):
            return ent.id
    return None


def _lookback_floor(view: DocView, sent_start: int) -> int:
    starts = [s for s, _ in view.sentences]
    idx = max((i for i, s in enumerate(starts) if s <= sent_start), default=0)
    return starts[max(0, idx - LOOKBACK_SENTENCES)] if starts else 0


RELATIVE = re.compile(r",\s*(?:who|which|whose)\b[^,;]*,")  # ", who built Crestline into ...,"
NOMINAL_SUBJECT = re.compile(r"\s*[\"“]?(?:The|the|Its|Their) [a-z]+(?: [a-z]+)?\s+(?:said|says|has|have|had|is|are|was|were|would|will)\b")
SAID_ONLY = re.compile(r"\s*(?:also\s+)?(?:said|says|added|warned|insisted|argued)\b[^,;]*$", re.IGNORECASE)
NEW_CLAUSE = re.compile(r",\s*and\b|;")
UNNAMED_SUBJECT = re.compile(r"\b[Tt]he ([a-z]+)\s+(?:(?:has|have|had|would|will|also|then|now|\w+ly)\s+)*$")
NOMINAL_SAYS = re.compile(r"\b[Tt]he ([a-z]+)\s+(?:said|say|says|insisted|insists|warned|added|argued)\s+(?:that\s+)?$")
VERB_ONLY = re.compile(r"\s*(?:also\s+|then\s+|instead\s+|\w+ly\s+)?")  # "... but offered ...": no new subject
NOMINAL_RE = re.compile(r"\b[Tt]he ([a-z]+)\b|\b([A-Z][a-z]+s)\b")  # "the union", "Militants"


def _nominal(view: DocView, start: int, end: int, phrases: list[Phrase], plural: bool | None = None
             ) -> tuple[str, int] | None:
    """ "The council" for "Portland City Council" named earlier: the last word of a recent
    organisation's name, lowercased after "the", is that organisation; "the union" for the union
    the articles named (:mod:`proposal_groups`)."""
    found = None
    for m in NOMINAL_RE.finditer(view.text, start, end):
        if _word_before(view.text, m.start()) in PREPOSITIONS or any(p.start <= m.start() < p.end for p in phrases):
            continue
        word = m.group(1)
        if plural is not None and (m.group(1) or m.group(2)).lower().endswith("s") != plural:
            continue  # "it" is never "the rebels"
        if word is None:  # a bare capitalised plural stands for a party only when tied to one
            tied = view.ties.resolve(m.group(2), m.start())
            if tied:
                found = (tied, m.end())
            continue
        for ent in reversed(view.entities):
            if ent.end <= m.start() and ent.id and ent.type in ("ORG", "GPE") \
                    and ent.text.lower().split()[-1] == word and len(ent.text.split()) > 1:
                found = (ent.id, m.end())
                break
        else:
            tied = view.ties.resolve(word, m.start())
            if tied:
                found = (tied, m.end())
    return found


def _quote_at(view: DocView, pos: int) -> int | None:
    for i, q in enumerate(view.quotes):
        if q.start <= pos < q.end:
            return i
    return None


def _event_actor(view: DocView, start: int, end: int) -> str | None:
    for ev, actor in zip(view.events, view.event_actors, strict=True):
        if actor and ev.trigger and ev.trigger.start < end and start < ev.trigger.end:
            return actor
    return None


def parties_for(view: DocView, cue_start: int, cue_end: int, sent: tuple[int, int],
                phrases: list[Phrase]) -> list[str]:
    """Entity ids of the party (or coordinated parties) that takes the stance at the cue."""
    text = view.text
    # Passive: "... was rejected by Kyiv", "the truce proposed by Washington".
    passive = BE_BEFORE.search(text, max(sent[0], cue_start - 30), cue_start)
    for ent in view.entities:
        if cue_end <= ent.start <= cue_end + 60 and ent.end <= sent[1] and ent.id:
            if (PASSIVE_BY if passive else PARTICIPLE_BY).match(text[cue_end:ent.start]):
                return [person_named(view, ent)]
            break
    found = _subject(view, cue_start, cue_end, sent, phrases)
    if found:
        return found
    actor = _event_actor(view, cue_start, cue_end)
    return [actor] if actor else []


def _subject(view: DocView, cue_start: int, cue_end: int, sent: tuple[int, int], phrases: list[Phrase]
             ) -> list[str]:
    """The named subject before the cue, a pronoun's antecedent, or a quote's speaker."""
    text = view.text
    s = sent[0]
    coordinated_from = None
    for m in CLAUSE_BREAK.finditer(text, sent[0], cue_start):
        s = m.end()
        coordinated_from = m.group().lower() if m.group().lower() in ("but", "while") else None
    relatives = [(m.start(), m.end()) for m in RELATIVE.finditer(text, s, cue_start)]
    cands = [e for e in view.entities
             if s <= e.start and e.end <= cue_start and e.type in PARTY_TYPES
             and not _in_phrases(e, phrases) and not _is_object(view, e)
             and not any(a <= e.start < b for a, b in relatives)]
    if not cands and coordinated_from and (SAID_ONLY.match(text, s, cue_start)
                                           or VERB_ONLY.fullmatch(text, s, cue_start)):
        # "The CSP welcomed it but said any deal must ...": the verbs share the first subject
        cands = [e for e in view.entities
                 if sent[0] <= e.start and e.end <= s and e.type in PARTY_TYPES
                 and not _in_phrases(e, phrases) and not _is_object(view, e)][:1]
        cands = [SentEntity(e.start, e.end, e.text, e.type, person_named(view, e)) for e in cands]
    pron = None
    for m in PRONOUN_RE.finditer(text, s, cue_start):
        if _word_before(text, m.start()) not in PREPOSITIONS:
            pron = m
    qi = _quote_at(view, cue_start)
    unnamed = UNNAMED_SUBJECT.search(text, max(s, cue_start - 60), cue_start)
    if unnamed and (not cands or unnamed.start() > cands[-1].end) \
            and _word_before(text, unnamed.start()) not in PREPOSITIONS \
            and (pron is None or pron.start() < unnamed.start()):
        # "..., and the players backed the idea": the subject is a common noun; its party, if tied
        tied = view.ties.resolve(unnamed.group(1), unnamed.start())
        if tied:
            return [tied]
        if cands and NEW_CLAUSE.search(text, cands[-1].end, unnamed.start()):
            return []  # a clause of its own: not the name of the clause before
    if pron is not None and (not cands or pron.start() > cands[-1].end):
        word = pron.group(1).lower()
        says = NOMINAL_SAYS.search(text, max(s, pron.start() - 60), pron.start())
        if says and word in ("it", "they") and not (cands and cands[-1].end > says.start()):
            # "The players say they will accept": the pronoun is the common noun before "say"
            tied = view.ties.resolve(says.group(1), says.start())
            return [tied] if tied else []
        if not cands and word in ("it", "they") and NOMINAL_SUBJECT.match(text, sent[0]):
            # "The government said it would attend": the subject named by a common noun, never the
            # last name before it
            nominal = _nominal(view, sent[0], pron.start(), phrases)
            return [nominal[0]] if nominal else []
        if word in ("we", "i"):
            if qi is not None and view.speaker_ids[qi]:
                return [view.speaker_ids[qi]]  # type: ignore[list-item]
            return []
        if qi is not None and view.quotes[qi].kind == "indirect" and view.speaker_ids[qi] \
                and pron.start() - view.quotes[qi].start < 4 and word in ("he", "she"):
            return [view.speaker_ids[qi]]  # type: ignore[list-item]
        found = _recent(view, pron.start(), PRONOUN_TYPES[word], sent[0], phrases)
        if word in ("it", "they"):  # "The militants said ... They also demanded ...": the group, if later
            group = _nominal(view, _lookback_floor(view, sent[0]), pron.start(), phrases,
                             plural=word == "they")
            named_at = max((e.end for e in view.entities if e.id == found and e.end <= pron.start()), default=-1)
            if group is not None and group[1] > named_at:
                return [group[0]]
        return [found] if found else []
    nominal = _nominal(view, s, cue_start, phrases)
    if nominal is not None and (not cands or nominal[1] > cands[-1].end):
        return [nominal[0]]
    if cands:
        return _coordinated(view, cands, len(cands) - 1)
    if qi is not None and view.speaker_ids[qi]:
        return [view.speaker_ids[qi]]  # type: ignore[list-item]
    # A quote the extractor did not attribute: '"... unacceptable," Zelensky said.'
    for ent in view.entities:
        if cue_end <= ent.start < sent[1] and ent.id and ent.type in PARTY_TYPES \
                and SAID_AFTER.match(text[cue_end:ent.start]):
            return [ent.id]
    return []


TITLE_WORDS = frozenset(r[0].lower() for r in data_table("contradiction_titles.tsv") if r[1] == "head")
TITLE_GAP = re.compile(r"\s+(?:[A-Z][\w.-]*\s+){1,3}")


def person_named(view: DocView, ent: SentEntity) -> str:
    """The person a title names after an organisation ("Labour Minister Luiz Marinho" read as
    "Labour" + a person): the person takes the stance, not the office's organisation."""
    if ent.type == "PERSON" and ent.text.split()[-1].lower() not in TITLE_WORDS:
        return ent.id  # type: ignore[return-value]
    for e in view.entities:
        if e.start > ent.end and e.type == "PERSON" and e.id and e.start - ent.end <= 40:
            if TITLE_GAP.fullmatch(view.text, ent.end, e.start) or view.text[ent.end:e.start] == " ":
                return e.id
            break
        if e.start >= ent.end + 40:
            break
    return ent.id  # type: ignore[return-value]

