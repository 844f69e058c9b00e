"""The JSON API under ``/api``: the same read model as the pages, as data.

Lists are paged (``page``, ``per`` up to 200) and answer ``{items, total, page, per, pages}``.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from dossier.web import params as P
from dossier.web import queries as Q


def _db(request: Request) -> Any:
    return request.app.state.reader.db


def summary(request: Request) -> JSONResponse:
    return JSONResponse(Q.summary(_db(request)))


def entities(request: Request) -> JSONResponse:
    found = Q.entities(_db(request), P.choice(request, "type", Q.ENTITY_TYPES, upper=True), P.text(request, "q"),
                       P.page(request), P.per(request, 50))
    return JSONResponse(found.to_json())


def entity(request: Request) -> JSONResponse:
    db = _db(request)
    eid = request.path_params["id"]
    e = P.found(Q.entity(db, eid), "entity", eid)
    e["mentions"] = Q.entity_mentions(db, eid, P.page(request), P.per(request, 30)).to_json()
    e["quotes"] = Q.quotes(db, speaker=eid, per=30).to_json()
    e["events"] = Q.entity_events(db, eid)
    e["proposals"] = Q.entity_proposals(db, eid)
    return JSONResponse(e)


def quotes(request: Request) -> JSONResponse:
    found = Q.quotes(_db(request), P.text(request, "speaker"), P.choice(request, "kind", Q.QUOTE_KINDS),
                     P.text(request, "doc"), P.text(request, "q"), P.page(request), P.per(request, 50))
    return JSONResponse(found.to_json())


def _event_filters(request: Request) -> dict[str, str | None]:
    return {"etype": P.choice(request, "type", Q.EVENT_TYPES, upper=True), "actor": P.text(request, "actor"),
            "target": P.text(request, "target")}


def events(request: Request) -> JSONResponse:
    f = _event_filters(request)
    out = Q.events(_db(request), **f, page=P.page(request), per=P.per(request, 50)).to_json()
    out["by_day"] = [{"date": d, "events": n} for d, n in Q.event_histogram(_db(request), **f)]
    return JSONResponse(out)


def timeline(request: Request) -> JSONResponse:
    found = Q.timeline(_db(request), P.choice(request, "kind", Q.TIMELINE_KINDS), P.text(request, "since"),
                       P.text(request, "until"), P.page(request), P.per(request, 50))
    return JSONResponse(found.to_json())


def proposals(request: Request) -> JSONResponse:
    found = Q.proposals(_db(request), P.page(request), P.per(request, 20))
    return JSONResponse(dict(found["page"].to_json(), matrix=found["matrix"]))


def contradictions(request: Request) -> JSONResponse:
    found = Q.contradictions(_db(request), P.choice(request, "kind", Q.CONTRADICTION_KINDS), P.page(request),
                             P.per(request, 30))
    return JSONResponse(found.to_json())


def quantities(request: Request) -> JSONResponse:
    found = Q.quantities(_db(request), P.text(request, "unit"), P.text(request, "doc"), P.page(request),
                         P.per(request, 50))
    return JSONResponse(found.to_json())


def network(request: Request) -> JSONResponse:
    return JSONResponse(Q.network(_db(request), P.integer(request, "limit", 60, 1, 500) or 60))


def places(request: Request) -> JSONResponse:
    return JSONResponse({"items": Q.places(_db(request), P.integer(request, "limit", 300, 1, 2000) or 300)})


def documents(request: Request) -> JSONResponse:
    return JSONResponse(Q.documents(_db(request), P.page(request), P.per(request, 50)).to_json())


def document(request: Request) -> JSONResponse:
    doc_id = request.path_params["id"]
    d = P.found(Q.document(_db(request), doc_id), "document", doc_id)
    return JSONResponse(d)


routes = [
    Route("/api/summary", summary),
    Route("/api/entities", entities),
    Route("/api/entities/{id:path}", entity),
    Route("/api/quotes", quotes),
    Route("/api/events", events),
    Route("/api/timeline", timeline),
    Route("/api/proposals", proposals),
    Route("/api/contradictions", contradictions),
    Route("/api/quantities", quantities),
    Route("/api/network", network),
    Route("/api/places", places),
    Route("/api/documents", documents),
    Route("/api/documents/{id:path}", document),
]
