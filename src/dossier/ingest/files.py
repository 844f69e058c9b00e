"""Walk inputs and dispatch each file to the reader for its format."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from dossier.ingest.decode import DecodeError, decode_bytes
from dossier.records import InputError, RawDocument

SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".warc", ".warc.gz")


def _suffix(path: Path) -> str:
    name = path.name.lower()
    return next((s for s in sorted(SUFFIXES, key=len, reverse=True) if name.endswith(s)), "")


def find_inputs(paths: Iterable[str]) -> Iterator[str | InputError]:
    """Expand folders recursively (sorted, hidden files skipped); report missing paths."""
    for given in paths:
        p = Path(given)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p)
                if f.is_file() and _suffix(f) and not any(part.startswith(".") for part in rel.parts):
                    yield str(f)
        elif p.is_file():
            if _suffix(p):
                yield given
            else:
                yield InputError(given, "ingest", f"unsupported file type (expected one of {', '.join(SUFFIXES)})")
        else:
            yield InputError(given, "ingest", "no such file or folder")


def read_path(path: Path, source: str) -> Iterator[RawDocument | InputError]:
    """All articles in one file; errors are yielded, never raised."""
    kind = _suffix(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        yield InputError(source, "ingest", f"cannot read file: {e.strerror or e}")
        return
    if kind in (".warc", ".warc.gz"):
        from dossier.ingest.warc import read_warc

        yield from read_warc(data, source)
        return
    try:
        text = decode_bytes(data)
    except DecodeError as e:
        yield InputError(source, "ingest", str(e))
        return
    if kind == ".txt":
        yield RawDocument(source=source, text=text, fmt="txt")
    elif kind in (".html", ".htm"):
        yield html_document(text, source)
    else:
        yield from read_jsonl(text, source)


def html_document(html: str, source: str, url: str | None = None) -> RawDocument | InputError:
    """Main text and metadata of one web page."""
    from dossier.ingest.html import extract_html

    try:
        text, title, published, original = extract_html(html, url or source)
    except ValueError as e:
        return InputError(source, "ingest", f"HTML: {e}")
    return RawDocument(source=source, text=text, title=title, published=published,
                       original_source=original, fmt="html")


def read_jsonl(text: str, source: str) -> Iterator[RawDocument | InputError]:
    """One article per line: ``text`` or ``html``, optional ``url title published source``."""
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{source}:{n}"
        try:
            rec = json.loads(line)
        except ValueError as e:
            yield InputError(where, "ingest", f"bad JSON line: {e}")
            continue
        if not isinstance(rec, dict):
            yield InputError(where, "ingest", "JSON line is not an object")
            continue
        doc_source = str(rec.get("url") or rec.get("source") or f"{source}#{n}")
        published = _str_or_none(rec.get("published"))
        if isinstance(rec.get("text"), str) and rec["text"].strip():
            yield RawDocument(source=doc_source, text=rec["text"].replace("\r\n", "\n"),
                              title=_str_or_none(rec.get("title")), published=published, fmt="jsonl")
        elif isinstance(rec.get("html"), str) and rec["html"].strip():
            doc = html_document(rec["html"], doc_source, rec.get("url"))
            if isinstance(doc, RawDocument):
                doc.title = _str_or_none(rec.get("title")) or doc.title
                doc.published = published or doc.published
            yield doc
        else:
            yield InputError(where, "ingest", "JSON line has no non-empty 'text' or 'html'")


def _str_or_none(v: object) -> str | None:
    return v.strip() or None if isinstance(v, str) else None
