"""Ingest of every input format, encodings, and broken inputs (reported, never fatal)."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dossier.ingest import iter_documents
from dossier.ingest.decode import DecodeError, decode_bytes
from dossier.records import InputError, RawDocument

STORY = (
    "Farmers in the Ebro valley blocked three motorways on Monday, demanding lower diesel taxes.\n\n"
    "“We will stay until Madrid listens,” said Núria Puig, who leads the growers’ union.\n"
)
PAGE = """<!doctype html><html><head><title>Growers block motorways - Valley Times</title>
<meta property="article:published_time" content="2024-03-04T09:00:00Z"></head><body>
<nav><a href="/">Home</a> | <a href="/news">News</a></nav>
<article><h1>Growers block motorways</h1>
<p>Farmers in the Ebro valley blocked three motorways on Monday, demanding lower diesel taxes and
faster payment of drought relief promised by the regional government last year.</p>
<p>The union said the blockades would continue until ministers agreed to meet its leaders in
Zaragoza, and police said traffic had been diverted onto secondary roads for most of the day.</p>
<p>Regional officials said they were willing to talk but would not negotiate under pressure.</p>
</article><footer>Copyright Valley Times. Subscribe to our newsletter.</footer>
<script>var tracking = "should never appear";</script></body></html>"""


def docs(paths: list[Path]) -> tuple[list[RawDocument], list[InputError]]:
    out = list(iter_documents([str(p) for p in paths]))
    return [d for d in out if isinstance(d, RawDocument)], [e for e in out if isinstance(e, InputError)]


# ----------------------------------------------------------------------------- encodings


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_text_in_common_encodings_decodes_to_the_same_story(encoding: str) -> None:
    text = STORY.replace("Núria", "Nuria") if encoding == "cp1252" else STORY
    assert decode_bytes(text.encode(encoding)) == text


def test_windows_1252_smart_quotes_are_detected() -> None:
    raw = ("The minister’s office said “no decision” had been taken on the café tax, "
           "and the opposition called the delay “shameful” in a statement on Tuesday. ") * 3
    assert decode_bytes(raw.encode("cp1252")) == raw


def test_latin1_accents_are_detected() -> None:
    raw = "Le président a déclaré que la réunion à Genève était reportée à l'été prochain. " * 3
    assert decode_bytes(raw.encode("latin-1")) == raw


@pytest.mark.parametrize("data,reason", [
    (b"", "empty"),
    (b"   \n\t  ", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
])
def test_bad_bytes_raise_a_clear_error(data: bytes, reason: str) -> None:
    with pytest.raises(DecodeError, match=reason):
        decode_bytes(data)


def test_crlf_is_normalised() -> None:
    assert decode_bytes(b"one line\r\nnext line\r\n") == "one line\nnext line\n"


# ----------------------------------------------------------------------------- formats


def test_folder_is_read_recursively_in_stable_order_skipping_hidden_and_unknown(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text(STORY)
    (tmp_path / "1.txt").write_text(STORY.upper())
    (tmp_path / ".hidden.txt").write_text("secret")
    (tmp_path / "notes.md").write_text("# not an article")
    good, bad = docs([tmp_path])
    assert [Path(d.source).name for d in good] == ["1.txt", "2.txt"]
    assert bad == []


def test_missing_and_unsupported_paths_are_errors(tmp_path: Path) -> None:
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.4")
    good, bad = docs([tmp_path / "nope", tmp_path / "x.pdf"])
    assert good == []
    assert [e.message for e in bad] == ["no such file or folder", bad[1].message]
    assert "unsupported file type" in bad[1].message


def test_broken_text_files_are_reported_and_others_kept(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    good, bad = docs([tmp_path])
    assert len(good) == 1 and good[0].text == STORY
    assert sorted(Path(e.source).name for e in bad) == ["empty.txt", "image.txt"]
    assert all(e.stage == "ingest" for e in bad)


def test_html_page_gives_main_text_title_and_date(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(PAGE)
    (good,), bad = docs([tmp_path / "page.html"])
    assert bad == []
    assert "blocked three motorways" in good.text
    assert "willing to talk" in good.text
    assert "tracking" not in good.text
    assert good.title and "Growers block motorways" in good.title
    assert good.published and good.published.startswith("2024-03-04")
    assert good.fmt == "html"


def test_jsonl_text_html_and_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": STORY, "url": "https://example.org/a", "title": "Blockade", "published": "2024-03-04"}),
        "{not json",
        json.dumps({"html": PAGE, "url": "https://example.org/b"}),
        json.dumps({"title": "no body"}),
        json.dumps(["a", "list"]),
        "",
    ]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines))
    good, bad = docs([tmp_path / "feed.jsonl"])
    assert [d.source for d in good] == ["https://example.org/a", "https://example.org/b"]
    assert good[0].title == "Blockade" and good[0].published == "2024-03-04"
    assert "willing to talk" in good[1].text
    assert [e.source.rsplit(":", 1)[1] for e in bad] == ["2", "4", "5"]


def _warc(pages: list[tuple[str, str]], gz: bool) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for url, html in pages:
        body = html.encode("utf-8")
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        rec = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http,
                                        warc_headers_dict={"WARC-Date": "2024-05-06T10:00:00Z"})
        writer.write_record(rec)
    return buf.getvalue()


@pytest.mark.parametrize("gz", [False, True])
def test_warc_response_records_become_articles(tmp_path: Path, gz: bool) -> None:
    name = "crawl.warc.gz" if gz else "crawl.warc"
    (tmp_path / name).write_bytes(_warc([("https://news.example/a", PAGE), ("https://news.example/b", PAGE)], gz))
    good, bad = docs([tmp_path / name])
    assert bad == []
    assert [d.source for d in good] == ["https://news.example/a", "https://news.example/b"]
    assert all("blocked three motorways" in d.text for d in good)
    assert good[0].fmt == "html"


@pytest.mark.parametrize("gz", [False, True])
@pytest.mark.parametrize("cut", [40, 300, -10])
def test_truncated_warc_keeps_earlier_records_and_reports_the_rest(tmp_path: Path, gz: bool, cut: int) -> None:
    data = _warc([("https://news.example/a", PAGE), ("https://news.example/b", PAGE)], gz=gz)
    first_len = len(_warc([("https://news.example/a", PAGE)], gz=gz))
    name = "cut.warc.gz" if gz else "cut.warc"
    (tmp_path / name).write_bytes(data[: first_len + cut] if cut > 0 else data[:cut])
    good, bad = docs([tmp_path / name])
    assert [d.source for d in good] == ["https://news.example/a"]
    assert len(bad) == 1 and "WARC" in bad[0].message


def test_garbage_warc_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "junk.warc").write_bytes(b"this is not a web archive at all\n" * 5)
    good, bad = docs([tmp_path / "junk.warc"])
    assert good == [] and len(bad) == 1


def test_gzip_of_nothing_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty.warc.gz").write_bytes(gzip.compress(b""))
    good, bad = docs([tmp_path / "empty.warc.gz"])
    assert good == [] and len(bad) == 1
