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
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from dossier.extract.event_args import (
    OBJ_DEPS,
    PASS_SUBJ,
    EntityIndex,
    agent_head,
    arg_span,
    child,
    has_particle,
    is_passive,
    location_of,
    look_through,
    noun_agent,
    noun_governor,
    object_heads,
    pobj_of,
    resolve_pronoun,
    token_span,
)
from dossier.extract.event_lexicon import Lexicon, Rule, load_lexicon
from dossier.extract.event_modality import Mood, mood_of, noun_negated
from dossier.records import DateMention, EntityMention, EventMention, Span

# Entity labels a noun trigger cannot carry ("March" the month, "Strike" a person's name).
_NOT_EVENT_ENTS = frozenset(
    {"DATE", "TIME", "PERSON", "GPE", "LOC", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY",
     "WORK_OF_ART", "PRODUCT", "LANGUAGE", "FAC"}
)
# Prepositions under which a noun event is reported as having happened ("amid protests").
_CIRCUM_PREPS = frozenset({"amid", "during", "after", "following", "despite", "in", "since", "throughout"})
# Object of these types is what is given or done, not who it is done to.
_THEME_CLASSES = ("weapon", "aid", "restriction", "deal", "document", "talks", "proposal", "danger", "duration")


@dataclass(slots=True)
class _Cand:
    trigger: Token  # the trigger word
    anchor: Token  # head of the clause that reports it (the light verb for "held talks")
    type: str
    rule: Rule | None
    nominal: bool = False
    hyp: bool = False
    supported: bool = False  # a noun carried by a light verb
    commissive: bool = False


def _rule_for(tok: Token, rules: list[Rule], lex: Lexicon, gov: Token | None) -> Rule | None:
    for r in rules:
        if _conds_hold(tok, r, lex, gov):
            return r
    return None


def _conds_hold(tok: Token, r: Rule, lex: Lexicon, gov: Token | None) -> bool:
    if r.second is not None and not has_particle(tok, r.second):
        return False
    flags = r.flags
    if "ccomp" in flags and child(tok, ("ccomp",)) is None:
        return False
    if "xcomp" in flags and child(tok, ("xcomp",)) is None:
        return False
    if "intrans" in flags and child(tok, OBJ_DEPS) is not None:
        return False
    if "trans" in flags and child(tok, OBJ_DEPS + PASS_SUBJ) is None:
        return False
    if r.prep is not None and not any(c.dep_ in ("prep", "prt", "advmod", "dative") and r.prep.has(c)
                                      for c in tok.children):
        return False
    if r.obj is not None or r.notobj is not None:
        objs = object_heads(tok, r.prep, r.second, lex)
        if r.obj is not None and not any(r.obj.has(o) for o in objs):
            return False
        if r.notobj is not None and any(r.notobj.has(o) for o in objs):
            return False
    if r.subj is not None or r.notsubj is not None:
        subj = agent_head(tok, lex) if r.pos != "N" else noun_agent(tok)
        if subj is not None:
            subj = resolve_pronoun(subj, tok, lex)
        if r.subj is not None and (subj is None or not r.subj.has(subj)):
            return False
        if r.notsubj is not None and subj is not None and r.notsubj.has(subj):
            return False
    if r.mod is not None or r.notmod is not None:
        mods = [c for c in tok.children if c.dep_ in ("amod", "compound", "nmod", "poss", "advmod", "prt", "npadvmod", "nummod")]
        if r.mod is not None and not any(r.mod.has(c) for c in mods):
            return False
        if r.notmod is not None and any(r.notmod.has(c) for c in mods):
            return False
    if r.gov is not None and (gov is None or not r.gov.has(gov)):
        return False
    return not (r.notgov is not None and gov is not None and r.notgov.has(gov))


def _verb_like(tok: Token) -> bool:
    return tok.pos_ == "VERB" or (tok.tag_.startswith("VB") and tok.pos_ != "AUX")


