"""Ingest: find input files and turn each article into a :class:`RawDocument`.

Formats: ``.txt``, ``.html``/``.htm``, ``.jsonl`` (one article per line), ``.warc``/``.warc.gz``.
Anything that cannot be read becomes an :class:`InputError` in the stream instead of an
exception, so one bad file never stops a run.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from dossier.ingest.files import SUFFIXES, find_inputs, read_path
from dossier.records import InputError, RawDocument

__all__ = ["SUFFIXES", "find_inputs", "iter_documents", "read_path"]


def iter_documents(paths: Iterable[str]) -> Iterator[RawDocument | InputError]:
    """Every article under ``paths`` (files or folders, recursively), in a stable order."""
    for path in find_inputs(paths):
        if isinstance(path, InputError):
            yield path
        else:
            yield from read_path(Path(path), str(path))
