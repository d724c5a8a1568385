"""One shared full pipeline for the extractor tests (loading it is slow)."""

from functools import cache

from extract.pipeline import Extractor
from extract.records import ArticleMeta, Record
from kg.settings import DEFAULT_MODEL


@cache
def extractor() -> Extractor:
    return Extractor(DEFAULT_MODEL)


def record(text: str, published: str | None = None) -> Record:
    meta = ArticleMeta(id="t", published=published)
    return next(extractor().extract([(meta, text)]))
