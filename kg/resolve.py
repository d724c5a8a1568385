"""Entity resolution: one stable key per real-world thing, so loads are idempotent.

Records name organisations as the article does; here each name becomes the id of
one node, shared across articles (gazetteer canonical names, aliases, case,
leading articles and possessives all fold to the same key). Keys are derived
from names, types and countries only, never from load order:

- a state's body is keyed by its country and its name without the country
  ("Ghanaian Cyber Security Authority" in one article and "Cyber Security
  Authority" of Ghana in another are one node), and an acronym or alias never
  joins bodies of two countries;
- "Government of Kenya", "the Kenyan government" are Kenya;
- a named instrument (the Budapest Convention) is one agreement across articles,
  found by name and alias in ``ontology/reference/instruments.yaml``; an unnamed
  one is the event its article reports, keyed by its type, parties and date, and
  joins another article's only when both give the same parties and the same day.

Besides keys, every article states *claims* about each fact it supports: the
name, type and country it gives an organisation, an agreement's date and place,
the areas and event date of a relationship. They ride on the article's evidence
(``Evidence.claim``), and the loader derives each node's and edge's properties
from the claims that support it now (see :func:`derive`), so the graph does not
depend on the order articles were loaded in.

Maintainers' corrections (``corpus/corrections.yaml``, see ``kg.corrections``)
are applied here, on every build: merges, splits, aliases, renames, new types
and rejected organisations or relationships.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

import pycountry

import ontology
from extract.records import Evidence, Organisation, Record
from kg import corrections as corrections_file
from kg.corrections import Corrections
from kg.dates import precision
from kg.names import digest, node_key, normalise, slug
from ontology import instruments

MAX_REDIRECTS = 16
STOPWORDS = {"of", "for", "the", "and", "on", "in", "de", "national"}
# Where a claim comes from, strongest first: a maintainer's correction, the
# gazetteer, the article's own wording.
SOURCES = ("correction", "gazetteer", "text")
# "the Government" of the country the article is about
BARE_GOVERNMENT = {"government", "federal government", "national government", "central government"}
GOVERNMENT = re.compile(
    r"^(?:the\s+)?(?:government|govt\.?)\s+of\s+(?:the\s+)?(?P<a>.+)$"
    r"|^(?:the\s+)?(?P<b>.+?)(?:'s)?\s+(?:(?:federal|national|central)\s+)?"
    r"(?:government|govt\.?)$",
    re.IGNORECASE,
)


def _gazetteer():
    try:
        from ontology.gazetteer import load_gazetteer
    except ImportError:  # the gazetteer is optional data
        return None
    return load_gazetteer()


def country_code(name: str | None) -> str | None:
    """The ISO 3166-1 alpha-3 code of a country name the gazetteer or pycountry knows."""
    if not name:
        return None
    gaz = _gazetteer()
    entry = gaz.lookup(name) if gaz else None
    code = entry.country if entry is not None and entry.type == "country" else None
    try:
        country = (
            pycountry.countries.get(alpha_2=code) if code else pycountry.countries.lookup(name)
        )
    except LookupError:
        return None
    return country.alpha_3 if country else None


@dataclass
class Rows:
    """Everything to load, as plain rows keyed by stable ids.

    ``claims`` maps (fact, article) to what that article states of the fact;
    each evidence row carries its claim as JSON (see ``Resolver``).
    """

    articles: list[dict] = field(default_factory=list)
    organisations: dict[str, dict] = field(default_factory=dict)
    agreements: dict[str, dict] = field(default_factory=dict)
    relations: dict[str, dict[str, dict]] = field(default_factory=dict)
    evidence: dict[str, dict] = field(default_factory=dict)
    article_areas: list[dict] = field(default_factory=list)
    claims: dict[tuple[str, str], dict] = field(default_factory=dict)

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
        self.article: str | None = None  # the article being resolved (for splits)

    # ------------------------------------------------------------------ countries
    def country_of(self, text: str | None) -> str | None:
        """The canonical name of the country a name or demonym denotes, if any."""
        if not text or not self.gazetteer:
            return None
        entry = self.gazetteer.lookup(text)
        if entry is None or entry.type != "country":
            entry = self.gazetteer.demonym(text)
        return entry.name if entry is not None else None

    def _country_in(self, name: str) -> tuple[str | None, str]:
        """The country a body's name states, and the name without it.

        "Ghanaian Cyber Security Authority" → (Ghana, "Cyber Security Authority");
        "National Police of Colombia" → (Colombia, "National Police").
        """
        words = name.split()
        for n in (3, 2, 1):  # a leading country or demonym: longest first
            if len(words) > n:
                head = " ".join(words[:n])
                country = self.country_of(re.sub(r"'s$|\u2019s$", "", head))
                if country:
                    return country, " ".join(words[n:])
        m = re.match(r"^(?P<body>.+)\s+(?:of|for)\s+(?:the\s+)?(?P<c>[^,()]+)$", name)
        if m and (country := self.country_of(m.group("c"))):
            return country, m.group("body")
        return None, name

    def _key_scope(self, org_type: str) -> str | None:
        concept = self.ont.org_types.get(org_type)
        return concept.key_scope if concept else None

    # ------------------------------------------------------------------ rows
    def _row(
        self,
        name: str,
        org_type: str,
        country: str | None,
        wikidata: str | None = None,
        aliases: list[str] | None = None,
        source: str = "text",
    ) -> dict:
        if org_type not in self.ont.org_types:
            org_type = "other"
        scope = self._key_scope(org_type)
        if org_type == "country":
            country = name
        key = slug(name) if scope == "verbatim" else node_key(name)
        if scope == "country":
            stated, bare = self._country_in(name)
            country = country or stated
            if country and stated and normalise(stated) != normalise(country):
                country = stated  # the name's own country wins over the context's
            if country:
                bare_key = node_key(bare) if stated else key
                key = f"{slug(country)}/{bare_key or key}"
        return {
            "id": key,
            "name": name,
            "type": org_type,
            "label": self.ont.org_label(org_type),
            "country": country,
            "wikidata": wikidata,
            "aliases": list(aliases or []),
            "source": source,
        }

    def _government(self, name: str) -> str | None:
        """The country that "Government of X", "the X government" or "the Kenyan government" is."""
        m = GOVERNMENT.match(name.strip())
        if not m:
            return None
        return self.country_of(m.group("a") or m.group("b"))

    def _lookup(self, name: str, org_type: str, country: str | None) -> dict:
        """The uncorrected row: the gazetteer's entry if it knows the name (in this country)."""
        if (state := self._government(name)) is not None:
            return self._lookup(state, "country", None)
        entry = self.gazetteer.lookup(name) if self.gazetteer else None
        if entry is not None:
            entry_country = (
                entry.name
                if entry.type == "country"
                else self.gazetteer.country_name(entry.country)
            )
            stated, _ = self._country_in(name) if entry.type != "country" else (None, name)
            claimed = stated or country
            foreign = (
                entry.type != "country"
                and claimed
                and entry_country
                and normalise(claimed) != normalise(entry_country)
            )
            if not foreign:  # an alias never joins bodies of two countries
                return self._row(
                    entry.name,
                    entry.type,
                    entry_country,
                    getattr(entry, "wikidata", None),
                    list(getattr(entry, "aliases", ()) or ()),
                    source="gazetteer",
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
        country = org.country or self._country_in(org.name)[0]
        for alias in org.aliases:
            entry = self.gazetteer.lookup(alias)
            if entry is None or entry.type == "country":
                continue
            entry_country = self.gazetteer.country_name(entry.country)
            if country and entry_country and normalise(country) != normalise(entry_country):
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
        fix = self.corrections
        if not fix.empty and self.article is not None:
            first = self._lookup(name, org_type, country)
            split = fix.split_target(
                {normalise(name), normalise(first["name"]), normalise(first["id"])}, self.article
            )
            if split is not None:
                name, country = split
        row = self._lookup(name, org_type, country)
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
            row["source"] = "correction"
            found = {normalise(target), normalise(row["name"]), normalise(row["id"])}
            pending = found - keys
            keys |= found
        new_type = fix.retype(keys)
        if new_type is not None and new_type != row["type"]:
            country = row["country"] if row["type"] != "country" else None
            row = self._row(
                row["name"], new_type, country, row["wikidata"], row["aliases"], "correction"
            )
            keys.add(normalise(row["id"]))
        for alias in fix.extra_aliases(keys):
            if alias not in row["aliases"] and alias != row["name"]:
                row["aliases"].append(alias)
        return row, fix.is_rejected(keys), keys

    def canonical(self, name: str, org_type: str, country: str | None) -> dict:
        """The node row for an organisation name: id, name, type, country, wikidata."""
        return self.resolve_name(name, org_type, country)[0]

    # ------------------------------------------------------------------ records
    def resolve(self, records: list[Record]) -> Rows:
        rows = Rows()
        for rec in records:
            self._resolve_one(rec, rows)
        return rows

    def _resolve_one(self, rec: Record, rows: Rows) -> None:
        art = rec.article
        self.article = art.id
        # the names a relationship rejection may match are this article's own: names
        # other articles of the same batch use would make the result depend on the batch
        self.node_keys = {}
        try:
            _ArticleResolution(self, rec, rows).run()
        finally:
            self.article = None

    def _keys_of(self, node_id: str) -> set[str]:
        """Every key a correction may name a node by (areas: their id)."""
        return self.node_keys.get(node_id) or {normalise(node_id)}

    @cached_property
    def _generic_words(self) -> frozenset[str]:
        words = {"a", "an", "the", "this", "that", "new", "joint", "bilateral", "first", "second"}
        for concept in self.ont.agreement_types.values():
            for phrase in (concept.label, *concept.triggers):
                words.update(normalise(phrase).split())
        return frozenset(words)

    def generic_agreement_name(self, name: str) -> bool:
        """Whether a name is only words of agreement types ("Memorandum of Understanding")."""
        words = normalise(name).split()
        generic = self._generic_words
        return all(w in generic or w.rstrip("s") in generic for w in words)

    def agreement_label(self, agr_type: str, party_names: list[str], date: str | None) -> str:
        """A display label for an agreement the text does not name (never shown as a title)."""
        concept = self.ont.agreement_types.get(agr_type)
        kind = concept.label if concept else "Agreement"
        label = f"{kind}: {' – '.join(party_names)}" if party_names else kind
        return f"{label} ({date})" if date else label


class _ArticleResolution:
    """One article's record turned into rows, claims and evidence."""

    def __init__(self, resolver: Resolver, rec: Record, rows: Rows) -> None:
        self.r, self.rec, self.rows = resolver, rec, rows
        self.art = rec.article
        self.ids: dict[str, str | None] = {}  # name in the article -> node id (None: rejected)
        self.own: dict[str, dict] = {}  # node id -> this article's row (its claim)
        self.mine: list[dict] = []  # this article's evidence rows
        self.context = self._article_country()

    def _article_country(self) -> str | None:
        """The country the article is about: the one its organisations name most, if one leads."""
        counts: Counter[str] = Counter()
        for org in self.rec.organisations:
            country = self.r.country_of(org.name) if org.type == "country" else None
            if country:
                counts[country] += max(1, len(org.evidence))
        top = counts.most_common(2)
        if not top or (len(top) == 2 and top[0][1] == top[1][1]):
            return None
        return top[0][0]

    def owner(self, org: Organisation) -> str | None:
        """The state a body is part of, if the article says so ("X, an agency of Kenya")."""
        for rel in self.rec.part_of:
            if rel.source in (org.name, *org.aliases):
                state = self.r.country_of(rel.target)
                if state:
                    return state
        return None

    # -------------------------------------------------------------- evidence
    def evidence(self, fact: str, kind: str, evs: Iterable[Evidence]) -> None:
        for ev in evs:
            quote = ev.sentence.strip()
            start = ev.start + len(ev.sentence) - len(ev.sentence.lstrip())
            end = start + len(quote)
            eid = digest(fact, self.art.id, start, end)
            if eid in self.rows.evidence:
                continue
            self.rows.evidence[eid] = row = {
                "id": eid,
                "fact": fact,
                "kind": kind,
                "article": self.art.id,
                "quote": quote,
                "start": start,
                "end": end,
            }
            self.mine.append(row)

    def claim(self, fact: str, values: dict) -> None:
        """What this article states of a fact; several statements of one fact merge."""
        old = self.rows.claims.get((fact, self.art.id))
        if old is None:
            self.rows.claims[(fact, self.art.id)] = values
            return
        for k, v in values.items():
            if isinstance(v, list):
                old[k] = sorted(set(old.get(k) or []) | set(v))
            elif old.get(k) is None:
                old[k] = v

    # -------------------------------------------------------------- steps
    def run(self) -> None:
        art = self.art
        self.rows.articles.append(
            {
                "id": art.id,
                "title": art.title,
                "url": art.url,
                "published": art.published,
                "published_precision": art.published_precision,
                "published_source": art.published_source,
                "publisher": art.publisher,
                "language": art.language,
                "sha256": art.sha256,
            }
        )
        self.organisations()
        self.agreements()
        self.relations()
        self.areas()
        self.orphans()
        self.stamp_claims()

    def organisations(self) -> None:
        r = self.r
        org_kind = r.ont.label("Organisation")
        for org in self.rec.organisations:
            said = org.name
            if normalise(said) in BARE_GOVERNMENT and self.context:
                org = Organisation(self.context, "country", org.aliases, None, org.evidence)
            country = org.country
            if country is None and r._key_scope(org.type) == "country":
                country = r._country_in(org.name)[0] or self.owner(org) or self.context
            row, rejected = r.resolve_name(r._known_as(org), org.type, country)
            if rejected:
                for name in [said, org.name, *org.aliases]:
                    self.ids[name] = None
                continue
            self._keep(row, [org.name, *org.aliases])
            self.ids[org.name] = self.ids[said] = row["id"]
            for alias in org.aliases:
                self.ids.setdefault(alias, row["id"])
            self.evidence(row["id"], org_kind, org.evidence)

    def _keep(self, row: dict, names: list[str]) -> None:
        node = self.rows.organisations.setdefault(
            row["id"], dict(row, aliases=list(row["aliases"]))
        )
        own = self.own.setdefault(row["id"], dict(row, aliases=list(row["aliases"])))
        for alias in names:
            for target in (node, own):
                if alias != target["name"] and alias not in target["aliases"]:
                    target["aliases"].append(alias)

    def org_id(self, name: str) -> str | None:
        if name not in self.ids:  # a relation may name an organisation the list lacks
            row, rejected = self.r.resolve_name(name, "other", None)
            if not rejected:
                self._keep(row, [name])
            self.ids[name] = None if rejected else row["id"]
        return self.ids[name]

    def relate(
        self,
        prop: str,
        source: str,
        target: str,
        evs: list[Evidence],
        areas: Iterable[str] = (),
        date: str | None = None,
    ) -> str | None:
        r = self.r
        if r.corrections.rejects_relation(prop, r._keys_of(source), r._keys_of(target)):
            return None
        rtype = r.ont.rel(prop)
        if r.ont.relations[prop].symmetric:
            source, target = sorted((source, target))
        key = f"{rtype}|{source}|{target}"
        rel = self.rows.relations.setdefault(rtype, {}).setdefault(
            key, {"key": key, "source": source, "target": target, "areas": []}
        )
        for area in areas:
            if area not in rel["areas"]:
                rel["areas"].append(area)
        self.evidence(key, rtype, evs)
        self.claim(
            key,
            {
                "areas": sorted(set(areas)),
                "date": date,
                "published": self.art.published,
            },
        )
        return key

    def agreements(self) -> None:
        r = self.r
        for agr in self.rec.agreements:
            parties = sorted({i for i in map(self.org_id, agr.parties) if i is not None})
            known = instruments.find(agr.name) if agr.name else None
            name = known.name if known is not None else agr.name
            if name and self.r.generic_agreement_name(name):
                name = None  # "the Memorandum of Understanding" names no instrument
            if name and known is None and self._made_body(agr.name):
                # a body the parties made together ("Cyber Policy Working Group"): another
                # pair's body of that name is another partnership
                aid = f"agreement/{slug(name)}-{digest(*parties)[:8]}"
            elif name:
                aid = "agreement/" + slug(name)
            elif len(parties) >= 2 and precision(agr.date) == "day":
                aid = "agreement/" + digest(agr.type, *parties, agr.date)
            else:  # the event its article reports: never another article's
                aid = "agreement/" + digest(agr.type, *parties, agr.date or "", self.art.id)
            r.node_keys.setdefault(aid, set()).update(
                normalise(k) for k in (aid, name or "", aid.removeprefix("agreement/")) if k
            )
            names = [self._name_of(p) for p in parties]
            label = name or r.agreement_label(agr.type, names, agr.date)
            self.rows.agreements.setdefault(
                aid,
                {
                    "id": aid,
                    "name": name,
                    "label": label,
                    "type": agr.type,
                    "date": agr.date,
                    "place": agr.place,
                },
            )
            self.evidence(aid, r.ont.label("Agreement"), agr.evidence)
            self.claim(
                aid,
                {
                    "name": name,
                    "label": label,
                    "type": agr.type,
                    "date": agr.date,
                    "place": agr.place,
                },
            )
            for party in parties:
                self.relate("partyTo", party, aid, agr.evidence, date=agr.date)
            for area in agr.areas:
                self.relate("covers", aid, area, agr.evidence, date=agr.date)
            for i, a in enumerate(parties):
                for b in parties[i + 1 :]:
                    self.relate("cooperatesWith", a, b, agr.evidence, agr.areas, agr.date)

    def _made_body(self, name: str) -> bool:
        """Whether the agreement is named after an organisation of its own article."""
        return any(o.name == name for o in self.rec.organisations)

    def _name_of(self, node_id: str) -> str:
        row = self.own.get(node_id) or self.rows.organisations.get(node_id)
        return row["name"] if row else node_id

    def relations(self) -> None:
        for rel in self.rec.partnerships:
            a, b = self.org_id(rel.source), self.org_id(rel.target)
            if a is not None and b is not None and a != b:
                self.relate("cooperatesWith", a, b, rel.evidence)
        for prop, rels in (("memberOf", self.rec.memberships), ("partOf", self.rec.part_of)):
            for rel in rels:
                a, b = self.org_id(rel.source), self.org_id(rel.target)
                if a is not None and b is not None and a != b:
                    self.relate(prop, a, b, rel.evidence)

    def areas(self) -> None:
        rel = self.r.ont.rel("mentionsArea")
        for mention in self.rec.areas:
            key = f"{rel}|{self.art.id}|{mention.area}"
            self.rows.article_areas.append(
                {"key": key, "article": self.art.id, "area": mention.area}
            )
            self.evidence(key, rel, mention.evidence)

    def orphans(self) -> None:
        """An organisation named only in a relation is supported by the relation's sentences."""
        org_kind = self.r.ont.label("Organisation")
        stated = {e["fact"] for e in self.mine}
        for node_id in self.own:
            if node_id in stated:
                continue
            for e in list(self.mine):
                if "|" not in e["fact"]:
                    continue
                _, source, target = e["fact"].split("|", 2)
                if node_id in (source, target):
                    quote_ev = Evidence(e["quote"], e["start"], e["end"])
                    self.evidence(node_id, org_kind, [quote_ev])
                    break

    def stamp_claims(self) -> None:
        for node_id, row in self.own.items():
            self.claim(
                node_id,
                {
                    "name": row["name"],
                    "type": row["type"],
                    "country": row["country"],
                    "wikidata": row["wikidata"],
                    "aliases": sorted(set(row["aliases"])),
                    "source": row.get("source", "text"),
                },
            )
        for ev in self.mine:
            claim = self.rows.claims.get((ev["fact"], self.art.id))
            ev["claim"] = json.dumps(claim, sort_keys=True) if claim is not None else None


# ---------------------------------------------------------------------- derivation
def _rank(value: object, counts: Counter, sources: dict) -> tuple:
    return (SOURCES.index(sources.get(value, "text")), -counts[value], str(value))


def _choose(claims: list[tuple[dict, int]], attr: str, *, by_source: bool = False) -> object:
    """The value most articles state (corrections, then the gazetteer first); ties: the least."""
    counts: Counter = Counter()
    sources: dict = {}
    for claim, n in claims:
        value = claim.get(attr)
        if value is None:
            continue
        counts[value] += n
        if by_source:
            src = claim.get("source", "text")
            best = sources.get(value, "text")
            sources[value] = min(src, best, key=SOURCES.index)
    if not counts:
        return None
    return min(counts, key=lambda v: _rank(v, counts, sources))


def derive_organisation(claims: list[tuple[dict, int]], ont: ontology.Ontology) -> dict:
    """An organisation's properties from its articles' claims (claim, number of articles)."""
    name = _choose(claims, "name", by_source=True)
    org_type = _choose(claims, "type", by_source=True) or "other"
    country = _choose(claims, "country", by_source=True)
    if org_type == "country":
        country = name
    names = {a for c, _ in claims for a in [c.get("name"), *(c.get("aliases") or [])] if a}
    aliases = sorted(names - {name})
    return {
        "weight": sum(n for _, n in claims),
        "name": name,
        "type": org_type,
        "label": ont.org_label(org_type),
        "country": country,
        "country_code": country_code(country),
        "wikidata": _choose(claims, "wikidata", by_source=True),
        "aliases": aliases,
    }


def derive_agreement(claims: list[tuple[dict, int]]) -> dict:
    """An agreement's properties: its name only where a text names it; dates by most articles."""
    name = _choose(claims, "name")
    dates: Counter = Counter()
    for claim, n in claims:
        if claim.get("date"):
            dates[claim["date"]] += n
    # most articles, then the most precise, then the earliest
    date = min(dates, key=lambda d: (-dates[d], -len(d), d)) if dates else None
    return {
        "weight": sum(n for _, n in claims),
        "name": name,
        "label": name or _choose(claims, "label"),
        "type": _choose(claims, "type") or "other",
        "date": date,
        "date_precision": precision(date),
        "place": _choose(claims, "place"),
    }


def derive_relationship(claims: list[tuple[dict, int]]) -> dict:
    """A relationship's areas, weight and first/last seen.

    Each article dates the relationship by the event it reports (a signing, a
    launch) where it gives one, else by its publication date; first and last
    seen say which of the two they are.
    """
    areas = sorted({a for c, _ in claims for a in c.get("areas") or []})
    dated = sorted(
        {
            (c["date"], "event") if c.get("date") else (c["published"], "publication")
            for c, _ in claims
            if c.get("date") or c.get("published")
        }
    )
    first = dated[0] if dated else (None, None)
    last = max(dated, key=lambda d: (d[0], len(d[0]), d[1] == "event")) if dated else first
    sources = {first[1], last[1]} - {None}
    return {
        "areas": areas,
        "weight": sum(n for _, n in claims),
        "first_seen": first[0],
        "last_seen": last[0],
        "first_seen_precision": precision(first[0]),
        "last_seen_precision": precision(last[0]),
        "first_seen_source": first[1],
        "last_seen_source": last[1],
        "date_source": sources.pop() if len(sources) == 1 else ("mixed" if sources else None),
    }


def extend_relationship(current: dict, claims: list[dict]) -> dict:
    """A relationship's properties after new articles add ``claims`` to what it had.

    The same result as :func:`derive_relationship` over all claims: areas are a
    union, the weight a sum, first and last seen a minimum and a maximum.
    """
    previous = []
    if current.get("weight"):
        seen = [
            (current.get("first_seen"), current.get("first_seen_source")),
            (current.get("last_seen"), current.get("last_seen_source")),
        ]
        # the two dated ends stand for all earlier claims; their weight carries the rest
        dated = [
            {"date": d, "published": None} if src == "event" else {"date": None, "published": d}
            for d, src in seen
            if d
        ]
        areas = current.get("areas") or []
        if not dated:  # undated so far: only the areas and the weight carry over
            previous = [({"areas": areas}, current["weight"])]
        else:
            previous = [({"areas": areas, **dated[0]}, current["weight"])]
            previous += [({**c, "areas": []}, 0) for c in dated[1:]]
    return derive_relationship(previous + [(c, 1) for c in claims])


def resolve(records: list[Record]) -> Rows:
    """Rows for a list of records (see ``Resolver``)."""
    return Resolver().resolve(records)
