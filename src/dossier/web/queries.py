"""The read model behind the web pages, the JSON API and the report.

Every function answers one screen's question with indexed SQL and a LIMIT, so a page costs
the same on five articles as on ten thousand: nothing here loads the whole dossier. Entity
records can carry thousands of mentions in their JSON, so lists read the readable columns and
take roles, aliases and coordinates from :mod:`dossier.web.facts` rather than parsing ``data``.
Pages are cut on rowids first (``_paged``) so a deep OFFSET skips rows without joining them.

Functions take a plain ``sqlite3.Connection`` (the web app's read-only one, or the Store's).
"""

from __future__ import annotations

import json
import math
import sqlite3
from dataclasses import dataclass
from typing import Any

from dossier.web.db import one, rows, scalar
from dossier.web.facts import cached, lookup
from dossier.web.indexes import EVENT_ORDER

Row = dict[str, Any]

ENTITY_TYPES = ["PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"]
PLACE_TYPES = ("GPE", "LOC", "FAC")
QUOTE_KINDS = ["direct", "partial", "indirect"]
EVENT_TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
               "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]
CONTRADICTION_KINDS = ["role", "number", "fact"]
TIMELINE_KINDS = ["event", "quote", "proposal"]
STANCES = ["proposes", "supports", "accepts", "conditional", "undecided", "rejects"]
CONTEXT = 80  # characters of article shown either side of a span in lists
MAX_PER = 200


@dataclass
class Page:
    """One page of a longer list, with what a pager needs."""

    items: list[Row]
    total: int
    page: int
    per: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per))

    def to_json(self) -> Row:
        return {"items": self.items, "total": self.total, "page": self.page, "per": self.per, "pages": self.pages}


def _like(needle: str) -> str:
    return "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


class _Where:
    """SQL conditions and their parameters, from the filters a request gives (unset ones skipped)."""

    def __init__(self) -> None:
        self.conds: list[str] = []
        self.params: list[Any] = []

    def add(self, cond: str, *params: Any) -> None:
        self.conds.append(cond)
        self.params += params

    def eq(self, col: str, value: Any) -> None:
        if value:
            self.add(f"{col}=?", value)

    def like(self, col: str, needle: str | None) -> None:
        if needle:
            self.add(f"{col} LIKE ? ESCAPE '\\'", _like(needle))

    @property
    def sql(self) -> str:
        return " AND ".join(self.conds) or "1"


def _offset(page: int, per: int) -> tuple[int, int]:
    per = max(1, min(per, MAX_PER))
    return per, (max(1, page) - 1) * per


def names(db: sqlite3.Connection, ids: set[str] | list[str]) -> dict[str, str]:
    """Entity id -> name for the given ids (one indexed lookup)."""
    ids = [i for i in set(ids) if i]
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    return {r["id"]: r["name"] for r in rows(db, f"SELECT id, name FROM entities WHERE id IN ({marks})", ids)}


def entity_ids(db: sqlite3.Connection, needle: str | None, limit: int = 200) -> list[str] | None:
    """What an entity filter means: an exact id, or every entity whose name contains the text.

    None means no filter; an empty list means a filter nothing matches."""
    if not needle:
        return None
    if scalar(db, "SELECT 1 FROM entities WHERE id=?", (needle,)):
        return [needle]
    found = rows(db, "SELECT id FROM entities WHERE name LIKE ? ESCAPE '\\' ORDER BY mention_count DESC LIMIT ?",
                 (_like(needle), limit))
    return [r["id"] for r in found]


def _in(column: str, ids: list[str]) -> tuple[str, list[str]]:
    if not ids:
        return "0", []
    return f"{column} IN ({','.join('?' * len(ids))})", ids


def _window(text: str | None, s0: int, start: int, end: int) -> Row:
    """Split an article window read from ``s0`` into the text before, at and after the span."""
    text = text or ""
    a, b = start - s0, end - s0
    return {"before": text[:a], "span": text[a:b], "after": text[b:]}


# --------------------------------------------------------------------------- summary


def summary(db: sqlite3.Connection) -> Row:
    """Counts, date span, the most mentioned people and the event mix: the story at a glance."""
    return cached(db, "summary", lambda: _summary(db))


