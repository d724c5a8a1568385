"""The organisation finder's word lists are data (ontology/patterns/), checked on load."""

from pathlib import Path

import pytest

import ontology
from ontology.patterns import PatternError, load_patterns, parse
from tests._extract_nlp import record


def test_type_order_names_only_ontology_types():
    types = set(ontology.load().org_types)
    assert set(load_patterns("organisations").seq("type_order")) <= types
    assert "threat-actor" in types


def test_unknown_type_in_a_pattern_file_fails_with_file_and_value(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("type_order: [country, agencee]\n")
    with pytest.raises(PatternError, match=r"bad\.yaml: type_order: unknown .* 'agencee'"):
        parse(bad, set(ontology.load().org_types))


def test_a_missing_list_names_itself():
    with pytest.raises(KeyError, match="No such pattern list"):
        load_patterns("organisations")["no_such_list"]


def test_plural_agreement_acronym_is_no_organisation():
    rec = record("The two agencies signed three MoUs on Monday with the Ministry of Interior.")
    names = {o.name.lower() for o in rec.organisations}
    assert "mous" not in names, names
    assert "ministry of interior" in names, names
