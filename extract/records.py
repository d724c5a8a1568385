"""Plain data between extraction and loading: one ``Record`` per article.

Records serialise to JSON, so they can be cached by content hash, inspected by
maintainers and loaded by a process that never imports spaCy.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


def eval_type(org_type: str) -> str:
    """The schema's type of an organisation: ours, or "other" for a type the schema lacks
    (ontology/patterns/organisations.yaml, eval_other_types)."""
    from ontology.patterns import load_patterns

    return "other" if org_type in load_patterns("organisations")["eval_other_types"] else org_type


@dataclass
class Evidence:
    """The sentence that states a fact, with its character offsets in the article text."""

    sentence: str
    start: int
    end: int


@dataclass
class Organisation:
    """An organisation the article names as an actor."""

    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    country: str | None = None
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Agreement:
    """An agreement the article describes; parties are organisation names of this record."""

    type: str
    name: str | None = None
    parties: list[str] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    date: str | None = None
    place: str | None = None
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Relation:
    """A relation between two organisations of this record (source, target by name)."""

    source: str
    target: str
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class AreaMention:
    """A commitment area named as a field of cooperation."""

    area: str
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class ArticleMeta:
    """Front matter of the article plus the hash of its text."""

    id: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    publisher: str | None = None
    language: str | None = None
    sha256: str | None = None
    path: str | None = None
    # how exact ``published`` is ('day', 'month', 'year') and where it was found
    # ('front-matter', 'url', 'dateline', 'published-line'); None in older records
    published_precision: str | None = None
    published_source: str | None = None


@dataclass
class Record:
    """Everything extracted from one article."""

    article: ArticleMeta
    organisations: list[Organisation] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    partnerships: list[Relation] = field(default_factory=list)
    memberships: list[Relation] = field(default_factory=list)
    part_of: list[Relation] = field(default_factory=list)
    areas: list[AreaMention] = field(default_factory=list)
    pipeline: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Record:
        def ev(items: list[dict]) -> list[Evidence]:
            return [Evidence(**e) for e in items]

        def rel(items: list[dict]) -> list[Relation]:
            return [Relation(r["source"], r["target"], ev(r.get("evidence", []))) for r in items]

        return cls(
            article=ArticleMeta(**data["article"]),
            organisations=[
                Organisation(**{**o, "evidence": ev(o.get("evidence", []))})
                for o in data.get("organisations", [])
            ],
            agreements=[
                Agreement(**{**a, "evidence": ev(a.get("evidence", []))})
                for a in data.get("agreements", [])
            ],
            partnerships=rel(data.get("partnerships", [])),
            memberships=rel(data.get("memberships", [])),
            part_of=rel(data.get("part_of", [])),
            areas=[
                AreaMention(a["area"], ev(a.get("evidence", []))) for a in data.get("areas", [])
            ],
            pipeline=data.get("pipeline", ""),
        )

    def to_eval(self) -> dict[str, Any]:
        """The view of ``../shared/eval/SCHEMA.md``: names only, no evidence."""
        return {
            "doc_id": self.article.id,
            "organisations": [
                {"name": o.name, "type": eval_type(o.type)} for o in self.organisations
            ],
            "agreements": [
                {
                    "type": a.type,
                    **({"name": a.name} if a.name else {}),
                    "parties": a.parties,
                    "areas": a.areas,
                    "date": a.date,
                    "place": a.place,
                }
                for a in self.agreements
            ],
            "partnerships": [[r.source, r.target] for r in self.partnerships],
            "memberships": [[r.source, r.target] for r in self.memberships],
            "areas": [a.area for a in self.areas],
        }
