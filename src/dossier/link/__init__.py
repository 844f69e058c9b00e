"""The cross-document stage: from per-document analyses to one dossier.

Runs after every build over everything in the store, so entity merging, event dedup,
proposals, contradictions and the timeline always reflect the whole corpus. It reads the
per-document layer and replaces the dossier layer in one transaction.
"""

from __future__ import annotations

from typing import Any

from dossier.link.context import Corpus
from dossier.link.duplicates import find_duplicates
from dossier.link.events import link_events
from dossier.link.quantities import link_quantities
from dossier.link.quotes import link_quotes
from dossier.link.timeline import build_timeline


def link_corpus(corpus: Corpus) -> dict[str, list[dict[str, Any]]]:
    """All dossier lists (but documents and errors) for an analysed corpus."""
    from dossier.link.contradictions import find_contradictions
    from dossier.link.entities import merge_entities
    from dossier.link.proposals import link_proposals

    index = merge_entities(corpus.items)
    lists: dict[str, list[dict[str, Any]]] = {"entities": index.records}
    lists["quotes"] = link_quotes(corpus, index, index.records)
    lists["quantities"] = link_quantities(corpus)
    lists["events"] = link_events(corpus, index)
    lists["proposals"] = link_proposals(corpus, index, lists)
    lists["contradictions"] = find_contradictions(corpus, index, lists)
    for key in ("quotes", "quantities", "events", "proposals", "contradictions"):
        lists[key] = _unique(lists[key])
    lists["timeline"] = build_timeline(lists)
    return lists


def link_store(store: Any, version: str) -> None:
    """Relink the whole dossier held in ``store`` and write it back in one transaction."""
    duplicates = find_duplicates((d.id, sig) for d, sig in store.documents())
    items = list(store.analyses(version))
    for doc, _ in items:
        doc.duplicate_of = duplicates.get(doc.id)
    lists = link_corpus(Corpus(items, duplicates))
    timeline = lists.pop("timeline")
    store.replace_dossier(lists, duplicates, timeline)


def _unique(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop exact repeats; give a record whose hashed id collides with another a suffixed id.

    Ids are content hashes, so two extractor rules reporting the same span twice collapse here,
    and the store's primary keys can never be violated by an unlucky collision.
    """
    seen: dict[str, dict[str, Any]] = {}
    out = []
    for rec in records:
        rid = rec["id"]
        if rid in seen:
            if seen[rid] == rec:
                continue
            n = 2
            while f"{rid}-{n}" in seen:
                n += 1
            rec = dict(rec, id=f"{rid}-{n}")
        seen[rec["id"]] = rec
        out.append(rec)
    return out
