"""Article-extraction benchmark: `dossier clean` on HTML next to trafilatura alone.

Scores, on the same pages in the same run:
  (a) trafilatura alone: ``trafilatura.extract(html)`` with its defaults;
  (b) dossier: ``extract_html`` then ``clean_text`` (the text ``dossier clean`` prints);
  (c) dossier's extraction step alone, to show what cleaning adds.

Metric (the benchmark's own, see ../shared/benchmarks/article_extraction/ABOUT.md): per
page, ``\\w+`` tokens, 4-token shingles compared as multisets; TP/FP/FN normalised by their
sum; page precision and recall (1.0 when FP/FN are 0); both averaged over pages; F1 is the
harmonic mean of the two averages.

    python bench/extraction_eval.py [--limit N] [--data PATH] [--worst K]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import trafilatura

from dossier.clean import clean_text
from dossier.ingest.html import extract_html

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "benchmarks" / "article_extraction" / "dev.jsonl"
_WORD = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    toks = _WORD.findall(text or "")
    return Counter(tuple(toks[i : i + n]) for i in range(max(0, len(toks) - n + 1)))


def page_scores(pred: str, gold: str) -> tuple[float, float]:
    p, g = shingles(pred), shingles(gold)
    tp = sum((p & g).values())
    fp = sum((p - g).values())
    fn = sum((g - p).values())
    total = tp + fp + fn
    if total == 0:
        return 1.0, 1.0
    tp, fp, fn = tp / total, fp / total, fn / total
    precision = 1.0 if fp == 0 else tp / (tp + fp)
    recall = 1.0 if fn == 0 else tp / (tp + fn)
    return precision, recall


def trafilatura_alone(page: dict) -> str:
    return trafilatura.extract(page["html"]) or ""


def dossier_extract_only(page: dict) -> str:
    try:
        return extract_html(page["html"], page.get("url"))[0]
    except ValueError:
        return ""


def dossier_clean(page: dict) -> str:
    try:
        text, title, _, _ = extract_html(page["html"], page.get("url"))
    except ValueError:
        return ""
    return clean_text(text, title_hint=title).text


SYSTEMS: dict[str, Callable[[dict], str]] = {
    "trafilatura alone (defaults)": trafilatura_alone,
    "dossier extract_html only": dossier_extract_only,
    "dossier clean (extract_html + clean_text)": dossier_clean,
}


def evaluate(
    pages: list[dict], system: Callable[[dict], str]
) -> tuple[float, float, float, tuple[float, float], list]:
    """Average precision, recall, F1, (wall, CPU) seconds per page, per-page scores."""
    per_page = []
    wall = cpu = 0.0
    for page in pages:
        w0, c0 = time.perf_counter(), time.process_time()
        text = system(page)
        wall += time.perf_counter() - w0
        cpu += time.process_time() - c0
        per_page.append(page_scores(text, page["article_body"]))
    seconds = (wall / max(1, len(pages)), cpu / max(1, len(pages)))
    precision = sum(p for p, _ in per_page) / len(per_page)
    recall = sum(r for _, r in per_page) / len(per_page)
    f1 = 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)
    return precision, recall, f1, seconds, per_page


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=0, help="only the first N pages")
    ap.add_argument("--worst", type=int, default=0, help="list the K pages where dossier loses most")
    args = ap.parse_args(argv)
    if not args.data.exists():
        print(f"benchmark data not found: {args.data}", file=sys.stderr)
        return 1
    with args.data.open(encoding="utf-8") as fh:
        pages = [json.loads(line) for line in fh if line.strip()]
    if args.limit:
        pages = pages[: args.limit]
    print(f"{len(pages)} pages from {args.data}")
    print(f"{'system':45} {'precision':>9} {'recall':>7} {'F1':>7} {'s/page':>8} {'cpu s/page':>10}")
    results = {}
    for name, system in SYSTEMS.items():
        p, r, f, sec, per_page = evaluate(pages, system)
        results[name] = per_page
        print(f"{name:45} {p:9.4f} {r:7.4f} {f:7.4f} {sec[0]:8.4f} {sec[1]:10.4f}")
    if args.worst:
        base, ours = results["trafilatura alone (defaults)"], results["dossier clean (extract_html + clean_text)"]
        deltas = sorted(
            (sum(o) - sum(b), i) for i, (b, o) in enumerate(zip(base, ours, strict=True))
        )
        for delta, i in deltas[: args.worst]:
            print(f"  page {i} {pages[i]['url']}: P+R {sum(ours[i]):.3f} vs {sum(base[i]):.3f} ({delta:+.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
