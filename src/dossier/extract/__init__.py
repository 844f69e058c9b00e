"""Per-document extraction: a pure function of one parsed document.

:func:`analyze` is the one place that wires the extractors together, in dependency order
(entities first: quotes and events resolve their speakers and actors against them). It
touches no store and no other document, so it runs unchanged in ``--workers N`` processes
or in a distributed actor that has loaded the model once.
"""

from __future__ import annotations

from spacy.tokens import Doc

from dossier.extract.dates import extract_dates
from dossier.extract.entities import extract_entities
from dossier.extract.events import extract_events
from dossier.extract.quantities import extract_quantities
from dossier.extract.quotes import extract_quotes
from dossier.records import DocAnalysis, Document


def analyze(doc: Doc, document: Document) -> DocAnalysis:
    """Run every extractor over one parsed document."""
    entities = extract_entities(doc)
    dates = extract_dates(doc, document.published)
    quantities = extract_quantities(doc)
    quotes = extract_quotes(doc, entities)
    events = extract_events(doc, entities, dates)
    return DocAnalysis(
        doc_id=document.id,
        sentences=[(s.start_char, s.end_char) for s in doc.sents],
        entities=entities,
        quotes=quotes,
        quantities=quantities,
        dates=dates,
        events=events,
        words=sum(1 for t in doc if not (t.is_punct or t.is_space)),
    )
