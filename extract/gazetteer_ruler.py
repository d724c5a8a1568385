"""Match known organisations and countries (the gazetteer) in text.

A PhraseMatcher on exact spelling (so "US" is not "us"), built from
``ontology.gazetteer``. Matches go to ``doc.spans["cyberkg_gazetteer"]`` with
the organisation type as label and the canonical name as ``kb_id``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import srsly
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import SimpleFrozenList, ensure_path, filter_spans
from spacy.util import from_disk as util_from_disk
from spacy.util import to_disk as util_to_disk

from extract.errors import Errors, ExtractError

DEFAULT_SPANS_KEY = "cyberkg_gazetteer"


def gazetteer_patterns() -> list[dict[str, str]]:
    """One pattern per name and alias of every gazetteer entry."""
    from ontology.gazetteer import load_gazetteer

    out = []
    for entry in load_gazetteer().entries:
        for alias in dict.fromkeys((entry.name, *entry.aliases)):
            if "," in alias and entry.type == "country":  # "Korea, Republic of": a catalogue form
                continue
            out.append({"id": entry.name, "type": entry.type, "pattern": alias})
    return out


@Language.factory(
    "cyberkg_gazetteer",
    assigns=["doc.spans"],
    default_config={"spans_key": DEFAULT_SPANS_KEY, "load_reference": True},
)
def make_gazetteer_ruler(
    nlp: Language, name: str, spans_key: str, load_reference: bool
) -> GazetteerRuler:
    return GazetteerRuler(nlp, name, spans_key=spans_key, load_reference=load_reference)


class GazetteerRuler:
    """Find gazetteer names; the data round-trips through to_disk/from_disk."""

    def __init__(
        self,
        nlp: Language,
        name: str = "cyberkg_gazetteer",
        *,
        spans_key: str = DEFAULT_SPANS_KEY,
        load_reference: bool = True,
    ) -> None:
        self.nlp = nlp
        self.name = name
        self.spans_key = spans_key
        self.patterns: list[dict[str, str]] = []
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        if load_reference:
            self.add_patterns(gazetteer_patterns())

    def add_patterns(self, patterns: Iterable[dict[str, str]]) -> None:
        """Add {"id", "type", "pattern"} dicts; the match key is "type|id"."""
        patterns = list(patterns)
        self.patterns.extend(patterns)
        texts = [p["pattern"] for p in patterns]
        for p, doc in zip(patterns, self.nlp.tokenizer.pipe(texts), strict=True):
            self.matcher.add(f"{p['type']}|{p['id']}", [doc])

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for key, start, end in self.matcher(doc):
            org_type, canonical = self.nlp.vocab.strings[key].split("|", 1)
            spans.append(Span(doc, start, end, label=org_type, kb_id=canonical))
        doc.spans[self.spans_key] = filter_spans(spans)
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = SimpleFrozenList()) -> None:
        path = ensure_path(path)
        util_to_disk(path, {"patterns": lambda p: srsly.write_jsonl(p, self.patterns)}, {})

    def from_disk(
        self, path: str | Path, *, exclude: Iterable[str] = SimpleFrozenList()
    ) -> GazetteerRuler:
        path = ensure_path(path)
        if not (path / "patterns").exists():
            raise ExtractError(Errors.E001.format(path=path))
        self.patterns = []
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        util_from_disk(path, {"patterns": lambda p: self.add_patterns(srsly.read_jsonl(p))}, {})
        return self
