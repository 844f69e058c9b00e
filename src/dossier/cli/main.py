"""The ``dossier`` command line (click: subcommands, typed options and useful --help for free)."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import click

from dossier.nlp.model import DEFAULT_MODEL

DB_HELP = "SQLite store (created if missing)."
DEFAULT_DB = "dossier.sqlite"
FORMATS = click.Choice(["table", "json", "csv"])


def _err(msg: str) -> None:
    click.echo(msg, err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dossier")
def cli() -> None:
    """Turn a pile of news articles about a story into a structured, source-linked dossier.

    Start with `dossier build FOLDER --json out.json`, then explore with the query commands
    (`dossier quotes --speaker Zelensky`, `dossier events --type ASSAULT` ...).
    """


# ----------------------------------------------------------------------------- build


class Progress:
    """Documents done, rate and time left on standard error (only for runs long enough to need it)."""

    def __init__(self, total: int):
        self.total, self.t0, self.last = total, time.monotonic(), 0.0
        self.shown = False

    def __call__(self, done: int, words: int) -> None:
        now = time.monotonic()
        if now - self.last < 1.0 or now - self.t0 < 2.0:
            return
        self.last = now
        rate = done / (now - self.t0)
        left = max(0, self.total - done)
        eta = f", {left / rate:.0f}s left" if rate > 0 and self.total else ""
        click.echo(f"\r  {done}/{self.total or '?'} documents, {rate:.1f} docs/s, {words / (now - self.t0):.0f} words/s"
                   f"{eta}   ", err=True, nl=False)
        self.shown = True

    def close(self) -> None:
        if self.shown:
            click.echo("", err=True)


def _count_inputs(inputs: tuple[str, ...]) -> int:
    from dossier.ingest import find_inputs

    n = 0
    for p in find_inputs(inputs):
        if isinstance(p, str):
            n += Path(p).read_bytes().count(b"\n") + 1 if p.endswith(".jsonl") else 1
    return n


@cli.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("--db", default=DEFAULT_DB, show_default=True, help=DB_HELP)
@click.option("--json", "json_out", metavar="FILE", help="Write the whole dossier as JSON ('-' for stdout).")
@click.option("--md", "md_out", metavar="FILE", help="Write a Markdown report.")
@click.option("--html", "html_out", metavar="FILE", help="Write a self-contained HTML report.")
@click.option("--model", default=DEFAULT_MODEL, show_default=True, help="Installed spaCy pipeline to use.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Processes for the language-model stage.")
def build(inputs: tuple[str, ...], db: str, json_out: str | None, md_out: str | None, html_out: str | None,
          model: str, workers: int) -> None:
    """Read articles (files or folders: .txt .html .jsonl .warc[.gz]) into the store and link the dossier.

    Incremental: articles already in the store are not processed again.
    """
    from dossier.pipeline import build as run_build
    from dossier.store import StoreError

    progress = Progress(_count_inputs(inputs))
    t0 = time.monotonic()
    try:
        report = run_build(list(inputs), db, model, workers, progress=progress,
                           on_error=lambda e: _err(f"skipped {e.source}: {e.message} [{e.stage}]"))
    except (StoreError, RuntimeError) as e:
        progress.close()
        _err(f"error: {e}")
        sys.exit(1)
    progress.close()
    dt = time.monotonic() - t0
    _err(f"{report.added} new, {report.unchanged} unchanged, {report.reanalysed} re-analysed, "
         f"{len(report.errors)} errors; {report.words} words in {dt:.1f}s -> {db}")
    if report.added + report.unchanged + report.reanalysed == 0:
        _err("error: no article could be read")
        sys.exit(1)
    _write_outputs(db, json_out, md_out, html_out)


def _write_outputs(db: str, json_out: str | None, md_out: str | None, html_out: str | None) -> None:
    from dossier.output.dossier_json import assemble, write_json
    from dossier.store import Store

    with Store(db) as store:
        if json_out:
            write_json(assemble(store), json_out)
        for fmt, path in (("md", md_out), ("html", html_out)):
            if path:
                from dossier.output.report import render_report

                _write_text(render_report(store, fmt), path)


def _write_text(text: str, path: str | None) -> None:
    if not path or path == "-":
        sys.stdout.write(text)
    else:
        Path(path).write_text(text, encoding="utf-8")


# ----------------------------------------------------------------------------- clean


@cli.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def clean(inputs: tuple[str, ...], fmt: str) -> None:
    """Ingest and clean articles only (no language model) and print the clean text."""
    from dossier.ingest import iter_documents
    from dossier.output.dossier_json import document_record
    from dossier.pipeline import prepare

    ok = 0
    for item in iter_documents(inputs):
        if not hasattr(item, "text"):
            _err(f"skipped {item.source}: {item.message} [{item.stage}]")
            continue
        try:
            doc = prepare(item)
        except ValueError as e:
            _err(f"skipped {item.source}: {e} [clean]")
            continue
        ok += 1
        if fmt == "json":
            click.echo(json.dumps(document_record(doc), ensure_ascii=False))
        else:
            head = f"== {doc.source}" + (f"\n# {doc.title}" if doc.title else "")
            click.echo(f"{head}\n\n{doc.text}\n")
    if ok == 0:
        sys.exit(1)


# ----------------------------------------------------------------------------- export


@cli.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, help=DB_HELP)
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "csv"]), required=True)
@click.option("--out", metavar="PATH", help="File (json, jsonl) or folder (csv, one file per list); default stdout.")
@click.option("--kind", type=click.Choice(["entities", "quotes", "quantities", "events", "proposals",
                                            "contradictions", "timeline"]),
              help="Only this list (jsonl, csv).")
def export(db: str, fmt: str, out: str | None, kind: str | None) -> None:
    """Export the dossier from the store: one JSON document, JSON Lines, or CSV tables."""
    from dossier.output.dossier_json import assemble, write_json
    from dossier.output.flat import COLUMNS, flatten, to_csv

    store = _open(db)
    dossier = assemble(store)
    if fmt == "json":
        write_json(dossier, out or "-")
        return
    kinds = [kind] if kind else list(COLUMNS)
    if fmt == "jsonl":
        lines = [json.dumps({"kind": k, **r}, ensure_ascii=False) for k in kinds for r in dossier[k]]
        _write_text("\n".join(lines) + ("\n" if lines else ""), out)
        return
    names = {e["id"]: e["name"] for e in dossier["entities"]}
    if out and not kind:
        Path(out).mkdir(parents=True, exist_ok=True)
    elif not kind:
        raise click.UsageError("CSV of all lists needs --out FOLDER (or choose one list with --kind)")
    for k in kinds:
        rows = [flatten(k, r, names.get) if k != "timeline" else dict(r, what="") for r in dossier[k]]
        text = to_csv(rows, COLUMNS[k])
        if kind:
            _write_text(text, out)
        else:
            (Path(out) / f"{k}.csv").write_text(text, encoding="utf-8")  # type: ignore[arg-type]


def _open(db: str) -> Any:
    from dossier.store import Store, StoreError

    if not Path(db).exists():
        _err(f"error: no store at {db} (run `dossier build` first, or pass --db)")
        sys.exit(1)
    try:
        return Store(db)
    except StoreError as e:
        _err(f"error: {e}")
        sys.exit(1)


from dossier.cli import queries  # noqa: E402  (registers the query commands on `cli`)

queries.register(cli)
from dossier.cli import web_commands  # noqa: E402  (report and serve)

web_commands.register(cli)


def main() -> None:
    cli()
