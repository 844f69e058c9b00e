"""The timeline: every dated event, quote and proposal, in date order."""

from __future__ import annotations

from typing import Any

KIND_ORDER = {"event": 0, "proposal": 1, "quote": 2}


def build_timeline(lists: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    items = []
    for kind, key in (("event", "events"), ("quote", "quotes"), ("proposal", "proposals")):
        for rec in lists.get(key, []):
            if rec.get("date"):
                items.append({"date": rec["date"], "kind": kind, "ref": rec["id"]})
    # Ranges ("2025-06-24/2025-06-25") sort by their start; ties by kind then id: deterministic.
    items.sort(key=lambda t: (t["date"], KIND_ORDER[t["kind"]], t["ref"]))
    return items
