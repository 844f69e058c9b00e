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
    """Yield the articles of a WARC file; a truncated or broken tail is reported, the rest kept.

    warcio is lenient with damaged files (it silently yields a cut record or stops), so the
    framing is checked first: only records whose whole block is present are read.
    """
    from dossier.ingest.files import html_document

    if not _looks_like_warc(data):
        yield InputError(source, "ingest", "not a WARC file (no 'WARC/' record header at the start)")
        return
    raw, problem = _gunzip(data) if data[:2] == b"\x1f\x8b" else (data, None)
    complete, framing = _complete_records(raw)
    problem = problem or framing
    n = seen = 0
    try:
        for record in ArchiveIterator(io.BytesIO(raw)):
            seen += 1
            if seen > complete:
                break
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
        problem = problem or f"{e or type(e).__name__}"
    if problem:
        yield InputError(source, "ingest", f"malformed or truncated WARC after {n} response records: {problem}")
    elif n == 0:
        yield InputError(source, "ingest", "WARC file holds no response records")


def _gunzip(data: bytes) -> tuple[bytes, str | None]:
    """Decompress every gzip member (one per record); a cut last member is reported."""
    out, rest = [], data
    while rest:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            chunk = d.decompress(rest)
        except zlib.error as e:
            return b"".join(out), f"corrupt gzip data ({e})"
        if not d.eof:  # a cut member cannot be checked: its record is dropped, not half-read
            return b"".join(out), "gzip stream cut short"
        out.append(chunk)
        rest = d.unused_data
    return b"".join(out), None


def _complete_records(raw: bytes) -> tuple[int, str | None]:
    """How many records have their whole block present, and what is wrong after them."""
    pos, count = 0, 0
    while pos < len(raw):
        if not raw.startswith(b"WARC/", pos):
            if raw[pos:].strip():
                return count, f"no record header at byte {pos}"
            break
        head_end = raw.find(b"\r\n\r\n", pos)
        if head_end < 0:
            return count, "record headers cut short"
        length = None
        for line in raw[pos:head_end].split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":", 1)[1].strip() or b"-1")
        if length is None or length < 0:
            return count, "record without Content-Length"
        end = head_end + 4 + length
        if end > len(raw):
            return count, "record block cut short"
        count += 1
        pos = end
        while raw.startswith(b"\r\n", pos):
            pos += 2
    return count, None


def _looks_like_warc(data: bytes) -> bool:
    """warcio also accepts old ARC files and may misread other text as one; we take WARC only."""
    head = data[:64]
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[:4096])[:64]
        except zlib.error:
            return False
    return head.lstrip().startswith(b"WARC/")