def _find_candidates(doc: Doc, lex: Lexicon) -> list[_Cand]:
    cands: list[_Cand] = []
    support, support_hyp, occur = lex.role("support"), lex.role("support_hyp"), lex.role("occur")
    for tok in doc:
        lemma = tok.lemma_.lower()
        if _verb_like(tok):
            rules = lex.verbs.get(lemma)
            if rules:
                r = _rule_for(tok, rules, lex, None)
                if r is not None:
                    cands.append(_Cand(tok, tok, r.type, r, hyp="hyp" in r.flags))
            continue
        if tok.pos_ not in ("NOUN", "PROPN") or tok.ent_type_ in _NOT_EVENT_ENTS:
            continue
        rules = lex.nouns.get(lemma)
        if not rules:
            continue
        gov, rel = noun_governor(tok)
        r = _rule_for(tok, rules, lex, gov)
        if r is None:
            continue
        cand = _Cand(tok, tok, r.type, r, nominal=True, hyp="hyp" in r.flags)
        light = rel in ("dobj", "nsubjpass", "attr") or rel in ("pobj:on", "pobj:in", "pobj:into")
        if gov is not None and light and (support_hyp.has(gov) or support.has(gov)):
            cand.anchor, cand.supported = gov, True
            cand.hyp |= support_hyp.has(gov) and not support.has(gov)
        elif gov is not None and rel in ("nsubj", "nsubjpass") and occur.has(gov) or gov is not None and rel == "attr" and child(gov, ("expl",)) is not None:
            cand.anchor = gov
        elif not _noun_happened(tok, r, rel):
            continue
        cands.append(cand)
    _add_commissives(doc, cands, lex)
    return cands


def _noun_happened(tok: Token, r: Rule, rel: str) -> bool:
    """A noun with no light or occurrence verb still reports a happening when it is the
    sentence (a headline), has an agent ("Russia's offensive"), a target ("the attack on X"),
    sets the scene ("amid protests"), or its row names its own governor."""
    if tok.dep_ == "ROOT" or "free" in r.flags or r.gov is not None or noun_agent(tok) is not None:
        return True
    if r.type == "ASSAULT" and any(c.dep_ == "prep" and c.lower_ in ("on", "against") for c in tok.children):
        return True
    return rel.startswith("pobj:") and rel[5:] in _CIRCUM_PREPS


def _complement(tok: Token) -> Token | None:
    """The action a commissive commits to: "promised to withdraw", "committed to opening"."""
    x = child(tok, ("xcomp",))
    if x is not None:
        return x
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "to":
            p = pobj_of(c)
            if p is not None and p.dep_ == "pcomp":
                return p
    return None


def _add_commissives(doc: Doc, cands: list[_Cand], lex: Lexicon) -> None:
    """ "Promised to release" is AGREE, "vowed to strike back" is THREATEN (PLOVER: a stated
    commitment is coded by what it commits to, hostile or not)."""
    commit, hostile = lex.role("commit"), lex.role("hostile")
    by_anchor: dict[int, _Cand] = {}
    for c in cands:
        by_anchor.setdefault(c.anchor.i, c)
    for tok in doc:
        if not commit.has(tok) or tok.pos_ not in ("VERB", "ADJ", "AUX"):
            continue
        comp = _complement(tok)
        if comp is None:
            continue
        inner = by_anchor.get(comp.i)
        etype = "THREATEN" if inner is not None and hostile.has_word(inner.type) else "AGREE"
        own = by_anchor.get(tok.i)
        if own is not None:
            if etype == "THREATEN":
                own.type = "THREATEN"
            own.commissive = True
            continue
        cand = _Cand(tok, tok, etype, None, commissive=True)
        cands.append(cand)
        by_anchor[tok.i] = cand


def _depth(tok: Token, report) -> int:
    d = 0
    while tok.head.i != tok.i:
        tok = tok.head
        if not report.has(tok):
            d += 1
    return d


