"""`kg feeds update`: new, relevant feed items become articles, once, through the `kg add` path."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kg.cli.feeds import feeds as feeds_cmd
from kg.feeds import Feed, FeedsError, keeper, read_feeds, topic_cues, update_feeds
from kg.fetch import Fetcher, FetchPolicy
from kg.sources import ADDED, REFUSED, THERE
from tests._http import Site, html_page, serve
from tests.test_fetch import OTHER, STORY, THIRD

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "feeds"
FAST = FetchPolicy(read_timeout=2, backoff=0.01, retries=1, allow_private=True)


def make_site() -> Site:
    site = Site()
    site.route("/robots.txt", 404)
    site.route("/news/ghana", 200, html_page("Ghana and Estonia", STORY), Content_Type="text/html")
    site.route(
        "/news/ghana-again", 200, html_page("Ghana and Estonia", STORY), Content_Type="text/html"
    )
    site.route("/news/chile", 200, html_page("Chile and Japan", OTHER), Content_Type="text/html")
    site.route("/news/drill", 200, html_page("Island drill", THIRD), Content_Type="text/html")
    site.route(
        "/news/stadium", 200, html_page("Stadium", OTHER + " " + THIRD), Content_Type="text/html"
    )
    site.route("/not-a-feed", 200, html_page("Home", STORY), Content_Type="text/html")
    return site


def serve_feed(site: Site, path: str, name: str, ctype: str, extra: str = "") -> None:
    text = (FIXTURES / name).read_text(encoding="utf-8").replace("{base}", site.base)
    text = text.replace("  </channel>", extra + "  </channel>")
    site.route(path, 200, text.encode(), Content_Type=ctype)


@pytest.fixture
def site():
    with serve(make_site()) as s:
        serve_feed(s, "/feeds/agency.rss", "agency.rss", "application/rss+xml")
        serve_feed(s, "/feeds/news.atom", "news.atom", "application/atom+xml")
        yield s


def feeds_file(site: Site, tmp_path: Path) -> Path:
    path = tmp_path / "feeds.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "feeds": [
                    {"url": site.url("/feeds/agency.rss"), "name": "agency"},
                    {
                        "url": site.url("/feeds/news.atom"),
                        "name": "wire",
                        "publisher": "Example Wire",
                        "keywords": ["drill", "MoU"],
                    },
                    {"url": site.url("/not-a-feed"), "name": "not a feed"},
                ]
            }
        ),
        encoding="utf-8",
    )
    return path


def run_update(site, tmp_path):
    with Fetcher(policy=FAST, sleep=lambda _s: None) as fetcher:
        return update_feeds(
            read_feeds(feeds_file(site, tmp_path)),
            tmp_path / "corpus",
            tmp_path / "var" / "feeds" / "state.json",
            fetcher=fetcher,
        )


def statuses(report) -> list[tuple[str, str]]:
    return [(o.source.rsplit("/", 1)[-1], o.status) for o in report.outcomes]


def test_default_filter_cues_come_from_the_ontology():
    cyber, coop = topic_cues()
    assert "cybersecurity" in cyber and "ransomware" in cyber
    assert "memorandum of understanding" in coop and "cooperation" in coop
    keep = keeper(Feed("https://example.org/feed"))
    assert keep("Kenya and Romania sign cyber security MoU")
    assert keep("Police forces cooperate against ransomware gangs")
    assert not keep("Ransomware hits a hospital")  # cyber, but no cooperation
    assert not keep("Two countries sign a trade agreement")  # cooperation, but not cyber
    assert keeper(Feed("u", keywords=()))("anything at all")
    assert keeper(Feed("u", keywords=("drill",)))("A regional DRILLS week")


def test_update_adds_new_relevant_items_once_and_remembers(site, tmp_path):
    agency, wire, bad = run_update(site, tmp_path)
    assert (agency.items, agency.seen, agency.filtered) == (5, 0, 1)
    assert statuses(agency) == [
        ("ghana", ADDED),
        ("chile", ADDED),
        ("ghana-again", THERE),  # same text as another URL
        ("gone", REFUSED),
    ]
    assert agency.outcomes[2].detail.endswith("(same text)")
    assert agency.outcomes[3].detail == "HTTP 404 Not Found"
    assert (wire.items, wire.filtered) == (3, 1)
    assert statuses(wire) == [("ghana", THERE), ("drill", ADDED)]  # same URL as agency's
    assert wire.outcomes[0].detail.endswith("(same url)")
    assert bad.error == "content type text/html is not an RSS or Atom feed"
    assert site.hits["/news/stadium"] == 0 and site.hits["/news/ghana"] == 1
    corpus = sorted((tmp_path / "corpus").iterdir())
    assert len(corpus) == 3
    metas = {
        m["title"]: m
        for m in (yaml.safe_load(p.read_text("utf-8").split("---\n")[1]) for p in corpus)
    }
    ghana = metas["Ghana and Estonia sign a cyber security MoU"]
    assert ghana["published"] == "2024-03-05"
    assert ghana["publisher"] == "Example Agency Newsroom"
    assert metas["Island states hold their first regional drill"]["publisher"] == "Example Wire"

    # the next update fetches nothing it has seen; the failed item is tried again
    hits = dict(site.hits)
    agency, wire, _bad = run_update(site, tmp_path)
    assert (agency.seen, agency.filtered, statuses(agency)) == (4, 0, [("gone", REFUSED)])
    assert (wire.seen, wire.outcomes) == (3, [])
    for path in ("/news/ghana", "/news/chile", "/news/drill", "/news/ghana-again"):
        assert site.hits[path] == hits[path]
    assert site.hits["/news/gone"] == hits["/news/gone"] + 1

    # a new item is added; the failing one is given up after its third failure
    new_item = (
        f"<item><title>Kenya joins a cyber capacity partnership</title>"
        f"<link>{site.base}/news/kenya</link><guid>agency-6</guid></item>\n"
    )
    site.route(
        "/news/kenya", 200, html_page("Kenya", THIRD + " " + STORY), Content_Type="text/html"
    )
    serve_feed(site, "/feeds/agency.rss", "agency.rss", "application/rss+xml", new_item)
    agency, _wire, _bad = run_update(site, tmp_path)
    assert statuses(agency) == [("gone", REFUSED), ("kenya", ADDED)]
    agency, _wire, _bad = run_update(site, tmp_path)
    assert (agency.items, agency.seen, agency.outcomes) == (6, 6, [])


def test_an_unchanged_feed_is_not_read_again(tmp_path):
    """The second update sends the ETag back; a 304 costs no body and no item is looked at."""
    with serve(make_site()) as site:
        text = (FIXTURES / "news.atom").read_text(encoding="utf-8").replace("{base}", site.base)
        site.route(
            "/feeds/news.atom", 200, text.encode(), Content_Type="application/atom+xml", ETag='"v1"'
        )
        site.route("/news/talks", 200, html_page("Talks", OTHER), Content_Type="text/html")
        path = tmp_path / "feeds.yaml"
        path.write_text(yaml.safe_dump({"feeds": [{"url": site.url("/feeds/news.atom")}]}))
        state = tmp_path / "state.json"

        def update():
            with Fetcher(policy=FAST, sleep=lambda _s: None) as fetcher:
                return update_feeds(read_feeds(path), tmp_path / "corpus", state, fetcher=fetcher)

        (first,) = update()
        assert not first.unchanged and first.items == 3
        (second,) = update()
        assert second.unchanged and second.items == 0 and not second.outcomes
        assert site.hits["/feeds/news.atom"] == 2  # asked again, answered 304

        # a new version of the feed (a new ETag) is read in full
        site.route(
            "/feeds/news.atom", 200, text.encode(), Content_Type="application/atom+xml", ETag='"v2"'
        )
        (third,) = update()
        assert not third.unchanged and third.items == 3 and third.seen == 3


def test_cli_prints_one_row_per_feed_and_per_new_item(site, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")
    monkeypatch.setenv("CYBERKG_FETCH_PRIVATE", "1")  # the test site is on 127.0.0.1
    result = CliRunner().invoke(
        feeds_cmd,
        ["update", "--feeds", str(feeds_file(site, tmp_path))],
        env={"CYBERKG_CORPUS": str(tmp_path / "corpus"), "CYBERKG_VAR": str(tmp_path / "var")},
    )
    assert result.exit_code == 1, result.output  # a feed and an item were refused
    rows = [line for line in result.output.splitlines() if line.startswith("│")]
    assert [r.split("│")[1].strip() for r in rows[:3]] == ["agency", "wire", "not a feed"]
    assert "content type text/html is not an RSS or Atom feed" in rows[2]
    assert "3 added, 2 already there, 1 refused" in result.output
    assert (tmp_path / "var" / "feeds" / "state.json").is_file()


def test_a_malformed_feeds_file_is_one_line(tmp_path):
    path = tmp_path / "feeds.yaml"
    path.write_text("feeds:\n  - name: no url\n", encoding="utf-8")
    with pytest.raises(FeedsError, match=r"feeds.yaml: feed 1: a mapping with a 'url' expected"):
        read_feeds(path)


def test_the_project_feeds_file_reads():
    feeds = read_feeds(Path(__file__).resolve().parent.parent / "corpus" / "feeds.yaml")
    assert feeds and all(f.url.startswith("https://") for f in feeds)
