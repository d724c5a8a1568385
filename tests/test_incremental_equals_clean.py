"""Incremental equals clean: any sequence of corpus changes, each followed by an
incremental build, ends in exactly the graph a clean build of the final corpus gives.

Hypothesis draws a starting corpus from a pool of ten articles written for the
test (``incremental_pool``), a starting corrections file, and a sequence of steps:
add an article, edit it (another version of its text), remove it, move its file
(to a new name, which is a new article id, or to a subfolder, which is not), and
change the corrections file (merge, alias, rename, retype, reject, split and
reject-relationship entries). After each step an incremental ``build_graph`` runs;
after the sequence the database is emptied and the final corpus built clean, and
the two graphs are compared node by node and relationship by relationship (every
label and property, lists as sets; see ``kg.store.dump``).

The real Neo4j and the real spaCy extraction run; the record cache is kept
between examples, so each distinct text is extracted once. The number of
examples is ``CYBERKG_HYPOTHESIS_EXAMPLES`` (default 100: about a minute) and
the longest sequence ``CYBERKG_HYPOTHESIS_STEPS`` (default 6); set them higher
for a longer search.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest
import yaml
from hypothesis import HealthCheck, example, given, note
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from incremental_pool import POOL

import kg.build
from kg.build import build_graph
from kg.settings import Settings
from kg.store import db
from kg.store.dump import diff_dumps, dump_graph

pytestmark = pytest.mark.neo4j
EXAMPLES = int(os.environ.get("CYBERKG_HYPOTHESIS_EXAMPLES", "100"))
MAX_STEPS = int(os.environ.get("CYBERKG_HYPOTHESIS_STEPS", "6"))

# Every subset of these is a valid corrections file (no redirect cycles or conflicts).
CORRECTIONS: tuple[dict, ...] = (
    {"merge": ["Afripol"], "into": "African Union"},
    {"alias": "NC4", "of": "National Computer and Cybercrimes Coordination Committee"},
    {"rename": "Microsoft", "to": "Microsoft Corporation"},
    {"retype": "Microsoft Corporation", "type": "ngo"},
    {"retype": "Interpol", "type": "intergovernmental"},
    {"reject": "Council of Europe"},
    {
        "split": "National Cyber Security Centre",
        "into": "Cyber Security Agency of Singapore",
        "articles": ["singapore-uk-moc"],
        "country": "Singapore",
    },
    {
        "merge": ["State Service of Special Communications of Ukraine and Microsoft"],
        "into": "State Service of Special Communications of Ukraine",
    },
    {"reject-relationship": "cooperatesWith", "source": "Colombia", "target": "Peru"},
    {  # named as one article names it: another article calls it the Estonian ISA
        "reject-relationship": "cooperatesWith",
        "source": "Information System Authority of Estonia",
        "target": "State Service of Special Communications of Ukraine",
    },
)


def location(slot: int, where: int) -> str:
    """Where article ``slot`` lives: its own name, a new name (a new id), or a subfolder."""
    name = POOL[slot].name
    return (f"{name}.md", f"{name}-moved.md", f"archive/{name}.md")[where % 3]


@dataclasses.dataclass
class Corpus:
    """The corpus folder and what it holds: slot → (location, version)."""

    folder: Path
    articles: dict[int, tuple[int, int]] = dataclasses.field(default_factory=dict)
    corrections: frozenset[int] = frozenset()

    def write(self, slot: int, where: int, version: int) -> None:
        article = POOL[slot]
        path = self.folder / location(slot, where)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(article.markdown(version % len(article.versions)), encoding="utf-8")
        self.articles[slot] = (where, version % len(article.versions))

    def apply(self, step: tuple) -> bool:
        """Make one change; False when it does not apply (nothing changed)."""
        kind, *args = step
        if kind == "corrections":
            return self.set_corrections(args[0])
        slot = args[0]
        present = slot in self.articles
        if kind == "add" and not present:
            self.write(slot, 0, args[1])
        elif (
            kind == "edit"
            and present
            and self.articles[slot][1] != args[1] % len(POOL[slot].versions)
        ):
            self.write(slot, self.articles[slot][0], args[1])
        elif kind == "remove" and present:
            (self.folder / location(slot, self.articles[slot][0])).unlink()
            del self.articles[slot]
        elif kind == "rename" and present and self.articles[slot][0] != args[1]:
            where, version = self.articles[slot]
            new = self.folder / location(slot, args[1])
            new.parent.mkdir(parents=True, exist_ok=True)
            (self.folder / location(slot, where)).rename(new)
            self.articles[slot] = (args[1], version)
        else:
            return False
        return True

    def set_corrections(self, entries: frozenset[int]) -> bool:
        if entries == self.corrections:
            return False
        path = self.folder / "corrections.yaml"
        if entries:
            body = {"corrections": [CORRECTIONS[i] for i in sorted(entries)]}
            path.write_text(yaml.safe_dump(body, sort_keys=False), encoding="utf-8")
        else:  # no corrections: sometimes no file, sometimes an empty list
            path.unlink(missing_ok=True)
        self.corrections = entries
        return True


@dataclasses.dataclass
class World:
    """What examples share: the test's Neo4j, a var with the record cache, a counter."""

    driver: neo4j.Driver
    settings: Settings
    base: Path
    examples: int = 0

    def wipe(self) -> None:
        db.empty(self.driver, self.settings.neo4j_database)

    def build(self, settings: Settings) -> None:
        # the resolver reads the corrections of the corpus the environment names
        os.environ["CYBERKG_CORPUS"] = str(settings.corpus)
        report = build_graph(settings, self.driver, processes=1)
        assert report.errors == [], report.errors


