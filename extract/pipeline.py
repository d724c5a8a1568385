"""The extraction pipeline: a spaCy model plus CyberKG components, articles to records.

Components, in order after the model (each a registered factory):
``cyberkg_gazetteer`` (known names), ``cyberkg_organisations`` (whole names,
types, countries, actors), ``cyberkg_areas`` (commitment-area triggers),
``cyberkg_agreements`` and ``cyberkg_relations`` (partnerships, memberships,
areas of cooperation). They leave plain data in ``doc._.cyberkg``; this module
turns it into a :class:`Record` with evidence for every fact.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

# importing the modules registers the factories
from extract import agreements as _agreements  # noqa: F401
from extract import areas as _areas  # noqa: F401
from extract import gazetteer_ruler as _gazetteer  # noqa: F401
from extract import organisations as _organisations  # noqa: F401
from extract import relations as _relations  # noqa: F401
from extract import sentences as _sentences  # noqa: F401
from extract.errors import Errors
from extract.records import (
    Agreement,
    AreaMention,
    ArticleMeta,
    Evidence,
    Organisation,
    Record,
    Relation,
)
from extract.syntax import split_glued_brackets
from ontology.patterns import load_patterns

PIPELINE_VERSION = "cyberkg.pipeline.v2"
COMPONENTS = (
    "cyberkg_gazetteer",
    "cyberkg_organisations",
    "cyberkg_areas",
    "cyberkg_agreements",
    "cyberkg_relations",
)
MONTHS = {
    m.lower(): i
    for i, m in enumerate(
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        start=1,
    )
}
MONTHS.update({k[:3]: v for k, v in list(MONTHS.items())})
# Texts longer than this are extracted in sections of whole paragraphs: spaCy refuses a
# text over nlp.max_length (1,000,000 characters) and needs about 1 GB a 100,000 characters
# of parse, so sections keep memory bounded whatever the article's length.
SECTION_CHARS = 100_000
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


class ModelNotFound(LookupError):
    """The spaCy model named by CYBERKG_MODEL is not installed."""


def load_model(name: str) -> Language:
    """Load an installed spaCy English model by package name."""
    try:
        return spacy.load(name)
    except OSError as err:
        raise ModelNotFound(Errors.E003.format(name=name)) from err


def add_components(nlp: Language) -> Language:
    """Add the CyberKG components to a loaded model (idempotent)."""
    split_glued_brackets(nlp)
    if "cyberkg_line_breaks" not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe("cyberkg_line_breaks", before="parser")
    for name in COMPONENTS:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name)
    for name in ("cyberkg_areas", "cyberkg_agreements"):
        nlp.get_pipe(name).initialize_matcher()
    return nlp


def iso_date(text: str | None, published: str | None) -> str | None:
    """ISO 8601 to the precision the text gives; weekdays and bare months use the article date."""
    if not text:
        return None
    low = text.lower()
    pub = None
    if published:
        try:
            pub = dt.date.fromisoformat(str(published)[:10])
        except ValueError:
            pub = None
    year = re.search(r"\b(19|20)\d\d\b", text)
    month = next((v for k, v in MONTHS.items() if re.search(rf"\b{k}\b", low)), None)
    day = re.search(r"\b([0-3]?\d)(?:st|nd|rd|th)?\b", re.sub(r"\b(19|20)\d\d\b", "", low))
    y = int(year.group(0)) if year else (pub.year if pub and month else None)
    if month and y:
        if day and 1 <= int(day.group(1)) <= 31:
            return f"{y:04d}-{month:02d}-{int(day.group(1)):02d}"
        return f"{y:04d}-{month:02d}"
    if y:
        return f"{y:04d}"
    wd = next((i for i, w in enumerate(WEEKDAYS) if w in low), None)
    if wd is not None and pub:
        return (pub - dt.timedelta(days=(pub.weekday() - wd) % 7)).isoformat()
    if low in ("today", "yesterday") and pub:
        return (pub - dt.timedelta(days=1 if low == "yesterday" else 0)).isoformat()
    return None


def evidence(doc: Doc, start: int, end: int, text: str | None = None) -> Evidence:
    """The sentence of tokens start..end, trimmed, with offsets such that text[start:end] is it.

    ``text`` is ``doc.text`` when the caller has it: spaCy joins it from the tokens
    at every access."""
    if text is None:
        text = doc.text
    span = doc[start:end]
    first, last = span.start_char, span.end_char
    raw = text[first:last]
    lead = len(raw) - len(raw.lstrip())
    trail = len(raw) - len(raw.rstrip())
    first, last = first + lead, max(first + lead, last - trail)
    return Evidence(sentence=text[first:last], start=first, end=last)


class Extractor:
    """Turn articles into records; holds one loaded model for many articles."""

    def __init__(self, model: str) -> None:
        self.model = model
        self.nlp = add_components(load_model(model))

    @property
    def version(self) -> str:
        return f"{PIPELINE_VERSION}+{self.model}-{self.nlp.meta.get('version', '?')}"

    def extract(
        self,
        items: Iterable[tuple[ArticleMeta, str]],
        *,
        batch_size: int = 16,
        n_process: int = 1,
    ) -> Iterator[Record]:
        """Records for (metadata, text) pairs, in order.

        Articles up to SECTION_CHARS go through ``nlp.pipe`` in batches; a longer
        one is extracted section by section (see ``sections``) and its records
        merged, with every offset relative to the whole text.
        """
        limit = min(SECTION_CHARS, self.nlp.max_length)
        batch: list[tuple[ArticleMeta, str]] = []
        for meta, text in items:
            if len(text) <= limit:
                batch.append((meta, text))
                continue
            yield from self._pipe(batch, batch_size, n_process)
            batch = []
            parts = (
                shifted(self.record(meta, self.nlp(part)), offset)
                for offset, part in sections(text, limit)
            )
            yield merge_records(meta, parts)
        yield from self._pipe(batch, batch_size, n_process)

    def _pipe(
        self, items: list[tuple[ArticleMeta, str]], batch_size: int, n_process: int
    ) -> Iterator[Record]:
        if not items:
            return
        docs = self.nlp.pipe(
            (text for _, text in items), batch_size=batch_size, n_process=n_process
        )
        for (meta, _), doc in zip(items, docs, strict=True):
            yield self.record(meta, doc)

    def record(self, meta: ArticleMeta, doc: Doc) -> Record:
        """The record of one processed article: every fact with its sentences."""
        data = doc._.cyberkg
        rec = Record(article=meta, pipeline=self.version)

        text = doc.text

        def ev(start: int, end: int) -> Evidence:
            return evidence(doc, start, end, text)

        sent_of = {}
        for sent in doc.sents:
            for t in range(sent.start, sent.end):
                sent_of[t] = (sent.start, sent.end)
        orgs = {}
        for s, _e, key, role in data["mentions"]:
            info = data["orgs"][key]
            if not info["actor"]:
                continue
            org = orgs.get(key)
            if org is None:
                org = orgs[key] = Organisation(
                    name=info["name"],
                    type=info["type"],
                    aliases=list(info["aliases"]),
                    country=info["country"],
                )
            e = ev(*sent_of[s])
            if e not in org.evidence and role != "location":
                org.evidence.append(e)
        rec.organisations = list(orgs.values())
        # a criminal or state-sponsored group is named, never a partner, member or party
        never = load_patterns("organisations")["never_partner_types"]
        orgs = {k: o for k, o in orgs.items() if o.type not in never}
        for ag in data.get("agreements", []):
            rec.agreements.append(
                Agreement(
                    type=ag["type"],
                    name=ag["name"],
                    parties=[p for p in ag["parties"] if p in orgs],
                    areas=list(ag.get("areas", [])),
                    date=iso_date(ag["date"], meta.published),
                    place=ag["place"],
                    evidence=[ev(s, e) for s, e in ag["sents"]],
                )
            )

        # "Strategy" inside "National Center of Incident Readiness and Strategy for
        # Cybersecurity": a name that is one of its own parties' names is that body's
        def own_name(a: Agreement) -> bool:
            names = {n for p in a.parties for n in (p, *orgs[p].aliases)}
            return a.name is not None and a.name in names

        rec.agreements = [a for a in rec.agreements if a.parties and not own_name(a)]
        rec.partnerships = [
            Relation(a, b, [ev(s, e) for s, e in evs])
            for a, b, evs in data["partnerships"]
            if a in orgs and b in orgs
        ]
        rec.memberships = [
            Relation(a, b, [ev(s, e) for s, e in evs])
            for a, b, evs in data["memberships"]
            if a in orgs and b in orgs
        ]
        rec.part_of = [
            Relation(a, b, orgs[a].evidence[:1])
            for a, b in data["part_of"]
            if a in orgs and b in orgs
        ]
        rec.areas = [
            AreaMention(area, [ev(s, e) for s, e in evs]) for area, evs in data["areas"].items()
        ]
        return rec


# ---------------------------------------------------------------- long texts
def sections(text: str, limit: int = SECTION_CHARS) -> Iterator[tuple[int, str]]:
    """(offset, part) of a text cut into parts of at most ``limit`` characters.

    Cuts fall after a paragraph break where there is one, else after a line
    break, a sentence's end or a space, and only as a last resort inside a word;
    ``text[offset:offset + len(part)] == part`` for each.
    """
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = 0
        for mark in ("\n\n", "\n", ". ", " "):
            at = window.rfind(mark, limit // 2)
            if at > 0:
                cut = at + len(mark)
                break
        cut = cut or limit
        yield start, text[start : start + cut]
        start += cut
    yield start, text[start:]


def shifted(record: Record, offset: int) -> Record:
    """The record of a section, its evidence offsets moved to the whole text's."""
    if offset:
        for facts in (
            record.organisations,
            record.agreements,
            record.partnerships,
            record.memberships,
            record.part_of,
            record.areas,
        ):
            for fact in facts:
                for ev in fact.evidence:
                    ev.start += offset
                    ev.end += offset
    return record


