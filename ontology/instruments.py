"""Named instruments (``reference/instruments.yaml``): one canonical name per instrument.

Extraction writes the canonical name for any alias ("Budapest Convention" ->
"Convention on Cybercrime") and reads two facts per instrument: whether its
parties join it one by one (``open``: they are parties, not each other's
partners) and whether the text presents it as a body whose signatories are its
members (``body``: its organisation type). The resolver keys
named agreements by the same canonical name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

import ontology

PATH = Path(__file__).resolve().parent / "reference" / "instruments.yaml"


class InstrumentError(ValueError):
    """An entry of instruments.yaml is malformed."""


@dataclass(frozen=True)
class Instrument:
    """A named agreement, convention, declaration or programme."""

    name: str
    type: str
    aliases: tuple[str, ...] = ()
    open: bool = False
    body: str | None = None
    author: str | None = None
    wikidata: str | None = None


def fold(text: str) -> str:
    """Compare names ignoring case, punctuation, a leading 'the' and a possessive."""
    s = text.lower().replace("\u2019", "'")
    s = re.sub(r"'s\b", "", s)
    s = re.sub(r"^the\s+", "", s.strip())
    s = s.replace("co-operation", "cooperation")
    s = re.sub(r"[^\w\s+]", " ", s)
    return re.sub(r"\s+", " ", s).strip()


@cache
def load(path: Path = PATH) -> dict[str, Instrument]:
    """Every instrument by the folded form of its name and of each alias."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    types = set(ontology.load().agreement_types)
    org_types = set(ontology.load().org_types)
    out: dict[str, Instrument] = {}
    for n, e in enumerate(entries):
        if not isinstance(e, dict) or not e.get("name") or not e.get("type"):
            raise InstrumentError(f"{path.name}: entry {n + 1} needs a name and a type")
        if e["type"] not in types:
            raise InstrumentError(f"{path.name}: {e['name']}: no such agreement type: {e['type']}")
        if e.get("body") and e["body"] not in org_types:
            raise InstrumentError(
                f"{path.name}: {e['name']}: no such organisation type: {e['body']}"
            )
        inst = Instrument(
            name=e["name"],
            type=e["type"],
            aliases=tuple(e.get("aliases") or ()),
            open=bool(e.get("open")),
            body=e.get("body"),
            author=e.get("author"),
            wikidata=e.get("wikidata"),
        )
        for form in (inst.name, *inst.aliases):
            key = fold(form)
            if key in out and out[key].name != inst.name:
                raise InstrumentError(
                    f"{path.name}: {form!r} names both {out[key].name} and {inst.name}"
                )
            out[key] = inst
    return out


def find(text: str) -> Instrument | None:
    """The instrument a name stands for, or None."""
    return load().get(fold(text))
