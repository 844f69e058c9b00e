"""Quotations (filled in by the quotes work)."""

from __future__ import annotations

from spacy.tokens import Doc

from dossier.records import EntityMention, QuoteMention


def extract_quotes(doc: Doc, entities: list[EntityMention]) -> list[QuoteMention]:
    return []
