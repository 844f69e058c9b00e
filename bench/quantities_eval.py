"""Quantity extraction quality on a hand-written gold set, and extractor speed.

Quality: ``tests/data/quantities_gold.jsonl`` holds sentences in many shapes (conflicts,
business, sports, weather, elections) with every quantity they contain (value, unit,
approximate) and sentences whose numbers are no quantities (years, article numbers, clock
times...). A found quantity is right when its value and unit match a gold one (each gold one
matched once). Prints precision, recall, F1, approximate-flag accuracy on matched ones, and
every miss and false hit, per part of the set. All three parts were used while building the
rules, so their scores are optimistic: each part was written before the rules were tuned on
it, and its first score is recorded in the commit history and the lead's report (dev-3, the
last written: precision 0.938, recall 0.968 at first run).

Held-out articles: ``tests/data/quantities_articles.jsonl`` holds whole articles (held-1 to
held-5), annotated by hand, each scored once before any rule was changed for it; the
first-run figures are in ``tests/data/quantities_articles.md`` (held-1 F1 0.824, held-2 0.857,
held-3 0.937, held-4 0.835, held-5 0.845). Each article also lists strings that hold no quantity (years, article numbers,
clock times: any reported is counted) and its date expressions with their values against its
publication date.

Speed: milliseconds per document for ``extract_quantities`` and ``extract_dates`` alone
(the model is loaded once, documents parsed with ``nlp.pipe`` beforehand, only the
extractors timed) on the sample articles and on the real article bodies of the shared
extraction benchmark, against the time spaCy itself took on them.

    python bench/quantities_eval.py [--repeat 5] [--quiet] [--articles-only]
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "quantities_gold.jsonl"
ARTICLES = ROOT / "tests" / "data" / "quantities_articles.jsonl"
SAMPLES = ROOT / "examples" / "peace-talks"
PAGES = ROOT.parent / "shared" / "benchmarks" / "article_extraction" / "dev.jsonl"


def _same_value(a: float | list[float], b: float | list[float]) -> bool:
    if isinstance(a, list) != isinstance(b, list):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(_same_value(x, y) for x, y in zip(a, b, strict=False))  # type: ignore[arg-type]
    return abs(float(a) - float(b)) <= 1e-6 * max(1.0, abs(float(b)))  # type: ignore[arg-type]


def _score(tp: int, fp: int, fn: int) -> str:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}  (tp {tp}, fp {fp}, fn {fn})"


def evaluate(nlp, quiet: bool) -> None:  # noqa: ANN001 - a spaCy Language
    from dossier.extract.quantities import extract_quantities

    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    counts: dict[str, list[int]] = {}  # set -> [tp, fp, fn, approx_ok, value_only]
    problems: list[str] = []
    for row, doc in zip(rows, nlp.pipe([r["text"] for r in rows]), strict=True):
        c = counts.setdefault(row.get("set", "all"), [0, 0, 0, 0, 0])
        found = extract_quantities(doc)
        gold = list(row["quantities"])
        for q in found:
            assert doc.text[q.start : q.end] == q.text, "offsets must match the text"
            hit = next((g for g in gold if _same_value(q.value, g["value"]) and q.unit == g["unit"]), None)
            if hit is None:
                c[1] += 1
                if any(_same_value(q.value, g["value"]) for g in gold):
                    c[4] += 1
                problems.append(f"  FALSE {q.text!r} value={q.value} unit={q.unit}  <- {row['text']}")
                continue
            gold.remove(hit)
            c[0] += 1
            if hit["approximate"] == q.approximate:
                c[3] += 1
            else:
                problems.append(f"  APPROX {q.text!r} approximate={q.approximate}  <- {row['text']}")
        for g in gold:
            c[2] += 1
            problems.append(f"  MISSED value={g['value']} unit={g['unit']}  <- {row['text']}")
    total = [sum(c[k] for c in counts.values()) for k in range(5)]
    print(f"gold set: {len(rows)} sentences, {total[0] + total[2]} quantities")
    for name, c in sorted(counts.items()):
        print(f"  [{name}] {_score(c[0], c[1], c[2])}; approximate right {c[3]}/{c[0]}")
    print(f"quantities (value and unit right), all: {_score(total[0], total[1], total[2])}")
    print(f"  of the false hits, right value but wrong unit: {total[4]}")
    print(f"  approximate flag right on matched: {total[3]}/{total[0]}")
    if not quiet and problems:
        print("problems:")
        print("\n".join(problems))


def _occurrences(text: str, phrase: str) -> list[tuple[int, int]]:
    """Character spans of ``phrase`` as a whole word sequence in ``text``."""
    rx = re.compile(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)")
    return [(m.start(), m.end()) for m in rx.finditer(text)]


def evaluate_articles(nlp, quiet: bool) -> None:  # noqa: ANN001 - a spaCy Language
    """Whole held-out articles: quantities (value and unit), numbers that must not be
    reported (years, article numbers, clock times), and date expressions resolved against
    the article's publication date."""
    from dossier.extract.dates import extract_dates
    from dossier.extract.quantities import extract_quantities

    if not ARTICLES.exists():
        return
    rows = [json.loads(line) for line in ARTICLES.read_text(encoding="utf-8").splitlines() if line.strip()]
    counts: dict[str, list[int]] = {}  # set -> [tp, fp, fn, approx_ok, forbidden, dates, found, resolved, extra]
    problems: list[str] = []
    for row, doc in zip(rows, nlp.pipe([r["text"] for r in rows]), strict=True):
        c = counts.setdefault(row["set"], [0] * 9)
        found = extract_quantities(doc)
        gold = list(row["quantities"])
        forbidden = [sp for nq in row.get("not_quantities", []) for sp in _occurrences(row["text"], nq)]
        for q in found:
            # the number itself (its first digit, or the start of a number in words) lies in
            # a string that holds no quantity; a name in the unit ("four Iskander-M missiles")
            # is no such report
            digit = next((i for i, ch in enumerate(q.text) if ch.isdigit()), 0)
            if any(s <= q.start + digit < e for s, e in forbidden):
                c[4] += 1
                problems.append(f"  [{row['id']}] NOT A QUANTITY reported: {q.text!r} value={q.value} unit={q.unit}")
            hit = next((g for g in gold if _same_value(q.value, g["value"]) and q.unit == g["unit"]), None)
            if hit is None:
                c[1] += 1
                problems.append(f"  [{row['id']}] FALSE {q.text!r} value={q.value} unit={q.unit}")
                continue
            gold.remove(hit)
            c[0] += 1
            if hit["approximate"] == q.approximate:
                c[3] += 1
            else:
                problems.append(f"  [{row['id']}] APPROX {q.text!r} approximate={q.approximate}")
        for g in gold:
            c[2] += 1
            problems.append(f"  [{row['id']}] MISSED value={g['value']} unit={g['unit']}")
        dates = extract_dates(doc, row["published"])
        used: set[tuple[int, int]] = set()
        for g in row.get("dates", []):
            c[5] += 1
            spans = [sp for sp in _occurrences(row["text"], g["text"]) if sp not in used]
            if not spans:
                problems.append(f"  [{row['id']}] DATE GOLD NOT IN TEXT {g['text']!r}")
                continue
            s, e = spans[0]
            used.add((s, e))
            d = next((d for d in dates if d.start < e and s < d.end), None)
            if d is None:
                problems.append(f"  [{row['id']}] DATE MISSED {g['text']!r} (want {g['value']})")
                continue
            c[6] += 1
            if d.value == g["value"]:
                c[7] += 1
            else:
                problems.append(f"  [{row['id']}] DATE WRONG {d.text!r} -> {d.value} (want {g['value']})")
        for d in dates:
            if not any(d.start < e and s < d.end for s, e in used):
                c[8] += 1
                if not quiet:
                    problems.append(f"  [{row['id']}] date not annotated (not scored): {d.text!r} -> {d.value}")
    print(f"held-out articles: {len(rows)} articles")
    for name, c in sorted(counts.items()):
        print(f"  [{name}] quantities {_score(c[0], c[1], c[2])}; approximate right {c[3]}/{c[0]}; "
              f"years/labels/clock times reported: {c[4]}")
        print(f"  [{name}] dates: found {c[6]}/{c[5]}, resolved right {c[7]}/{c[5]} ({c[7] / max(1, c[5]):.3f}); "
              f"unannotated date mentions {c[8]}")
    if not quiet and problems:
        print("article problems:")
        print("\n".join(problems))


