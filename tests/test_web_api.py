"""The web app's JSON API and pages, through Starlette's TestClient, on a hand-made store."""

from __future__ import annotations

import sqlite3
import warnings
from pathlib import Path
from typing import Any

import pytest

from tests import sample_dossier

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from dossier.web.app import create_app


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    db = tmp_path_factory.mktemp("api") / "dossier.sqlite"
    return db, sample_dossier.build(db)


@pytest.fixture(scope="module")
def client(store: tuple[Path, dict[str, Any]]) -> TestClient:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return TestClient(create_app(store[0]))


def _ids(items: list[dict[str, Any]]) -> list[str]:
    return [i["id"] for i in items]


def test_summary_counts_what_the_store_holds(client: TestClient, store: Any) -> None:
    s = client.get("/api/summary").json()
    written = store[1]
    assert s["counts"]["documents"] == len(written["articles"])
    for kind in ("entities", "quotes", "quantities", "events", "proposals", "contradictions"):
        assert s["counts"][kind] == len(written[kind]), kind
    assert [p["name"] for p in s["top_people"]] == ["Maria Okafor", "Henrik Valdes"]
    assert s["top_people"][0]["roles"] == ["general secretary of the Dockworkers' Union"]
    assert s["dates"] == {"first": "2025-03-03", "last": "2025-03-05"}
    assert s["top_speakers"] == [{"id": "e-okafor", "name": "Maria Okafor", "quotes": 3}]


def test_entity_list_filters_and_pages(client: TestClient) -> None:
    people = client.get("/api/entities?type=person").json()
    assert _ids(people["items"]) == ["e-okafor", "e-valdes"] and people["total"] == 2
    assert _ids(client.get("/api/entities?q=harb").json()["items"]) == ["e-authority"]
    page2 = client.get("/api/entities?per=2&page=2").json()
    assert page2["pages"] == 4 and len(page2["items"]) == 2
    assert "mentions" not in page2["items"][0]  # lists never ship the mention lists
    assert client.get("/api/entities?type=ALIEN").status_code == 400
    assert client.get("/api/entities?page=zero").status_code == 400


def test_entity_record_has_roles_mentions_quotes_events(client: TestClient) -> None:
    e = client.get("/api/entities/e-okafor").json()
    assert e["roles"] == ["general secretary of the Dockworkers' Union"]
    assert (e["quote_count"], e["actor_count"], e["target_count"]) == (3, 1, 1)
    assert e["mentions"]["total"] == 4
    m = e["mentions"]["items"][0]
    assert m["context"]["span"] == m["text"]
    assert sorted(_ids(e["events"])) == ["v-002", "v-003"]
    assert [p["stance"] for p in e["proposals"]] == ["rejects"]
    assert len(e["quotes"]["items"]) == 3
    missing = client.get("/api/entities/e-nobody")
    assert missing.status_code == 404 and missing.json()["error"] == "No entity e-nobody."


def test_quote_filters(client: TestClient) -> None:
    def ids(query: str) -> list[str]:
        return _ids(client.get("/api/quotes" + query).json()["items"])

    assert ids("?speaker=e-okafor") == ["q-001", "q-002", "q-003"]
    assert ids("?speaker=maria") == ["q-001", "q-002", "q-003"]  # by name, any case
    assert ids("?speaker=harbour+official") == ["q-004"]  # an unresolved speaker as written
    assert ids("?kind=indirect") == ["q-004"]
    assert ids("?doc=d-001") == ["q-001", "q-004"]
    assert ids("?speaker=Okafor&kind=partial") == ["q-002"]
    assert ids("?q=onerror") == ["q-003"]
    assert ids("?q=100%25") == []  # LIKE wildcards in the words are taken literally
    assert ids("?speaker=Nobody") == []
    q = client.get("/api/quotes?speaker=e-okafor&per=1").json()
    assert q["total"] == 3 and q["pages"] == 3 and q["items"][0]["speaker_name"] == "Maria Okafor"


def test_every_span_points_at_its_words(client: TestClient) -> None:
    texts = {d: client.get(f"/api/documents/{d}").json()["text"] for d in ("d-001", "d-002", "d-003")}
    for q in client.get("/api/quotes").json()["items"]:
        assert texts[q["doc"]][q["start"]:q["end"]] == q["text"]
    for v in client.get("/api/events").json()["items"]:
        assert texts[v["doc"]][v["start"]:v["end"]] == v["text"]
    for n in client.get("/api/quantities").json()["items"]:
        assert texts[n["doc"]][n["start"]:n["end"]] == n["text"]


