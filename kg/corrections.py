"""Corrections as data: maintainers fix the graph by editing ``corpus/corrections.yaml``.

The resolver applies the file on every build, so a mistake of the extractor is
corrected once, in a file under review, and never by editing the graph by hand.
Each entry is one action::

    corrections:
      - merge: [Republic of Kenya, Kenyan Government]   # these names are one organisation
        into: Kenya
      - split: CSA                                      # one name, two bodies: these
        into: Cyber Security Agency of Singapore        # articles mean another one
        articles: [singapore-uk-moc]
        country: Singapore                              # optional
      - alias: NC4                                      # another name of an organisation
        of: National Computer and Cybercrimes Coordination Committee
      - rename: Safetech                                # a better display name (and key)
        to: Safetech Innovations
      - retype: Safetech Innovations                    # an organisation type of the ontology
        type: company
      - reject: Monday                                  # not an organisation at all
      - reject-relationship: cooperatesWith             # a relationship the text does not state
        source: Kenya
        target: Interpol

An organisation is named by any name an article uses for it, its canonical
name or its node id (``kenya/national-cyber-security-directorate``); case,
punctuation, a leading "the" and a possessive do not matter.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

import ontology
from kg.errors import CyberKGError
from kg.names import normalise

FILE_NAME = "corrections.yaml"
ACTIONS = ("merge", "split", "alias", "rename", "retype", "reject", "reject-relationship")
# The other keys each action takes: required first, then optional.
FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "merge": (("into",), ("note",)),
    "split": (("into", "articles"), ("country", "note")),
    "alias": (("of",), ("note",)),
    "rename": (("to",), ("note",)),
    "retype": (("type",), ("note",)),
    "reject": ((), ("note",)),
    "reject-relationship": (("source", "target"), ("note",)),
}


class CorrectionsError(CyberKGError):
    """The corrections file is malformed: the message names the file, the entry and the problem."""

    code = "E500"


def name_key(name: str) -> str:
    """The matching key of a name or node id (the resolver's normalisation)."""
    return normalise(name)


@dataclass(frozen=True)
class RelationRejection:
    """A relationship to leave out: its ontology property and the keys of its two ends."""

    prop: str
    source: str
    target: str
    symmetric: bool

    def matches(self, prop: str, source_keys: set[str], target_keys: set[str]) -> bool:
        if prop != self.prop:
            return False
        if self.source in source_keys and self.target in target_keys:
            return True
        return self.symmetric and self.source in target_keys and self.target in source_keys


@dataclass(frozen=True)
class Split:
    """In these articles a name denotes another body: ``into`` (of ``country``)."""

    into: str
    country: str | None
    articles: frozenset[str]


@dataclass(frozen=True)
class Corrections:
    """The parsed file: lookups keyed by normalised names (see ``name_key``)."""

    redirects: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)
    rejected: frozenset[str] = frozenset()
    rejected_relations: tuple[RelationRejection, ...] = ()
    splits: dict[str, tuple[Split, ...]] = field(default_factory=dict)
    fingerprint: str = ""
    path: str | None = None

    @property
    def empty(self) -> bool:
        return not (
            self.redirects
            or self.aliases
            or self.types
            or self.rejected
            or self.rejected_relations
            or self.splits
        )

    def split_target(self, keys: set[str], article: str) -> tuple[str, str | None] | None:
        """The body a name known by these keys denotes in this article, if a split says so."""
        for key in sorted(keys):
            for split in self.splits.get(key, ()):
                if article in split.articles:
                    return split.into, split.country
        return None

    def redirect(self, keys: set[str]) -> str | None:
        """The name the organisation known by these keys should take, if corrected."""
        for key in sorted(keys):
            if key in self.redirects:
                return self.redirects[key]
        return None

    def retype(self, keys: set[str]) -> str | None:
        for key in sorted(keys):
            if key in self.types:
                return self.types[key]
        return None

    def extra_aliases(self, keys: set[str]) -> list[str]:
        return [a for key in sorted(keys) for a in self.aliases.get(key, ())]

    def is_rejected(self, keys: set[str]) -> bool:
        return not self.rejected.isdisjoint(keys)

    def rejects_relation(self, prop: str, source_keys: set[str], target_keys: set[str]) -> bool:
        return any(r.matches(prop, source_keys, target_keys) for r in self.rejected_relations)


