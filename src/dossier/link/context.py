"""What every cross-document linker sees: the documents, their analyses, and lookups over them."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Protocol

from dossier.records import DateMention, DocAnalysis, Document


class EntityResolver(Protocol):
    def resolve(self, doc_id: str, start: int, end: int) -> str | None: ...


@dataclass
class Corpus:
    """All analysed documents, in ingest order, with their near-duplicate links."""

    items: list[tuple[Document, DocAnalysis]]
    duplicate_of: dict[str, str | None] = field(default_factory=dict)

    def originals(self) -> list[tuple[Document, DocAnalysis]]:
        """Documents that are not copies of an earlier one (copies add no new records)."""
        return [(d, a) for d, a in self.items if not self.duplicate_of.get(d.id)]


def sentence_bounds(analysis: DocAnalysis, start: int) -> tuple[int, int]:
    """The sentence holding character ``start``."""
    starts = [s for s, _ in analysis.sentences]
    i = bisect.bisect_right(starts, start) - 1
    if i < 0:
        return (0, 0)
    return tuple(analysis.sentences[i])  # type: ignore[return-value]


def date_near(analysis: DocAnalysis, start: int, end: int) -> str | None:
    """The resolved date of the first date expression in the sentence of [start, end)."""
    s, e = sentence_bounds(analysis, start)
    e = max(e, end)
    best: DateMention | None = None
    for d in analysis.dates:
        # Prefer the date expression nearest to the span within its sentence.
        if d.value and s <= d.start < e and (best is None or abs(d.start - start) < abs(best.start - start)):
            best = d
    return best.value if best else None