def _summary(db: sqlite3.Connection) -> Row:
    counts = {t: scalar(db, f"SELECT COUNT(*) FROM {t}") for t in
              ("documents", "entities", "quotes", "quantities", "events", "proposals", "contradictions", "errors")}
    by_type = {r["type"]: r["n"] for r in rows(db, "SELECT type, COUNT(*) n FROM entities GROUP BY type")}
    # one MIN or MAX per subquery, so each is a single index probe
    span = one(db, "SELECT (SELECT MIN(date) FROM timeline) first, (SELECT MAX(date) FROM timeline) last") or {}
    pub = one(db, "SELECT (SELECT MIN(published) FROM documents WHERE published IS NOT NULL) first,"
              " (SELECT MAX(published) FROM documents) last") or {}
    return {
        "counts": counts,
        "entity_types": by_type,
        "dates": {"first": _day(span.get("first") or pub.get("first")), "last": _day(span.get("last") or pub.get("last"))},
        "published": {"first": _day(pub.get("first")), "last": _day(pub.get("last"))},
        "top_people": top_entities(db, "PERSON", 10),
        "top_places": top_entities(db, "GPE", 8),
        "top_speakers": top_speakers(db, 10),
        "event_types": rows(db, "SELECT type, COUNT(*) n FROM events GROUP BY type ORDER BY n DESC, type"),
    }


def _day(value: str | None) -> str | None:
    return value[:10] if value else None


def top_entities(db: sqlite3.Connection, etype: str, limit: int) -> list[Row]:
    found = rows(db, "SELECT id, name, country, mention_count FROM entities"
                 " WHERE type=? ORDER BY mention_count DESC, name LIMIT ?", (etype, limit))
    return with_facts(db, found, "roles")


def with_facts(db: sqlite3.Connection, found: list[Row], *keys: str) -> list[Row]:
    """Add roles / aliases / lat / lon to entity rows (from memory on the server)."""
    facts = lookup(db, [r["id"] for r in found])
    for r in found:
        f = facts.get(r["id"], {})
        for k in keys:
            r[k] = f.get(k, [] if k in ("roles", "aliases") else None)
    return found


def top_speakers(db: sqlite3.Connection, limit: int) -> list[Row]:
    """Who is quoted most: counted on the speaker index first, names joined after."""
    return cached(db, ("top_speakers", limit), lambda: rows(
        db, "SELECT s.speaker id, e.name, s.n quotes FROM (SELECT speaker, COUNT(*) n FROM quotes"
        " WHERE speaker IS NOT NULL GROUP BY speaker) s JOIN entities e ON e.id = s.speaker"
        " ORDER BY s.n DESC, e.name LIMIT ?", (limit,)))


def _decode(r: Row, *keys: str) -> Row:
    for k in keys:
        r[k] = json.loads(r[k]) if r.get(k) else []
    return r


# --------------------------------------------------------------------------- entities


def entities(db: sqlite3.Connection, etype: str | None = None, q: str | None = None, page: int = 1,
             per: int = 50) -> Page:
    w = _Where()
    w.eq("type", etype)
    w.like("name", q)
    cond, params = w.sql, w.params
    per, off = _offset(page, per)
    total = scalar(db, f"SELECT COUNT(*) FROM entities WHERE {cond}", params)
    items = rows(db, f"SELECT id, type, name, country, mention_count FROM entities WHERE {cond}"
                 " ORDER BY mention_count DESC, name LIMIT ? OFFSET ?", [*params, per, off])
    return Page(with_facts(db, items, "roles", "aliases"), total, page, per)


def entity(db: sqlite3.Connection, eid: str) -> Row | None:
    """One entity without its (possibly huge) mention list, with how often it speaks and acts."""
    r = one(db, "SELECT id, type, name, country, mention_count FROM entities WHERE id=?", (eid,))
    if r is None:
        return None
    with_facts(db, [r], "roles", "aliases", "lat", "lon")
    r["quote_count"] = scalar(db, "SELECT COUNT(*) FROM quotes WHERE speaker=?", (eid,))
    r["actor_count"] = scalar(db, "SELECT COUNT(*) FROM events WHERE actor=?", (eid,))
    r["target_count"] = scalar(db, "SELECT COUNT(*) FROM events WHERE target=?", (eid,))
    return r