def _clause(anchor: Token, top: Token, actor: Span | None, lex: Lexicon) -> tuple[int, int]:
    """Token bounds of the clause reporting the event: the anchor's subtree lifted through its
    complement chain, minus coordinated clauses and trailing punctuation."""
    node = top if top is not None else anchor
    if lex.role("report").has(node) and node.i != anchor.i:
        node = anchor
    skip: set[int] = set()
    for c in node.children:
        if c.i != anchor.i and (
            (c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") and not anchor.is_ancestor(c) and not c.is_ancestor(anchor))
            or c.dep_ in ("parataxis",)
        ) and not c.is_ancestor(anchor):
            skip.update(t.i for t in c.subtree)
        if c.dep_ == "cc" and any(s.dep_ == "conj" and s.pos_ in ("VERB", "AUX") and s.i > c.i for s in node.children):
            skip.add(c.i)
    toks = [t.i for t in node.subtree if t.i not in skip]
    start, end = min(toks), max(toks) + 1
    doc = anchor.doc
    sent = anchor.sent
    start, end = max(start, sent.start), min(end, sent.end)
    if actor is not None:
        a = doc.char_span(actor.start, actor.end, alignment_mode="expand")
        if a is not None and a.start >= sent.start:
            start = min(start, a.start)
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


def _target(c: _Cand, actor_tok: Token | None, lex: Lexicon) -> Token | None:
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
                    if p is not None and (actor_tok is None or p.i != actor_tok.i) and p.pos_ in ("NOUN", "PROPN", "PRON"):
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


def _actor(c: _Cand, lex: Lexicon) -> Token | None:
    if c.nominal and not c.supported:
        a = noun_agent(c.trigger)
        if a is None and c.type in ("CONSULT", "COOPERATE", "AGREE"):
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
    cands = _find_candidates(doc, lex)
    if not cands:
        return []
    ents = EntityIndex(doc, entities)
    anchors: dict[int, str] = {}
    verb_types: dict[int, set[str]] = {}
    for c in cands:
        anchors.setdefault(c.anchor.i, c.type)
        if not c.nominal:
            verb_types.setdefault(c.anchor.i, set()).add(c.type)
    dates = sorted(dates, key=lambda d: d.start)
    starts = [d.start for d in dates]
    report = lex.role("report")
    seen: set[tuple[int, str]] = set()
    scored: list[tuple[int, int, int, EventMention]] = []
    for c in cands:
        key = (c.anchor.i, c.type)
        if key in seen:
            continue  # "held talks": the light verb and the noun are one event
        if c.nominal and c.anchor.i == c.trigger.i:
            gov, _ = noun_governor(c.trigger)
            if gov is not None and gov.i in anchors and anchors[gov.i] == c.type:
                continue  # "killed in an attack": the verb already codes it
            if gov is not None and gov.i in anchors and noun_agent(c.trigger) is None and "free" not in (
                c.rule.flags if c.rule else ()
            ):
                continue  # "rejected the talks": the talks are what is rejected, not an event
        if c.supported and c.type not in verb_types.get(c.anchor.i, {c.type}) and noun_agent(c.trigger) is None:
            continue  # "rejected talks", "threatened a strike": the verb's own event codes it
        mood: Mood = mood_of(c.anchor, anchors, lex)
        if mood.governor is not None and mood.governor != c.anchor.i:
            continue  # "refused to withdraw", "accused X of attacking": the outer event codes it
        seen.add(key)
        negated = mood.negated or (c.nominal and noun_negated(c.trigger, lex))
        hyp = mood.hypothetical or c.hyp
        actor_tok = _actor(c, lex)
        target_tok = _target(c, actor_tok, lex)
        actor = arg_span(actor_tok, ents, lex)
        target = arg_span(target_tok, ents, lex)
        if actor is not None and target is not None and target.start < actor.end and actor.start < target.end:
            target = None
        skip = set()
        if target_tok is not None and c.type in ("ASSAULT", "CONSULT", "SANCTION", "AID"):
            skip = {t.i for t in target_tok.subtree}
        heads = [c.anchor, c.trigger] + ([target_tok] if target_tok is not None else [])
        if not c.nominal and (obj := child(c.anchor, OBJ_DEPS)) is not None:
            heads.append(obj)
        location = location_of(heads, ents, lex, skip)
        if location is None and target_tok is not None and target_tok.ent_type_ in ("GPE", "LOC", "FAC"):
            location = arg_span(target_tok, ents, lex) if c.type in ("ASSAULT", "COERCE", "PROTEST", "MOBILIZE",
                                                                    "RETREAT", "CONSULT") else None
        start, end = _clause(c.anchor, mood.top, actor, lex)
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
        scored.append((sent.start, _depth(c.anchor, report), c.anchor.i, ev))
    scored.sort(key=lambda x: (x[0], x[1], x[2]))
    return [ev for *_, ev in scored]
