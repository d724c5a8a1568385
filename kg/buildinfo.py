"""The build record: which build of the graph an export or query result comes from.

A result is citable only if it says what produced it: the git commit of the
code (when the project is a git checkout), the pipeline version that
extracted its articles, when the graph was built and from how many articles.
``kg build`` writes ``var/build.json`` when it finishes; every export and query
output carries the record as a header comment (CSV), a ``build`` field (JSON)
or a ``prov:Activity`` (RDF). Article count and pipeline are always read from
the graph itself, so they are true even for a graph loaded another way.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path

import neo4j

from kg.settings import PROJECT_ROOT, Settings

BUILD_FILE = "build.json"
COMMENT = "#"


@dataclass(frozen=True)
class BuildRecord:
    """What produced a graph: code, pipeline, time and size."""

    commit: str | None
    pipeline: str | None
    built: str | None
    articles: int
    version: str = ""

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    def comment(self) -> str:
        """One line for the head of a CSV file (readers skip it: pandas ``skiprows=1``)."""
        parts = [f"{k}={v if v not in (None, '') else 'unknown'}" for k, v in asdict(self).items()]
        return f"{COMMENT} cyberkg build: " + " ".join(parts)


def git_commit(root: Path = PROJECT_ROOT) -> str | None:
    """The commit of the code, with '+dirty' when it has uncommitted changes; None outside git."""
    try:
        head = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return f"{head}+dirty" if dirty else head or None


def package_version() -> str:
    try:
        return metadata.version("cyberkg")
    except metadata.PackageNotFoundError:
        return ""


def _graph_facts(driver: neo4j.Driver, database: str | None) -> tuple[int, str | None]:
    import ontology

    label = ontology.load().label("Article")
    records, _, _ = driver.execute_query(
        f"MATCH (a:{label}) RETURN count(a) AS n, collect(DISTINCT a.pipeline) AS pipelines",
        database_=database,
        routing_=neo4j.RoutingControl.READ,
    )
    pipelines = sorted(p for p in records[0]["pipelines"] if p)
    return records[0]["n"], "; ".join(pipelines) or None


def write_build_file(settings: Settings, driver: neo4j.Driver, database: str | None) -> Path:
    """Record a finished build in ``var/build.json`` (commit, pipeline, time, articles)."""
    articles, pipeline = _graph_facts(driver, database)
    record = BuildRecord(
        commit=git_commit(settings.root),
        pipeline=pipeline,
        built=dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        articles=articles,
        version=package_version(),
    )
    path = settings.var / BUILD_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record.as_dict(), indent=2) + "\n", encoding="utf-8")
    return path


def build_record(
    driver: neo4j.Driver, settings: Settings | None = None, database: str | None = None
) -> BuildRecord:
    """The record of the graph in Neo4j: counts from the graph, commit and time from the build.

    Without ``var/build.json`` (a graph loaded by ``kg load`` or by tests) the
    commit is the code's own and the build time unknown.
    """
    articles, pipeline = _graph_facts(driver, database)
    saved: dict = {}
    if settings is not None:
        try:
            saved = json.loads((settings.var / BUILD_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            saved = {}
    if (saved.get("articles"), saved.get("pipeline")) != (articles, pipeline):
        saved = {"commit": saved.get("commit")} if saved else {}  # the graph changed since
    return BuildRecord(
        commit=saved.get("commit") or git_commit(settings.root if settings else PROJECT_ROOT),
        pipeline=pipeline,
        built=saved.get("built"),
        articles=articles,
        version=package_version(),
    )
