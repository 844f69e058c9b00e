"""Quotations: who said what, as direct, partial and indirect quotes.

One pass over the quotation marks (:mod:`quote_marks`) and one over the tokens:

* A quoted stretch that stands as a whole utterance (it opens a sentence, follows a colon,
  or follows "..., he said,") is **direct**; its speaker is found in the words right after
  the closing mark ("..., said X") or right before the opening one ("X said:"), else it
  carries over from the quote just before (a quote's next sentence, its next paragraph).
* A quoted fragment inside the writer's sentence is **partial**; its speaker is the subject
  of the nearest reporting verb that governs it in the dependency tree ("described the
  talks as "quite distant""). With no such verb it is a scare quote and left out.
* A reporting verb with a content clause (its ``ccomp``) and no quote marks in it is
  **indirect** ("X warned that ..."), as is the clause an "according to X" hangs on.

Speakers are the words as written; :mod:`coref` maps pronouns and descriptions to the
name they stand for (``speaker_ref``). All of it is linear in the tokens.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.tokens import Doc, Token

from dossier.extract.coref import (
    BODIES,
    PRONOUN_BODY,
    PRONOUN_GENDER,
    Coref,
    Last,
    gender_words,
    read_tagged_words,
    speaker_nouns,
)
from dossier.extract.quote_marks import QuotePiece, find_quote_pieces
from dossier.nlp.text import doc_text
from dossier.records import EntityMention, QuoteMention, Span

_PARA = re.compile(r"[^\n]+")
_SCARE_BEFORE = re.compile(r"(?:so[- ]called|dubbed|known as|named|titled|entitled)\s*$", re.I)
_SENT_END = frozenset({".", "!", "?"})
_PASSIVE_SPEAKER = frozenset({"quote", "hear", "overhear", "record", "film", "see"})  # "he was heard saying"
_DATELINE = re.compile(r"[A-Z][A-Z .'-]+,[^\n—–]{0,40}?(?:\([^)\n]{1,30}\))?\s*[—–-]{1,2}\s+")
_CLOCK = re.compile(r"\d{1,2}[:.]\d\d$")  # live-blog time stamps before a speaker
_SUBJ = ("nsubj", "nsubjpass")
_INHERIT = frozenset({"advcl", "xcomp", "conj", "pcomp", "ccomp"})
_RELATIVE = frozenset({"who", "which", "that"})
_NP_RIGHT = frozenset({"appos", "compound", "flat", "nummod", "case", "npadvmod"})
_NP_PREPS = frozenset({"of", "from", "at", "for"})
_NON_SPEAKERS = frozenset({"this", "that", "these", "those", "there", "what", "which", "it"})
_WINDOW = 40  # tokens looked at before / after a quote for its attribution
_POST_VERB_REACH = 10  # "..., Kremlin spokesman Dmitry Peskov told reporters": verb within this


@lru_cache(maxsize=1)
def _org_words() -> dict[str, str]:
    """Last words of organisation names (data/quote_org_words.txt)."""
    return read_tagged_words("quote_org_words.txt")


@lru_cache(maxsize=1)
def reporting_verbs() -> dict[str, str]:
    """Lemma -> tag ("" = verb of saying, "naming", "weak"); see data/reporting_verbs.txt."""
    return read_tagged_words("reporting_verbs.txt")


@dataclass(slots=True)
class _Cand:
    """A quote before its speaker is resolved: content range, kind, cue and subject token."""

    start: int  # characters
    end: int
    kind: str
    cue: Token | None
    subj: Token | None  # the token naming the speaker (head of the speaker phrase)
    para: int
    group: int = 0  # quote-mark group; 0 for indirect
    carried: bool = False  # speaker taken over from an earlier quote


def _unrecognised_names(doc: Doc, entities: list[EntityMention], tok_at) -> list[EntityMention]:
    """People the model's NER missed, so that pronouns can still find them: a subject made of
    two or three capitalised proper nouns ("Nyaluak Gatluak keeps a notebook"), or one given an
    age ("Ruiz, 27, had won"), covered by no entity mention; and organisations the text itself
    calls one ("Cloudline, the cloud software company"). Local to the quote step; the entity
    list itself is not changed."""
    covered = bytearray(len(doc))
    text = doc_text(doc)  # Doc.text is rebuilt from the tokens on every access: read it once
    for m in entities:
        for i in range(tok_at(m.start), tok_at(m.end - 1) + 1):
            covered[i] = 1
    out = []
    for t in doc:
        if t.dep_ not in ("nsubj", "nsubjpass", "appos") or covered[t.i] or not t.text[:1].isupper():
            continue
        if t.pos_ != "PROPN":
            if t.pos_ == "NOUN" and t.lemma_.lower() not in speaker_nouns() and any(
                c.dep_ == "appos" and speaker_nouns().get(c.lemma_.lower()) in ("firm", "body") for c in t.rights
            ):  # "Cloudline, the cloud software company, said": a name the tagger took for a noun
                out.append(EntityMention(t.idx, t.idx + len(t), t.text, "ORG"))
            continue
        lo = t.i
        while lo > 0 and doc[lo - 1].pos_ == "PROPN" and doc[lo - 1].dep_ in ("compound", "flat") and not covered[lo - 1]:
            lo -= 1
        while lo < t.i and speaker_nouns().get(doc[lo].lower_) is not None:
            lo += 1
        aged = t.i + 3 < len(doc) and doc[t.i + 1].text == "," and doc[t.i + 2].like_num and doc[t.i + 3].text == ","
        size = t.i + 1 - lo
        if (2 <= size <= 3 or (size == 1 and aged)) and all(doc[i].text[:1].isupper() for i in range(lo, t.i + 1)):
            # "Nyaluak Gatluak keeps ...", "Ruiz, 27, had won ..."; "CenterPoint Energy says"
            s, e = doc[lo].idx, t.idx + len(t)
            kind = "ORG" if size >= 2 and _org_words().get(t.lower_) == "" else "PERSON"
            out.append(EntityMention(s, e, text[s:e], kind))
        elif t.i + 1 - lo <= 3 and any(
            c.dep_ == "appos" and speaker_nouns().get(c.lemma_.lower()) in ("firm", "body") for c in t.rights
        ):
            # "Cloudline, the cloud software company, said": a body, for a later "the company"
            s, e = doc[lo].idx, t.idx + len(t)
            out.append(EntityMention(s, e, text[s:e], "ORG"))
    return out


def _retyped(m: EntityMention) -> EntityMention:
    """A firm the NER took for a person ("Poseidon Shipping"): an organisation, for the
    speakers here only."""
    words = m.text.split()
    if (
        m.type == "PERSON"
        and 2 <= len(words) <= 3
        and _org_words().get(words[-1].lower()) == ""
        and words[0].lower() not in gender_words()
    ):
        return replace(m, type="ORG")
    return m


class _View:
    """Token-level facts about one document, each computed once in a linear pass."""

    def __init__(self, doc: Doc, entities: list[EntityMention]) -> None:
        self.doc = doc
        self.text = doc_text(doc)  # spaCy rebuilds Doc.text on every access: read it once
        n = len(doc)
        self.tok_starts = [t.idx for t in doc]
        self.sent_of = [0] * n
        self.sent_start: list[int] = []
        for sid, s in enumerate(doc.sents):
            self.sent_start.append(s.start)
            for i in range(s.start, s.end):
                self.sent_of[i] = sid
        para_starts = [m.start() for m in _PARA.finditer(self.text)] or [0]
        self.para_of = [0] * n
        p = 0
        for i, st in enumerate(self.tok_starts):
            while p + 1 < len(para_starts) and para_starts[p + 1] <= st:
                p += 1
            self.para_of[i] = p
        self.pieces = find_quote_pieces(self.text)
        self.quoted = bytearray(n)
        for pc in self.pieces:
            lo = self.tok_at(pc.open_mark)
            hi = self.tok_at(pc.close_mark if pc.close_mark >= 0 else pc.end - 1) + 1
            for i in range(lo, hi):
                self.quoted[i] = 1
        entities = sorted(entities + _unrecognised_names(doc, entities, self.tok_at), key=lambda m: (m.start, -m.end))
        # "FRANKFURT, Aug 30 (Reuters) - ..., the airline said": the dateline's place and news
        # agency are nobody's antecedent
        dateline = _DATELINE.match(self.text)
        if dateline:
            entities = [m for m in entities if m.start >= dateline.end()]
        entities = [_retyped(m) for m in entities]
        self.tok_mention = [-1] * n
        self.ranges: list[tuple[int, int]] = []
        for k, m in enumerate(entities):
            ts = self.tok_at(m.start)
            te = max(ts + 1, self.tok_at(m.end - 1) + 1)
            self.ranges.append((ts, te))
            for i in range(ts, te):
                j = self.tok_mention[i]
                if j < 0 or self.ranges[j][1] <= te:
                    self.tok_mention[i] = k
        self.coref = Coref(doc, entities, self.ranges, self.sent_of, self.sent_start, self.para_of, self.quoted)

    def tok_at(self, char: int) -> int:
        return max(0, bisect_right(self.tok_starts, char) - 1)

    def is_reporting(self, tok: Token, naming_ok: bool) -> bool:
        if tok.pos_ not in ("VERB", "AUX") or self.quoted[tok.i]:
            return False
        tag = reporting_verbs().get(tok.lemma_.lower())
        return tag is not None and tag != "act" and (naming_ok or tag != "naming")

    def _boundary(self, i: int, para: int) -> bool:
        t = self.doc[i]
        return self.quoted[i] or self.para_of[i] != para or (t.text in _SENT_END)

    def pre_window(self, open_tok: int) -> list[int]:
        """Tokens of the writer's sentence before an opening mark, up to a quote or sentence end."""
        para = self.para_of[open_tok]
        out: list[int] = []
        i = open_tok - 1
        while i >= 0 and len(out) < _WINDOW and not self._boundary(i, para):
            if not self.doc[i].is_space:
                out.append(i)
            i -= 1
        out.reverse()
        return out

    def post_window(self, close_tok: int) -> list[int]:
        para = self.para_of[close_tok]
        out: list[int] = []
        i = close_tok + 1
        while i < len(self.doc) and len(out) < _WINDOW and not self._boundary(i, para):
            if not self.doc[i].is_space:
                out.append(i)
            i += 1
        return out


