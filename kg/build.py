"""The main job: corpus → records (cached) → Neo4j → saved queries → views."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import neo4j

from extract import Extractor
from extract.records import Record
from kg.cache import RecordCache
from kg.corpus import Article, iter_articles
from kg.errors import ArticleError
from kg.load import Loader
from kg.settings import Settings

Progress = Callable[[str, int, int], None]  # (stage, done, total)
MIN_PARALLEL = 64


@dataclass
class BuildReport:
    """What a build did, for the CLI to print and tests to check."""

    articles: int = 0
    extracted: int = 0
    cached: int = 0
    loaded: int = 0
    removed: int = 0
    unchanged: int = 0
    errors: list[ArticleError] = field(default_factory=list)


def records_for(
    articles: list[Article],
    *,
    model: str,
    cache: Path | None,
    processes: int = 1,
    progress: Progress | None = None,
) -> tuple[list[Record], int]:
    """Records for the articles, from the cache where the text is unchanged.

    Returns the records (in article order) and how many came from the cache.
    """
    extractor: Extractor | None = None
    store: RecordCache | None = None
    out: list[Record | None] = [None] * len(articles)
    todo: list[int] = []
    if cache is not None:
        extractor = Extractor(model)
        store = RecordCache(cache, extractor.version)
        for i, art in enumerate(articles):
            rec = store.get(art.meta.id, art.meta.sha256 or "")
            if rec is not None:
                rec.article = art.meta  # front matter may have changed
                out[i] = rec
            else:
                todo.append(i)
    else:
        todo = list(range(len(articles)))
    if todo:
        extractor = extractor or Extractor(model)
        items = ((articles[i].meta, articles[i].text) for i in todo)
        # worker start-up costs seconds: only worth it for many articles
        workers = processes if len(todo) >= MIN_PARALLEL else 1
        records = extractor.extract(items, n_process=workers)
        for done, (i, rec) in enumerate(zip(todo, records, strict=True), start=1):
            out[i] = rec
            if store is not None:
                store.put(rec)
            if progress:
                progress("extract", done, len(todo))
    return [r for r in out if r is not None], len(articles) - len(todo)


def graph_articles(driver: neo4j.Driver, database: str | None, label: str) -> dict[str, str]:
    """Article id → content hash, as the graph has them."""
    records, _, _ = driver.execute_query(
        f"MATCH (a:{label}) RETURN a.id AS id, a.sha256 AS sha",
        database_=database,
        routing_=neo4j.RoutingControl.READ,
    )
    return {r["id"]: r["sha"] for r in records}


def build_graph(
    settings: Settings,
    driver: neo4j.Driver,
    *,
    paths: Iterable[Path] | None = None,
    processes: int = 1,
    full: bool = False,
    progress: Progress | None = None,
) -> BuildReport:
    """Bring the graph in line with the corpus: load new and changed articles, drop removed ones.

    Bad articles are reported in ``errors`` and skipped; the rest still build and
    nothing already in the graph is lost because of them.
    """
    report = BuildReport()
    articles = list(iter_articles(list(paths or [settings.corpus]), report.errors))
    report.articles = len(articles)
    loader = Loader(driver, database=settings.neo4j_database)
    loader.ensure_schema()
    seen = graph_articles(driver, settings.neo4j_database, loader.L["Article"])
    changed = [a for a in articles if full or seen.get(a.meta.id) != a.meta.sha256]
    report.unchanged = len(articles) - len(changed)
    records, report.cached = records_for(
        changed,
        model=settings.model,
        cache=settings.var / "cache" / "records",
        processes=processes,
        progress=progress,
    )
    report.extracted = len(changed) - report.cached
    batch = 200
    for i in range(0, len(records), batch):
        loader.load(records[i : i + batch])
        report.loaded += len(records[i : i + batch])
        if progress:
            progress("load", report.loaded, len(records))
    bad_ids = {Path(e.path).stem for e in report.errors}
    gone = sorted(set(seen) - {a.meta.id for a in articles} - bad_ids)
    if gone:
        loader.remove_articles(gone)
        report.removed = len(gone)
    return report
