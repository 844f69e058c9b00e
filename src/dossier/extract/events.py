"""PLOVER events (filled in by the events work)."""

from __future__ import annotations

from spacy.tokens import Doc

from dossier.records import DateMention, EntityMention, EventMention


def extract_events(doc: Doc, entities: list[EntityMention], dates: list[DateMention]) -> list[EventMention]:
    return []
