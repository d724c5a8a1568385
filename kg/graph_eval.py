"""Graph-level integrity of a build against per-article gold: what per-article F1 cannot see.

A gold folder's articles are built into a scratch graph (a copy of their
texts in a temporary corpus, loaded by ``kg.build.build_graph`` into a Neo4j
of their own, on free ports, removed afterwards) and three things are measured:

- merged agreements: Agreement nodes whose parties are stated in two or more
  articles whose gold agreements share no name (different events fused);
- duplicate organisations: gold organisations (one canonical name across
  articles) that map to more than one graph node;
- spurious organisations: nodes stated in an article whose name and aliases
  match no gold organisation (required or optional) of that article.

The measures are plain functions over the gold dicts and rows read from the
graph, so they can be checked without a server. They follow the definitions
of ``shared/eval/graph_check.py``, whose figures they reproduce.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import re
import shutil
import signal
import socket
import tempfile
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import neo4j

import ontology
from extract.records import Record
from kg.cache import RecordCache, pipeline_fingerprint
from kg.errors import CyberKGError
from kg.settings import Settings
from kg.store import db, neo4j_server

Progress = Callable[[str, int, int | None], None]  # (stage, done, total or None if unknown)
Gold = Mapping[str, dict]  # doc id → the gold file's JSON (SCHEMA.md's shape)
EXAMPLES = {"merged": 5, "duplicates": 8, "spurious": 15}


class GoldError(CyberKGError):
    """A gold folder CyberKG cannot read: the message names the file."""

    code = "E500"


@dataclass(frozen=True)
class OrganisationRow:
    """An Organisation node: its names and the articles whose evidence states it."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()


@dataclass(frozen=True)
class AgreementRow:
    """An Agreement node and the articles that state it or one of its parties' PARTY_TO."""

    id: str
    name: str | None
    articles: tuple[str, ...] = ()


# ---------------------------------------------------------------------- gold
def norm(name: str) -> str:
    """A name as the eval compares it: case, punctuation, leading "the", possessive folded."""
    s = name.lower().strip().replace("\u2019", "'")
    s = re.sub(r"'s\b", "", s)
    s = re.sub(r"^the\s+", "", s)
    s = re.sub(r"[^\w\s]", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def load_gold(gold_dir: Path) -> dict[str, dict]:
    """Doc id → gold annotations of every ``*.json`` (not ``*.meta.json``) in the folder."""
    gold: dict[str, dict] = {}
    for path in sorted(Path(gold_dir).glob("*.json")):
        if path.name.endswith(".meta.json"):
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            gold[data["doc_id"]] = data
        except (ValueError, UnicodeDecodeError) as err:
            raise GoldError(f"{path}: not valid JSON: {err}") from err
        except (KeyError, TypeError) as err:
            raise GoldError(f"{path}: no doc_id (see SCHEMA.md)") from err
    if not gold:
        raise GoldError(f"{gold_dir}: no gold files (*.json) in this folder")
    return gold


def gold_aliases(gold: Gold) -> dict[str, dict[str, str]]:
    """Per article: every normalised name and alias of a gold organisation → its canonical name."""
    out: dict[str, dict[str, str]] = {}
    for doc, g in gold.items():
        names: dict[str, str] = {}
        for org in g.get("organisations", []):
            for alias in [org["name"], *org.get("aliases", [])]:
                names.setdefault(norm(alias), norm(org["name"]))
        out[doc] = names
    return out


def gold_organisation_count(gold: Gold) -> int:
    """Distinct canonical gold organisations across the articles: the duplicate rate's base."""
    return len({c for names in gold_aliases(gold).values() for c in names.values()})


# ---------------------------------------------------------------------- the measures
def _docs(articles: Iterable[str], gold: Gold) -> list[str]:
    return sorted({a for a in articles if a in gold})


def _gold_matches(org: OrganisationRow, gold: Gold, aliases: dict[str, dict[str, str]]):
    """(doc, canonical gold name) for each of the node's articles and gold names it matches."""
    names = {norm(org.name), *(norm(a) for a in org.aliases)}
    for doc in _docs(org.articles, gold):
        for canon in sorted({aliases[doc][n] for n in names if n in aliases[doc]}):
            yield doc, canon


def duplicate_organisations(
    gold: Gold, organisations: Iterable[OrganisationRow]
) -> dict[str, list[str]]:
    """Canonical gold name → the ids of the nodes it maps to, where it maps to more than one."""
    aliases = gold_aliases(gold)
    nodes: dict[str, set[str]] = defaultdict(set)
    for org in organisations:
        for _, canon in _gold_matches(org, gold, aliases):
            nodes[canon].add(org.id)
    return {canon: sorted(ids) for canon, ids in nodes.items() if len(ids) > 1}


def spurious_organisations(gold: Gold, organisations: Iterable[OrganisationRow]) -> list[str]:
    """Names of the nodes stated in gold articles that match no gold organisation of them."""
    aliases = gold_aliases(gold)
    return [
        org.name
        for org in organisations
        if _docs(org.articles, gold) and not any(_gold_matches(org, gold, aliases))
    ]


def merged_agreements(
    gold: Gold, agreements: Iterable[AgreementRow]
) -> list[tuple[str | None, list[str]]]:
    """(name, articles) of agreements stated in articles whose gold agreements share no name."""
    merged = []
    for agr in agreements:
        docs = _docs(agr.articles, gold)
        if len(docs) < 2:
            continue
        names = [
            {norm(a.get("name") or "") for a in gold[d].get("agreements", [])} - {""} for d in docs
        ]
        if not set.intersection(*names):
            merged.append((agr.name, docs))
    return merged


@dataclass
class GraphFigures:
    """The graph-level figures of one build, as graph_check.py reports them."""

    articles: int
    organisation_nodes: int
    agreement_nodes: int
    gold_organisations: int
    merged: list[tuple[str | None, list[str]]] = field(default_factory=list)
    duplicates: dict[str, list[str]] = field(default_factory=dict)
    spurious: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)  # articles the scratch build left out

    @property
    def duplicate_rate(self) -> float:
        return round(len(self.duplicates) / max(self.gold_organisations, 1), 3)

    @property
    def spurious_rate(self) -> float:
        return round(len(self.spurious) / max(self.organisation_nodes, 1), 3)

    def to_dict(self, every: bool = False) -> dict:
        """graph_check.py's ``--json`` shape; ``every``: all examples, duplicates by gold name."""
        if every:
            examples = {
                "merged": [list(m) for m in self.merged],
                "duplicates": self.duplicates,
                "spurious": self.spurious,
            }
        else:
            examples = {
                "merged": [list(m) for m in self.merged[: EXAMPLES["merged"]]],
                "duplicates": [
                    ids[:3] for ids in list(self.duplicates.values())[: EXAMPLES["duplicates"]]
                ],
                "spurious": self.spurious[: EXAMPLES["spurious"]],
            }
        return {
            "articles": self.articles,
            "organisation_nodes": self.organisation_nodes,
            "agreement_nodes": self.agreement_nodes,
            "merged_agreements": len(self.merged),
            "duplicate_organisations": len(self.duplicates),
            "duplicate_rate": self.duplicate_rate,
            "spurious_organisations": len(self.spurious),
            "spurious_rate": self.spurious_rate,
            "examples": examples,
        }

    def to_text(self, every: bool = False) -> str:
        """The figures one a line, then the examples, as graph_check.py prints them."""
        data = self.to_dict(every)
        lines = [f"{k:26s} {v}" for k, v in data.items() if k != "examples"]
        # graph_check.py's escapes by default, so the two outputs can be compared byte for byte
        examples = json.dumps(data["examples"], indent=1, ensure_ascii=not every)
        return "\n".join([*lines, examples])


