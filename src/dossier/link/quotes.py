"""Quote records: per-document quotes with speakers resolved to dossier entities."""

from __future__ import annotations

from typing import Any

from dossier.link.context import Corpus, EntityResolver, date_near
from dossier.link.ids import stable_id


def link_quotes(corpus: Corpus, entities: EntityResolver) -> list[dict[str, Any]]:
    out = []
    for doc, a in corpus.originals():
        for q in a.quotes:
            ref = q.speaker_ref or q.speaker
            speaker = entities.resolve(doc.id, ref.start, ref.end) if ref else None
            out.append({
                "id": stable_id("q", doc.id, q.start, q.end, q.kind),
                "doc": doc.id,
                "kind": q.kind,
                "text": q.text,
                "speaker": speaker,
                "speaker_text": q.speaker.text if q.speaker else None,
                "cue": q.cue,
                "start": q.start,
                "end": q.end,
                "date": date_near(a, q.start, q.end),
            })
    return out
