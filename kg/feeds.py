"""Following news feeds: ``kg feeds update`` adds the new items of RSS/Atom feeds.

Agencies and news sites announce their articles in feeds. ``corpus/feeds.yaml``
lists the feeds to follow, each with optional keyword filters; by default an
item is kept when its headline or summary has both a cyber-security cue and a
cooperation cue, as the ontology lists them (``ckg:topicCue`` on the
commitment-area and agreement-type schemes), so the vocabulary is edited in
Turtle, not here. Kept items go through the same path as ``kg add URL``
(``kg.sources``): fetched politely, deduplicated by URL and by text. What has
been seen is remembered in ``$CYBERKG_VAR/feeds/state.json``, so an update
fetches only items it has not seen; an item whose fetch failed is tried again
on the next updates, up to ``MAX_FAILURES`` times.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from kg.errors import CyberKGError
from kg.fetch import FEED_TYPES, Fetcher, FetchError
from kg.sources import ADDED, REFUSED, THERE, Outcome, Source, add_sources

MAX_FAILURES = 3  # updates an item's fetch may fail before it is given up
STATE_VERSION = 1


class FeedsError(CyberKGError):
    code = "E230"


@dataclass(frozen=True)
class Feed:
    """One feed of ``feeds.yaml``: where it is and which of its items to keep."""

    url: str
    name: str | None = None
    publisher: str | None = None
    keywords: tuple[str, ...] | None = None  # None: the ontology's cues; (): every item


@dataclass
class FeedReport:
    """What one feed's update did."""

    feed: Feed
    items: int = 0
    seen: int = 0  # seen by an earlier update
    filtered: int = 0  # not about cyber-security cooperation (or not matching its keywords)
    outcomes: list[Outcome] = field(default_factory=list)
    error: str | None = None  # the feed itself could not be read
    unchanged: bool = False  # the server answered 304 Not Modified to the saved validators

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)


# ---------------------------------------------------------------- configuration
def read_feeds(path: Path) -> list[Feed]:
    """The feeds of a ``feeds.yaml``; a malformed file is one line naming what is wrong."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise FeedsError(f"{path}: cannot read: {err.strerror}") from err
    except yaml.YAMLError as err:
        raise FeedsError(f"{path}: not valid YAML: {str(err).splitlines()[0]}") from err
    entries = (data or {}).get("feeds") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise FeedsError(f"{path}: a 'feeds:' list expected")
    feeds = []
    for n, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
            raise FeedsError(f"{path}: feed {n}: a mapping with a 'url' expected")
        keywords = entry.get("keywords")
        if keywords is not None and not (
            isinstance(keywords, list) and all(isinstance(k, str) for k in keywords)
        ):
            raise FeedsError(f"{path}: feed {n}: keywords must be a list of words or phrases")
        feeds.append(
            Feed(
                url=entry["url"].strip(),
                name=entry.get("name"),
                publisher=entry.get("publisher"),
                keywords=None if keywords is None else tuple(keywords),
            )
        )
    return feeds


@cache
def topic_cues() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(cyber-security cues, cooperation cues) from the ontology: the schemes' topic cues,
    and for cooperation also every agreement type's trigger phrases."""
    import ontology

    onto = ontology.load()
    g = onto.graph
    cyber = sorted(str(o) for o in g.objects(ontology.CKG.CommitmentAreas, ontology.CKG.topicCue))
    coop = {str(o) for o in g.objects(ontology.CKG.AgreementTypes, ontology.CKG.topicCue)}
    for concept in onto.agreement_types.values():
        coop.update(concept.triggers)
    return tuple(cyber), tuple(sorted(coop))


def _pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    """Whole words or phrases, with plural and verb endings, any case, '-' or ' ' between."""
    alts = sorted(
        (r"[\s-]+".join(re.escape(w) for w in re.split(r"[\s-]+", p.strip())) for p in phrases),
        key=len,
        reverse=True,
    )
    return re.compile(r"\b(?:" + "|".join(alts) + r")(?:s|es|d|ed|ing|ers?)?\b", re.IGNORECASE)


def keeper(feed: Feed) -> Callable[[str], bool]:
    """Whether an item's headline and summary are worth fetching, by the feed's rule."""
    if feed.keywords is not None:
        if not feed.keywords:
            return lambda _text: True
        words = _pattern(feed.keywords)
        return lambda text: bool(words.search(text))
    cyber, coop = (_pattern(c) for c in topic_cues())
    return lambda text: bool(cyber.search(text) and coop.search(text))


