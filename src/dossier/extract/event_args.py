"""Arguments of an event from the dependency parse: who acted, on whom, where.

Why spans and not entity ids: linking happens across documents, so here we only give the
words (as a character span) that name each participant, widened to the noun phrase so that the
entity mention inside it ("Russian" in "Russian forces") overlaps it for the link stage.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from dossier.extract.event_lexicon import Lexicon, WordSet, load_lexicon
from dossier.records import EntityMention, Span

SUBJ_DEPS = ("nsubj", "csubj")
PASS_SUBJ = ("nsubjpass", "csubjpass")
OBJ_DEPS = ("dobj", "obj")
WH_PRONOUNS = frozenset({"which", "who", "that", "whom", "whose"})
PERSONAL_PRONOUNS = frozenset({"it", "they", "he", "she", "we", "i", "them", "him", "her", "us"})
# Left modifiers that belong to a noun phrase naming a participant.
NP_LEFT = frozenset({"det", "amod", "compound", "poss", "nummod", "nmod", "quantmod", "case", "predet", "advmod"})
# Group nouns whose "of"-phrase names who they are ("members of the union").
GROUP_OF = frozenset(
    {
        "member", "group", "supporter", "leader", "head", "chief", "official", "representative",
        "delegation", "team", "army", "force", "government", "unit", "wing", "faction", "part",
        "some", "many", "most", "all", "one", "two", "thousand", "hundred", "dozen", "million",
        "majority", "minister", "ministry", "spokesman", "spokeswoman", "president", "militant",
        "fighter", "soldier", "activist", "worker", "resident", "citizen", "people", "doctor",
        "opponent", "ally", "allies", "troop", "envoy", "negotiator", "body", "office", "department",
    }
)

def subject(tok: Token) -> Token | None:
    """The subject, preferring a noun when the parser gave two ("Sudan's paramilitary RSF"),
    and of two nouns the one nearest the verb (a dateline "BAMAKO, March 4 - Fighters attacked"
    is parsed as a second subject)."""
    subj = None
    noun = None
    for c in tok.children:
        if c.dep_ in SUBJ_DEPS:
            if c.pos_ in ("NOUN", "PROPN", "PRON") and (noun is None or (noun.i < c.i < tok.i and _dateline(noun, c))):
                noun = c
            subj = subj or c
    subj = noun or subj
    if subj is not None and crosses_break(subj, tok):
        return None  # a headline's word is not the subject of the body's first verb
    if subj is not None and subj.is_upper and len(subj) > 1 and subj.left_edge.i == subj.sent.start:
        app = child(subj, ("appos",))
        if app is not None:
            return app  # "GOMA, Congo - M23 rebels seized": the dateline's place was parsed as subject
    return subj


def _orphan_subject(tok: Token) -> Token | None:
    """The subject of a block's first verb that the parser hung on the headline above it
    ("Navy seizes tanker in Gulf / The Iranian navy on Friday seized ..." with "navy" as the
    object of the headline's "in"): a noun before the verb, in its block, headed across the break."""
    doc = tok.doc
    i = tok.i - 1
    stop = max(tok.i - 13, -1)
    while i > stop and not (doc[i].is_space or "\n" in doc[i].whitespace_):
        i -= 1
    if i <= stop:
        return None  # no line break just before: the usual case, decided in a few tokens
    for t in doc[i + 1:tok.i]:
        if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod", "compound"):
            return None
        if t.pos_ in ("NOUN", "PROPN") and t.head.i != t.i and crosses_break(t, t.head):
            return t
    return None


def crosses_break(a: Token, b: Token) -> bool:
    """Whether a line break lies between two tokens: a headline, a dateline line or a live-blog
    entry is a block of its own, whatever the parser attached across it."""
    lo, hi = (a.i, b.i) if a.i < b.i else (b.i, a.i)
    doc = a.doc
    return any("\n" in doc[i].whitespace_ or (doc[i].is_space and "\n" in doc[i].text) for i in range(lo, hi))


_DASHES = frozenset({"-", "--", "\u2013", "\u2014"})


def _dateline(first: Token, second: Token) -> bool:
    """ "BAMAKO, March 4 - Fighters ...": a capitalised place, then a dash before the subject."""
    return first.is_upper or any(t.text in _DASHES for t in first.doc[first.i + 1:second.i])


def is_passive(tok: Token) -> bool:
    return any(c.dep_ in PASS_SUBJ or c.dep_ == "auxpass" for c in tok.children)

def child(tok: Token, deps: tuple[str, ...]) -> Token | None:
    for c in tok.children:
        if c.dep_ in deps:
            return c
    return None

def pobj_of(prep: Token) -> Token | None:
    for c in prep.children:
        if c.dep_ in ("pobj", "pcomp"):
            return c
    return None

def with_conjuncts(tok: Token) -> list[Token]:
    """The token and the nouns coordinated with it ("Israel and Jordan")."""
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "PRON", "NUM", "ADJ"):
            out.extend(with_conjuncts(c))
    return out