# ---------------------------------------------------------------------------- speakers


def _according_to(tok: Token) -> tuple[Token, Token] | None:
    """("according", X) of an "according to X" attached to ``tok`` (or being ``tok``)."""
    cands = [tok] if tok.lower_ == "according" else [c for c in tok.children if c.lower_ == "according"]
    for acc in cands:
        for to in acc.children:
            if to.lower_ == "to":
                for obj in to.children:
                    if obj.dep_ == "pobj":
                        return acc, obj
    return None


def _subject(verb: Token, quoted: bytearray) -> Token | None:
    """Who does the reporting: the verb's subject, inherited through participles and
    conjunctions ("..., dubbing them", "contended X but insists Y"); the agent of a passive;
    the person quoted in "X was quoted as saying". A "subject" inside quotation marks is a
    misparse ("..., None," said X) and is skipped."""
    v = verb
    for _ in range(4):
        subj = None
        for c in v.children:
            if quoted[c.i] or c.i > v.i and subj is not None:
                continue
            # The nearest subject before the verb wins: "United's interim boss Darren
            # Fletcher has confirmed" is parsed with two subjects.
            if c.dep_ == "nsubj" or (c.dep_ == "nsubjpass" and v.lemma_ in _PASSIVE_SPEAKER):
                subj = c
            elif c.dep_ == "agent" and subj is None:
                subj = next((g for g in c.children if g.dep_ == "pobj"), None)
        if subj is not None:
            return subj
        if any(c.dep_ == "nsubjpass" for c in v.children):
            return None  # "was described as ...": what is described is not the speaker
        for c in v.children:  # "Ms. Alvarez, asked about that, said ...": parsed as the participle's subject
            if (
                c.dep_ in ("advcl", "ccomp")
                and c.i < v.i
                and "," in (c.right_edge.text, c.doc[c.right_edge.i + 1].text)
                and c.tag_ in ("VBN", "VBD", "VBG")
                and not any(g.dep_ == "mark" or g.tag_ in ("WRB", "WP") for g in c.children)
            ):
                got = next((g for g in c.children if g.dep_ == "nsubj" and g.i < c.i and not quoted[g.i]), None)
                if got is not None:
                    return got
        if v.dep_ in _INHERIT and v.head.i != v.i:
            h = v.head
            if h.pos_ == "ADP" and h.head.i != h.i:  # "..., after telling a reporter that ..."
                h = h.head
            if v.dep_ == "advcl" and h.dep_ == "ccomp" and reporting_verbs().get(h.head.lemma_.lower(), "x") != "x":
                h = h.head  # "X confirmed that Moscow agreed ..., suggesting that ...": X suggests
            elif (
                v.dep_ == "conj"
                and h.dep_ == "ccomp"
                and reporting_verbs().get(v.lemma_.lower(), "x") in ("", "naming")
                and reporting_verbs().get(h.head.lemma_.lower(), "x") in ("", "naming")
            ):
                h = h.head  # "X said no date had been set and dismissed the report": X dismissed
            v = h
            continue
        break
    # A subject the parser hung elsewhere ("..., staff nurse Bethany Cole said"): the name
    # right before a verb that has none.
    if v.i == verb.i and v.dep_ == "ROOT":
        j = verb.i - 1
        while j >= 0 and verb.doc[j].pos_ in ("ADV", "AUX"):
            j -= 1
        if j >= 0 and verb.doc[j].text == ",":
            named = _appositive_before(verb.doc, j, quoted)
            if named is not None:
                return named
        if j >= 0 and not quoted[j] and verb.doc[j].pos_ in ("PROPN", "NOUN", "PRON") and verb.doc[j].dep_ not in (
            "dobj", "pobj", "poss"
        ):
            return verb.doc[j]
    return None


