"""The build: ingest -> clean -> NLP + extract (per document) -> store -> link.

Per-document work (:func:`prepare`, then :func:`analyze_batch`) is a pure function of one
document and the loaded model; this module only streams documents through it, in this
process or in ``workers`` processes, and writes each result in its own transaction.
"""

from __future__ import annotations

import hashlib
import multiprocessing as mp
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from dossier.clean import clean_text
from dossier.ingest import iter_documents
from dossier.link.duplicates import signature
from dossier.records import DocAnalysis, Document, InputError, RawDocument

BATCH = 32  # documents per worker task and per nlp.pipe batch: bounds memory, keeps cores busy


@dataclass
class BuildReport:
    added: int = 0
    unchanged: int = 0
    reanalysed: int = 0
    words: int = 0
    errors: list[InputError] = field(default_factory=list)


# ----------------------------------------------------------------------------- versions


@lru_cache(maxsize=4)
def analysis_version(model: str) -> str:
    """A fingerprint of the extractors' code and data and the model.

    Cached analyses carry it, so a build after an upgrade re-analyses stored documents
    instead of silently mixing results of two versions.
    """
    from dossier.nlp.model import load_model

    h = hashlib.sha256(model.encode())
    nlp = load_model(model)
    h.update(f"{nlp.meta.get('name')}-{nlp.meta.get('version')}".encode())
    root = Path(__file__).parent
    for sub in ("extract", "nlp"):
        for f in sorted((root / sub).rglob("*")):
            if f.is_file() and f.suffix in {".py", ".txt", ".tsv", ".json", ".csv"}:
                h.update(f.relative_to(root).as_posix().encode())
                h.update(f.read_bytes())
    return h.hexdigest()[:16]


# ----------------------------------------------------------------------------- per document


def document_id(source: str, content_hash: str) -> str:
    """Stable id: the file name (not its folder) and the content, so a moved corpus keeps its ids."""
    name = source.rstrip("/").rsplit("/", 1)[-1]
    return "d-" + hashlib.sha256(f"{name}\n{content_hash}".encode()).hexdigest()[:12]


def prepare(raw: RawDocument) -> Document:
    """Clean one raw article into a :class:`Document` (raises ValueError when nothing is left)."""
    content_hash = hashlib.sha256(raw.text.encode("utf-8")).hexdigest()
    cleaned = clean_text(raw.text, raw.title)
    if not cleaned.text.strip():
        raise ValueError("no article text left after cleaning")
    return Document(
        id=document_id(raw.source, content_hash),
        source=raw.source,
        text=cleaned.text,
        title=cleaned.title or raw.title,
        original_source=cleaned.original_source or raw.original_source,
        published=raw.published,
        removed=cleaned.removed,
        content_hash=content_hash,
    )


_worker_model: str | None = None


def _init_worker(model: str) -> None:
    global _worker_model
    _worker_model = model
    from dossier.nlp.model import load_model

    load_model(model)


def analyze_batch(docs: list[Document], model: str | None = None) -> list[DocAnalysis | InputError]:
    """Parse a batch with one ``nlp.pipe`` call and run the extractors on each document."""
    from dossier.extract import analyze
    from dossier.nlp.model import load_model

    nlp = load_model(model or _worker_model)
    out: list[DocAnalysis | InputError] = []
    for parsed, d in zip(nlp.pipe((d.text for d in docs), batch_size=BATCH), docs, strict=True):
        try:
            out.append(analyze(parsed, d))
        except Exception as e:  # one broken document must not stop the run
            out.append(InputError(d.source, "extract", f"{type(e).__name__}: {e}"))
    return out


def _batches(items: Iterable[Document], size: int) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for it in items:
        batch.append(it)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def run_analysis(docs: Iterable[Document], model: str, workers: int
                 ) -> Iterator[tuple[Document, DocAnalysis | InputError]]:
    """Analyse documents in order, in this process or in a pool, with a bounded window in flight."""
    if workers <= 1:
        for batch in _batches(docs, BATCH):
            yield from zip(batch, analyze_batch(batch, model), strict=True)
        return
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    with mp.get_context(method).Pool(workers, initializer=_init_worker, initargs=(model,)) as pool:
        window: deque = deque()
        for batch in _batches(docs, BATCH):
            window.append((batch, pool.apply_async(analyze_batch, (batch,))))
            while len(window) > 2 * workers:
                b, res = window.popleft()
                yield from zip(b, res.get(), strict=True)
        while window:
            b, res = window.popleft()
            yield from zip(b, res.get(), strict=True)


# ----------------------------------------------------------------------------- the build


def build(inputs: list[str], db_path: str, model: str, workers: int = 1,
          progress: Callable[[int, int], None] | None = None,
          on_error: Callable[[InputError], None] | None = None) -> BuildReport:
    """Bring the store up to date with ``inputs`` and relink the dossier."""
    from dossier.link import link_store
    from dossier.store import Store

    report = BuildReport()
    version = analysis_version(model)

    def error(err: InputError) -> None:
        report.errors.append(err)
        store.add_error(err)
        if on_error:
            on_error(err)

    with Store(db_path) as store:
        seen: set[str] = set()
        hashes: dict[str, str] = {}

        def pending() -> Iterator[Document]:
            for item in iter_documents(inputs):
                if isinstance(item, InputError):
                    error(item)
                    continue
                try:
                    doc = prepare(item)
                except Exception as e:  # cleaning bugs or empty articles: report, go on
                    error(InputError(item.source, "clean", str(e)))
                    continue
                if doc.id in seen or store.has_document(doc.id):
                    report.unchanged += 1
                    continue
                seen.add(doc.id)
                hashes[doc.id] = hashlib.sha256(doc.text.encode()).hexdigest()
                cached = store.cached_analysis(hashes[doc.id], version)
                if cached is not None:
                    _add(doc, cached)
                    continue
                yield doc
            # Stored documents analysed by an older version of the extractors are redone.
            for doc in store.stale_documents(version):
                report.reanalysed += 1
                yield doc

        def _add(doc: Document, analysis: DocAnalysis) -> None:
            analysis.doc_id = doc.id
            if store.has_document(doc.id):
                store.replace_analysis(doc, analysis, version)
            else:
                store.add_document(doc, analysis, version, signature(doc.text))
                report.added += 1
            report.words += analysis.words
            if progress:
                progress(report.added + report.reanalysed, report.words)

        for doc, result in run_analysis(pending(), model, workers):
            if isinstance(result, InputError):
                error(result)
            else:
                _add(doc, result)
        link_store(store, version)
    return report
