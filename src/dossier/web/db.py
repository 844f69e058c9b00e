"""Read-only SQLite connections for the web app, one per worker thread.

Requests run in a thread pool; a ``sqlite3`` connection must stay on the thread that made it,
so each thread opens its own read-only connection on first use. Read-only (``mode=ro``) means
a page can never change the store, and WAL mode lets a build write while pages are read.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

from dossier.store import Store
from dossier.web.facts import EntityFacts, FactsConnection
from dossier.web.indexes import ensure_indexes


class Reader:
    """Hands out this thread's read-only connection to one store file."""

    def __init__(self, path: str | Path):
        self.path = str(Path(path).resolve())
        self._local = threading.local()
        self.facts: EntityFacts | None = None

    def prepare(self) -> None:
        """Open the store once for writing (schema migration, views, browsing indexes), then read
        the entity facts so the first request is as fast as the others."""
        with Store(self.path) as store:
            ensure_indexes(store.db)
        self.facts = EntityFacts(self.path)
        self.facts.current()

    @property
    def db(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            con = sqlite3.connect(Path(self.path).as_uri() + "?mode=ro", uri=True, factory=FactsConnection)
            con.facts = self.facts
            con.execute("PRAGMA query_only=ON")
            con.execute("PRAGMA cache_size=-65536")  # 64 MiB page cache per thread
            self._local.con = con
        return con


def rows(db: sqlite3.Connection, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[dict[str, Any]]:
    """Run a query and return plain dicts (works on any connection, whatever its row factory)."""
    cur = db.execute(sql, tuple(params))
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def one(db: sqlite3.Connection, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> dict[str, Any] | None:
    found = rows(db, sql, params)
    return found[0] if found else None


def scalar(db: sqlite3.Connection, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> Any:
    r = db.execute(sql, tuple(params)).fetchone()
    return r[0] if r else None