# ---------------------------------------------------------------- state
class SeenItems:
    """Per feed, the items already handled (by id or link), and failed fetches' counts."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.feeds: dict[str, dict] = {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") == STATE_VERSION:
                self.feeds = data["feeds"]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.feeds = {}

    def _feed(self, url: str) -> dict:
        return self.feeds.setdefault(url, {"seen": {}, "failures": {}})

    def has(self, feed: str, key: str) -> bool:
        return key in self._feed(feed)["seen"]

    def mark(self, feed: str, key: str, status: str) -> None:
        state = self._feed(feed)
        state["failures"].pop(key, None)
        state["seen"][key] = {"status": status, "at": _now()}

    def failed(self, feed: str, key: str) -> None:
        """Count a failed fetch; after MAX_FAILURES updates the item is given up."""
        state = self._feed(feed)
        n = state["failures"].get(key, 0) + 1
        if n >= MAX_FAILURES:
            self.mark(feed, key, "given up")
        else:
            state["failures"][key] = n

    def validators(self, feed: str) -> tuple[str | None, str | None]:
        """The ETag and Last-Modified of the feed's last fetch, to send back."""
        state = self._feed(feed)
        return state.get("etag"), state.get("last_modified")

    def fetched(self, feed: str, etag: str | None, last_modified: str | None) -> None:
        state = self._feed(feed)
        state["etag"], state["last_modified"] = etag, last_modified

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
        data = {"version": STATE_VERSION, "feeds": self.feeds}
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.replace(self.path)


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


# ---------------------------------------------------------------- the update
def _date(entry: dict) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}" if parsed else None


def update_feed(
    feed: Feed,
    corpus: Path,
    seen: SeenItems,
    fetcher: Fetcher,
    on_outcome: Callable[[Outcome], None] | None = None,
    index_cache: Path | None = None,
) -> FeedReport:
    """Add the new, relevant items of one feed to the corpus."""
    import feedparser

    report = FeedReport(feed)
    etag, modified = seen.validators(feed.url)
    try:
        fetched = fetcher.fetch_if_changed(feed.url, FEED_TYPES, etag, modified)
    except FetchError as err:
        report.error = err.reason
        return report
    if fetched is None:  # 304: nothing new since the last update
        report.unchanged = True
        return report
    parsed = feedparser.parse(fetched.content)  # bytes: feedparser fetches nothing itself
    if parsed.bozo and not parsed.entries:
        report.error = f"not a readable feed: {parsed.get('bozo_exception')}"
        return report
    publisher = feed.publisher or parsed.feed.get("title") or None
    keep = keeper(feed)
    todo: list[tuple[str, Source]] = []
    for entry in parsed.entries:
        report.items += 1
        link = (entry.get("link") or "").strip()
        key = (entry.get("id") or link).strip()
        if not key or seen.has(feed.url, key):
            report.seen += 1
            continue
        headline = f"{entry.get('title', '')}\n{entry.get('summary', '')}"
        if not link or not keep(headline):
            report.filtered += 1
            seen.mark(feed.url, key, "filtered")
            continue
        meta = {"title": entry.get("title"), "published": _date(entry), "publisher": publisher}
        todo.append((key, Source(link, url=link, meta={k: v for k, v in meta.items() if v})))
    outcomes = add_sources(
        (s for _, s in todo),
        corpus,
        fetcher=fetcher,
        on_outcome=on_outcome,
        index_cache=index_cache,
    )
    for (key, _source), outcome in zip(todo, outcomes, strict=True):
        if outcome.status == REFUSED:
            seen.failed(feed.url, key)
        else:
            seen.mark(feed.url, key, outcome.status)
    report.outcomes = outcomes
    if not any(o.status == REFUSED for o in outcomes):  # else the next update must see them
        seen.fetched(feed.url, fetched.etag, fetched.last_modified)
    return report


def update_feeds(
    feeds: list[Feed],
    corpus: Path,
    state: Path,
    *,
    fetcher: Fetcher | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
    index_cache: Path | None = None,
) -> list[FeedReport]:
    """Update every feed; a feed that cannot be read is reported and the others go on.

    ``index_cache`` is where ``kg add`` keeps what the corpus holds (see ``CorpusIndex``).
    """
    seen = SeenItems(state)
    own = fetcher is None
    fetcher = fetcher or Fetcher()
    try:
        reports = []
        for feed in feeds:
            reports.append(update_feed(feed, corpus, seen, fetcher, on_outcome, index_cache))
            seen.save()  # an interrupted update keeps what it did
        return reports
    finally:
        if own:
            fetcher.close()


__all__ = ["ADDED", "REFUSED", "THERE", "Feed", "FeedReport", "read_feeds", "update_feeds"]
