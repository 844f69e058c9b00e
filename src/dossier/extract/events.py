"""PLOVER events from one parsed document: who did what to whom, where and when.

How: every token is looked up once in the trigger lexicon (verbs by lemma, nominalisations by
lemma), the row's dependency conditions pick the type ("fire" + drones -> ASSAULT, "strike" + deal
-> AGREE), nouns are only coded when something says they happened (a light verb: "held talks",
an occurrence verb: "fighting erupted", an agent: "Russia's offensive"). Arguments, negation
and mood come from the same parse. The result is ordered main-clause first, so events[0] is the
sentence's headline action. Linear in tokens; all lexicons are loaded once.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Token

from dossier.extract.event_args import (
    OBJ_DEPS,
    PASS_SUBJ,
    EntityIndex,
    agent_head,
    antecedent,
    arg_span,
    child,
    is_passive,
    location_of,
    look_through,
    noun_agent,
    noun_governor,
    pobj_of,
    resolve_pronoun,
    token_span,
    within_block,
)
from dossier.extract.event_derived import add_derived
from dossier.extract.event_lexicon import Lexicon, load_lexicon
from dossier.extract.event_modality import SEPARATE_WHEN_EMBEDDED, Mood, mood_of, noun_negated
from dossier.extract.event_triggers import CIRCUM_PREPS, Cand, find_candidates
from dossier.records import DateMention, EntityMention, EventMention, Span

# Object of these types is what is given or done, not who it is done to.
_THEME_CLASSES = ("weapon", "aid", "restriction", "deal", "document", "talks", "proposal", "danger", "duration")
# Events that keep what they embed, coded as hypothetical ("agreed to spare", "threatened to strike").
_KEEPS = frozenset({"AGREE", "THREATEN"})


# Events of saying something about something: a noun event that is their object is the topic
# ("denounced the crackdown", "rejected the ultimatum"), not a second happening.
_TOPIC_TYPES = frozenset({"REQUEST", "REJECT", "THREATEN", "AGREE", "CONSULT"})
# Types a participial adjunct of another event only elaborates ("blocked roads, demanding ...").
_ADJUNCT_TYPES = frozenset({"REQUEST", "ACCUSE", "REJECT", "SUPPORT"})


def _secondary(c: Cand, anchors: dict[int, tuple[str, bool]], triggers: dict[int, str], lex: Lexicon) -> bool:
    """A participial adjunct that elaborates another event rather than reporting a new one:
    "staged rallies, saying he must resign", "a demonstration calling for ...", "attacked the
    camp, killing 20" (the same attack). A subject of its own makes it a clause of its own."""
    a = c.anchor
    if c.nominal and not c.supported:
        return False
    if _in_relative(a):
        return True
    if a.dep_ == "acl" and a.tag_ == "VBN" and lex.role("claim").has(a) and child(a, ("agent",)) is None:
        return True  # "a gang blamed for shootings", "men suspected of arson": a description
    if child(a, ("nsubj", "nsubjpass")) is not None:
        return False
    head = a.head
    head_type = anchors[head.i][0] if head.i in anchors else triggers.get(head.i)
    if head_type is None:
        return False
    if a.dep_ == "conj":
        # "were killed or wounded", "shelled and bombed the town": one happening (an object of
        # its own makes another: "called on supporters to return and demanded a rerun")
        return c.type == head_type and child(a, OBJ_DEPS) is None
    if a.dep_ in ("acl", "advcl") and child(a, ("aux",)) is not None and child(a, ("aux",)).lower_ == "to":
        return head.pos_ == "NOUN"  # "a demonstration to protest the decision": the purpose of it
    if a.dep_ not in ("advcl", "acl") or a.tag_ != "VBG":
        return False
    return c.type in _ADJUNCT_TYPES or c.type == head_type


def _bare(noun: Token) -> bool:
    """A noun event that names no party at all: no agent, no "between"/"with"/"by"/"on"/
    "against" phrase ("amid unrest", "after a demonstration over fraud")."""
    if noun_agent(noun) is not None:
        return False
    return not any(c.dep_ == "prep" and c.lower_ in ("between", "with", "by", "on", "against", "of")
                   for c in noun.children)


def _in_relative(tok: Token) -> bool:
    """Inside a relative clause: background about a participant ("refugees whom authorities
    blame for a conflict", "raids in which 20 people were killed"), not the report itself."""
    node = tok
    for _ in range(6):
        if node.dep_ == "relcl":
            return True
        if node.dep_ not in ("xcomp", "ccomp", "conj", "advcl") or node.head.i == node.i:
            return False
        node = node.head
    return False


