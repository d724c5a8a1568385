"""docs/codebook.md is generated from the ontology and fails this test when stale."""

from __future__ import annotations

import ontology
from kg.codebook import CODEBOOK, generate
from kg.tables import edge_columns


def test_codebook_is_generated_from_the_ontology():
    assert CODEBOOK.read_text(encoding="utf-8") == generate(), (
        "docs/codebook.md is stale: run `kg codebook`"
    )


def test_codebook_defines_every_term():
    ont = ontology.load()
    text = generate()
    terms = [c.label for c in ont.classes.values()] + [r.type for r in ont.relations.values()]
    terms += [f"`{c.id}`" for c in (*ont.org_types.values(), *ont.agreement_types.values())]
    terms += [f"`{a}`" for a in ont.areas] + [f"`{c}`" for c in edge_columns()[:5]]
    assert [t for t in terms if t not in text] == []
    for prop in ontology.properties(ont):
        assert prop.definition, f"{prop.iri} has no rdfs:comment"
        assert f"`{prop.name}`" in text
    for concept in (*ont.org_types.values(), *ont.agreement_types.values(), *ont.areas.values()):
        assert concept.definition, f"{concept.iri} has no skos:definition"
    assert "Offsets and the article body" in text and "Latest measured accuracy" in text


def test_a_changed_definition_makes_the_codebook_stale(tmp_path):
    accuracy = tmp_path / "accuracy.json"
    accuracy.write_text(
        '{"measured": "2000-01-01", "commit": "x", "command": "kg eval", "articles": 1, '
        '"scores": {"areas": {"precision": 1, "recall": 1, "f1": 1}}}',
        encoding="utf-8",
    )
    assert generate(accuracy) != CODEBOOK.read_text(encoding="utf-8")
