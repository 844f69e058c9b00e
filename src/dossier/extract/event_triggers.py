"""Finding event triggers: every token looked up once in the PLOVER lexicon.

Verbs are coded when a row's dependency conditions hold ("fire" + drones -> ASSAULT). Nouns
("talks", "shelling") only when something in the sentence says they happened: a light verb
("held talks"), an occurrence verb ("fighting erupted"), an agent ("Russia's offensive"), a
target ("the attack on X"), a scene-setting preposition ("amid protests"), or a headline.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from dossier.extract.event_args import (
    OBJ_DEPS,
    PASS_SUBJ,
    agent_head,
    child,
    has_particle,
    look_through,
    noun_agent,
    noun_governor,
    object_heads,
    resolve_pronoun,
)
from dossier.extract.event_lexicon import Lexicon, Rule, lemma_keys

# Entity labels a noun trigger cannot carry ("March" the month, "Strike" a person's name).
_NOT_EVENT_ENTS = frozenset(
    {"DATE", "TIME", "PERSON", "GPE", "LOC", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY",
     "WORK_OF_ART", "PRODUCT", "LANGUAGE", "FAC"}
)
# Prepositions under which a noun event is reported as having happened ("amid protests").
CIRCUM_PREPS = frozenset(
    {"amid", "during", "after", "following", "despite", "in", "since", "throughout", "without"}
)


@dataclass(slots=True)
class Cand:
    """A trigger found in the text, before its arguments are read."""

    trigger: Token  # the trigger word
    anchor: Token  # head of the clause that reports it (the light verb for "held talks")
    type: str
    rule: Rule | None
    nominal: bool = False
    hyp: bool = False
    supported: bool = False  # a noun carried by a light or motion verb
    commissive: bool = False  # a commitment: the action it commits to is still coded, as hypothetical
    derived: bool = False  # read off the sentence's shape, not a trigger word; ranks first
    nokeep: bool = False  # an ultimatum: its terms are demanded of others, not coded


def _rule_for(tok: Token, rules: list[Rule], lex: Lexicon, gov: Token | None) -> Rule | None:
    for r in rules:
        if _conds_hold(tok, r, lex, gov):
            return r
    return None


def _conds_hold(tok: Token, r: Rule, lex: Lexicon, gov: Token | None) -> bool:
    if r.second is not None and not has_particle(tok, r.second):
        return False
    flags = r.flags
    if "ccomp" in flags and child(tok, ("ccomp",)) is None and not _inverted_report(tok):
        return False
    if "xcomp" in flags and child(tok, ("xcomp",)) is None:
        return False
    if r.notcomp is not None and any(c.dep_ == "xcomp" and r.notcomp.has(c) for c in tok.children):
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
        subjs = look_through(subj, lex.classes["quant"]) if subj is not None else []
        if r.subj is not None and not any(r.subj.has(x) for x in subjs):
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


def _inverted_report(tok: Token) -> bool:
    """ "X is failing ..., a rights group protested": the content clause comes first."""
    return tok.dep_ in ("ccomp", "parataxis") and tok.i > tok.head.i and child(tok, ("nsubj",)) is not None


def _verb_like(tok: Token) -> bool:
    return tok.pos_ == "VERB" or (tok.tag_.startswith("VB") and tok.pos_ != "AUX")


def _verb_rules(tok: Token, lex: Lexicon) -> list[Rule] | None:
    for key in lemma_keys(tok):
        rules = lex.verbs.get(key)
        if rules:
            return rules
    return None


def find_candidates(doc: Doc, lex: Lexicon) -> list[Cand]:
    """Every trigger in the document, once, with the clause head that reports it."""
    cands: list[Cand] = []
    support, support_hyp, occur = lex.role("support"), lex.role("support_hyp"), lex.role("occur")
    motion, frame = lex.role("motion"), lex.role("frame")
    for tok in doc:
        if _verb_like(tok):
            if tok.dep_ == "amod":
                continue  # "the detained journalists", "wounded patients": a description, not a report
            if tok.dep_ in ("dobj", "pobj", "nsubj", "nsubjpass") and tok.tag_ in ("VBN", "VBD") and any(
                c.dep_ == "det" for c in tok.children
            ):
                continue  # "evacuated the wounded": a participle used as a noun
            rules = _verb_rules(tok, lex)
            if rules:
                r = _rule_for(tok, rules, lex, None)
                if r is not None:
                    cands.append(Cand(tok, tok, r.type, r, hyp="hyp" in r.flags, nokeep="nokeep" in r.flags))
            continue
        if tok.pos_ not in ("NOUN", "PROPN") or tok.ent_type_ in _NOT_EVENT_ENTS:
            continue
        rules = lex.nouns.get(tok.lemma_.lower()) or lex.nouns.get(tok.lower_)
        if not rules and tok.i >= 2 and doc[tok.i - 1].text == "-":
            rules = lex.nouns.get(doc[tok.i - 2].lower_ + "-" + tok.lower_)  # "sit-in"
        if not rules:
            continue
        # "a mediation effort", "the withdrawal process": the frame noun carries the relation
        carrier = tok.head if tok.dep_ == "compound" and frame.has(tok.head) else tok
        if carrier.dep_ == "pobj" and carrier.head.lower_ in ("of", "in") and (
            lex.classes["duration"].has(carrier.head.head) or lex.classes["quant"].has(carrier.head.head)
            or carrier.head.head.ent_type_ == "MONEY"
        ):
            carrier = carrier.head.head  # "after weeks of protests", "$12 million in assistance"
        gov, rel = noun_governor(carrier)
        r = _rule_for(tok, rules, lex, gov)
        if r is None:
            continue
        cand = Cand(tok, tok, r.type, r, nominal=True, hyp="hyp" in r.flags)
        light = rel in ("dobj", "nsubjpass", "attr", "pobj:on", "pobj:in", "pobj:into")
        if gov is not None and light and (support_hyp.has(gov) or support.has(gov)):
            cand.anchor, cand.supported = gov, True
            cand.hyp |= support_hyp.has(gov)
        elif gov is not None and (
            (rel in ("nsubj", "nsubjpass") and occur.has(gov))
            or (rel == "attr" and child(gov, ("expl",)) is not None)
        ):
            cand.anchor = gov
        elif gov is not None and rel == "pobj:for" and motion.has(gov):
            cand.anchor, cand.supported = gov, True  # "return to Geneva for talks"
        elif gov is not None and rel == "pobj:with" and lex.role("respond").has(gov):
            cand.anchor, cand.supported = gov, True  # "responded with air strikes on two villages"
        elif not _noun_happened(tok, r, rel, lex):
            continue
        cands.append(cand)
    return cands


def _noun_happened(tok: Token, r: Rule, rel: str, lex: Lexicon) -> bool:
    """A noun with no light or occurrence verb still reports a happening when it is the
    sentence (a headline), has an agent ("Russia's offensive"), a target ("the attack on X"),
    sets the scene ("amid protests"), or its row names its own governor."""
    if tok.dep_ == "ROOT" or "free" in r.flags or r.gov is not None or noun_agent(tok) is not None:
        return True
    if r.type == "ASSAULT" and any(c.dep_ == "prep" and c.lower_ in ("on", "against") for c in tok.children):
        return True
    if r.type in ("ASSAULT", "COERCE", "CONCEDE") and tok.dep_ != "compound" and _of_person(tok, lex):
        return True  # "the killing of villagers", "the arrest of two reporters": done to someone
    return rel.startswith("pobj:") and rel[5:] in CIRCUM_PREPS



def _of_person(tok: Token, lex: Lexicon) -> bool:
    people = lex.classes["person"]
    return any(
        c.dep_ == "prep" and c.lower_ == "of" and any(p.dep_ == "pobj" and people.has(p) for p in c.children)
        for c in tok.children
    )
