"""Events across articles: one record per real happening, with every mention that reports it.

Two mentions are the same happening when they share the PLOVER type, the actor and target
(as resolved entities), have compatible date and place, the same modality, and say it in
similar words. rapidfuzz's token-set ratio measures the wording, which tolerates the
reordering and extra clauses that different outlets add to the same report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from dossier.link.context import Corpus, EntityResolver
from dossier.link.ids import stable_id
from dossier.records import EventMention, Span

SIMILAR = 60  # token-set ratio for mentions with a known actor or target
SIMILAR_UNANCHORED = 90  # without actor and target, only near-verbatim reports merge


@dataclass
class _Event:
    type: str
    actor: str | None
    target: str | None
    location: str | None
    date: str | None
    negated: bool
    hypothetical: bool
    mentions: list[dict[str, Any]] = field(default_factory=list)
    key: tuple = ()  # what identifies its first mention: document, clause and trigger
    side: str | None = None  # the actor's country ("Moscow", "the Kremlin", "Russian forces": Russia)

    def accepts(self, other: _Event, text: str) -> bool:
        if (self.type, self.side, self.target, self.negated, self.hypothetical) != (
            other.type, other.side, other.target, other.negated, other.hypothetical
        ):
            return False
        if self.date and other.date and self.date[:10] != other.date[:10]:
            return False
        if self.location and other.location and self.location != other.location:
            return False
        need = SIMILAR if (self.actor or self.target) else SIMILAR_UNANCHORED
        return any(fuzz.token_set_ratio(m["text"], text) >= need for m in self.mentions)


def _resolve(entities: EntityResolver, doc_id: str, span: Span | None) -> str | None:
    return entities.resolve(doc_id, span.start, span.end) if span else None


def _sides(entities: EntityResolver) -> dict[str, str]:
    """Entity id -> the country it acts for, from the merged records' ``country`` (a capital, a
    ministry, a demonym: "Moscow", "the Kremlin", "Russian" all act for Russia)."""
    out: dict[str, str] = {}
    for r in getattr(entities, "records", None) or []:
        country = r.get("country") or (r.get("name") if r.get("type") == "GPE" else None)
        if country:
            out[r["id"]] = "country:" + country.lower()
    return out


def link_events(corpus: Corpus, entities: EntityResolver) -> list[dict[str, Any]]:
    """One record per happening: mentions with the same type, the same target, an actor on the
    same side (the same entity, or entities of one country: metonymy across outlets), compatible
    date, place and mood, in similar words. The record keeps its first mention's specific actor."""
    merged: list[_Event] = []
    by_key: dict[tuple, list[_Event]] = {}
    sides = _sides(entities)
    for doc, a in corpus.originals():
        for ev in a.events:
            cand = _candidate(ev, doc.id, entities)
            cand.side = sides.get(cand.actor, cand.actor) if cand.actor else None
            key = (cand.type, cand.side, cand.target)
            mention = {"doc": doc.id, "start": ev.start, "end": ev.end, "text": ev.text}
            home = next((e for e in by_key.get(key, []) if e.accepts(cand, ev.text)), None)
            if home is None:
                cand.key = (doc.id, ev.start, ev.end, ev.trigger.start if ev.trigger else -1)
                cand.mentions.append(mention)
                merged.append(cand)
                by_key.setdefault(key, []).append(cand)
            else:
                home.mentions.append(mention)
                home.date = home.date or cand.date
                home.location = home.location or cand.location
    return [
        {
            "id": stable_id("v", e.type, *e.key),
            "type": e.type,
            "actor": e.actor,
            "target": e.target,
            "location": e.location,
            "date": e.date,
            "negated": e.negated,
            "hypothetical": e.hypothetical,
            "mentions": e.mentions,
        }
        for e in merged
    ]


def _candidate(ev: EventMention, doc_id: str, entities: EntityResolver) -> _Event:
    return _Event(
        type=ev.type,
        actor=_resolve(entities, doc_id, ev.actor),
        target=_resolve(entities, doc_id, ev.target),
        location=_resolve(entities, doc_id, ev.location),
        date=ev.date,
        negated=ev.negated,
        hypothetical=ev.hypothetical,
    )