def entity_mentions(db: sqlite3.Connection, eid: str, page: int = 1, per: int = 30) -> Page:
    """Where an entity is named, each with a window of the article around it."""
    per, off = _offset(page, per)
    total = scalar(db, "SELECT COUNT(*) FROM entity_mentions WHERE entity_id=?", (eid,))
    found = rows(db, f"""
        WITH cut AS (SELECT rowid r FROM entity_mentions WHERE entity_id=? ORDER BY doc, start LIMIT ? OFFSET ?)
        SELECT m.doc, m.start, m."end", m.text, d.title doc_title, d.source doc_source,
               max(0, m.start - {CONTEXT}) s0,
               substr(d.text, max(0, m.start - {CONTEXT}) + 1, m."end" - max(0, m.start - {CONTEXT}) + {CONTEXT}) win
        FROM cut JOIN entity_mentions m ON m.rowid = cut.r JOIN documents d ON d.id = m.doc
        ORDER BY m.doc, m.start""", (eid, per, off))
    for r in found:
        r["context"] = _window(r.pop("win"), r.pop("s0"), r["start"], r["end"])
    return Page(found, total, page, per)


def entity_proposals(db: sqlite3.Connection, eid: str) -> list[Row]:
    """Proposals this entity made or took a stance on (the proposals list is short: a scan is fine)."""
    return rows(db, """
        SELECT p.id, p.name, 'proposes' stance FROM proposals p WHERE p.proposer=?
        UNION ALL
        SELECT p.id, p.name, json_extract(s.value, '$.stance') FROM proposals p, json_each(p.data, '$.stances') s
        WHERE json_extract(s.value, '$.party')=? AND coalesce(p.proposer, '') <> ?""", (eid, eid, eid))


# --------------------------------------------------------------------------- quotes


def quotes(db: sqlite3.Connection, speaker: str | None = None, kind: str | None = None, doc: str | None = None,
           q: str | None = None, page: int = 1, per: int = 50) -> Page:
    """Quotes in stored order, filtered by speaker (id or name text), kind, document and words."""
    where, params = ["1"], []
    ids = entity_ids(db, speaker)
    if ids is not None:
        cond, p = _in("q.speaker", ids)
        if len(ids) == 1 and ids[0] == speaker:
            where.append(cond)
        else:  # a name: resolved speakers, or unresolved ones written that way
            where.append(f"({cond} OR (q.speaker IS NULL AND q.speaker_text LIKE ? ESCAPE '\\'))")
            p = [*p, _like(speaker or "")]
        params += p
    if kind:
        where.append("q.kind=?")
        params.append(kind)
    if doc:
        where.append("q.doc=?")
        params.append(doc)
    if q:
        where.append("q.text LIKE ? ESCAPE '\\'")
        params.append(_like(q))
    cond = " AND ".join(where)
    per, off = _offset(page, per)
    total = scalar(db, f"SELECT COUNT(*) FROM quotes q WHERE {cond}", params)
    items = rows(db, f"""
        WITH cut AS (SELECT q.rowid r FROM quotes q WHERE {cond} ORDER BY q.rowid LIMIT ? OFFSET ?)
        SELECT q.id, q.doc, q.kind, q.speaker, q.speaker_text, q.cue, q.text, q.start, q."end",
               e.name speaker_name, d.title doc_title, d.source doc_source, d.published
        FROM cut JOIN quotes q ON q.rowid = cut.r LEFT JOIN entities e ON e.id = q.speaker
        JOIN documents d ON d.id = q.doc ORDER BY q.rowid""", [*params, per, off])
    return Page(items, total, page, per)


# --------------------------------------------------------------------------- events


def _event_filter(db: sqlite3.Connection, etype: str | None, actor: str | None,
                  target: str | None) -> tuple[str, list[Any]]:
    where, params = ["1"], []
    if etype:
        where.append("v.type=?")
        params.append(etype.upper())
    for col, needle in (("v.actor", actor), ("v.target", target)):
        ids = entity_ids(db, needle)
        if ids is not None:
            cond, p = _in(col, ids)
            where.append(cond)
            params += p
    return " AND ".join(where), params


_EVENT_COLUMNS = """
    v.id, v.type, v.actor, v.target, v.location, v.date, v.negated, v.hypothetical, v.mention_count,
    a.name actor_name, t.name target_name, l.name location_name, json_extract(v.data, '$.mentions[0]') first
    FROM events v LEFT JOIN entities a ON a.id = v.actor LEFT JOIN entities t ON t.id = v.target
    LEFT JOIN entities l ON l.id = v.location"""


