"""Proposals and who stands where (issue 8: not built yet; the list stays empty)."""

from __future__ import annotations

from typing import Any

from dossier.link.context import Corpus, EntityResolver


def link_proposals(corpus: Corpus, entities: EntityResolver, lists: dict[str, list[dict[str, Any]]]
                   ) -> list[dict[str, Any]]:
    return []
