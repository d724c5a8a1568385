"""What the extractor finds in one article, with the sentence behind each finding.

A maintainer reads this before committing a new article (or a correction): every
organisation with its type and the node it resolves to after corrections, every
agreement with its parties and areas, every partnership and membership.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from extract.records import Evidence, Record
from kg.corpus import read_article
from kg.errors import ArticleError
from kg.resolve import Resolver

MAX_QUOTE = 220


def find_article(article: str | Path, corpus: Path) -> Path:
    """The file an ARTICLE argument names: a path, or an article id / file name in the corpus."""
    path = Path(article)
    if path.is_file():
        return path
    for candidate in (corpus / str(article), corpus / f"{article}.md", corpus / f"{article}.txt"):
        if candidate.is_file() and candidate.resolve().parent == corpus.resolve():
            return candidate
    raise ArticleError(article, f"no such file, and no article with this id in {corpus}")


@dataclass
class Review:
    """One article's record and how its organisations resolve."""

    record: Record
    resolved: dict[str, str | None]  # name in the article -> node id (None: rejected)


def review_record(record: Record, resolver: Resolver | None = None) -> Review:
    """Resolve the record's names as a build would (corrections included)."""
    resolver = resolver or Resolver()
    resolved: dict[str, str | None] = {}
    names = [o.name for o in record.organisations]
    for rel in [*record.partnerships, *record.memberships, *record.part_of]:
        names += [rel.source, rel.target]
    for agr in record.agreements:
        names += agr.parties
    types = {o.name: (o.type, o.country) for o in record.organisations}
    for name in names:
        if name not in resolved:
            org_type, country = types.get(name, ("other", None))
            row, rejected = resolver.resolve_name(name, org_type, country)
            resolved[name] = None if rejected else row["id"]
    return Review(record=record, resolved=resolved)


def review_article(path: Path, model: str) -> Review:
    """Extract one article (no cache, no database) and resolve its names."""
    from extract import Extractor

    article = read_article(path)
    record = next(iter(Extractor(model).extract([(article.meta, article.text)])))
    return review_record(record)


def _quote(evidence: list[Evidence]) -> Text:
    if not evidence:
        return Text("(no sentence)", style="dim")
    first = " ".join(evidence[0].sentence.split())
    if len(first) > MAX_QUOTE:
        first = first[: MAX_QUOTE - 1] + "…"
    more = f"  (+{len(evidence) - 1} more)" if len(evidence) > 1 else ""
    return Text(f"“{first}”") + Text(more, style="dim")


def _node(review: Review, name: str) -> Text:
    node = review.resolved.get(name, "")
    if node is None:
        return Text("rejected by corrections", style="red")
    return Text(node, style="cyan")


def tables(review: Review) -> list[Table]:
    """Rich tables, one per kind of finding (empty kinds are left out)."""
    rec = review.record
    out = []
    orgs = Table(title="Organisations", show_lines=True)
    for col in ("name", "type", "node", "sentence"):
        orgs.add_column(col, overflow="fold")
    for org in rec.organisations:
        orgs.add_row(org.name, org.type, _node(review, org.name), _quote(org.evidence))
    out.append(orgs)
    if rec.agreements:
        agr = Table(title="Agreements", show_lines=True)
        for col in ("agreement", "parties", "areas", "date / place", "sentence"):
            agr.add_column(col, overflow="fold")
        for a in rec.agreements:
            agr.add_row(
                Text(a.name or "(unnamed)") + Text(f"\n{a.type}", style="dim"),
                "\n".join(a.parties),
                "\n".join(a.areas),
                " / ".join(x for x in (a.date, a.place) if x) or "",
                _quote(a.evidence),
            )
        out.append(agr)
    for title, rels in (
        ("Partnerships", rec.partnerships),
        ("Memberships", rec.memberships),
        ("Part of", rec.part_of),
    ):
        if not rels:
            continue
        table = Table(title=title, show_lines=True)
        for col in ("source", "target", "sentence"):
            table.add_column(col, overflow="fold")
        for r in rels:
            table.add_row(r.source, r.target, _quote(r.evidence))
        out.append(table)
    if rec.areas:
        areas = Table(title="Commitment areas", show_lines=True)
        areas.add_column("area")
        areas.add_column("sentence", overflow="fold")
        for m in rec.areas:
            areas.add_row(m.area, _quote(m.evidence))
        out.append(areas)
    return out


def render(review: Review, console: Console) -> None:
    meta = review.record.article
    console.print(
        f"[bold]{meta.title or meta.id}[/bold]  ({meta.path or meta.id}; "
        f"published {meta.published or 'unknown'}, {meta.publisher or 'no publisher'})"
    )
    rec = review.record
    console.print(
        f"{len(rec.organisations)} organisations, {len(rec.agreements)} agreements, "
        f"{len(rec.partnerships)} partnerships, {len(rec.memberships)} memberships, "
        f"{len(rec.part_of)} part-of, {len(rec.areas)} areas"
    )
    for table in tables(review):
        console.print(table)
