"""One readable line for each timeline item."""

from __future__ import annotations

from typing import Any

_CACHE: dict[int, dict[str, Any]] = {}


def _index(store: Any) -> dict[str, Any]:
    key = id(store)
    if key not in _CACHE:
        idx: dict[str, Any] = {}
        for table in ("entities", "events", "quotes", "proposals"):
            for r in store.records(table):
                idx[r["id"]] = r
        _CACHE[key] = idx
    return _CACHE[key]


def describe(store: Any, item: dict[str, Any]) -> str:
    idx = _index(store)
    rec = idx.get(item["ref"], {})

    def name(eid: str | None) -> str:
        return idx[eid]["name"] if eid in idx else "?"

    if item["kind"] == "event":
        text = rec["mentions"][0]["text"] if rec.get("mentions") else ""
        return f"{rec.get('type')} {name(rec.get('actor'))} -> {name(rec.get('target'))}: {text[:100]}"
    if item["kind"] == "quote":
        who = name(rec.get("speaker")) if rec.get("speaker") else rec.get("speaker_text") or "?"
        return f"{who}: \u201c{rec.get('text', '')[:100]}\u201d"
    return f"proposal: {rec.get('name', '')}"
