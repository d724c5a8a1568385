"""Shared by the views' browser tests: Debian chromium through Playwright, and a watched page.

Install both with scripts/install-browser; the modules that import this skip
when either is missing. No tool downloads a browser of its own.
"""

from __future__ import annotations

import base64
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from kg.settings import PROJECT_ROOT

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = PROJECT_ROOT / "out" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SETTLE_MS = 60_000


@contextmanager
def launched() -> Iterator:
    """Debian's chromium, headless, through Playwright; the test skips when either is missing."""
    if not CHROMIUM.exists():
        pytest.skip(f"Debian chromium is not installed at {CHROMIUM}: run scripts/install-browser")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="Playwright is not installed: run scripts/install-browser"
    )
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def offline_context(browser, **options):
    """A browser context that may load file:// and data: only: the pages must work offline."""
    context = browser.new_context(**options)

    def only_files(route) -> None:
        if route.request.url.startswith(("file://", "data:")):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", only_files)
    return context


class Watched:
    """A page with what it logged and requested."""

    def __init__(self, page) -> None:
        self.page = page
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: self.requests.append(r.url))

    def open(self, path: Path | str, hash_: str = "") -> None:
        url = path if isinstance(path, str) else path.as_uri() + hash_
        self.page.goto(url)
        self.page.wait_for_selector("html[data-settled=true]", state="attached", timeout=SETTLE_MS)

    def xss(self) -> str:
        return self.page.evaluate("typeof window.__xss")

    def node_point(self, node_id: str) -> tuple[float, float]:
        return self.page.evaluate(
            """(id) => {
              const n = window.cyberkgView.network, p = n.canvasToDOM(n.getPosition(id));
              const r = document.getElementById('network').getBoundingClientRect();
              return [p.x + r.left, p.y + r.top];
            }""",
            node_id,
        )

    def click_node(self, node_id: str) -> None:
        self.page.mouse.click(*self.node_point(node_id))

    def edge_point(self, key: str) -> tuple[float, float]:
        """Where the middle of an edge is on the page."""
        return self.page.evaluate(
            """(key) => {
              const n = window.cyberkgView.network, e = n.body.edges[key];
              const a = n.getPosition(e.fromId), b = n.getPosition(e.toId);
              const p = n.canvasToDOM({x: (a.x + b.x) / 2, y: (a.y + b.y) / 2});
              const r = document.getElementById('network').getBoundingClientRect();
              return [p.x + r.left, p.y + r.top];
            }""",
            key,
        )

    def click_edge(self, key: str) -> None:
        self.page.mouse.click(*self.edge_point(key))

    def drawn(self) -> set[str]:
        return set(self.page.evaluate("window.cyberkgView.network.body.nodeIndices"))

    def wait_still(self) -> None:
        """Let a zoom animation end (they last 450 ms)."""
        self.page.wait_for_timeout(700)

    def labels(self) -> list[dict]:
        return self.page.evaluate("window.cyberkgView.labelBoxes()")

    def visible(self) -> set[str]:
        return set(self.page.evaluate("window.cyberkgView.visibleNodeIds()"))

    def state(self) -> dict:
        return self.page.evaluate("window.cyberkgView.state()")


def overlap_ratio(a: dict, b: dict) -> float:
    """Shared area of two boxes over the smaller box's area."""
    w = min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"])
    h = min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"])
    if w <= 0 or h <= 0:
        return 0.0
    return (w * h) / min(a["w"] * a["h"], b["w"] * b["h"])


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG; raises ValueError when it is not one."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    return struct.unpack(">II", data[16:24])


def data_url(data: bytes, mime: str) -> str:
    return f"data:{mime};base64," + base64.b64encode(data).decode("ascii")


def axe_serious(page) -> list[str]:
    """axe-core's serious and critical violations on the page (axe-playwright-python bundles it)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]