def merge_records(meta: ArticleMeta, parts: Iterable[Record]) -> Record:
    """One record of an article from the records of its sections.

    An organisation, relation or area found in several sections is one fact with
    the evidence of all; agreements stay as found (the resolver joins mentions).
    """
    out = Record(article=meta)
    orgs: dict[str, Organisation] = {}
    relations: dict[tuple[str, str, str], Relation] = {}
    areas: dict[str, AreaMention] = {}
    for rec in parts:
        out.pipeline = rec.pipeline
        for org in rec.organisations:
            have = orgs.setdefault(org.name, org)
            if have is not org:
                have.aliases += [a for a in org.aliases if a not in have.aliases]
                have.country = have.country or org.country
                have.evidence += [e for e in org.evidence if e not in have.evidence]
        out.agreements += rec.agreements
        for kind in ("partnerships", "memberships", "part_of"):
            for rel in getattr(rec, kind):
                have = relations.setdefault((kind, rel.source, rel.target), rel)
                if have is not rel:
                    have.evidence += rel.evidence
                else:
                    getattr(out, kind).append(rel)
        for area in rec.areas:
            have = areas.setdefault(area.area, area)
            if have is not area:
                have.evidence += area.evidence
    out.organisations = list(orgs.values())
    out.areas = list(areas.values())
    return out
