"""Web latency on a 10,000-article store: median and p95 ms for every page and API endpoint.

The store is synthetic and written straight through the Store API (no NLP), so it builds in
about a minute: articles of templated sentences about a few thousand people, organisations and
places chosen with a Zipf skew (so a few entities carry tens of thousands of mentions, as the
main actors of a real story do), with quotes, numbers, events reported by several articles,
proposals, contradictions and a timeline, all with correct offsets.

The app runs as `dossier serve` in its own process; requests go over one keep-alive HTTP
connection from this process. Target: every endpoint under 200 ms. Besides wall-clock median
and p95 it prints the server process's CPU time per request (from /proc), which a busy shared
machine inflates much less than wall-clock time; the load average is printed with the table.

    python bench/web_latency.py [--docs 10000] [--db /tmp/web-bench.sqlite] [--runs 30] [--keep]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from dossier.records import DocAnalysis, Document, Removal
from dossier.store import Store

FIRST = ["Anna", "Boris", "Chen", "Dara", "Elif", "Farid", "Grace", "Hugo", "Ines", "Jonas", "Kofi", "Lena", "Marek",
         "Nadia", "Omar", "Priya", "Quentin", "Rosa", "Sami", "Tomas", "Uma", "Viktor", "Wen", "Yara", "Zoltan"]
LAST = ["Abbott", "Bauer", "Costa", "Dumont", "Eriksen", "Fischer", "Garcia", "Haddad", "Ivanov", "Jensen", "Kowalski",
        "Lindqvist", "Moreau", "Nakamura", "Okoye", "Petrov", "Quinn", "Rossi", "Schmidt", "Tanaka", "Ueda", "Varga",
        "Weber", "Xu", "Young", "Zhou"]
ORG_WORDS = ["Council", "Ministry", "Union", "Alliance", "Agency", "Front", "Committee", "Bank", "League", "Guard"]
PLACE_ROOTS = ["Alder", "Birch", "Cedar", "Dune", "Elm", "Fjord", "Glen", "Haven", "Iron", "Juniper", "Kestrel",
               "Lark", "Moss", "North", "Oak", "Pine", "Quarry", "River", "Stone", "Thorn"]
PLACE_ENDS = ["ford", "ton", "burg", "vale", "port", "field", "mouth", "wick", "stad", "grad"]
TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
         "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]
VERB = {"AGREE": "agreed with", "CONSULT": "met", "SUPPORT": "backed", "CONCEDE": "released prisoners to",
        "COOPERATE": "worked with", "AID": "sent aid to", "RETREAT": "pulled back from", "REQUEST": "urged",
        "ACCUSE": "accused", "REJECT": "rejected a demand from", "THREATEN": "threatened", "PROTEST": "protested against",
        "SANCTION": "imposed sanctions on", "MOBILIZE": "deployed troops against", "COERCE": "detained supporters of",
        "ASSAULT": "attacked"}
UNITS = ["drone", "prisoner", "soldier", "civilian", "missile", "hour", "kilometre", "EUR", "refugee", "tank"]
WORDS = ["we", "will", "not", "accept", "any", "deal", "that", "ignores", "the", "people", "on", "the", "ground", "and", "the", "talks", "must", "go", "on", "until", "every", "side", "keeps", "its", "word", "about", "the", "ceasefire", "the", "aid", "and", "the", "prisoners"]
STANCES = ["supports", "accepts", "conditional", "undecided", "rejects"]


def zipf_picker(rng: random.Random, n: int, s: float = 1.1) -> Any:
    weights = [1 / (i + 1) ** s for i in range(n)]
    cum, acc = [], 0.0
    for w in weights:
        acc += w
        cum.append(acc)

    def pick() -> int:
        return rng.choices(range(n), cum_weights=cum, k=1)[0]

    return pick


class ArticleWriter:
    """Builds one article piece by piece, knowing the offset of every piece it adds."""

    def __init__(self, doc_id: str):
        self.doc_id, self.parts, self.pos = doc_id, [], 0

    def add(self, text: str) -> tuple[int, int]:
        self.parts.append(text)
        start, self.pos = self.pos, self.pos + len(text)
        return start, self.pos

    def mention(self, ent: dict[str, Any], text: str) -> None:
        s, e = self.add(text)
        ent["mentions"].append({"doc": self.doc_id, "start": s, "end": e, "text": text})

    def text(self) -> str:
        return "".join(self.parts)


def build_store(path: Path, docs: int, seed: int = 7) -> dict[str, Any]:
    """Write a synthetic dossier of ``docs`` articles; return a few ids worth timing."""
    rng = random.Random(seed)
    people = sorted({f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(4000)})[:3000]
    orgs = [f"{r} {w}" for r in PLACE_ROOTS for w in ORG_WORDS][:200]
    places = sorted({f"{r}{e}" for r in PLACE_ROOTS for e in PLACE_ENDS})
    entities: list[dict[str, Any]] = []
    for i, name in enumerate(people):
        entities.append({"id": f"e-p{i:05d}", "type": "PERSON", "name": name, "aliases": [name, name.split()[1]],
                         "roles": [rng.choice(["foreign minister", "negotiator", "spokesperson", "general"])],
                         "country": None, "mentions": []})
    for i, name in enumerate(orgs):
        entities.append({"id": f"e-o{i:05d}", "type": "ORG", "name": name, "aliases": [name], "roles": [],
                         "country": None, "mentions": []})
    for i, name in enumerate(places):
        entities.append({"id": f"e-g{i:05d}", "type": "GPE", "name": name, "aliases": [name], "roles": [],
                         "country": None, "lat": round(rng.uniform(35, 62), 3), "lon": round(rng.uniform(-10, 45), 3),
                         "mentions": []})
    persons = entities[:len(people)]
    actors = entities[:len(people) + len(orgs)]
    geo = entities[len(people) + len(orgs):]
    pick_person, pick_actor, pick_place = zipf_picker(rng, len(persons)), zipf_picker(rng, len(actors)), \
        zipf_picker(rng, len(geo))
    # the pool of real events, reported by several articles each
    pool = []
    day0 = date(2024, 1, 1)
    for i in range(docs * 6):
        a, b = pick_actor(), pick_actor()
        if a == b:
            b = (b + 1) % len(actors)
        pool.append({"id": f"v-{i:06d}", "type": rng.choice(TYPES), "actor": actors[a]["id"],
                     "target": actors[b]["id"], "location": geo[pick_place()]["id"],
                     "date": (day0 + timedelta(days=rng.randrange(700))).isoformat() if rng.random() < 0.85 else None,
                     "negated": rng.random() < 0.05, "hypothetical": rng.random() < 0.05, "mentions": []})
    pick_event = zipf_picker(rng, len(pool), 0.6)
    by_id = {e["id"]: e for e in entities}
    quotes, quantities, used_events = [], [], {}
    with Store(path) as store:
        for d in range(docs):
            doc_id = f"d-{d:05d}"
            w = ArticleWriter(doc_id)
            add, mention = w.add, w.mention
            for _ in range(14):
                kind = rng.random()
                if kind < 0.4:
                    ev = pool[pick_event()]
                    a, b, loc = by_id[ev["actor"]], by_id[ev["target"]], by_id[ev["location"]]
                    s0 = w.pos
                    mention(a, a["name"])
                    add(f" {VERB[ev['type']]} ")
                    mention(b, b["name"])
                    add(" in ")
                    mention(loc, loc["name"])
                    ev["mentions"].append({"doc": doc_id, "start": s0, "end": w.pos, "text": w.text()[s0:w.pos]})
                    used_events[ev["id"]] = ev
                    add(". ")
                elif kind < 0.7:
                    who = persons[pick_person()]
                    add("\u201c")
                    words = " ".join(rng.sample(WORDS, rng.randrange(8, 20))).capitalize()
                    s, e = add(words)
                    add(",\u201d said ")
                    mention(who, who["name"])
                    add(". ")
                    resolved = rng.random() < 0.85
                    quotes.append({"id": f"q-{len(quotes):06d}", "doc": doc_id, "kind": rng.choice(
                        ["direct", "direct", "partial", "indirect"]), "text": words,
                        "speaker": who["id"] if resolved else None, "speaker_text": who["name"], "cue": "said",
                        "start": s, "end": e})
                elif kind < 0.85:
                    n, unit = rng.randrange(2, 5000), rng.choice(UNITS)
                    add("Officials counted ")
                    s, e = add(f"{n:,} {unit}s")
                    add(" near ")
                    loc = geo[pick_place()]
                    mention(loc, loc["name"])
                    add(". ")
                    quantities.append({"id": f"n-{len(quantities):06d}", "doc": doc_id, "text": f"{n:,} {unit}s",
                                       "value": n, "unit": unit, "approximate": False, "start": s, "end": e})
                else:
                    add("The situation remained tense, observers said <b>on the record</b>. ")
                if rng.random() < 0.25:
                    add("\n\n")
            text = w.text()
            published = (day0 + timedelta(days=d * 700 // docs)).isoformat()
            doc = Document(doc_id, f"synthetic/{doc_id}.html", text, f"Report {d}: {rng.choice(places)} latest",
                           None, published, None, [Removal("boilerplate", "Subscribe now", 0, 13)], f"h{d}")
            store.add_document(doc, DocAnalysis(doc_id, words=len(text.split())), "bench", None)
        events = [used_events[k] for k in sorted(used_events)]
        props = []
        for i in range(300):
            proposer = actors[pick_actor()]
            stances = [{"party": proposer["id"], "stance": "proposes", "doc": f"d-{rng.randrange(docs):05d}",
                        "text": "proposed it"}]
            for _ in range(rng.randrange(2, 9)):
                stances.append({"party": actors[pick_actor()]["id"], "stance": rng.choice(STANCES),
                                "doc": f"d-{rng.randrange(docs):05d}", "text": "took a position"})
            props.append({"id": f"p-{i:04d}", "name": f"plan {i}", "text": f"a plan numbered {i}",
                          "proposer": proposer["id"], "mentions": [], "stances": stances})
        contradictions = []
        for i, q in enumerate(quantities[:2000:4]):
            other = quantities[min(len(quantities) - 1, i * 4 + 1)]
            contradictions.append({"id": f"c-{i:05d}", "about": q["unit"], "kind": "number", "explanation": "counts differ",
                                   "claims": [{k: x[k] for k in ("doc", "text", "start", "end")} for x in (q, other)]})
        timeline = sorted([{"date": e["date"], "kind": "event", "ref": e["id"]} for e in events if e["date"]]
                          + [{"date": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}", "kind": "quote", "ref": q["id"]}
                             for i, q in enumerate(quotes[::5])], key=lambda t: (t["date"], t["ref"]))
        kept = [e for e in entities if e["mentions"]]
        store.replace_dossier({"entities": kept, "quotes": quotes, "quantities": quantities, "events": events,
                               "proposals": props, "contradictions": contradictions}, {}, timeline)
    top = max(persons, key=lambda e: len(e["mentions"]))
    mid = sorted(persons, key=lambda e: len(e["mentions"]))[len(persons) // 2]
    busiest = max(events, key=lambda e: len(e["mentions"]))
    return {"top": top["id"], "top_name": top["name"], "top_mentions": len(top["mentions"]), "mid": mid["id"],
            "event": busiest, "counts": {"entities": len(kept), "mentions": sum(len(e["mentions"]) for e in kept),
                                         "quotes": len(quotes), "quantities": len(quantities),
                                         "events": len(events), "timeline": len(timeline)}}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def endpoints(info: dict[str, Any], docs: int) -> list[str]:
    top, mid, ev = info["top"], info["mid"], info["event"]
    m = ev["mentions"][0]
    last = (info["counts"]["quotes"] // 50)
    surname = info["top_name"].split()[1]
    urls = ["/", "/entities", "/entities?type=PERSON", "/entities?q=ar", f"/entity/{top}", f"/entity/{mid}",
            f"/entity/{top}?page=20", "/quotes", f"/quotes?speaker={top}", f"/quotes?speaker={surname}",
            "/quotes?kind=indirect", f"/quotes?doc=d-{docs // 2:05d}", "/quotes?q=ceasefire", f"/quotes?page={last}",
            "/events", "/events?type=ASSAULT", f"/events?actor={top}", f"/events?target={surname}",
            f"/events?actor={ev['actor']}&target={ev['target']}", "/timeline", "/timeline?kind=quote&since=2024-06-01",
            "/numbers", "/numbers?unit=drone", "/proposals", "/proposals?page=10", "/contradictions", "/network",
            "/map", "/docs", f"/docs?page={docs // 50}", f"/doc/{m['doc']}?start={m['start']}&end={m['end']}"]
    api = ["/api/summary", "/api/entities?type=PERSON", f"/api/entities/{top}", "/api/quotes?kind=direct",
           "/api/events?type=CONSULT", "/api/timeline", "/api/proposals", "/api/contradictions", "/api/network",
           "/api/places", "/api/quantities?unit=tank", "/api/documents", f"/api/documents/{m['doc']}"]
    return urls + api


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc), or NaN elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return float("nan")


def time_endpoints(port: int, pid: int, urls: list[str], runs: int) -> list[tuple[str, float, float, int, float]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    out = []
    for url in urls:
        samples = []
        size = 0
        cpu0 = 0.0
        for i in range(runs + 2):
            if i == 2:
                cpu0 = cpu_seconds(pid)
            t0 = time.perf_counter()
            conn.request("GET", url)
            resp = conn.getresponse()
            body = resp.read()
            dt = (time.perf_counter() - t0) * 1000
            if resp.status != 200:
                raise SystemExit(f"{url} answered {resp.status}: {body[:200]!r}")
            if i >= 2:  # the first two warm the page cache and the templates
                samples.append(dt)
            size = len(body)
        cpu = (cpu_seconds(pid) - cpu0) * 1000 / runs
        samples.sort()
        p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
        out.append((url, statistics.median(samples), p95, size, cpu))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--db", default="/tmp/web-bench.sqlite")
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--keep", action="store_true", help="reuse the store at --db if it exists")
    args = ap.parse_args()
    db = Path(args.db)
    meta = db.with_suffix(".json")
    if args.keep and db.exists() and meta.exists():
        info = json.loads(meta.read_text())
    else:
        for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
            p.unlink(missing_ok=True)
        t0 = time.perf_counter()
        info = build_store(db, args.docs)
        meta.write_text(json.dumps(info))
        print(f"built {args.docs} articles in {time.perf_counter() - t0:.1f}s: {info['counts']}; "
              f"top person {info['top_mentions']} mentions; {db.stat().st_size / 1e6:.0f} MB", file=sys.stderr)
    port = free_port()
    t0 = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "dossier", "serve", "--db", str(db), "--port", str(port)],
                              env=dict(os.environ), stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.time() + 300
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.time() > deadline:
                    raise SystemExit(f"server did not start: {server.stderr.read() if server.stderr else ''}") from None
                time.sleep(0.2)
        print(f"server ready in {time.perf_counter() - t0:.1f}s (indexes built on first start)", file=sys.stderr)
        results = time_endpoints(port, server.pid, endpoints(info, args.docs), args.runs)
    finally:
        server.terminate()
        server.wait(timeout=10)
    load = os.getloadavg()
    print(f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} CPUs")
    print(f"{'endpoint':<58} {'median ms':>9} {'p95 ms':>8} {'cpu ms':>7} {'KB':>6}")
    for url, med, p95, size, cpu in results:
        flag = "  SLOW" if p95 >= 200 else ""
        print(f"{url[:58]:<58} {med:9.1f} {p95:8.1f} {cpu:7.1f} {size / 1024:6.0f}{flag}")
    worst = max(results, key=lambda r: r[2])
    worst_cpu = max(results, key=lambda r: r[4])
    print(f"\n{len(results)} endpoints on {args.docs} articles: median of medians "
          f"{statistics.median(r[1] for r in results):.1f} ms, worst p95 {worst[2]:.1f} ms ({worst[0]}); "
          f"server CPU per request: median {statistics.median(r[4] for r in results):.1f} ms, "
          f"worst {worst_cpu[4]:.1f} ms ({worst_cpu[0]}); "
          f"target p95 < 200 ms: {'met' if worst[2] < 200 else 'NOT met'}")


if __name__ == "__main__":
    main()