def _appositive_before(doc: Doc, comma: int, quoted: bytearray) -> Token | None:
    """The name in a run of appositives that ends at ``comma`` right before a subjectless
    verb ("In the village of Yauca, Julio Quispe, a 52-year-old farmer, said ..."): the
    parser hangs it on the place before it (as an appositive or a conjunct); the nearest
    proper noun so hung, set off by a comma, is the speaker."""
    k = comma - 1
    while k >= 0 and comma - k <= 15 and not quoted[k] and doc[k].text not in _SENT_END:
        t = doc[k]
        if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod", "compound"):
            return None
        if t.pos_ == "PROPN" and t.dep_ in ("appos", "conj"):
            lo = t.left_edge.i
            return t if lo > 0 and doc[lo - 1].text == "," else None
        k -= 1
    return None


def _np_bounds(tok: Token, quoted: bytearray) -> tuple[int, int]:
    """Token range of the noun phrase headed by ``tok``, without relative clauses and
    parentheticals, keeping titles, possessives, appositive names and "of"/"from" phrases."""
    lo = tok.left_edge.i
    while lo < tok.i and (
        quoted[lo]
        or tok.doc[lo].is_punct
        or tok.doc[lo].is_space
        or _CLOCK.match(tok.doc[lo].text)
    ):
        lo += 1
    hi = tok.i + 1
    for c in tok.rights:
        if c.dep_ in _NP_RIGHT or (c.dep_ == "prep" and c.lower_ in _NP_PREPS):
            _, chi = _np_bounds(c, quoted) if c.dep_ == "appos" else (0, c.right_edge.i + 1)
            hi = max(hi, chi)
        elif c.dep_ == "punct" and c.i == hi:
            continue
        else:
            break
    while hi > tok.i + 1 and (tok.doc[hi - 1].is_punct or quoted[hi - 1]):
        hi -= 1
    return lo, hi


def _speaker_head(tok: Token) -> Token:
    """A relative pronoun ("Zelensky, who claims ...") stands for the noun it hangs on."""
    if tok.lower_ in _RELATIVE and tok.tag_ in ("WP", "WDT") and tok.head.dep_ == "relcl":
        return tok.head.head
    return tok


