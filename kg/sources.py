"""Adding many articles at once: files, folders, URLs and CSV lists of URLs.

Maintainers get news as a pile of saved pages, a folder of PDFs, links, or a
spreadsheet of links from an event-data export. ``add_sources`` takes them all,
adds each through the one path of ``kg.add`` (a URL is fetched first by
``kg.fetch``) and reports one outcome per source: added, already there, or
refused and why. One bad source never stops the rest.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg.add import (
    HTML_SUFFIXES,
    CorpusIndex,
    DuplicateArticle,
    add_article,
    read_source,
)
from kg.corpus import check_url, sidecar_meta
from kg.errors import ArticleError
from kg.fetch import Fetcher

ADDED, THERE, REFUSED = "added", "already there", "refused"
FILE_SUFFIXES = (".md", ".txt", ".pdf", *HTML_SUFFIXES)
CSV_COLUMNS = ("url", "title", "published", "publisher")


@dataclass(frozen=True)
class Source:
    """One thing to add: a file, a URL (with what a list says of it) or standard input."""

    label: str
    path: Path | None = None
    url: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    error: str | None = None  # a source refused before it is read (a bad list row)


@dataclass(frozen=True)
class Outcome:
    """What became of one source, one row of the summary."""

    source: str
    status: str  # added, already there, refused
    detail: str  # the file written or found, or the reason for refusing
    path: Path | None = None


def is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


def expand(args: Iterable[str], lists: Iterable[Path] = ()) -> Iterator[Source]:
    """The sources named on the command line: folders become their article files,
    ``--from`` lists their rows; what does not exist is a source refused on its own line.
    """
    for arg in args:
        if is_url(arg):
            yield Source(arg, url=arg)
        elif arg == "-":
            yield Source("<stdin>")
        elif (path := Path(arg)).is_dir():
            files = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in FILE_SUFFIXES
                and not p.name.endswith(".meta.json")
                and not p.name.startswith(".")
            )
            if not files:
                yield Source(arg, error="a folder with no text, Markdown, HTML or PDF files")
            for p in files:
                yield Source(str(p), path=p)
        elif path.is_file():
            yield Source(arg, path=path)
        else:
            yield Source(arg, error="no such file or folder, and not an http(s) URL")
    for listing in lists:
        yield from read_list(listing)


def read_list(listing: Path) -> Iterator[Source]:
    """The rows of a CSV list of URLs: a ``url`` column, optional title, published and
    publisher columns (a list without a header row is read in that order)."""
    try:
        text = listing.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        yield Source(str(listing), error=f"cannot read the list: {err}")
        return
    rows = list(csv.reader(io.StringIO(text)))
    header = [c.strip().lower() for c in rows[0]] if rows else []
    if "url" in header:
        columns, start = header, 1
    else:
        columns, start = list(CSV_COLUMNS), 0
    for n, row in enumerate(rows[start:], start=start + 1):
        if not any(cell.strip() for cell in row):
            continue
        values = {c: v.strip() for c, v in zip(columns, row, strict=False) if v.strip()}
        url = values.pop("url", "")
        label = f"{listing}:{n}"
        try:
            check_url(url or None)
        except ValueError as err:
            yield Source(label, error=str(err))
            continue
        if not url:
            yield Source(label, error="no url in this row")
            continue
        meta = {k: v for k, v in values.items() if k in CSV_COLUMNS}
        yield Source(url, url=url, meta=meta)


def add_sources(
    sources: Iterable[Source],
    corpus: Path,
    *,
    options: dict | None = None,
    fetcher: Fetcher | None = None,
    stdin: Callable[[], bytes] | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
    index_cache: Path | None = None,
) -> list[Outcome]:
    """Add every source to ``corpus``; one outcome per source, in order.

    ``options`` are front matter values given for all of them (published,
    publisher, language); a list's own columns win for its rows. ``index_cache``
    keeps what the corpus holds between runs (see ``CorpusIndex``).
    """
    index = CorpusIndex(corpus, index_cache)
    outcomes: list[Outcome] = []
    own_fetcher = fetcher is None
    fetcher = fetcher or Fetcher()
    try:
        for source in sources:
            outcome = _add_one(source, corpus, index, options or {}, fetcher, stdin)
            outcomes.append(outcome)
            if on_outcome is not None:
                on_outcome(outcome)
    finally:
        if own_fetcher:
            fetcher.close()
        index.save()
    return outcomes


def _add_one(
    source: Source,
    corpus: Path,
    index: CorpusIndex,
    options: dict,
    fetcher: Fetcher,
    stdin: Callable[[], bytes] | None,
) -> Outcome:
    if source.error is not None:
        return Outcome(source.label, REFUSED, source.error)
    given = {k: v for k, v in options.items() if v not in (None, "")} | source.meta
    try:
        if source.url is not None:
            known = index.by_url(source.url)
            if known is not None:
                return Outcome(source.label, THERE, f"{known} (same url)", known)
            fetched = fetcher.fetch(source.url)
            known = index.by_url(fetched.final_url)
            if known is not None:
                return Outcome(source.label, THERE, f"{known} (same url)", known)
            added = add_article(
                fetched.content,
                corpus,
                label=source.url,
                suffix=fetched.suffix,
                extra=fetched.front_matter(),
                index=index,
                **(given | {"url": fetched.final_url}),
            )
        elif source.path is not None:
            added = add_article(
                read_source(source.path),
                corpus,
                label=source.label,
                sidecar=sidecar_meta(source.path),
                index=index,
                **given,
            )
        else:
            raw = stdin() if stdin is not None else b""
            added = add_article(raw, corpus, label=source.label, index=index, **given)
    except DuplicateArticle as err:
        return Outcome(source.label, THERE, f"{err.existing} ({err.why})", err.existing)
    except ArticleError as err:
        return Outcome(source.label, REFUSED, err.reason)
    return Outcome(source.label, ADDED, str(added.path), added.path)
