"""`dossier report`: Markdown and one self-contained HTML file, on a hand-made store."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dossier.cli.main import cli
from dossier.output.report import md_escape, number, render_report
from dossier.store import Store
from tests import sample_dossier


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "dossier.sqlite"
    sample_dossier.build(path)
    return path


@pytest.fixture(scope="module")
def reports(db: Path) -> dict[str, str]:
    with Store(db) as store:
        return {fmt: render_report(store, fmt) for fmt in ("md", "html")}


class Tags(HTMLParser):
    """Every start tag with its attributes, to check what the HTML file would load or run."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, Any]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _section(md: str, heading: str) -> str:
    start = md.index(f"## {heading}\n")
    nxt = md.find("\n## ", start + 1)
    return md[start: nxt if nxt > 0 else len(md)]


def test_markdown_has_every_section_in_order(reports: dict[str, str]) -> None:
    md = reports["md"]
    headings = re.findall(r"^## (.+)$", md, re.M)
    assert headings == ["Summary", "Key people", "Main quotes by speaker", "Timeline of events", "The numbers",
                        "Proposals and who stands where", "Where the sources disagree", "Sources"]
    assert "3 articles published between 2025-03-03 and 2025-03-05" in md


def test_markdown_people_quotes_and_citations(reports: dict[str, str]) -> None:
    md = reports["md"]
    people = _section(md, "Key people")
    assert people.index("Maria Okafor") < people.index("Henrik Valdes")  # most mentioned first
    assert "| **Henrik Valdes** | Transport Minister | Norland | 3 | 0 |" in people
    quotes = _section(md, "Main quotes by speaker")
    assert "### Maria Okafor (3 quotes)" in quotes
    # direct quotes come first, each cites its article by its number in the source list
    assert quotes.index("single ship") < quotes.index("an insult")
    assert "“We will not unload a single ship until the offer is fair” (direct, said) \\[1\\]" in quotes
    assert "1 more quote without a named speaker" in quotes
    sources = _section(md, "Sources")
    assert "1. **Dock strike enters second week**" in sources and "3. **(untitled)**" in sources
    assert "*boilerplate*: Subscribe to our newsletter \\<now\\>" in sources


def test_markdown_events_in_date_order_undated_last(reports: dict[str, str]) -> None:
    rows = [r for r in _section(reports["md"], "Timeline of events").splitlines() if r.startswith("| 20")
            or r.startswith("| undated")]
    assert [r.split(" | ")[1] for r in rows] == ["PROTEST", "CONSULT", "REJECT", "THREATEN (if)"]
    assert rows[-1].startswith("| undated")


def test_markdown_stance_matrix_and_contradictions(reports: dict[str, str]) -> None:
    props = _section(reports["md"], "Proposals and who stands where")
    assert "| party | 7% pay rise |" in props
    assert "| Maria Okafor | rejects |" in props and "| Harbour Authority | supports |" in props
    contra = _section(reports["md"], "Where the sources disagree")
    assert "“About 4,000 workers” \\[1\\]" in contra and "“Some 3,500 workers” \\[2\\]" in contra


def test_markdown_escapes_markup_and_syntax(reports: dict[str, str]) -> None:
    md = reports["md"]
    assert not re.search(r"(?<!\\)<(img|script|b)\b", md)  # no raw tag reaches the Markdown
    assert "\\<img src=x onerror=alert(1)\\>" in md
    assert md_escape("a | b *c* [d](e) <f>\nnext") == "a \\| b \\*c\\* \\[d\\](e) \\<f\\> next"


def test_numbers_read_as_written(reports: dict[str, str]) -> None:
    numbers = _section(reports["md"], "The numbers")
    assert "| About 4,000 workers | ≈ 4,000 | worker | \\[1\\] |" in numbers
    assert "| 3 to 5 days | 3 – 5 | day | \\[1\\] |" in numbers
    assert number(2.5) == "2.5" and number(12000.0) == "12,000" and number("n/a") == "n/a"


def test_html_is_one_file_with_nothing_to_fetch_or_run(reports: dict[str, str]) -> None:
    html = reports["html"]
    parsed = Tags()
    parsed.feed(html)
    tags = [t for t, _ in parsed.tags]
    assert "script" not in tags and "img" not in tags and "link" not in tags and "iframe" not in tags
    assert tags.count("style") == 1
    assert not re.search(r"https?://", html)
    hrefs = [a["href"] for t, a in parsed.tags if t == "a"]
    ids = {a["id"] for _, a in parsed.tags if "id" in a}
    assert hrefs and all(h.startswith("#") and h[1:] in ids for h in hrefs)  # every link resolves inside
    text = "".join(parsed.text)
    assert "Someone wrote <img src=x onerror=alert(1)> into our page" in text  # shown, as text


def test_html_has_the_same_content(reports: dict[str, str]) -> None:
    parsed = Tags()
    parsed.feed(reports["html"])
    text = " ".join("".join(parsed.text).split())
    for expected in ("Maria Okafor", "general secretary of the Dockworkers' Union", "Transport Minister",
                     "We will not unload a single ship until the offer is fair", "Okafor rejected the offer",
                     "7% pay rise", "About 4,000 workers", "Dock strike enters second week",
                     "Subscribe to our newsletter <now>"):
        assert expected in text, expected
    assert 'id="src-3"' in reports["html"] and 'href="#src-3"' in reports["html"]


def test_empty_store_reports_nothing_found(tmp_path: Path) -> None:
    with Store(tmp_path / "empty.sqlite") as store:
        md = render_report(store, "md")
        html = render_report(store, "html")
    assert "No people were found." in md and "No events were found." in md
    assert "0 articles." in md and "No proposals were found." in html
    with Store(tmp_path / "empty.sqlite") as store, pytest.raises(ValueError):
        render_report(store, "pdf")


def test_cli_report_writes_file_and_fails_without_store(db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "r.html"
    res = runner.invoke(cli, ["report", "--db", str(db), "--format", "html", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")
    res = runner.invoke(cli, ["report", "--db", str(db), "--format", "md"])
    assert res.exit_code == 0 and res.output.startswith("# Dossier report")
    assert runner.invoke(cli, ["report", "--db", str(tmp_path / "none.sqlite"), "--format", "md"]).exit_code == 1
    assert runner.invoke(cli, ["report", "--db", str(db), "--format", "pdf"]).exit_code == 2
