"""Commitment areas: lemma-based PhraseMatcher over the ontology's trigger phrases.

Matches go to ``doc.spans["cyberkg_areas"]`` labelled with the area id; the
relations step decides which of them name areas of cooperation. A trigger inside
an organisation's name ("Cybercrime Directorate") names the body, not an area.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

import ontology
from ontology.cues import lexicon

DEFAULT_SPANS_KEY = "cyberkg_areas"


# words a phrase may carry between its own words: "respond faster to incidents",
# "share sensitive information", "respond to a ransomware attack", "early-warning"
GAP_TAGS = ["JJ", "JJR", "JJS", "RB", "RBR", "RBS", "DT", "PRP$", "HYPH", "NN", "NNP", "VBN"]
MAX_GAP = 2
GAP = {"TAG": {"IN": GAP_TAGS}, "OP": f"{{0,{MAX_GAP}}}"}
COLUMNS = ["LEMMA", "LOWER"]  # token attributes the words of a gapped pattern test


def _words(pattern: list[dict]) -> list[tuple[int, frozenset[int]]]:
    """(column, hashes of the forms) of each word of a pattern."""
    return [
        (COLUMNS.index(attr), frozenset(get_string_id(f) for f in spec["IN"]))
        for word in pattern
        for attr, spec in word.items()
    ]


class GappedMatcher:
    """The token Matcher of gapped phrases, run per opening word and only where the
    phrase's words occur in order.

    The Matcher's set predicates are Python calls tried at every token for every
    pattern. A match starts at a token that fits its pattern's first word, has each
    next word at most ``MAX_GAP`` tokens after the previous one, spans at most
    ``width`` tokens, and each pattern's states run on their own; so one small Matcher
    per first word, run over the windows after the tokens where that word opens a
    possible match, finds the same matches at a small part of the cost."""

    def __init__(self, vocab: Vocab, patterns: list[tuple[str, list[dict]]]) -> None:
        self.full = Matcher(vocab)  # all patterns: checks the doc's annotation as before
        by_first: dict[tuple[str, tuple[str, ...]], list[tuple[str, list[dict]]]] = {}
        for key, pattern in patterns:
            self.full.add(key, [pattern])
            ((attr, spec),) = pattern[0].items()
            by_first.setdefault((attr, tuple(spec["IN"])), []).append((key, pattern))
        self.groups: list[Matcher] = []
        # per group, per pattern: (column, forms) of each word after the first
        self.words: list[list[list[tuple[int, frozenset[int]]]]] = []
        self.opened_by: tuple[dict[int, list[int]], ...] = ({}, {})
        for n, ((attr, forms), members) in enumerate(by_first.items()):
            matcher = Matcher(vocab)
            for key, pattern in members:
                matcher.add(key, [pattern])
            self.groups.append(matcher)
            self.words.append([_words(pattern[2::2]) for _, pattern in members])  # word, gap, ...
            for form in forms:
                self.opened_by[COLUMNS.index(attr)].setdefault(get_string_id(form), []).append(n)
        rests = [len(rest) for group in self.words for rest in group]
        self.width = max((n + 1 + MAX_GAP * n for n in rests), default=0)

    @staticmethod
    def _may_open(rest: list[tuple[int, frozenset[int]]], attrs: list[list[int]], i: int) -> bool:
        """Whether the words after the first can follow token i, gaps of any tag allowed."""
        ends = {i + 1}
        for col, forms in rest:
            ends = {
                j + 1
                for r in ends
                for j in range(r, min(r + MAX_GAP + 1, len(attrs)))
                if attrs[j][col] in forms
            }
            if not ends:
                return False
        return True

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        self.full(doc[0:0])  # raises, as a full run does, if the doc has no tags or lemmas
        windows: dict[int, list[list[int]]] = {}
        attrs = doc.to_array(COLUMNS).tolist()
        by_lemma, by_lower = self.opened_by
        for i, (lemma, lower) in enumerate(attrs):
            for n in (*by_lemma.get(lemma, ()), *by_lower.get(lower, ())):
                if not any(self._may_open(rest, attrs, i) for rest in self.words[n]):
                    continue
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
        self.blockers = PhraseMatcher(self.vocab, attr="LOWER")
        for area, phrases in lexicon("areas").items():
            self.blockers.add(area, [self._nlp.make_doc(p) for p in sorted(phrases)])

    def __call__(self, doc: Doc) -> Doc:
        if self.matcher is None:
            self.initialize_matcher()
        in_name = [False] * len(doc)
        for org in doc.spans.get("cyberkg_orgs", []):
            for t in range(org.start, org.end):
                in_name[t] = True
        blocked: dict[int, set[int]] = {}  # area key -> tokens of phrases naming no area
        for k, s, e in self.blockers(doc):
            blocked.setdefault(k, set()).update(range(s, e))
        spans = [
            Span(doc, s, e, label=self.vocab.strings[k])
            for k, s, e in self.matcher(doc)
            if not set(range(s, e)) <= blocked.get(k, set())  # "law enforcement"
        ]
        # "Cybercrime Unit" names a body, not an area; kept apart, since a body that
        # parties make together is named for its purpose ("a Capacity Building Centre")
        doc.spans[self.spans_key] = [sp for sp in spans if not all(in_name[sp.start : sp.end])]
        doc.spans[self.spans_key + "_in_names"] = [
            sp for sp in spans if all(in_name[sp.start : sp.end])
        ]
        return doc
