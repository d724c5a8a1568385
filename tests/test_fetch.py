"""Fetching URLs: every case against a real HTTP server on 127.0.0.1, one line per bad source."""

from __future__ import annotations

import hashlib
import re
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kg.cli.maint import add as add_cmd
from kg.corpus import read_article
from kg.fetch import USER_AGENT, Fetcher, FetchError, FetchPolicy
from kg.sources import ADDED, REFUSED, THERE, add_sources, expand
from tests._http import Site, html_page, serve

FAST = FetchPolicy(
    connect_timeout=2,
    read_timeout=0.5,
    max_bytes=200_000,
    backoff=0.01,
    max_wait=5,
    allow_private=True,  # the test site is on 127.0.0.1
)
STORY = (
    "Ghana and Estonia signed a memorandum of understanding on cyber security in Accra on "
    "Tuesday. The two governments agreed to exchange information on threats, to train "
    "incident responders together and to hold a joint exercise every year."
)
OTHER = (
    "Chile and Japan agreed a new partnership on the protection of critical infrastructure. "
    "Their national response teams will share alerts about attacks on power grids and ports, "
    "and experts from both countries will meet twice a year to review the work."
)
THIRD = (
    "The Pacific islands opened a regional centre for incident response with support from "
    "New Zealand. The centre will train officials from twelve island states and run an annual "
    "exercise, and it will share warnings about scams aimed at small businesses."
)


def front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def make_site() -> Site:
    site = Site()
    site.route(
        "/robots.txt", 200, b"User-agent: *\nDisallow: /private/\n", Content_Type="text/plain"
    )
    site.route(
        "/news/ghana",
        200,
        html_page("Ghana and Estonia sign MoU", STORY),
        Content_Type="text/html; charset=utf-8",
    )
    same = html_page("Ghana and Estonia sign MoU", STORY)
    site.route("/news/ghana-copy", 200, same, Content_Type="text/html")
    site.route("/old/chile", 301, Location="/news/chile")
    site.route("/news/chile", 200, html_page("Chile and Japan", OTHER), Content_Type="text/html")
    site.route("/loop", 302, Location="/loop")
    site.route("/private/secret", 200, html_page("Secret", THIRD), Content_Type="text/html")
    site.route("/image.png", 200, b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, Content_Type="image/png")
    site.route("/slow", 200, html_page("Slow", THIRD), Content_Type="text/html", X_Test_Delay="2")
    site.route("/huge", 200, [b"<html><body>" + b"x" * 50_000] * 20, Content_Type="text/html")
    site.route("/declared-huge", 200, b"", Content_Type="text/html", Content_Length="900000000")
    site.route("/plain", 200, THIRD.encode("latin-1"), Content_Type="text/plain; charset=latin-1")

    def busy(n: int):
        if n == 1:
            return 429, {"Retry-After": "1", "Content-Type": "text/plain"}, b"slow down"
        return 200, {"Content-Type": "text/html"}, html_page("Pacific centre", THIRD)

    def flaky(n: int):
        if n <= 2:
            return 503, {"Content-Type": "text/plain"}, b"try later"
        return 200, {"Content-Type": "text/html"}, html_page("Flaky", OTHER + " " + THIRD)

    site.routes["/busy"] = busy
    site.routes["/flaky"] = flaky
    site.route("/down", 500, b"broken", Content_Type="text/plain")
    return site


@pytest.fixture
def site():
    with serve(make_site()) as s:
        yield s


@pytest.fixture
def waits() -> list[float]:
    return []


@pytest.fixture
def fetcher(waits):
    with Fetcher(policy=FAST, sleep=waits.append) as f:
        yield f


def test_200_gives_the_bytes_their_hash_and_the_fetch_time(site, fetcher):
    got = fetcher.fetch(site.url("/news/ghana"))
    assert got.content == html_page("Ghana and Estonia sign MoU", STORY)
    assert got.sha256 == hashlib.sha256(got.content).hexdigest()
    assert got.suffix == ".html"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", got.fetched_at)
    assert site.agents[-1] == USER_AGENT
    assert site.hits["/robots.txt"] == 1


