"""Quote records: per-document quotes with speakers resolved to dossier entities."""

from __future__ import annotations

from typing import Any

from dossier.link.context import Corpus, EntityResolver, date_near
from dossier.link.ids import stable_id


def _alias_index(records: list[dict[str, Any]]) -> dict[str, str]:
    """Surface form -> entity id, for forms that name exactly one person or organisation."""
    seen: dict[str, set[str]] = {}
    for e in records:
        if e["type"] in ("PERSON", "ORG"):
            for form in {e["name"], *e.get("aliases", [])}:
                seen.setdefault(form.lower(), set()).add(e["id"])
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}


def link_quotes(corpus: Corpus, entities: EntityResolver, records: list[dict[str, Any]] | None = None
                ) -> list[dict[str, Any]]:
    """Quotes with speakers as entity ids.

    The speaker span is resolved by its position first; when the model missed the name there
    (no entity mention under it), the words are matched against the entities' unambiguous names.
    """
    aliases = _alias_index(records or [])
    out = []
    for doc, a in corpus.originals():
        for q in a.quotes:
            ref = q.speaker_ref or q.speaker
            speaker = entities.resolve(doc.id, ref.start, ref.end) if ref else None
            if speaker is None and ref is not None:
                speaker = aliases.get(ref.text.lower())
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
