"""The report a person can send: Markdown, or one self-contained HTML file.

Both formats render the same context from the same templates' point of view: the story in
numbers, key people, main quotes by speaker, the events in date order, the numbers, the
proposals with the stance matrix, the contradictions and the sources with what cleaning
removed. Every item cites its article as ``[n]``, n being the article's place in the source
list. Lists are capped (the caps are printed) so a report of ten thousand articles stays a
report; the full data is in the JSON export and the web app.

Escaping is on by default in both templates: HTML through Jinja's autoescape, Markdown through
a ``finalize`` hook that escapes Markdown syntax (and raw HTML) in every value.
"""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from dossier.web import queries as Q
from dossier.web.db import rows
from dossier.web.indexes import ensure_indexes

TEMPLATES = Path(__file__).parent / "templates"

PEOPLE = 15
SPEAKERS = 10
QUOTES_PER_SPEAKER = 4
EVENTS = 120
NUMBERS = 60
PROPOSALS = 40
CONTRADICTIONS = 40
SOURCES = 2000
REMOVED_PER_SOURCE = 6

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|&~#])")


class Raw(str):
    """A string the Markdown template must print as it is (already Markdown)."""


def md_escape(value: Any) -> Any:
    """Escape a value for inline Markdown: syntax characters are backslashed, lines joined."""
    if value is None:
        return ""
    if isinstance(value, Raw) or not isinstance(value, str):
        return value
    return _MD_SPECIAL.sub(r"\\\1", " ".join(value.split()))


def _environments() -> dict[str, Environment]:
    common = {"loader": FileSystemLoader(TEMPLATES), "undefined": StrictUndefined, "trim_blocks": True,
              "lstrip_blocks": True, "keep_trailing_newline": True}
    return {"html": Environment(autoescape=True, **common),
            "md": Environment(autoescape=False, finalize=md_escape, **common)}


def number(value: Any) -> str:
    """4000 -> "4,000", 2.50 -> "2.5": numbers as a reader writes them."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.6g}"


ENVS = _environments()
for _env in ENVS.values():
    _env.filters["number"] = number
TEMPLATE = {"html": "report.html", "md": "report.md.txt"}


def render_report(store: Any, fmt: str) -> str:
    """The report of the dossier in ``store`` (a :class:`dossier.store.Store`) as ``md`` or ``html``."""
    if fmt not in TEMPLATE:
        raise ValueError(f"unknown report format {fmt!r} (md or html)")
    ensure_indexes(store.db)
    ctx = report_context(store.db)
    ctx["errors"] = store.errors()
    return ENVS[fmt].get_template(TEMPLATE[fmt]).render(**ctx, fmt=fmt)


def report_context(db: sqlite3.Connection) -> dict[str, Any]:
    """Everything the report shows, read with capped queries (shared with the web app)."""
    s = Q.summary(db)
    docs = rows(db, f"SELECT id, source, title, published, original_source, duplicate_of, words, removed"
                f" FROM documents ORDER BY seq LIMIT {SOURCES}")
    number = {d["id"]: i for i, d in enumerate(docs, 1)}
    for d in docs:
        removed = json.loads(d["removed"]) if d["removed"] else []
        d["n"] = number[d["id"]]
        d["removed_total"] = len(removed)
        d["removed"] = removed[:REMOVED_PER_SOURCE]

    def cite(doc: str | None) -> str:
        return f"[{number[doc]}]" if doc in number else ""

    people = Q.entities(db, "PERSON", per=PEOPLE).items
    for p in people:
        p["quotes"] = rows(db, "SELECT COUNT(*) n FROM quotes WHERE speaker=?", (p["id"],))[0]["n"]
    speakers = []
    for sp in Q.top_speakers(db, SPEAKERS):
        sp["items"] = rows(db, "SELECT id, doc, kind, text, cue, start, \"end\" FROM quotes WHERE speaker=?"
                           " ORDER BY CASE kind WHEN 'direct' THEN 0 WHEN 'partial' THEN 1 ELSE 2 END, rowid"
                           " LIMIT ?", (sp["id"], QUOTES_PER_SPEAKER))
        speakers.append(sp)
    events = Q.events(db, per=EVENTS)
    numbers = Q.quantities(db, per=NUMBERS)
    props = Q.proposals(db, per=PROPOSALS)
    contra = Q.contradictions(db, per=CONTRADICTIONS)
    return {
        "generated_at": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        "s": s,
        "story": story_sentence(s),
        "people": people,
        "speakers": speakers,
        "unattributed": rows(db, "SELECT COUNT(*) n FROM quotes WHERE speaker IS NULL")[0]["n"],
        "events": events,
        "numbers": numbers,
        "units": Q.top_units(db, 12),
        "proposals": props["page"],
        "matrix": props["matrix"],
        "contradictions": contra,
        "sources": docs,
        "cite": cite,
        "caps": {"events": EVENTS, "numbers": NUMBERS, "sources": SOURCES},
        "Raw": Raw,
        "Markup": Markup,
    }


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def story_sentence(s: dict[str, Any]) -> str:
    """The story in one paragraph, from the counts (no language generation, just the facts)."""
    c = s["counts"]
    parts = [plural(c["documents"], "article")]
    if s["published"]["first"]:
        span = s["published"]
        parts[0] += (f" published on {span['first']}" if span["first"] == span["last"]
                     else f" published between {span['first']} and {span['last']}")
    parts[0] += "."
    if s["top_people"]:
        parts.append("Most mentioned: " + ", ".join(p["name"] for p in s["top_people"][:5]) + ".")
    if s["top_places"]:
        parts.append("Places: " + ", ".join(p["name"] for p in s["top_places"][:4]) + ".")
    if c["events"]:
        mix = ", ".join(f"{t['type']} ({t['n']})" for t in s["event_types"][:3])
        parts.append(f"{plural(c['events'], 'event')}, chiefly {mix}.")
    parts.append(f"{plural(c['quotes'], 'quote')}, {plural(c['quantities'], 'number')}, "
                 f"{plural(c['proposals'], 'proposal')} and {plural(c['contradictions'], 'point')}"
                 " where the sources disagree.")
    return " ".join(parts)