def test_redirect_is_followed_and_a_loop_is_cut(site, fetcher):
    got = fetcher.fetch(site.url("/old/chile"))
    assert got.final_url == site.url("/news/chile")
    assert got.front_matter()["fetched_from"] == site.url("/old/chile")
    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetcher.fetch(site.url("/loop"))
    assert site.hits["/loop"] == 6


def test_404_is_refused_at_once(site, fetcher, waits):
    with pytest.raises(FetchError, match=r"/missing: HTTP 404 Not Found$"):
        fetcher.fetch(site.url("/missing"))
    assert site.hits["/missing"] == 1 and waits == []


def test_429_then_200_waits_as_retry_after_says(site, fetcher, waits):
    got = fetcher.fetch(site.url("/busy"))
    assert b"Pacific" in got.content
    assert waits == [1.0]
    assert site.hits["/busy"] == 2


def test_5xx_is_retried_with_backoff_then_given_up(site, fetcher, waits):
    assert b"Flaky" in fetcher.fetch(site.url("/flaky")).content
    assert waits == [0.01, 0.02]
    waits.clear()
    with pytest.raises(FetchError, match=r"HTTP 500 Internal Server Error \(gave up after 4"):
        fetcher.fetch(site.url("/down"))
    assert waits == [0.01, 0.02, 0.04]


def test_retry_after_is_capped(site, waits):
    site.route("/very-busy", 429, b"", Retry_After="86400")
    policy = FetchPolicy(retries=1, max_wait=2.5, read_timeout=2, allow_private=True)
    with Fetcher(policy=policy, sleep=waits.append) as f, pytest.raises(FetchError, match="429"):
        f.fetch(site.url("/very-busy"))
    assert waits == [2.5]


def test_a_slow_response_times_out(site, fetcher):
    start = time.monotonic()
    with pytest.raises(FetchError, match=r"no data for 0.5 s \(read timeout\)"):
        fetcher.fetch(site.url("/slow"))
    assert time.monotonic() - start < 1.9


def test_an_oversized_body_is_cut_off_while_streaming(site, fetcher):
    with pytest.raises(
        FetchError, match=r"too large \(more than 2\d\d,\d\d\d bytes; the limit is 200,000\)"
    ):
        fetcher.fetch(site.url("/huge"))
    with pytest.raises(FetchError, match=r"too large \(900,000,000 bytes"):
        fetcher.fetch(site.url("/declared-huge"))


def test_only_html_text_and_pdf(site, fetcher):
    with pytest.raises(FetchError, match="content type image/png is not HTML, plain text or PDF"):
        fetcher.fetch(site.url("/image.png"))
    plain = fetcher.fetch(site.url("/plain"))  # latin-1 text arrives as UTF-8
    assert plain.content == THIRD.encode("utf-8")


def test_robots_txt_is_respected(site, fetcher):
    with pytest.raises(FetchError, match="robots.txt of http://127.0.0.1:\\d+ disallows"):
        fetcher.fetch(site.url("/private/secret"))
    assert site.hits["/private/secret"] == 0


def test_unreachable_robots_txt_keeps_the_fetcher_out(site, fetcher):
    site.route("/robots.txt", 503, b"down")
    with pytest.raises(FetchError, match="robots.txt of .* cannot be read"):
        fetcher.fetch(site.url("/news/ghana"))
    assert site.hits["/news/ghana"] == 0


def test_not_http_is_refused(fetcher):
    with pytest.raises(FetchError, match="not an http:// or https:// address"):
        fetcher.fetch("file:///etc/passwd")


