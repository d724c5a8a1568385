"""Corrections as data: parsing with clear errors, and their effect on resolution and the graph."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.records import Agreement, ArticleMeta, Evidence, Organisation, Record, Relation
from kg import corrections
from kg.corrections import CorrectionsError
from kg.resolve import Resolver

ROOT = Path(__file__).resolve().parent.parent


def ev(text: str) -> list[Evidence]:
    return [Evidence(text, 0, len(text))]


def record(article: str = "a1") -> Record:
    s1 = "The Republic of Kenya and Safetech signed an MoU with Monday on training."
    s2 = "Kenya cooperates with Interpol and is a member of the African Union."
    return Record(
        article=ArticleMeta(id=article, sha256="x" * 64),
        organisations=[
            Organisation("Republic of Kenya", "country", evidence=ev(s1)),
            Organisation("Safetech", "other", evidence=ev(s1)),
            Organisation("Monday", "other", evidence=ev(s1)),
            Organisation("Interpol", "law-enforcement", evidence=ev(s2)),
            Organisation("African Union", "intergovernmental", evidence=ev(s2)),
        ],
        agreements=[
            Agreement(
                "mou",
                name="Kenya Safetech MoU",
                parties=["Republic of Kenya", "Safetech", "Monday"],
                areas=["training"],
                evidence=ev(s1),
            )
        ],
        partnerships=[Relation("Republic of Kenya", "Interpol", ev(s2))],
        memberships=[Relation("Republic of Kenya", "African Union", ev(s2))],
    )


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "corrections.yaml"
    path.write_text(text, encoding="utf-8")
    return path


EXAMPLE = """\
corrections:
  - merge: [Republic of Kenya, Kenyan Government]
    into: Kenya
  - alias: NC4
    of: Kenya
  - rename: Safetech
    to: Safetech Innovations
  - retype: Safetech Innovations
    type: company
  - reject: Monday
  - reject-relationship: cooperatesWith
    source: Interpol
    target: Kenya
    note: they met; the text does not say they cooperate
"""


def test_the_shipped_file_is_valid_and_empty():
    fixes = corrections.load(ROOT / "corpus" / "corrections.yaml")
    assert fixes.empty


def test_the_documented_example_parses(tmp_path):
    text = (ROOT / "corpus" / "corrections.yaml").read_text(encoding="utf-8")
    lines = [line[4:] for line in text.splitlines() if line.startswith("#   ")]
    fixes = corrections.parse(write(tmp_path, "corrections:\n" + "\n".join(lines)))
    assert fixes.redirects["republic of kenya"] == "Kenya"
    assert fixes.types == {"safetech innovations": "company"}
    assert fixes.rejected == {"monday"}
    assert fixes.rejected_relations[0].prop == "cooperatesWith"


def test_missing_file_means_no_corrections(tmp_path):
    assert corrections.load(tmp_path / "nope.yaml").empty


def test_resolution_applies_every_kind_of_correction(tmp_path):
    fixes = corrections.parse(write(tmp_path, EXAMPLE))
    rows = Resolver(corrections=fixes).resolve([record()])
    orgs = rows.organisations
    assert set(orgs) == {"kenya", "safetech-innovations", "interpol", "african-union"}
    assert orgs["kenya"]["name"] == "Kenya"
    assert "Republic of Kenya" in orgs["kenya"]["aliases"]
    assert "NC4" in orgs["kenya"]["aliases"]
    assert orgs["safetech-innovations"]["type"] == "company"
    assert orgs["safetech-innovations"]["label"] == "Company"
    assert "Safetech" in orgs["safetech-innovations"]["aliases"]
    coop = set(rows.relations["COOPERATES_WITH"])
    assert coop == {"COOPERATES_WITH|kenya|safetech-innovations"}  # not Interpol, not Monday
    assert set(rows.relations["MEMBER_OF"]) == {"MEMBER_OF|kenya|african-union"}
    parties = {r["source"] for r in rows.relations["PARTY_TO"].values()}
    assert parties == {"kenya", "safetech-innovations"}
    facts = {e["fact"] for e in rows.evidence.values()}
    assert not [f for f in facts if "monday" in f or "|interpol" in f]


def test_without_corrections_nothing_changes(tmp_path):
    rows = Resolver(corrections=corrections.parse(write(tmp_path, ""))).resolve([record()])
    assert set(rows.organisations) == {"kenya", "safetech", "monday", "interpol", "african-union"}
    assert set(rows.relations["COOPERATES_WITH"]) == {
        "COOPERATES_WITH|kenya|monday",
        "COOPERATES_WITH|kenya|safetech",
        "COOPERATES_WITH|monday|safetech",
        "COOPERATES_WITH|interpol|kenya",
    }


def test_corrections_name_nodes_by_id_and_follow_chains(tmp_path):
    text = """\
corrections:
  - rename: republic-of-kenya
    to: Kenyan State
  - merge: Kenyan State
    into: Kenya
  - reject: african-union
"""
    rows = Resolver(corrections=corrections.parse(write(tmp_path, text))).resolve([record()])
    assert "kenya" in rows.organisations
    assert "african-union" not in rows.organisations
    assert "MEMBER_OF" not in rows.relations


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("corrections:\n  - merge: [A]\n", "entry 1 (line 2), merge: missing 'into'"),
        (
            "corrections:\n  - retype: Safetech\n    type: firm\n",
            "entry 1 (line 2), retype: unknown organisation type 'firm' (one of: academic,",
        ),
        (
            "corrections:\n  - reject: A\n  - reject-relationship: friendsWith\n"
            "    source: A\n    target: B\n",
            "entry 2 (line 3), reject-relationship: unknown relationship 'friendsWith'",
        ),
        ("corrections:\n  - delete: A\n", "entry 1 (line 2): an entry needs exactly one of"),
        (
            "corrections:\n  - reject: A\n    merge: B\n",
            "an entry needs exactly one of merge, split, alias, rename, retype, reject, "
            "reject-relationship (found reject, merge)",
        ),
        ("corrections:\n  - rename: A\n    to: ''\n", "'to' must be a non-empty name"),
        ("corrections:\n  - rename: A\n    into: B\n", "unknown key 'into' (allowed: to)"),
        ("corrections:\n  - merge: A\n    into: a\n", "'A' is the same name as 'a'"),
        ("corrections:\n  - 'just a string'\n", "entry 1 (line 2): an entry must be a mapping"),
        ("corrections: {merge: A}\n", "'corrections' must be a list"),
        ("- merge: A\n", "must be a mapping with one key, 'corrections'"),
        ("corrections:\n  - merge: [A\n", "not valid YAML (line 3)"),
        (
            "corrections:\n  - rename: A\n    to: B\n  - rename: B\n    to: A\n",
            "names redirect in a circle",
        ),
    ],
)
def test_bad_files_give_one_line_naming_file_entry_and_problem(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(CorrectionsError) as err:
        corrections.parse(path)
    line = str(err.value)
    assert "\n" not in line
    assert line.startswith(f"[E500] {path}: ")
    assert message in line


def test_fingerprint_changes_with_the_file(tmp_path):
    assert corrections.fingerprint(tmp_path) == "none"
    path = write(tmp_path, "corrections: []\n")
    empty = corrections.fingerprint(tmp_path)
    path.write_text(EXAMPLE, encoding="utf-8")
    assert corrections.fingerprint(tmp_path) not in ("none", empty)
