#!/usr/bin/env python3
"""How fast the saved queries answer on a graph of N synthetic articles.

usage: python benchmarks/bench_queries.py [--articles 10000] [--runs 20] [--seed 7]
                                          [--reuse] [--wipe] [--only NAME ...]

Builds the graph from synthetic extraction *records* (no spaCy, no article
text): real country, agency, body and company names, agreements of every type
and date precision, partnerships, memberships, agencies of states, area
mentions, with hub countries so degrees are skewed as in news. The fixture
corpus of the query tests is loaded too, so every query's example call finds
its names. Then each saved query runs ``--runs`` times with its example
parameters (after two warm-up runs) and p50/p95 in milliseconds are printed.

It empties the database first: run it against a Neo4j of its own, e.g.
``CYBERKG_VAR=/tmp/kg-bench CYBERKG_BOLT_PORT=7712 CYBERKG_HTTP_PORT=7412``.
It refuses to empty a database holding articles it did not write unless
``--wipe`` is given. ``--reuse`` keeps a graph an earlier run built with the
same number of articles and seed.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import neo4j  # noqa: E402
import pycountry  # noqa: E402

import ontology  # noqa: E402
from extract.records import (  # noqa: E402
    Agreement,
    AreaMention,
    ArticleMeta,
    Evidence,
    Organisation,
    Record,
    Relation,
)
from kg.queries import coerce_params, list_queries, run_query  # noqa: E402
from kg.settings import get_settings  # noqa: E402
from kg.store import db  # noqa: E402
from kg.store.load import Loader, graph_counts  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "query_records.jsonl"
SYNTH_PREFIX = "synth-"
HUBS = ["Kenya", "Romania", "Nigeria", "Ghana", "Estonia", "France", "Singapore", "Brazil"]
BODIES = {
    "African Union": ["Kenya", "Nigeria", "Ghana", "Senegal", "Rwanda", "Egypt", "Morocco"],
    "European Union": ["Romania", "Estonia", "France", "Germany", "Spain", "Italy", "Poland"],
    "Economic Community of West African States": ["Nigeria", "Ghana", "Senegal", "Benin"],
    "Association of Southeast Asian Nations": ["Singapore", "Malaysia", "Indonesia", "Viet Nam"],
    "Organization of American States": ["Brazil", "Mexico", "Chile", "Colombia", "Canada"],
    "Southern African Development Community": ["Botswana", "Zambia", "Namibia", "Mozambique"],
    "East African Community": ["Kenya", "Rwanda", "Uganda", "Tanzania, United Republic of"],
    "Gulf Cooperation Council": ["Qatar", "Oman", "Kuwait", "Bahrain", "Saudi Arabia"],
    "NATO": ["France", "Germany", "Estonia", "Romania", "Poland", "Canada", "Spain"],
    "Council of Europe": ["France", "Germany", "Romania", "Estonia", "Italy"],
    "Commonwealth of Nations": ["Kenya", "Nigeria", "Ghana", "Singapore", "Canada", "Rwanda"],
}
AGENCIES = [
    ("National Cyber Security Centre", "government-agency"),
    ("Ministry of Information and Communications Technology", "government-agency"),
    ("National Computer Incident Response Team", "cert"),
    ("Cybercrime Unit of the National Police", "law-enforcement"),
    ("Data Protection Authority", "government-agency"),
]
COMPANIES = [
    "Microsoft", "Cisco", "Huawei", "Kaspersky", "IBM", "Google", "Safetech Innovations",
    "Orange Cyberdefense", "Thales", "Airbus CyberSecurity", "Palo Alto Networks", "Fortinet",
    "Check Point Software", "Trend Micro", "Bitdefender", "Liquid Intelligent Technologies",
    "Safaricom", "MTN Group", "Ericsson", "Nokia", "Deloitte", "KPMG", "Accenture", "Mastercard",
]  # fmt: skip
OTHER = [
    ("Interpol", "law-enforcement"),
    ("Europol", "law-enforcement"),
    ("Afripol", "law-enforcement"),
    ("Global Forum on Cyber Expertise", "ngo"),
    ("International Telecommunication Union", "intergovernmental"),
    ("United Nations Office on Drugs and Crime", "intergovernmental"),
    ("World Bank", "intergovernmental"),
    ("University of Oxford", "academic"),
    ("Carnegie Mellon University", "academic"),
]
VERBS = ["signed", "agreed", "launched", "renewed", "adopted"]


class Synth:
    """Records of article i depend only on (seed, i)."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        ont = ontology.load()
        self.areas = sorted(ont.areas)
        self.agreement_types = sorted(ont.agreement_types)
        countries = sorted(getattr(c, "common_name", None) or c.name for c in pycountry.countries)
        rng = random.Random(seed)
        rng.shuffle(countries)
        members = {m for ms in BODIES.values() for m in ms}
        self.countries = (
            HUBS
            + sorted(members - set(HUBS))
            + [c for c in countries if c not in members and c not in HUBS]
        )
        # skewed: the first countries are the hubs news talks about most
        self.country_weights = [1.0 / (i + 1) ** 0.8 for i in range(len(self.countries))]

    def _country(self, rng: random.Random) -> str:
        return rng.choices(self.countries, self.country_weights)[0]

    def _actor(self, rng: random.Random) -> Organisation:
        roll = rng.random()
        if roll < 0.45:
            return Organisation(self._country(rng), "country")
        if roll < 0.7:
            name, otype = rng.choice(AGENCIES)
            return Organisation(name, otype, country=self._country(rng))
        if roll < 0.85:
            return Organisation(rng.choice(COMPANIES), "company")
        if roll < 0.93:
            return Organisation(rng.choice(sorted(BODIES)), "intergovernmental")
        name, otype = rng.choice(OTHER)
        return Organisation(name, otype)

    def record(self, i: int) -> Record:
        rng = random.Random(f"{self.seed}/{i}")
        year = rng.randint(2010, 2025)
        published = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        meta = ArticleMeta(
            id=f"{SYNTH_PREFIX}{i:06d}",
            title=f"Synthetic cyber cooperation news {i}",
            url=f"https://synthetic.example.org/{i}",
            published=published,
            publisher="Synthetic Wire",
            language="en",
            sha256=f"{i:064x}",
        )
        orgs: dict[str, Organisation] = {}  # by name: parties name organisations
        wanted = rng.randint(2, 4)
        while len(orgs) < wanted:
            org = self._actor(rng)
            orgs.setdefault(org.name, org)
        names = list(orgs)
        pos = 0

        def ev(text: str) -> list[Evidence]:
            nonlocal pos
            start, pos = pos, pos + len(text) + 1
            return [Evidence(text, start, start + len(text))]

        rec = Record(article=meta, organisations=list(orgs.values()), pipeline="bench-synth")
        parties = names[: rng.randint(2, len(names))]
        areas = rng.sample(self.areas, rng.randint(1, 3))
        atype = rng.choice(self.agreement_types)
        precision = rng.random()
        date = (
            None
            if precision < 0.1
            else str(year)
            if precision < 0.3
            else published[:7]
            if precision < 0.5
            else published
        )
        sentence = f"{' and '.join(parties)} {rng.choice(VERBS)} a {atype} on {', '.join(areas)}."
        rec.agreements.append(
            Agreement(
                type=atype,
                name=f"{' – '.join(sorted(parties))} {atype} {i}",
                parties=parties,
                areas=areas,
                date=date,
                place=rng.choice([None, "Nairobi", "Bucharest", "Geneva", "Singapore"]),
                evidence=ev(sentence),
            )
        )
        if len(names) >= 2 and rng.random() < 0.6:
            a, b = rng.sample(names, 2)
            rec.partnerships.append(Relation(a, b, ev(f"{a} will work with {b}.")))
        for org in orgs.values():
            if org.type == "country" and rng.random() < 0.3:
                bodies = [b for b, ms in BODIES.items() if org.name in ms]
                if bodies:
                    body = rng.choice(bodies)
                    rec.organisations.append(Organisation(body, "intergovernmental"))
                    rec.memberships.append(
                        Relation(org.name, body, ev(f"{org.name} is a member of {body}."))
                    )
            if org.country is not None and rng.random() < 0.5:
                rec.organisations.append(Organisation(org.country, "country"))
                rec.part_of.append(
                    Relation(
                        org.name, org.country, ev(f"{org.name} is an agency of {org.country}.")
                    )
                )
        for area in areas[:2]:
            rec.areas.append(AreaMention(area, ev(f"They will cooperate on {area}.")))
        return rec


