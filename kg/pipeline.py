"""Glue between the corpus reader and the extractor."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from extract import Extractor
from extract.records import Record
from kg.corpus import iter_articles
from kg.errors import ArticleError


def extract_paths(
    paths: Iterable[Path], *, model: str, errors: list[ArticleError] | None = None
) -> Iterator[Record]:
    """Records for every article under the paths; bad files go to ``errors`` when given."""
    articles = list(iter_articles(paths, errors))
    if not articles:
        return
    extractor = Extractor(model)
    yield from extractor.extract((a.meta, a.text) for a in articles)
