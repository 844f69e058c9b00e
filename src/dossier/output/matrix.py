"""The stance matrix: parties against proposals."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from dossier.output.flat import to_csv


def stance_matrix(store: Any) -> tuple[list[str], list[dict[str, Any]]]:
    """Columns (proposal names) and one row per party with its stance on each proposal.

    A party with several reported stances on one proposal shows the latest (they are in text order)."""
    names = {e["id"]: e["name"] for e in store.records("entities")}
    props = store.records("proposals")
    columns = [p["name"] for p in props]
    rows: dict[str, dict[str, Any]] = {}
    for p in props:
        for s in p.get("stances", []):
            party = names.get(s["party"], s["party"])
            rows.setdefault(party, {"party": party})[p["name"]] = s["stance"]
    return columns, [rows[k] for k in sorted(rows)]


def print_matrix(store: Any, fmt: str) -> None:
    columns, rows = stance_matrix(store)
    if fmt == "json":
        click.echo(json.dumps({"proposals": columns, "rows": rows}, ensure_ascii=False, indent=1))
    elif fmt == "csv":
        sys.stdout.write(to_csv(rows, ["party", *columns]))
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(title="stances: parties x proposals")
        table.add_column("party")
        for c in columns:
            table.add_column(c, overflow="fold", max_width=24)
        for r in rows:
            table.add_row(r["party"], *[r.get(c, "") for c in columns])
        Console().print(table)
