"""Web archives: every HTML ``response`` record becomes an article (warcio reads the format)."""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from dossier.ingest.decode import DecodeError, decode_bytes
from dossier.records import InputError, RawDocument


def read_warc(data: bytes, source: str) -> Iterator[RawDocument | InputError]:
    """Yield the articles of a WARC file; a truncated or broken tail is reported, the rest kept."""
    from dossier.ingest.files import html_document

    if not _looks_like_warc(data):
        yield InputError(source, "ingest", "not a WARC file (no 'WARC/' record header at the start)")
        return
    n = 0
    broken = False
    try:
        for record in ArchiveIterator(io.BytesIO(data)):
            if record.rec_type != "response":
                continue
            n += 1
            uri = record.rec_headers.get_header("WARC-Target-URI") or f"{source}#{n}"
            ctype = (record.http_headers.get_header("Content-Type") or "") if record.http_headers else ""
            body = record.content_stream().read()
            if ctype and "html" not in ctype.lower() and "text" not in ctype.lower():
                continue
            try:
                html = decode_bytes(body)
            except DecodeError as e:
                yield InputError(uri, "ingest", f"WARC record: {e}")
                continue
            doc = html_document(html, uri, uri)
            if isinstance(doc, RawDocument) and not doc.published:
                date = record.rec_headers.get_header("WARC-Date") or ""
                doc.published = date[:10] or None
            yield doc
    except (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error) as e:
        broken = True
        yield InputError(source, "ingest", f"malformed or truncated WARC after {n} records: {e or type(e).__name__}")
    if n == 0 and not broken:
        yield InputError(source, "ingest", "WARC file holds no response records")


def _looks_like_warc(data: bytes) -> bool:
    """warcio also accepts old ARC files and may misread other text as one; we take WARC only."""
    head = data[:64]
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[:4096])[:64]
        except zlib.error:
            return False
    return head.lstrip().startswith(b"WARC/")
