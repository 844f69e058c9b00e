"""Entity quality on hand-written gold articles: recognition, merging, roles; plus speed.

    python bench/entities_eval.py [--split dev|heldout|fresh1|...|all] [--show]

Every tests/data/entities_gold/<split>.json is a split (dev, heldout, then the fresh batches).

All gold articles are merged together (so "one record per person" is tested across articles and
across splits: the Smiths of different stories must stay apart), and figures are printed per split:

- person / org / place precision and recall, per article at the record level: a dossier
  record counts for an article when one of its mentions there is written as one of the gold
  entity's names;
- one record: the share of real people who end as exactly one record (not split, not merged
  with another gold person);
- one org record: the same for organisations (an acronym and its long name must be one record);
- roles: the share of (article, person) pairs with a gold role whose mentions got one of
  those normalised roles;
- speed: entity extraction time as a share of the spaCy parse time of the same texts.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "entities_gold"
sys.path.insert(0, str(ROOT / "src"))

PLACES = {"GPE", "LOC", "FAC"}


def norm(s: str) -> str:
    s = s.strip().replace("’", "'")
    if s.lower().startswith("the "):
        s = s[4:]
    if s.endswith("'s"):
        s = s[:-2]
    return s.casefold()


def klass(t: str) -> str | None:
    return "person" if t == "PERSON" else "org" if t == "ORG" else "place" if t in PLACES else None


def main() -> None:
    ap = argparse.ArgumentParser()
    split_names = sorted((p.stem for p in GOLD.glob("*.json")),
                         key=lambda n: (n != "dev", n != "heldout", n))
    ap.add_argument("--split", default="all", choices=[*split_names, "all"])
    ap.add_argument("--show", action="store_true", help="print misses and false records")
    args = ap.parse_args()

    from dossier.extract.entities import extract_entities
    from dossier.link.entities import merge_entities
    from dossier.nlp.model import load_model
    from dossier.records import DocAnalysis, Document

    split_of: dict[str, str] = {}
    docs = []
    for split in split_names:
        for d in json.loads((GOLD / f"{split}.json").read_text(encoding="utf-8"))["documents"]:
            split_of[d["id"]] = split
            docs.append(d)

    nlp = load_model()
    extract_entities(nlp("Warm up in Kyiv."))  # build the gazetteer outside the timing
    t0 = time.perf_counter()
    parsed = list(nlp.pipe([d["text"] for d in docs]))
    t_parse = time.perf_counter() - t0
    t0 = time.perf_counter()
    reps = 5
    for _ in range(reps):
        mentions = [extract_entities(p) for p in parsed]
    t_ent = (time.perf_counter() - t0) / reps

    items = [(Document(id=d["id"], source=d["id"], text=d["text"]),
              DocAnalysis(doc_id=d["id"], entities=ms)) for d, ms in zip(docs, mentions, strict=True)]
    index = merge_entities(items)

    # Pred records per doc with their surfaces there.
    pred: dict[str, list[tuple[str, str, set[str]]]] = defaultdict(list)  # doc -> (id, type, surfaces)
    for r in index.records:
        by_doc: dict[str, set[str]] = defaultdict(set)
        for m in r["mentions"]:
            by_doc[m["doc"]].add(norm(m["text"]))
        for d, surf in by_doc.items():
            pred[d].append((r["id"], r["type"], surf))

    splits = split_names if args.split == "all" else [args.split]
    for split in splits:
        counts = {k: [0, 0, 0, 0] for k in ("person", "org", "place")}  # tp_p, n_p, tp_g, n_g
        person_records: dict[str, set[str]] = defaultdict(set)  # gold person -> pred ids
        record_golds: dict[str, set[str]] = defaultdict(set)  # pred id -> gold persons
        org_records: dict[str, set[str]] = defaultdict(set)  # gold org -> pred ids
        org_golds: dict[str, set[str]] = defaultdict(set)  # pred id -> gold orgs
        roles_ok = roles_n = 0
        for d, ms in zip(docs, mentions, strict=True):
            golds = d["entities"]
            for rid, rtype, surf in pred[d["id"]]:
                k = klass(rtype)
                matches = [g for g in golds if surf & {norm(n) for n in g["names"]}
                           and (rtype == g["type"] or rtype in g.get("types", [])
                                or (g["type"] in PLACES and rtype in PLACES))]
                if rtype == "PERSON":
                    for g in golds:
                        if g["type"] == "PERSON" and surf & {norm(n) for n in g["names"]}:
                            record_golds[rid].add(g["id"])
                            person_records[g["id"]].add(rid)
                if rtype == "ORG":
                    for g in golds:
                        if g["type"] == "ORG" and surf & {norm(n) for n in g["names"]}:
                            org_golds[rid].add(g["id"])
                            org_records[g["id"]].add(rid)
                if k is None or split_of[d["id"]] != split:
                    continue
                counts[k][1] += 1
                counts[k][0] += bool(matches)
                if not matches and args.show:
                    print(f"  FALSE {d['id']}: {rtype} {sorted(surf)}")
            if split_of[d["id"]] != split:
                continue
            for g in golds:
                k = klass(g["type"])
                names = {norm(n) for n in g["names"]}
                hit = any(surf & names and (rtype == g["type"] or rtype in g.get("types", [])
                                             or (g["type"] in PLACES and rtype in PLACES))
                          for _, rtype, surf in pred[d["id"]])
                counts[k][3] += 1
                counts[k][2] += hit
                if not hit and args.show:
                    print(f"  MISS  {d['id']}: {g['type']} {g['names']}")
                if g["type"] == "PERSON" and g["roles"]:
                    roles_n += 1
                    got = {n for m in ms if m.type == "PERSON" and norm(m.text) in names for n in m.role_norm}
                    ok = bool(got & set(g["roles"]))
                    roles_ok += ok
                    if not ok and args.show:
                        print(f"  ROLE  {d['id']}: {g['names'][0]} gold {g['roles']} got {sorted(got)}")
        gold_people = {g["id"] for d in docs if split_of[d["id"]] == split for g in d["entities"]
                       if g["type"] == "PERSON"}
        one = 0
        for gid in gold_people:
            recs = person_records.get(gid, set())
            ok = len(recs) == 1 and len(record_golds[next(iter(recs))]) == 1
            one += ok
            if not ok and args.show:
                print(f"  SPLIT/MERGED {gid}: records {sorted(recs)} -> {[sorted(record_golds[r]) for r in recs]}")
        print(f"== {split}: {sum(1 for d in docs if split_of[d['id']] == split)} articles")
        for k, (tpp, npred, tpg, ngold) in counts.items():
            p = tpp / npred if npred else 1.0
            r = tpg / ngold if ngold else 1.0
            print(f"  {k:6}  precision {p:.3f} ({tpp}/{npred})  recall {r:.3f} ({tpg}/{ngold})")
        print(f"  one record per real person: {one / max(1, len(gold_people)):.3f} ({one}/{len(gold_people)})")
        gold_orgs = {g["id"] for d in docs if split_of[d["id"]] == split for g in d["entities"]
                     if g["type"] == "ORG"}
        one_org = 0
        for gid in gold_orgs:
            recs = org_records.get(gid, set())
            ok = len(recs) == 1 and len(org_golds[next(iter(recs))]) == 1
            one_org += ok
            if not ok and args.show and recs:
                print(f"  ORG SPLIT/MERGED {gid}: records {sorted(recs)} -> {[sorted(org_golds[r]) for r in recs]}")
        print(f"  one record per real org: {one_org / max(1, len(gold_orgs)):.3f} ({one_org}/{len(gold_orgs)})")
        print(f"  persons with a role that got it: {roles_ok / max(1, roles_n):.3f} ({roles_ok}/{roles_n})")
    words = sum(len(p) for p in parsed)
    print(f"== speed: {len(parsed)} articles, {words} tokens; parse {t_parse:.3f}s, entities {t_ent:.4f}s "
          f"({100 * t_ent / t_parse:.1f}% of parse time)")


if __name__ == "__main__":
    main()
