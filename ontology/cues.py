"""Lexical cues of the relation and agreement readers, read from ``patterns/*.yaml``.

The words that signal cooperation, conflict, membership or an agreement's making
are data beside the ontology: a maintainer extends them by editing YAML, and the
code only knows the name of each list. Every list is lower-case lemmas (or
lower-case word forms where the file says so) and comes back as a frozenset.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent / "patterns"


class CueError(ValueError):
    """A pattern file is missing, or one of its entries is not a list of words."""


@cache
def lexicon(name: str) -> dict[str, frozenset[str]]:
    """The word lists of ``patterns/NAME.yaml``, each a frozenset of lower-case strings."""
    path = HERE / f"{name}.yaml"
    if not path.exists():
        raise CueError(f"No such pattern file: {path.name}")
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out: dict[str, frozenset[str]] = {}
    for key, words in data.items():
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise CueError(f"{path.name}: {key} must be a list of words")
        out[key] = frozenset(w.lower() for w in words)
    return out


def cues(name: str, key: str) -> frozenset[str]:
    """One word list; ``KeyError`` names the file and the missing list."""
    lists = lexicon(name)
    if key not in lists:
        raise KeyError(f"No such cue list in {name}.yaml: {key}")
    return lists[key]
