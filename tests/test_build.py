"""End to end: `dossier build` on real folders, the contract, the incremental store, kills."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, SHARED

CHECKER = SHARED / "tools" / "check_contract.py"
BENCH_PAGES = SHARED / "benchmarks" / "article_extraction" / "dev.jsonl"


def dossier(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "dossier", *args], capture_output=True, text=True, timeout=600)
    if check and proc.returncode != 0:
        raise AssertionError(f"dossier {' '.join(args)} exited {proc.returncode}:\n{proc.stderr[-3000:]}")
    return proc


def without_time(path: Path) -> dict:
    d = json.loads(path.read_text(encoding="utf-8"))
    d.pop("generated_at")
    return d


def article_corpus(folder: Path, n: int) -> Path:
    """n real article bodies (from the shared benchmark's gold texts) as .txt files."""
    if not BENCH_PAGES.exists():
        pytest.skip("shared benchmark data not present")
    folder.mkdir(parents=True, exist_ok=True)
    with BENCH_PAGES.open(encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i >= n:
                break
            (folder / f"a{i:03d}.txt").write_text(json.loads(line)["article_body"], encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def seeds_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("seeds")
    db, out = tmp / "d.sqlite", tmp / "out.json"
    dossier("build", str(EXAMPLES), "--db", str(db), "--json", str(out))
    return db, out


def test_examples_build_passes_the_contract_checker(seeds_build: tuple[Path, Path]) -> None:
    _, out = seeds_build
    proc = subprocess.run([sys.executable, str(CHECKER), str(out)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout
    d = json.loads(out.read_text())
    assert len(d["documents"]) == len(list(EXAMPLES.glob("*.txt")))
    assert {e["type"] for e in d["entities"]} >= {"PERSON", "GPE"}
    # Every document keeps its file name as source and has clean text.
    assert sorted(Path(x["source"]).name for x in d["documents"]) == sorted(p.name for p in EXAMPLES.glob("*.txt"))


def test_second_build_changes_nothing(seeds_build: tuple[Path, Path], tmp_path: Path) -> None:
    db, out = seeds_build
    again = tmp_path / "again.json"
    proc = dossier("build", str(EXAMPLES), "--db", str(db), "--json", str(again))
    assert "0 new" in proc.stderr
    assert again.read_text().replace(json.loads(again.read_text())["generated_at"], "") == \
        out.read_text().replace(json.loads(out.read_text())["generated_at"], "")


def test_same_input_elsewhere_gives_the_same_ids(seeds_build: tuple[Path, Path], tmp_path: Path) -> None:
    _, out = seeds_build
    copy = tmp_path / "moved"
    copy.mkdir()
    for p in EXAMPLES.glob("*.txt"):
        (copy / p.name).write_bytes(p.read_bytes())
    out2 = tmp_path / "o.json"
    dossier("build", str(copy), "--db", str(tmp_path / "d.sqlite"), "--json", str(out2))
    a, b = without_time(out), without_time(out2)
    for k in ("entities", "quotes", "events", "quantities"):
        assert [x["id"] for x in a[k]] == [x["id"] for x in b[k]]
    assert [x["id"] for x in a["documents"]] == [x["id"] for x in b["documents"]]


def test_incremental_build_processes_only_new_documents(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    for p in sorted(EXAMPLES.glob("*.txt"))[:2]:
        (corpus / p.name).write_bytes(p.read_bytes())
    db = str(tmp_path / "d.sqlite")
    assert "2 new" in dossier("build", str(corpus), "--db", db).stderr
    extra = sorted(EXAMPLES.glob("*.txt"))[2]
    (corpus / extra.name).write_bytes(extra.read_bytes())
    assert "1 new, 2 unchanged" in dossier("build", str(corpus), "--db", db).stderr


def test_bad_inputs_are_skipped_reported_and_listed(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    good = sorted(EXAMPLES.glob("*.txt"))[0]
    (corpus / good.name).write_bytes(good.read_bytes())
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (corpus / "broken.jsonl").write_text('{"text": "A short valid article about a council vote on Tuesday."}\n{oops\n')
    (corpus / "cut.warc.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    out = tmp_path / "o.json"
    proc = dossier("build", str(corpus), "--db", str(tmp_path / "d.sqlite"), "--json", str(out))
    d = json.loads(out.read_text())
    assert len(d["documents"]) == 2
    failed = {Path(e["source"].split(":")[0]).name for e in d["errors"]}
    assert failed == {"empty.txt", "binary.txt", "broken.jsonl", "cut.warc.gz"}
    assert all(e["message"] for e in d["errors"])
    for name in failed:
        assert name in proc.stderr


def test_exit_codes(tmp_path: Path) -> None:
    assert dossier("build", check=False).returncode == 2  # no INPUT: bad usage
    assert dossier("build", str(tmp_path / "missing"), "--db", str(tmp_path / "d.sqlite"),
                   check=False).returncode == 1
    assert dossier("quotes", "--db", str(tmp_path / "none.sqlite"), check=False).returncode == 1


def test_two_workers_give_the_same_dossier(tmp_path: Path) -> None:
    corpus = article_corpus(tmp_path / "c", 12)
    one, two = tmp_path / "1.json", tmp_path / "2.json"
    dossier("build", str(corpus), "--db", str(tmp_path / "1.sqlite"), "--json", str(one))
    dossier("build", str(corpus), "--db", str(tmp_path / "2.sqlite"), "--json", str(two), "--workers", "2")
    assert without_time(one) == without_time(two)


def test_killed_build_rerun_equals_one_clean_build(tmp_path: Path) -> None:
    corpus = article_corpus(tmp_path / "c", 40)
    clean_json = tmp_path / "clean.json"
    dossier("build", str(corpus), "--db", str(tmp_path / "clean.sqlite"), "--json", str(clean_json))

    db = tmp_path / "killed.sqlite"
    proc = subprocess.Popen([sys.executable, "-m", "dossier", "build", str(corpus), "--db", str(db)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with sqlite3.connect(db) as c:
                stored = c.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        except sqlite3.Error:
            stored = 0
        if stored >= 5:
            os.kill(proc.pid, signal.SIGKILL)
            break
        time.sleep(0.05)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the build finished before it could be killed"
    assert 5 <= stored < 40
    rerun = tmp_path / "rerun.json"
    dossier("build", str(corpus), "--db", str(db), "--json", str(rerun))
    assert without_time(rerun) == without_time(clean_json)
