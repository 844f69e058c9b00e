"""Readable SQL views, so the store opens in Datasette (or any SQLite tool) as it is."""

from __future__ import annotations

import sqlite3

VIEWS = {
    "people": """
        SELECT e.id, e.name, json_extract(e.data, '$.roles') AS roles, e.country, e.mention_count
        FROM entities e WHERE e.type = 'PERSON' ORDER BY e.mention_count DESC, e.name""",
    "quotes_with_speakers": """
        SELECT q.id, COALESCE(e.name, q.speaker_text) AS speaker, q.kind, q.cue, q.text,
               d.source AS article, q.doc, q.start, q."end"
        FROM quotes q LEFT JOIN entities e ON e.id = q.speaker JOIN documents d ON d.id = q.doc""",
    "events_readable": """
        SELECT v.id, v.type, a.name AS actor, t.name AS target, l.name AS location, v.date,
               v.negated, v.hypothetical, v.mention_count,
               json_extract(v.data, '$.mentions[0].text') AS reported_as
        FROM events v LEFT JOIN entities a ON a.id = v.actor LEFT JOIN entities t ON t.id = v.target
        LEFT JOIN entities l ON l.id = v.location""",
    "quantities_readable": """
        SELECT q.id, q.text, q.value, q.unit, q.approximate, d.source AS article, q.doc
        FROM quantities q JOIN documents d ON d.id = q.doc""",
    "articles": """
        SELECT d.id, d.source, d.title, d.published, d.original_source, d.duplicate_of, d.words,
               json_array_length(d.removed) AS removed_items
        FROM documents d ORDER BY d.seq""",
}


def create_views(db: sqlite3.Connection) -> None:
    for name, sql in VIEWS.items():
        db.execute(f"DROP VIEW IF EXISTS {name}")
        db.execute(f"CREATE VIEW {name} AS {sql}")