# ---------------------------------------------------------------- through kg add
def test_every_case_one_outcome_and_the_rest_added(site, fetcher, tmp_path):
    corpus = tmp_path / "corpus"
    urls = [
        "/news/ghana",
        "/old/chile",
        "/missing",
        "/busy",
        "/slow",
        "/huge",
        "/image.png",
        "/news/ghana-copy",
        "/news/ghana",
        "/private/secret",
    ]
    sources = expand([site.url(u) for u in urls])
    outcomes = add_sources(sources, corpus, fetcher=fetcher)
    got = [(o.source.removeprefix(site.base), o.status) for o in outcomes]
    assert got == [
        ("/news/ghana", ADDED),
        ("/old/chile", ADDED),
        ("/missing", REFUSED),
        ("/busy", ADDED),
        ("/slow", REFUSED),
        ("/huge", REFUSED),
        ("/image.png", REFUSED),
        ("/news/ghana-copy", THERE),
        ("/news/ghana", THERE),
        ("/private/secret", REFUSED),
    ]
    assert outcomes[7].detail.endswith("(same text)")
    assert outcomes[8].detail.endswith("(same url)")
    assert site.hits["/news/ghana"] == 1  # a known URL is not fetched again
    files = sorted(corpus.iterdir())
    assert len(files) == 3
    ghana = outcomes[0].path
    meta = front(ghana)
    assert meta["url"] == site.url("/news/ghana")
    assert meta["title"] == "Ghana and Estonia sign MoU"
    body = html_page("Ghana and Estonia sign MoU", STORY)
    assert meta["fetched_sha256"] == hashlib.sha256(body).hexdigest()
    assert "fetched_at" in meta
    assert "exchange information on threats" in read_article(ghana).text
    assert "Privacy policy" not in read_article(ghana).text
    chile = front(outcomes[1].path)
    assert chile["url"] == site.url("/news/chile")
    assert chile["fetched_from"] == site.url("/old/chile")


def test_cli_mixed_sources_end_with_one_summary_table(site, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")
    monkeypatch.setenv("CYBERKG_FETCH_PRIVATE", "1")  # the test site is on 127.0.0.1
    saved = tmp_path / "saved"
    saved.mkdir()
    (saved / "a.txt").write_text(OTHER + " Officials from both sides welcomed it.\n", "utf-8")
    (saved / "b.html").write_text("<html><body><nav>menu</nav></body></html>", "utf-8")
    listing = tmp_path / "links.csv"
    listing.write_text(
        "url,title,published,publisher\n"
        f"{site.url('/news/ghana')},Ghana and Estonia,2024-03-05,Example Wire\n"
        "not a url,,,\n"
        f"{site.url('/image.png')},,,\n",
        "utf-8",
    )
    corpus = tmp_path / "corpus"
    result = CliRunner().invoke(
        add_cmd,
        [str(saved), site.url("/busy"), str(tmp_path / "nowhere.md"), "--from", str(listing)],
        env={"CYBERKG_CORPUS": str(corpus)},
    )
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert lines[0].rstrip() == "3 added, 0 already there, 4 refused"
    rows = [line for line in lines if "│" in line and "why not" not in line]
    assert len(rows) == 7
    assert [r.split("│")[2].strip() for r in rows] == [
        "added",
        "refused",
        "added",
        "refused",
        "added",
        "refused",
        "refused",
    ]
    assert "no article text in the HTML page" in rows[1]
    assert "no such file or folder" in rows[3]
    assert "not an http:// or https://" in rows[5]
    assert "content type image/png" in rows[6]
    ghana = next(p for p in corpus.iterdir() if front(p).get("publisher") == "Example Wire")
    assert front(ghana)["published"] == "2024-03-05"
    assert front(ghana)["title"] == "Ghana and Estonia"


def test_private_and_local_addresses_are_refused_by_default(site, monkeypatch):
    """A URL in a list must not make kg reach the machine's own network."""
    monkeypatch.delenv("CYBERKG_FETCH_PRIVATE", raising=False)
    with Fetcher(sleep=lambda _s: None) as f:
        for url in (site.url("/news/ghana"), "http://localhost:9/x", "http://10.1.2.3/x"):
            with pytest.raises(FetchError, match="private or local address"):
                f.fetch(url)
    assert site.hits["/news/ghana"] == 0 and site.hits["/robots.txt"] == 0


def test_a_redirect_into_the_local_network_is_refused(site):
    site.route("/hop", 302, Location="http://127.0.0.1:9/admin")
    policy = FetchPolicy(allow_private=True)
    with Fetcher(policy=policy, sleep=lambda _s: None) as f:
        f._check_address("x", site.url("/hop"))  # allowed: the policy says so
    strict = Fetcher(policy=FetchPolicy(allow_private=False), sleep=lambda _s: None)
    with strict, pytest.raises(FetchError, match=r"127\.0\.0\.1"):
        strict._check_address("http://example.org/", "http://127.0.0.1:9/admin")
