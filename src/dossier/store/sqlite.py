"""The embedded SQLite store.

Two layers of tables:

* per-document tables (``documents``, ``analyses``, ``errors``), written one document per
  transaction as the build goes, so a killed build loses at most the document in flight;
* dossier tables (``entities``, ``quotes``, ``events`` ...), rebuilt from the per-document
  layer by the link stage in a single transaction after each build.

Each dossier table keeps the SPEC record as JSON in ``data`` next to readable columns, so
the JSON export is exact and Datasette users get plain tables and views.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from dossier.records import DocAnalysis, Document, InputError, Removal, from_dict, to_dict

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    title TEXT,
    text TEXT NOT NULL,
    original_source TEXT,
    published TEXT,
    duplicate_of TEXT,
    removed TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    clean_hash TEXT NOT NULL,
    minhash BLOB,
    words INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS analyses (
    clean_hash TEXT PRIMARY KEY,
    version TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS errors (
    source TEXT NOT NULL, stage TEXT NOT NULL, message TEXT NOT NULL,
    PRIMARY KEY (source, stage, message)
);
CREATE TABLE IF NOT EXISTS entities (
    id TEXT PRIMARY KEY, type TEXT NOT NULL, name TEXT NOT NULL, country TEXT,
    mention_count INTEGER NOT NULL, data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS entity_mentions (
    entity_id TEXT NOT NULL, doc TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS quotes (
    id TEXT PRIMARY KEY, doc TEXT NOT NULL, kind TEXT NOT NULL, speaker TEXT, speaker_text TEXT,
    cue TEXT, text TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS quantities (
    id TEXT PRIMARY KEY, doc TEXT NOT NULL, text TEXT NOT NULL, unit TEXT, value TEXT NOT NULL,
    approximate INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY, type TEXT NOT NULL, actor TEXT, target TEXT, location TEXT, date TEXT,
    negated INTEGER NOT NULL, hypothetical INTEGER NOT NULL, mention_count INTEGER NOT NULL, data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS proposals (id TEXT PRIMARY KEY, name TEXT NOT NULL, proposer TEXT, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS contradictions (
    id TEXT PRIMARY KEY, about TEXT, kind TEXT NOT NULL, explanation TEXT, data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS timeline (
    seq INTEGER PRIMARY KEY, date TEXT NOT NULL, kind TEXT NOT NULL, ref TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS entity_mentions_doc ON entity_mentions (doc, start);
CREATE INDEX IF NOT EXISTS entity_mentions_entity ON entity_mentions (entity_id);
CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes (speaker);
CREATE INDEX IF NOT EXISTS quotes_doc ON quotes (doc);
CREATE INDEX IF NOT EXISTS events_type ON events (type);
CREATE INDEX IF NOT EXISTS events_actor ON events (actor);
CREATE INDEX IF NOT EXISTS quantities_doc ON quantities (doc);
"""

#: Dossier lists and the table each lives in, in SPEC order.
DOSSIER_TABLES = ["entities", "quotes", "quantities", "events", "proposals", "contradictions"]


class StoreError(RuntimeError):
    """The store file cannot be opened or is of an unknown schema."""


