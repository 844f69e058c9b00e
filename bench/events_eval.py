"""Score the PLOVER event extractor.

1. PLOVER gold standard sentences (../shared/benchmarks/plover_gsr/dev.jsonl), each sentence its
   own document, as ABOUT.md there says: gold type among the coded types, top-1 (the first,
   main-clause event), macro-F1 over the 16 types, per-type P/R/F1, share of coded events that
   have the gold type, and for hits whether the actor matches (text overlap or country code).
2. Our own gold set (tests/data/events_gold.jsonl): per-type P/R/F1 over the set of types coded
   per sentence, false alarms on sentences with no event, negation/hypothetical agreement;
   printed for the "tuned" part (written while building the rules) and the "fresh" part
   (written afterwards and never tuned on: the honest figure).
3. Our own held-out ARTICLES (tests/data/events_articles/articles.jsonl): multi-paragraph news in
   several house styles, every reported action annotated by hand (trigger words, type, actor,
   target, negated, hypothetical; "optional" for debatable ones, never counted against us).
   "found": a coded event whose trigger overlaps the gold trigger (or whose clause holds it with a
   gold type); "type+actor": the matched event has a gold type and the actor matches (word
   overlap or country code, as for PLOVER). Events matching no annotation are printed as extras.
4. Speed: ms per document for extraction alone (entities + dates + events) after parsing.

Usage: python bench/events_eval.py [--verbose] [--only plover|gold|articles]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dossier.extract.dates import extract_dates  # noqa: E402
from dossier.extract.entities import extract_entities  # noqa: E402
from dossier.extract.event_lexicon import PLOVER_TYPES  # noqa: E402
from dossier.extract.events import extract_events  # noqa: E402
from dossier.nlp.model import load_model  # noqa: E402

PLOVER_DEV = ROOT.parent / "shared" / "benchmarks" / "plover_gsr" / "dev.jsonl"
OWN_GOLD = ROOT / "tests" / "data" / "events_gold.jsonl"
ARTICLES = ROOT / "tests" / "data" / "events_articles" / "articles.jsonl"

# Evaluation-only aliases for matching an actor to a gold country code (not used by the extractor).
DEMONYMS = {
    "afghan": "AFG", "albanian": "ALB", "algerian": "DZA", "american": "USA", "u.s.": "USA", "us": "USA",
    "angolan": "AGO", "argentine": "ARG", "argentinian": "ARG", "armenian": "ARM", "australian": "AUS",
    "austrian": "AUT", "azerbaijani": "AZE", "bangladeshi": "BGD", "belarusian": "BLR", "belgian": "BEL",
    "bosnian": "BIH", "brazilian": "BRA", "british": "GBR", "britain": "GBR", "bulgarian": "BGR",
    "burundian": "BDI", "cambodian": "KHM", "canadian": "CAN", "chadian": "TCD", "chilean": "CHL",
    "chinese": "CHN", "prc": "CHN", "colombian": "COL", "congolese": "COD", "croatian": "HRV",
    "cuban": "CUB", "cypriot": "CYP", "czech": "CZE", "danish": "DNK", "dutch": "NLD", "egyptian": "EGY",
    "eritrean": "ERI", "ethiopian": "ETH", "fijian": "FJI", "finnish": "FIN", "french": "FRA",
    "gambian": "GMB", "georgian": "GEO", "german": "DEU", "ghanaian": "GHA", "greek": "GRC",
    "guinean": "GIN", "haitian": "HTI", "hungarian": "HUN", "indian": "IND", "indonesian": "IDN",
    "iranian": "IRN", "iraqi": "IRQ", "irish": "IRL", "israeli": "ISR", "italian": "ITA",
    "ivorian": "CIV", "japanese": "JPN", "jordanian": "JOR", "kenyan": "KEN", "korean": "KOR",
    "kurdish": "IRQ", "kyrgyz": "KGZ", "latvian": "LVA", "lebanese": "LBN", "liberian": "LBR",
    "libyan": "LBY", "lithuanian": "LTU", "macedonian": "MKD", "malian": "MLI", "mexican": "MEX",
    "moroccan": "MAR", "mozambican": "MOZ", "nepalese": "NPL", "nicaraguan": "NIC", "nigerian": "NGA",
    "norwegian": "NOR", "pakistani": "PAK", "palestinian": "PSE", "palestinians": "PSE", "peruvian": "PER",
    "polish": "POL", "portuguese": "PRT", "romanian": "ROU", "russian": "RUS", "rwandan": "RWA",
    "saudi": "SAU", "senegalese": "SEN", "serb": "SRB", "serbian": "SRB", "somali": "SOM",
    "spanish": "ESP", "sudanese": "SDN", "swedish": "SWE", "swiss": "CHE", "syrian": "SYR",
    "taiwanese": "TWN", "tanzanian": "TZA", "thai": "THA", "turkish": "TUR", "ugandan": "UGA",
    "ukrainian": "UKR", "vietnamese": "VNM", "yemeni": "YEM", "zambian": "ZMB", "zimbabwean": "ZWE",
    "israelis": "ISR", "kremlin": "RUS", "moscow": "RUS", "washington": "USA", "white house": "USA",
    "pentagon": "USA", "beijing": "CHN", "tehran": "IRN", "baghdad": "IRQ", "beirut": "LBN",
    "berlin": "DEU", "jakarta": "IDN", "khartoum": "SDN", "kabul": "AFG", "damascus": "SYR",
    "london": "GBR", "paris": "FRA", "kyiv": "UKR", "kiev": "UKR", "ankara": "TUR", "cairo": "EGY",
    "un": "IGO", "u.n.": "IGO", "united nations": "IGO", "security council": "IGO", "iaea": "IGO",
    "red cross": "IGO", "nato": "IGO", "european union": "IGO", "eu": "IGO", "osce": "IGO",
    "world bank": "IGO", "imf": "IGO", "who": "IGO", "hezbollah": "LBN", "hizbollah": "LBN",
    "hamas": "PSE", "taliban": "AFG", "unhcr": "IGO", "ilo": "IGO", "international labor office": "IGO",
}
STOP = frozenset({"the", "a", "an", "of", "and", "in", "its", "their", "his", "her", "from", "on", "'s", "to"})


def _country_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            v = getattr(c, attr, None)
            if v:
                names[v.lower()] = c.alpha_3
    names.update({"united states": "USA", "russia": "RUS", "iran": "IRN", "syria": "SYR", "vietnam": "VNM",
                  "south korea": "KOR", "north korea": "PRK", "ivory coast": "CIV", "taiwan": "TWN",
                  "bolivia": "BOL", "venezuela": "VEN", "tanzania": "TZA", "czechia": "CZE", "laos": "LAO",
                  "macedonia": "MKD", "moldova": "MDA", "palestine": "PSE", "gaza": "PSE", "west bank": "PSE",
                  "kosovo": "SRB", "montenegro": "MNE", "darfur": "SDN", "chechnya": "RUS", "hong kong": "HKG"})
    names.update(DEMONYMS)
    return names


COUNTRY = _country_names()
_WORD = re.compile(r"[A-Za-z][A-Za-z.\-']*")


def codes_in(text: str) -> set[str]:
    low = text.lower()
    out = set()
    words = [w.strip(".'") for w in _WORD.findall(low)]
    for n in (1, 2, 3):
        for i in range(len(words) - n + 1):
            gram = " ".join(words[i:i + n])
            if gram in COUNTRY:
                out.add(COUNTRY[gram])
    for w in _WORD.findall(low):
        if w in COUNTRY:
            out.add(COUNTRY[w])
    return out


def content_words(text: str) -> set[str]:
    return {w.lower().strip(".'") for w in _WORD.findall(text)} - STOP


def actor_match(pred: str | None, gold: list[dict]) -> bool:
    if not pred:
        return False
    pw = content_words(pred)
    pc = codes_in(pred)
    for g in gold:
        gt = g.get("actorText") or ""
        if pw & content_words(gt):
            return True
        if g.get("code") and g["code"] in pc:
            return True
        if codes_in(gt) & pc:
            return True
    return False


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def run(nlp, texts: list[str]) -> tuple[list[list], float]:
    docs = list(nlp.pipe(texts, batch_size=64))
    t0 = time.perf_counter()
    out = []
    for d in docs:
        ents = extract_entities(d)
        out.append(extract_events(d, ents, extract_dates(d, None)))
    ms = (time.perf_counter() - t0) * 1000 / max(len(docs), 1)
    return out, ms


def per_type_table(tp: Counter, fp: Counter, fn: Counter) -> float:
    print(f"  {'type':10} {'P':>5} {'R':>5} {'F1':>5}   tp  fp  fn")
    f1s = []
    for t in PLOVER_TYPES:
        p, r, f = prf(tp[t], fp[t], fn[t])
        if tp[t] + fp[t] + fn[t]:
            f1s.append(f)
        print(f"  {t:10} {p:5.2f} {r:5.2f} {f:5.2f}  {tp[t]:3} {fp[t]:3} {fn[t]:3}")
    macro = sum(f1s) / len(f1s) if f1s else 0.0
    print(f"  macro-F1 over {len(f1s)} types present: {macro:.3f}")
    return macro


def eval_plover(nlp, verbose: bool) -> None:
    if not PLOVER_DEV.exists():
        print(f"PLOVER dev set not found at {PLOVER_DEV}; skipped")
        return
    recs = [json.loads(line) for line in PLOVER_DEV.open(encoding="utf-8")]
    preds, ms = run(nlp, [r["text"] for r in recs])
    n = len(recs)
    any_hit = top1 = coded = coded_gold = actor_ok = actor_n = 0
    tp1, fp1, fn1 = Counter(), Counter(), Counter()  # top-1, single label
    tps, fps, fns = Counter(), Counter(), Counter()  # set of coded types per sentence
    for rec, evs in zip(recs, preds, strict=True):
        gold = rec["event"]
        types = [e.type for e in evs]
        first = types[0] if types else None
        coded += len(types)
        coded_gold += sum(1 for t in types if t == gold)
        if first == gold:
            top1 += 1
            tp1[gold] += 1
        else:
            fn1[gold] += 1
            if first:
                fp1[first] += 1
        for t in set(types):
            if t == gold:
                tps[t] += 1
            else:
                fps[t] += 1
        if gold in types:
            any_hit += 1
            hit = next(e for e in evs if e.type == gold)
            if rec.get("source"):
                actor_n += 1
                ok = any(actor_match(e.actor.text if e.actor else None, rec["source"]) for e in evs if e.type == gold)
                actor_ok += ok
                if verbose and not ok:
                    print(f"  ACTOR  {gold}: pred={hit.actor.text if hit.actor else None!r} "
                          f"gold={[s['actorText'] for s in rec['source']]} | {rec['text']}")
        else:
            fns[gold] += 1
            if verbose:
                print(f"  MISS   {gold} got {types} | {rec['text']}")
    print(f"PLOVER GSR dev: {n} sentences, {ms:.2f} ms/doc extraction (entities+dates+events)")
    print(f"  gold type among coded types : {any_hit / n:.3f} ({any_hit}/{n})")
    print(f"  top-1 (first event) accuracy: {top1 / n:.3f} ({top1}/{n})")
    print(f"  coded events of gold type   : {coded_gold / max(coded, 1):.3f} ({coded_gold}/{coded} events)")
    print(f"  actor right for hits        : {actor_ok / max(actor_n, 1):.3f} ({actor_ok}/{actor_n})")
    print("  per type, top-1 as single label:")
    per_type_table(tp1, fp1, fn1)
    print("  per type, all coded types per sentence:")
    per_type_table(tps, fps, fns)


def eval_own(nlp, verbose: bool, split: str | None = None) -> dict:
    recs = [json.loads(line) for line in OWN_GOLD.open(encoding="utf-8") if line.strip()]
    if split is not None:
        recs = [r for r in recs if r.get("split", "tuned") == split]
    preds, ms = run(nlp, [r["text"] for r in recs])
    tp, fp, fn = Counter(), Counter(), Counter()
    neg_sent = neg_fa = 0
    mod_ok = mod_n = act_ok = act_n = 0
    for rec, evs in zip(recs, preds, strict=True):
        gold = rec["events"]
        gtypes = {g["type"] for g in gold}
        ptypes = {e.type for e in evs}
        if not gold:
            neg_sent += 1
            neg_fa += bool(ptypes)
        for t in ptypes | gtypes:
            if t in ptypes and t in gtypes:
                tp[t] += 1
            elif t in ptypes:
                fp[t] += 1
            else:
                fn[t] += 1
        if verbose and ptypes != gtypes:
            print(f"  DIFF gold={sorted(gtypes)} pred={sorted(ptypes)} | {rec['text']}")
        for g in gold:
            hits = [e for e in evs if e.type == g["type"]]
            if not hits:
                continue
            e = hits[0]
            mod_n += 1
            good = e.negated == g.get("negated", False) and e.hypothetical == g.get("hypothetical", False)
            mod_ok += good
            if verbose and not good:
                print(f"  MOOD {g['type']} gold neg={g.get('negated', False)} hyp={g.get('hypothetical', False)} "
                      f"pred neg={e.negated} hyp={e.hypothetical} | {rec['text']}")
            if g.get("actor"):
                act_n += 1
                ok = any(e2.actor is not None and content_words(g["actor"]) & content_words(e2.actor.text)
                         for e2 in hits)
                act_ok += ok
                if verbose and not ok:
                    print(f"  ACTOR {g['type']} gold={g['actor']!r} pred={e.actor.text if e.actor else None!r} "
                          f"| {rec['text']}")
    label = f"split={split}" if split else "all"
    print(f"Own gold set ({label}): {len(recs)} sentences ({neg_sent} with no event), {ms:.2f} ms/doc extraction")
    macro = per_type_table(tp, fp, fn)
    micro = prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    print(f"  micro P/R/F1: {micro[0]:.3f} / {micro[1]:.3f} / {micro[2]:.3f}")
    print(f"  no-event sentences with a false event: {neg_fa}/{neg_sent}")
    print(f"  negated+hypothetical right on found events: {mod_ok}/{mod_n}")
    print(f"  actor right on found events: {act_ok}/{act_n}")
    return {"macro": macro, "micro": micro}


def gold_spans(text: str, act: dict) -> list[tuple[int, int]]:
    """Character spans of an annotated action's trigger words: the first inside its unique
    "where" snippet, the alternatives at their occurrence nearest to it."""
    w = text.index(act["where"])
    spans = []
    for alt in act["trigger"].split("|"):
        j = act["where"].find(alt)
        if j >= 0:
            spans.append((w + j, w + j + len(alt)))
            continue
        occ = [m.start() for m in re.finditer(re.escape(alt), text)]
        if occ:
            k = min(occ, key=lambda o: abs(o - w))
            if abs(k - w) <= 250:
                spans.append((k, k + len(alt)))
    return spans


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def match_article(text: str, actions: list[dict], evs: list) -> tuple[list[tuple[dict, object | None]], list]:
    """One-to-one match of annotated actions to coded events. Trigger overlap first (a right
    type preferred), then clause containment with a gold type; returns (action, event) pairs
    for the scored actions and the events that match no annotation, optional ones included."""
    used: set[int] = set()
    pairs: list[tuple[dict, object | None]] = []
    order = sorted(range(len(actions)), key=lambda i: actions[i].get("optional", False))
    found: dict[int, object | None] = {}
    for i in order:
        act = actions[i]
        spans = gold_spans(text, act)
        types = set(act["type"].split("|"))
        best = None
        best_key = None
        for j, e in enumerate(evs):
            if j in used:
                continue
            tr = (e.trigger.start, e.trigger.end) if e.trigger else (e.start, e.end)
            by_trigger = any(_overlaps(tr, s) for s in spans)
            in_clause = any(e.start <= s[0] and s[1] <= e.end for s in spans)
            if not by_trigger and not (in_clause and e.type in types):
                continue
            key = (not by_trigger, e.type not in types)
            if best_key is None or key < best_key:
                best, best_key = j, key
        if best is not None:
            used.add(best)
        found[i] = evs[best] if best is not None else None
    for i, act in enumerate(actions):
        if not act.get("optional", False):
            pairs.append((act, found[i]))
    extras = [e for j, e in enumerate(evs) if j not in used]
    return pairs, extras


def article_actor_ok(act: dict, e) -> bool:
    if not act.get("actor"):
        return True  # the text names no actor (a passive with no agent): nothing to check
    gold = [{"actorText": a} for a in act["actor"].split("|")]
    return actor_match(e.actor.text if e.actor else None, gold)


def eval_articles(nlp, verbose: bool, split: str | None = None) -> dict:
    recs = [json.loads(line) for line in ARTICLES.open(encoding="utf-8") if line.strip()]
    if split is not None:
        recs = [r for r in recs if r.get("split") == split]
    preds, ms = run(nlp, [r["text"] for r in recs])
    n = found = right = mood_ok = mood_n = extra = coded = 0
    by_type: Counter = Counter()
    by_type_found: Counter = Counter()
    for rec, evs in zip(recs, preds, strict=True):
        pairs, extras = match_article(rec["text"], rec["actions"], evs)
        coded += len(evs)
        extra += len(extras)
        for act, e in pairs:
            n += 1
            t0 = act["type"].split("|")[0]
            by_type[t0] += 1
            if e is None:
                if verbose:
                    print(f"  MISS  [{rec['id']}] {act['type']} {act['trigger']!r} actor={act['actor']!r}")
                continue
            found += 1
            by_type_found[t0] += 1
            type_ok = e.type in act["type"].split("|")
            ok = type_ok and article_actor_ok(act, e)
            right += ok
            if type_ok:
                mood_n += 1
                mood_ok += e.negated == act["negated"] and e.hypothetical == act["hypothetical"]
            if verbose and not ok:
                print(f"  WRONG [{rec['id']}] gold {act['type']} actor={act['actor']!r} | pred {e.type} "
                      f"actor={e.actor.text if e.actor else None!r} trigger={e.trigger.text if e.trigger else None!r}")
        if verbose:
            for e in extras:
                print(f"  EXTRA [{rec['id']}] {e.type} trigger={e.trigger.text if e.trigger else None!r} "
                      f"actor={e.actor.text if e.actor else None!r} | {e.text[:90]}")
    print(f"Held-out articles ({split or 'all'}): {len(recs)} articles, {n} annotated actions, {coded} coded events, "
          f"{ms:.2f} ms/doc extraction")
    print(f"  actions found               : {found / max(n, 1):.3f} ({found}/{n})")
    print(f"  right type and actor        : {right / max(n, 1):.3f} ({right}/{n})")
    print(f"  negated+hypothetical right  : {mood_ok}/{mood_n} matches of the right type")
    print(f"  coded events matching no annotation: {extra}/{coded}")
    print("  found per gold type: " + ", ".join(f"{t} {by_type_found[t]}/{by_type[t]}" for t in PLOVER_TYPES
                                               if by_type[t]))
    return {"found": found / max(n, 1), "right": right / max(n, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--verbose", "-v", action="store_true")
    ap.add_argument("--only", choices=("plover", "gold", "articles"))
    args = ap.parse_args()
    nlp = load_model()
    if args.only in (None, "plover"):
        eval_plover(nlp, args.verbose)
    if args.only in (None, "articles") and ARTICLES.exists():
        # "fresh1" was measured once, then tuned on; "fresh2" was written after that tuning, measured
        # once, then tuned on too; "fresh3" was written after all of it
        for split in ("fresh1", "fresh2", "fresh3"):
            eval_articles(nlp, args.verbose, split)
    if args.only in (None, "gold") and OWN_GOLD.exists():
        # "tuned": written while the rules were being built; "fresh": written after, never tuned on
        for split in ("tuned", "fresh"):
            eval_own(nlp, args.verbose, split)


if __name__ == "__main__":
    main()
