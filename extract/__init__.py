"""The spaCy extraction step: articles in, records with evidence out.

``Extractor`` is imported lazily: reading records (``extract.records``) must not
pay for importing spaCy, so a build with nothing to extract starts at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from extract.pipeline import PIPELINE_VERSION, Extractor

__all__ = ["PIPELINE_VERSION", "Extractor"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from extract import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'extract' has no attribute {name!r}")
