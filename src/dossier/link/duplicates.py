"""Near-duplicate articles across the corpus, with MinHash + LSH (datasketch).

LSH finds candidate pairs in roughly linear time, so a corpus of millions of articles is never
compared all-pairs; each candidate is then confirmed by its estimated Jaccard similarity.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
THRESHOLD = 0.8  # estimated Jaccard of word 5-gram shingles
SCHEME = "affine32"  # pinned: stored signatures must be read back with the scheme that made them
_WORD = re.compile(r"\w+")


def signature(text: str) -> bytes:
    """The MinHash signature of an article's word 5-grams, as bytes for the store."""
    words = _WORD.findall(text.lower())
    shingles = {" ".join(words[i:i + 5]).encode() for i in range(max(1, len(words) - 4))}
    m = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    m.update_batch(list(shingles))
    return m.hashvalues.astype(np.uint64).tobytes()


def find_duplicates(items: Iterable[tuple[str, bytes | None]]) -> dict[str, str | None]:
    """Map each document id (in ingest order) to the earliest near-identical document, or None."""
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    order: dict[str, int] = {}
    sigs: dict[str, MinHash] = {}
    out: dict[str, str | None] = {}
    for doc_id, raw in items:
        out[doc_id] = None
        if not raw:
            continue
        m = MinHash(num_perm=NUM_PERM, hashvalues=np.frombuffer(raw, dtype=np.uint64), scheme=SCHEME)
        hits = [h for h in lsh.query(m) if sigs[h].jaccard(m) >= THRESHOLD]
        if hits:
            first = min(hits, key=order.__getitem__)
            out[doc_id] = out[first] or first
        order[doc_id] = len(order)
        sigs[doc_id] = m
        lsh.insert(doc_id, m)
    return out
