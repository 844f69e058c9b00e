"""The HTML pages: one handler per screen, each a few indexed queries and one template.

Templates are rendered with autoescaping on, so article text and every extracted string
reach the browser as text, whatever markup they contain.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from dossier.web import graphics
from dossier.web import params as P
from dossier.web import queries as Q
from dossier.web.facts import cached

TEMPLATES = Path(__file__).parent / "templates"

NAV = [("/", "Summary"), ("/entities", "People & entities"), ("/quotes", "Quotes"), ("/events", "Events"),
       ("/timeline", "Timeline"), ("/numbers", "Numbers"), ("/proposals", "Proposals"), ("/contradictions", "Contradictions"),
       ("/network", "Network"), ("/map", "Map"), ("/docs", "Sources")]


def source_url(doc: str | None, start: int | None = None, end: int | None = None, find: str | None = None) -> str:
    """The article page with a span highlighted and scrolled to (by offsets, or by its words)."""
    if not doc:
        return ""
    if start is None or end is None:
        return f"/doc/{quote(doc, safe='')}" + (f"?{urlencode({'find': find[:200]})}#hl" if find else "")
    return f"/doc/{quote(doc, safe='')}?start={int(start)}&end={int(end)}#hl"


def entity_url(eid: str | None) -> str:
    return f"/entity/{quote(eid, safe='')}" if eid else ""


def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    from dossier.output.report import number

    env.filters["number"] = number
    env.globals.update(source_url=source_url, entity_url=entity_url, nav=NAV, quote_kinds=Q.QUOTE_KINDS,
                       event_types=Q.EVENT_TYPES, entity_types=Q.ENTITY_TYPES, stances=Q.STANCES,
                       contradiction_kinds=Q.CONTRADICTION_KINDS, timeline_kinds=Q.TIMELINE_KINDS)
    return env


ENV = _env()


def render(request: Request, template: str, title: str, **ctx: Any) -> HTMLResponse:
    def page_url(**changes: Any) -> str:
        args = dict(request.query_params)
        args.update({k: v for k, v in changes.items()})
        args = {k: v for k, v in args.items() if v not in (None, "")}
        return request.url.path + ("?" + urlencode(args) if args else "")

    html = ENV.get_template(template).render(title=title, path=request.url.path, page_url=page_url,
                                             args=request.query_params, **ctx)
    return HTMLResponse(html)


def _db(request: Request) -> Any:
    return request.app.state.reader.db


def summary(request: Request) -> HTMLResponse:
    return render(request, "summary.html", "Summary", s=Q.summary(_db(request)))


def entities(request: Request) -> HTMLResponse:
    found = Q.entities(_db(request), P.choice(request, "type", Q.ENTITY_TYPES, upper=True), P.text(request, "q"),
                       P.page(request), P.per(request, 50))
    return render(request, "entities.html", "People & entities", found=found)


def entity(request: Request) -> HTMLResponse:
    db = _db(request)
    eid = request.path_params["id"]
    e = P.found(Q.entity(db, eid), "entity", eid)
    return render(request, "entity.html", e["name"], e=e,
                  mentions=Q.entity_mentions(db, eid, P.page(request), 30),
                  quotes=Q.quotes(db, speaker=eid, per=30), events=Q.entity_events(db, eid),
                  proposals=Q.entity_proposals(db, eid))


def quotes(request: Request) -> HTMLResponse:
    db = _db(request)
    found = Q.quotes(db, P.text(request, "speaker"), P.choice(request, "kind", Q.QUOTE_KINDS),
                     P.text(request, "doc"), P.text(request, "q"), P.page(request), P.per(request, 50))
    return render(request, "quotes.html", "Quotes", found=found, speakers=Q.top_speakers(db, 40))


def events(request: Request) -> HTMLResponse:
    db = _db(request)
    f = {"etype": P.choice(request, "type", Q.EVENT_TYPES, upper=True), "actor": P.text(request, "actor"),
         "target": P.text(request, "target")}
    found = Q.events(db, **f, page=P.page(request), per=P.per(request, 50))
    bars = graphics.timeline_bars(Q.event_histogram(db, **f))
    return render(request, "events.html", "Events", found=found, bars=bars)


def timeline(request: Request) -> HTMLResponse:
    found = Q.timeline(_db(request), P.choice(request, "kind", Q.TIMELINE_KINDS), P.text(request, "since"),
                       P.text(request, "until"), P.page(request), P.per(request, 50))
    return render(request, "timeline.html", "Timeline", found=found)


def proposals(request: Request) -> HTMLResponse:
    found = Q.proposals(_db(request), P.page(request), P.per(request, 20))
    return render(request, "proposals.html", "Proposals", found=found["page"], matrix=found["matrix"])


def contradictions(request: Request) -> HTMLResponse:
    found = Q.contradictions(_db(request), P.choice(request, "kind", Q.CONTRADICTION_KINDS), P.page(request),
                             P.per(request, 30))
    return render(request, "contradictions.html", "Contradictions", found=found)


def numbers(request: Request) -> HTMLResponse:
    db = _db(request)
    found = Q.quantities(db, P.text(request, "unit"), P.text(request, "doc"), P.page(request), P.per(request, 50))
    return render(request, "numbers.html", "Numbers", found=found, units=Q.top_units(db))


def network(request: Request) -> HTMLResponse:
    net = Q.network(_db(request), P.integer(request, "limit", 60, 1, 300) or 60)
    return render(request, "network.html", "Actor network", g=graphics.layout_network(net["nodes"], net["edges"]))


def places(request: Request) -> HTMLResponse:
    db = _db(request)
    drawing = cached(db, "map", lambda: graphics.map_points(Q.places(db)))
    return render(request, "map.html", "Map of places", m=drawing)


def documents(request: Request) -> HTMLResponse:
    return render(request, "documents.html", "Sources", found=Q.documents(_db(request), P.page(request), 50))


def document(request: Request) -> HTMLResponse:
    doc_id = request.path_params["id"]
    d = P.found(Q.document(_db(request), doc_id), "document", doc_id)
    start, end = P.integer(request, "start", None), P.integer(request, "end", None)
    find = request.query_params.get("find") or None
    hl = Q.highlight(d["text"], start, end, find)
    bad_span = (start is not None or find is not None) and hl is None
    return render(request, "document.html", d["title"] or d["source"], d=d, hl=hl, bad_span=bad_span)


routes = [
    Route("/", summary),
    Route("/entities", entities),
    Route("/entity/{id:path}", entity),
    Route("/quotes", quotes),
    Route("/events", events),
    Route("/timeline", timeline),
    Route("/proposals", proposals),
    Route("/contradictions", contradictions),
    Route("/numbers", numbers),
    Route("/network", network),
    Route("/map", places),
    Route("/docs", documents),
    Route("/doc/{id:path}", document),
]
