"""Commitment areas: lemma-based PhraseMatcher over the ontology's trigger phrases.

Matches go to ``doc.spans["cyberkg_areas"]`` labelled with the area id; the
relations step decides which of them name areas of cooperation. A trigger inside
an organisation's name ("Cybercrime Directorate") names the body, not an area.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

import ontology

DEFAULT_SPANS_KEY = "cyberkg_areas"


class TriggerMatcher:
    """Lemma matches ("signed" ~ "sign") plus lower-case matches for proper names
    ("EAC Cybersecurity Framework", whose lemma keeps its capital)."""

    def __init__(self, lemma: PhraseMatcher, lower: PhraseMatcher) -> None:
        self.lemma = lemma
        self.lower = lower

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        return sorted(set(self.lemma(doc)) | set(self.lower(doc)))


def lemma_matcher(nlp: Language, phrases: dict[str, tuple[str, ...]]) -> TriggerMatcher:
    """One key per concept id; phrases lemmatised by the model itself."""
    lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
    lower = PhraseMatcher(nlp.vocab, attr="LOWER")
    off = ["ner", *(n for n in nlp.pipe_names if n.startswith("cyberkg"))]
    for key, triggers in phrases.items():
        forms = list(dict.fromkeys(t.lower() for t in triggers))
        lemma.add(key, list(nlp.pipe(forms, disable=off)))
        plural = [f + "s" for f in forms if not f.endswith("s")]
        lower.add(key, [nlp.make_doc(f) for f in forms + plural])
    return TriggerMatcher(lemma, lower)


@Language.factory(
    "cyberkg_areas",
    assigns=["doc.spans"],
    requires=["token.lemma"],
    default_config={"spans_key": DEFAULT_SPANS_KEY},
)
def make_area_matcher(nlp: Language, name: str, spans_key: str) -> AreaMatcher:
    return AreaMatcher(nlp, name, spans_key=spans_key)


class AreaMatcher:
    """Mark every trigger phrase of a commitment area of the ontology."""

    def __init__(
        self, nlp: Language, name: str = "cyberkg_areas", *, spans_key: str = DEFAULT_SPANS_KEY
    ) -> None:
        self.name = name
        self.spans_key = spans_key
        self.vocab = nlp.vocab
        self.matcher: PhraseMatcher | None = None
        self._nlp = nlp

    def initialize_matcher(self) -> None:
        """Build the matcher lazily: the lemmatiser must already be in the pipeline."""
        areas = ontology.load().areas
        self.matcher = lemma_matcher(self._nlp, {a.id: a.triggers for a in areas.values()})

    def __call__(self, doc: Doc) -> Doc:
        if self.matcher is None:
            self.initialize_matcher()
        in_name = [False] * len(doc)
        for org in doc.spans.get("cyberkg_orgs", []):
            for t in range(org.start, org.end):
                in_name[t] = True
        spans = [
            Span(doc, s, e, label=self.vocab.strings[k])
            for k, s, e in self.matcher(doc)
            if not all(in_name[s:e])  # "Cybercrime Unit" names a body, not an area
        ]
        doc.spans[self.spans_key] = spans
        return doc
