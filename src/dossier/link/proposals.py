"""Proposals on the table across all articles, and who stands where on each.

Articles are read in publication order, sentence by sentence, from what the per-document stage
left (sentences, entity mentions, quotes, events) plus the text, with precompiled lexicons:
no parser runs here. In each sentence:

1. proposal phrases are found (:mod:`proposal_phrases`) and stance cues (:mod:`proposal_cues`);
2. each cue is tied to the phrase it governs (the first one after it in its clause, else the
   nearest before, else "it"/"the plan" pointing back) and to its party (:mod:`proposal_parties`);
3. each phrase joins a proposal already mentioned in the article, or one from another article
   (:mod:`proposal_merge`), or opens a new one when something says it is on the table: a stance
   cue, an event of asking/agreeing/refusing, or a hedge ("a possible summit"). A phrase with
   none of these ("after last week's meeting") only joins a proposal that already exists.

The first party that proposes (or owns it: "Russia's memorandum") is the proposer; every cue
gives a stance with its sentence as evidence, in the order the articles tell them.
"""

from __future__ import annotations

import re
from typing import Any

from dossier.link.context import Corpus, EntityResolver, date_near
from dossier.link.ids import stable_id
from dossier.link.proposal_cues import Cue, find_cues
from dossier.link.proposal_groups import GroupTies, learn_ties
from dossier.link.proposal_lexicon import KindRule, lexicon
from dossier.link.proposal_merge import Proposal, best_home, same_party
from dossier.link.proposal_open import head_rule, learnt_rule, open_phrase
from dossier.link.proposal_parties import PREPOSITIONS, DocView, parties_for
from dossier.link.proposal_phrases import Phrase, SentEntity, find_phrases
from dossier.link.proposal_words import data_words, number_keys
from dossier.records import DocAnalysis, Document

OTHER_WORDS = data_words("proposal_other_words.txt")
CUE_REACH = 120  # characters from a cue to the phrase it governs
# After a cue, words that point back at the proposal last on the table ("rejected it", "has not
# yet accepted.", "welcomed the move").
ANAPHOR_RE = re.compile(r"^\s*(?:(?:it|this|that|them|these|those)\b|(?:the|this|that) (?:move|step|gesture|overture)\b"
                        r"|[\s,]*(?:so far|yet|either)?[\s,]*(?:[.!?;]|$|(?:but|while|though|although)\b))",
                        re.IGNORECASE)
CLAUSE_END = re.compile(r"[;:]|\bbut\b|\bwhile\b|\bwhereas\b", re.IGNORECASE)
MAX_LABEL_WORDS = 7
OBJECT_GAP_WORDS = 4  # words between a cue and its object phrase: "proposed on Monday a truce"
GAP_BREAK = re.compile(r"[;:]|,(?!\d)|\b(?:but|while|whereas|saying|which|who)\b", re.IGNORECASE)
# A cue with no object of its own points back: "..., which Kyiv rejected", "has not yet accepted."
NO_OBJECT = re.compile(r"\s*(?:\w+ly\s+)?(?:[.,;:!?\"”’)]|$|(?:by|but|and|while|within|after|because|as|saying|if|unless|"
                       r"only|provided|"
                       r"citing|arguing|calling|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b)",
                       re.IGNORECASE)
AS_CLAUSE = re.compile(r"(?:^|[,;(]\s*)as\s+(?:the\s+)?[\w'’ -]{0,40}?\s+(?:had|has|have|did)?\s*$", re.IGNORECASE)
PRONOUN_OBJECT = re.compile(r"\s*(?:it|them)\b", re.IGNORECASE)  # not "that": "suggesting that both sides could swap"
INFINITIVE_OBJECT = re.compile(r"\s*to\s+\w+\s+(\w+)\s+\S", re.IGNORECASE)
BARE_AMOUNT = re.compile(r"\s*([£$€¥]?\d[\d,.]*\s?(?:%|per ?cent|[a-z]{1,3})?)\s*,\s*")  # "offered 6%, an offer"
REDUCED_RELATIVE = re.compile(r"\s*\w+ed", re.IGNORECASE)  # "the truce proposed by ..."
BY_AGENT = re.compile(r"\s+(?:\w+ly\s+|(?:last|this|next|on) \w+\s+)?by\b", re.IGNORECASE)
PARENTHESIS = re.compile(r"\([^)]{0,40}\)")
PASSIVE_CUE = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
# Between two phrases one cue governs together: "proposed a budget and a tax increase",
# "a deal that includes a prisoner exchange".
HEARSAY = re.compile(r"\b(?:den(?:y|ies|ied|ying)|(?:reports?|claims?|rumou?rs?|speculation) that)\b[^.;]*$"
                     r"|\b(?:reports?|rumou?rs?|claims?|speculation)\b[^.;]{0,80}\b(?:said|say|says|suggested|claimed|"
                     r"alleged)\b[^.;]*$", re.IGNORECASE)
