"""Known organisations and countries as data, with one lookup for every step.

The extractor matches these names in text and the resolver canonicalises names
across articles with :func:`load_gazetteer` ``().lookup(name)``. The data lives
in ``ontology/reference/`` (``organisations.yaml``, ``countries.yaml``) plus
pycountry, so maintainers extend it without touching code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pycountry
import yaml

REFERENCE = Path(__file__).resolve().parent / "reference"
ORGANISATIONS_FILE = REFERENCE / "organisations.yaml"
COUNTRIES_FILE = REFERENCE / "countries.yaml"
INSTRUMENTS_FILE = REFERENCE / "instruments.yaml"  # named agreements: ontology/instruments.py
ENTRY_KEYS = {"name", "type", "aliases", "country", "wikidata"}


def organisation_files() -> list[Path]:
    """Every reference file of bodies: organisations.yaml first, then the others by name
    (certs, agencies, companies, threat actors); countries.yaml is read apart."""
    apart = (ORGANISATIONS_FILE, COUNTRIES_FILE, INSTRUMENTS_FILE)
    rest = sorted(p for p in REFERENCE.glob("*.yaml") if p not in apart)
    return [ORGANISATIONS_FILE, *rest]


class GazetteerError(ValueError):
    """A reference file is missing, malformed or names an unknown type."""


def normalise(name: str) -> str:
    """The lookup key of a name: case, punctuation, a leading 'the', a possessive."""
    s = name.lower().strip().replace("\u2019", "'")
    s = re.sub(r"'s\b", "", s)
    s = re.sub(r"^the\s+", "", s)
    s = re.sub(r"[^\w\s]", " ", s)
    return re.sub(r"\s+", " ", s).strip()


@dataclass(frozen=True)
class Entry:
    """One real-world organisation or country and the names it goes by."""

    name: str
    type: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    wikidata: str | None = None
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()


@dataclass
class Gazetteer:
    """Entries with an index from every normalised name and alias to its entry."""

    entries: list[Entry]
    _index: dict[str, Entry] = field(default_factory=dict, repr=False)
    _demonyms: dict[str, Entry] = field(default_factory=dict, repr=False)
    _capitals: dict[str, Entry] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for entry in self.entries:
            for alias in (entry.name, *entry.aliases):
                self._index.setdefault(normalise(alias), entry)
            for dem in entry.demonyms:
                self._demonyms.setdefault(normalise(dem), entry)
            for cap in entry.capitals:
                self._capitals.setdefault(normalise(cap), entry)

    def lookup(self, name: str) -> Entry | None:
        """The entry a name or alias denotes, or None."""
        return self._index.get(normalise(name))

    def demonym(self, word: str) -> Entry | None:
        """The country a demonym ('Kenyan', 'British') refers to, or None."""
        return self._demonyms.get(normalise(word))

    def capital(self, name: str) -> Entry | None:
        """The country whose capital or seat of government this is ('Seoul', 'Kremlin'), or None;
        kept apart from lookup() because a capital names its state only as an actor."""
        return self._capitals.get(normalise(name))

    def __getitem__(self, name: str) -> Entry:
        entry = self.lookup(name)
        if entry is None:
            raise KeyError(f"No such organisation in the gazetteer: {name}")
        return entry

    def country_name(self, code: str | None) -> str | None:
        """The canonical name of the country with an ISO alpha-2 code."""
        for entry in self.entries:
            if entry.type == "country" and entry.country == code:
                return entry.name
        return None


def _read_yaml(path: Path) -> object:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise GazetteerError(f"{path}: cannot read: {err.strerror}") from err
    except yaml.YAMLError as err:
        raise GazetteerError(f"{path}: not valid YAML: {err}") from err


def _countries(path: Path) -> list[Entry]:
    extra = _read_yaml(path) or {}
    if not isinstance(extra, dict):
        raise GazetteerError(f"{path}: expected a mapping of ISO codes")
    out = []
    seen = set()
    for c in pycountry.countries:
        info = extra.get(c.alpha_2) or {}
        names = [getattr(c, "common_name", None), c.name, getattr(c, "official_name", None)]
        names = [n for n in names if n]
        canonical = info.get("name") or names[0]
        aliases = [n for n in names if n != canonical] + list(info.get("aliases", []))
        out.append(
            Entry(
                canonical,
                "country",
                tuple(dict.fromkeys(aliases)),
                c.alpha_2,
                None,
                tuple(info.get("demonyms", [])),
                tuple(info.get("capitals", [])),
            )
        )
        seen.add(c.alpha_2)
    for code, info in extra.items():
        if code not in seen and info and info.get("name"):
            out.append(
                Entry(
                    info["name"],
                    "country",
                    tuple(info.get("aliases", [])),
                    code,
                    None,
                    tuple(info.get("demonyms", [])),
                    tuple(info.get("capitals", [])),
                )
            )
    return out


def _organisations(path: Path, types: set[str] | None) -> list[Entry]:
    data = _read_yaml(path) or []
    if not isinstance(data, list):
        raise GazetteerError(f"{path}: expected a list of organisations")
    out = []
    for item in data:
        if not isinstance(item, dict) or "name" not in item or "type" not in item:
            raise GazetteerError(f"{path}: entry without name or type: {item!r}")
        unknown = set(item) - ENTRY_KEYS
        if unknown:  # "{name: A, B}" in YAML: an unquoted comma made a key of "B"
            raise GazetteerError(f"{path}: {item['name']!r}: unknown keys {sorted(unknown)}")
        if types is not None and item["type"] not in types:
            raise GazetteerError(f"{path}: unknown organisation type {item['type']!r}")
        out.append(
            Entry(
                item["name"],
                item["type"],
                tuple(item.get("aliases", [])),
                item.get("country"),
                item.get("wikidata"),
            )
        )
    return out


def parse(
    organisations: Path | list[Path] | None = None,
    countries: Path = COUNTRIES_FILE,
    types: set[str] | None = None,
) -> Gazetteer:
    """Read the reference files into a Gazetteer (organisations win over countries; of two
    bodies with one alias, the earlier file's)."""
    if organisations is None:
        organisations = organisation_files()
    paths = [organisations] if isinstance(organisations, Path) else organisations
    bodies = [e for p in paths for e in _organisations(p, types)]
    return Gazetteer(bodies + _countries(countries))


@cache
def load_gazetteer() -> Gazetteer:
    """The project's gazetteer, read once per process and checked against the ontology."""
    import ontology

    return parse(types=set(ontology.load().org_types))