def measure(
    gold: Gold, organisations: list[OrganisationRow], agreements: list[AgreementRow]
) -> GraphFigures:
    """All three measures of a graph's rows against the gold."""
    return GraphFigures(
        articles=len(gold),
        organisation_nodes=len(organisations),
        agreement_nodes=len(agreements),
        gold_organisations=gold_organisation_count(gold),
        merged=merged_agreements(gold, agreements),
        duplicates=duplicate_organisations(gold, organisations),
        spurious=spurious_organisations(gold, organisations),
    )


# ---------------------------------------------------------------------- reading the graph
def read_graph(
    driver: neo4j.Driver, database: str | None = None
) -> tuple[list[OrganisationRow], list[AgreementRow]]:
    """Every Organisation and Agreement node with the articles its evidence is stated in."""
    ont = ontology.load()
    orgs_query = (
        f"MATCH (o:{ont.label('Organisation')}) "
        f"OPTIONAL MATCH (e:{ont.label('Evidence')} {{fact: o.id}})"
        f"-[:{ont.rel('statedIn')}]->(a:{ont.label('Article')}) "
        "RETURN o.id AS id, o.name AS name, coalesce(o.aliases, []) AS aliases, "
        "collect(DISTINCT a.id) AS articles"
    )
    # an agreement is stated where its own evidence or a PARTY_TO edge's evidence is
    agrs_query = (
        f"MATCH (g:{ont.label('Agreement')}) "
        f"OPTIONAL MATCH (:{ont.label('Organisation')})-[p:{ont.rel('partyTo')}]->(g) "
        "WITH g, collect(p.key) + [g.id] AS facts "
        f"OPTIONAL MATCH (e:{ont.label('Evidence')})-[:{ont.rel('statedIn')}]->"
        f"(a:{ont.label('Article')}) WHERE e.fact IN facts "
        "RETURN g.id AS id, g.name AS name, collect(DISTINCT a.id) AS articles"
    )
    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        orgs = [
            OrganisationRow(r["id"], r["name"] or "", tuple(r["aliases"]), tuple(r["articles"]))
            for r in session.run(orgs_query)
        ]
        agrs = [
            AgreementRow(r["id"], r["name"], tuple(r["articles"])) for r in session.run(agrs_query)
        ]
    return orgs, agrs


