"""A query's --view page in Debian's chromium: it draws under the site's CSP, runs no article text.

Skipped when chromium or Playwright is missing (scripts/install-browser installs both).
"""

from __future__ import annotations

from pathlib import Path

from kg.queries import render_result_view
from tests._browser import launched

HOSTILE = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>'


def test_view_draws_under_csp_and_never_runs_a_name(tmp_path: Path) -> None:
    nodes = [
        {"element_id": "1", "labels": ["Organisation"], "properties": {"name": HOSTILE}},
        {"element_id": "2", "labels": ["Organisation"], "properties": {"name": "Kenya"}},
    ]
    rels = [
        {
            "element_id": "r",
            "type": "COOPERATES_WITH",
            "start": "1",
            "end": "2",
            "properties": {"quote": HOSTILE},
        }
    ]
    page_path = render_result_view(nodes, rels, tmp_path / "view.html", title="t", build=HOSTILE)
    errors: list[str] = []
    with launched() as browser:
        page = browser.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(page_path.as_uri())
        page.wait_for_selector("#graph canvas", timeout=20_000)
        assert page.evaluate("window.pwned") is None
        assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert errors == []
