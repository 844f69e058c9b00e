"""The event lexicon: PLOVER triggers, word classes and function-verb roles, read from data files.

Why data files: the trigger list is the part of event coding that grows with every new beat
(sports, business, elections...), so it lives beside the code as TSV that anyone can extend,
and is parsed once into sets and per-lemma rule lists so the per-token check is a dict lookup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from spacy.tokens import Token

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)


def lemma_keys(tok: Token) -> tuple[str, ...]:
    """The lemma, the word, and for inflected verbs the base forms the lemmatizer sometimes
    misses ("staged" -> "stag" by the model; we also try "stage")."""
    low = tok.lower_
    lem = tok.lemma_.lower()
    if tok.tag_ in ("VBD", "VBN") and low.endswith("ed"):
        return (lem, low, low[:-1], low[:-2])
    if tok.tag_ == "VBG" and low.endswith("ing"):
        return (lem, low, low[:-3] + "e", low[:-3])
    if tok.tag_ in ("VBZ", "NNPS") and low.endswith("s"):
        return (lem, low, low[:-1])
    if tok.pos_ == "PROPN" and low.endswith("ers") and tok.is_title:
        return (lem, low, low[:-1])  # a capitalised "Protesters" at a block start, tagged as a name
    return (lem, low)


@dataclass(frozen=True, slots=True)
class WordSet:
    """Lemmas plus entity labels ("ENT:GPE"); a token matches by lemma, lower form or entity type."""

    words: frozenset[str]
    ents: frozenset[str]

    def has(self, tok: Token) -> bool:
        if bool(self.ents) and tok.ent_type_ in self.ents:
            return True
        return any(k in self.words for k in lemma_keys(tok))

    def has_word(self, word: str) -> bool:
        return word in self.words


EMPTY = WordSet(frozenset(), frozenset())


@dataclass(slots=True)
class Rule:
    """One trigger row: the type it gives and the conditions under which it applies."""

    lemma: str
    pos: str  # V | N
    type: str
    second: str | None = None  # the particle of a two-word lemma ("back" in "pull back")
    obj: WordSet | None = None
    notobj: WordSet | None = None
    prep: WordSet | None = None
    subj: WordSet | None = None
    notsubj: WordSet | None = None
    mod: WordSet | None = None
    notmod: WordSet | None = None
    gov: WordSet | None = None
    notgov: WordSet | None = None
    notcomp: WordSet | None = None
    flags: frozenset[str] = field(default_factory=frozenset)


@dataclass(slots=True)
class Lexicon:
    verbs: dict[str, list[Rule]]
    nouns: dict[str, list[Rule]]
    classes: dict[str, WordSet]
    roles: dict[str, WordSet]
    target_preps: dict[str, WordSet]

    def role(self, name: str) -> WordSet:
        return self.roles.get(name, EMPTY)


def _data_lines(name: str) -> list[list[str]]:
    text = resources.files("dossier.extract").joinpath("data", name).read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append(line.rstrip("\n").split("\t"))
    return rows


def _wordset(items: str, classes: dict[str, WordSet]) -> WordSet:
    words: set[str] = set()
    ents: set[str] = set()
    for raw in items.split(","):
        item = raw.strip()
        if not item:
            continue
        if item.startswith("@"):
            cls = classes[item[1:]]
            words |= cls.words
            ents |= cls.ents
        elif item.startswith("ENT:"):
            ents.add(item[4:])
        else:
            words.add(item.lower())
    return WordSet(frozenset(words), frozenset(ents))


_COND_KEYS = ("obj", "notobj", "prep", "subj", "notsubj", "mod", "notmod", "gov", "notgov", "notcomp")


def _rule(cols: list[str], classes: dict[str, WordSet]) -> Rule:
    lemma, pos, etype = cols[0].strip(), cols[1].strip(), cols[2].strip()
    if etype not in PLOVER_TYPES:
        raise ValueError(f"event_triggers.tsv: unknown PLOVER type {etype!r} for {lemma!r}")
    head, _, second = lemma.partition(" ")
    rule = Rule(lemma=head.lower(), pos=pos, type=etype, second=second.lower() or None)
    flags = set()
    for cond in (cols[3].split() if len(cols) > 3 else []):
        key, eq, val = cond.partition("=")
        if eq and key in _COND_KEYS:
            setattr(rule, key, _wordset(val, classes))
        elif not eq:
            flags.add(key)
        else:
            raise ValueError(f"event_triggers.tsv: unknown condition {cond!r} for {lemma!r}")
    rule.flags = frozenset(flags)
    return rule


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Parse the three data files once per process."""
    classes: dict[str, WordSet] = {}
    for cols in _data_lines("event_classes.tsv"):
        classes[cols[0].strip()] = _wordset(cols[1], classes)
    roles: dict[str, WordSet] = {}
    target_preps: dict[str, WordSet] = {}
    for cols in _data_lines("event_roles.tsv"):
        name = cols[0].strip()
        ws = _wordset(cols[1], classes)
        if name.startswith("target."):
            target_preps[name[7:]] = ws
        else:
            roles[name] = ws
    verbs: dict[str, list[Rule]] = {}
    nouns: dict[str, list[Rule]] = {}
    for cols in _data_lines("event_triggers.tsv"):
        rule = _rule(cols, classes)
        (verbs if rule.pos == "V" else nouns).setdefault(rule.lemma, []).append(rule)
    return Lexicon(verbs=verbs, nouns=nouns, classes=classes, roles=roles, target_preps=target_preps)
