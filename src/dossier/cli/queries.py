"""Query commands over a built store: entities, quotes, events, quantities, proposals,
contradictions and timeline, each as a table, JSON or CSV."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

import click

from dossier.output.flat import COLUMNS, flatten, to_csv

Rec = dict[str, Any]


def _has(needle: str | None, *hay: str | None) -> bool:
    return needle is None or any(h and needle.lower() in h.lower() for h in hay)


def _entity_match(names: dict[str, Rec], eid: str | None, needle: str | None) -> bool:
    """An entity filter accepts an id or any part of the name or an alias."""
    if needle is None:
        return True
    e = names.get(eid or "")
    return bool(e) and (eid == needle or _has(needle, e["name"], *e.get("aliases", [])))


def _emit(kind: str, records: list[Rec], fmt: str, names: dict[str, Rec]) -> None:
    if fmt == "json":
        click.echo(json.dumps(records, ensure_ascii=False, indent=1))
        return
    rows = [flatten(kind, r, lambda i: names[i]["name"] if i in names else None) for r in records]
    if fmt == "csv":
        sys.stdout.write(to_csv(rows, COLUMNS[kind]))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False, title=f"{len(rows)} {kind}")
    for c in COLUMNS[kind]:
        table.add_column(c, overflow="fold", max_width=60 if c in ("text", "reported_as", "claims") else 30)
    for r in rows:
        table.add_row(*["" if r[c] is None else str(r[c]) for c in COLUMNS[kind]])
    Console(soft_wrap=False).print(table)


def _query(kind: str, keep: Callable[[Rec, dict[str, Rec]], bool], db: str, fmt: str) -> None:
    from dossier.cli.main import _open

    store = _open(db)
    names = {e["id"]: e for e in store.records("entities")}
    records = names.values() if kind == "entities" else store.records(kind)
    _emit(kind, [r for r in records if keep(r, names)], fmt, names)


def _common(f: Callable) -> Callable:
    from dossier.cli.main import DB_HELP, DEFAULT_DB, FORMATS

    f = click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)(f)
    return click.option("--db", default=DEFAULT_DB, show_default=True, help=DB_HELP)(f)


def _in_doc(rec: Rec, doc: str | None) -> bool:
    if doc is None:
        return True
    docs = {rec.get("doc")} | {m.get("doc") for m in rec.get("mentions", [])}
    return doc in docs


def register(cli: click.Group) -> None:
    @cli.command()
    @click.option("--type", "etype", type=click.Choice(["PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"]))
    @click.option("--name", help="Part of the name or of an alias.")
    @click.option("--doc", help="Only entities mentioned in this document id.")
    @_common
    def entities(etype: str | None, name: str | None, doc: str | None, db: str, fmt: str) -> None:
        """Who and what is involved: people, organisations, places, groups."""
        _query("entities", lambda r, n: (etype in (None, r["type"])) and _has(name, r["name"], *r["aliases"])
               and _in_doc(r, doc), db, fmt)

    @cli.command()
    @click.option("--speaker", help="Speaker name (part of it) or entity id.")
    @click.option("--kind", type=click.Choice(["direct", "partial", "indirect"]))
    @click.option("--doc", help="Document id.")
    @_common
    def quotes(speaker: str | None, kind: str | None, doc: str | None, db: str, fmt: str) -> None:
        """Who said what."""
        _query("quotes", lambda r, n: kind in (None, r["kind"]) and _in_doc(r, doc)
               and (_entity_match(n, r["speaker"], speaker) or (r["speaker"] is None and _has(speaker, r["speaker_text"])
                                                                and speaker is not None)), db, fmt)

    @cli.command()
    @click.option("--type", "etype", help="PLOVER type, e.g. ASSAULT.")
    @click.option("--actor", help="Actor name (part of it) or entity id.")
    @click.option("--target", help="Target name (part of it) or entity id.")
    @click.option("--doc", help="Document id.")
    @_common
    def events(etype: str | None, actor: str | None, target: str | None, doc: str | None, db: str, fmt: str) -> None:
        """What happened: PLOVER-coded events, one per real happening."""
        _query("events", lambda r, n: (etype is None or r["type"] == etype.upper())
               and _entity_match(n, r["actor"], actor) and _entity_match(n, r["target"], target)
               and _in_doc(r, doc), db, fmt)

    @cli.command()
    @click.option("--unit", help="Counted thing, e.g. drone.")
    @click.option("--doc", help="Document id.")
    @_common
    def quantities(unit: str | None, doc: str | None, db: str, fmt: str) -> None:
        """The numbers: counts, ranges, money, durations."""
        _query("quantities", lambda r, n: _has(unit, r["unit"]) and _in_doc(r, doc), db, fmt)

    @cli.command()
    @click.option("--matrix", is_flag=True, help="Print parties against proposals.")
    @_common
    def proposals(matrix: bool, db: str, fmt: str) -> None:
        """The proposals on the table and who stands where."""
        if matrix:
            from dossier.cli.main import _open
            from dossier.output.matrix import print_matrix

            print_matrix(_open(db), fmt)
            return
        _query("proposals", lambda r, n: True, db, fmt)

    @cli.command()
    @click.option("--kind", type=click.Choice(["role", "number", "fact"]))
    @_common
    def contradictions(kind: str | None, db: str, fmt: str) -> None:
        """Where the sources disagree."""
        _query("contradictions", lambda r, n: kind in (None, r["kind"]), db, fmt)

    @cli.command()
    @click.option("--since", help="ISO date, inclusive.")
    @click.option("--until", help="ISO date, inclusive.")
    @_common
    def timeline(since: str | None, until: str | None, db: str, fmt: str) -> None:
        """Dated events, quotes and proposals in order."""
        from dossier.cli.main import _open
        from dossier.output.timeline import describe

        store = _open(db)
        rows = [dict(t, what=describe(store, t)) for t in store.timeline()
                if (since is None or t["date"][:10] >= since) and (until is None or t["date"][:10] <= until)]
        if fmt == "json":
            click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        elif fmt == "csv":
            sys.stdout.write(to_csv(rows, COLUMNS["timeline"]))
        else:
            for r in rows:
                click.echo(f"{r['date']:<23} {r['kind']:<8} {r['ref']:<16} {r['what']}")
