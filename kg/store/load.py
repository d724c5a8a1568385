"""Loading resolved rows into Neo4j: batched ``UNWIND … MERGE`` on stable keys.

Loading is per article: an article's old evidence is dropped and its facts are
merged again, then facts that no evidence supports any more are pruned, and the
properties of every fact the change touched are derived again from the claims
of the evidence that supports it now (``kg.resolve.derive_*``). So a second load
of the same records changes nothing, an edited article replaces its facts and a
removed article's facts leave, while facts other articles state stay — and the
graph after any sequence of loads and removals is the graph a clean load of the
same articles gives.

Each batch of articles (a load, or a removal) is one transaction: a crash or a
dying server leaves the graph as it was before the batch, and the batch's
articles stay unmarked, so the next build does it again. Labels and
relationship types come from the ontology; every value is a parameter.

Upkeep is scoped: pruning and derivation look only at the facts the loaded or
removed articles touched, found through the evidence index, so adding one
article to a graph of 10,000 costs milliseconds, not a scan of the graph.
Writes go through the driver's managed transactions, which retry on transient
errors and route to the leader of a cluster (``neo4j://`` URIs).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import neo4j

import ontology
from extract.records import Record
from kg.resolve import (
    Resolver,
    Rows,
    derive_agreement,
    derive_organisation,
    derive_relationship,
    extend_relationship,
)

BATCH_SIZE = 2000
# The shape of the graph this loader writes: a graph stamped with an older one is
# reloaded and healed (every fact pruned and derived again) by the next build.
# 3: a body that parties make together is keyed by its name and its parties.
GRAPH_FORMAT = 3
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
        resolver: Resolver | None = None,
    ) -> None:
        self.driver = driver
        self.resolver = resolver  # default: a new one per load, with the corrections of now
        self.database = database
        self.batch_size = batch_size
        self.pipeline = pipeline  # stored on Article nodes; default: each record's own
        self._schema_ready = False
        self.ont = ontology.load()
        o = self.ont
        self.L = {name: c.label for name, c in o.classes.items()}
        self.type_labels = sorted({c.neo4j_label for c in o.org_types.values() if c.neo4j_label})
        self.rel_types = {r.type for r in o.relations.values()}

    # ------------------------------------------------------------------ plumbing
    def _run(self, tx: neo4j.ManagedTransaction, query: str, rows: Sequence | None, **params):
        """Run a query inside ``tx``, in batches over ``rows``; returns what it returns."""
        if rows is None:
            return [r.data() for r in tx.run(query, **params)]
        out: list[dict] = []
        for batch in _batches(rows, self.batch_size):
            out.extend(r.data() for r in tx.run(query, rows=batch, **params))
        return out

    def _transaction(self, work: Callable[[neo4j.ManagedTransaction], object]) -> object:
        with self.driver.session(database=self.database) as session:
            return session.execute_write(work)

    def _write(self, query: str, rows: Sequence[dict] | None = None, **params) -> int:
        """Run a write query in a transaction of its own; returns rows sent."""
        self._transaction(lambda tx: self._run(tx, query, rows, **params))
        return len(rows) if rows is not None else 0

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
        """Merge the records' facts, replacing what the same articles said before.

        One transaction: a crash leaves the graph as it was and the articles unmarked.
        """
        rows = (self.resolver or Resolver()).resolve(records)
        stats = LoadStats(articles=len(rows.articles))
        if not self._schema_ready:
            self.ensure_schema()
        marks = [
            {
                "id": r.article.id,
                "sha256": r.article.sha256,
                "pipeline": self.pipeline or r.pipeline or None,
            }
            for r in records
        ]

        def work(tx: neo4j.ManagedTransaction) -> tuple[int, int]:
            touched = self._forget(tx, [a["id"] for a in rows.articles])
            n = 0
            for step in (
                self._articles,
                self._organisations,
                self._agreements,
                self._relations,
                self._evidence,
            ):
                n += step(tx, rows)
            pruned = self._prune(tx, touched)
            self._derive(tx, touched, _added_claims(rows))
            self._run(
                tx,
                f"UNWIND $rows AS row MATCH (a:{self.L['Article']} {{id: row.id}}) "
                "SET a.sha256 = row.sha256, a.pipeline = row.pipeline",
                marks,
            )
            return n, pruned

        stats.rows, stats.pruned = self._transaction(work)  # type: ignore[misc]
        if progress:
            progress(1)
        return stats

    def remove_articles(self, article_ids: list[str]) -> int:
        """Remove articles and every fact only they supported (one transaction); facts pruned."""

        def work(tx: neo4j.ManagedTransaction) -> int:
            touched = self._forget(tx, article_ids)
            self._run(
                tx,
                f"UNWIND $rows AS id MATCH (a:{self.L['Article']} {{id: id}}) DETACH DELETE a",
                article_ids,
            )
            pruned = self._prune(tx, touched)
            self._derive(tx, touched)
            return pruned

        return int(self._transaction(work))  # type: ignore[arg-type]

    def _forget(self, tx: neo4j.ManagedTransaction, article_ids: list[str]) -> set[Fact]:
        """Drop the evidence of these articles; returns the facts it supported."""
        query = (
            f"UNWIND $rows AS id MATCH (e:{self.L['Evidence']} {{article: id}}) "
            "WITH e, e.fact AS fact, e.kind AS kind DETACH DELETE e "
            "RETURN DISTINCT fact, kind"
        )
        return {Fact(r["fact"], r["kind"]) for r in self._run(tx, query, article_ids)}

    def _articles(self, tx: neo4j.ManagedTransaction, rows: Rows) -> int:
        self._run(
            tx,
            f"UNWIND $rows AS row MERGE (a:{self.L['Article']} {{id: row.id}}) "
            "SET a.title = row.title, a.url = row.url, a.published = row.published, "
            "a.published_precision = row.published_precision, "
            "a.published_source = row.published_source, "
            "a.publisher = row.publisher, a.language = row.language, "
            "a.sha256 = null, a.pipeline = null",
            rows.articles,
        )
        # an edited article's areas are replaced, not added to
        self._run(
            tx,
            f"UNWIND $rows AS row MATCH (a:{self.L['Article']} {{id: row.id}})"
            f"-[r:{self.ont.rel('mentionsArea')}]->() DELETE r",
            rows.articles,
        )
        self._run(
            tx,
            f"UNWIND $rows AS row MATCH (a:{self.L['Article']} {{id: row.article}}) "
            f"MATCH (c:{self.L['CommitmentArea']} {{id: row.area}}) "
            f"MERGE (a)-[r:{self.ont.rel('mentionsArea')} {{key: row.key}}]->(c)",
            rows.article_areas,
        )
        return len(rows.articles) + len(rows.article_areas)

    def _organisations(self, tx: neo4j.ManagedTransaction, rows: Rows) -> int:
        # Properties come from ``_derive``; here a new node gets its id and first values.
        self._run(
            tx,
            f"UNWIND $rows AS row MERGE (o:{self.L['Organisation']} {{id: row.id}}) "
            "ON CREATE SET o.name = row.name, o.type = row.type",
            _stated(rows, rows.organisations),
        )
        return len(rows.organisations)

    def _agreements(self, tx: neo4j.ManagedTransaction, rows: Rows) -> int:
        self._run(
            tx,
            f"UNWIND $rows AS row MERGE (g:{self.L['Agreement']} {{id: row.id}}) "
            "ON CREATE SET g.label = row.label, g.type = row.type",
            _stated(rows, rows.agreements),
        )
        return len(rows.agreements)

    def _relations(self, tx: neo4j.ManagedTransaction, rows: Rows) -> int:
        n = 0
        for rel in self.ont.relations.values():
            group = list(rows.relations.get(rel.type, {}).values())
            if not group:
                continue
            src, dst = self.L[rel.domain], self.L[rel.range]
            self._run(
                tx,
                f"UNWIND $rows AS row MATCH (a:{src} {{id: row.source}}) "
                f"MATCH (b:{dst} {{id: row.target}}) "
                f"MERGE (a)-[r:{rel.type} {{key: row.key}}]->(b)",
                group,
            )
            n += len(group)
        return n

    def _evidence(self, tx: neo4j.ManagedTransaction, rows: Rows) -> int:
        # CREATE, not MERGE: ``load`` has just forgotten all evidence of these articles,
        # and evidence ids are unique per article (the constraint would refuse a duplicate).
        self._run(
            tx,
            f"UNWIND $rows AS row MATCH (a:{self.L['Article']} {{id: row.article}}) "
            f"CREATE (e:{self.L['Evidence']} {{id: row.id, fact: row.fact, kind: row.kind, "
            "article: row.article, quote: row.quote, start: row.start, end: row.end, "
            f"claim: row.claim}})-[:{self.ont.rel('statedIn')}]->(a)",
            list(rows.evidence.values()),
        )
        return len(rows.evidence)

    # ------------------------------------------------------------------ derivation
    def _claims(self, tx: neo4j.ManagedTransaction, facts: list[str]) -> dict[str, list]:
        """Fact → [(claim, number of articles stating it)] from the evidence that exists now."""
        out: dict[str, list] = defaultdict(list)
        query = (
            f"UNWIND $rows AS f MATCH (e:{self.L['Evidence']} {{fact: f}}) "
            "WHERE e.claim IS NOT NULL "
            "WITH DISTINCT f, e.article AS art, e.claim AS claim "
            "RETURN f, claim, count(*) AS n"
        )
        for r in self._run(tx, query, facts):
            out[r["f"]].append((json.loads(r["claim"]), r["n"]))
        return out

    def _derive(
        self,
        tx: neo4j.ManagedTransaction,
        facts: Iterable[Fact],
        added: dict[Fact, list[dict]] | None = None,
    ) -> None:
        """Set every property of these facts from the claims that support them now.

        ``facts`` lost or changed support: they are derived from all their claims.
        ``added`` are facts that only gained the claims given (new articles): where
        the new claims agree with what the fact already says, the result is known
        without reading the others (adding votes to the winner keeps it the
        winner; sums, unions, minima and maxima take one more term), so a hub that
        thousands of articles name costs no more than a new body.
        """
        full: dict[str, set[str]] = defaultdict(set)
        for f in facts:
            full[f.kind].add(f.fact)
        inc: dict[str, dict[str, list[dict]]] = defaultdict(dict)
        for f, claims in (added or {}).items():
            if f.fact not in full.get(f.kind, ()):
                inc[f.kind][f.fact] = claims
        org, agr = self.L["Organisation"], self.L["Agreement"]
        for label, agrees in ((org, _agrees_organisation), (agr, _agrees_agreement)):
            self._derive_nodes(tx, label, full[label], inc.get(label, {}), agrees)
        for rtype in sorted(self.rel_types & (set(full) | set(inc))):
            self._derive_relationships(tx, rtype, full.get(rtype, set()), inc.get(rtype, {}))

    def _derive_nodes(self, tx, label: str, full: set[str], inc: dict[str, list[dict]], agrees):
        weights: list[dict] = []
        if inc:
            current = self._run(
                tx,
                f"UNWIND $rows AS id MATCH (n:{label} {{id: id}}) RETURN id, properties(n) AS p",
                sorted(inc),
            )
            for row in current:
                node, claims = row["p"], inc[row["id"]]
                if node.get("weight") is None or not all(agrees(node, c) for c in claims):
                    full.add(row["id"])
                else:
                    weights.append({"id": row["id"], "weight": node["weight"] + len(claims)})
        if weights:
            self._run(
                tx,
                f"UNWIND $rows AS row MATCH (n:{label} {{id: row.id}}) SET n.weight = row.weight",
                weights,
            )
        if not full:
            return
        claims = self._claims(tx, sorted(full))
        if label == self.L["Organisation"]:
            rows = [{"id": k, **derive_organisation(v, self.ont)} for k, v in claims.items()]
            self._run(
                tx,
                f"UNWIND $rows AS row MATCH (o:{label} {{id: row.id}}) "
                "SET o.name = row.name, o.type = row.type, o.country = row.country, "
                "o.country_code = row.country_code, o.wikidata = row.wikidata, "
                "o.aliases = row.aliases, o.weight = row.weight "
                "REMOVE o:$($type_labels) "
                "SET o:$(CASE WHEN row.label IS NULL THEN [] ELSE [row.label] END)",
                rows,
                type_labels=self.type_labels,
            )
        else:
            rows = [{"id": k, **derive_agreement(v)} for k, v in claims.items()]
            self._run(
                tx,
                f"UNWIND $rows AS row MATCH (g:{label} {{id: row.id}}) "
                "SET g.name = row.name, g.label = row.label, g.type = row.type, "
                "g.date = row.date, g.date_precision = row.date_precision, "
                "g.place = row.place, g.weight = row.weight",
                rows,
            )

    def _derive_relationships(
        self, tx, rtype: str, full: set[str], inc: dict[str, list[dict]]
    ) -> None:
        rows: list[dict] = []
        if inc:
            current = self._run(
                tx,
                f"UNWIND $rows AS k MATCH ()-[r:{rtype} {{key: k}}]->() "
                "RETURN k, properties(r) AS p",
                sorted(inc),
            )
            for row in current:
                rows.append({"key": row["k"], **extend_relationship(row["p"], inc[row["k"]])})
        if full:
            claims = self._claims(tx, sorted(full))
            rows.extend({"key": k, **derive_relationship(v)} for k, v in claims.items())
        self._run(
            tx,
            f"UNWIND $rows AS row MATCH ()-[r:{rtype} {{key: row.key}}]->() "
            "SET r.areas = row.areas, r.weight = row.weight, "
            "r.first_seen = row.first_seen, r.last_seen = row.last_seen, "
            "r.first_seen_precision = row.first_seen_precision, "
            "r.last_seen_precision = row.last_seen_precision, "
            "r.first_seen_source = row.first_seen_source, "
            "r.last_seen_source = row.last_seen_source, r.date_source = row.date_source",
            rows,
        )

    # ------------------------------------------------------------------ upkeep
    def _prune(self, tx: neo4j.ManagedTransaction, facts: Iterable[Fact]) -> int:
        """Delete the relationships, agreements and organisations among ``facts`` that
        nothing supports any more, and the nodes left bare by them."""
        nodes: dict[str, set[str]] = {self.L["Agreement"]: set(), self.L["Organisation"]: set()}
        by_type: dict[str, list[str]] = {}
        for f in facts:
            if f.kind in self.rel_types:
                by_type.setdefault(f.kind, []).append(f.fact)
            elif f.kind in nodes:
                nodes[f.kind].add(f.fact)
        ev = self.L["Evidence"]
        total = 0
        for rtype, keys in sorted(by_type.items()):
            ends = self._run(
                tx,
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
                for r in self._run(
                    tx,
                    f"UNWIND $rows AS id MATCH (n:{label} {{id: id}}) "
                    f"WHERE NOT EXISTS {{ MATCH (e:{ev} {{fact: id}}) }} "
                    "AND NOT EXISTS { (n)--() } DELETE n RETURN count(*) AS n",
                    sorted(nodes[label]),
                )
            )
        return total

    def prune(self, facts: Iterable[Fact] | None = None) -> int:
        """Delete what nothing supports: among ``facts``, or (without) in the whole graph."""
        if facts is None:
            return self._prune_all()
        facts = list(facts)
        return int(self._transaction(lambda tx: self._prune(tx, facts)))  # type: ignore[arg-type]

    def _prune_all(self) -> int:
        ev = self.L["Evidence"]
        total = 0
        queries = [
            # evidence whose article is gone (a crash of an older version)
            f"MATCH (e:{ev}) WHERE NOT EXISTS {{ (e)-[:{self.ont.rel('statedIn')}]->() }} "
            "WITH e LIMIT 10000 DETACH DELETE e RETURN count(*) AS n",
            "MATCH ()-[r]->() WHERE r.key IS NOT NULL "
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

    def heal(self) -> int:
        """Prune everything nothing supports and derive every fact again; returns facts pruned.

        What a build runs after a crash of an older version, or with ``--full``.
        """
        pruned = self._prune_all()
        ev = self.L["Evidence"]
        records, _, _ = self.driver.execute_query(
            f"MATCH (e:{ev}) RETURN DISTINCT e.fact AS fact, e.kind AS kind",
            database_=self.database,
            routing_=neo4j.RoutingControl.READ,
        )
        facts = [Fact(r["fact"], r["kind"]) for r in records]
        for i in range(0, len(facts), 20 * self.batch_size):
            chunk = facts[i : i + 20 * self.batch_size]
            self._transaction(lambda tx, c=chunk: self._derive(tx, c))
        return pruned

    def aggregate(self, keys: list[str] | None = None) -> None:
        """Derive the given relationships (or every fact) again from their evidence."""
        if keys is None:
            self.heal()
            return
        facts = [Fact(k, k.split("|", 1)[0]) for k in keys]
        self._transaction(lambda tx: self._derive(tx, facts))

    # ------------------------------------------------------------------ the graph's stamp
    def stamp(self, **info: object) -> None:
        """Record what built the graph (format, pipeline, time, articles) on its Build node."""
        self._write(
            f"MERGE (b:{self.L['Build']} {{id: 'graph'}}) SET b += $info",
            None,
            info={"format": GRAPH_FORMAT, **info},
        )

    def graph_format(self) -> int | None:
        records, _, _ = self.driver.execute_query(
            f"MATCH (b:{self.L['Build']} {{id: 'graph'}}) RETURN b.format AS f",
            database_=self.database,
            routing_=neo4j.RoutingControl.READ,
        )
        return records[0]["f"] if records else None


def _added_claims(rows: Rows) -> dict[Fact, list[dict]]:
    """The claims these rows add, per fact (one per article that states it)."""
    kinds = {e["fact"]: e["kind"] for e in rows.evidence.values()}
    out: dict[Fact, list[dict]] = defaultdict(list)
    for (fact, _article), claim in rows.claims.items():
        if fact in kinds:  # a claim without a sentence supports nothing
            out[Fact(fact, kinds[fact])].append(claim)
    return out


def _stated(rows: Rows, nodes: dict[str, dict]) -> list[dict]:
    """The nodes some sentence of these rows supports (a node nothing states is not made)."""
    facts = {e["fact"] for e in rows.evidence.values()}
    return [n for k, n in nodes.items() if k in facts]


def _same(value: object, current: object) -> bool:
    return value is None or value == current


def _agrees_organisation(node: dict, claim: dict) -> bool:
    """Whether adding this claim leaves the organisation's derived properties as they are."""
    known = {node.get("name"), *(node.get("aliases") or [])}
    return (
        claim.get("name") == node.get("name")
        and claim.get("type") == node.get("type")
        and (node.get("type") == "country" or _same(claim.get("country"), node.get("country")))
        and _same(claim.get("wikidata"), node.get("wikidata"))
        and set(claim.get("aliases") or []) <= known
    )


def _agrees_agreement(node: dict, claim: dict) -> bool:
    return all(_same(claim.get(k), node.get(k)) for k in ("name", "type", "date", "place")) and (
        claim.get("name") is not None or claim.get("label") == node.get("label")
    )


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
