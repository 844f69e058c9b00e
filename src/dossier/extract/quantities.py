"""Quantities (filled in by the numbers-and-time work)."""

from __future__ import annotations

from spacy.tokens import Doc

from dossier.records import QuantityMention


def extract_quantities(doc: Doc) -> list[QuantityMention]:
    return []
