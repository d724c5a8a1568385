"""Extraction on a Dask distributed cluster: ``kg build --cluster tcp://HOST:8786``.

One machine's cores bound how fast a large corpus is extracted; a Dask cluster
adds the cores of many. Only extraction moves: the main process sends chunks
of (metadata, text) to the workers, each worker loads the spaCy model once and
returns plain records, and the main process goes on as in a local build — the
same record cache, the loader as the one writer to Neo4j in managed
transactions. Workers need no access to the corpus or to Neo4j, only the
project installed (the same ``extract/`` and ``ontology/``, the same model):
each chunk's answer carries the worker's pipeline version, and a worker that
differs stops the build rather than filling the cache with records of another
pipeline.

Dask rather than Ray: the work is plain Python functions over plain data with
no shared state but a per-process model, which Dask's ``Client.submit`` serves
directly; its scheduler and workers are two pip-installable commands with no
object store to size, and it runs on the same machines as an existing
PyData/HPC set-up (SSH, Kubernetes, SLURM, YARN through dask-jobqueue and
friends). Ray's actors and object store would add nothing this job uses.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from extract.records import ArticleMeta, Record
from kg.errors import ArticleError, CyberKGError

if TYPE_CHECKING:
    from extract import Extractor

CHUNK = 32  # articles per task: big enough for nlp.pipe, small enough to spread
IN_FLIGHT_PER_WORKER = 3  # tasks queued per worker: keeps workers busy, bounds memory
CONNECT_TIMEOUT = "20s"

_extractors: dict[str, tuple[str, Extractor]] = {}  # per worker: version and model, loaded once


class ClusterError(CyberKGError):
    code = "E211"


def in_order(
    submit: Callable[[Any], Any], tasks: Iterable[Any], window: int
) -> Iterator[tuple[Any, Any]]:
    """(task, future) in task order, with at most ``window`` tasks submitted and not yet
    taken: a pool of processes or a cluster never runs further ahead of the caller
    (who loads what comes back) than that, so finished results never pile up in
    memory, however large the corpus. ``submit`` is ``Executor.submit`` or
    ``distributed.Client.submit`` with the function bound.
    """
    pending: deque = deque()
    for task in tasks:
        pending.append((task, submit(task)))
        if len(pending) >= window:
            yield pending.popleft()
    while pending:
        yield pending.popleft()


def _worker_extract(
    model: str, items: list[tuple[ArticleMeta, str]]
) -> tuple[str, list[Record | str]]:
    """Run on a worker: the worker's pipeline version and the chunk's records (or errors)."""
    from kg.build import _extract_chunk, _new_extractor
    from kg.cache import pipeline_fingerprint

    if model not in _extractors:
        _extractors[model] = (pipeline_fingerprint(model), _new_extractor(model))
    version, extractor = _extractors[model]
    return version, _extract_chunk(extractor, items)


def connect(address: str, timeout: str = CONNECT_TIMEOUT):
    """A client of the scheduler at ``address``, or one line saying how to start one."""
    try:
        from distributed import Client
    except ImportError as err:  # pragma: no cover - a dependency of the project
        msg = "dask[distributed] is not installed: pip install 'dask[distributed]'"
        raise ClusterError(msg) from err
    try:
        return Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError) as err:
        raise ClusterError(
            f"no Dask scheduler at {address} ({err}) — start one with `dask scheduler` "
            "and workers with `dask worker ADDRESS`"
        ) from err


def extract_on_cluster(
    items: Sequence[tuple[ArticleMeta, str]],
    *,
    model: str,
    address: str,
    version: str,
    timeout: str = CONNECT_TIMEOUT,
) -> Iterator[Record | ArticleError]:
    """Records for (metadata, text) pairs, in order, extracted by the cluster's workers.

    At most a few chunks per worker are in flight, so a corpus of any size never
    sits in the scheduler's memory at once. A chunk whose task fails (a worker
    lost twice) yields one error per article; the rest of the build goes on.
    """
    if not items:
        return
    client = connect(address, timeout)
    try:
        workers = max(1, len(client.scheduler_info(n_workers=-1).get("workers", {})))
        window = workers * IN_FLIGHT_PER_WORKER
        chunks = (list(items[i : i + CHUNK]) for i in range(0, len(items), CHUNK))

        def submit(chunk: list) -> Any:
            return client.submit(_worker_extract, model, chunk, pure=False, retries=1)

        for chunk, future in in_order(submit, chunks, window):
            yield from _collect(chunk, future, version)
    finally:
        client.close()


def _collect(chunk: list, future, version: str) -> Iterator[Record | ArticleError]:
    try:
        worker_version, results = future.result()
    except Exception as err:  # noqa: BLE001 - a lost task costs its articles, not the build
        for meta, _text in chunk:
            yield ArticleError(meta.path or meta.id, f"extraction failed on the cluster: {err}")
        return
    if worker_version != version:
        raise ClusterError(
            f"a worker runs pipeline {worker_version}, this build {version}: install the "
            "same version of CyberKG and the model on every worker"
        )
    for (meta, _text), out in zip(chunk, results, strict=True):
        yield ArticleError(meta.path or meta.id, out) if isinstance(out, str) else out
