"""A small hand-made dossier written straight into a Store, for the web and report tests.

A made-up dock strike (not the sample articles), with every kind of record and the awkward
cases: an article whose text contains markup and a script tag, a quote with markup in it, an
unresolved speaker, an undated event, a place without coordinates. Offsets are computed
from the texts, so ``text[start:end]`` always holds.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dossier.records import DocAnalysis, Document, Removal
from dossier.store import Store

ARTICLES = {
    "d-001": ("Dock strike enters second week", "2025-03-03", (
        "Dockworkers in Port Alder stayed off the job on Monday as the strike entered its second week.\n\n"
        "\"We will not unload a single ship until the offer is fair,\" said Maria Okafor, general secretary "
        "of the Dockworkers' Union.\n\n"
        "About 4,000 workers have joined the walkout, the union said. Transport Minister Henrik Valdes met "
        "Okafor on Tuesday in Port Alder.\n\n"
        "A harbour official said the backlog could take 3 to 5 days to clear.")),
    "d-002": ("Minister offers 7% pay rise", "2025-03-05", (
        "Transport Minister Henrik Valdes offered the dockworkers a 7% pay rise on Wednesday.\n\n"
        "Okafor rejected the offer, calling it \"an insult to every family on the quays\".\n\n"
        "The Harbour Authority backed the proposal. Some 3,500 workers are on strike, the authority said.\n\n"
        "Ports across Norland were quiet.\n\n"
        "Valdes warned that the government could bring in the navy to move cargo.")),
    "d-003": (None, None, (
        "Union website defaced during strike\n\n"
        "Visitors to the union's page saw the text <script>alert('pwned')</script> and a banner reading "
        "<b>STRIKE OVER</b>, which the union said was false.\n\n"
        "\"Someone wrote <img src=x onerror=alert(1)> into our page,\" Okafor said.")),
}


def _span(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    start = text.index(needle, after)
    return start, start + len(needle)


def _mention(doc: str, needle: str, after: int = 0) -> dict[str, Any]:
    s, e = _span(ARTICLES[doc][2], needle, after)
    return {"doc": doc, "start": s, "end": e, "text": needle}


def build(path: str | Path) -> dict[str, Any]:
    """Write the sample dossier into a new store at ``path``; return the records written."""
    t = {k: v[2] for k, v in ARTICLES.items()}
    ents = [
        {"id": "e-okafor", "type": "PERSON", "name": "Maria Okafor", "aliases": ["Maria Okafor", "Okafor"],
         "roles": ["general secretary of the Dockworkers' Union"], "country": "Norland",
         "mentions": [_mention("d-001", "Maria Okafor"), _mention("d-001", "Okafor", t["d-001"].index("met")),
                      _mention("d-002", "Okafor"), _mention("d-003", "Okafor")]},
        {"id": "e-valdes", "type": "PERSON", "name": "Henrik Valdes", "aliases": ["Henrik Valdes", "Valdes"],
         "roles": ["Transport Minister"], "country": "Norland",
         "mentions": [_mention("d-001", "Henrik Valdes"), _mention("d-002", "Henrik Valdes"),
                      _mention("d-002", "Valdes", t["d-002"].index("navy") - 60)]},
        {"id": "e-union", "type": "ORG", "name": "Dockworkers' Union", "aliases": ["Dockworkers' Union"],
         "roles": [], "country": "Norland", "mentions": [_mention("d-001", "Dockworkers' Union")]},
        {"id": "e-authority", "type": "ORG", "name": "Harbour Authority", "aliases": ["Harbour Authority"],
         "roles": [], "country": "Norland", "mentions": [_mention("d-002", "Harbour Authority")]},
        {"id": "e-portalder", "type": "GPE", "name": "Port Alder", "aliases": ["Port Alder"], "roles": [],
         "country": "Norland", "lat": 59.9, "lon": 10.7,
         "mentions": [_mention("d-001", "Port Alder"), _mention("d-001", "Port Alder", t["d-001"].index("Tuesday"))]},
        {"id": "e-quays", "type": "LOC", "name": "North Quay", "aliases": ["North Quay"], "roles": [], "country": None,
         "lat": 60.4, "lon": 5.3, "mentions": [_mention("d-002", "quays")]},
        {"id": "e-norland", "type": "GPE", "name": "Norland", "aliases": ["Norland"], "roles": [], "country": "Norland",
         "mentions": [_mention("d-002", "Norland")]},
        {"id": "e-navy", "type": "ORG", "name": "navy", "aliases": ["navy"], "roles": [], "country": None,
         "mentions": [_mention("d-002", "navy")]},
    ]
    q1 = _span(t["d-001"], "We will not unload a single ship until the offer is fair")
    q2 = _span(t["d-002"], "an insult to every family on the quays")
    q3 = _span(t["d-003"], "Someone wrote <img src=x onerror=alert(1)> into our page")
    q4 = _span(t["d-001"], "the backlog could take 3 to 5 days to clear")
    quotes = [
        {"id": "q-001", "doc": "d-001", "kind": "direct", "text": t["d-001"][q1[0]:q1[1]], "speaker": "e-okafor",
         "speaker_text": "Maria Okafor", "cue": "said", "start": q1[0], "end": q1[1]},
        {"id": "q-002", "doc": "d-002", "kind": "partial", "text": t["d-002"][q2[0]:q2[1]], "speaker": "e-okafor",
         "speaker_text": "Okafor", "cue": "calling", "start": q2[0], "end": q2[1]},
        {"id": "q-003", "doc": "d-003", "kind": "direct", "text": t["d-003"][q3[0]:q3[1]], "speaker": "e-okafor",
         "speaker_text": "Okafor", "cue": "said", "start": q3[0], "end": q3[1]},
        {"id": "q-004", "doc": "d-001", "kind": "indirect", "text": t["d-001"][q4[0]:q4[1]], "speaker": None,
         "speaker_text": "A harbour official", "cue": "said", "start": q4[0], "end": q4[1]},
    ]
    quantities = []
    for i, (doc, needle, value, unit, approx) in enumerate([
            ("d-001", "About 4,000 workers", 4000, "worker", True), ("d-001", "3 to 5 days", [3, 5], "day", False),
            ("d-002", "7%", 7, "percent", False), ("d-002", "Some 3,500 workers", 3500, "worker", True)], 1):
        s, e = _span(t[doc], needle)
        quantities.append({"id": f"n-{i:03d}", "doc": doc, "text": needle, "value": value, "unit": unit,
                           "approximate": approx, "start": s, "end": e})
    events = [
        {"id": "v-001", "type": "PROTEST", "actor": "e-union", "target": None, "location": "e-portalder",
         "date": "2025-03-03", "negated": False, "hypothetical": False,
         "mentions": [_mention("d-001", "Dockworkers in Port Alder stayed off the job on Monday")]},
        {"id": "v-002", "type": "CONSULT", "actor": "e-valdes", "target": "e-okafor", "location": "e-portalder",
         "date": "2025-03-04", "negated": False, "hypothetical": False,
         "mentions": [_mention("d-001", "Transport Minister Henrik Valdes met Okafor on Tuesday in Port Alder")]},
        {"id": "v-003", "type": "REJECT", "actor": "e-okafor", "target": "e-valdes", "location": None,
         "date": "2025-03-05", "negated": False, "hypothetical": False,
         "mentions": [_mention("d-002", "Okafor rejected the offer")]},
        {"id": "v-004", "type": "THREATEN", "actor": "e-valdes", "target": "e-union", "location": None,
         "date": None, "negated": False, "hypothetical": True,
         "mentions": [_mention("d-002", "the government could bring in the navy to move cargo")]},
    ]
    proposals = [
        {"id": "p-001", "name": "7% pay rise", "text": "a 7% pay rise", "proposer": "e-valdes",
         "mentions": [_mention("d-002", "offered the dockworkers a 7% pay rise")],
         "stances": [{"party": "e-valdes", "stance": "proposes", "doc": "d-002",
                      "text": "offered the dockworkers a 7% pay rise"},
                     {"party": "e-okafor", "stance": "rejects", "doc": "d-002", "text": "Okafor rejected the offer"},
                     {"party": "e-authority", "stance": "supports", "doc": "d-002",
                      "text": "The Harbour Authority backed the proposal"}]},
    ]
    c1, c2 = _span(t["d-001"], "About 4,000 workers"), _span(t["d-002"], "Some 3,500 workers")
    contradictions = [
        {"id": "c-001", "about": "worker", "kind": "number", "explanation": "4,000 against 3,500 strikers",
         "claims": [{"doc": "d-001", "text": "About 4,000 workers", "start": c1[0], "end": c1[1]},
                    {"doc": "d-002", "text": "Some 3,500 workers", "start": c2[0], "end": c2[1]}]},
    ]
    timeline = [{"date": "2025-03-03", "kind": "event", "ref": "v-001"},
                {"date": "2025-03-03", "kind": "quote", "ref": "q-001"},
                {"date": "2025-03-04", "kind": "event", "ref": "v-002"},
                {"date": "2025-03-05", "kind": "proposal", "ref": "p-001"},
                {"date": "2025-03-05", "kind": "event", "ref": "v-003"}]
    lists = {"entities": ents, "quotes": quotes, "quantities": quantities, "events": events,
             "proposals": proposals, "contradictions": contradictions}
    with Store(path) as store:
        for doc_id, (title, published, text) in ARTICLES.items():
            removed = [Removal("boilerplate", "Subscribe to our newsletter <now>", 0, 32)] if doc_id == "d-001" else []
            doc = Document(doc_id, f"articles/{doc_id}.html", text, title, "example.org" if title else None,
                           published, None, removed, f"hash-{doc_id}")
            store.add_document(doc, DocAnalysis(doc_id, words=len(text.split())), "test", None)
        store.replace_dossier(lists, {}, timeline)
    return dict(lists, timeline=timeline, articles=ARTICLES)
