"""Cue lists live in ontology/patterns/*.yaml and are read by name."""

from __future__ import annotations

import pytest

import ontology.cues as cues_mod
from extract import relations


def test_relation_cues_come_from_the_pattern_file() -> None:
    lists = cues_mod.lexicon("relations")
    assert "cooperate" in lists["cooperation_verbs"]
    assert relations.COOP_VERBS is lists["cooperation_verbs"]
    assert "sanction" in relations.CONFLICT


def test_a_missing_list_names_the_file() -> None:
    with pytest.raises(KeyError, match="relations.yaml: no_such_list"):
        cues_mod.cues("relations", "no_such_list")


def test_a_list_of_non_words_is_refused(tmp_path, monkeypatch) -> None:
    (tmp_path / "broken.yaml").write_text("verbs: sign\n")
    monkeypatch.setattr(cues_mod, "HERE", tmp_path)
    cues_mod.lexicon.cache_clear()
    try:
        with pytest.raises(cues_mod.CueError, match="broken.yaml: verbs must be a list"):
            cues_mod.lexicon("broken")
    finally:
        cues_mod.lexicon.cache_clear()