class Store:
    """A dossier store on disk. Use as a context manager; every write is transactional."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as e:
            raise StoreError(f"cannot open store {self.path}: {e}") from e

    # ----------------------------------------------------------------- lifecycle

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def _migrate(self) -> None:
        row = None
        if self.db.execute("SELECT name FROM sqlite_master WHERE name='meta'").fetchone():
            row = self.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        if row and int(row[0]) != SCHEMA_VERSION:
            raise StoreError(f"store {self.path} has schema version {row[0]}, this dossier reads {SCHEMA_VERSION}")
        with self.transaction():
            for stmt in _SCHEMA.split(";"):
                if stmt.strip():
                    self.db.execute(stmt)
            self.db.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        from dossier.store.views import create_views

        with self.transaction():
            create_views(self.db)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any error."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # ----------------------------------------------------------------- per-document layer

    def has_document(self, doc_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM documents WHERE id=?", (doc_id,)).fetchone() is not None

    def cached_analysis(self, clean_hash: str, version: str) -> DocAnalysis | None:
        row = self.db.execute(
            "SELECT data FROM analyses WHERE clean_hash=? AND version=?", (clean_hash, version)
        ).fetchone()
        return from_dict(DocAnalysis, json.loads(row[0])) if row else None

    def add_document(self, doc: Document, analysis: DocAnalysis, version: str, minhash: bytes | None) -> None:
        """Write one document and its analysis in a single transaction."""
        data = to_dict(analysis)
        data["doc_id"] = ""  # the cache is keyed by content, not by document
        with self.transaction() as db:
            db.execute(
                "INSERT INTO documents (id, source, title, text, original_source, published, removed,"
                " content_hash, clean_hash, minhash, words) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (doc.id, doc.source, doc.title, doc.text, doc.original_source, doc.published,
                 json.dumps(to_dict(doc.removed), ensure_ascii=False), doc.content_hash,
                 clean_hash(doc.text), minhash, analysis.words),
            )
            db.execute(
                "INSERT OR REPLACE INTO analyses VALUES (?,?,?)",
                (clean_hash(doc.text), version, json.dumps(data, ensure_ascii=False, separators=(",", ":"))),
            )
            db.execute("DELETE FROM errors WHERE source=?", (doc.source,))

    def replace_analysis(self, doc: Document, analysis: DocAnalysis, version: str) -> None:
        """Store a fresh analysis of a document already in the store (after an upgrade)."""
        data = to_dict(analysis)
        data["doc_id"] = ""
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO analyses VALUES (?,?,?)",
                       (clean_hash(doc.text), version, json.dumps(data, ensure_ascii=False, separators=(",", ":"))))
            db.execute("UPDATE documents SET words=? WHERE id=?", (analysis.words, doc.id))

    def stale_documents(self, version: str) -> Iterator[Document]:
        """Stored documents with no analysis of this version (ids are read first: the caller writes)."""
        ids = [r[0] for r in self.db.execute(
            "SELECT d.id FROM documents d LEFT JOIN analyses a ON a.clean_hash = d.clean_hash AND a.version = ?"
            " WHERE a.clean_hash IS NULL ORDER BY d.seq", (version,))]
        for doc_id in ids:
            yield self.document(doc_id)

    def document(self, doc_id: str) -> Document:
        r = self.db.execute(
            "SELECT id, source, title, text, original_source, published, duplicate_of, removed, content_hash"
            " FROM documents WHERE id=?", (doc_id,)).fetchone()
        if r is None:
            raise KeyError(doc_id)
        return Document(r[0], r[1], r[3], r[2], r[4], r[5], r[6], [Removal(**x) for x in json.loads(r[7])], r[8])

    def add_error(self, err: InputError) -> None:
        with self.transaction() as db:
            db.execute("INSERT OR IGNORE INTO errors VALUES (?,?,?)", (err.source, err.stage, err.message))

    def documents(self) -> Iterator[tuple[Document, bytes | None]]:
        """Every document in ingest order, with its MinHash signature."""
        cur = self.db.execute(
            "SELECT id, source, title, text, original_source, published, duplicate_of, removed,"
            " content_hash, minhash FROM documents ORDER BY seq"
        )
        for r in cur:
            removed = [Removal(**x) for x in json.loads(r[7])]
            yield Document(r[0], r[1], r[3], r[2], r[4], r[5], r[6], removed, r[8]), r[9]

    def analyses(self, version: str) -> Iterator[tuple[Document, DocAnalysis]]:
        """Every document with its cached analysis (documents of an older analysis version are left out)."""
        for doc, _ in self.documents():
            a = self.cached_analysis(clean_hash(doc.text), version)
            if a is not None:
                a.doc_id = doc.id
                yield doc, a

    def errors(self) -> list[dict[str, str]]:
        rows = self.db.execute("SELECT source, stage, message FROM errors ORDER BY source, stage, message")
        return [{"source": s, "stage": st, "message": m} for s, st, m in rows]

    def document_count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]

    # ----------------------------------------------------------------- dossier layer

    def replace_dossier(self, lists: dict[str, list[dict[str, Any]]], duplicates: dict[str, str | None],
                        timeline: list[dict[str, Any]]) -> None:
        """Swap in a freshly linked dossier, all in one transaction."""
        with self.transaction() as db:
            for t in [*DOSSIER_TABLES, "entity_mentions", "timeline"]:
                db.execute(f"DELETE FROM {t}")
            db.execute("UPDATE documents SET duplicate_of=NULL")
            db.executemany("UPDATE documents SET duplicate_of=? WHERE id=?",
                           [(v, k) for k, v in duplicates.items() if v])
            for e in lists.get("entities", []):
                db.execute("INSERT INTO entities VALUES (?,?,?,?,?,?)",
                           (e["id"], e["type"], e["name"], e.get("country"), len(e["mentions"]), _j(e)))
                db.executemany("INSERT INTO entity_mentions VALUES (?,?,?,?,?)",
                               [(e["id"], m["doc"], m["start"], m["end"], m["text"]) for m in e["mentions"]])
            db.executemany("INSERT INTO quotes VALUES (?,?,?,?,?,?,?,?,?,?)", [
                (q["id"], q["doc"], q["kind"], q.get("speaker"), q.get("speaker_text"), q.get("cue"),
                 q["text"], q["start"], q["end"], _j(q)) for q in lists.get("quotes", [])])
            db.executemany("INSERT INTO quantities VALUES (?,?,?,?,?,?,?,?,?)", [
                (q["id"], q["doc"], q["text"], q.get("unit"), json.dumps(q["value"]), int(q["approximate"]),
                 q["start"], q["end"], _j(q)) for q in lists.get("quantities", [])])
            db.executemany("INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?)", [
                (e["id"], e["type"], e.get("actor"), e.get("target"), e.get("location"), e.get("date"),
                 int(e["negated"]), int(e["hypothetical"]), len(e["mentions"]), _j(e))
                for e in lists.get("events", [])])
            db.executemany("INSERT INTO proposals VALUES (?,?,?,?)", [
                (p["id"], p["name"], p.get("proposer"), _j(p)) for p in lists.get("proposals", [])])
            db.executemany("INSERT INTO contradictions VALUES (?,?,?,?,?)", [
                (c["id"], c.get("about"), c["kind"], c.get("explanation"), _j(c))
                for c in lists.get("contradictions", [])])
            db.executemany("INSERT INTO timeline VALUES (?,?,?,?)", [
                (i, t["date"], t["kind"], t["ref"]) for i, t in enumerate(timeline)])

    def records(self, table: str, where: str = "", params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        """SPEC records of one dossier table, in stored order, optionally filtered by SQL."""
        if table not in DOSSIER_TABLES:
            raise ValueError(f"unknown table {table}")
        sql = f"SELECT data FROM {table} {('WHERE ' + where) if where else ''} ORDER BY rowid"
        return [json.loads(r[0]) for r in self.db.execute(sql, tuple(params))]

    def timeline(self) -> list[dict[str, Any]]:
        return [{"date": d, "kind": k, "ref": r} for d, k, r in
                self.db.execute("SELECT date, kind, ref FROM timeline ORDER BY seq")]


def _j(rec: dict[str, Any]) -> str:
    return json.dumps(rec, ensure_ascii=False, separators=(",", ":"))


def clean_hash(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()
