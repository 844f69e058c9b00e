"""The store opens in Datasette as it is: its readable views answer through Datasette's own API.

Skipped where Datasette is not installed (it is an optional tool for users, not a dependency).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests import sample_dossier

datasette_app = pytest.importorskip("datasette.app", reason="datasette is not installed")


def test_views_open_in_datasette(tmp_path: Path) -> None:
    db = tmp_path / "dossier.sqlite"
    sample_dossier.build(db)
    ds = datasette_app.Datasette(files=[str(db)])

    async def fetch(path: str) -> list[dict]:
        r = await ds.client.get(path)
        assert r.status_code == 200, (path, r.text[:200])
        return r.json()

    async def run() -> dict[str, list[dict]]:
        return {v: await fetch(f"/dossier/{v}.json?_shape=array") for v in
                ("people", "quotes_with_speakers", "events_readable", "quantities_readable", "articles")}

    got = asyncio.run(run())
    assert [p["name"] for p in got["people"]] == ["Maria Okafor", "Henrik Valdes"]
    assert {q["speaker"] for q in got["quotes_with_speakers"]} == {"Maria Okafor", "A harbour official"}
    consult = next(e for e in got["events_readable"] if e["type"] == "CONSULT")
    assert (consult["actor"], consult["target"]) == ("Henrik Valdes", "Maria Okafor")
    assert len(got["articles"]) == 3 and len(got["quantities_readable"]) == 4
