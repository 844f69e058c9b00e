"""Events read off the shape of a sentence rather than a trigger word.

PLOVER codes a stated commitment by what it commits to: "promised to release" is AGREE,
"vowed to fight" is THREATEN, "is willing to withdraw" is AGREE, "said it would boycott ...
unless" is THREATEN; and an obligation laid on another party ("X said Y must withdraw") is a
REQUEST by X of Y. The committed or demanded action itself stays coded, as hypothetical.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from dossier.extract.event_args import (
    PERSONAL_PRONOUNS,
    SUBJ_DEPS,
    agent_head,
    child,
    pobj_of,
    resolve_pronoun,
)
from dossier.extract.event_lexicon import Lexicon
from dossier.extract.event_modality import has_neg
from dossier.extract.event_triggers import Cand

_FUTURE = frozenset({"will", "would", "shall", "'ll", "wo"})
_SELF = frozenset({"we", "i"})


def _complement(tok: Token) -> Token | None:
    """The action committed to: "promised to withdraw", "sworn to fight", "committed to opening"."""
    x = child(tok, ("xcomp",))
    if x is not None:
        return x
    return _to_clause(tok)


def _to_clause(tok: Token) -> Token | None:
    for c in tok.children:
        if c.dep_ == "advcl" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
            return c
        if c.dep_ == "prep" and c.lower_ == "to":
            p = pobj_of(c)
            if p is not None and p.dep_ == "pcomp":
                return p
    return None


def _has_unless(tok: Token, lex: Lexicon) -> bool:
    for c in tok.children:
        if c.dep_ == "advcl":
            mark = child(c, ("mark",))
            if mark is not None and mark.lower_ == "unless":
                return True
    return False


def _kind(inner: Cand | None, tok: Token, lex: Lexicon) -> str:
    if inner is not None and tok.lemma_ == "prepare" and inner.type == "ASSAULT":
        return "MOBILIZE"  # preparing an attack is a mobilisation
    if inner is not None and lex.role("hostile").has_word(inner.type.lower()):
        return "THREATEN"
    if _has_unless(tok, lex) or (inner is not None and _has_unless(inner.anchor, lex)):
        return "THREATEN"
    return "AGREE"


def _same_party(subj: Token, reporter: Token, anchor: Token, lex: Lexicon) -> bool:
    if subj.pos_ == "PRON":
        return subj.lower_ in PERSONAL_PRONOUNS and resolve_pronoun(subj, anchor, lex).i == reporter.i
    return subj.lower_ == reporter.lower_ or subj.i == reporter.i


def add_derived(doc: Doc, cands: list[Cand], lex: Lexicon) -> None:
    """Append commissive, statement-of-intent and obligation events to ``cands``."""
    commit, commit_adj, report, deontic = (
        lex.role("commit"), lex.role("commit_adj"), lex.role("report"), lex.role("deontic"))
    by_anchor: dict[int, Cand] = {}
    for c in cands:
        by_anchor.setdefault(c.anchor.i, c)
    for tok in doc:
        preparing = tok.lemma_ == "prepare" and tok.pos_ == "VERB" and not commit_adj.has(tok)
        if (commit.has(tok) and tok.pos_ in ("VERB", "ADJ")) or (commit_adj.has(tok) and tok.pos_ in ("ADJ", "VERB")) or preparing:
            comp = _complement(tok)
            if comp is None:
                continue
            # "prepared to resume shelling": look through verbs of continuing or starting
            while comp.i not in by_anchor and lex.role("implicative").has(comp):
                nxt = child(comp, ("xcomp",))
                if nxt is None:
                    break
                comp = nxt
            kind = _kind(by_anchor.get(comp.i), tok, lex)
            if preparing and kind != "MOBILIZE":
                continue  # "preparing to meet": only the meeting, as hypothetical
            own = by_anchor.get(tok.i)
            if own is not None:
                own.commissive = True
                if kind != "AGREE":
                    own.type = kind
                continue
            cand = Cand(tok, tok, kind, None, commissive=True, derived=True)
            cands.append(cand)
            by_anchor[tok.i] = cand
        elif report.has(tok) and tok.pos_ == "VERB" and tok.i not in by_anchor:
            _reported(tok, cands, by_anchor, lex, deontic)
    _ultimatums(cands, lex)


def _ultimatums(cands: list[Cand], lex: Lexicon) -> None:
    """ "the bloc would target bourbon unless the US lifted the tariffs", "we will strike unless
    ...": a hostile action announced for the future on a condition is a threat, whoever reports it."""
    hostile = lex.role("hostile")
    for c in cands:
        if c.nominal or c.derived or c.type == "THREATEN" or not hostile.has_word(c.type.lower()):
            continue
        a = c.anchor
        if any(x.dep_ == "aux" and x.lower_ in _FUTURE for x in a.children) and _has_unless(a, lex):
            c.type = "THREATEN"


def _reported(tok: Token, cands: list[Cand], by_anchor: dict[int, Cand], lex: Lexicon, deontic) -> None:
    """ "X said it would release ..." (a commitment) or "X said Y must withdraw" (a demand)."""
    comp = child(tok, ("ccomp",))
    reporter = agent_head(tok, lex)
    if comp is None or reporter is None or reporter.pos_ == "PRON":
        return
    subj = child(comp, SUBJ_DEPS) or child(comp, ("nsubjpass",))
    if subj is None:
        return
    auxes = [a for a in comp.children if a.dep_ == "aux"]
    must = any(deontic.has(a) and a.tag_ == "MD" for a in auxes) or (
        comp.lemma_ in ("have", "need") and child(comp, ("xcomp",)) is not None
    )
    if must and subj.lower_ not in _SELF and not _same_party(subj, reporter, comp, lex):
        cand = Cand(tok, tok, "REQUEST", None, derived=True)
        cands.append(cand)
        by_anchor[tok.i] = cand
        return
    inner = by_anchor.get(comp.i)
    if inner is None or has_neg(comp) or not any(a.lower_ in _FUTURE for a in auxes):
        return
    if not _same_party(subj, reporter, comp, lex):
        return
    cand = Cand(tok, tok, _kind(inner, comp, lex), None, commissive=True, derived=True)
    cands.append(cand)
    by_anchor[tok.i] = cand