def look_through(tok: Token, quant: WordSet) -> list[Token]:
    """A partitive head and its content noun: "dozens of drones" -> [dozens, drones]."""
    out = [tok]
    if quant.has(tok) or tok.like_num or tok.ent_type_ == "CARDINAL":
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                p = pobj_of(c)
                if p is not None:
                    out.extend(look_through(p, quant))
    return out

def object_heads(tok: Token, preps: WordSet | None, second: str | None, lex: Lexicon) -> list[Token]:
    """Everything that could be the trigger's object, for condition checks."""
    quant = lex.classes["quant"]
    heads: list[Token] = []
    if tok.pos_ in ("NOUN", "PROPN"):
        for c in tok.children:
            if c.dep_ in ("compound", "amod", "nmod"):
                heads.append(c)
            elif c.dep_ == "prep" and (c.lower_ == "of" or (preps is not None and preps.has(c))):
                p = pobj_of(c)
                if p is not None:
                    heads.append(p)
    else:
        passive = is_passive(tok)
        for c in tok.children:
            dep = c.dep_
            if dep in OBJ_DEPS or dep in ("attr", "oprd", "dative", "npadvmod") or (passive and dep in PASS_SUBJ):
                heads.append(c)
            elif dep in ("prep", "prt", "agent") and (
                (preps is not None and preps.has(c)) or (second is not None and c.lower_ == second)
            ):
                p = pobj_of(c)
                if p is not None:
                    heads.append(p)
    out: list[Token] = []
    for h in heads:
        for x in with_conjuncts(h):
            out.extend(look_through(x, quant))
    return out

def has_particle(tok: Token, second: str) -> bool:
    return any(c.lower_ == second and c.dep_ in ("prt", "prep", "advmod", "dobj", "npadvmod") for c in tok.children)

def noun_governor(noun: Token) -> tuple[Token | None, str]:
    """The verb a noun hangs from and how: ("held", "dobj"), ("went", "pobj:on")."""
    n = noun
    while n.dep_ in ("conj", "appos") and n.head.pos_ in ("NOUN", "PROPN") and n.head.i != n.i:
        n = n.head
    dep, h = n.dep_, n.head
    if h.i == n.i:
        return None, "ROOT"
    if h.pos_ in ("VERB", "AUX") and dep in ("dobj", "nsubjpass", "nsubj", "attr", "oprd", "dative"):
        return h, dep
    if dep == "pobj" and h.dep_ in ("prep", "agent") and h.head.pos_ in ("VERB", "AUX", "ADJ"):
        return h.head, "pobj:" + h.lower_
    return None, dep

