"""The extraction pipeline: a spaCy model plus CyberKG components, articles to records."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

import ontology
from extract.records import AreaMention, ArticleMeta, Evidence, Organisation, Record, Relation

PIPELINE_VERSION = "cyberkg.pipeline.v1"
COOPERATION_LEMMAS = {"sign", "cooperate", "collaborate", "partner", "agreement", "partnership"}


class ModelNotFound(LookupError):
    """The spaCy model named by CYBERKG_MODEL is not installed."""


def load_model(name: str) -> Language:
    """Load an installed spaCy English model by package name."""
    try:
        return spacy.load(name)
    except OSError as err:
        raise ModelNotFound(
            f"spaCy model {name!r} is not installed: pip install it or set CYBERKG_MODEL"
        ) from err


def _evidence(sent: Span) -> Evidence:
    return Evidence(sentence=sent.text, start=sent.start_char, end=sent.end_char)


class Extractor:
    """Turn articles into records; holds one loaded model for many articles."""

    def __init__(self, model: str) -> None:
        self.model = model
        self.nlp = load_model(model)
        ont = ontology.load()
        self.area_matcher = PhraseMatcher(self.nlp.vocab, attr="LEMMA")
        for area in ont.areas.values():
            self.area_matcher.add(area.id, list(self.nlp.pipe(area.triggers)))

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
        """Records for (metadata, text) pairs, in order."""
        items = list(items)
        docs = self.nlp.pipe(
            (text for _, text in items), batch_size=batch_size, n_process=n_process
        )
        for (meta, _), doc in zip(items, docs, strict=True):
            yield self.record(meta, doc)

    def record(self, meta: ArticleMeta, doc: Doc) -> Record:
        rec = Record(article=meta, pipeline=self.version)
        orgs: dict[str, Organisation] = {}
        for ent in doc.ents:
            if ent.label_ not in ("ORG", "GPE"):
                continue
            name = ent.text.strip()
            org = orgs.setdefault(
                name, Organisation(name=name, type="country" if ent.label_ == "GPE" else "other")
            )
            org.evidence.append(_evidence(ent.sent))
        rec.organisations = list(orgs.values())
        pairs: dict[tuple[str, str], Relation] = {}
        for sent in doc.sents:
            if not any(t.lemma_.lower() in COOPERATION_LEMMAS for t in sent):
                continue
            names = sorted({e.text.strip() for e in sent.ents if e.text.strip() in orgs})
            for a, b in itertools.combinations(names, 2):
                pairs.setdefault((a, b), Relation(a, b)).evidence.append(_evidence(sent))
        rec.partnerships = list(pairs.values())
        areas: dict[str, AreaMention] = {}
        for match_id, start, _end in self.area_matcher(doc):
            area = self.nlp.vocab.strings[match_id]
            areas.setdefault(area, AreaMention(area)).evidence.append(_evidence(doc[start].sent))
        rec.areas = list(areas.values())
        return rec
