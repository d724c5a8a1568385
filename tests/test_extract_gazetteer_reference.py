"""The reference data under ontology/reference/: national teams and agencies, companies,
threat actors; each file checked on load, each kind found in text written for the test."""

from collections import Counter
from pathlib import Path

import pytest

from ontology.gazetteer import GazetteerError, load_gazetteer, normalise, parse
from tests._extract_nlp import record


def test_no_name_or_alias_denotes_two_bodies():
    seen = Counter()
    for entry in load_gazetteer().entries:
        for name in {normalise(n) for n in (entry.name, *entry.aliases)}:
            seen[name] += 1
    assert [n for n, k in seen.items() if k > 1] == []


def test_an_unquoted_comma_in_a_name_fails_with_the_file(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("- {name: Foreign, Commonwealth Office, type: government-agency}\n")
    with pytest.raises(GazetteerError, match=r"bad\.yaml: 'Foreign': unknown keys"):
        parse(bad)


def test_national_teams_carry_their_country():
    rec = record("Officials from ngCERT and Rw-CSIRT met in Kigali to share threat data.")
    country = {o.name: o.country for o in rec.organisations}
    assert country.get("ngCERT") == "Nigeria", country
    assert country.get("Rw-CSIRT") == "Rwanda", country


def test_companies_the_model_does_not_tag_are_found():
    rec = record("New signatories include Bitdefender, Cloudflare, Fastly and Tenable.")
    assert {"Bitdefender", "Cloudflare", "Fastly", "Tenable"} <= {o.name for o in rec.organisations}


def test_a_threat_actor_is_named_but_never_a_partner():
    rec = record("The Lazarus Group partnered with Kimsuky on the attacks against banks.")
    types = {o.name: o.type for o in rec.organisations}
    assert types.get("Lazarus Group") == "threat-actor", types
    assert types.get("Kimsuky") == "threat-actor", types
    assert rec.partnerships == [] and rec.memberships == [] and rec.agreements == []