def agent_head(tok: Token, lex: Lexicon, depth: int = 0) -> Token | None:
    """The doer of a verb: its subject, the by-phrase of a passive, or the controller of an
    open complement ("agreed to spare" -> the subject of "agreed"; "urged Kyiv to talk" -> Kyiv),
    or the subject shared with a coordinated verb."""
    if depth > 8:
        return None
    subj = subject(tok)
    if subj is not None:
        if subj.lower_ in WH_PRONOUNS and tok.dep_ == "relcl":
            return tok.head
        return subj
    orphan = _orphan_subject(tok)
    if orphan is not None:
        return orphan
    if is_passive(tok):
        ag = child(tok, ("agent",))
        if ag is not None:
            return pobj_of(ag)
        if lex.role("commit").has(tok) or lex.role("commit_adj").has(tok):
            return child(tok, PASS_SUBJ)  # "Vietnam is committed to ..."
        return None
    dep, head = tok.dep_, tok.head
    if head.i == tok.i:
        return None
    if dep == "conj" and head.pos_ in ("VERB", "AUX", "ADJ"):
        if is_passive(head) and not is_passive(tok) and tok.tag_ != "VBN":
            return child(head, PASS_SUBJ)  # "X was indicted by the court and will resign": X resigns
        return agent_head(head, lex, depth + 1)
    if dep == "acl" and tok.tag_ == "VBG" and head.pos_ in ("NOUN", "PROPN"):
        # "a statement condemning X" -> who issued it; "rebels fighting the army" -> the rebels
        if lex.classes["document"].has(head) or lex.classes["proposal"].has(head):
            gov, rel = noun_governor(head)
            return agent_head(gov, lex, depth + 1) if gov is not None and rel == "dobj" else None
        return head
    purpose = dep == "advcl" and any(a.dep_ == "aux" and a.lower_ == "to" for a in tok.children)
    if dep in ("xcomp", "acomp") or (dep == "advcl" and (tok.tag_ == "VBG" or purpose)):
        if dep == "xcomp" and lex.role("objcontrol").has(head):
            obj = child(head, OBJ_DEPS)
            if obj is not None:
                return obj
        if dep == "xcomp" and is_passive(head) and child(head, ("agent",)) is None:
            return child(head, PASS_SUBJ)  # "X is expected to meet", "X was forced to withdraw"
        if head.pos_ in ("VERB", "AUX", "ADJ"):
            return agent_head(head, lex, depth + 1)
    if dep == "pcomp" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX", "ADJ"):
        # "committed to opening", "by attacking"
        return agent_head(head.head, lex, depth + 1)
    return None

def resolve_pronoun(subj: Token, anchor: Token, lex: Lexicon) -> Token:
    """ "Syria says it will withdraw": a pronoun subject of a reported clause is the reporter."""
    if subj.pos_ != "PRON" or subj.lower_ not in PERSONAL_PRONOUNS:
        return subj
    node = anchor
    for _ in range(8):
        if node.dep_ not in ("ccomp", "xcomp", "conj", "acomp", "advcl") or node.head.i == node.i:
            break
        node = node.head
        if lex.role("report").has(node) or lex.role("commit").has(node) or lex.role("intend").has(node):
            s = agent_head(node, lex, 1)
            if s is not None and s.pos_ != "PRON":
                return s
    return subj

_PERSON_PRON = frozenset({"he", "she", "him", "her"})
_PLURAL_PRON = frozenset({"they", "them"})
_BODY_ENTS = frozenset({"ORG", "NORP", "GPE"})
_POSSESSIVE = {"its": "it", "their": "they", "his": "he"}
_ANTECEDENT_SENTS = 2  # how many sentences back a pronoun actor may look