def test_events_filter_and_order(client: TestClient) -> None:
    everything = client.get("/api/events").json()
    assert _ids(everything["items"]) == ["v-001", "v-002", "v-003", "v-004"]  # dated in order, undated last
    assert everything["by_day"] == [{"date": "2025-03-03", "events": 1}, {"date": "2025-03-04", "events": 1},
                                    {"date": "2025-03-05", "events": 1}]
    assert _ids(client.get("/api/events?type=consult").json()["items"]) == ["v-002"]
    assert _ids(client.get("/api/events?actor=Valdes").json()["items"]) == ["v-002", "v-004"]
    assert _ids(client.get("/api/events?target=e-okafor").json()["items"]) == ["v-002"]
    assert _ids(client.get("/api/events?actor=Valdes&target=Union").json()["items"]) == ["v-004"]
    v = client.get("/api/events?type=REJECT").json()["items"][0]
    assert (v["actor_name"], v["target_name"], v["text"]) == ("Maria Okafor", "Henrik Valdes",
                                                               "Okafor rejected the offer")
    assert client.get("/api/events?type=PARTY").status_code == 400


def test_timeline_describes_each_item(client: TestClient) -> None:
    t = client.get("/api/timeline").json()
    assert [i["kind"] for i in t["items"]] == ["event", "quote", "event", "proposal", "event"]
    assert t["items"][1]["record"]["speaker_name"] == "Maria Okafor"
    assert t["items"][3]["record"]["name"] == "7% pay rise"
    assert len(client.get("/api/timeline?kind=event").json()["items"]) == 3
    assert [i["date"] for i in client.get("/api/timeline?since=2025-03-04&until=2025-03-04").json()["items"]] \
        == ["2025-03-04"]


def test_proposals_with_stance_matrix(client: TestClient) -> None:
    p = client.get("/api/proposals").json()
    assert p["items"][0]["proposer_name"] == "Henrik Valdes"
    rows = {r["name"]: r["stances"] for r in p["matrix"]["rows"]}
    assert rows == {"Harbour Authority": {"p-001": "supports"}, "Henrik Valdes": {"p-001": "proposes"},
                    "Maria Okafor": {"p-001": "rejects"}}


def test_contradictions_network_places(client: TestClient) -> None:
    c = client.get("/api/contradictions?kind=number").json()["items"]
    assert len(c) == 1 and [cl["doc_title"] for cl in c[0]["claims"]] == ["Dock strike enters second week",
                                                                            "Minister offers 7% pay rise"]
    assert client.get("/api/contradictions?kind=role").json()["total"] == 0
    net = client.get("/api/network").json()
    edges = {(e["source"], e["target"]): e["weight"] for e in net["edges"]}
    assert edges == {("e-valdes", "e-okafor"): 1, ("e-okafor", "e-valdes"): 1, ("e-valdes", "e-union"): 1}
    assert sorted(n["id"] for n in net["nodes"]) == ["e-okafor", "e-union", "e-valdes"]
    places = client.get("/api/places").json()["items"]
    assert [p["name"] for p in places] == ["Port Alder", "North Quay"]  # Norland has no coordinates


def test_documents_list_with_removed(client: TestClient) -> None:
    docs = client.get("/api/documents").json()["items"]
    assert [d["id"] for d in docs] == ["d-001", "d-002", "d-003"]
    assert docs[0]["removed"][0]["kind"] == "boilerplate"
    assert client.get("/api/documents/d-999").status_code == 404


PAGES = ["/", "/entities", "/entities?type=PERSON&q=ok", "/entity/e-okafor", "/entity/e-portalder", "/quotes",
         "/quotes?speaker=Okafor&kind=direct&doc=d-001", "/events", "/events?type=THREATEN&actor=e-valdes",
         "/timeline", "/timeline?kind=quote", "/numbers", "/numbers?unit=worker", "/proposals", "/contradictions",
         "/network", "/map", "/docs", "/doc/d-001", "/doc/d-002?start=0&end=10", "/quotes?per=1&page=2",
         "/entities?per=2", "/entity/e-okafor?page=2&per=1", "/events?per=1&page=4"]


