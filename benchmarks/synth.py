#!/usr/bin/env python3
"""A synthetic corpus with the ground truth it planted, for benchmarks and scale tests.

usage: python benchmarks/synth.py N OUT_DIR [--seed S]

The one generator of synthetic data in the project: articles (text and
truth) for extraction and builds, and extraction *records* for benchmarks and
tests of the loader, queries and views that need no spaCy:

- ``records(n)``: the records a perfect extractor would give for articles
  0 … n-1 (``Article.record()``: the planted truth with its sentences as
  evidence), real names, about 120 organisations in all;
- ``records(n, pool=K)``: records over a pool of K organisations named
  "Synthetic Body 00042", chosen with a skew so some become hubs, for graphs
  of a chosen size (the views' 5,000 organisations, the crash test's shared facts).

Writes OUT_DIR/articles/<id>.md (Markdown with front matter, as in corpus/) and
OUT_DIR/truth/<id>.json in the shape of ../shared/eval/SCHEMA.md, so the
evaluation script scores an extraction of the synthetic corpus like the real one:

    python ../shared/eval/score.py OUT_DIR/truth predictions.jsonl

Articles are built from news-like templates over real names (countries from
pycountry, national cyber agencies, regional bodies with their real members,
companies), commitment-area phrases taken from the ontology's trigger phrases,
dates of every precision and every agreement type. Article i depends only on
(seed, i), so a corpus of 1,000 is the first 1,000 articles of one of 10,000.
Never write a synthetic corpus into corpus/: it would enter the real graph.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

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

DEFAULT_SEED = 7
PUBLISHERS = ("Synthetic Wire", "Example Tech News", "Placeholder Daily", "Sample Cyber Review")

# Countries by ISO code (names come from pycountry), with a capital for places.
COUNTRIES = {
    "KE": "Nairobi",
    "RO": "Bucharest",
    "GH": "Accra",
    "RW": "Kigali",
    "MZ": "Maputo",
    "NG": "Abuja",
    "ZA": "Pretoria",
    "EG": "Cairo",
    "MA": "Rabat",
    "SN": "Dakar",
    "UG": "Kampala",
    "ET": "Addis Ababa",
    "BW": "Gaborone",
    "ZM": "Lusaka",
    "NA": "Windhoek",
    "CI": None,
    "BJ": "Cotonou",
    "TG": "Lome",
    "ML": "Bamako",
    "NE": "Niamey",
    "FR": "Paris",
    "DE": "Berlin",
    "EE": "Tallinn",
    "PL": "Warsaw",
    "ES": "Madrid",
    "IT": "Rome",
    "NL": "The Hague",
    "SE": "Stockholm",
    "FI": "Helsinki",
    "PT": "Lisbon",
    "GB": "London",
    "US": "Washington",
    "CA": "Ottawa",
    "JP": "Tokyo",
    "KR": "Seoul",
    "IN": "New Delhi",
    "SG": "Singapore",
    "MY": "Kuala Lumpur",
    "ID": "Jakarta",
    "TH": "Bangkok",
    "PH": "Manila",
    "VN": "Hanoi",
    "AU": "Canberra",
    "NZ": "Wellington",
    "BR": "Brasilia",
    "MX": "Mexico City",
    "CL": "Santiago",
    "CO": "Bogota",
    "AR": "Buenos Aires",
    "AE": "Abu Dhabi",
    "SA": "Riyadh",
    "QA": "Doha",
    "IL": "Jerusalem",
    "JO": "Amman",
    "UA": "Kyiv",
    "GE": "Tbilisi",
    "MD": "Chisinau",
    "TZ": "Dodoma",
    "BI": None,
    "TN": "Tunis",
}
# Short names where pycountry's common name is not what news articles write.
COUNTRY_NAMES = {
    "GB": "United Kingdom",
    "US": "United States",
    "KR": "South Korea",
    "VN": "Vietnam",
    "TZ": "Tanzania",
    "MD": "Moldova",
    "CI": "Ivory Coast",
}
COUNTRY_ALIASES = {
    "GB": ["UK", "Britain", "U.K."],
    "US": ["U.S.", "USA", "United States of America"],
    "AE": ["UAE"],
    "CI": ["Côte d'Ivoire", "Cote d'Ivoire"],
    "KR": ["Republic of Korea"],
}

# Real national cyber agencies: (name, type, country code, acronym or None).
AGENCIES = [
    ("National Computer and Cybercrimes Coordination Committee", "government-agency", "KE", "NC4"),
    ("Communications Authority of Kenya", "government-agency", "KE", "CA"),
    ("National Cyber Security Directorate", "government-agency", "RO", "DNSC"),
    ("Cyber Security Authority", "government-agency", "GH", "CSA"),
    ("National Cyber Security Authority", "government-agency", "RW", "NCSA"),
    ("National Information Technology Development Agency", "government-agency", "NG", "NITDA"),
    ("National Cyber Security Centre", "government-agency", "GB", "NCSC"),
    ("Cybersecurity and Infrastructure Security Agency", "government-agency", "US", "CISA"),
    ("Federal Bureau of Investigation", "law-enforcement", "US", "FBI"),
    ("Federal Office for Information Security", "government-agency", "DE", "BSI"),
    ("National Cybersecurity Agency of France", "government-agency", "FR", "ANSSI"),
    ("Information System Authority", "government-agency", "EE", "RIA"),
    ("Cyber Security Agency of Singapore", "government-agency", "SG", "CSA Singapore"),
    ("Australian Cyber Security Centre", "government-agency", "AU", "ACSC"),
    ("Canadian Centre for Cyber Security", "government-agency", "CA", None),
    ("Korea Internet and Security Agency", "government-agency", "KR", "KISA"),
    ("Indian Computer Emergency Response Team", "cert", "IN", "CERT-In"),
    ("Japan Computer Emergency Response Team Coordination Center", "cert", "JP", "JPCERT/CC"),
    ("CyberSecurity Malaysia", "government-agency", "MY", None),
    ("National Cyber and Crypto Agency", "government-agency", "ID", "BSSN"),
    ("Israel National Cyber Directorate", "government-agency", "IL", "INCD"),
    ("UAE Cyber Security Council", "government-agency", "AE", None),
    ("National Cybersecurity Authority", "government-agency", "SA", "NCA"),
    (
        "State Service of Special Communications and Information Protection",
        "government-agency",
        "UA",
        "SSSCIP",
    ),
    ("Egyptian Computer Emergency Readiness Team", "cert", "EG", "EG-CERT"),
    (
        "Moroccan General Directorate of Information Systems Security",
        "government-agency",
        "MA",
        "DGSSI",
    ),
    ("Botswana Communications Regulatory Authority", "government-agency", "BW", "BOCRA"),
    (
        "Zambia Information and Communications Technology Authority",
        "government-agency",
        "ZM",
        "ZICTA",
    ),
    ("Uganda Communications Commission", "government-agency", "UG", "UCC"),
    ("Tanzania Communications Regulatory Authority", "government-agency", "TZ", "TCRA"),
    ("Netherlands National Cyber Security Centre", "government-agency", "NL", None),
    ("Polish Cyber Command", "government-agency", "PL", None),
    ("Spanish National Cybersecurity Institute", "government-agency", "ES", "INCIBE"),
]

# Regional bodies with (some of) their real member states.
BODIES = {
    "East African Community": ("EAC", ["KE", "UG", "TZ", "RW", "BI"]),
    "Economic Community of West African States": (
        "ECOWAS",
        ["GH", "NG", "SN", "CI", "BJ", "TG", "NE", "ML"],
    ),
    "Southern African Development Community": ("SADC", ["ZA", "BW", "ZM", "NA", "MZ", "TZ"]),
    "Association of Southeast Asian Nations": ("ASEAN", ["SG", "MY", "ID", "TH", "PH", "VN"]),
    "European Union": ("EU", ["FR", "DE", "EE", "PL", "ES", "IT", "NL", "SE", "FI", "PT", "RO"]),
    "African Union": ("AU", ["KE", "GH", "RW", "NG", "ZA", "EG", "MA", "SN", "ET", "UG", "TN"]),
    "Organization of American States": ("OAS", ["US", "CA", "BR", "MX", "CL", "CO", "AR"]),
    "Gulf Cooperation Council": ("GCC", ["AE", "SA", "QA"]),
}

COMPANIES = [
    "Microsoft",
    "Cisco",
    "IBM",
    "Huawei",
    "Kaspersky",
    "Google",
    "Palo Alto Networks",
    "Fortinet",
    "CrowdStrike",
    "Check Point",
    "Trend Micro",
    "Safaricom",
    "MTN",
    "Ericsson",
    "Nokia",
    "Thales",
    "Safetech Innovations",
    "Serianu",
]

MONTHS = "January February March April May June July August September October November December"
MONTHS = MONTHS.split()

# Sentences that name no organisation, no commitment area and no cooperation verb.
FILLERS = [
    "Officials described the occasion as a milestone for the digital economy.",
    "The number of people online in the region has grown quickly over the past decade.",
    "Mobile payments now reach millions of households that had no bank account before.",
    "Several speakers noted that attacks on online services have become more frequent.",
    "The ceremony was attended by senior officials and representatives of industry.",
    "Ransomware remains one of the most costly threats for public bodies and firms alike.",
    "Observers said the move reflects the growing weight of digital issues in foreign affairs.",
    "The officials did not give details of the funding involved.",
    "Government services are increasingly delivered through online portals.",
    "The delegations met for two days before the ceremony.",
    "Analysts expect demand for security specialists to keep rising.",
    "A spokesperson said further announcements would follow in the coming months.",
    "The meeting took place on the sidelines of a technology conference.",
    "Phishing messages aimed at officials have increased sharply this year.",
    "Banks and telecom operators are among the most frequently targeted sectors.",
    "The officials stressed that no country can secure its networks on its own.",
    "Internet penetration has more than doubled since 2015.",
    "The announcement was welcomed by business groups in both capitals.",
    "Details of the implementation plan are expected later this year.",
    "The signing follows months of talks between the delegations.",
    "Officials said the arrangement would be reviewed after three years.",
    "Most small firms in the region still spend little on security.",
    "The cost of attacks on public bodies is rarely disclosed.",
    "Several ministers travelled to the ceremony from abroad.",
    "Demand for secure cloud services has grown with remote work.",
    "Fixed broadband remains expensive outside the largest cities.",
    "The delegations also discussed trade and investment.",
    "Local firms welcomed the news but asked for more details.",
    "Neither side disclosed the budget for the coming year.",
    "The text will enter into force once both sides complete their procedures.",
]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _word_pattern(phrase: str) -> re.Pattern[str]:
    """A loose pattern for a trigger phrase: any word may carry a short inflection."""
    words = [re.escape(w) + r"\w{0,3}" for w in re.split(r"[\s-]+", phrase.lower())]
    return re.compile(r"\b" + r"[\s-]+".join(words) + r"\b")


@cache
def area_patterns() -> dict[str, list[re.Pattern[str]]]:
    """Per commitment area, loose patterns of its trigger phrases (for self-checks)."""
    return {a.id: [_word_pattern(t) for t in a.triggers] for a in ontology.load().areas.values()}


def areas_mentioned(text: str) -> set[str]:
    """Areas whose trigger phrases occur in a text (loosely: over- rather than under-finds)."""
    low = text.lower()
    return {area for area, pats in area_patterns().items() if any(p.search(low) for p in pats)}


# Trigger phrases that do not read as a noun phrase in "covering X, Y and Z".
_NOT_NOUN_PHRASES = {
    "law",
    "legal",
    "norm",
    "skill",
    "drill",
    "pilot",
    "train",
    "standard",
    "startup",
    "start-up",
    "forensic",
    "cyber criminal",
    "cybercriminal",
    "criminal matter",
    "essential service",
    "critical sector",
}
_VERBS = {
    "share",
    "exchange",
    "respond",
    "response",
    "build",
    "strengthen",
    "enhance",
    "develop",
    "development",
    "raise",
    "harmonise",
    "harmonize",
    "investigate",
    "prosecute",
    "train",
}


@cache
def area_phrases() -> dict[str, tuple[str, ...]]:
    """Per area, its trigger phrases that read as noun phrases and signal no other area."""
    out = {}
    for area in ontology.load().areas.values():
        keep = []
        for phrase in area.triggers:
            if phrase in _NOT_NOUN_PHRASES or phrase.split()[0].lower() in _VERBS:
                continue
            if areas_mentioned(phrase) == {area.id} and phrase.lower() == phrase:
                keep.append(phrase)
        out[area.id] = tuple(keep) or (area.label.lower(),)
    return out


@dataclass(frozen=True)
class Org:
    """An organisation as the truth names it, and how the text writes it."""

    name: str
    type: str
    aliases: tuple[str, ...] = ()
    country: Org | None = None

    def truth(self) -> dict:
        out: dict = {"name": self.name, "type": self.type}
        if self.aliases:
            out["aliases"] = list(self.aliases)
        return out


@cache
def country(code: str) -> Org:
    c = pycountry.countries.get(alpha_2=code)
    name = COUNTRY_NAMES.get(code) or getattr(c, "common_name", None) or c.name
    aliases = [n for n in (c.name, getattr(c, "official_name", None)) if n and n != name]
    aliases += COUNTRY_ALIASES.get(code, [])
    aliases.append(f"Government of {name}")
    return Org(name, "country", tuple(dict.fromkeys(aliases)))


def agency(entry: tuple[str, str, str, str | None]) -> Org:
    name, kind, code, acronym = entry
    state = country(code)
    aliases = [f"{state.name}'s {name}", f"{name} of {state.name}"]
    if acronym:
        aliases.append(acronym)
    return Org(name, kind, tuple(aliases), state)


def body(name: str) -> Org:
    acronym, _members = BODIES[name]
    return Org(name, "intergovernmental", (acronym,))


def company(name: str) -> Org:
    return Org(name, "company")


@dataclass
class Truth:
    """What one article states, accumulated while its text is written."""

    doc_id: str
    organisations: dict[str, Org] = field(default_factory=dict)
    agreements: list[dict] = field(default_factory=list)
    partnerships: set[tuple[str, str]] = field(default_factory=set)
    partnerships_ok: set[tuple[str, str]] = field(default_factory=set)
    memberships: set[tuple[str, str]] = field(default_factory=set)
    areas: set[str] = field(default_factory=set)

    def org(self, org: Org) -> str:
        self.organisations.setdefault(org.name, org)
        return org.name

    def pair(self, a: str, b: str, *, required: bool = True) -> None:
        if a != b:
            (self.partnerships if required else self.partnerships_ok).add(tuple(sorted((a, b))))

    def to_json(self) -> dict:
        return {
            "doc_id": self.doc_id,
            "organisations": [o.truth() for o in self.organisations.values()],
            "agreements": self.agreements,
            "partnerships": sorted(list(p) for p in self.partnerships),
            "partnerships_ok": sorted(list(p) for p in self.partnerships_ok - self.partnerships),
            "memberships": sorted(list(p) for p in self.memberships),
            "memberships_ok": [],
            "areas": sorted(self.areas),
            "areas_ok": [],
        }


@dataclass
class Article:
    """One synthetic article: its file name, front matter, text and planted truth."""

    id: str
    meta: dict
    text: str
    truth: Truth

    def markdown(self) -> str:
        lines = ["---"]
        for key, value in self.meta.items():
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
        lines += ["---", "", self.text]
        return "\n".join(lines) + "\n"

    def record(self, pipeline: str = "synth") -> Record:
        """The record a perfect extractor would give: the truth, each fact with the
        first sentence that names its parties as evidence."""
        text = self.text + "\n"  # as kg.corpus reads the written file
        sentences = [(m.group(), m.start()) for m in re.finditer(r"[^\s.][^.]*\.", text)]

        def evidence(*names: str) -> list[Evidence]:
            for sentence, start in sentences:
                if all(n in sentence for n in names):
                    return [Evidence(sentence, start, start + len(sentence))]
            return []

        t = self.truth
        orgs = [
            Organisation(
                o.name,
                o.type,
                aliases=list(o.aliases),
                country=o.country.name if o.country else None,
                evidence=evidence(o.name),
            )
            for o in t.organisations.values()
        ]
        agreements = [
            Agreement(
                a["type"],
                name=a.get("name"),
                parties=list(a["parties"]),
                areas=list(a["areas"]),
                date=a["date"],
                place=a["place"],
                evidence=evidence(*a["parties"][:1]),
            )
            for a in t.agreements
        ]
        areas = []
        for area in sorted(t.areas):
            found = [(s, i) for s, i in sentences if area in areas_mentioned(s)]
            ev = [Evidence(s, i, i + len(s)) for s, i in found[:1]]
            areas.append(AreaMention(area, ev))
        return Record(
            article=ArticleMeta(
                id=self.id,
                **self.meta,
                sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            ),
            organisations=orgs,
            agreements=agreements,
            partnerships=[Relation(a, b, evidence(a, b)) for a, b in sorted(t.partnerships)],
            memberships=[Relation(a, b, evidence(a, b)) for a, b in sorted(t.memberships)],
            part_of=[
                Relation(o.name, o.country.name, evidence(o.name))
                for o in t.organisations.values()
                if o.country is not None
            ],
            areas=areas,
            pipeline=pipeline,
        )


def _date(rng: random.Random) -> tuple[str, str | None]:
    """A date phrase and its ISO value, at the precision the phrase gives."""
    year = rng.randint(2012, 2025)
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    kind = rng.random()
    if kind < 0.45:
        return f"on {day} {MONTHS[month - 1]} {year}", f"{year}-{month:02d}-{day:02d}"
    if kind < 0.75:
        return f"in {MONTHS[month - 1]} {year}", f"{year}-{month:02d}"
    if kind < 0.9:
        return f"in {year}", str(year)
    return "this week", None


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _areas(rng: random.Random, truth: Truth, k: int | None = None) -> str:
    """A phrase listing 1-3 commitment areas, recorded in the truth."""
    ids = rng.sample(sorted(area_phrases()), k or rng.randint(1, 3))
    truth.areas.update(ids)
    return _join([rng.choice(area_phrases()[a]) for a in ids])


def _agreement(
    truth: Truth,
    kind: str,
    parties: list[str],
    areas: list[str],
    date,
    place,
    name: str | None = None,
) -> None:
    agr = {"type": kind, "parties": parties, "areas": sorted(areas), "date": date, "place": place}
    if name:
        agr["name"] = name
    truth.agreements.append(agr)


def _place(rng: random.Random, *codes: str) -> tuple[str, str | None]:
    options = [COUNTRIES[c] for c in codes if COUNTRIES.get(c)]
    if not options or rng.random() < 0.4:
        return "", None
    city = rng.choice(options)
    return f" in {city}", city


def _pick_countries(rng: random.Random, k: int) -> list[str]:
    return rng.sample(sorted(COUNTRIES), k)


# ------------------------------------------------------------------ event templates
def bilateral_mou(rng: random.Random, t: Truth) -> tuple[str, list[str]]:
    codes = _pick_countries(rng, 2)
    a, b = country(codes[0]), country(codes[1])
    date_text, date = _date(rng)
    where, place = _place(rng, *codes)
    before = set(t.areas)
    verb = rng.choice(["signed", "have signed", "concluded"])
    doc = rng.choice(["a memorandum of understanding", "an MoU"])
    s1 = f"{a.name} and {b.name} {verb} {doc} on cyber security cooperation{where} {date_text}."
    s2 = f"The memorandum covers {_areas(rng, t)}."
    t.pair(t.org(a), t.org(b))
    _agreement(t, "mou", [a.name, b.name], list(t.areas - before), date, place)
    return f"{a.name} and {b.name} sign cyber security MoU", [s1, s2]


def agency_mou(rng: random.Random, t: Truth) -> tuple[str, list[str]]:
    x, y = (agency(e) for e in _pick_agencies(rng, 2))
    date_text, date = _date(rng)
    before = set(t.areas)
    s1 = (
        f"{x.country.name}'s {x.name} and {y.country.name}'s {y.name} signed a memorandum "
        f"of understanding {date_text}."
    )
    s2 = f"Under the memorandum, the two bodies will work together on {_areas(rng, t)}."
    for org in (x, y, x.country, y.country):
        t.org(org)
    t.pair(x.name, y.name)
    t.pair(x.country.name, y.country.name)
    for agency_, other in ((x, y.country), (y, x.country)):
        t.pair(agency_.name, other.name, required=False)
    parties = [x.name, y.name, x.country.name, y.country.name]
    _agreement(t, "mou", parties, list(t.areas - before), date, None)
    return f"{x.country.name} and {y.country.name} cyber agencies sign MoU", [s1, s2]


def _pick_agencies(rng: random.Random, k: int) -> list[tuple]:
    while True:
        picked = rng.sample(AGENCIES, k)
        if len({p[2] for p in picked}) == k:
            return picked


def company_partnership(rng: random.Random, t: Truth) -> tuple[str, list[str]]:
    firm = company(rng.choice(COMPANIES))
    ag = agency(rng.choice(AGENCIES))
    date_text, date = _date(rng)
    before = set(t.areas)
    s1 = f"{firm.name} has launched a partnership with {ag.country.name}'s {ag.name} {date_text}."
    s2 = f"The programme will focus on {_areas(rng, t)}."
    for org in (firm, ag, ag.country):
        t.org(org)
    t.pair(firm.name, ag.name)
    t.pair(firm.name, ag.country.name, required=False)
    _agreement(
        t, "partnership", [firm.name, ag.name, ag.country.name], list(t.areas - before), date, None
    )
    return f"{firm.name} and {ag.name} launch partnership", [s1, s2]


def regional_framework(rng: random.Random, t: Truth) -> tuple[str, list[str]]:
    name = rng.choice(sorted(BODIES))
    bod = body(name)
    acronym, members = BODIES[name]
    states = [country(c) for c in rng.sample(members, min(len(members), rng.randint(2, 3)))]
    date_text, date = _date(rng)
    before = set(t.areas)
    fw = f"{acronym} Cyber Security Framework"
    s1 = f"The {bod.name} adopted the {fw} {date_text}."
    s2 = f"The framework sets out joint work on {_areas(rng, t)}."
    names = _join([s.name for s in states])
    s3 = f"{names}, all members of the {bod.name}, welcomed the framework."
    t.org(bod)
    for s in states:
        t.org(s)
        t.memberships.add((s.name, bod.name))
    _agreement(t, "framework", [bod.name], list(t.areas - before), date, None, name=fw)
    return f"{acronym} adopts cyber security framework", [s1, s2, s3]


def joint_declaration(rng: random.Random, t: Truth) -> tuple[str, list[str]]:
    states = [country(c) for c in _pick_countries(rng, rng.randint(3, 5))]
    date_text, date = _date(rng)
    before = set(t.areas)
    names = [s.name for s in states]
    s1 = f"{_join(names)} issued a joint declaration on cyber security {date_text}."
    s2 = f"The declaration commits the signatories to {_areas(rng, t)}."
    for s in states:
        t.org(s)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            t.pair(a, b, required=len(names) <= 3)
    _agreement(t, "declaration", names, list(t.areas - before), date, None)
    return f"{len(names)} countries issue joint cyber security declaration", [s1, s2]


def treaty(rng: random.Random, t: Truth) -> tuple[str, list[str]]:
    codes = _pick_countries(rng, 2)
    a, b = country(codes[0]), country(codes[1])
    date_text, date = _date(rng)
    where, place = _place(rng, *codes)
    before = set(t.areas)
    s1 = f"{a.name} and {b.name} concluded a treaty on cyber security{where} {date_text}."
    s2 = f"The treaty provides for {_areas(rng, t)}."
    t.pair(t.org(a), t.org(b))
    _agreement(t, "treaty", [a.name, b.name], list(t.areas - before), date, place)
    return f"{a.name} and {b.name} conclude cyber security treaty", [s1, s2]


TEMPLATES = (
    bilateral_mou,
    agency_mou,
    company_partnership,
    regional_framework,
    joint_declaration,
    treaty,
)


def make_article(i: int, seed: int = DEFAULT_SEED) -> Article:
    """Article number i of the corpus for a seed: the same on every machine and run."""
    rng = random.Random(f"{seed}:{i}")
    template = TEMPLATES[rng.randrange(len(TEMPLATES))]
    doc_id = f"synth-{i:06d}-{template.__name__.replace('_', '-')}"
    truth = Truth(doc_id)
    title, sentences = template(rng, truth)
    if rng.random() < 0.35:  # a second, independent event
        _title, more = rng.choice(TEMPLATES)(rng, truth)
        sentences += more
    fillers = rng.sample(FILLERS, rng.randint(5, 11))
    paragraphs = [" ".join(sentences[:2])]
    rest = sentences[2:] + fillers
    rng.shuffle(rest)
    while rest:
        take = rng.randint(2, 3)
        paragraphs.append(" ".join(rest[:take]))
        rest = rest[take:]
    dates = [a["date"] for a in truth.agreements if a["date"]]
    published = max((d for d in dates if len(d) == 10), default=None)
    meta = {
        "title": title,
        "url": f"https://example.org/synthetic/{doc_id}",
        "published": published,
        "publisher": rng.choice(PUBLISHERS),
        "language": "en",
    }
    return Article(doc_id, meta, "\n\n".join(paragraphs), truth)


def generate(n: int, seed: int = DEFAULT_SEED, start: int = 0) -> Iterator[Article]:
    """Articles start … start+n-1."""
    for i in range(start, start + n):
        yield make_article(i, seed)


# ------------------------------------------------------------------ records without text
POOL_BODIES = 50  # one organisation in 50 of a pool is an intergovernmental body


@cache
def pool_organisations(size: int) -> tuple[Organisation, ...]:
    """A pool of organisations of every type but country, each in a real country."""
    types = sorted(t for t in ontology.load().org_types if t != "country")
    states = [country(code).name for code in sorted(COUNTRIES)]
    return tuple(
        Organisation(
            f"Synthetic Body {i:05d}",
            "intergovernmental" if i < max(3, size // POOL_BODIES) else types[i % len(types)],
            country=None if i < max(3, size // POOL_BODIES) else states[i % len(states)],
        )
        for i in range(size)
    )


def pooled_record(i: int, pool: int, seed: int = DEFAULT_SEED) -> Record:
    """Record i over a pool of organisations: organisation i % pool with two partners
    chosen with a skew (hubs), an agreement (some named, shared between articles),
    a membership of a body and an area."""
    rng = random.Random(f"{seed}:pool:{pool}:{i}")
    orgs = pool_organisations(pool)
    bodies = orgs[: max(3, pool // POOL_BODIES)]
    areas = sorted(ontology.load().areas)

    def pick(*taken: Organisation) -> Organisation:
        while True:
            org = orgs[min(pool - 1, int(pool * rng.random() ** 2.2))]
            if org not in taken or pool <= len(taken):
                return org

    a = orgs[i % pool]
    b = pick(a)
    c = pick(a, b)
    body = bodies[rng.randrange(len(bodies))]
    year = rng.randint(2010, 2025)
    published = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    s1 = f"In report {i}, {a.name} and {b.name} signed an agreement with {c.name}."
    s2 = f"{c.name} is a member of {body.name}."
    ev1 = [Evidence(s1, 0, len(s1))]
    ev2 = [Evidence(s2, len(s1) + 1, len(s1) + 1 + len(s2))]
    members = [] if body in (c,) else [Relation(c.name, body.name, ev2)]
    named = rng.random() < 0.5
    return Record(
        article=ArticleMeta(
            id=f"synth-pool-{i:06d}",
            title=f"Report {i}: {a.name} and {b.name}",
            url=f"https://example.org/synthetic/pool/{i}",
            published=published,
            publisher=rng.choice(PUBLISHERS),
            language="en",
            sha256=hashlib.sha256(f"{seed}:{pool}:{i}".encode()).hexdigest(),
        ),
        organisations=[
            Organisation(o.name, o.type, country=o.country, evidence=ev1)
            for o in {o.name: o for o in (a, b, c)}.values()
        ]
        + ([Organisation(body.name, body.type, evidence=ev2)] if members else []),
        agreements=[
            Agreement(
                "mou",
                name=f"Synthetic Accord {rng.randrange(2 * pool):05d}" if named else None,
                parties=sorted({a.name, b.name, c.name}),
                areas=rng.sample(areas, 2),
                date=published[: rng.choice((4, 7, 10))],
                place=rng.choice([None, *sorted(c for c in COUNTRIES.values() if c)]),
                evidence=ev1,
            )
        ],
        partnerships=[Relation(a.name, b.name, ev1)],
        memberships=members,
        areas=[AreaMention(rng.choice(areas), ev1)],
        pipeline="synth",
    )


def records(
    n: int, seed: int = DEFAULT_SEED, *, start: int = 0, pool: int | None = None
) -> list[Record]:
    """Records of articles start … start+n-1: of the synthetic articles, or over a pool."""
    if pool is None:
        return [a.record() for a in generate(n, seed, start)]
    return [pooled_record(i, pool, seed) for i in range(start, start + n)]


def write_article(article: Article, out_dir: Path) -> Path:
    """Write the article and its truth under out_dir; returns the article's path."""
    path = Path(out_dir) / "articles" / f"{article.id}.md"
    truth = Path(out_dir) / "truth" / f"{article.id}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    truth.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(article.markdown(), encoding="utf-8")
    truth.write_text(
        json.dumps(article.truth.to_json(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return path


def write_corpus(n: int, out_dir: Path, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write n articles and their truth; returns the article paths."""
    return [write_article(a, out_dir) for a in generate(n, seed)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("out_dir", type=Path, help="folder for articles/ and truth/")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    out = args.out_dir.resolve()
    if (ROOT / "corpus").resolve() in (out, *out.parents):
        parser.error("refusing to write a synthetic corpus into corpus/")
    paths = write_corpus(args.n, out, args.seed)
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
    print(
        f"{len(paths)} articles ({words:,} words) in {out / 'articles'}, truth in {out / 'truth'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
