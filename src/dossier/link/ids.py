"""Stable ids: a kind prefix and a short hash of what identifies the record.

Hashes of content (not counters) keep ids the same across rebuilds and input orders.
"""

from __future__ import annotations

import hashlib


def stable_id(prefix: str, *parts: object) -> str:
    key = "\x1f".join(str(p) for p in parts)
    return f"{prefix}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:12]}"
