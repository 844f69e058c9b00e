"""What the server keeps in memory between requests, for as long as the store is unchanged:
the small facts of every entity (roles, aliases, coordinates) and the corpus-wide aggregates
(summary counts, top speakers, the actor network, the timeline strip).

An entity's ``data`` JSON carries its whole mention list: for the main actors of a large story
that is megabytes, and SQLite 3.40 parses all of it for any ``json_extract``. Lists show fifty
of exactly those entities, so reading roles from ``data`` per request would cost the page its
speed. The server therefore reads the facts of all entities once (one parse each, through
``json_remove`` of the mentions) and keeps them until the store changes, which
``PRAGMA data_version`` tells for free on every request.

Aggregates scan a whole index (tens of ms on a large store); :func:`cached` computes each once
per store version. Without a server (the report), :func:`lookup` reads the facts of the asked
ids from the store and :func:`cached` simply computes.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

Facts = dict[str, Any]
EMPTY: Facts = {"roles": [], "aliases": [], "lat": None, "lon": None}

_SQL = "SELECT id, json_remove(data, '$.mentions') FROM entities"


def _facts(small_json: str | None) -> Facts:
    rec = json.loads(small_json) if small_json else {}
    lat, lon = rec.get("lat"), rec.get("lon")
    ok = isinstance(lat, int | float) and isinstance(lon, int | float) and -90 <= lat <= 90 and -180 <= lon <= 180
    return {"roles": rec.get("roles") or [], "aliases": rec.get("aliases") or [],
            "lat": lat if ok else None, "lon": lon if ok else None}


MEMO_SIZE = 512  # aggregates remembered per store version (filters make the keys)


class EntityFacts:
    """All entities' facts and memoised aggregates, dropped when another connection commits."""

    def __init__(self, path: str | Path):
        self._con = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        self._version: int | None = None
        self._facts: dict[str, Facts] = {}
        self._memo: dict[Hashable, Any] = {}

    def _check(self) -> None:
        version = self._con.execute("PRAGMA data_version").fetchone()[0]
        if version != self._version:
            self._facts = self._load()
            self._memo = {}
            self._version = version

    def current(self) -> dict[str, Facts]:
        with self._lock:
            self._check()
            return self._facts

    def memo(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        with self._lock:
            self._check()
            if key in self._memo:
                return self._memo[key]
            version = self._version
        value = compute()  # outside the lock: other requests go on meanwhile
        with self._lock:
            if version == self._version:  # a build may have committed while computing
                if len(self._memo) >= MEMO_SIZE:
                    self._memo.clear()
                self._memo[key] = value
        return value


    def _load(self) -> dict[str, Facts]:
        try:
            return {i: _facts(j) for i, j in self._con.execute(_SQL)}
        except sqlite3.OperationalError:  # JSON SQLite rejects (NaN): let Python read it, slowly
            return {i: _facts(json.dumps({k: v for k, v in json.loads(d).items() if k != "mentions"}))
                    for i, d in self._con.execute("SELECT id, data FROM entities")}


class FactsConnection(sqlite3.Connection):
    """A connection that knows where the in-memory facts of its store are."""

    facts: EntityFacts | None = None


def cached(db: sqlite3.Connection, key: Hashable, compute: Callable[[], Any]) -> Any:
    """``compute()``, remembered per store version on a server connection. Callers must not
    mutate the value they get back (it is shared between requests)."""
    holder = getattr(db, "facts", None)
    return holder.memo(key, compute) if holder is not None else compute()


def lookup(db: sqlite3.Connection, ids: list[str] | set[str]) -> dict[str, Facts]:
    """Facts of the given entity ids: from memory on a server connection, else from the store."""
    ids = [i for i in set(ids) if i]
    holder = getattr(db, "facts", None)
    if holder is not None:
        every = holder.current()
        return {i: every.get(i, EMPTY) for i in ids}
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    return {i: _facts(j) for i, j in db.execute(f"{_SQL} WHERE id IN ({marks})", ids)}
