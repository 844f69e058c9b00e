"""Date expressions (filled in by the numbers-and-time work)."""

from __future__ import annotations

from spacy.tokens import Doc

from dossier.records import DateMention


def extract_dates(doc: Doc, published: str | None) -> list[DateMention]:
    return []