def _event_rows(found: list[Row]) -> list[Row]:
    """Spread the first reporting clause (one JSON parse per event) into doc/start/end/text."""
    for r in found:
        first = json.loads(r.pop("first") or "{}")
        r.update({k: first.get(k) for k in ("doc", "start", "end", "text")})
        r["negated"], r["hypothetical"] = bool(r["negated"]), bool(r["hypothetical"])
    return found


def events(db: sqlite3.Connection, etype: str | None = None, actor: str | None = None, target: str | None = None,
           page: int = 1, per: int = 50) -> Page:
    """Events in date order (undated last), each with the first clause that reports it."""
    cond, params = _event_filter(db, etype, actor, target)
    per, off = _offset(page, per)
    total = scalar(db, f"SELECT COUNT(*) FROM events v WHERE {cond}", params)
    order = EVENT_ORDER.replace("date", "v.date")
    items = rows(db, f"WITH cut AS (SELECT v.rowid r FROM events v WHERE {cond} ORDER BY {order}, v.rowid"
                 f" LIMIT ? OFFSET ?) SELECT {_EVENT_COLUMNS} JOIN cut ON v.rowid = cut.r"
                 f" ORDER BY {order}, v.rowid", [*params, per, off])
    return Page(_event_rows(items), total, page, per)


def entity_events(db: sqlite3.Connection, eid: str, limit: int = 30) -> list[Row]:
    """Events where the entity is actor or target (two indexed lookups, merged in date order)."""
    order = EVENT_ORDER.replace("date", "v.date")
    found = rows(db, f"SELECT * FROM (SELECT {_EVENT_COLUMNS} WHERE v.actor=? ORDER BY {order} LIMIT ?)"
                 f" UNION SELECT * FROM (SELECT {_EVENT_COLUMNS} WHERE v.target=? ORDER BY {order} LIMIT ?)",
                 (eid, limit, eid, limit))
    found.sort(key=lambda r: (r["date"] or "~", r["id"]))
    return _event_rows(found[:limit])


def event_histogram(db: sqlite3.Connection, etype: str | None = None, actor: str | None = None,
                    target: str | None = None) -> list[tuple[str, int]]:
    """(day, events) for the filtered events that have a date: the timeline strip.

    Grouped on the stored date (an index walk), then by day here, as dates may carry a time."""
    def compute() -> list[tuple[str, int]]:
        cond, params = _event_filter(db, etype, actor, target)
        days: dict[str, int] = {}
        for d, n in db.execute(f"SELECT v.date, COUNT(*) FROM events v WHERE {cond} AND v.date IS NOT NULL"
                               " GROUP BY v.date", params):
            days[d[:10]] = days.get(d[:10], 0) + n
        return sorted(days.items())

    return cached(db, ("histogram", etype, actor, target), compute)


def network(db: sqlite3.Connection, limit: int = 60) -> Row:
    """Who acted on whom: the heaviest actor -> target pairs, weight = number of events."""
    return cached(db, ("network", limit), lambda: _network(db, limit))


def _network(db: sqlite3.Connection, limit: int) -> Row:
    edges = rows(db, "SELECT actor source, target, COUNT(*) weight, group_concat(DISTINCT type) types FROM events"
                 " WHERE actor IS NOT NULL AND target IS NOT NULL AND actor <> target"
                 " GROUP BY actor, target ORDER BY weight DESC, actor, target LIMIT ?", (limit,))
    ids = {e["source"] for e in edges} | {e["target"] for e in edges}
    found = rows(db, f"SELECT id, name, type FROM entities WHERE id IN ({','.join('?' * len(ids))})", list(ids))
    for e in edges:
        e["types"] = sorted((e["types"] or "").split(","))
    return {"nodes": sorted(found, key=lambda n: n["id"]), "edges": edges}


# --------------------------------------------------------------------------- timeline


