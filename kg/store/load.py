"""Loading resolved rows into Neo4j: batched ``UNWIND … MERGE`` on stable keys.

Loading is per article: an article's old evidence is dropped and its facts are
merged again, then facts that no evidence supports any more are pruned. So a
second load of the same records changes nothing, an edited article replaces its
facts and a removed article's facts leave, while facts other articles state stay.
Labels and relationship types come from the ontology; every value is a parameter.

Upkeep is scoped: pruning and the cooperation weights look only at the facts the
loaded or removed articles touched, found through the evidence index, so adding
one article to a graph of 10,000 costs milliseconds, not a scan of the graph.
Every write goes through the driver's managed transactions, which retry on
transient errors and route to the leader of a cluster (``neo4j://`` URIs).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import neo4j

import ontology
from extract.records import Record
from kg.resolve import Resolver, Rows

BATCH_SIZE = 2000
Progress = Callable[[int], None]


@dataclass
class LoadStats:
    articles: int = 0
    rows: int = 0
    pruned: int = 0


@dataclass(frozen=True)
class Fact:
    """What an evidence node supports: a node id or a relationship key, and its kind."""

    fact: str
    kind: str


def _batches(rows: Sequence[dict], size: int) -> Iterable[list[dict]]:
    for i in range(0, len(rows), size):
        yield list(rows[i : i + size])


class Loader:
    """Writes rows through managed write transactions (retried on transient errors)."""

    def __init__(
        self,
        driver: neo4j.Driver,
        *,
        database: str | None = None,
        batch_size: int = BATCH_SIZE,
        pipeline: str | None = None,
    ) -> None:
        self.driver = driver
        self.database = database
        self.batch_size = batch_size
        self.pipeline = pipeline  # stored on Article nodes; default: each record's own
        self._schema_ready = False
        self.ont = ontology.load()
        o = self.ont
        self.L = {name: c.label for name, c in o.classes.items()}
        self.type_labels = sorted({c.neo4j_label for c in o.org_types.values() if c.neo4j_label})

    # ------------------------------------------------------------------ plumbing
    def _write(self, query: str, rows: Sequence[dict] | None = None, **params) -> int:
        """Run a write query, in batches over ``rows`` when given; returns rows sent."""

        def work(tx: neo4j.ManagedTransaction, batch: list[dict] | None) -> None:
            tx.run(query, rows=batch, **params).consume()

        with self.driver.session(database=self.database) as session:
            if rows is None:
                session.execute_write(work, None)
                return 0
            for batch in _batches(rows, self.batch_size):
                session.execute_write(work, batch)
        return len(rows)

    def _read_write(self, query: str, rows: Sequence) -> list[dict]:
        """Run a write query in batches over ``rows`` and collect what it returns."""

        def work(tx: neo4j.ManagedTransaction, batch: list) -> list[dict]:
            return [r.data() for r in tx.run(query, rows=batch)]

        out: list[dict] = []
        with self.driver.session(database=self.database) as session:
            for batch in _batches(rows, self.batch_size):
                out.extend(session.execute_write(work, batch))
        return out

    def ensure_schema(self) -> None:
        """Constraints and indexes from the ontology, and the commitment-area nodes."""
        created = 0
        with self.driver.session(database=self.database) as session:
            for stmt in self.ont.schema_statements():
                counters = session.run(stmt).consume().counters
                created += counters.indexes_added + counters.constraints_added
            if created:  # new indexes fill in the background: let loads use them
                session.run("CALL db.awaitIndexes(300)").consume()
        areas = [
            {"id": a.id, "label": a.label, "definition": a.definition, "iri": str(a.iri)}
            for a in self.ont.areas.values()
        ]
        self._write(
            f"UNWIND $rows AS row MERGE (c:{self.L['CommitmentArea']} {{id: row.id}}) "
            "SET c.label = row.label, c.definition = row.definition, c.iri = row.iri",
            areas,
        )
        self._schema_ready = True

    # ------------------------------------------------------------------ loading
    def load(self, records: list[Record], progress: Progress | None = None) -> LoadStats:
        """Merge the records' facts, replacing what the same articles said before."""
        rows = Resolver().resolve(records)
        stats = LoadStats(articles=len(rows.articles))
        if not self._schema_ready:
            self.ensure_schema()
        touched = self.forget([a["id"] for a in rows.articles])
        steps = (
            self._articles,
            self._organisations,
            self._agreements,
            self._relations,
            self._evidence,
        )
        for step in steps:
            stats.rows += step(rows)
            if progress:
                progress(1)
        stats.pruned = self.prune(touched)
        coop = self.ont.rel("cooperatesWith")
        keys = {r["key"] for r in rows.relations.get(coop, {}).values()}
        keys |= {f.fact for f in touched if f.kind == coop}
        self.aggregate(sorted(keys))
        self._commit_articles(records)
        return stats

    def _commit_articles(self, records: list[Record]) -> None:
        """Mark articles as loaded last: a crashed load leaves them unmarked, so reloaded."""
        marks = [
            {
                "id": r.article.id,
                "sha256": r.article.sha256,
                "pipeline": self.pipeline or r.pipeline or None,
            }
            for r in records
        ]
        self._write(
            f"UNWIND $rows AS row MATCH (a:{self.L['Article']} {{id: row.id}}) "
            "SET a.sha256 = row.sha256, a.pipeline = row.pipeline",
            marks,
        )

    def forget(self, article_ids: list[str]) -> set[Fact]:
        """Drop the evidence of these articles; returns the facts it supported, to prune."""
        query = (
            f"UNWIND $rows AS id MATCH (e:{self.L['Evidence']} {{article: id}}) "
            "WITH e, e.fact AS fact, e.kind AS kind DETACH DELETE e "
            "RETURN DISTINCT fact, kind"
        )
        return {Fact(r["fact"], r["kind"]) for r in self._read_write(query, article_ids)}

    def remove_articles(self, article_ids: list[str]) -> int:
        """Remove articles and every fact only they supported; returns facts pruned."""
        touched = self.forget(article_ids)
        self._write(
            f"UNWIND $rows AS id MATCH (a:{self.L['Article']} {{id: id}}) DETACH DELETE a",
            article_ids,
        )
        pruned = self.prune(touched)
        coop = self.ont.rel("cooperatesWith")
        self.aggregate(sorted(f.fact for f in touched if f.kind == coop))
        return pruned

    def _articles(self, rows: Rows) -> int:
        n = self._write(
            f"UNWIND $rows AS row MERGE (a:{self.L['Article']} {{id: row.id}}) "
            "SET a.title = row.title, a.url = row.url, a.published = row.published, "
            "a.publisher = row.publisher, a.language = row.language, "
            "a.sha256 = null, a.pipeline = null",
            rows.articles,
        )
        n += self._write(
            f"UNWIND $rows AS row MATCH (a:{self.L['Article']} {{id: row.article}}) "
            f"MATCH (c:{self.L['CommitmentArea']} {{id: row.area}}) "
            f"MERGE (a)-[r:{self.ont.rel('mentionsArea')} {{key: row.key}}]->(c)",
            rows.article_areas,
        )
        return n

    def _organisations(self, rows: Rows) -> int:
        # One query for all types: the type label is set from the row (Neo4j 5.26
        # dynamic labels; the values are the ontology's), so one plan serves every batch.
        return self._write(
            f"UNWIND $rows AS row MERGE (o:{self.L['Organisation']} {{id: row.id}}) "
            "SET o.name = row.name, o.type = row.type, o.country = row.country, "
            "o.wikidata = coalesce(row.wikidata, o.wikidata), "
            "o.aliases = coalesce(o.aliases, []) + "
            "[a IN row.aliases WHERE NOT a IN coalesce(o.aliases, [])] "
            "REMOVE o:$($type_labels) "
            "SET o:$(CASE WHEN row.label IS NULL THEN [] ELSE [row.label] END)",
            list(rows.organisations.values()),
            type_labels=self.type_labels,
        )

    def _agreements(self, rows: Rows) -> int:
        return self._write(
            f"UNWIND $rows AS row MERGE (g:{self.L['Agreement']} {{id: row.id}}) "
            "SET g.name = row.name, g.type = row.type, "
            "g.date = coalesce(row.date, g.date), g.place = coalesce(row.place, g.place)",
            list(rows.agreements.values()),
        )

    def _relations(self, rows: Rows) -> int:
        n = 0
        for rel in self.ont.relations.values():
            group = list(rows.relations.get(rel.type, {}).values())
            if not group:
                continue
            src, dst = self.L[rel.domain], self.L[rel.range]
            n += self._write(
                f"UNWIND $rows AS row MATCH (a:{src} {{id: row.source}}) "
                f"MATCH (b:{dst} {{id: row.target}}) "
                f"MERGE (a)-[r:{rel.type} {{key: row.key}}]->(b) "
                "SET r.areas = coalesce(r.areas, []) + "
                "[x IN row.areas WHERE NOT x IN coalesce(r.areas, [])]",
                group,
            )
        return n

    def _evidence(self, rows: Rows) -> int:
        # CREATE, not MERGE: ``load`` has just forgotten all evidence of these articles,
        # and evidence ids are unique per article (the constraint would refuse a duplicate).
        return self._write(
            f"UNWIND $rows AS row MATCH (a:{self.L['Article']} {{id: row.article}}) "
            f"CREATE (e:{self.L['Evidence']} {{id: row.id, fact: row.fact, kind: row.kind, "
            "article: row.article, quote: row.quote, start: row.start, end: row.end})"
            f"-[:{self.ont.rel('statedIn')}]->(a)",
            list(rows.evidence.values()),
        )

    # ------------------------------------------------------------------ upkeep
    def prune(self, facts: Iterable[Fact] | None = None) -> int:
        """Delete relationships, agreements and organisations that nothing supports.

        With ``facts`` (what ``forget`` returned), only those facts and the nodes
        they touch are checked; without, the whole graph is (slow on a large graph).
        """
        if facts is None:
            return self._prune_all()
        facts = list(facts)
        rel_types = {r.type for r in self.ont.relations.values()}
        nodes: dict[str, set[str]] = {self.L["Agreement"]: set(), self.L["Organisation"]: set()}
        by_type: dict[str, list[str]] = {}
        for f in facts:
            if f.kind in rel_types:
                by_type.setdefault(f.kind, []).append(f.fact)
            elif f.kind in nodes:
                nodes[f.kind].add(f.fact)
        ev = self.L["Evidence"]
        total = 0
        for rtype, keys in sorted(by_type.items()):
            ends = self._read_write(
                f"UNWIND $rows AS k MATCH (a)-[r:{rtype} {{key: k}}]->(b) "
                f"WHERE NOT EXISTS {{ MATCH (e:{ev} {{fact: k}}) }} "
                "WITH a, b, r, labels(a) AS la, labels(b) AS lb DELETE r "
                "RETURN a.id AS a, la, b.id AS b, lb",
                sorted(set(keys)),
            )
            total += len(ends)
            for row in ends:
                for node_id, labels in ((row["a"], row["la"]), (row["b"], row["lb"])):
                    for label in labels:
                        if label in nodes:
                            nodes[label].add(node_id)
        # agreements first: deleting one frees its parties
        for label in (self.L["Agreement"], self.L["Organisation"]):
            total += sum(
                r["n"]
                for r in self._read_write(
                    f"UNWIND $rows AS id MATCH (n:{label} {{id: id}}) "
                    f"WHERE NOT EXISTS {{ MATCH (e:{ev} {{fact: id}}) }} "
                    "AND NOT EXISTS { (n)--() } DELETE n RETURN count(*) AS n",
                    sorted(nodes[label]),
                )
            )
        return total

    def _prune_all(self) -> int:
        ev = self.L["Evidence"]
        total = 0
        queries = [
            f"MATCH ()-[r]->() WHERE r.key IS NOT NULL "
            f"AND NOT EXISTS {{ MATCH (e:{ev} {{fact: r.key}}) }} "
            "WITH r LIMIT 10000 DELETE r RETURN count(*) AS n",
            f"MATCH (g:{self.L['Agreement']}) WHERE NOT EXISTS {{ MATCH (e:{ev} {{fact: g.id}}) }} "
            f"AND NOT EXISTS {{ (g)--() }} WITH g LIMIT 10000 DELETE g RETURN count(*) AS n",
            f"MATCH (o:{self.L['Organisation']}) "
            f"WHERE NOT EXISTS {{ MATCH (e:{ev} {{fact: o.id}}) }} "
            "AND NOT EXISTS { (o)--() } WITH o LIMIT 10000 DELETE o RETURN count(*) AS n",
        ]
        with self.driver.session(database=self.database) as session:
            for q in queries:
                while True:
                    n = session.execute_write(lambda tx, q=q: tx.run(q).single()["n"])
                    total += n
                    if n < 10000:
                        break
        return total

    def aggregate(self, keys: list[str] | None = None) -> None:
        """Weight and first/last seen of cooperation edges, from their evidence."""
        coop = self.ont.rel("cooperatesWith")
        match = (
            f"UNWIND $rows AS key MATCH ()-[r:{coop} {{key: key}}]->() "
            if keys is not None
            else f"MATCH ()-[r:{coop}]->() "
        )
        query = (
            match + f"CALL (r) {{ MATCH (e:{self.L['Evidence']} {{fact: r.key}})"
            f"-[:{self.ont.rel('statedIn')}]->(a:{self.L['Article']}) "
            "RETURN count(DISTINCT a) AS w, min(a.published) AS f, max(a.published) AS l } "
            "SET r.weight = w, r.first_seen = f, r.last_seen = l"
        )
        self._write(query, keys)


def graph_counts(driver: neo4j.Driver, database: str | None = None) -> dict[str, int]:
    """Nodes per label and relationships per type: what idempotence is checked against."""
    records, _, _ = driver.execute_query(
        "CALL db.labels() YIELD label "
        "CALL (label) { MATCH (n) WHERE label IN labels(n) RETURN count(n) AS n } "
        "RETURN label AS k, n",
        database_=database,
        routing_=neo4j.RoutingControl.READ,
    )
    counts = {f"node:{r['k']}": r["n"] for r in records}
    records, _, _ = driver.execute_query(
        "CALL db.relationshipTypes() YIELD relationshipType AS t "
        "CALL (t) { MATCH ()-[r]->() WHERE type(r) = t RETURN count(r) AS n } "
        "RETURN t AS k, n",
        database_=database,
        routing_=neo4j.RoutingControl.READ,
    )
    counts.update({f"rel:{r['k']}": r["n"] for r in records})
    return {k: v for k, v in sorted(counts.items()) if v}
