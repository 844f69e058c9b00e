"""Quote extraction against the hand-made gold set, side by side with textacy.

    python bench/quotes_eval.py [--gold tests/data/quotes_gold/articles.jsonl] [-v]

``articles.jsonl`` is the set the rules were developed on; ``heldout1.jsonl`` ...
``heldout5.jsonl`` are held-out splits, each scored once before the fixes made for it (first-run
figures in tests/data/quotes_gold/README.md).

Prints precision / recall / F1 per kind (direct, partial, indirect) and over all quotes, and
speaker accuracy, for dossier's extractor and for textacy's
``textacy.extract.triples.direct_quotations`` run on the same parsed documents in the same run.

Matching: a predicted quote matches a gold one when their word tokens overlap by at least
half of the larger of the two (multiset overlap of lower-cased ``\\w+`` tokens); pairs are
matched one-to-one, best overlap first. Overall scores ignore the kind; a per-kind score
counts a pair only when both sides have that kind. Gold scare quotes (kind "scare") are no
quotes: a prediction matching one counts as a false positive unless its speaker is null.

Speaker accuracy: among matched pairs whose gold speaker is named, the share whose predicted
speaker (``speaker_ref``, else ``speaker``) names the gold speaker: it contains one of the
gold names ("/"-separated aliases), or the last word of one of them (the surname).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dossier.extract.entities import extract_entities  # noqa: E402
from dossier.extract.quotes import extract_quotes  # noqa: E402
from dossier.nlp.model import load_model  # noqa: E402

_WORD = re.compile(r"\w+")
_MARKS = "\"'“”‘’„«» \n"
KINDS = ("direct", "partial", "indirect")


def words(text: str) -> Counter:
    return Counter(w.lower() for w in _WORD.findall(text))


def overlap_ok(a: Counter, b: Counter) -> float:
    """Overlap share of the larger side; 0 when below the 50% bar."""
    big = max(sum(a.values()), sum(b.values()))
    if not big:
        return 0.0
    share = sum((a & b).values()) / big
    return share if share >= 0.5 else 0.0


def match(preds: list[dict], golds: list[dict]) -> list[tuple[int, int]]:
    """One-to-one pairs (pred index, gold index), best overlap first."""
    pw = [words(p["text"]) for p in preds]
    gw = [words(g["text"]) for g in golds]
    scored = []
    for i, a in enumerate(pw):
        for j, b in enumerate(gw):
            s = overlap_ok(a, b)
            if s:
                scored.append((s, i, j))
    scored.sort(reverse=True)
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, i, j in scored:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


def speaker_ok(pred_speaker: str | None, gold: str) -> bool:
    if not pred_speaker:
        return False
    low = pred_speaker.lower()
    pw = set(_WORD.findall(low))
    for alias in gold.split("/"):
        a = alias.strip().lower()
        last = _WORD.findall(a)[-1] if _WORD.findall(a) else ""
        if a and (a in low or (len(last) >= 3 and last in pw)):  # "Hale-Mercer" ends in "mercer"
            return True
    return False


class Score:
    """Counts for one system."""

    def __init__(self) -> None:
        self.tp: Counter = Counter()
        self.fp: Counter = Counter()
        self.fn: Counter = Counter()
        self.spk_total = 0
        self.spk_right = 0
        self.failed_docs = 0
        self.seconds = 0.0

    def add(self, preds: list[dict], golds: list[dict], log: list[str] | None = None) -> None:
        real = [g for g in golds if g["kind"] != "scare"]
        scare = [g for g in golds if g["kind"] == "scare"]
        pairs = match(preds, real)
        matched_p = {i for i, _ in pairs}
        matched_g = {j for _, j in pairs}
        scare_hits = {i for i, _ in match([p for p in preds], scare)} if scare else set()
        for i, j in pairs:
            p, g = preds[i], real[j]
            self.tp["all"] += 1
            if p["kind"] == g["kind"]:
                self.tp[g["kind"]] += 1
            else:
                self.fp[p["kind"]] += 1
                self.fn[g["kind"]] += 1
            if g["speaker"]:
                self.spk_total += 1
                if speaker_ok(p.get("speaker"), g["speaker"]):
                    self.spk_right += 1
                elif log is not None:
                    log.append(f"  SPEAKER gold={g['speaker']!r} pred={p.get('speaker')!r}: {g['text'][:70]!r}")
            if log is not None and p["kind"] != g["kind"]:
                log.append(f"  KIND gold={g['kind']} pred={p['kind']}: {g['text'][:70]!r}")
        for i, p in enumerate(preds):
            if i in matched_p:
                continue
            if i in scare_hits and not p.get("speaker"):
                continue
            self.fp["all"] += 1
            self.fp[p["kind"]] += 1
            if log is not None:
                log.append(f"  FP {p['kind']} ({p.get('speaker')}): {p['text'][:90]!r}")
        for j, g in enumerate(real):
            if j not in matched_g:
                self.fn["all"] += 1
                self.fn[g["kind"]] += 1
                if log is not None:
                    log.append(f"  FN {g['kind']} ({g['speaker']}): {g['text'][:90]!r}")

    def prf(self, kind: str) -> tuple[float, float, float, int]:
        tp, fp, fn = self.tp[kind], self.fp[kind], self.fn[kind]
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f, tp + fn


def ours(doc, entities) -> list[dict]:
    out = []
    for q in extract_quotes(doc, entities):
        who = q.speaker_ref or q.speaker
        out.append({"kind": q.kind, "text": q.text, "speaker": who.text if who else None})
    return out


def textacy_quotes(doc) -> list[dict]:
    from textacy.extract.triples import direct_quotations

    out = []
    for dq in direct_quotations(doc):
        speaker = " ".join(t.text for t in dq.speaker) if dq.speaker else None
        out.append({"kind": "direct", "text": dq.content.text.strip(_MARKS), "speaker": speaker})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", default=str(ROOT / "tests/data/quotes_gold/articles.jsonl"))
    ap.add_argument("-v", "--verbose", action="store_true", help="list misses and false positives")
    args = ap.parse_args()
    articles = [json.loads(line) for line in Path(args.gold).read_text(encoding="utf-8").splitlines() if line.strip()]
    nlp = load_model()
    try:
        import textacy  # noqa: F401

        have_textacy = True
    except Exception as e:  # noqa: BLE001 - report and carry on without the baseline
        print(f"textacy not available: {e}", file=sys.stderr)
        have_textacy = False
    systems = {"dossier": Score(), "textacy": Score()}
    for art, doc in zip(articles, nlp.pipe(a["text"] for a in articles), strict=True):
        log: list[str] | None = [] if args.verbose else None
        entities = extract_entities(doc)
        t0 = time.perf_counter()
        preds = ours(doc, entities)
        systems["dossier"].seconds += time.perf_counter() - t0
        systems["dossier"].add(preds, art["quotes"], log)
        if log:
            print(f"== {art['id']}\n" + "\n".join(log))
        if have_textacy:
            t0 = time.perf_counter()
            try:
                tq = textacy_quotes(doc)
            except Exception:  # noqa: BLE001 - textacy gives up on some layouts
                tq = []
                systems["textacy"].failed_docs += 1
            systems["textacy"].seconds += time.perf_counter() - t0
            systems["textacy"].add(tq, art["quotes"])
    n_gold = sum(1 for a in articles for q in a["quotes"] if q["kind"] != "scare")
    print(f"gold: {len(articles)} articles, {n_gold} quotes")
    names = [s for s in systems if s == "dossier" or have_textacy]
    print(f"{'kind':<10}{'n':>5}  " + "  ".join(f"{n + ' P/R/F1':<24}" for n in names))
    for kind in (*KINDS, "all"):
        cells = []
        for name in names:
            p, r, f, n = systems[name].prf(kind)
            cells.append(f"{p:.2f} / {r:.2f} / {f:.2f}".ljust(24))
        print(f"{kind:<10}{n:>5}  " + "  ".join(cells))
    for name in names:
        s = systems[name]
        acc = s.spk_right / s.spk_total if s.spk_total else 0.0
        print(
            f"{name}: speaker accuracy {acc:.2f} ({s.spk_right}/{s.spk_total} matched quotes with a named speaker); "
            f"{s.failed_docs} documents failed; {1000 * s.seconds / len(articles):.2f} ms/doc"
        )


if __name__ == "__main__":
    main()
