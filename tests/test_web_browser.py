"""The web app in real headless Chromium (Debian's ``chromium``, driven by Playwright).

Every page loads with no console error (the strict Content-Security-Policy turns any inline
script or outside asset into one), a person leads to a quote and the quote to its article with
the passage highlighted and on screen, and an article holding a script tag shows it as text.
Screenshots go to tests/artifacts/ for a person to look at.

Skipped, with the reason, only where Chromium or the Playwright package is not installed.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests import sample_dossier

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
ARTIFACTS = Path(__file__).parent / "artifacts"
# Flags for a closed network: no background fetches, no sandbox (CI runs as root), no GPU.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

if CHROMIUM is None:
    pytest.skip("Chromium is not installed (apt-get install chromium): browser tests skipped",
                allow_module_level=True)
playwright_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")

PAGES = {
    "summary": "/",
    "entities": "/entities",
    "entity": "/entity/e-okafor",
    "quotes": "/quotes",
    "quotes_filtered": "/quotes?speaker=Okafor&kind=direct",
    "events": "/events",
    "events_filtered": "/events?type=CONSULT&actor=Valdes",
    "timeline": "/timeline",
    "numbers": "/numbers",
    "proposals": "/proposals",
    "contradictions": "/contradictions",
    "network": "/network",
    "map": "/map",
    "sources": "/docs",
    "document": "/doc/d-003",
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app under uvicorn on a free loopback port, in a thread of this process."""
    import uvicorn

    from dossier.web.app import create_app

    db = tmp_path_factory.mktemp("web") / "dossier.sqlite"
    sample_dossier.build(db)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(db), log_level="warning"))
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page that records console errors, uncaught exceptions and dialogs."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    pg.problems = []  # type: ignore[attr-defined]
    pg.on("console", lambda m: m.type == "error" and pg.problems.append(f"console: {m.text}"))
    pg.on("pageerror", lambda e: pg.problems.append(f"page error: {e}"))
    pg.on("dialog", lambda d: (pg.problems.append(f"dialog opened: {d.message}"), d.dismiss()))
    yield pg
    ctx.close()


def _shot(pg: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("name", list(PAGES))
def test_page_renders_without_console_errors(server: str, page: Any, name: str) -> None:
    resp = page.goto(server + PAGES[name], wait_until="load")
    assert resp is not None and resp.status == 200
    assert page.locator("h1").count() == 1
    assert page.locator("header nav a").count() >= 10
    page.wait_for_timeout(100)  # let late console messages arrive
    _shot(page, name)
    assert page.problems == []


def test_people_are_listed_with_their_quotes(server: str, page: Any) -> None:
    page.goto(server + "/entities?type=PERSON")
    names = page.locator("table.grid tbody td:first-child a").all_inner_texts()
    assert names == ["Maria Okafor", "Henrik Valdes"]  # both people, most mentioned first
    page.goto(server + "/quotes?speaker=Maria+Okafor")
    quotes = page.locator("li.quote blockquote").all_inner_texts()
    assert len(quotes) == 3 and any("unload a single ship" in q for q in quotes)


def test_click_from_person_to_quote_to_highlighted_source(server: str, page: Any) -> None:
    page.goto(server + "/")
    page.get_by_role("link", name="Maria Okafor").first.click()
    page.wait_for_url("**/entity/e-okafor")
    assert "general secretary of the Dockworkers' Union" in page.locator("dl.facts").inner_text()
    quote = page.locator("ul.quotes li.quote").filter(has_text="single ship")
    expected = quote.locator("blockquote").inner_text().strip("\u201c\u201d")
    quote.locator("a.src").click()
    page.wait_for_url("**/doc/d-001?start=*")
    mark = page.locator("article.article mark#hl")
    assert mark.inner_text() == expected
    page.wait_for_timeout(150)
    box = mark.bounding_box()
    assert box is not None and 0 <= box["y"] <= page.viewport_size["height"]  # scrolled into view
    _shot(page, "click_through_highlight")
    assert page.problems == []


def test_event_source_link_highlights_the_reporting_clause(server: str, page: Any) -> None:
    page.goto(server + "/events?type=REJECT")
    page.locator("table.events a.src").first.click()
    assert page.locator("mark#hl").inner_text() == "Okafor rejected the offer"


def test_script_in_article_is_shown_as_text_not_run(server: str, page: Any) -> None:
    page.goto(server + "/doc/d-003")
    text = page.locator("article.article").inner_text()
    assert "<script>alert('pwned')</script>" in text
    assert "<img src=x onerror=alert(1)>" in text
    assert page.locator("article.article script, article.article img, article.article b").count() == 0
    page.goto(server + "/quotes?q=onerror")
    assert "<img src=x onerror=alert(1)>" in page.locator("li.quote blockquote").inner_text()
    assert page.locator("li.quote img").count() == 0
    page.wait_for_timeout(100)
    assert page.problems == []  # no alert() dialog ran


def test_network_and_map_draw_their_data(server: str, page: Any) -> None:
    page.goto(server + "/network")
    assert page.locator("svg.network .node").count() == 3  # Valdes, Okafor, the union
    assert page.locator("svg.network path.edge").count() == 3
    page.goto(server + "/map")
    labels = page.locator("svg.map .place text").all_text_contents()
    assert sorted(labels) == ["North Quay", "Port Alder"]