def synthetic_records(n: int, seed: int) -> list[Record]:
    synth = Synth(seed)
    return [synth.record(i) for i in range(n)]


def fixture_records() -> list[Record]:
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    return [Record.from_dict(json.loads(line)) for line in lines if line.strip()]


def article_ids(driver: neo4j.Driver, database: str | None) -> tuple[int, int]:
    """(synthetic articles, other articles) in the graph."""
    records, _, _ = driver.execute_query(
        "MATCH (a:Article) RETURN a.id STARTS WITH $p AS synth, count(*) AS n",
        p=SYNTH_PREFIX,
        database_=database,
        routing_=neo4j.RoutingControl.READ,
    )
    counts = {r["synth"]: r["n"] for r in records}
    return counts.get(True, 0), counts.get(False, 0)


def build(driver: neo4j.Driver, database: str | None, n: int, seed: int, wipe: bool) -> float:
    synth, other = article_ids(driver, database)
    fixture_ids = {r.article.id for r in fixture_records()}
    if other > len(fixture_ids) and not wipe:
        sys.exit(
            f"error: the database holds {other} articles this benchmark did not write; "
            "point it at a Neo4j of its own (CYBERKG_VAR/CYBERKG_BOLT_PORT) or pass --wipe"
        )
    with driver.session(database=database) as session:
        session.run(
            "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
        ).consume()
    started = time.perf_counter()
    records = synthetic_records(n, seed)
    loader = Loader(driver, database=database)
    batch = 1000
    for i in range(0, len(records), batch):
        loader.load(records[i : i + batch])
        print(f"  loaded {min(i + batch, n)}/{n} articles", file=sys.stderr)
    loader.load(fixture_records())
    with driver.session(database=database) as session:
        session.run("CALL db.awaitIndexes(300)").consume()
    return time.perf_counter() - started


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--reuse", action="store_true", help="keep a graph of the same size")
    parser.add_argument("--wipe", action="store_true", help="empty a database of other articles")
    parser.add_argument("--only", nargs="*", help="only these queries")
    args = parser.parse_args()

    settings = get_settings()
    database = db.database(settings)
    driver = db.ensure_database(settings)
    with driver:
        synth, _ = article_ids(driver, database)
        if args.reuse and synth == args.articles:
            print(f"reusing the graph of {synth} synthetic articles", file=sys.stderr)
        else:
            secs = build(driver, database, args.articles, args.seed, args.wipe)
            print(f"built the graph of {args.articles} articles in {secs:.0f} s", file=sys.stderr)
        counts = graph_counts(driver, database)
        print("graph: " + ", ".join(f"{k}={v}" for k, v in counts.items()))
        print(f"{'query':<26} {'rows':>6} {'p50 ms':>8} {'p95 ms':>8}")
        for query in list_queries(settings.queries):
            if args.only and query.name not in args.only:
                continue
            params = coerce_params(query, query.example_params())
            times = []
            rows = 0
            for i in range(args.runs + 2):
                started = time.perf_counter()
                result = run_query(driver, query, params, database)
                if i >= 2:  # two warm-up runs: plan cache and page cache
                    times.append((time.perf_counter() - started) * 1000)
                rows = len(result.rows)
            print(
                f"{query.name:<26} {rows:>6} {statistics.median(times):>8.1f} "
                f"{percentile(times, 0.95):>8.1f}"
            )


if __name__ == "__main__":
    main()