NO_CORRECTIONS = Corrections()


# ---------------------------------------------------------------------- parsing
class _Entry:
    """One entry while parsing, so every error names file, entry and line."""

    def __init__(self, path: Path, number: int, line: int | None, data: object) -> None:
        self.path, self.number, self.line, self.data = path, number, line, data
        self.action = ""

    def error(self, problem: str) -> CorrectionsError:
        where = f"entry {self.number}"
        if self.line:
            where += f" (line {self.line})"
        if self.action:
            where += f", {self.action}"
        return CorrectionsError(f"{self.path}: {where}: {problem}")

    def name(self, key: str) -> str:
        value = self.data[key]  # type: ignore[index]
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            raise self.error(f"'{key}' must be a non-empty name, not {value!r}")
        if not name_key(value):
            raise self.error(f"'{key}' has no letters or digits: {value!r}")
        return value.strip()

    def names(self, key: str) -> list[str]:
        value = self.data[key]  # type: ignore[index]
        if isinstance(value, str):
            return [self.name(key)]
        if not isinstance(value, list) or not value:
            raise self.error(f"'{key}' must be a name or a list of names, not {value!r}")
        out = []
        for item in value:
            if not isinstance(item, str) or not item.strip() or not name_key(item):
                raise self.error(f"'{key}' has an entry that is not a name: {item!r}")
            out.append(item.strip())
        return out