def antecedent(pron: Token, lex: Lexicon) -> Token | None:
    """The nearest earlier subject a pronoun actor can stand for, in its own sentence or the two
    before ("Police raided the offices on Monday. They arrested three editors."): a person for
    he/she, a plural noun or a body (group, country, organisation) for they, a singular
    non-person for it. Subjects only: in news the actor carried on by a pronoun was a subject."""
    low = _POSSESSIVE.get(pron.lower_, pron.lower_)  # "their offensive": who "they" are
    if pron.pos_ != "PRON" or not (low in _PERSON_PRON or low in _PLURAL_PRON or low == "it"):
        return None
    persons = lex.classes["person_role"]
    doc = pron.doc
    sent = pron.sent
    lo = sent.start
    for _ in range(_ANTECEDENT_SENTS):
        if lo == 0:
            break
        lo = doc[lo - 1].sent.start
    for i in range(pron.i - 1, lo - 1, -1):
        t = doc[i]
        if t.dep_ not in ("nsubj", "nsubjpass") or t.pos_ not in ("NOUN", "PROPN"):
            continue
        person = t.ent_type_ == "PERSON" or (t.pos_ == "NOUN" and persons.has(t))
        plural = t.tag_ in ("NNS", "NNPS")
        body = t.ent_type_ in _BODY_ENTS
        if low in _PERSON_PRON:
            ok = person and not plural
        elif low in _PLURAL_PRON:
            ok = (plural or body) and t.ent_type_ != "PERSON"
        else:
            ok = not person and not plural
        if ok:
            return t
    return None


def noun_agent(noun: Token) -> Token | None:
    """Who did a nominal event: "Russia's attack", "the Israeli offensive", "attacks by rebels"
    (not a time: "last week's arrest")."""
    for c in noun.children:
        if c.dep_ == "poss" and c.ent_type_ not in ("DATE", "TIME") and not (
            c.pos_ == "NOUN" and load_lexicon().classes["place"].has(c)
        ):
            return c  # not a place suffering it ("the town's shelling") nor a time
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ == "by":
            p = pobj_of(c)
            if p is not None:
                return p
    for c in noun.children:
        if c.dep_ in ("amod", "compound", "nmod") and c.ent_type_ in ("NORP", "GPE", "ORG", "PERSON"):
            return c
    for c in noun.children:
        # "US Predator attacks": the name sits one level down
        if c.dep_ in ("compound", "nmod") and any(
            g.dep_ in ("compound", "amod") and g.ent_type_ in ("NORP", "GPE", "ORG") for g in c.children
        ):
            return c
    return None

class EntityIndex:
    """Token -> the entity mention that covers it, built once per document."""

    def __init__(self, doc: Doc, entities: list[EntityMention]) -> None:
        self.doc = doc
        self.by_token: dict[int, EntityMention] = {}
        for ent in entities:
            span = doc.char_span(ent.start, ent.end, alignment_mode="expand")
            if span is None:
                continue
            for t in span:
                self.by_token[t.i] = ent

    def get(self, tok: Token) -> EntityMention | None:
        return self.by_token.get(tok.i)

def _left_edge(tok: Token) -> int:
    """First token of the compact noun phrase headed by tok (modifiers on its left)."""
    left = tok.i
    for c in tok.lefts:
        if c.dep_ in NP_LEFT and c.ent_type_ not in ("DATE", "TIME"):  # not a dateline's date
            left = min(left, c.left_edge.i)
    return left

def np_bounds(tok: Token, ents: EntityIndex, lex: Lexicon, depth: int = 0) -> tuple[int, int]:
    """Token bounds [start, end) of the participant phrase around its head word."""
    start, end = _left_edge(tok), tok.i + 1
    ent = ents.get(tok)
    if tok.pos_ == "PRON":
        return tok.i, tok.i + 1
    # Multi-word names the parser split ("Sheikh Hamad bin Khalifa").
    for c in tok.rights:
        if c.dep_ in ("compound", "flat"):
            end = max(end, c.right_edge.i + 1)
    if depth < 2 and ent is None:
        quant = lex.classes["quant"]
        lemma = tok.lemma_.lower()
        for c in tok.rights:
            if c.dep_ != "prep":
                continue
            p = pobj_of(c)
            if p is None:
                continue
            of_group = c.lower_ == "of" and (lemma in GROUP_OF or quant.has(tok) or tok.like_num)
            placed = c.lower_ in ("in", "from") and p.ent_type_ in ("GPE", "LOC", "NORP")
            org = c.lower_ == "from" and p.ent_type_ == "ORG" and lemma in GROUP_OF
            if of_group or placed or org:
                end = max(end, np_bounds(p, ents, lex, depth + 1)[1])
    # A role named by an appositive name ("The city's mayor, Benoit Payan"): the name is who acted.
    if depth == 0 and tok.pos_ == "NOUN":
        for c in tok.rights:
            if c.dep_ == "appos" and c.ent_type_ in ("PERSON", "ORG"):
                end = max(end, np_bounds(c, ents, lex, depth + 1)[1])
    # Coordinated participants ("the United States and Jordan").
    for c in tok.rights:
        if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN") and depth < 3:
            end = max(end, np_bounds(c, ents, lex, depth + 1)[1])
    doc = tok.doc
    if ent is not None:
        es = doc.char_span(ent.start, ent.end, alignment_mode="expand")
        if es is not None:
            start, end = min(start, es.start), max(end, es.end)
    while end - 1 > start and (doc[end - 1].is_punct or doc[end - 1].tag_ == "POS"):
        end -= 1
    start = _after_stamp(doc, start, tok.i)
    while start < end - 1 and (doc[start].is_punct or doc[start].dep_ == "cc"):
        start += 1
    return start, end


