"""A query's --view page in Debian's chromium: it draws under the site's CSP, runs no article text.

Skipped when chromium or Playwright is missing (scripts/install-browser installs both).
"""

from __future__ import annotations

from pathlib import Path

from tests._browser import launched
from tests.test_queries_cli import hostile_view

HOSTILE = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>'


def test_view_draws_under_csp_and_never_runs_a_name(tmp_path: Path) -> None:
    page_path = hostile_view(tmp_path, HOSTILE)
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