def _attribution(view: _View, verb: Token) -> tuple[Token, Token | None]:
    """(cue, speaker head) for a reporting verb, looking after an inverted verb ("said X")."""
    subj = _subject(verb, view.quoted)
    if subj is None:
        for j in range(verb.i + 1, min(len(view.doc), verb.i + 6)):
            t = view.doc[j]
            if view.quoted[j] or t.text in _SENT_END:
                break
            if t.pos_ in ("PROPN", "NOUN", "PRON"):
                subj = t
                while subj.dep_ in ("compound", "flat") and subj.head.i > subj.i:
                    subj = subj.head
                break
    return verb, (_speaker_head(subj) if subj is not None else None)


def _find_attribution(view: _View, toks: list[int], last: bool) -> tuple[Token | None, Token | None]:
    """The reporting verb (or "according to") in a window and its speaker."""
    order = reversed(toks) if last else toks
    for i in order:
        t = view.doc[i]
        if t.lower_ == "according":
            acc = _according_to(t)
            if acc is not None:
                return acc
        if view.is_reporting(t, naming_ok=False):
            cue, subj = _attribution(view, t)
            if subj is not None and not view.quoted[subj.i]:
                return cue, subj
    return None, None


def _governing(view: _View, lo: int, hi: int) -> tuple[Token | None, Token | None]:
    """Nearest reporting (or naming) verb above a quoted fragment in the parse, and its speaker."""
    doc = view.doc
    best: tuple[int, Token, Token] | None = None
    for i in range(lo, hi):
        tok = doc[i]
        if lo <= tok.head.i < hi and tok.head.i != tok.i:
            continue
        h, steps = tok, 0
        para = view.para_of[lo]
        while h.head.i != h.i and steps < 12:
            via = h.dep_ if h.pos_ in ("VERB", "AUX") else ""
            h = h.head
            steps += 1
            if view.para_of[h.i] != para:
                break  # a parse that runs on from a headline
            if best is not None and steps >= best[0]:
                break
            acc = _according_to(h)
            if acc is not None and not view.quoted[acc[0].i]:
                best = (steps, acc[0], acc[1])
                break
            if via == "conj" and h.pos_ in ("VERB", "AUX"):
                continue  # "... had asked to start and had been "angry"": a clause beside the verb, not its words
            if view.is_reporting(h, naming_ok=True):
                subj = _subject(h, view.quoted)
                if subj is not None and not view.quoted[subj.i]:
                    best = (steps, h, _speaker_head(subj))
                break
    if best is None:
        return None, None
    return best[1], best[2]


# ---------------------------------------------------------------------------- direct / partial


def _colon_speaker(view: _View, pre: list[int]) -> Token | None:
    """Who introduces a quote with a colon but no verb of saying ("He fumed:", "The
    minister's answer was blunt:"): the subject of the last verb, else the first name."""
    doc = view.doc
    for i in reversed(pre):
        if doc[i].pos_ in ("VERB", "AUX"):
            subj = _subject(doc[i], view.quoted)
            if subj is not None and not view.quoted[subj.i]:
                return _speaker_head(subj)
            break
    for i in pre:
        k = view.tok_mention[i]
        if k >= 0 and view.coref.ents[k].type in ("PERSON", "ORG", "GPE"):
            return doc[view.ranges[k][1] - 1]
    return None


def _classify(view: _View, pc: QuotePiece, pre: list[int], post: list[int], first_of_group: bool) -> str:
    """direct or partial, from where the quote stands in the writer's sentence."""
    if not first_of_group:
        return "direct"
    text = view.text
    inner = text[pc.start:pc.end]
    ends_punct = inner[-1] in ".,!?…—-:;"
    starts_upper = inner[0].isupper() or inner[0].isdigit() or inner[0] in "…."
    if not pre:
        if ends_punct or not post:
            return "direct"
        first = view.doc[post[0]]
        if first.is_punct or (starts_upper and len(inner.split()) >= 3 and (first.pos_ in ("PRON", "PROPN", "VERB", "DET"))):
            return "direct"
        return "partial"
    last = view.doc[pre[-1]]
    if last.text == ":":
        return "direct"
    if last.text in (",", "—", "–") and (starts_upper or any(view.is_reporting(view.doc[i], False) for i in pre)):
        return "direct"
    if view.is_reporting(last, naming_ok=False) and (len(inner.split()) >= 4 or (starts_upper and ends_punct)):
        return "direct"
    return "partial"


