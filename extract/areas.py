"""Commitment areas: lemma-based PhraseMatcher over the ontology's trigger phrases.

Matches go to ``doc.spans["cyberkg_areas"]`` labelled with the area id; the
relations step decides which of them name areas of cooperation. A trigger inside
an organisation's name ("Cybercrime Directorate") names the body, not an area.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

import ontology

DEFAULT_SPANS_KEY = "cyberkg_areas"


# words a phrase may carry between its own words: "respond faster to incidents",
# "share sensitive information", "respond to a ransomware attack", "early-warning"
GAP_TAGS = ["JJ", "JJR", "JJS", "RB", "RBR", "RBS", "DT", "PRP$", "HYPH", "NN", "NNP", "VBN"]
GAP = {"TAG": {"IN": GAP_TAGS}, "OP": "{0,2}"}


class TriggerMatcher:
    """Lemma matches ("signed" ~ "sign") plus lower-case matches for proper names
    ("EAC Cybersecurity Framework", whose lemma keeps its capital), plus multi-word
    phrases with up to two modifiers or a hyphen between their words."""

    def __init__(
        self, lemma: PhraseMatcher, lower: PhraseMatcher, gapped: Matcher | None = None
    ) -> None:
        self.lemma = lemma
        self.lower = lower
        self.gapped = gapped

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        found = set(self.lemma(doc)) | set(self.lower(doc))
        if self.gapped is not None:
            found |= set(self.gapped(doc))
        return sorted(found)


def gapped_pattern(words: Doc, *, by_lemma: bool = True) -> list[dict]:
    """Token pattern of a parsed phrase: each word by lemma (any case) or by its lower-case
    form ("incident-handling", where the tagger reads a verb), gaps between."""
    pattern: list[dict] = []
    for n, t in enumerate(words):
        if n:
            pattern.append(GAP)
        if by_lemma:
            forms = list(dict.fromkeys((t.lemma_, t.lemma_.lower(), t.lemma_.title(), t.lower_)))
            pattern.append({"LEMMA": {"IN": forms}})
        else:
            pattern.append({"LOWER": {"IN": [t.lower_, t.lower_ + "s"]}})
    return pattern


def lemma_matcher(
    nlp: Language, phrases: dict[str, tuple[str, ...]], *, gaps: bool = False
) -> TriggerMatcher:
    """One key per concept id; phrases lemmatised by the model itself; with ``gaps``
    multi-word phrases also match with modifiers between their words."""
    lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
    lower = PhraseMatcher(nlp.vocab, attr="LOWER")
    gapped = Matcher(nlp.vocab)
    off = ["ner", *(n for n in nlp.pipe_names if n.startswith("cyberkg"))]
    for key, triggers in phrases.items():
        forms = list(dict.fromkeys(t.lower() for t in triggers))
        parsed = list(nlp.pipe(forms, disable=off))
        lemma.add(key, parsed)
        plural = [f + "s" for f in forms if not f.endswith("s")]
        lower.add(key, [nlp.make_doc(f) for f in forms + plural])
        multi = [d for d in parsed if len(d) > 1 and not any(t.is_punct for t in d)]
        if multi and gaps:
            gapped.add(key, [gapped_pattern(d) for d in multi])
            gapped.add(key, [gapped_pattern(d, by_lemma=False) for d in multi])
    return TriggerMatcher(lemma, lower, gapped if gaps else None)


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
        self.matcher = lemma_matcher(
            self._nlp, {a.id: a.triggers for a in areas.values()}, gaps=True
        )

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