def timeline(db: sqlite3.Connection, kind: str | None = None, since: str | None = None, until: str | None = None,
             page: int = 1, per: int = 50) -> Page:
    """Dated items in order, each described from its own record (looked up by primary key)."""
    w = _Where()
    w.eq("kind", kind)
    if since:
        w.add("date >= ?", since)
    if until:
        w.add("date < ?", until + "~")  # inclusive of the whole day
    cond, params = w.sql, w.params
    per, off = _offset(page, per)
    total = scalar(db, f"SELECT COUNT(*) FROM timeline WHERE {cond}", params)
    items = rows(db, f"SELECT date, kind, ref FROM timeline WHERE {cond} ORDER BY seq LIMIT ? OFFSET ?",
                 [*params, per, off])
    refs = {k: [i["ref"] for i in items if i["kind"] == k] for k in TIMELINE_KINDS}
    found: dict[str, Row] = {}
    if refs["event"]:
        c, p = _in("v.id", refs["event"])
        found.update((r["id"], r) for r in _event_rows(rows(db, f"SELECT {_EVENT_COLUMNS} WHERE {c}", p)))
    if refs["quote"]:
        c, p = _in("q.id", refs["quote"])
        found.update((r["id"], r) for r in rows(db, "SELECT q.id, q.doc, q.start, q.\"end\", q.text, q.kind,"
                                                 " q.speaker, coalesce(e.name, q.speaker_text) speaker_name"
                                                 f" FROM quotes q LEFT JOIN entities e ON e.id=q.speaker WHERE {c}", p))
    if refs["proposal"]:
        c, p = _in("p.id", refs["proposal"])
        found.update((r["id"], r) for r in rows(db, "SELECT p.id, p.name, p.proposer, e.name proposer_name,"
                                                 " json_extract(p.data, '$.mentions[0].doc') doc,"
                                                 " json_extract(p.data, '$.mentions[0].start') start,"
                                                 " json_extract(p.data, '$.mentions[0].end') \"end\","
                                                 " json_extract(p.data, '$.text') text"
                                                 f" FROM proposals p LEFT JOIN entities e ON e.id=p.proposer WHERE {c}", p))
    for i in items:
        i["record"] = found.get(i["ref"], {})
    return Page(items, total, page, per)


# --------------------------------------------------------------------------- proposals, contradictions


def proposals(db: sqlite3.Connection, page: int = 1, per: int = 20) -> Row:
    """A page of proposals with their stances, and the stance matrix of those proposals."""
    per, off = _offset(page, per)
    total = scalar(db, "SELECT COUNT(*) FROM proposals")
    items = [json.loads(r["data"]) for r in
             rows(db, "SELECT data FROM proposals ORDER BY rowid LIMIT ? OFFSET ?", (per, off))]
    ids = {p.get("proposer") for p in items} | {s["party"] for p in items for s in p.get("stances", [])}
    who = names(db, {i for i in ids if i})
    parties: dict[str, Row] = {}
    for p in items:
        p["proposer_name"] = who.get(p.get("proposer") or "")
        for s in p.get("stances", []):
            s["party_name"] = who.get(s["party"], s["party"])
            # a party with several stances on one proposal shows the latest (they are in text order)
            parties.setdefault(s["party"], {"id": s["party"], "name": s["party_name"], "stances": {}})[
                "stances"][p["id"]] = s["stance"]
    matrix = {"proposals": [{"id": p["id"], "name": p["name"]} for p in items],
              "rows": sorted(parties.values(), key=lambda r: r["name"].lower())}
    return {"page": Page(items, total, page, per), "matrix": matrix}


def contradictions(db: sqlite3.Connection, kind: str | None = None, page: int = 1, per: int = 30) -> Page:
    where, params = ("kind=?", [kind]) if kind else ("1", [])
    per, off = _offset(page, per)
    total = scalar(db, f"SELECT COUNT(*) FROM contradictions WHERE {where}", params)
    items = [json.loads(r["data"]) for r in
             rows(db, f"SELECT data FROM contradictions WHERE {where} ORDER BY rowid LIMIT ? OFFSET ?",
                  [*params, per, off])]
    who = names(db, {c.get("about") or "" for c in items})
    docs = document_titles(db, {cl["doc"] for c in items for cl in c.get("claims", [])})
    for c in items:
        c["about_name"] = who.get(c.get("about") or "", c.get("about"))
        for cl in c.get("claims", []):
            cl["doc_title"] = docs.get(cl["doc"])
    return Page(items, total, page, per)


# --------------------------------------------------------------------------- numbers