APPOSITION = re.compile(r"[^.;:()]{0,30},\s*")
JOINED = re.compile(r"^\s*(?:,\s*)?(?:and|as well as|plus|along with|including|(?:that|which) (?:includes?|included)"
                    r"|with)\s*$|^\s*[:\u2013\u2014-]\s*$", re.IGNORECASE)


def link_proposals(corpus: Corpus, entities: EntityResolver, lists: dict[str, list[dict[str, Any]]]
                   ) -> list[dict[str, Any]]:
    """Proposal records (SPEC ``proposals``) for the whole corpus."""
    records = {r["id"]: r for r in lists.get("entities", [])}
    nations = _nation_of(records)
    proposals: list[Proposal] = []
    learnt: dict[str, KindRule] = {}  # head nouns of proposals no lexicon listed
    seq = 0
    earlier: dict[str, str] = {}  # group words tied to names in the articles read so far
    for doc, analysis in _in_time_order(corpus.originals()):
        view = _view(doc, analysis, entities, nations)
        view.ties = GroupTies(learn_ties(doc.text, view.entities, nations), dict(earlier))
        earlier.update({w: eid for _, w, eid in view.ties.local})
        local: list[Proposal] = []
        for sent in analysis.sentences:
            seq += 1
            _read_sentence(view, sent, proposals, local, seq, learnt)
    kept = [p for p in proposals if p.cued]
    return [_record(p, records, corpus) for p in kept]


def _in_time_order(items: list[tuple[Document, DocAnalysis]]) -> list[tuple[Document, DocAnalysis]]:
    """Publication order (undated articles keep their place after the dated ones)."""
    if not any(d.published for d, _ in items):
        return items
    order = sorted(range(len(items)), key=lambda i: (items[i][0].published or "9999", i))
    return [items[i] for i in order]


