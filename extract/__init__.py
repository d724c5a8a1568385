"""The spaCy extraction step: articles in, records with evidence out."""

from extract.pipeline import PIPELINE_VERSION, Extractor

__all__ = ["PIPELINE_VERSION", "Extractor"]
