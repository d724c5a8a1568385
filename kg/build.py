"""The main job: corpus → records (cached) → Neo4j → saved queries → views.

A build does only the work that changed since the last one:

1. article files whose size and modification time are unchanged are not read
   again (their metadata and text hash come from the manifest);
2. articles whose text hash, metadata and pipeline version the graph already
   has are not touched at all;
3. records of the rest come from the record cache, and only articles with no
   cached record are extracted: with several processes when there are many,
   never loading spaCy when there are none;
4. records are loaded in batches while extraction goes on, and facts that only
   removed articles supported leave the graph.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import neo4j

from extract.records import ArticleMeta, Record
from kg import corrections
from kg.buildinfo import git_commit, package_version
from kg.cache import Manifest, RecordCache, pipeline_fingerprint
from kg.corpus import Found, article_id, read_article, same_id, walk_articles
from kg.distributed import in_order
from kg.errors import ArticleError, CyberKGError, IdClash
from kg.resolve import Resolver
from kg.settings import Settings
from kg.store.load import GRAPH_FORMAT, Loader

if TYPE_CHECKING:
    from extract import Extractor

Progress = Callable[[str, int, int], None]  # (stage, done, total)
MIN_PARALLEL = 64  # worker start-up costs a second or two: only worth it for many articles
CHUNK = 32  # articles per task sent to a worker process
WINDOW = 16  # tasks in flight: results wait for the loader in memory, so not all of them
PIPE_BATCH = 16  # nlp.pipe batch size inside a worker
LOAD_BATCH = 500  # records per Loader.load call
META_FIELDS = (
    "title",
    "url",
    "published",
    "published_precision",
    "published_source",
    "publisher",
    "language",
)


class ExtractionError(CyberKGError):
    code = "E210"


@dataclass
class BuildReport:
    """What a build did, for the CLI to print and tests to check."""

    articles: int = 0
    extracted: int = 0
    cached: int = 0
    loaded: int = 0
    removed: int = 0
    unchanged: int = 0
    pruned: int = 0
    errors: list[ArticleError] = field(default_factory=list)


# ---------------------------------------------------------------------- extraction
_worker: Extractor | None = None


def _new_extractor(model: str) -> Extractor:
    from extract import Extractor  # spaCy is imported only when something needs extracting

    return Extractor(model)


def _init_worker(model: str) -> None:
    global _worker
    _worker = _new_extractor(model)


def _extract_chunk(
    extractor: Extractor, items: Sequence[tuple[ArticleMeta, str]]
) -> list[Record | str]:
    """Records for the items in order; an article that fails yields its error text instead.

    The chunk goes through ``nlp.pipe`` in one go; only if that fails are its
    articles extracted one by one, so one bad article costs its own record only.
    """
    try:
        return list(extractor.extract(items, batch_size=PIPE_BATCH, n_process=1))
    except Exception:  # noqa: BLE001 - retried article by article below
        pass
    out: list[Record | str] = []
    for item in items:
        try:
            out.extend(extractor.extract([item], batch_size=1, n_process=1))
        except Exception as err:  # noqa: BLE001 - reported per article, the build goes on
            out.append(f"extraction failed: {type(err).__name__}: {err}")
    return out


def _worker_chunk(items: list[tuple[ArticleMeta, str]]) -> list[Record | str]:
    assert _worker is not None
    return _extract_chunk(_worker, items)


def _chunks(items: Sequence, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield list(items[i : i + size])


def extract_records(
    items: Sequence[tuple[ArticleMeta, str]],
    *,
    model: str,
    processes: int = 1,
    extractor: Extractor | None = None,
    cluster: str | None = None,
) -> Iterator[Record | ArticleError]:
    """Records for (metadata, text) pairs, in order, from ``processes`` worker processes,
    or from the workers of the Dask scheduler at ``cluster`` (``kg.distributed``).

    Each worker loads the model once and runs ``nlp.pipe`` over chunks of
    articles; records (plain data) come back, not spaCy docs. An article whose
    extraction fails yields an ArticleError in its place.
    """
    if not items:
        return
    if cluster:
        from kg.distributed import extract_on_cluster

        version = pipeline_fingerprint(model)
        yield from extract_on_cluster(items, model=model, address=cluster, version=version)
        return
    if processes <= 1 or len(items) < MIN_PARALLEL:
        extractor = extractor or _new_extractor(model)
        results: Iterable[list[Record | str]] = (
            _extract_chunk(extractor, chunk) for chunk in _chunks(items, CHUNK)
        )
        yield from _with_errors(items, results)
        return
    # fork: workers start in milliseconds and share the parent's imported modules
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        max_workers=processes, mp_context=context, initializer=_init_worker, initargs=(model,)
    ) as pool:
        try:
            window = max(WINDOW, 4 * processes)
            tasks = in_order(partial(pool.submit, _worker_chunk), _chunks(items, CHUNK), window)
            yield from _with_errors(items, (future.result() for _, future in tasks))
        except BrokenProcessPool as err:
            raise ExtractionError(
                "an extraction process died (out of memory?) — try fewer --processes"
            ) from err


def _with_errors(
    items: Sequence[tuple[ArticleMeta, str]], results: Iterable[list[Record | str]]
) -> Iterator[Record | ArticleError]:
    i = 0
    for chunk in results:
        for out in chunk:
            meta = items[i][0]
            yield ArticleError(meta.path or meta.id, out) if isinstance(out, str) else out
            i += 1


# ---------------------------------------------------------------------- the build
def graph_articles(driver: neo4j.Driver, database: str | None, label: str) -> dict[str, dict]:
    """Article id → what the graph knows of it: text hash, pipeline version and metadata."""
    fields = ("id", "sha256", "pipeline", *META_FIELDS)
    records, _, _ = driver.execute_query(
        # one list per article in a single row: half the time of a row per article
        # (100,000 articles), as the driver's cost is per record; properties() warns
        # of no missing key
        f"MATCH (a:{label}) WITH properties(a) AS p RETURN collect([k IN $fields | p[k]]) AS v",
        fields=list(fields),
        database_=database,
        routing_=neo4j.RoutingControl.READ,
    )
    return {v[0]: dict(zip(fields, v, strict=True)) for v in records[0]["v"]}


def _up_to_date(known: dict | None, meta: ArticleMeta, version: str) -> bool:
    if known is None or known.get("sha256") != meta.sha256 or known.get("pipeline") != version:
        return False
    return all(known.get(f) == getattr(meta, f) for f in META_FIELDS)


def _article_id(path: str, roots: Sequence[str]) -> str:
    """The id the article in ``path`` has (or would have) under one of the corpus roots."""
    for root in roots:
        if path.startswith(root.rstrip("/") + "/"):
            return article_id(path, root)
    return article_id(path)


def list_articles(paths: Iterable[Path], errors: list[ArticleError]) -> Found:
    """Article files under the paths (as ``kg.corpus.find_articles`` finds them), with their
    stat where a directory scan gave it for free: absolute paths, sorted, one syscall a file.
    Links that lead nowhere or in a loop go to ``errors``.
    """
    found = walk_articles([Path(p).absolute() for p in paths])
    errors.extend(found.errors)
    return found


def scan_corpus(
    paths: Iterable[Path], manifest: Manifest, errors: list[ArticleError], *, reread: bool = False
) -> tuple[list[ArticleMeta], dict[str, str]]:
    """Metadata of every article, and the texts of those that had to be read.

    Two files whose ids would be the same (``same.md`` and ``same.txt``) are one
    article too many: the second, in path order, is refused.
    """
    metas: list[ArticleMeta] = []
    texts: dict[str, str] = {}
    found: set[str] = set()
    ids: dict[str, str] = {}
    for path, st, root in list_articles(paths, errors).files:
        found.add(path)
        stamp = Manifest.stamp(path, st)
        meta = None if reread else manifest.get(path, stamp)
        if meta is not None and meta.id != article_id(path, root):
            meta = None  # recorded under another corpus root
        if meta is None:
            try:
                article = read_article(Path(path), root)
            except ArticleError as err:
                errors.append(err)
                continue
            meta = article.meta
            texts[meta.id] = article.text
            manifest.put(path, stamp, meta)
        first = ids.setdefault(meta.id, path)
        if first != path:
            errors.append(IdClash(path, same_id(meta.id, first)))
            continue
        metas.append(meta)
    manifest.keep_only(found)
    return metas, texts


def _drop_duplicates(
    metas: list[ArticleMeta], seen: dict[str, dict], errors: list[ArticleError]
) -> tuple[list[ArticleMeta], set[str]]:
    """Keep one file of each text, a copy would count its facts twice: the one the
    graph already has, else the first.

    Returns the articles kept, in corpus order, and the ids of the copies.
    """
    first: dict[str, int] = {}
    keep = [True] * len(metas)
    # the graph's own copy of a text comes first, then corpus order
    order = sorted(
        range(len(metas)),
        key=lambda i: seen.get(metas[i].id, {}).get("sha256") != metas[i].sha256,
    )
    copies: set[str] = set()
    for i in order:
        meta = metas[i]
        j = first.setdefault(meta.sha256 or meta.id, i)
        if j == i:
            continue
        keep[i] = False
        copies.add(meta.id)
        original = metas[j]
        errors.append(
            ArticleError(
                meta.path or meta.id,
                f"same text as {original.path or original.id} (a duplicate; remove one)",
            )
        )
    kept = [m for m, k in zip(metas, keep, strict=True) if k]
    return kept, copies


def build_graph(
    settings: Settings,
    driver: neo4j.Driver,
    *,
    paths: Iterable[Path] | None = None,
    processes: int = 1,
    full: bool = False,
    progress: Progress | None = None,
    cluster: str | None = None,
) -> BuildReport:
    """Bring the graph in line with the corpus: load new and changed articles, drop removed ones.

    Bad articles are reported in ``errors`` and skipped; the rest still build and
    nothing already in the graph is lost because of them. ``full`` re-reads and
    re-loads every article (records still come from the cache when valid).
    ``cluster`` is a Dask scheduler address to extract on instead of local processes.
    """
    report = BuildReport()
    state = settings.var / "cache"
    version = pipeline_fingerprint(settings.model)
    # what an article was loaded with: a change of corrections reloads it (from the cache)
    loaded_as = (
        f"{version}+corrections-{corrections.fingerprint(settings.corpus)}+graph-{GRAPH_FORMAT}"
    )
    fixes = corrections.load(settings.corpus / corrections.FILE_NAME)
    loader = Loader(
        driver,
        database=settings.neo4j_database,
        pipeline=loaded_as,
        resolver=Resolver(fixes),
    )
    loader.ensure_schema()
    paths = list(paths or [settings.corpus])
    # the graph's articles are read while the corpus is scanned: at 100,000 articles
    # each takes a second or two, one in Neo4j and the other in this process
    with ThreadPoolExecutor(max_workers=1) as background:
        graph = background.submit(
            graph_articles, driver, settings.neo4j_database, loader.L["Article"]
        )
        manifest = Manifest(state / "manifest.json")
        metas, texts = scan_corpus(paths, manifest, report.errors, reread=full)
        seen = graph.result()
    heal = full or (bool(seen) and loader.graph_format() != GRAPH_FORMAT)
    metas, duplicates = _drop_duplicates(metas, seen, report.errors)
    report.articles = len(metas)
    changed = [m for m in metas if full or not _up_to_date(seen.get(m.id), m, loaded_as)]
    report.unchanged = len(metas) - len(changed)

    store = RecordCache(state / "records", version)
    pending: list[Record] = []

    def flush(force: bool = False) -> None:
        if pending and (force or len(pending) >= LOAD_BATCH):
            loader.load(pending)
            report.loaded += len(pending)
            pending.clear()
            if progress:
                progress("load", report.loaded, len(changed))

    todo: list[tuple[ArticleMeta, str]] = []
    for meta in changed:
        rec = store.get(meta.id, meta.sha256 or "")
        if rec is not None:
            rec.article = meta  # front matter may have changed
            report.cached += 1
            pending.append(rec)
            flush()
            continue
        text = texts.get(meta.id)
        if text is None:  # unchanged on disk but not in the cache: read it now
            try:
                text = read_article(Path(meta.path or meta.id)).text
            except ArticleError as err:
                report.errors.append(err)
                continue
        todo.append((meta, text))
    texts.clear()

    for done, out in enumerate(
        extract_records(todo, model=settings.model, processes=processes, cluster=cluster), start=1
    ):
        if isinstance(out, ArticleError):
            report.errors.append(out)
        else:
            out.article = todo[done - 1][0]
            store.put(out)
            report.extracted += 1
            pending.append(out)
            flush()
        if progress:
            progress("extract", done, len(todo))
    flush(force=True)

    roots = [str(Path(p).absolute()) for p in paths]
    bad_ids = {_article_id(e.path, roots) for e in report.errors} - duplicates
    gone = sorted(set(seen) - {m.id for m in metas} - bad_ids)
    for i in range(0, len(gone), LOAD_BATCH):
        loader.remove_articles(gone[i : i + LOAD_BATCH])
        report.removed += len(gone[i : i + LOAD_BATCH])
    if heal:  # a graph of an older version, or one a crash of it left behind
        report.pruned = loader.heal()
    loader.stamp(
        pipeline=version,
        built=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        commit=git_commit(settings.root),
        version=package_version(),
        articles=report.articles,
    )
    manifest.save()
    return report
