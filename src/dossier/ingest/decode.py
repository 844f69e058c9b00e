"""Bytes to text: BOMs, strict UTF-8, then a real charset detector.

charset-normalizer is used rather than a hand-written cp1252 fallback because news files
arrive in many legacy encodings (Windows-1252, Latin-1, KOI8-R for Russian sources ...),
and it also tells us when the bytes are not text at all.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


class DecodeError(ValueError):
    """The bytes are empty, binary, or in no encoding we can recognise."""


def decode_bytes(data: bytes) -> str:
    """Decode article bytes to text, or raise :class:`DecodeError` with a reason."""
    if not data.strip():
        raise DecodeError("empty file")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return _check_text(data.decode(enc))
            except UnicodeDecodeError as e:
                raise DecodeError(f"bad {enc} after byte-order mark: {e.reason}") from e
    if b"\x00" in data[:4096]:
        raise DecodeError("binary file (NUL bytes), not text")
    try:
        return _check_text(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise DecodeError("undecodable: no text encoding fits these bytes")
    return _check_text(str(best))


def _check_text(text: str) -> str:
    """Reject decoded text that is mostly control characters (a binary file in disguise)."""
    if not text.strip():
        raise DecodeError("empty file")
    sample = text[:4096]
    bad = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f\v")
    if bad > max(4, len(sample) // 50):
        raise DecodeError("binary file (control characters), not text")
    return text.replace("\r\n", "\n").replace("\r", "\n")
