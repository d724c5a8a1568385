"""Entity resolution: one stable key per real-world thing, so loads are idempotent.

Records name organisations as the article does; here each name becomes the id of
one node, shared across articles (gazetteer canonical names, aliases, case,
leading articles and possessives all fold to the same key). Keys are derived
from names and types only, never from load order.

Maintainers' corrections (``corpus/corrections.yaml``, see ``kg.corrections``)
are applied here, on every build: merges, aliases, renames, new types and
rejected organisations or relationships.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import ontology
from extract.records import Evidence, Organisation, Record
from kg import corrections as corrections_file
from kg.corrections import Corrections
from kg.names import digest, node_key, normalise, slug

GENERIC_TYPES = {"government-agency", "law-enforcement", "cert"}
MAX_REDIRECTS = 16
# Their names are proper names ("Safetech Innovations", "United States"): no folding.
VERBATIM_KEY_TYPES = {"country", "company"}
STOPWORDS = {"of", "for", "the", "and", "on", "in", "de", "national"}


def _gazetteer():
    try:
        from ontology.gazetteer import load_gazetteer
    except ImportError:  # the gazetteer is optional data
        return None
    return load_gazetteer()


@dataclass
class Rows:
    """Everything to load, as plain rows keyed by stable ids."""

    articles: list[dict] = field(default_factory=list)
    organisations: dict[str, dict] = field(default_factory=dict)
    agreements: dict[str, dict] = field(default_factory=dict)
    relations: dict[str, dict[str, dict]] = field(default_factory=dict)
    evidence: dict[str, dict] = field(default_factory=dict)
    article_areas: list[dict] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "articles": len(self.articles),
            "organisations": len(self.organisations),
            "agreements": len(self.agreements),
            "relations": sum(len(v) for v in self.relations.values()),
            "evidence": len(self.evidence),
        }


class Resolver:
    """Maps names to node ids; holds the gazetteer, the ontology's names and the corrections."""

    def __init__(self, corrections: Corrections | None = None) -> None:
        self.ont = ontology.load()
        self.gazetteer = _gazetteer()
        self.corrections = corrections if corrections is not None else corrections_file.load()
        # node id -> every key a correction may name it by (see kg.corrections.name_key)
        self.node_keys: dict[str, set[str]] = {}

    def _row(
        self,
        name: str,
        org_type: str,
        country: str | None,
        wikidata: str | None = None,
        aliases: list[str] | None = None,
    ) -> dict:
        if org_type not in self.ont.org_types:
            org_type = "other"
        if org_type == "country":
            country = name
        key = slug(name) if org_type in VERBATIM_KEY_TYPES else node_key(name)
        if org_type in GENERIC_TYPES and country and normalise(country) not in normalise(name):
            key = f"{slug(country)}/{key}"
        return {
            "id": key,
            "name": name,
            "type": org_type,
            "label": self.ont.org_label(org_type),
            "country": country,
            "wikidata": wikidata,
            "aliases": list(aliases or []),
        }

    def _lookup(self, name: str, org_type: str, country: str | None) -> dict:
        """The uncorrected row: the gazetteer's entry if it knows the name."""
        entry = self.gazetteer.lookup(name) if self.gazetteer else None
        if entry is not None:
            return self._row(
                entry.name,
                entry.type,
                self.gazetteer.country_name(entry.country) or country,
                getattr(entry, "wikidata", None),
                list(getattr(entry, "aliases", ()) or ()),
            )
        return self._row(re.sub(r"^(the|The)\s+", "", name.strip()), org_type, country)

    def _known_as(self, org: Organisation) -> str:
        """The organisation's name, or the alias by which the gazetteer knows it.

        "National Cybersecurity Institute (INCIBE)" is the gazetteer's INCIBE when
        the alias hits an entry of the same country whose names share the
        organisation's words; a bare acronym shared by two bodies does not merge them.
        """
        if not self.gazetteer or self.gazetteer.lookup(org.name) or not org.aliases:
            return org.name
        words = set(normalise(org.name).split()) - STOPWORDS
        for alias in org.aliases:
            entry = self.gazetteer.lookup(alias)
            if entry is None or entry.type == "country":
                continue
            entry_country = self.gazetteer.country_name(entry.country)
            if org.country and entry_country and normalise(org.country) != normalise(entry_country):
                continue
            names = [entry.name, *(getattr(entry, "aliases", ()) or ())]
            known = {w for n in names for w in normalise(n).split()} - STOPWORDS
            if words and len(words & known) * 2 >= len(words):
                return alias
        return org.name

    def resolve_name(self, name: str, org_type: str, country: str | None) -> tuple[dict, bool]:
        """The corrected row for a name, and whether the corrections reject it."""
        row, rejected, keys = self._resolve(name, org_type, country)
        self.node_keys.setdefault(row["id"], set()).update(keys)
        return row, rejected

    def _resolve(
        self, name: str, org_type: str, country: str | None
    ) -> tuple[dict, bool, set[str]]:
        row = self._lookup(name, org_type, country)
        fix = self.corrections
        keys = {normalise(name), normalise(row["name"]), normalise(row["id"])}
        if fix.empty:
            return row, False, keys
        pending = set(keys)  # keys whose redirect is still to be followed
        for _ in range(MAX_REDIRECTS):
            target = fix.redirect(pending)
            if target is None:
                break
            keep_country = row["country"] if row["type"] != "country" else None
            row = self._lookup(target, row["type"], keep_country)
            found = {normalise(target), normalise(row["name"]), normalise(row["id"])}
            pending = found - keys
            keys |= found
        new_type = fix.retype(keys)
        if new_type is not None and new_type != row["type"]:
            country = row["country"] if row["type"] != "country" else None
            row = self._row(row["name"], new_type, country, row["wikidata"], row["aliases"])
            keys.add(normalise(row["id"]))
        for alias in fix.extra_aliases(keys):
            if alias not in row["aliases"] and alias != row["name"]:
                row["aliases"].append(alias)
        return row, fix.is_rejected(keys), keys

    def canonical(self, name: str, org_type: str, country: str | None) -> dict:
        """The node row for an organisation name: id, name, type, country, wikidata."""
        return self.resolve_name(name, org_type, country)[0]

    def resolve(self, records: list[Record]) -> Rows:
        rows = Rows()
        for rec in records:
            self._resolve_one(rec, rows)
        return rows

    def _resolve_one(self, rec: Record, rows: Rows) -> None:
        art = rec.article
        rows.articles.append(
            {
                "id": art.id,
                "title": art.title,
                "url": art.url,
                "published": art.published,
                "publisher": art.publisher,
                "language": art.language,
                "sha256": art.sha256,
            }
        )

        def add_evidence(fact: str, kind: str, evs: list[Evidence]) -> None:
            for ev in evs:
                quote = ev.sentence.strip()
                start = ev.start + len(ev.sentence) - len(ev.sentence.lstrip())
                end = start + len(quote)
                eid = digest(fact, art.id, start, end)
                rows.evidence[eid] = {
                    "id": eid,
                    "fact": fact,
                    "kind": kind,
                    "article": art.id,
                    "quote": quote,
                    "start": start,
                    "end": end,
                }

        ids: dict[str, str | None] = {}  # name in the article -> node id (None: rejected)
        for org in rec.organisations:
            row, rejected = self.resolve_name(self._known_as(org), org.type, org.country)
            if rejected:
                for name in [org.name, *org.aliases]:
                    ids[name] = None
                continue
            node = rows.organisations.setdefault(row["id"], row)
            for alias in [org.name, *org.aliases]:
                if alias != node["name"] and alias not in node["aliases"]:
                    node["aliases"].append(alias)
            ids[org.name] = row["id"]
            for alias in org.aliases:
                ids.setdefault(alias, row["id"])
            add_evidence(row["id"], self.ont.label("Organisation"), org.evidence)

        def org_id(name: str) -> str | None:
            if name not in ids:  # a relation may name an organisation the list lacks
                row, rejected = self.resolve_name(name, "other", None)
                if not rejected:
                    rows.organisations.setdefault(row["id"], row)
                ids[name] = None if rejected else row["id"]
            return ids[name]

        def relate(prop: str, source: str, target: str, evs: list[Evidence], **extra) -> str | None:
            if self.corrections.rejects_relation(
                prop, self._keys_of(source), self._keys_of(target)
            ):
                return None
            rtype = self.ont.rel(prop)
            if self.ont.relations[prop].symmetric:
                source, target = sorted((source, target))
            key = f"{rtype}|{source}|{target}"
            rel = rows.relations.setdefault(rtype, {}).setdefault(
                key, {"key": key, "source": source, "target": target, "areas": []}
            )
            for area in extra.get("areas", []):
                if area not in rel["areas"]:
                    rel["areas"].append(area)
            add_evidence(key, rtype, evs)
            return key

        for agr in rec.agreements:
            parties = sorted({i for i in map(org_id, agr.parties) if i is not None})
            aid = "agreement/" + (
                slug(agr.name) if agr.name else digest(agr.type, *parties, agr.date or "")
            )
            self.node_keys.setdefault(aid, set()).update(
                normalise(k) for k in (aid, agr.name or "", aid.removeprefix("agreement/")) if k
            )
            rows.agreements.setdefault(
                aid,
                {
                    "id": aid,
                    "name": agr.name or self._agreement_title(agr.type, parties, rows),
                    "type": agr.type,
                    "date": agr.date,
                    "place": agr.place,
                },
            )
            add_evidence(aid, self.ont.label("Agreement"), agr.evidence)
            for party in parties:
                relate("partyTo", party, aid, agr.evidence)
            for area in agr.areas:
                relate("covers", aid, area, agr.evidence)
            for i, a in enumerate(parties):
                for b in parties[i + 1 :]:
                    relate("cooperatesWith", a, b, agr.evidence, areas=agr.areas)
        for rel in rec.partnerships:
            a, b = org_id(rel.source), org_id(rel.target)
            if a is not None and b is not None and a != b:
                relate("cooperatesWith", a, b, rel.evidence)
        for prop, rels in (("memberOf", rec.memberships), ("partOf", rec.part_of)):
            for rel in rels:
                a, b = org_id(rel.source), org_id(rel.target)
                if a is not None and b is not None and a != b:
                    relate(prop, a, b, rel.evidence)
        for mention in rec.areas:
            key = f"{self.ont.rel('mentionsArea')}|{art.id}|{mention.area}"
            rows.article_areas.append({"key": key, "article": art.id, "area": mention.area})
            add_evidence(key, self.ont.rel("mentionsArea"), mention.evidence)

    def _keys_of(self, node_id: str) -> set[str]:
        """Every key a correction may name a node by (areas: their id)."""
        return self.node_keys.get(node_id) or {normalise(node_id)}

    def _agreement_title(self, agr_type: str, parties: list[str], rows: Rows) -> str:
        label = self.ont.agreement_types.get(agr_type)
        names = [rows.organisations[p]["name"] for p in parties if p in rows.organisations]
        kind = label.label if label else "Agreement"
        return f"{kind}: {' – '.join(names)}" if names else kind


def resolve(records: list[Record]) -> Rows:
    """Rows for a list of records (see ``Resolver``)."""
    return Resolver().resolve(records)
