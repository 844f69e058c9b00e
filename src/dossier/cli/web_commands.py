"""``dossier report`` and ``dossier serve``: the dossier for people to read and to browse."""

from __future__ import annotations

import click


def register(cli: click.Group) -> None:
    from dossier.cli.main import DEFAULT_DB

    @cli.command()
    @click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite store built by `dossier build`.")
    @click.option("--format", "fmt", type=click.Choice(["md", "html"]), required=True,
                  help="Markdown, or one self-contained HTML file.")
    @click.option("--out", metavar="FILE", help="Write here instead of standard output.")
    def report(db: str, fmt: str, out: str | None) -> None:
        """A report to send: the story, key people, quotes, events, numbers, proposals, contradictions, sources."""
        from dossier.cli.main import _open, _write_text
        from dossier.output.report import render_report

        with _open(db) as store:
            _write_text(render_report(store, fmt), out)

    @cli.command()
    @click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite store built by `dossier build`.")
    @click.option("--host", default="127.0.0.1", show_default=True,
                  help="Address to listen on (keep the loopback default unless you mean to share it).")
    @click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
    def serve(db: str, host: str, port: int) -> None:
        """Browse the dossier in a web browser: people, quotes, events, proposals, network, map, sources."""
        import uvicorn

        from dossier.cli.main import _err, _open
        from dossier.web.app import create_app

        _open(db).close()  # a clear message and exit 1 when there is no store
        app = create_app(db)
        _err(f"dossier: serving {db} on http://{host}:{port}/ (Ctrl-C to stop)")
        uvicorn.run(app, host=host, port=port, log_level="warning")
