"""Fast matching of many line patterns read from a data file.

Python's ``re`` tries every branch of a big alternation in turn, so one regex built from
80 patterns costs tens of microseconds per paragraph, too much for a stage that must stay
small beside the language model. Most patterns begin with a literal word or a group of
literal words ("see also", "(share|tweet) ..."); a pattern is only tried on paragraphs
that begin with one of its words (whole-paragraph patterns) or contain one (patterns
marked "~", searched anywhere). Patterns without a literal start are always tried.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from importlib import resources

_LITERAL = re.compile(r"(?:[\w '’,:;&/\-]|\\[^\w\s])+")
_QUANTIFIER = "?*{"


def load_patterns(name: str) -> list[str]:
    """Pattern lines of a data file beside this module, comments and blank lines skipped."""
    text = resources.files("dossier.clean").joinpath("data", name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


def _literal_run(s: str) -> str:
    """The literal text ``s`` must start with ("" when it starts with a metacharacter)."""
    m = _LITERAL.match(s)
    if not m:
        return ""
    run = m.group()
    if m.end() < len(s) and s[m.end()] in _QUANTIFIER:
        run = run[:-2] if run.endswith("\\", 0, len(run) - 1) else run[:-1]  # last char optional
    return re.sub(r"\\(.)", r"\1", run).lower()


def _group_end(s: str) -> int:
    """Index of the ")" closing the group that opens at ``s[0]``, or -1."""
    depth, i = 0, 0
    while i < len(s):
        ch = s[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i = s.find("]", i + 2)
            if i < 0:
                return -1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _split_top(s: str) -> list[str]:
    """Top-level alternatives of a group body."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(s):
        ch = s[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(s[start:i])
            start = i + 1
        i += 1
    parts.append(s[start:])
    return parts


def leading_literals(pattern: str) -> list[str] | None:
    """Lower-case words one of which every match starts with, or ``None`` if unknown."""
    s = pattern.removeprefix("^").removeprefix(r"\b")
    if s.startswith("(?"):
        return None
    if s.startswith("("):
        end = _group_end(s)
        if end < 0 or s[end + 1 : end + 2] in ("?", "*") or s[end + 1 : end + 3] == "{0":
            return None
        runs = [_literal_run(alt.removeprefix(r"\b")) for alt in _split_top(s[1:end])]
    else:
        runs = [_literal_run(s)]
    return None if any(not r for r in runs) else runs


TAIL = 200  # an end-anchored pattern is only searched in this many final characters


def _anchored(rx: re.Pattern[str]) -> Callable[[str], object]:
    """The cheapest equivalent test for a pattern anchored at the start or end of the line."""
    if rx.pattern.startswith("^"):
        return rx.match
    if rx.pattern.endswith("$") and not rx.pattern.endswith("\\$"):
        return lambda text: rx.search(text, max(0, len(text) - TAIL))
    return rx.search


class LineMatcher:
    """Does a normalised paragraph match any pattern of a data file?"""

    def __init__(self, patterns: list[str], expand: dict[str, str] | None = None) -> None:
        whole: dict[str, list[str]] = {}
        always: list[str] = []
        self._search: list[tuple[tuple[str, ...] | None, re.Pattern[str]]] = []
        for raw in patterns:
            is_search = raw.startswith("~")
            pat = raw[1:] if is_search else raw
            for key, value in (expand or {}).items():
                pat = pat.replace(key, value)
            lits = leading_literals(pat)
            if is_search:
                self._search.append((tuple(lits) if lits else None, re.compile(pat, re.I)))
            elif lits is None:
                always.append(pat)
            else:
                for first in {lit[0] for lit in lits}:
                    whole.setdefault(first, []).append(pat)

        def build(pats: list[str]) -> re.Pattern[str] | None:
            return re.compile("|".join(f"(?:{p})" for p in pats), re.I) if pats else None

        self._always = build(always)
        self._search_always = [_anchored(rx) for lits, rx in self._search if lits is None]
        self._search_words = tuple(sorted({w for lits, _ in self._search if lits for w in lits}))
        self._whole = {k: build(v + always) for k, v in whole.items()}

    def fullmatch_any(self, text: str) -> bool:
        """True when a whole-paragraph pattern matches ``text`` or a "~" pattern occurs in it."""
        if not text:
            return False
        rx = self._whole.get(text[0].lower(), self._always)
        if rx is not None and rx.fullmatch(text):
            return True
        return self.search_any(text)

    def search_any(self, text: str) -> bool:
        low = text.lower()
        for test in self._search_always:
            if test(text):
                return True
        if not any(map(low.__contains__, self._search_words)):
            return False  # the usual case: none of the "~" patterns' words occurs
        for lits, rx in self._search:
            if lits is not None and any(map(low.__contains__, lits)) and rx.search(text):
                return True
        return False