def _quote_cands(view: _View) -> list[_Cand]:
    doc, text = view.doc, view.text
    cands: list[_Cand] = []
    group_attr: dict[int, tuple[Token | None, Token | None]] = {}
    seen_groups: set[int] = set()
    for pc in view.pieces:
        open_tok = view.tok_at(pc.open_mark)
        close_tok = view.tok_at(pc.close_mark) if pc.close_mark >= 0 else -1
        lo, hi = view.tok_at(pc.start), view.tok_at(pc.end - 1) + 1
        first = pc.group not in seen_groups
        seen_groups.add(pc.group)
        pre = view.pre_window(open_tok) if first else []
        post = view.post_window(close_tok) if close_tok >= 0 else []
        kind = _classify(view, pc, pre, post, first)
        cue: Token | None = None
        subj: Token | None = None
        if kind == "partial":
            if _SCARE_BEFORE.search(text, max(0, pc.open_mark - 20), pc.open_mark):
                continue
            cue, subj = _governing(view, lo, hi)
            if subj is None:
                continue  # a scare quote or a title: nobody is quoted
        else:
            inner = text[pc.start:pc.end]
            after = text[pc.close_mark + 1:pc.close_mark + 3] if pc.close_mark >= 0 else ""
            post_first = inner.endswith(",") or after.lstrip().startswith(",") or not pre
            intro = bool(pre) and doc[pre[-1]].text in (":", ",", "—")
            tries = ((post, False), (pre, True)) if post_first and not intro else ((pre, True), (post, False))
            for toks, last in tries:
                if toks is post and inner[-1] in ".!?" and post and doc[post[0]].is_title and doc[post[0]].pos_ not in ("PROPN", "PRON"):
                    continue  # the sentence ended inside the marks; the next one is not an attribution
                cue, subj = _find_attribution(view, toks[:_POST_VERB_REACH] if not last else toks, last)
                if subj is not None:
                    break
            if subj is None and pre and doc[pre[-1]].text == ":":
                subj = _colon_speaker(view, pre)
            if subj is None and pc.group in group_attr:
                cue, subj = group_attr[pc.group]
            if subj is not None and pc.group not in group_attr:
                group_attr[pc.group] = (cue, subj)
        end = pc.end
        while end > pc.start + 1 and (text[end - 1] in ",;:" or (kind == "partial" and text[end - 1] == ".")):
            end -= 1
        cands.append(_Cand(pc.start, end, kind, cue, subj, pc.para, pc.group))
    # A multi-paragraph quote attributed in a later paragraph gives that speaker to all parts.
    for c in cands:
        if c.subj is None and c.group in group_attr:
            c.cue, c.subj = group_attr[c.group]
    return cands


# ---------------------------------------------------------------------------- indirect


def _trim(doc: Doc, lo: int, hi: int) -> tuple[int, int]:
    while lo < hi and (
        doc[lo].is_punct
        or doc[lo].is_space
        or (doc[lo].lower_ == "that" and (doc[lo].dep_ == "mark" or (lo > 0 and doc[lo - 1].dep_ == "cc")))
    ):
        lo += 1
    while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].is_space or doc[hi - 1].dep_ == "cc"):
        hi -= 1
    return lo, hi


@lru_cache(maxsize=1)
def _nonspeakers() -> dict[str, str]:
    return read_tagged_words("quote_nonspeakers.txt")


def _in_paragraph(view: _View, anchor: int, lo: int, hi: int) -> tuple[int, int]:
    """Clip a token range to the paragraph of ``anchor`` (parses run across headlines)."""
    para = view.para_of[anchor]
    while lo < hi and view.para_of[lo] != para:
        lo += 1
    while hi > lo and view.para_of[hi - 1] != para:
        hi -= 1
    return lo, hi


def _clause_without(view: _View, head: Token, part: Token) -> tuple[int, int]:
    """The clause of ``head`` with the subtree of ``part`` ("according to X", a parenthetical
    "the minister said") cut out: the longer side of the cut, trimmed."""
    a, b = _in_paragraph(view, part.i, head.left_edge.i, head.right_edge.i + 1)
    left = _trim(view.doc, a, min(b, part.left_edge.i))
    right = _trim(view.doc, max(a, part.right_edge.i + 1), b)
    if head.i < part.left_edge.i or right[1] - right[0] <= left[1] - left[0]:
        return left if left[1] - left[0] >= right[1] - right[0] else right
    return right


def _mostly_quoted(view: _View, lo: int, hi: int) -> bool:
    """A content clause that is half or more quoted words is a partial quote and nothing
    more ("claims that the Kremlin is "doing everything it can""); with fewer, the clause is
    also an indirect quote of its own ("said he was "ashamed" of his party's leadership")."""
    words = quoted = 0
    for i in range(lo, hi):
        t = view.doc[i]
        if not (t.is_punct or t.is_space):
            words += 1
            quoted += view.quoted[i]
    return quoted * 2 >= words


def _and_that(clause: Token) -> bool:
    """A conjoined clause opened by "and that" whose "that" the parser took for a determiner
    ("said X and that repairs would be finished")."""
    first = clause.left_edge
    return first.lower_ == "that" and first.dep_ != "mark" and first.i > 0 and first.nbor(-1).dep_ == "cc"


def _second_that(tok: Token) -> bool:
    """A conjoined clause opened by "and/but that": a second content of the same verb."""
    if tok.dep_ != "conj" or tok.pos_ not in ("VERB", "AUX"):
        return False
    mark = next((m for m in tok.children if m.dep_ == "mark" and m.lower_ == "that"), None)
    return mark is not None and mark.i > 0 and mark.nbor(-1).dep_ == "cc"


def _content_clauses(verb: Token) -> list[Token]:
    """A reporting verb's content clauses: its ccomp, or a "that"-clause the parser hung on
    its object ("told analysts on a conference call that ...")."""
    out = [c for c in verb.children if c.dep_ == "ccomp"]
    for c in list(out):  # "said X and that Y": two contents, the second often hung deep in the first
        out.extend(g for g in c.children if g.dep_ == "conj" and (any(m.dep_ == "mark" for m in g.children) or _and_that(g)))
        out.extend(g for g in c.subtree if g.head.i != c.i and _second_that(g))
    if out:
        # "said the family was "overjoyed" but that the ruling came too late": hung on the verb
        out.extend(g for g in verb.children if g.dep_ == "conj" and g.i > verb.i and _second_that(g))
        return out
    for c in verb.children:
        if c.dep_ not in ("dobj", "dative", "prep", "npadvmod"):
            continue
        for n in [c, *(g for g in c.children if g.dep_ == "pobj")]:
            for cl in n.children:
                if cl.dep_ in ("acl", "relcl", "ccomp") and any(
                    m.dep_ == "mark" and m.lower_ in ("that", "whether") for m in cl.children
                ):
                    out.append(cl)
    return out


