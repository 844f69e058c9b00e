"""Entity mentions from the model's NER, typed to the dossier's entity types."""

from __future__ import annotations

from spacy.tokens import Doc

from dossier.records import EntityMention

KEEP = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}


def extract_entities(doc: Doc) -> list[EntityMention]:
    out = []
    for ent in doc.ents:
        if ent.label_ not in KEEP:
            continue
        # Drop a possessive "'s" the model sometimes keeps inside the span.
        end = ent.end
        while end > ent.start and doc[end - 1].tag_ == "POS":
            end -= 1
        if end == ent.start:
            continue
        span = doc[ent.start:end]
        out.append(EntityMention(span.start_char, span.end_char, span.text, ent.label_))
    return out
