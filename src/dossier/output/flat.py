"""Flat views of dossier records for tables, CSV and JSON Lines."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

Row = dict[str, Any]

#: The columns a person wants to see for each kind of record.
COLUMNS: dict[str, list[str]] = {
    "entities": ["id", "type", "name", "roles", "country", "mentions"],
    "quotes": ["id", "speaker_name", "kind", "cue", "text", "doc"],
    "quantities": ["id", "text", "value", "unit", "approximate", "doc"],
    "events": ["id", "type", "actor_name", "target_name", "location_name", "date", "negated", "hypothetical",
               "mentions", "reported_as"],
    "proposals": ["id", "name", "proposer_name", "stances", "mentions"],
    "contradictions": ["id", "kind", "about_name", "explanation", "claims"],
    "timeline": ["date", "kind", "ref", "what"],
}


def flatten(kind: str, rec: Row, name: Callable[[str | None], str | None]) -> Row:
    """One record as a flat row: entity ids gain a readable name, lists become counts or text."""
    r = dict(rec)
    if kind == "entities":
        r["roles"] = "; ".join(rec.get("roles", []))
        r["mentions"] = len(rec.get("mentions", []))
    elif kind == "quotes":
        r["speaker_name"] = name(rec.get("speaker")) or rec.get("speaker_text")
    elif kind == "events":
        for k in ("actor", "target", "location"):
            r[f"{k}_name"] = name(rec.get(k))
        r["reported_as"] = rec["mentions"][0]["text"] if rec.get("mentions") else ""
        r["mentions"] = len(rec.get("mentions", []))
    elif kind == "proposals":
        r["proposer_name"] = name(rec.get("proposer"))
        r["stances"] = "; ".join(f"{name(s['party'])}: {s['stance']}" for s in rec.get("stances", []))
        r["mentions"] = len(rec.get("mentions", []))
    elif kind == "contradictions":
        r["about_name"] = name(rec.get("about")) or rec.get("about")
        r["claims"] = " | ".join(c["text"] for c in rec.get("claims", []))
    return {c: _cell(r.get(c)) for c in COLUMNS[kind]}


def _cell(v: Any) -> Any:
    if isinstance(v, list | dict):
        return json.dumps(v, ensure_ascii=False)
    return v


def to_csv(rows: list[Row], columns: list[str]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()
