"""Roles of people from the words around their names, as written and normalised.

Three shapes cover most news writing, all read from tokens next to the name, so the cost is
linear in the document:

- a title in front: "Russian Foreign Minister Sergei Lavrov", "Kremlin spokesman Dmitry
  Peskov", and with a comma "Kyiv's First Deputy Prime Minister, Yulia Svyrydenko, said";
- an apposition after: "Rustem Umerov, Ukraine's lead negotiator,", "Jaroslav Nad, who served
  as Slovakia's defense minister";
- a copula: "Lavrov is Russia's foreign minister".

Country affiliation comes from the role: a demonym ("Russian"), a possessive place
("Ukraine's"), or an institution that stands for a state ("Kremlin").
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from dossier.extract.entity_lexicon import Lexicon, is_strong_role, normalise_roles

JOINERS = frozenset({"of", "for", "and", "&", "-", "at", "to"})  # may sit inside, never at an edge
AFTER_ROLE_OK = frozenset({",", ".", ";", ":", ")", "—", "–", "!", "?", "'", '"', "”", "’"})
MAX_ROLE_TOKENS = 10


@dataclass(slots=True)
class Role:
    text: str  # as written
    start: int  # character offsets
    end: int
    norms: list[str]  # normalised functions
    country: str | None  # ISO alpha-2 code of the affiliation the role names
    strong: bool  # whether the role alone proves the name is a person


class RoleContext:
    """What the role finder needs to know about a document, computed once per document.

    ``occ[i]`` is the index of the entity candidate covering token i (or -1); ``kinds`` and
    ``codes`` give each candidate's type and country code; ``sent_start``/``sent_end`` bound
    each token's sentence.
    """

    def __init__(self, doc: Doc, lex: Lexicon, occ: list[int], kinds: list[str],
                 codes: list[str | None], sent_start: list[int], sent_end: list[int]) -> None:
        self.doc = doc
        self.lex = lex
        self.occ = occ
        self.kinds = kinds
        self.codes = codes
        self.sent_start = sent_start
        self.sent_end = sent_end
        self.lower = [t.lower_ for t in doc]

    # ------------------------------------------------------------------ token tests

    def _in_thing(self, i: int) -> bool:
        """Token i belongs to a non-person entity (a place, organisation, nationality)."""
        c = self.occ[i]
        return c >= 0 and self.kinds[c] != "PERSON"

    def _in_person(self, i: int) -> bool:
        c = self.occ[i]
        return c >= 0 and self.kinds[c] == "PERSON"

    def _allowed(self, i: int) -> bool:
        """May token i sit inside a role phrase?"""
        t = self.doc[i]
        if "\n" in t.text:
            return False
        if t.text in ("-", "—", "–") and (t.whitespace_ or (i > 0 and self.doc[i - 1].whitespace_)):
            return False  # a spaced dash ends a dateline or a clause: "BEIRUT - Pope Leo"
        low = self.lower[i]
        if self._in_thing(i):
            return True
        if self._in_person(i):
            return False
        if low in self.lex.title_words or low in self.lex.role_words or low in self.lex.demonyms:
            return True
        if t.text in self.lex.demonyms:
            return True
        # A possessive after a place or organisation: "Ukraine's", "the company's", "the board's".
        return t.tag_ == "POS" and i > 0 and (self._in_thing(i - 1) or self.lower[i - 1] in self.lex.role_words
                                              or (self.doc[i - 1].is_lower and self.doc[i - 1].tag_ == "NN"))

    def _country(self, a: int, b: int) -> str | None:
        """Country named inside a role span (tokens a..b-1), before any "to"/"at" target."""
        for i in range(a, b):
            if self.lower[i] in ("to", "at", "with", "against"):
                break
            c = self.occ[i]
            if c >= 0 and self.kinds[c] != "PERSON" and self.codes[c]:
                return self.codes[c]
            code = self.lex.demonyms.get(self.doc[i].text)
            if code:
                return code
        return None

    def _make(self, a: int, b: int) -> Role | None:
        """A role from tokens a..b-1 after trimming joiners at the edges, if it names a title."""
        doc = self.doc
        while a < b and (self.lower[a] in JOINERS or doc[a].tag_ == "POS" or doc[a].is_punct
                         or self.lower[a] in ("the", "a", "an")):
            a += 1
        while b > a and (self.lower[b - 1] in JOINERS or doc[b - 1].is_punct or self.lower[b - 1] == "the"):
            b -= 1
        if a >= b or b - a > MAX_ROLE_TOKENS:
            return None
        if any(self.lower[i] in self.lex.relations for i in range(a, b)):
            return None  # "a son of the late leader": the title is the father's
        span = doc[a:b]
        norms = normalise_roles(span.text)
        if not norms:
            return None
        return Role(span.text, span.start_char, span.end_char, norms, self._country(a, b),
                    is_strong_role(span.text))

    # ------------------------------------------------------------------ the three shapes

    def before(self, s: int, e: int) -> tuple[Role | None, bool]:
        """Title in front of the name at tokens s..e-1; also whether an honorific precedes."""
        doc, lex = self.doc, self.lex
        i = s - 1
        lo = self.sent_start[s]
        if i < lo:
            return None, False
        if self.lower[i] in lex.honorifics:
            return None, True
        comma = False
        if doc[i].text == "," and i - 1 >= lo and self.lower[i - 1] in lex.title_heads:
            # "Kyiv's First Deputy Prime Minister, Yulia Svyrydenko, said": a comma on both sides,
            # or the name ends the sentence ("sworn in before the state governor, Musa Aman.").
            if e < len(doc) and (doc[e].text in (",", "—", "–") or (doc[e].text == "." and e + 1 >= self.sent_end[s])):
                comma = True
                i -= 1
            else:
                return None, False
        if self.lower[i] not in lex.title_heads or self._in_thing(i):
            return None, False
        j = i
        while j - 1 >= lo and self._allowed(j - 1):
            j -= 1
        # "Secretary of the Treasury": "the" only right after "of".
        role = self._make(j, i + 1)
        if role is None:
            return None, False
        # With a comma, only when the phrase stands alone ("the company's chief executive, X,"):
        # the word before must not be a verb or preposition that makes it an object.
        if comma and j - 1 >= lo and doc[j - 1].pos_ in ("VERB", "ADP", "AUX"):
            return None, False
        return role, False

    def after(self, s: int, e: int) -> Role | None:
        """Apposition after the name: ", Ukraine's lead negotiator," / ", who served as ..."."""
        doc, lex = self.doc, self.lex
        n = len(doc)
        k = e
        if k >= n or doc[k].text not in (",", "(", "—", "–"):
            return None
        k += 1
        hi = self.sent_end[s]
        for conn in lex.connectors:
            if k + len(conn) <= hi and tuple(self.lower[k:k + len(conn)]) == conn:
                k += len(conn)
                break
        m = k
        while m < hi and m - k < MAX_ROLE_TOKENS:
            t = doc[m]
            if self._allowed(m) or (t.is_lower and t.tag_ in ("NN", "JJ", "NNS") and m + 1 < hi
                                    and not self._in_person(m + 1)):
                m += 1
                continue
            # "the" inside a role only after "of"/"to"/"for": "ambassador to the United Nations".
            if self.lower[m] == "the" and m > k and self.lower[m - 1] in ("of", "to", "for", "at"):
                m += 1
                continue
            break
        if m == k:
            return None
        if m < n:
            nxt = doc[m]
            # The title belongs to the next name ("Putin, President Trump and ...") when it runs
            # straight into it; after a joiner ("chief executive of X and Y's partner") the role
            # is cut back below.
            joined = self.lower[m - 1] in ("and", "or", "&")
            if (self._in_person(m) or (nxt.is_title and nxt.tag_ in ("NNP", "NNPS") and not self._in_thing(m))) \
                    and not joined:
                return None
            if not (nxt.text in AFTER_ROLE_OK or nxt.pos_ in ("VERB", "AUX", "CCONJ", "ADP", "SCONJ")
                    or m >= hi):
                # "the president of the Tigray interim administration": keep the phrase up to the
                # last title word, when what follows it is a preposition.
                while m > k and not (self.lower[m - 1] in lex.title_heads and doc[m].pos_ == "ADP"):
                    m -= 1
                if m == k:
                    return None
        return self._make(k, m)

    def copula(self, s: int, e: int) -> Role | None:
        """ "X is Russia's foreign minister": the attribute of a "be" whose subject is the name;
        also "X was elected German chancellor", "X became president" (data/entity_role_verbs.txt)."""
        doc = self.doc
        root = doc[e - 1]
        head = root.head.lemma_.lower()
        if root.dep_ not in ("nsubj", "nsubjpass") or (head != "be" and head not in self.lex.role_verbs):
            return None
        for child in root.head.children:
            if child.dep_ in ("attr", "oprd") and child.i > root.i:
                a, b = child.left_edge.i, child.i + 1
                # Keep a following "of/to X" ("president of France").
                for r in child.rights:
                    if r.dep_ == "prep" and r.i == b:
                        b = r.right_edge.i + 1
                if b - a > MAX_ROLE_TOKENS or any(self._in_person(i) for i in range(a, b)):
                    return None
                return self._make(a, b)
        return None
