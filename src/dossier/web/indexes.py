"""Extra indexes the web pages and the report need to answer fast on a large store.

The store creates the indexes the build and the query commands need; browsing adds other
access paths (events by target or date, quotes by kind, entities by type and prominence, the
actor network). They are derived data, so creating them is always safe and idempotent: the
app runs :func:`ensure_indexes` once at start. ``NULL`` dates sort last through the
expression ``coalesce(date, '~')`` ('~' sorts after every digit), and the pages order by that
same expression so SQLite can walk the index instead of sorting.
"""

from __future__ import annotations

import sqlite3

#: The expression events are ordered by (dated first, then undated). Pages must use it verbatim.
EVENT_ORDER = "coalesce(date, '~')"

INDEXES = {
    "web_entities_rank": "entities (mention_count DESC, name)",
    "web_entities_type_rank": "entities (type, mention_count DESC, name)",
    "web_entity_mentions_entity": "entity_mentions (entity_id, doc, start)",
    "web_quotes_kind": "quotes (kind)",
    "web_quotes_speaker_kind": "quotes (speaker, kind)",
    "web_events_order": f"events ({EVENT_ORDER})",
    "web_events_type_order": f"events (type, {EVENT_ORDER})",
    "web_events_actor_order": f"events (actor, {EVENT_ORDER})",
    "web_events_target_order": f"events (target, {EVENT_ORDER})",
    "web_events_network": "events (actor, target, type)",
    "web_events_date": "events (date)",
    "web_documents_published": "documents (published)",
    "web_contradictions_kind": "contradictions (kind)",
    "web_timeline_date": "timeline (date)",
    "web_quantities_unit": "quantities (unit)",
}


def ensure_indexes(db: sqlite3.Connection) -> None:
    """Create the browsing indexes that are missing and refresh the planner statistics once."""
    have = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    missing = [name for name in INDEXES if name not in have]
    if not missing:
        return
    for name in missing:
        db.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {INDEXES[name]}")
    db.execute("ANALYZE")