def _clause_range(view: _View, clause: Token) -> tuple[int, int]:
    """Token range of a content clause, ending before a trailing reporting participle
    (", adding that ...": a quote of its own)."""
    hi = clause.right_edge.i + 1
    for c in clause.rights:
        if c.dep_ in ("advcl", "conj") and (
            (view.is_reporting(c, naming_ok=False) and c.tag_ == "VBG")
            or any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
            or _and_that(c)
            or (
                c.dep_ == "conj"
                and reporting_verbs().get(c.lemma_.lower()) is not None
                and not any(m.dep_ in _SUBJ or m.dep_.startswith("aux") for m in c.children)
            )
        ):
            # ", adding that ...", "and that ...", "and urged parents to ...": the speaker's
            # next act, not more of this content
            hi = min(hi, c.left_edge.i)
    for g in clause.subtree:
        if g.i > clause.i and g.head.i != clause.i and _second_that(g):
            hi = min(hi, g.left_edge.i)
    lo = clause.left_edge.i
    # A quote in the clause that someone else's verb governs ("..., a post some users called
    # "tasteless"") is cut off; one that is the clause's own words makes it a partial quote.
    for i in range(lo, hi):
        if view.quoted[i]:
            a = view.doc[i]
            foreign = False
            while a.i != clause.i and a.head.i != a.i:
                if view.is_reporting(a, naming_ok=True):
                    foreign = True
                if a.head.i == clause.i:
                    break
                a = a.head
            if foreign and a.i != clause.i and a.i > clause.i:
                hi = min(hi, a.left_edge.i)
            break
    return lo, hi


def _speakerish(subj: Token) -> bool:
    """Whether a subject can speak: anything but the things in data/quote_nonspeakers.txt.
    (Kept for every verb: "the proposal underscores that ..." is no attribution either.)"""
    return subj.lower_ not in _nonspeakers() and subj.lemma_.lower() not in _nonspeakers()


def _indirect_cands(view: _View) -> list[_Cand]:
    doc = view.doc
    out: list[_Cand] = []
    verbs = reporting_verbs()
    for tok in doc:
        low = tok.lower_
        if low == "according":
            acc = _according_to(tok)
            head = tok.head
            if acc is None or head.i == tok.i or view.quoted[tok.i]:
                continue
            subj = acc[1]
            lo, hi = _clause_without(view, head, tok)
            if hi - lo < 3 or _mostly_quoted(view, lo, hi):
                continue
            out.append(_Cand(doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1]), "indirect", tok, subj, view.para_of[tok.i]))
            continue
        tag = verbs.get(tok.lemma_.lower())
        if tag is None or tag in ("naming", "act") or tok.pos_ not in ("VERB", "AUX") or view.quoted[tok.i]:
            continue
        if tok.tag_ in ("VBN", "VBD") and tok.dep_ == "advcl" and not any(
            c.dep_.startswith("aux") or c.dep_ in _SUBJ for c in tok.children
        ):
            continue  # "Asked what the town needs, he ...": the writer's question
        clauses = _content_clauses(tok)
        ranges: list[tuple[int, int]] = []
        for c in clauses:
            r = _in_paragraph(view, tok.i, *_clause_range(view, c))
            if r[1] <= r[0]:
                continue  # a quote in the paragraph before, misparsed as this verb's object
            if (
                ranges
                and c.dep_ == "ccomp"
                and not any(m.dep_ == "mark" for m in c.children)
                and ranges[-1][1] <= r[0]
                and all(doc[i].is_punct or doc[i].is_space or doc[i].dep_ == "cc" for i in range(ranges[-1][1], r[0]))
            ):
                ranges[-1] = (ranges[-1][0], r[1])  # "said X and Y" parsed as two ccomps: one content
            else:
                ranges.append(r)
        if not clauses and tok.dep_ == "parataxis":  # "The talks, the minister said, were over."
            ranges.append(_clause_without(view, tok.head, tok))
        if not ranges:
            continue
        subj = _subject(tok, view.quoted)
        if subj is None or view.quoted[subj.i]:
            continue
        subj = _speaker_head(subj)
        if subj.lower_ in _NON_SPEAKERS and not (subj.lower_ == "it" and subj.dep_ == "nsubj"):
            continue
        if not _speakerish(subj) and view.tok_mention[subj.i] < 0:
            continue  # "the survey suggests" is no speaker; "the U.S. Geological Survey said" is
        for lo, hi in ranges:
            lo, hi = _trim(doc, *_in_paragraph(view, tok.i, lo, hi))
            if hi - lo < 3 or _mostly_quoted(view, lo, hi) or lo <= subj.i < hi:
                continue  # too short, a partial quote, or the speaker's own phrase ("X, asked about it, said")
            out.append(_Cand(doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1]), "indirect", tok, subj, view.para_of[tok.i]))
    for c in out:  # "LIMA, Feb 17 (AP) — A magnitude 7.1 earthquake ..., officials said": not the dateline
        m = _DATELINE.match(view.text, c.start, c.end)
        if m and (c.start == 0 or view.text[c.start - 1] == "\n"):
            c.start = m.end()
    return out


# ---------------------------------------------------------------------------- assembly