def _after_stamp(doc: Doc, start: int, head: int) -> int:
    """Skip a live-blog time stamp or a dateline before the phrase ("11:15 - Opposition leader X",
    "GOMA, Congo - M23 rebels"): everything up to a dash made only of numbers, times, dates,
    punctuation and capitalised place words."""
    for i in range(start, head):
        if doc[i].text in _DASHES:
            if all(t.like_num or t.is_punct or t.ent_type_ in ("TIME", "DATE", "GPE") or t.is_upper
                   or ":" in t.text for t in doc[start:i]):
                return i + 1
            return start
    return start

def within_block(doc: Doc, start: int, end: int, head: int) -> tuple[int, int]:
    """Cut [start, end) at line breaks so a span never runs from a headline into the body."""
    for i in range(head - 1, start - 1, -1):
        if doc[i].is_space or "\n" in doc[i].whitespace_:
            start = i + 1
            break
    for i in range(head, end):
        if doc[i].is_space or ("\n" in doc[i].whitespace_ and i < end - 1):
            end = i + (0 if doc[i].is_space else 1)
            break
    return start, max(end, start + 1)


def token_span(doc: Doc, start: int, end: int) -> Span:
    sp = doc[start:end]
    return Span(sp.start_char, sp.end_char, sp.text)

def arg_span(tok: Token | None, ents: EntityIndex, lex: Lexicon) -> Span | None:
    if tok is None:
        return None
    s, e = np_bounds(tok, ents, lex)
    s, e = within_block(tok.doc, s, e, tok.i)
    return token_span(tok.doc, s, e)

def place_in(tok: Token, ents: EntityIndex, skip: set[int]) -> Span | None:
    """The first place name (GPE/LOC/FAC) in the phrase under tok, skipping clauses inside it."""
    stack = [tok]
    while stack:
        t = stack.pop(0)
        if t.i in skip:
            continue
        if t.ent_type_ in ("GPE", "LOC", "FAC"):
            ent = ents.get(t)
            if ent is not None and ent.type in ("GPE", "LOC", "FAC"):
                return Span(ent.start, ent.end, ent.text)
            for e in t.doc.ents:
                if e.start <= t.i < e.end:
                    return Span(e.start_char, e.end_char, e.text)
        stack.extend(c for c in t.children if c.dep_ not in ("relcl", "acl", "advcl", "ccomp", "conj", "appos"))
    return None

def location_of(heads: list[Token], ents: EntityIndex, lex: Lexicon, skip: set[int]) -> Span | None:
    """A place in a locative phrase ("in X", "near X") attached to the event's words."""
    loc_preps = lex.role("loc_prep")
    for h in heads:
        for c in h.children:
            if c.dep_ == "prep" and loc_preps.has(c) and c.i not in skip:
                p = pobj_of(c)
                if p is not None:
                    sp = place_in(p, ents, skip)
                    if sp is not None:
                        return sp
    return None
