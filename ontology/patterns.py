"""Lexical cues of the extractor as data: ``ontology/patterns/*.yaml``.

Title words, generic-word stoplists, head nouns and type orders are words a
maintainer extends without touching code. Each file is a mapping from a list's
name to its words; :func:`load_patterns` reads one file once per process,
lower-cases its words and checks every organisation type id against the
ontology, so a typo fails at load time with the file and the value at fault.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

PATTERNS = Path(__file__).resolve().parent / "patterns"
# lists whose words are organisation type ids of ontology/cyberkg.ttl
TYPE_LISTS = ("type_order", "never_partner_types", "eval_other_types", "state_body_types")


class PatternError(ValueError):
    """A pattern file is missing, malformed or names an unknown organisation type."""


def parse(path: Path, org_types: set[str] | None = None) -> dict[str, tuple[str, ...]]:
    """Read one pattern file: list name -> lower-cased words, in file order."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as err:
        raise PatternError(f"{path}: cannot read: {err.strerror}") from err
    except yaml.YAMLError as err:
        raise PatternError(f"{path}: not valid YAML: {err}") from err
    if not isinstance(data, dict):
        raise PatternError(f"{path}: expected a mapping of list names to words")
    out: dict[str, tuple[str, ...]] = {}
    for key, words in data.items():
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise PatternError(f"{path}: {key}: expected a list of words")
        out[key] = tuple(w if key in TYPE_LISTS else w.lower() for w in words)
        if key in TYPE_LISTS and org_types is not None:
            for w in words:
                if w not in org_types:
                    raise PatternError(f"{path}: {key}: unknown organisation type {w!r}")
    return out


class Patterns:
    """The lists of one pattern file; ``p["name"]`` is a frozenset, ``p.seq("name")`` a tuple."""

    def __init__(self, lists: dict[str, tuple[str, ...]], source: str) -> None:
        self._lists = lists
        self._sets = {k: frozenset(v) for k, v in lists.items()}
        self.source = source

    def __getitem__(self, name: str) -> frozenset[str]:
        try:
            return self._sets[name]
        except KeyError:
            raise KeyError(f"No such pattern list in {self.source}: {name}") from None

    def seq(self, name: str) -> tuple[str, ...]:
        """The list in file order (where order matters, as in type_order)."""
        self[name]
        return self._lists[name]


@cache
def load_patterns(name: str) -> Patterns:
    """``ontology/patterns/NAME.yaml``, read once per process and checked against the ontology."""
    import ontology

    path = PATTERNS / f"{name}.yaml"
    return Patterns(parse(path, set(ontology.load().org_types)), str(path.name))