@pytest.mark.parametrize("url", PAGES)
def test_pages_answer_with_safe_headers(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in r.headers["content-security-policy"]
    assert "http://" not in r.text and "https://" not in r.text  # nothing loaded from outside
    assert "<script>" not in r.text  # the only script is the page's own file


def test_people_page_lists_people_and_their_quotes(client: TestClient) -> None:
    html = client.get("/entities?type=PERSON").text
    assert 'href="/entity/e-okafor"' in html and 'href="/entity/e-valdes"' in html
    page = client.get("/entity/e-okafor").text
    assert "We will not unload a single ship until the offer is fair" in page
    assert "/doc/d-001?start=" in page  # the quote links to its passage


def test_pager_links_keep_the_filters(client: TestClient) -> None:
    html = client.get("/quotes?speaker=Okafor&per=1&page=2").text
    assert "page 2 of 3" in html
    assert 'href="/quotes?speaker=Okafor&amp;per=1&amp;page=3"' in html
    assert 'href="/quotes?speaker=Okafor&amp;per=1&amp;page=1"' in html


def test_markup_in_articles_and_quotes_is_escaped(client: TestClient) -> None:
    for url in ("/doc/d-003", "/quotes", "/entity/e-okafor", "/docs"):
        html = client.get(url).text
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>STRIKE" not in html, url
    doc = client.get("/doc/d-003").text
    assert "&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;" in doc
    assert "&lt;img src=x onerror=alert(1)&gt;" in client.get("/quotes?q=onerror").text
    assert "Subscribe to our newsletter &lt;now&gt;" in client.get("/docs").text


def test_document_page_highlights_the_span(client: TestClient, store: Any) -> None:
    q = store[1]["quotes"][1]
    html = client.get(f"/doc/{q['doc']}?start={q['start']}&end={q['end']}").text
    assert f'<mark id="hl" tabindex="-1">{q["text"]}</mark>' in html
    by_words = client.get("/doc/d-002?find=Okafor+rejected+the+offer").text
    assert '<mark id="hl" tabindex="-1">Okafor rejected the offer</mark>' in by_words
    outside = client.get("/doc/d-001?start=5&end=99999").text
    assert "outside this article" in outside and "<mark" not in outside
    assert client.get("/doc/d-001?start=x&end=4").status_code == 400
    missing = client.get("/doc/d-404")
    assert missing.status_code == 404 and "No document d-404." in missing.text


def test_app_adds_browsing_indexes_and_pages_use_them(store: Any, client: TestClient) -> None:
    db = sqlite3.connect(store[0])
    names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert {"web_events_order", "web_events_target_order", "web_quotes_kind"} <= names

    def plan(sql: str) -> str:
        return " | ".join(r[3] for r in db.execute("EXPLAIN QUERY PLAN " + sql))

    ordered = plan("SELECT id FROM events v ORDER BY coalesce(v.date, '~'), v.rowid LIMIT 50")
    assert "web_events_order" in ordered and "TEMP B-TREE" not in ordered
    by_target = plan("SELECT id FROM events v WHERE v.target='e-okafor' ORDER BY coalesce(v.date, '~'), v.rowid")
    assert "web_events_target_order" in by_target  # a search, not a scan (a small sort may follow)
    people = plan("SELECT id FROM entities WHERE type='PERSON' ORDER BY mention_count DESC, name LIMIT 50")
    assert "web_entities_type_rank" in people and "TEMP B-TREE" not in people


def test_unknown_page_is_a_404_page(client: TestClient) -> None:
    r = client.get("/nowhere")
    assert r.status_code == 404 and "<h1>" in r.text
    assert client.get("/api/nowhere").json()["status"] == 404


def test_drawings_stay_inside_and_are_deterministic() -> None:
    from dossier.web import graphics

    days = [("2024-01-03", 2), ("2024-01-05", 1)]
    strip = graphics.timeline_bars(days)
    assert [b["n"] for b in strip["bars"]] == [2, 0, 1] and strip["unit"] == "day"
    long = graphics.timeline_bars([("2023-01-01", 1), ("2024-12-31T10:00", 4)])
    assert long["unit"] == "month" and len(long["bars"]) == 24 and long["bars"][-1]["n"] == 4
    places = [{"id": f"e-{i}", "name": f"Place {i}", "mention_count": 10 - i, "lat": lat, "lon": lon}
              for i, (lat, lon) in enumerate([(-33.9, 18.4), (51.5, -0.1), (35.7, 139.7), (-33.9, 151.2)])]
    m = graphics.map_points(places)
    assert all(0 <= p["x"] <= m["width"] and 0 <= p["y"] <= m["height"] for p in m["points"])
    west, east = (next(p for p in m["points"] if p["lon"] == lon) for lon in (-0.1, 151.2))
    assert west["x"] < east["x"]
    nodes = [{"id": f"e-{i}", "name": f"N{i}", "type": "PERSON"} for i in range(6)]
    edges = [{"source": f"e-{i}", "target": f"e-{(i + 1) % 6}", "weight": i + 1} for i in range(6)]
    g1, g2 = graphics.layout_network(nodes, edges), graphics.layout_network(nodes, edges)
    assert [(n["x"], n["y"]) for n in g1["nodes"]] == [(n["x"], n["y"]) for n in g2["nodes"]]
    assert all(0 <= n["x"] <= g1["width"] and 0 <= n["y"] <= g1["height"] for n in g1["nodes"])
    assert len({(n["x"], n["y"]) for n in g1["nodes"]}) == 6  # no two nodes on one spot
    assert max(e["width"] for e in g1["edges"]) == g1["edges"][-1]["width"]  # heaviest edge is thickest