def _entry_lines(text: str) -> list[int]:
    """Line numbers of the entries of the ``corrections`` list (for error messages)."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return []
    if not isinstance(root, yaml.MappingNode):
        return []
    for key, value in root.value:
        if key.value == "corrections" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def _read(path: Path) -> tuple[list, list[int], str]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise CorrectionsError(f"{path}: not UTF-8 text (byte {err.start})") from err
    except OSError as err:
        raise CorrectionsError(f"{path}: cannot read: {err.strerror}") from err
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise CorrectionsError(f"{path}: not valid YAML{where}: {problem}") from err
    if data is None:
        return [], [], text
    if not isinstance(data, dict) or set(data) - {"corrections"}:
        raise CorrectionsError(
            f"{path}: the file must be a mapping with one key, 'corrections', holding a list"
        )
    entries = data.get("corrections") or []
    if not isinstance(entries, list):
        raise CorrectionsError(f"{path}: 'corrections' must be a list of entries")
    return entries, _entry_lines(text), text


def parse(path: Path) -> Corrections:
    """Read and validate a corrections file; CorrectionsError names entry and problem."""
    path = Path(path)
    entries, lines, text = _read(path)
    ont = ontology.load()
    redirects: dict[str, str] = {}
    aliases: dict[str, list[str]] = {}
    types: dict[str, str] = {}
    rejected: set[str] = set()
    relations: list[RelationRejection] = []
    splits: dict[str, list[Split]] = {}
    by_type = {r.type: r for r in ont.relations.values()}

    def redirect(entry: _Entry, name: str, target: str) -> None:
        key = name_key(name)
        if key == name_key(target):
            raise entry.error(f"{name!r} is the same name as {target!r}")
        if key in redirects and name_key(redirects[key]) != name_key(target):
            raise entry.error(f"{name!r} is already redirected to {redirects[key]!r}")
        redirects[key] = target

    for number, data in enumerate(entries, start=1):
        entry = _Entry(path, number, lines[number - 1] if number <= len(lines) else None, data)
        if not isinstance(data, dict):
            raise entry.error(f"an entry must be a mapping with one of {', '.join(ACTIONS)}")
        actions = [k for k in data if k in ACTIONS]
        if len(actions) != 1:
            found = "none" if not actions else ", ".join(actions)
            raise entry.error(f"an entry needs exactly one of {', '.join(ACTIONS)} (found {found})")
        entry.action = action = actions[0]
        required, optional = FIELDS[action]
        unknown = sorted(set(data) - {action, *required, *optional})
        if unknown:
            raise entry.error(f"unknown key {unknown[0]!r} (allowed: {', '.join(required)})")
        missing = [k for k in required if k not in data]
        if missing:
            raise entry.error(f"missing '{missing[0]}'")
        if action == "merge":
            target = entry.name("into")
            for name in entry.names("merge"):
                redirect(entry, name, target)
        elif action == "split":
            articles = entry.names("articles")
            country = entry.name("country") if "country" in data else None
            split = Split(entry.name("into"), country, frozenset(articles))
            for name in entry.names("split"):
                if name_key(name) == name_key(split.into):
                    raise entry.error(f"{name!r} is the same name as {split.into!r}")
                splits.setdefault(name_key(name), []).append(split)
        elif action == "alias":
            alias, target = entry.name("alias"), entry.name("of")
            redirect(entry, alias, target)
            aliases.setdefault(name_key(target), []).append(alias)
        elif action == "rename":
            redirect(entry, entry.name("rename"), entry.name("to"))
        elif action == "retype":
            org_type = data["type"]
            if org_type not in ont.org_types:
                raise entry.error(
                    f"unknown organisation type {org_type!r} "
                    f"(one of: {', '.join(sorted(ont.org_types))})"
                )
            types[name_key(entry.name("retype"))] = org_type
        elif action == "reject":
            for name in entry.names("reject"):
                rejected.add(name_key(name))
        else:
            prop = data["reject-relationship"]
            rel = ont.relations.get(prop) if isinstance(prop, str) else None
            rel = rel or (by_type.get(prop) if isinstance(prop, str) else None)
            if rel is None or rel.name == "statedIn":
                known = ", ".join(n for n in ont.relations if n != "statedIn")
                raise entry.error(f"unknown relationship {prop!r} (one of: {known})")
            relations.append(
                RelationRejection(
                    prop=rel.name,
                    source=name_key(entry.name("source")),
                    target=name_key(entry.name("target")),
                    symmetric=rel.symmetric,
                )
            )
    _check_cycles(path, redirects)
    return Corrections(
        redirects=redirects,
        aliases={k: tuple(v) for k, v in aliases.items()},
        types=types,
        rejected=frozenset(rejected),
        rejected_relations=tuple(relations),
        splits={k: tuple(v) for k, v in splits.items()},
        fingerprint=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        path=str(path),
    )


def _check_cycles(path: Path, redirects: dict[str, str]) -> None:
    for start in redirects:
        seen = [start]
        key = name_key(redirects[start])
        while key in redirects:
            if key in seen:
                chain = " -> ".join([*seen, key])
                raise CorrectionsError(f"{path}: names redirect in a circle: {chain}")
            seen.append(key)
            key = name_key(redirects[key])


@lru_cache(maxsize=8)
def _parse_cached(path: str, mtime_ns: int, size: int) -> Corrections:
    return parse(Path(path))


def load(path: Path | None = None) -> Corrections:
    """The corrections in ``path`` (default: ``corrections.yaml`` of the corpus); none if absent."""
    if path is None:
        from kg.settings import get_settings

        path = get_settings().corpus / FILE_NAME
    path = Path(path)
    try:
        stat = path.stat()
    except FileNotFoundError:
        return NO_CORRECTIONS
    except OSError as err:
        raise CorrectionsError(f"{path}: cannot read: {err.strerror}") from err
    return _parse_cached(str(path), stat.st_mtime_ns, stat.st_size)


def fingerprint(corpus: Path) -> str:
    """A short hash of the corpus's corrections file ('none' without one).

    A build that stamps loaded articles with it reloads every article (from the
    record cache) when the corrections change, so they apply on the next build.
    """
    fixes = load(Path(corpus) / FILE_NAME)
    return fixes.fingerprint[:12] if fixes.fingerprint else "none"