@pytest.fixture(scope="module")
def world(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    base = tmp_path_factory.mktemp("incremental")
    settings = dataclasses.replace(neo4j_settings, var=base / "var", corpus=base / "corpus")
    version = kg.build.pipeline_fingerprint(settings.model)
    extractor = kg.build._new_extractor(settings.model)
    old_corpus = os.environ.get("CYBERKG_CORPUS")
    with pytest.MonkeyPatch.context() as patch:
        # one pipeline version and one loaded model for all examples
        patch.setattr(kg.build, "pipeline_fingerprint", lambda model: version)
        patch.setattr(kg.build, "_new_extractor", lambda model: extractor)
        yield World(driver, settings, base)
    if old_corpus is None:
        os.environ.pop("CYBERKG_CORPUS", None)
    else:
        os.environ["CYBERKG_CORPUS"] = old_corpus


slots = st.integers(0, len(POOL) - 1)
versions = st.integers(0, 2)
wheres = st.integers(0, 2)
correction_sets = st.frozensets(st.integers(0, len(CORRECTIONS) - 1))
steps = st.one_of(
    st.tuples(st.just("add"), slots, versions),
    st.tuples(st.just("edit"), slots, versions),
    st.tuples(st.just("remove"), slots),
    st.tuples(st.just("rename"), slots, wheres),
    st.tuples(st.just("corrections"), correction_sets),
)


@hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    start=st.dictionaries(slots, versions, min_size=1, max_size=len(POOL)),
    start_corrections=correction_sets,
    changes=st.lists(steps, min_size=1, max_size=MAX_STEPS),
)
@example(  # a rejection naming a body as only another article names it
    start={7: 1, 4: 1}, start_corrections=frozenset({9}), changes=[("edit", 4, 0)]
)
@example(  # a second article states a relationship that has no date at all
    start={8: 0}, start_corrections=frozenset(), changes=[("add", 9, 0)]
)
def test_incremental_builds_equal_a_clean_build(
    world: World, start: dict[int, int], start_corrections: frozenset[int], changes: list[tuple]
) -> None:
    world.examples += 1
    root = world.base / f"example-{world.examples}"
    corpus = Corpus(root / "corpus")
    corpus.folder.mkdir(parents=True)
    for slot, version in sorted(start.items()):
        corpus.write(slot, 0, version)
    corpus.set_corrections(start_corrections)
    settings = dataclasses.replace(world.settings, corpus=corpus.folder)

    world.wipe()
    world.build(settings)
    for step in changes:
        if corpus.apply(step):
            world.build(settings)
    incremental = dump_graph(world.driver, settings.neo4j_database)

    # a clean build: an empty database, no manifest, but the same record cache
    clean_var = root / "clean-var"
    (clean_var / "cache").mkdir(parents=True)
    (clean_var / "cache" / "records").symlink_to(world.settings.var / "cache" / "records")
    world.wipe()
    world.build(dataclasses.replace(settings, var=clean_var))
    clean = dump_graph(world.driver, settings.neo4j_database)
    shutil.rmtree(root)

    note(f"final corpus: {corpus.articles}, corrections {sorted(corpus.corrections)}")
    assert incremental.counts()[0] > 0
    differences = diff_dumps(incremental, clean, limit=40)
    assert not differences, "incremental (-) and clean (+) builds differ:\n" + "\n".join(
        differences
    )