# ---------------------------------------------------------------------- the scratch build
def copy_gold_articles(gold: Gold, gold_dir: Path, corpus: Path) -> None:
    """Each gold article's text and metadata sidecar into a corpus folder, as graph_check does."""
    corpus.mkdir(parents=True, exist_ok=True)
    for doc in gold:
        text = Path(gold_dir) / f"{doc}.txt"
        if not text.is_file():
            raise GoldError(f"{Path(gold_dir) / doc}.json: no {text.name} beside it")
        shutil.copy(text, corpus / text.name)
        side = Path(gold_dir) / f"{doc}.meta.json"
        if side.exists():
            try:
                meta = json.loads(side.read_text(encoding="utf-8"))
            except (ValueError, UnicodeDecodeError) as err:
                raise GoldError(f"{side}: not valid JSON: {err}") from err
            meta.pop("trimmed", None)
            if meta.get("title") is None:
                meta.pop("title", None)
            (corpus / side.name).write_text(json.dumps(meta), encoding="utf-8")


def free_ports(count: int) -> list[int]:
    """Ports on 127.0.0.1 that nothing listens on now, all different (held open together)."""
    with contextlib.ExitStack() as stack:
        ports = []
        for _ in range(count):
            sock = stack.enter_context(socket.socket(socket.AF_INET, socket.SOCK_STREAM))
            sock.bind(("127.0.0.1", 0))
            ports.append(sock.getsockname()[1])
    return ports


def scratch_settings(settings: Settings, work: Path) -> Settings:
    """Settings for a managed Neo4j and a corpus of its own under ``work``, on free ports."""
    bolt, http = free_ports(2)
    return dataclasses.replace(
        settings,
        var=work / "var",
        corpus=work / "corpus",
        out=work / "out",
        neo4j_uri=None,
        neo4j_user="neo4j",
        neo4j_password=None,
        neo4j_database=None,
        bolt_port=bolt,
        http_port=http,
    )


@contextlib.contextmanager
def _signals(handler: Callable | int, *signums: signal.Signals) -> Iterator[None]:
    """Handle the signals so while inside (only the main thread can), then as before."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.signal(signum, handler) for signum in signums}
    try:
        yield
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)


def _exit_on_signal(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def _share_jars(settings: Settings, scratch: Settings) -> None:
    """Point the scratch server at the user's Neo4j jars (fetched once), not a new download."""
    if not neo4j_server.is_installed(settings):
        neo4j_server.ensure_installed(settings)
    lib = neo4j_server.home(scratch) / "lib"
    lib.parent.mkdir(parents=True, exist_ok=True)
    lib.symlink_to(neo4j_server.home(settings) / "lib", target_is_directory=True)


@contextlib.contextmanager
def scratch_graph(
    settings: Settings, progress: Progress | None = None
) -> Iterator[tuple[Settings, neo4j.Driver]]:
    """A running Neo4j of its own in a temporary folder, stopped and removed on leaving.

    The user's graph and ports are never touched: of their var/ only the Neo4j
    jars are read (and fetched first if missing). The server is stopped and
    the folder removed also on errors, Ctrl-C and SIGTERM.
    """
    work = Path(tempfile.mkdtemp(prefix="kg-eval-graph-"))
    scratch = scratch_settings(settings, work)
    started = False
    try:
        # SIGTERM (a timeout, a kill) unwinds like Ctrl-C, so the cleanup below runs
        with _signals(_exit_on_signal, signal.SIGTERM):
            _share_jars(settings, scratch)
            if progress:
                progress("start Neo4j", 0, None)
            started = True
            neo4j_server.start(scratch)
            if progress:
                progress("start Neo4j", 1, 1)
            with db.connect(scratch) as driver:
                yield scratch, driver
    finally:
        # a second Ctrl-C must not leave the server running
        with _signals(signal.SIG_IGN, signal.SIGINT, signal.SIGTERM):
            try:
                if started:
                    neo4j_server.stop(scratch)
            finally:
                shutil.rmtree(work, ignore_errors=True)


def evaluate_graph(
    gold_dir: Path,
    settings: Settings,
    *,
    records: Iterable[Record] = (),
    processes: int = 1,
    progress: Progress | None = None,
) -> GraphFigures:
    """Build the gold folder's articles into a scratch graph and measure it against the gold.

    ``records`` already extracted from these articles (by ``kg eval``) seed the
    scratch record cache, so the build loads them instead of extracting again.
    """
    from kg.build import build_graph

    gold = load_gold(gold_dir)
    with scratch_graph(settings, progress) as (scratch, driver):
        copy_gold_articles(gold, gold_dir, scratch.corpus)
        cache = RecordCache(scratch.var / "cache" / "records", pipeline_fingerprint(scratch.model))
        for record in records:
            cache.put(record)
        if progress:  # the loader reports per batch of 500 articles: say a build goes on
            progress("build the graph", 0, None)
        report = build_graph(scratch, driver, processes=processes, progress=progress)
        if progress:
            progress("build the graph", 1, 1)
        organisations, agreements = read_graph(driver, scratch.neo4j_database)
    figures = measure(gold, organisations, agreements)
    figures.rejected = [str(err) for err in report.errors]
    return figures
