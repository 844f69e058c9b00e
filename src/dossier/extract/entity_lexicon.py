"""Word lists for entity recognition, read once from the data files beside this module.

Titles, demonyms, name particles and place words are data, not code: a new beat (sports,
business) needs new lines in ``data/entity_*``, never a new ``if``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


def _lines(name: str) -> list[str]:
    """Non-empty, non-comment lines of a data file (tabs kept)."""
    text = resources.files("dossier.extract").joinpath("data", name).read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        out.append(line.rstrip("\n"))
    return out


def words_of(phrase: str) -> list[str]:
    """Split a phrase the way role text is compared: lowercase, hyphens and spaces apart."""
    return [w for w in re.split(r"[\s\-]+", phrase.lower()) if w]


@dataclass(frozen=True, slots=True)
class Lexicon:
    titles: dict[str, str]  # normalised phrase ("foreign minister") -> normalised role
    honorifics: frozenset[str]  # "mr", "dr." ...
    title_words: frozenset[str]  # every word of every title phrase
    title_heads: frozenset[str]  # last words of title phrases: a role ends on one of them
    strong_heads: frozenset[str]  # heads that alone make the following name a person
    role_words: frozenset[str]  # modifiers allowed inside a role phrase ("former", "of")
    connectors: tuple[tuple[str, ...], ...]  # "who served as" ... longest first
    demonyms: dict[str, str]  # "Russian" / "Russians" -> "RU"
    particles: frozenset[str]
    place_words: frozenset[str]
    title_re: re.Pattern[str]  # finds title phrases inside a normalised role text
    weak: frozenset[str]  # title phrases that are also everyday words ("official", "general")
    past: frozenset[str] = frozenset()  # "former", "ex": the title after them is no longer held
    org_heads: frozenset[str] = frozenset()  # "Committee", "Court": may take "of/for/on X"
    org_words: frozenset[str] = frozenset()  # "party", "coalition" after a name: an organisation
    org_roles: frozenset[str] = frozenset()  # normalised roles held in a team or company
    org_suffixes: frozenset[str] = frozenset()  # "Corp", "Inc": dropped when comparing names
    relations: frozenset[str] = frozenset()  # "son", "widow": the title after them is another's
    role_verbs: frozenset[str] = frozenset()  # "elect", "appoint": their subject takes the office
    alias_cues: tuple[str, ...] = ()  # "known as", "nicknamed": a nickname of the person before


def normalise_role_text(text: str) -> str:
    """Lowercase, hyphen-free, single-spaced: the form title phrases are matched in."""
    return " ".join(words_of(text.replace("’", "'")))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load every entity word list once per process."""
    titles: dict[str, str] = {}
    honorifics: set[str] = set()
    weak: set[str] = set()
    for line in _lines("entity_titles.tsv"):
        cols = line.split("\t")
        phrase = normalise_role_text(cols[0])
        kind = cols[2].strip() if len(cols) > 2 else "role"
        if kind == "honorific":
            honorifics.add(cols[0].strip().lower())
            continue
        titles[phrase] = cols[1].strip()
        if kind == "weak":
            weak.add(phrase)
    # Words with a dot are place qualifiers ("u.s. attorney"), not title words.
    title_words = {w for p in titles for w in p.split() if "." not in w[:-1]} - {"the"}
    title_heads = {p.split()[-1] for p in titles}
    strong_heads = {p.split()[-1] for p in titles if p not in weak} - {
        w for p in weak for w in p.split()[-1:]
    }
    # Longest phrases first so the alternation prefers "deputy prime minister" to "minister".
    alts = sorted(titles, key=lambda p: (-len(p), p))
    title_re = re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(p) for p in alts) + r")(?![\w])")

    demonyms: dict[str, str] = {}
    for line in _lines("entity_demonyms.tsv"):
        word, code = (c.strip() for c in line.split("\t")[:2])
        demonyms[word] = code
        if not word.endswith(("s", "sh", "ch", "ese")):
            demonyms.setdefault(word + "s", code)
    connectors = sorted(
        (tuple(line.split()) for line in _lines("entity_role_connectors.txt")), key=lambda c: -len(c)
    )
    return Lexicon(
        titles=titles,
        honorifics=frozenset(honorifics),
        title_words=frozenset(title_words),
        title_heads=frozenset(title_heads),
        strong_heads=frozenset(strong_heads),
        role_words=frozenset(w.strip().lower() for w in _lines("entity_role_words.txt")),
        connectors=tuple(connectors),
        demonyms=demonyms,
        particles=frozenset(w.strip() for w in _lines("entity_name_particles.txt")),
        place_words=frozenset(w.strip() for w in _lines("entity_place_words.txt")),
        title_re=title_re,
        weak=frozenset(weak),
        past=frozenset(w for line in _lines("entity_role_past.txt") for w in words_of(line)),
        org_heads=frozenset(w.strip() for w in _lines("entity_org_heads.txt")),
        org_words=frozenset(w.strip() for w in _lines("entity_org_words.txt")),
        org_roles=frozenset(w.strip() for w in _lines("entity_org_roles.txt")),
        org_suffixes=frozenset(w.strip().lower() for w in _lines("entity_org_suffixes.txt")),
        relations=frozenset(w.strip().lower() for w in _lines("entity_role_relations.txt")),
        role_verbs=frozenset(w.strip().lower() for w in _lines("entity_role_verbs.txt")),
        alias_cues=tuple(sorted((w.strip().lower() for w in _lines("entity_alias_cues.txt")), key=lambda w: -len(w))),
    )


def normalise_roles(role: str) -> list[str]:
    """The normalised functions named inside a role as written.

    "Kyiv's First Deputy Prime Minister" -> ["deputy prime minister"]; "president and chief
    executive" -> ["president", "chief executive"]. Longest phrase wins at each place. A past
    marker before a title (and after any earlier title) makes it "former ...": "former Nigerian
    President" -> ["former president"], "ex-chief executive" -> ["former chief executive"].
    """
    lex = lexicon()
    out: list[str] = []
    text = normalise_role_text(role)
    last = 0
    for m in lex.title_re.finditer(text):
        norm = lex.titles[m.group(0)]
        if any(w in lex.past for w in text[last:m.start()].split()) and not norm.startswith("former "):
            norm = "former " + norm
        last = m.end()
        if norm not in out:
            out.append(norm)
    return out


def is_strong_role(role: str) -> bool:
    """Does the role name a title that alone marks a person ("chief executive", not "chief")?"""
    lex = lexicon()
    return any(m.group(0) not in lex.weak for m in lex.title_re.finditer(normalise_role_text(role)))