def _nation_of(records: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Nationality records to their country ("Algerian" -> Algeria): a party is a party,
    whether the article writes "the Algerian proposal" or "Algeria's proposal"."""
    countries = [(r["name"].lower(), r["id"]) for r in records.values() if r.get("type") == "GPE" and r.get("name")]
    out = {}
    for r in records.values():
        name = (r.get("name") or "").lower()
        if r.get("type") != "NORP" or len(name) < 5:
            continue
        for cname, cid in countries:
            if len(cname) >= 4 and name[:4] == cname[:4] and (name.startswith(cname[:-1]) or cname.startswith(name[:-1])):
                out[r["id"]] = cid
                break
    return out


def _view(doc: Document, a: DocAnalysis, resolver: EntityResolver, nations: dict[str, str]) -> DocView:
    def res(start: int, end: int) -> str | None:
        eid = resolver.resolve(doc.id, start, end)
        return nations.get(eid, eid) if eid else None

    ents = [SentEntity(m.start, m.end, m.text, m.type, res(m.start, m.end))
            for m in sorted(a.entities, key=lambda m: m.start)]
    speakers = []
    for q in a.quotes:
        ref = q.speaker_ref or q.speaker
        speakers.append(res(ref.start, ref.end) if ref else None)
    actors = [res(ev.actor.start, ev.actor.end) if ev.actor else None for ev in a.events]
    return DocView(doc.id, doc.text, ents, a.quotes, a.events, list(a.sentences), speakers, actors)


def _event_cues(view: DocView, sent: tuple[int, int], cues: list[Cue]) -> list[Cue]:
    """Events of agreeing or refusing, with a known actor, that no cue word already covers.

    Only the stances an event states outright: an extracted REQUEST or CONSULT is too coarse to
    say who proposed what ("said Cambodia must first stop shelling" is a condition, not a plan).
    """
    table = lexicon().event_stances
    out = []
    for ev, actor in zip(view.events, view.event_actors, strict=True):
        if ev.trigger is None or actor is None or not (sent[0] <= ev.trigger.start < sent[1]):
            continue
        if ev.type not in table:
            continue
        stance, needs_hyp = table[ev.type]
        if needs_hyp and not ev.hypothetical:
            continue
        if ev.negated:
            if stance not in ("accepts", "supports"):
                continue
            stance = "rejects"
        if any(c.start < ev.trigger.end and ev.trigger.start < c.end for c in cues):
            continue
        out.append(Cue(stance, ev.trigger.start, ev.trigger.end, ev.trigger.text, from_event=True))
    return out


def _target(cue: Cue, phrases: list[Phrase], text: str, ents: list[SentEntity]) -> Phrase | None:
    """The phrase a cue is about: its object right after it, else (for a cue with no object of
    its own: "was rejected by", "has not yet accepted.") the nearest phrase before it."""
    for ph in phrases:
        if ph.start < cue.end and cue.start < ph.end:
            return ph  # "made a €90m bid": the cue wraps the phrase
    if cue.back:
        before = [ph for ph in phrases if ph.end <= cue.start]
        return before[-1] if before else None
    before = [ph for ph in phrases if ph.end <= cue.start]
    if before and not cue.from_event and REDUCED_RELATIVE.fullmatch(text, before[-1].end, cue.end):
        return before[-1]  # "the longest truce proposed since ...": the participle describes it
    for ph in phrases:
        if ph.start >= cue.end:
            gap = PARENTHESIS.sub(" ", text[cue.end:ph.start])
            for e in ents:  # a recipient's name is one word: "offered the National Liberation Army a truce"
                if cue.end <= e.start and e.end <= ph.start:
                    gap = gap.replace(e.text, "X", 1)
            if PRONOUN_OBJECT.match(gap):
                break  # "would not sign it until Armenia changes its constitution": "it" is the object
            inf = INFINITIVE_OBJECT.match(gap)
            if inf and inf.group(1).lower() not in PREPOSITIONS | {"the", "a", "an", "its", "their", "his", "her"}:
                break  # "offered to send observers to the talks": the infinitive has its own object
            if len(gap.split()) <= OBJECT_GAP_WORDS and not GAP_BREAK.search(gap):
                return ph
            amount = BARE_AMOUNT.fullmatch(gap)
            if amount and ph.cls == "generic" and not cue.from_event:
                # "has offered 6%, an offer the union rejected": the noun in apposition names it
                ph.numbers = ph.numbers | number_keys([amount.group(1)])[0]
                return ph
            break
    if cue.from_event:
        return None  # an event's object is after its trigger; anything else is a guess
    before = [ph for ph in phrases if ph.end <= cue.start]
    if before and (NO_OBJECT.match(text, cue.end) or PASSIVE_CUE.search(text, max(0, cue.start - 30), cue.start)):
        return before[-1]
    return None


def _read_sentence(view: DocView, sent: tuple[int, int], proposals: list[Proposal],
                   local: list[Proposal], seq: int, learnt: dict[str, KindRule]) -> None:
    text = view.text
    ents = [e for e in view.entities if sent[0] <= e.start < sent[1]]
    phrases = find_phrases(view.doc_id, text, sent, ents, tuple(learnt.values()))
    cues = find_cues(text, sent, tuple((p.head_start, p.head_end) for p in phrases if p.cls == "verb"))
    # A cue word inside a phrase's modifiers is a hedge ("the proposed truce"), not a stance.
    cues = [c for c in cues if not any(p.start <= c.start and c.end <= p.head_end for p in phrases)]
    cues += _event_cues(view, sent, cues)
    # What a party is reported to deny, or rumoured to have done, is no stance of theirs.
    cues = [c for c in cues if not HEARSAY.search(text, sent[0], c.start)]
    if not phrases and not (cues and local) and not any(c.stance == "proposes" for c in cues):
        return
    # 1. cues -> (phrase or anaphor, parties, stance)
    tied: list[tuple[Cue, Phrase | None, list[str]]] = []
    for cue in cues:
        if AS_CLAUSE.search(text, max(sent[0], cue.start - 50), cue.start):
            continue  # "drops the wealth tax, as the Moderates had demanded": about the dropping
        ph = _target(cue, phrases, text, ents)
        if ph is None and not cue.from_event and NO_OBJECT.match(text, cue.end) \
                and not any(p.end <= cue.start for p in phrases) and local:
            tied.append((cue, None, parties_for(view, cue.start, cue.end, sent, phrases)))
            continue  # "Tehran was ready to take part if ...": the proposal on the table
        if ph is None and cue.stance == "proposes" and not cue.from_event:
            ph = open_phrase(view.doc_id, text, cue, sent, ents)
            if ph is not None:
                phrases.append(ph)
                phrases.sort(key=lambda p: p.start)
                if ph.kind.startswith("other:"):  # an amount offered ("$300 million") teaches no noun
                    learnt.setdefault(ph.kind, head_rule(ph))
        if ph is None and not ANAPHOR_RE.match(text[cue.end:sent[1]]):
            continue
        parties = parties_for(view, cue.start, cue.end, sent, phrases)
        if ph is not None and ph.end <= cue.start and REDUCED_RELATIVE.fullmatch(text, ph.end, cue.end) \
                and not BY_AGENT.match(text, cue.end):
            parties = []  # "the truce proposed since talks began": says nothing of who
        if ph is not None and cue.willing and ph.cls == "verb" and ph.start - cue.end <= 3:
            cue = Cue("proposes", cue.start, cue.end, cue.text)  # "ready to meet": an offer
        tied.append((cue, ph, parties))
        while ph is not None:  # the same cue governs phrases joined to its object
            nxt = next((q for q in phrases if q.start >= ph.end), None)
            if nxt is None or not JOINED.match(text[ph.end:nxt.start]):
                break
            tied.append((cue, nxt, parties))
            ph = nxt
    # 2. phrases -> proposals
    home_of: dict[int, Proposal] = {}
    prev: Phrase | None = None
    for ph in phrases:
        if prev is not None and ph.cls == "generic" and ph.bare and id(prev) in home_of \
                and APPOSITION.fullmatch(text, prev.end, ph.start):
            home_of[id(ph)] = home_of[id(prev)]  # "a 5% pay rise, an offer the union rejected"
            home_of[id(ph)].add(ph, seq)
            prev = ph
            continue
        prev = ph
        mine = [t for t in tied if t[1] is ph]
        owner = ph.owner or next((t[2][0] for t in mine if t[0].stance == "proposes" and t[2]), None)
        # an extracted event gives a stance on a proposal, but does not make one ("thanked ... for
        # their mediation"): cue words and hedges do
        cued = any(not t[0].from_event for t in mine) or ph.hedged
        home = _home(ph, owner, cued, proposals, local, phrases, text, learnt)
        if home is None:
            continue
        home.add(ph, seq)
        home.cued = home.cued or cued
        if owner and home.proposer is None:
            home.proposer = owner
            home.proposer_evidence = (view.doc_id, *sent)
        if home not in local:
            local.append(home)
        home_of[id(ph)] = home
    # 3. stances
    for cue, ph, parties in tied:
        home = home_of.get(id(ph)) if ph is not None else _recent(local)
        if home is None:
            continue
        if ph is None:
            home.seq = seq
        for party in parties:
            _add_stance(home, party, cue.stance, view, sent)
    for p in {id(x): x for x in home_of.values()}.values():
        if p.proposer and not any(s["party"] == p.proposer and s["stance"] == "proposes" for s in p.stances) \
                and p.proposer_evidence and p.proposer_evidence[0] == view.doc_id:
            doc, s, e = p.proposer_evidence
            _add_stance(p, p.proposer, "proposes", view, (s, e), first=True)


def _recent(local: list[Proposal]) -> Proposal | None:
    return max(local, key=lambda p: p.seq) if local else None


def _home(ph: Phrase, owner: str | None, cued: bool, proposals: list[Proposal], local: list[Proposal],
          phrases: list[Phrase], text: str, learnt: dict[str, KindRule]) -> Proposal | None:
    """The proposal ``ph`` mentions, a new one, or None when it is no proposal at all."""
    if any(w.lower() in OTHER_WORDS for w in ph.label_words[:-1]):
        return None  # "a similar amnesty in 2009", "every earlier offer": another one, long gone
    if ph.cls == "generic" and ph.bare:
        if ph.label_words and ph.label_words[-1].lower() in lexicon().not_anaphors:
            return None  # "that demand": a condition, not the proposal
        if ph.definite:
            # "the plan", "its offer": a reference back to what this article already put on the table;
            # "the agreement" to the agreement, when this article has none but another had one.
            cands = [p for p in local if not owner or not p.proposer or p.proposer == owner]
            head = ph.label_words[-1].lower() if ph.label_words else ""
            same = [p for p in cands if any(q.label_words and q.label_words[-1].lower() == head for q in p.phrases)]
            if same:
                return _recent(same)
            if not any(p.kind == ph.kind for p in local):
                other = [p for p in proposals if p not in local and (not owner or not p.proposer or p.proposer == owner)
                         and any(q.label_words and q.label_words[-1].lower() == head and not q.bare for q in p.phrases)]
                if other:
                    return _recent(other)
            return _recent(cands)
        nxt = next((q for q in phrases if q.start >= ph.end), None)
        if not cued or (nxt is not None and JOINED.match(text[ph.end:nxt.start])):
            return None  # "has not made an offer"; "a compromise: a 2% tax rise" (the next phrase says what)
        same = [p for p in local if owner and p.proposer and same_party(p.proposer, owner)]
        if same:
            return _recent(same)  # "the government had put forward a fair deal": its own offer again
    def fits(p: Proposal) -> bool:  # "the 5% offer" is the "5% pay rise" offered earlier
        return p.kind == ph.kind or (ph.cls == "generic" and bool(ph.numbers & p.numbers))

    home = best_home(ph, [p for p in local if fits(p)], owner)
    if home is not None and (cued or ph.bare or _known(ph, home)):
        return home
    if not cued and not ph.definite:
        return None
    others = [p for p in proposals if fits(p) and p not in local]
    home = best_home(ph, others, owner)
    if home is not None and (cued or ph.bare or _known(ph, home)):
        return home
    if not cued:
        return None
    new = Proposal(ph.kind, ph.cls, ph)
    proposals.append(new)
    rule = learnt_rule(ph)
    if rule is not None:
        learnt.setdefault(rule.pattern.pattern, rule)
    return new


def _known(ph: Phrase, p: Proposal) -> bool:
    """Whether an unattested phrase adds nothing new to ``p``: "the 30-day ceasefire" after "a
    30-day interim ceasefire" refers back; "the police overtime budget" is another budget."""
    words = {w.lower() for q in p.phrases for w in q.label_words}
    return all(w.lower() in words for w in ph.label_words)


def _add_stance(p: Proposal, party: str, stance: str, view: DocView, sent: tuple[int, int],
                first: bool = False) -> None:
    if any(s["party"] == party and s["stance"] == stance and s["doc"] == view.doc_id for s in p.stances):
        return
    s, e = sent
    raw = view.text[s:e]
    s += len(raw) - len(raw.lstrip())
    e -= len(raw) - len(raw.rstrip())
    rec = {"party": party, "stance": stance, "doc": view.doc_id, "text": view.text[s:e], "start": s, "end": e}
    if first:
        # The owner's stance goes before what others said in the same article.
        idx = next((i for i, x in enumerate(p.stances) if x["doc"] == view.doc_id), len(p.stances))
        p.stances.insert(idx, rec)
    else:
        p.stances.append(rec)


def _short(records: dict[str, dict[str, Any]], eid: str) -> str:
    name = records.get(eid, {}).get("name") or eid
    return name.split()[-1] if records.get(eid, {}).get("type") == "PERSON" else name


def _name(p: Proposal, records: dict[str, dict[str, Any]]) -> str:
    """A short label: "30-day interim ceasefire", "Zelensky-Putin meeting", "prisoner exchange"."""
    ph = p.first
    if p.kind in ("meeting", "talks"):
        people = [x for x in ([p.proposer] if p.proposer else []) + sorted(p.participants)
                  if records.get(x, {}).get("type") == "PERSON"]
        people = list(dict.fromkeys(people))
        if len(people) >= 2:
            head = "meeting" if p.kind == "meeting" else "talks"
            return "-".join(_short(records, x) for x in people[:3]) + f" {head}"
    if ph.cls == "verb":
        return lexicon().kinds[[k.kind for k in lexicon().kinds].index(p.kind)].label
    words = [w.strip("\"'“”‘’") for w in ph.label_words]
    tail = [w.strip("\"'“”‘’") for w in ph.tail_words]
    joins = ("of", "for", "on", "between", "with") + (("in", "at") if p.kind in ("meeting", "talks") else ())
    if tail and tail[0].lower() in joins and len(words) + len(tail) <= MAX_LABEL_WORDS:
        words += tail
    return " ".join(w for w in words if w)[:80]


def _record(p: Proposal, records: dict[str, dict[str, Any]], corpus: Corpus) -> dict[str, Any]:
    analyses = {d.id: (d, a) for d, a in corpus.items}
    first = p.first
    mentions = []
    seen = set()
    for ph in p.phrases:
        key = (ph.doc, ph.start, ph.end)
        if key not in seen:
            seen.add(key)
            mentions.append({"doc": ph.doc, "start": ph.start, "end": ph.end, "text": ph.text})
    date = None
    for ph in p.phrases:
        doc, a = analyses[ph.doc]
        date = date_near(a, ph.start, ph.end)
        if date:
            break
    if date is None:
        date = analyses[p.phrases[0].doc][0].published
    return {
        "id": stable_id("p", first.doc, first.start, first.end, p.kind),
        "name": _name(p, records),
        "kind": p.kind,
        "text": first.text,
        "proposer": p.proposer,
        "mentions": mentions,
        "stances": p.stances,
        "date": date,
    }