def _prev_sentence_subject(view: _View, tok_i: int) -> Token | None:
    """Subject of the sentence before a bare quote, when it is a person ("Smith looked tired.
    "It has been a long week.")."""
    sid = view.sent_of[tok_i] - 1
    if sid < 0:
        return None
    s0 = view.sent_start[sid]
    s1 = view.sent_start[sid + 1] if sid + 1 < len(view.sent_start) else len(view.doc)
    if view.para_of[tok_i] - view.para_of[s0] > 1:
        return None
    for i in range(s0, s1):
        t = view.doc[i]
        if t.dep_ == "nsubj" and t.head.dep_ == "ROOT" and not view.quoted[i]:
            k = view.tok_mention[i]
            if (k >= 0 and view.coref.ents[k].type == "PERSON") or t.lower_ in PRONOUN_GENDER:
                return t
    return None


def _sentence_quoted(view: _View, tok_i: int) -> bool:
    """Whether the sentence of a token has quoted words in it."""
    sid = view.sent_of[tok_i]
    s1 = view.sent_start[sid + 1] if sid + 1 < len(view.sent_start) else len(view.doc)
    return any(view.quoted[i] for i in range(view.sent_start[sid], s1))


def _span(view: _View, lo: int, hi: int) -> Span:
    last = view.doc[hi - 1]
    s, e = view.tok_starts[lo], last.idx + len(last)
    return Span(s, e, view.text[s:e])


def extract_quotes(doc: Doc, entities: list[EntityMention]) -> list[QuoteMention]:
    """Direct, partial and indirect quotes of one document, with speakers resolved in-document."""
    if not len(doc):
        return []
    view = _View(doc, entities)
    cands = _quote_cands(view) + _indirect_cands(view)
    cands.sort(key=lambda c: c.start)
    out: list[QuoteMention] = []
    prev: _Cand | None = None
    last: Last | None = None
    refs: dict[int, tuple[Span, Span | None, Last]] = {}
    for c in cands:
        if c.subj is None and c.kind == "direct":
            narrator = _prev_sentence_subject(view, view.tok_at(c.start))
            if narrator is not None and (prev is None or narrator.i > view.tok_at(prev.end)) and not _sentence_quoted(
                view, narrator.i
            ):
                # The story moved on to someone since the last quote ("Elsie Warburton is
                # making soup again. She thinks about it. "Where would I go?"")
                c.subj, c.carried = narrator, True
            elif prev is not None and c.para - prev.para <= 1:
                c.cue, c.subj, c.carried = prev.cue, prev.subj, True
            else:
                c.subj = _prev_sentence_subject(view, view.tok_at(c.start))
                c.carried = c.subj is not None
        speaker = ref = None
        if c.subj is not None:
            if c.subj.i not in refs:
                refs[c.subj.i] = _resolve(view, c.subj, last)
            speaker, ref, last = refs[c.subj.i]
            prev = c
        cue = c.cue.text if c.cue is not None and not c.carried else None
        if cue is not None and cue.lower() == "according":
            cue += " to"
        out.append(QuoteMention(c.start, c.end, view.text[c.start:c.end], c.kind, cue, speaker, ref))
    return out


_AGE = re.compile(r"\d+-year-old\b")  # "the 26-year-old", "the 33-year-old lock"


def _person_description(view: _View, subj: Token, lo: int) -> bool:
    """"the 26-year-old", "the Spaniard", "the veteran": a definite phrase naming a person
    by age, nationality or a personal role."""
    doc = view.doc
    if doc[lo].lower_ != "the":
        return False
    if subj.lower_ == "old" and any(c.lemma_ == "year" for c in subj.children):
        return True
    if _AGE.search(view.text[doc[lo].idx:subj.idx + len(subj)]):
        return True
    k = view.tok_mention[subj.i]
    if k >= 0 and view.coref.ents[k].type == "NORP" and subj.tag_ in ("NN", "NNP"):
        return True
    return speaker_nouns().get(subj.lemma_.lower()) == "" or subj.lemma_.lower() in ("veteran", "champion", "star")