def _time_extractors(docs: list, published: str | None, repeat: int) -> tuple[float, float]:  # noqa: ANN001
    from dossier.extract.dates import extract_dates
    from dossier.extract.quantities import extract_quantities

    best_q = best_d = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for d in docs:
            extract_quantities(d)
        t1 = time.perf_counter()
        for d in docs:
            extract_dates(d, published)
        t2 = time.perf_counter()
        best_q, best_d = min(best_q, t1 - t0), min(best_d, t2 - t1)
    n = max(1, len(docs))
    return best_q / n * 1000, best_d / n * 1000


def speed(nlp, repeat: int) -> None:  # noqa: ANN001
    from dossier.extract.dates import resolve_date

    sets: list[tuple[str, list[str]]] = [("sample articles", [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))])]
    if PAGES.exists():
        bodies = [json.loads(line)["article_body"] for line in PAGES.open(encoding="utf-8")]
        sets.append(("extraction-benchmark bodies", bodies))
    for name, texts in sets:
        t0 = time.perf_counter()
        docs = list(nlp.pipe(texts))
        spacy_ms = (time.perf_counter() - t0) / len(docs) * 1000
        words = sum(len(t.split()) for t in texts) / len(texts)
        # the first date pass pays for dateparser's lazy start; it is timed on its own
        resolve_date.cache_clear()
        t1 = time.perf_counter()
        from dossier.extract.dates import extract_dates

        for d in docs:
            extract_dates(d, "2025-05-21")
        cold = (time.perf_counter() - t1) / len(docs) * 1000
        q_ms, d_ms = _time_extractors(docs, "2025-05-21", repeat)
        print(
            f"{name}: {len(docs)} docs, {words:.0f} words/doc; spaCy {spacy_ms:.1f} ms/doc; "
            f"quantities {q_ms:.2f} ms/doc; dates {d_ms:.2f} ms/doc (first pass, cold cache: {cold:.2f}); "
            f"both = {(q_ms + d_ms) / spacy_ms * 100:.1f}% of spaCy time"
        )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--quiet", action="store_true", help="figures only, no list of problems")
    ap.add_argument("--articles-only", action="store_true", help="skip the speed figures")
    args = ap.parse_args()

    from dossier.nlp.model import load_model

    nlp = load_model()
    evaluate(nlp, args.quiet)
    evaluate_articles(nlp, args.quiet)
    if args.articles_only:
        return
    speed(nlp, args.repeat)


if __name__ == "__main__":
    main()
