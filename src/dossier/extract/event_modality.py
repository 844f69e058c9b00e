"""Is a coded event real? Negation, hypothetical mood, and events nested inside other events.

Why one walk up the parse: the answer depends on the verbs that govern the trigger ("did not
*agree*", "*plans* to attack", "*refused* to withdraw", "said it *would* meet"), so we climb from
the event's verb through its complements once and read every governor on the way.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from dossier.extract.event_args import child, crosses_break, noun_governor
from dossier.extract.event_lexicon import Lexicon

# Embedded in a commitment or threat, only a meeting stays an event of its own (hypothetical):
# "offered to hold talks" is a proposal to meet; "vowed to attack" is one THREATEN, not two.
SEPARATE_WHEN_EMBEDDED = frozenset({"CONSULT"})
CLIMB = frozenset({"xcomp", "ccomp", "acomp", "advcl", "conj", "pcomp", "parataxis", "acl", "relcl"})


@dataclass(slots=True)
class Mood:
    negated: bool = False
    hypothetical: bool = False
    governor: int | None = None  # token index of an event trigger that embeds this one
    top: Token | None = None  # highest clause head reached before a reporting verb


def has_neg(tok: Token) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


def _infinitive(tok: Token) -> bool:
    return tok.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def has_modal(tok: Token, lex: Lexicon) -> bool:
    modal = lex.role("modal")
    for c in tok.children:
        if c.dep_ == "aux" and (c.tag_ == "MD" or modal.has(c)):
            return True
        # "is going to attack", "is to meet"
        if c.dep_ == "aux" and c.lower_ == "to" and tok.dep_ == "xcomp" and tok.head.lemma_ == "go":
            return True
    return False


def _cond_mark(tok: Token, lex: Lexicon) -> bool:
    mark = child(tok, ("mark",))
    return mark is not None and lex.role("cond_mark").has(mark)


def _obj_negated(tok: Token, lex: Lexicon) -> bool:
    """ "no deadline had been set", "signed no deal", "neither side has withdrawn"."""
    neg_det = lex.role("neg_det")
    for c in tok.children:
        if c.dep_ in ("dobj", "nsubjpass", "attr", "nsubj") and any(
            d.dep_ in ("det", "neg") and neg_det.has(d) for d in c.children
        ):
            return True
    return False


def mood_of(anchor: Token, anchors: dict[int, tuple[str, bool]], lex: Lexicon, etype: str = "") -> Mood:
    """Climb from the event's clause head. ``anchors`` maps the clause heads of other events to
    (type, keeps): whether that event keeps what it embeds ("agreed to spare": the sparing is
    coded, hypothetical) or codes it itself ("refused to withdraw": only the refusal)."""
    m = Mood(negated=has_neg(anchor) or _obj_negated(anchor, lex), hypothetical=has_modal(anchor, lex))
    report, intend, intend_adj = lex.role("report"), lex.role("intend"), lex.role("intend_adj")
    fail, deny, implicative = lex.role("fail"), lex.role("deny"), lex.role("implicative")
    claim, commit_adj = lex.role("claim"), lex.role("commit_adj")
    node = anchor
    for _ in range(12):
        dep, head = node.dep_, node.head
        if head.i == node.i or dep not in CLIMB or crosses_break(node, head):
            break  # a headline does not govern the body's first sentence
        if dep == "conj" and node.tag_ in ("VBD", "VBZ") and _infinitive(head) and head.head.i != head.i:
            head = head.head  # "used gas to clear X and arrested 23": coordinated with "used", not "clear"
        if dep == "pcomp":
            # "committed to opening": opening <- to <- committed
            if head.dep_ != "prep" or head.head.i == head.i:
                break
            head = head.head
        if claim.has(head) and head.i not in anchors:
            m.governor = head.i  # "suspected of bombing": an allegation, not an event
            break
        if dep in ("acl", "relcl"):
            # "the proposal to hold talks", "a plan to attack": a plan, not a happening;
            # "the deal signed in Pretoria", "a camp attacked by militiamen": it happened
            aux = child(node, ("aux",))
            if aux is None or aux.lower_ != "to":
                break
            m.hypothetical = True
            gov, _ = noun_governor(head)
            if gov is not None and gov.i in anchors:
                m.governor = gov.i
            break
        if dep == "advcl":
            if _cond_mark(node, lex):
                m.hypothetical = True
                if head.i in anchors:
                    m.governor = head.i  # the condition of a threat or offer is not itself coded
                    break
            elif child(node, ("aux",)) is not None and child(node, ("aux",)).lower_ == "to":
                m.hypothetical = True  # purpose clause: "opened fire to disperse"
            if head.i in anchors and not anchors[head.i][1] and (m.hypothetical or node.tag_ == "VB"):
                m.governor = head.i
                break
            if not (head.i in anchors and anchors[head.i][1]):
                break
        elif dep in ("ccomp", "parataxis") and report.has(head):
            if head.i in anchors and (anchors[head.i][0] == "REQUEST" or etype not in SEPARATE_WHEN_EMBEDDED):
                m.governor = head.i  # "X said Y must withdraw", "X said it would withdraw": the outer event codes it
            else:
                m.hypothetical |= head.i in anchors
            break  # a reported clause is coded on its own
        if head.i in anchors and dep != "conj":
            if not anchors[head.i][1] or etype not in SEPARATE_WHEN_EMBEDDED:
                # "refused to withdraw", "threatened to strike", "agreed to spare": one event,
                # the outer one (PLOVER codes the commitment or threat, its content is a mode)
                m.governor = head.i
                break
            m.hypothetical = True  # "agreed to hold talks": an offer to meet is still a CONSULT
            m.negated |= has_neg(head)
        elif dep == "conj":
            m.hypothetical |= has_modal(head, lex)
        else:
            if intend.has(head) or intend_adj.has(head) or commit_adj.has(head):
                m.hypothetical = True
            if fail.has(head) or deny.has(head):
                m.negated = True
            if has_neg(head) and (implicative.has(head) or intend.has(head) or intend_adj.has(head)
                                  or commit_adj.has(head) or head.pos_ == "AUX"):
                m.negated = True
            m.hypothetical |= has_modal(head, lex)
        node = head
    m.top = node
    if etype != "THREATEN" and any(  # a threat is conditional by nature and still real
        c.dep_ == "advcl" and _cond_mark(c, lex) for t in (node, anchor) for c in t.children
    ):
        m.hypothetical = True
    return m


def noun_negated(noun: Token, lex: Lexicon) -> bool:
    """ "no talks", "no breakthrough", "ended without agreement"."""
    neg_det = lex.role("neg_det")
    if any(c.dep_ in ("det", "neg", "advmod") and neg_det.has(c) for c in noun.children):
        return True
    return noun.dep_ == "pobj" and neg_det.has(noun.head)
