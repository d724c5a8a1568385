"""Commitment areas: lemma-based PhraseMatcher over the ontology's trigger phrases.

Matches go to ``doc.spans["cyberkg_areas"]`` labelled with the area id; the
relations step decides which of them name areas of cooperation. A trigger inside
an organisation's name ("Cybercrime Directorate") names the body, not an area.
"""

from __future__ import annotations

from spacy.attrs import LEMMA, LOWER
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

import ontology

DEFAULT_SPANS_KEY = "cyberkg_areas"


# words a phrase may carry between its own words: "respond faster to incidents",
# "share sensitive information", "respond to a ransomware attack", "early-warning"
GAP_TAGS = ["JJ", "JJR", "JJS", "RB", "RBR", "RBS", "DT", "PRP$", "HYPH", "NN", "NNP", "VBN"]
MAX_GAP = 2
GAP = {"TAG": {"IN": GAP_TAGS}, "OP": f"{{0,{MAX_GAP}}}"}


class GappedMatcher:
    """The token Matcher of gapped phrases, run per opening word around the tokens that
    can open a phrase.

    The Matcher's set predicates are Python calls tried at every token for every
    pattern. A match starts at a token that fits its pattern's first word and spans
    at most ``width`` tokens, and each pattern's states run on their own; so one
    small Matcher per first word, run over the windows after the tokens that fit that
    word, finds the same matches at a small part of the cost."""

    def __init__(self, vocab: Vocab, patterns: list[tuple[str, list[dict]]]) -> None:
        self.full = Matcher(vocab)  # all patterns: checks the doc's annotation as before
        groups: dict[tuple[str, tuple[str, ...]], Matcher] = {}
        for key, pattern in patterns:
            self.full.add(key, [pattern])
            ((attr, spec),) = pattern[0].items()
            first = (attr, tuple(spec["IN"]))
            groups.setdefault(first, Matcher(vocab)).add(key, [pattern])
        words = [(len(p) + 1) // 2 for _, p in patterns]  # word, gap, word, ...
        self.width = max((n + MAX_GAP * (n - 1) for n in words), default=0)
        self.groups = list(groups.values())
        self.opened_by: dict[int, dict[int, list[int]]] = {LEMMA: {}, LOWER: {}}
        for n, (attr, forms) in enumerate(groups):
            index = self.opened_by[LEMMA if attr == "LEMMA" else LOWER]
            for form in forms:
                index.setdefault(get_string_id(form), []).append(n)

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        self.full(doc[0:0])  # raises, as a full run does, if the doc has no tags or lemmas
        windows: dict[int, list[list[int]]] = {}
        by_lemma, by_lower = self.opened_by[LEMMA], self.opened_by[LOWER]
        for i, (lemma, lower) in enumerate(doc.to_array([LEMMA, LOWER]).tolist()):
            for n in (*by_lemma.get(lemma, ()), *by_lower.get(lower, ())):
                spans = windows.setdefault(n, [])
                end = min(i + self.width, len(doc))
                if spans and i <= spans[-1][1]:
                    spans[-1][1] = end
                else:
                    spans.append([i, end])
        found: list[tuple[int, int, int]] = []
        for n, spans in windows.items():
            matcher = self.groups[n]
            for a, b in spans:
                found.extend((k, a + s, a + e) for k, s, e in matcher(doc[a:b]))
        return found


class TriggerMatcher:
    """Lemma matches ("signed" ~ "sign") plus lower-case matches for proper names
    ("EAC Cybersecurity Framework", whose lemma keeps its capital), plus multi-word
    phrases with up to two modifiers or a hyphen between their words."""

    def __init__(
        self, lemma: PhraseMatcher, lower: PhraseMatcher, gapped: GappedMatcher | None = None
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
    gapped: list[tuple[str, list[dict]]] = []
    off = ["ner", *(n for n in nlp.pipe_names if n.startswith("cyberkg"))]
    for key, triggers in phrases.items():
        forms = list(dict.fromkeys(t.lower() for t in triggers))
        parsed = list(nlp.pipe(forms, disable=off))
        lemma.add(key, parsed)
        plural = [f + "s" for f in forms if not f.endswith("s")]
        lower.add(key, [nlp.make_doc(f) for f in forms + plural])
        multi = [d for d in parsed if len(d) > 1 and not any(t.is_punct for t in d)]
        if multi and gaps:
            gapped.extend((key, gapped_pattern(d)) for d in multi)
            gapped.extend((key, gapped_pattern(d, by_lemma=False)) for d in multi)
    return TriggerMatcher(lemma, lower, GappedMatcher(nlp.vocab, gapped) if gaps else None)


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