def quantities(db: sqlite3.Connection, unit: str | None = None, doc: str | None = None, page: int = 1,
               per: int = 50) -> Page:
    """The numbers as written, with their reading, in stored order."""
    w = _Where()
    w.eq("q.unit", unit)
    w.eq("q.doc", doc)
    cond, params = w.sql, w.params
    per, off = _offset(page, per)
    total = scalar(db, f"SELECT COUNT(*) FROM quantities q WHERE {cond}", params)
    items = rows(db, f"""
        WITH cut AS (SELECT q.rowid r FROM quantities q WHERE {cond} ORDER BY q.rowid LIMIT ? OFFSET ?)
        SELECT q.id, q.doc, q.text, q.unit, q.value, q.approximate, q.start, q."end",
               d.title doc_title, d.source doc_source,
               max(0, q.start - {CONTEXT}) s0,
               substr(d.text, max(0, q.start - {CONTEXT}) + 1, q."end" - max(0, q.start - {CONTEXT}) + {CONTEXT}) win
        FROM cut JOIN quantities q ON q.rowid = cut.r JOIN documents d ON d.id = q.doc
        ORDER BY q.rowid""", [*params, per, off])
    for r in items:
        r["value"] = json.loads(r["value"])
        r["approximate"] = bool(r["approximate"])
        r["context"] = _window(r.pop("win"), r.pop("s0"), r["start"], r["end"])
    return Page(items, total, page, per)


def top_units(db: sqlite3.Connection, limit: int = 40) -> list[Row]:
    return cached(db, ("units", limit), lambda: rows(db, "SELECT unit, COUNT(*) n FROM quantities WHERE unit IS NOT NULL GROUP BY unit"
                " ORDER BY n DESC, unit LIMIT ?", (limit,)))


# --------------------------------------------------------------------------- places


def places(db: sqlite3.Connection, limit: int = 300) -> list[Row]:
    """The most mentioned places that carry coordinates (``lat``/``lon`` in their record)."""
    found = rows(db, "SELECT id, name, type, mention_count FROM entities WHERE type IN ('GPE', 'LOC', 'FAC')"
                 " ORDER BY mention_count DESC, name")
    with_facts(db, found, "lat", "lon")
    return [r for r in found if r["lat"] is not None and r["lon"] is not None][:limit]


# --------------------------------------------------------------------------- documents


def document_titles(db: sqlite3.Connection, ids: set[str]) -> dict[str, str]:
    ids = {i for i in ids if i}
    if not ids:
        return {}
    c, p = _in("id", sorted(ids))
    return {r["id"]: r["title"] or r["source"] for r in rows(db, f"SELECT id, title, source FROM documents WHERE {c}", p)}


def documents(db: sqlite3.Connection, page: int = 1, per: int = 50) -> Page:
    per, off = _offset(page, per)
    total = scalar(db, "SELECT COUNT(*) FROM documents")
    items = rows(db, "SELECT id, source, title, published, original_source, duplicate_of, words, removed"
                 " FROM documents ORDER BY seq LIMIT ? OFFSET ?", (per, off))
    return Page([_decode(r, "removed") for r in items], total, page, per)


def document(db: sqlite3.Connection, doc_id: str) -> Row | None:
    """One article with what cleaning removed and what was found in it."""
    d = one(db, "SELECT id, source, title, text, original_source, published, duplicate_of, words, removed"
            " FROM documents WHERE id=?", (doc_id,))
    if d is None:
        return None
    _decode(d, "removed")
    d["quotes"] = rows(db, "SELECT q.id, q.kind, q.text, q.start, q.\"end\", q.speaker,"
                       " coalesce(e.name, q.speaker_text) speaker_name FROM quotes q"
                       " LEFT JOIN entities e ON e.id=q.speaker WHERE q.doc=? ORDER BY q.start LIMIT 500", (doc_id,))
    d["quantities"] = rows(db, "SELECT id, text, unit, value, start, \"end\" FROM quantities WHERE doc=?"
                           " ORDER BY start LIMIT 500", (doc_id,))
    d["entities"] = rows(db, "SELECT e.id, e.name, e.type, COUNT(*) n, MIN(m.start) start, MIN(m.\"end\") \"end\""
                         " FROM entity_mentions m JOIN entities e ON e.id=m.entity_id WHERE m.doc=?"
                         " GROUP BY e.id ORDER BY n DESC, e.name LIMIT 200", (doc_id,))
    return d


def highlight(text: str, start: int | None, end: int | None, find: str | None = None) -> Row | None:
    """The article split around a valid span, or None when the span is missing or out of range.

    ``find`` locates a passage by its words, for records that carry text but no offsets
    (a proposal stance)."""
    if (start is None or end is None) and find:
        start = text.find(find)
        end = start + len(find) if start >= 0 else None
    if start is None or end is None or not (0 <= start <= end <= len(text)):
        return None
    return {"before": text[:start], "span": text[start:end], "after": text[end:]}
