"""Hand-made analysed corpora for testing the link stage apart from the model and extractors.

Names listed by the test become entity mentions wherever they occur, a stand-in resolver maps
each mention to the id the test gave it, and entity records carry those mentions the way the
merger's records do.
"""

from __future__ import annotations

import re
from typing import Any

from dossier.link.context import Corpus
from dossier.records import DocAnalysis, Document, EntityMention, QuantityMention

SENTENCE = re.compile(r".+?(?:[.!?]+[”\"]?(?=\s+[A-Z“\"]|\s*$)|$)\s*")


class NameResolver:
    """Stand-in for the entity index: each mention resolves to the id its name was given."""

    def __init__(self) -> None:
        self.ids: dict[tuple[str, int, int], str] = {}

    def resolve(self, doc_id: str, start: int, end: int) -> str | None:
        return self.ids.get((doc_id, start, end))


def build_corpus(docs: list[tuple[str, str | None, str]], names: dict[str, tuple[str, str]],
                 roles: dict[tuple[str, str], list[str]] | None = None,
                 quantities: dict[str, list[tuple[str, float | list[float], str, bool]]] | None = None,
                 ) -> tuple[Corpus, NameResolver, dict[str, list[dict[str, Any]]]]:
    """Articles (id, published, text) with every listed name as a mention (name -> (id, type)),
    roles per (doc, name) and quantities per doc as (text as written, value, unit, approximate)."""
    res = NameResolver()
    items = []
    records: dict[str, dict[str, Any]] = {
        eid: {"id": eid, "name": eid, "type": typ, "mentions": []} for eid, typ in sorted(set(names.values()))
    }
    for did, published, text in docs:
        sents = [(m.start(), m.end()) for m in SENTENCE.finditer(text)]
        ents: list[EntityMention] = []
        for surface in sorted(names, key=len, reverse=True):
            for m in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text):
                if any(e.start <= m.start() < e.end for e in ents):
                    continue
                eid, typ = names[surface]
                ents.append(EntityMention(m.start(), m.end(), surface, typ,
                                          roles=list((roles or {}).get((did, surface), []))))
                res.ids[(did, m.start(), m.end())] = eid
                records[eid]["mentions"].append({"doc": did, "start": m.start(), "end": m.end(), "text": surface})
        qs = []
        for written, value, unit, approx in (quantities or {}).get(did, []):
            i = text.index(written)
            qs.append(QuantityMention(i, i + len(written), written, value, unit, approx))
        ents.sort(key=lambda e: e.start)
        items.append((Document(did, f"{did}.txt", text, published=published),
                      DocAnalysis(did, sents, ents, quantities=qs)))
    return Corpus(items), res, {"entities": list(records.values()), "proposals": []}
