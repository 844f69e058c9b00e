"""The dossier as one JSON document (schema ``dossier/1`` of SPEC.md)."""

from __future__ import annotations

import json
import sys
from datetime import datetime, timezone
from typing import Any

from dossier import SCHEMA
from dossier.records import to_dict
from dossier.store import Store
from dossier.store.sqlite import DOSSIER_TABLES


def document_record(doc: Any) -> dict[str, Any]:
    return {
        "id": doc.id,
        "source": doc.source,
        "title": doc.title,
        "text": doc.text,
        "original_source": doc.original_source,
        "published": doc.published,
        "duplicate_of": doc.duplicate_of,
        "removed": to_dict(doc.removed),
    }


def assemble(store: Store) -> dict[str, Any]:
    """Every list of the dossier, read from the store in its stored (deterministic) order."""
    out: dict[str, Any] = {
        "schema": SCHEMA,
        "generated_at": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        "documents": [document_record(d) for d, _ in store.documents()],
    }
    for table in DOSSIER_TABLES:
        out[table] = store.records(table)
    out["timeline"] = store.timeline()
    out["errors"] = store.errors()
    return out


def dumps(dossier: dict[str, Any]) -> str:
    return json.dumps(dossier, ensure_ascii=False, indent=1) + "\n"


def write_json(dossier: dict[str, Any], path: str) -> None:
    """Write to ``path``; ``-`` is standard output."""
    text = dumps(dossier)
    if path == "-":
        sys.stdout.write(text)
    else:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