def _resolve(view: _View, subj: Token, last: Last | None) -> tuple[Span, Span | None, Last]:
    """(speaker as written, resolved name, the speaker record pronouns may continue with)."""
    doc = view.doc
    lo, hi = _np_bounds(subj, view.quoted)
    speaker = _span(view, lo, hi)
    ents = view.coref.ents
    coref = view.coref
    inside = sorted({view.tok_mention[i] for i in range(lo, hi) if view.tok_mention[i] >= 0})
    # Names that ARE the speaker: the head, its name chain, an appositive - not a possessor
    # ("Putin's spokesman" is not Putin).
    owner: set[int] = set()
    for c in subj.children:
        if c.dep_ == "poss":
            owner.update(range(c.left_edge.i, c.right_edge.i + 1))
    own = view.tok_mention[subj.i]
    # "A BINMAN who scooped ...": a tabloid's capitalised common noun with "a" is no name,
    # whatever the tagger and the NER made of it
    caps_noun = (
        subj.is_upper
        and len(subj) > 2
        and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in subj.children)
        and (own < 0 or view.ranges[own] == (subj.i, subj.i + 1))
    )
    if caps_noun:
        own = -1
        inside = [k for k in inside if view.ranges[k] != (subj.i, subj.i + 1)]
    persons = [
        k for k in inside if coref.is_personish(k) and not any(i in owner for i in range(*view.ranges[k]))
    ]
    k: int | None = None
    low = subj.lower_
    chain = {subj.i, *(c.i for c in subj.children if c.dep_ in ("compound", "flat"))}
    propn = subj.pos_ == "PROPN" and not caps_noun
    if propn and (own < 0 or not coref.is_personish(own)) and any(
        view.ranges[p][0] <= i < view.ranges[p][1] for p in persons for i in chain if i != subj.i
    ):
        # The model's mention misses the head ("Campaigner Priya" for "Campaigner Priya Nair").
        plo = subj.i
        while plo > lo and doc[plo - 1].pos_ == "PROPN":
            plo -= 1
        while plo < subj.i and speaker_nouns().get(doc[plo].lower_) is not None:
            plo += 1
        ref = _span(view, plo, subj.i + 1)
        return speaker, ref, Last(ref, None, True, subj.i, gender_words().get(doc[plo].lower_, ""))
    appos_body = [
        view.tok_mention[c.i]
        for c in subj.children
        if c.dep_ == "appos" and c.i < hi and view.tok_mention[c.i] >= 0 and ents[view.tok_mention[c.i]].type in BODIES
    ]
    if persons:
        k = own if own in persons else persons[-1]
    elif appos_body and own < 0:
        k = appos_body[0]  # "Peru's civil defence institute, INDECI, said"
    elif low in PRONOUN_GENDER or low in PRONOUN_BODY:
        k, carried = coref.resolve_pronoun(subj, last)
        if k is None and carried is not None:
            return speaker, carried.ref, Last(carried.ref, None, carried.person, subj.i, carried.gender)
    elif own >= 0 and ents[own].type in BODIES | {"FAC", "LOC"} and not (
        _person_description(view, subj, lo)
    ):
        k = own
    else:
        name = _appositive_name(view, subj, hi) if not propn else None
        if propn and not _person_description(view, subj, lo):
            plo = subj.i
            while plo > lo and doc[plo - 1].pos_ == "PROPN":
                plo -= 1
            while plo < subj.i and speaker_nouns().get(doc[plo].lower_) is not None:
                plo += 1
            name = (plo, subj.i + 1)
        if name is not None:
            ref = _span(view, *name)
            first = doc[name[0]].lower_
            g = gender_words().get(first, "") if name[1] - name[0] > 1 else ""
            return speaker, ref, Last(ref, None, True if g else None, subj.i, g)
        first = doc[lo].lower_
        definite = first in ("the", "this", "that") or any(doc[i].dep_ == "poss" for i in range(lo, subj.i))
        k = coref.resolve_description(subj, inside, definite)
        if (
            k is not None
            and speaker_nouns().get(subj.lemma_.lower()) in ("body", "firm")
            and lo <= view.ranges[k][0]
            and view.ranges[k][1] <= subj.i
            and doc[view.ranges[k][1] - 1].dep_ in ("amod", "compound", "nmod")
        ):
            # "The Israeli military said", "The U.N. refugee agency said": the body is the
            # whole phrase, not the name that modifies it
            plo = lo + (doc[lo].dep_ == "det")
            ref = _span(view, plo, subj.i + 1)
            return speaker, ref, Last(ref, None, False, subj.i)
        if k is None and _person_description(view, subj, lo):
            k, carried = coref.resolve_person_description(subj, last)
            if k is None and carried is not None:
                return speaker, carried.ref, Last(carried.ref, None, True, subj.i, carried.gender)
    if k is None:
        tag = speaker_nouns().get(subj.lemma_.lower())
        indefinite = any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in subj.children)
        if indefinite and (tag == "" or (tag is None and not propn) or _person_description(view, subj, lo)):
            k = coref.cataphor(subj.i)
    if k is None:
        tag = speaker_nouns().get(subj.lemma_.lower())
        person = True if tag in ("", "anon", "proxy") or _person_description(view, subj, lo) else None
        return speaker, None, Last(None, None, person, subj.i)
    m = ents[k]
    ref = Span(m.start, m.end, m.text)
    return speaker, ref, Last(ref, k, coref.is_personish(k) or (False if m.type in BODIES else None), subj.i)


def _appositive_name(view: _View, head: Token, hi: int) -> tuple[int, int] | None:
    """"Israel's military agency for civilian affairs, COGAT", "Its representative in
    Mozambique, Anna Lindqvist, said": the name set beside a description, also past a
    prepositional phrase the noun phrase itself leaves out."""
    verb = head.head.i if head.head.i > head.i else len(view.doc)
    for c in head.rights:
        if c.i >= verb:
            break
        if c.dep_ in ("appos", "npadvmod") and c.pos_ == "PROPN":
            lo = c.i
            while lo > head.i + 1 and view.doc[lo - 1].pos_ == "PROPN":
                lo -= 1
            return lo, c.i + 1
    # The parser often hangs the name on the phrase before it ("in Mozambique, Anna
    # Lindqvist"): a person mention set off by commas between the description and its verb.
    doc = view.doc
    personal = speaker_nouns().get(head.lemma_.lower()) in ("", "anon")
    i = hi
    while i < min(verb, hi + 12):
        k = view.tok_mention[i]
        if k >= 0 and view.ranges[k][0] == i:
            ts, te = view.ranges[k]
            if (
                (view.coref.is_personish(k) or (personal and te + 1 == verb and doc[ts].pos_ == "PROPN"))
                and ts > 0
                and doc[ts - 1].text == ","
                and (te >= verb or doc[te].text == ",")
                and not any(view.quoted[j] for j in range(hi, te))
            ):
                return ts, te
            i = te
            continue
        if doc[i].text in _SENT_END or view.quoted[i]:
            break
        i += 1
    return None
