"""Fact contradictions: a report of something and a party's denial of it.

A denial sentence has a cue from ``data/contradiction_denials.tsv`` ("denied reports of",
"dismissed claims that", "... is not true"). What it denies is read from the words after the
cue (or the whole sentence for a verdict like "not true"), reduced to content stems. A claim is
another sentence, not itself a denial, that shares enough of those stems, weighted by how rare
each stem is in the corpus (so "encirclement" counts and "forces" barely does). Claims from
other articles are preferred; a claim the denying article itself reports also counts.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from dossier.link.context import Corpus
from dossier.link.ids import stable_id
from dossier.link.proposal_words import data_table, data_words, stem, tokens

# A trailing time or setting phrase of the denied thing, left out of what must be repeated
ADJUNCT = re.compile(r"\s(?:during|throughout|amid|at the (?:time|end|start)|(?:on|last|this|next) "
                     r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|month|year))\b.*$",
                     re.IGNORECASE)
MIN_SHARE = 0.5  # of the denied words' weight a claim must repeat
MIN_SHARED = 2  # stems in common (unless the denied thing is one word)
KEY_WORDS = 14  # words after an "object" cue read as the denied thing
MAX_CLAIMS = 3
RARE_DF = 3  # a claim must share at least one stem seen in at most this many sentences


@dataclass(frozen=True, slots=True)
class DenialWords:
    cues: tuple[tuple[str, re.Pattern[str]], ...]
    stopwords: frozenset[str]


@lru_cache(maxsize=1)
def denial_lexicon() -> DenialWords:
    cues = tuple((row[0], re.compile(rf"(?<![\w-])(?:{row[1]})(?![\w-])", re.IGNORECASE))
                 for row in data_table("contradiction_denials.tsv"))
    return DenialWords(cues, data_words("contradiction_stopwords.txt"))


@dataclass(slots=True)
class Sentence:
    doc: str
    start: int
    end: int
    stems: frozenset[str]
    numbers: frozenset[str] = frozenset()
    denial: tuple[int, int, frozenset[str]] | None = None  # cue start, end, denied stems


def _content_stems(text: str) -> frozenset[str]:
    stop = denial_lexicon().stopwords
    return frozenset(stem(t.text) for t in tokens(text)
                     if t.is_word and t.low not in stop and len(t.text) > 2 and not t.text.isdigit())


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    raw = text[s:e]
    return s + len(raw) - len(raw.lstrip()), e - (len(raw) - len(raw.rstrip()))


def _denial(text: str, s: int, e: int) -> tuple[int, int, frozenset[str]] | None:
    """The cue and the denied stems of a sentence, or None when it denies nothing."""
    sentence = text[s:e]
    for kind, pat in denial_lexicon().cues:
        m = pat.search(sentence)
        if not m:
            continue
        if kind == "object":
            after = sentence[m.end():]
            after = re.split(r"[;:]|,\s*(?:saying|adding|calling|and)\b", after)[0]
            after = ADJUNCT.split(after)[0]  # "... the finance ministry during the talks": when, not what
            words = [t.text for t in tokens(after) if t.is_word][:KEY_WORDS]
            key = _content_stems(" ".join(words))
            if len(key) < 2:  # "..., which Kyiv denied": the claim is the sentence itself
                key = _content_stems(sentence[:m.start()] + " " + after)
        else:
            key = _content_stems(sentence[:m.start()] + " " + sentence[m.end():])
        if key:
            return m.start() + s, m.end() + s, key
    return None


def _sentences(corpus: Corpus) -> list[Sentence]:
    out = []
    for doc, a in corpus.originals():
        for s0, e0 in a.sentences:
            for s, e in _clauses(doc.text, s0, e0):
                s, e = _trim(doc.text, s, e)
                if e - s < 12:
                    continue
                sent = Sentence(doc.id, s, e, _content_stems(doc.text[s:e]), _numbers(doc.text[s:e]))
                sent.denial = _denial(doc.text, s, e)
                out.append(sent)
    return out


def _clauses(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """A sentence cut at semicolons: "X denied the reports; those reports said Y" holds both sides."""
    out = []
    for m in re.finditer(r"[^;]+;?", text[s:e]):
        out.append((s + m.start(), s + m.end()))
    return out or [(s, e)]


_NUM_RE = re.compile(r"\d[\d,.]*")


def _numbers(text: str) -> frozenset[str]:
    return frozenset(m.group().replace(",", "").rstrip(".") for m in _NUM_RE.finditer(text))


def denial_contradictions(corpus: Corpus, lists: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    sents = _sentences(corpus)
    texts = {d.id: d.text for d, _ in corpus.originals()}
    df = Counter(st for x in sents for st in x.stems)
    n = max(1, len(sents))

    def weight(st: str) -> float:
        return math.log(1 + n / df.get(st, 1))

    found: dict[tuple[str, int], dict[str, Any]] = {}
    for den in sents:
        if den.denial is None:
            continue
        cue_start, _, key = den.denial
        total = sum(weight(k) for k in key)
        key_numbers = _numbers(texts[den.doc][cue_start:den.end])
        best: dict[str, tuple[float, Sentence]] = {}
        for cand in sents:
            if cand is den or cand.denial is not None:
                continue
            shared = key & cand.stems
            if len(shared) < min(MIN_SHARED, len(key)):
                continue
            if key_numbers and cand.numbers and not key_numbers & cand.numbers:
                continue  # "accepted the 5% offer" is not "accepted a 7% offer"
            if not any(df[st] <= RARE_DF for st in shared):
                continue
            score = sum(weight(k) for k in shared) / total
            if score < MIN_SHARE:
                continue
            if cand.doc == den.doc:
                score -= 0.01  # another article's report first
            if cand.doc not in best or score > best[cand.doc][0]:
                best[cand.doc] = (score, cand)
        if not best:
            continue
        claims = sorted(best.values(), key=lambda x: -x[0])[: MAX_CLAIMS - 1]
        anchor = (claims[0][1].doc, claims[0][1].start)
        rec = found.get(anchor)
        if rec is None:
            rec = {"claims": [], "denials": []}
            found[anchor] = rec
            for _, c in claims:
                rec["claims"].append({"doc": c.doc, "text": texts[c.doc][c.start:c.end], "start": c.start, "end": c.end})
        rec["denials"].append({"doc": den.doc, "text": texts[den.doc][den.start:den.end],
                               "start": den.start, "end": den.end,
                               "cue": texts[den.doc][den.denial[0]:den.denial[1]]})
    out = []
    for (doc, start), rec in found.items():
        cue = rec["denials"][0]["cue"]
        claims = rec["claims"] + [{k: d[k] for k in ("doc", "text", "start", "end")} for d in rec["denials"]]
        topic = _topic(rec["denials"][0]["text"], cue)
        out.append({
            "id": stable_id("c", "fact", doc, start),
            "about": topic,
            "kind": "fact",
            "claims": claims,
            "explanation": f"One source reports it; another ({cue!r}) denies it: {topic}.",
        })
    return out


def _topic(denial: str, cue: str) -> str:
    """A short topic: the words after the denial cue, or before a verdict."""
    i = denial.find(cue)
    after = re.split(r"[,;:]", denial[i + len(cue):])[0].strip(" .") if i >= 0 else ""
    if re.match(r"by\b", after):
        after = ""  # "Reports that ... were denied by X": the topic is before the cue
    text = after if len(after.split()) >= 2 else denial[:max(0, i)].strip(" ,.;:")
    words = text.split()
    return " ".join(words[:8]) + ("..." if len(words) > 8 else "")
