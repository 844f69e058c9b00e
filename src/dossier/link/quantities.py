"""Quantity records, straight from the per-document extractor (copies of articles add none)."""

from __future__ import annotations

from typing import Any

from dossier.link.context import Corpus
from dossier.link.ids import stable_id


def link_quantities(corpus: Corpus) -> list[dict[str, Any]]:
    return [
        {
            "id": stable_id("n", doc.id, q.start, q.end),
            "doc": doc.id,
            "text": q.text,
            "value": q.value,
            "unit": q.unit,
            "approximate": q.approximate,
            "start": q.start,
            "end": q.end,
        }
        for doc, a in corpus.originals()
        for q in a.quantities
    ]