def _under_request(anchor: Token, lex: Lexicon) -> bool:
    """The content of a request, offer, plan or allegation named by a noun: "an appeal for
    deploying troops", "a resolution that aims to tighten sanctions", "an allegation that
    the rebels had taken the city". Climbs a few verb complements to the noun."""
    asks = lex.classes["ask_noun"]
    node = anchor
    for _ in range(5):
        dep, head = node.dep_, node.head
        if head.i == node.i:
            return False
        if dep in ("acl", "ccomp", "relcl", "appos") and head.pos_ == "NOUN":
            return asks.has(head)
        if dep in ("pobj", "pcomp") and head.dep_ == "prep" and head.head.pos_ == "NOUN":
            return asks.has(head.head) and head.lower_ in ("for", "of", "to", "that", "on")
        if dep not in ("xcomp", "conj", "ccomp", "advcl") or head.pos_ not in ("VERB", "AUX"):
            return False
        node = head
    return False


def _depth(tok: Token, report) -> int:
    d = 0
    while tok.head.i != tok.i:
        tok = tok.head
        if not report.has(tok):
            d += 1
    return d


def _clause(anchor: Token, top: Token | None, actor: Span | None, lex: Lexicon) -> tuple[int, int]:
    """Token bounds of the clause reporting the event: the anchor's subtree lifted through its
    complement chain (not across "and" to a coordinated clause), minus other coordinated
    clauses and trailing punctuation; widened to the actor when it is in the same clause."""
    node = anchor
    via_conj = False
    while top is not None and node.i != top.i and node.head.i != node.i:
        if node.dep_ == "conj":
            via_conj = True
            break
        node = node.head
    if lex.role("report").has(node) and node.i != anchor.i:
        node = anchor
    skip: set[int] = set()
    for c in node.children:
        if c.i == anchor.i or c.is_ancestor(anchor):
            continue
        if (c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")) or c.dep_ in ("parataxis", "cc"):
            skip.update(t.i for t in c.subtree)
    toks = [t.i for t in node.subtree if t.i not in skip]
    start, end = min(toks), max(toks) + 1
    # keep the stretch around the anchor that no skipped clause interrupts
    start = max([start] + [i + 1 for i in skip if i < anchor.i])
    end = min([end] + [i for i in skip if i > anchor.i])
    doc = anchor.doc
    sent = anchor.sent
    start, end = max(start, sent.start), min(end, sent.end)
    if actor is not None and not via_conj:
        a = doc.char_span(actor.start, actor.end, alignment_mode="expand")
        if a is not None and a.start >= sent.start:
            start = min(start, a.start)
    start, end = within_block(doc, start, end, anchor.i)
    while end - 1 > start and (doc[end - 1].is_punct or doc[end - 1].dep_ in ("cc", "mark")):
        end -= 1
    while start < end - 1 and (doc[start].is_punct or doc[start].dep_ in ("cc", "mark")):
        start += 1
    return start, end


def _is_theme(tok: Token, lex: Lexicon) -> bool:
    """What is given or done ("sanctions", "dozens of drones"), as opposed to whom it is done to."""
    for t in look_through(tok, lex.classes["quant"])[-1:] + [tok]:
        if any(lex.classes[c].has(t) for c in _THEME_CLASSES) or lex.classes["eventnoun"].has(t):
            return True
    return False


def _target(c: Cand, actor_tok: Token | None, lex: Lexicon) -> Token | None:
    preps = lex.target_preps.get(c.type)
    anchor = c.anchor
    heads = [anchor] if not c.nominal or c.supported or anchor.i != c.trigger.i else []
    if c.nominal:
        heads.append(c.trigger)
    elif (obj := child(anchor, OBJ_DEPS)) is not None:
        heads.append(obj)  # "held talks with X", "imposed sanctions on X"
    if not c.nominal or c.supported:
        if is_passive(anchor):
            sp = child(anchor, PASS_SUBJ)
            if sp is not None and not _is_theme(sp, lex):
                return sp
        if c.type == "AID":
            d = child(anchor, ("dative",))
            if d is not None and d.pos_ in ("NOUN", "PROPN", "PRON"):
                return d
        else:
            obj = child(anchor, OBJ_DEPS)
            if obj is not None and not _is_theme(obj, lex) and obj.i != c.trigger.i:
                return obj
    if preps is not None:
        for h in heads:
            for ch in h.children:
                if ch.dep_ in ("prep", "dative") and preps.has(ch):
                    p = pobj_of(ch)
                    if p is not None and (actor_tok is None or p.i != actor_tok.i) and p.pos_ in ("NOUN", "PROPN", "PRON") \
                            and not lex.classes["timeword"].has(p):
                        return p
    if c.type in ("REQUEST", "REJECT", "THREATEN", "SUPPORT") and not c.nominal:
        for ch in anchor.children:
            if ch.dep_ in ("ccomp", "xcomp"):
                s = child(ch, ("nsubj",))
                if s is not None and s.pos_ != "PRON":
                    return s
                if ch.dep_ == "xcomp" and c.type == "THREATEN":
                    obj = child(ch, OBJ_DEPS)
                    if obj is not None and not _is_theme(obj, lex):
                        return obj
                    for g in ch.children:
                        if g.dep_ == "prep" and preps is not None and preps.has(g):
                            p = pobj_of(g)
                            if p is not None:
                                return p
    return None


def _actor(c: Cand, lex: Lexicon) -> Token | None:
    if c.nominal and not c.supported:
        a = noun_agent(c.trigger)
        if a is None and c.type in ("CONSULT", "COOPERATE", "AGREE", "ASSAULT"):
            for ch in c.trigger.children:
                if ch.dep_ == "prep" and ch.lower_ == "between":
                    return pobj_of(ch)
        return a
    a = agent_head(c.anchor, lex)
    if a is None:
        return noun_agent(c.trigger) if c.nominal else None
    a = resolve_pronoun(a, c.anchor, lex)
    if lex.classes["eventnoun"].has(a) and a.pos_ == "NOUN":
        return noun_agent(a)  # "Russian strikes killed ..." -> Russian
    return a


def _date(dates: list[DateMention], starts: list[int], lo: int, hi: int, sent_lo: int, sent_hi: int) -> str | None:
    best = None
    i = bisect_right(starts, sent_lo) - 1
    for d in dates[max(i, 0):]:
        if d.start >= sent_hi:
            break
        if d.start < sent_lo or d.value is None:
            continue
        if lo <= d.start and d.end <= hi:
            return d.value
        if best is None:
            best = d.value
    return best


def extract_events(doc: Doc, entities: list[EntityMention], dates: list[DateMention]) -> list[EventMention]:
    """Code the document's reported actions as PLOVER events, main-clause events first within
    each sentence."""
    lex = load_lexicon()
    cands = find_candidates(doc, lex)
    add_derived(doc, cands, lex)
    if not cands:
        return []
    ents = EntityIndex(doc, entities)
    anchors: dict[int, tuple[str, bool]] = {}
    triggers: dict[int, str] = {c.trigger.i: c.type for c in cands}
    verbal_sents = {c.anchor.sent.start for c in cands if not c.nominal or c.supported}
    verb_types: dict[int, set[str]] = {}
    for c in sorted(cands, key=lambda c: (c.nominal, not c.derived)):
        keeps = (c.commissive or c.type in _KEEPS) and not c.nokeep
        prev = anchors.get(c.anchor.i)
        anchors[c.anchor.i] = (c.type, keeps) if prev is None else (prev[0], prev[1] and keeps)
        if not c.nominal:
            verb_types.setdefault(c.anchor.i, set()).add(c.type)
    dates = sorted(dates, key=lambda d: d.start)
    starts = [d.start for d in dates]
    report = lex.role("report")
    seen: set[tuple[int, str]] = set()
    scored: list[tuple[int, int, bool, int, EventMention]] = []
    for c in cands:
        key = (c.anchor.i, c.type)
        if key in seen:
            continue  # "held talks": the light verb and the noun are one event
        if c.nominal and c.anchor.i == c.trigger.i:
            gov, rel = noun_governor(c.trigger)
            if gov is not None and gov.i in anchors and anchors[gov.i][0] == c.type:
                continue  # "killed in an attack": the verb already codes it
            circum = rel.startswith("pobj:") and rel[5:] in CIRCUM_PREPS
            if circum and c.trigger.sent.start in verbal_sents and _bare(c.trigger):
                continue  # "imposed a curfew after riots": background to the sentence's own event
            if gov is not None and gov.i in anchors and noun_agent(c.trigger) is None and not circum and "free" not in (
                c.rule.flags if c.rule else ()
            ):
                continue  # "rejected the talks": the talks are what is rejected, not an event
            if gov is not None and gov.i in anchors and anchors[gov.i][0] in _TOPIC_TYPES and not circum:
                continue  # "rejected Australia's ultimatum", "agreed to Kyiv's proposal": the topic
            agent = noun_agent(c.trigger)
            if (gov is not None and gov.i in anchors and rel in ("dobj", "nsubjpass") and agent is not None
                    and agent.pos_ == "PRON"):
                continue  # "their demands were met", "rejected its offer": what is acted on
        extra_hyp = False
        own = verb_types.get(c.anchor.i, {c.type})
        if c.supported and c.type not in own and own & _TOPIC_TYPES and not (
            anchors[c.anchor.i][1] and c.type in SEPARATE_WHEN_EMBEDDED
        ):
            continue  # "rejected a UN appeal", "rejected Australia's ultimatum": what is rejected
        agent = noun_agent(c.trigger)
        if c.supported and c.type not in own and (agent is None or agent.pos_ == "PRON"):
            if not anchors[c.anchor.i][1] or c.type not in SEPARATE_WHEN_EMBEDDED:
                continue  # "rejected talks", "threatened a strike": the verb's own event codes it
            extra_hyp = True  # "agreed to talks": a meeting agreed on, coded hypothetical
        if _secondary(c, anchors, triggers, lex):
            continue
        under_ask = _under_request(c.anchor, lex)
        if under_ask and c.type not in SEPARATE_WHEN_EMBEDDED:
            continue  # "an appeal for deploying troops", "an allegation that X took the city"
        extra_hyp |= under_ask
        mood: Mood = mood_of(c.anchor, anchors, lex, c.type)
        if mood.governor is not None and mood.governor != c.anchor.i:
            continue  # "refused to withdraw", "accused X of attacking": the outer event codes it
        seen.add(key)
        negated = mood.negated or (c.nominal and noun_negated(c.trigger, lex))
        hyp = mood.hypothetical or c.hyp or extra_hyp
        if c.type == "THREATEN" and c.rule is not None and c.rule.type != "THREATEN":
            hyp = False  # "would strike unless ...": the threat is made; what it threatens is its content
        actor_tok = _actor(c, lex)
        target_tok = _target(c, actor_tok, lex)
        actor = arg_span(actor_tok, ents, lex)
        clause_actor = actor
        if actor_tok is not None and actor_tok.pos_ == "PRON" and (ante := antecedent(actor_tok, lex)) is not None:
            actor = arg_span(ante, ents, lex)  # the clause still reaches only to the pronoun
        target = arg_span(target_tok, ents, lex)
        if actor is not None and target is not None and target.start < actor.end and actor.start < target.end:
            target = None
        skip = set()
        if target_tok is not None and c.type in ("ASSAULT", "CONSULT", "SANCTION", "AID"):
            skip = {target_tok.i} | {t.i for t in target_tok.children if t.dep_ in ("compound", "amod", "poss")}
        heads = [c.anchor, c.trigger] + ([target_tok] if target_tok is not None else [])
        if not c.nominal and (obj := child(c.anchor, OBJ_DEPS)) is not None:
            heads.append(obj)
        location = location_of(heads, ents, lex, skip)
        if location is None and target_tok is not None and target_tok.ent_type_ in ("GPE", "LOC", "FAC"):
            location = arg_span(target_tok, ents, lex) if c.type in ("ASSAULT", "COERCE", "PROTEST", "MOBILIZE",
                                                                    "RETREAT", "CONSULT") else None
        start, end = _clause(c.anchor, mood.top, clause_actor, lex)
        sent = c.anchor.sent
        t_lo, t_hi = sorted((c.trigger.i, c.anchor.i))
        if t_hi - t_lo > 3 or not (c.supported or not c.nominal):
            t_lo = t_hi = c.trigger.i
        if c.rule is not None and c.rule.second is not None:
            for ch in c.trigger.children:
                if ch.lower_ == c.rule.second and abs(ch.i - c.trigger.i) <= 3:
                    t_lo, t_hi = min(t_lo, ch.i), max(t_hi, ch.i)
        span = doc[start:end]
        ev = EventMention(
            start=span.start_char,
            end=span.end_char,
            text=span.text,
            type=c.type,
            trigger=token_span(doc, t_lo, t_hi + 1),
            actor=actor,
            target=target,
            location=location,
            date=_date(dates, starts, span.start_char, span.end_char, sent.start_char, sent.end_char),
            negated=negated,
            hypothetical=hyp,
        )
        scored.append((sent.start, _depth(c.anchor, report), not c.derived, c.anchor.i, ev))
    scored.sort(key=lambda x: x[:4])
    return [ev for *_, ev in scored]
