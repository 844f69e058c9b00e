"""Throughput of `dossier build` against bare spaCy `nlp.pipe` on the same texts.

Corpus: the gold article bodies of the shared extraction benchmark (real news), each also in
paragraph-rotated variants so that there are enough distinct documents to keep two workers
busy. Every run builds a fresh store. Prints medians over --repeat runs and the ratios that
the project's targets are stated in: build/bare >= 0.85, two workers / one >= 1.8.

    python bench/throughput.py [--docs 270] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT.parent / "shared" / "benchmarks" / "article_extraction" / "dev.jsonl"


def corpus(folder: Path, n: int) -> list[str]:
    bodies = [json.loads(line)["article_body"] for line in PAGES.open(encoding="utf-8")]
    texts = []
    rot = 0
    while len(texts) < n:
        for b in bodies:
            paras = [p for p in b.split("\n") if p.strip()]
            k = rot % max(1, len(paras))
            texts.append("\n\n".join(paras[k:] + paras[:k]))
            if len(texts) == n:
                break
        rot += 1
    for i, t in enumerate(texts):
        (folder / f"doc{i:05d}.txt").write_text(t, encoding="utf-8")
    return texts


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=270)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    from dossier.nlp.model import DEFAULT_MODEL, load_model
    from dossier.pipeline import analysis_version, build

    nlp = load_model(DEFAULT_MODEL)
    analysis_version(DEFAULT_MODEL)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        texts = corpus(folder, args.docs)
        words = sum(len(t.split()) for t in texts)
        list(nlp.pipe(texts[:20]))  # warm up

        def bare() -> float:
            t0 = time.perf_counter()
            for _ in nlp.pipe(texts, batch_size=32):
                pass
            return time.perf_counter() - t0

        def ours(workers: int, run: int) -> float:
            db = Path(tmp) / f"w{workers}-{run}.sqlite"
            t0 = time.perf_counter()
            build([str(folder)], str(db), DEFAULT_MODEL, workers)
            return time.perf_counter() - t0

        results: dict[str, list[float]] = {"bare spaCy nlp.pipe": [], "dossier build, 1 worker": [],
                                           "dossier build, 2 workers": []}
        for run in range(args.repeat):
            results["bare spaCy nlp.pipe"].append(bare())
            results["dossier build, 1 worker"].append(ours(1, run))
            results["dossier build, 2 workers"].append(ours(2, run))

    print(f"corpus: {len(texts)} documents, {words} words; median of {args.repeat} runs")
    med = {k: statistics.median(v) for k, v in results.items()}
    for k, t in med.items():
        print(f"  {k:<28} {t:7.2f} s  {len(texts) / t:7.1f} docs/s  {words / t:9.0f} words/s")
    base = med["bare spaCy nlp.pipe"]
    one, two = med["dossier build, 1 worker"], med["dossier build, 2 workers"]
    print(f"  ratio build(1 worker) / bare nlp.pipe throughput: {base / one:.2f}  (target >= 0.85)")
    print(f"  ratio 2 workers / 1 worker throughput:            {one / two:.2f}  (target >= 1.8)")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"  peak RSS: this process {own:.0f} MiB, largest worker {kids:.0f} MiB")


if __name__ == "__main__":
    main()
