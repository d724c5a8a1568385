"""The synthetic corpus: deterministic, with truth in the eval shape that scores itself."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

import ontology
from kg.corpus import read_article
from kg.settings import PROJECT_ROOT

sys.path.insert(0, str(PROJECT_ROOT / "benchmarks"))
import synth  # noqa: E402

SCORE = PROJECT_ROOT.parent / "shared" / "eval" / "score.py"


def test_same_seed_same_corpus_and_prefix_stable() -> None:
    a = [(x.id, x.markdown(), x.truth.to_json()) for x in synth.generate(30, seed=3)]
    b = [(x.id, x.markdown(), x.truth.to_json()) for x in synth.generate(30, seed=3)]
    assert a == b
    assert [x.markdown() for x in synth.generate(10, seed=3, start=20)] == [m for _, m, _ in a[20:]]
    other = [x.markdown() for x in synth.generate(30, seed=4)]
    assert sum(x != y for x, (_, y, _) in zip(other, a, strict=True)) > 25


def test_every_template_is_used() -> None:
    ids = {x.id.split("-", 2)[2] for x in synth.generate(200)}
    assert ids == {t.__name__.replace("_", "-") for t in synth.TEMPLATES}


def test_truth_has_the_eval_shape() -> None:
    ont = ontology.load()
    for art in synth.generate(120, seed=11):
        truth = art.truth.to_json()
        assert truth["doc_id"] == art.id
        names = {o["name"] for o in truth["organisations"]}
        assert all(o["type"] in ont.org_types for o in truth["organisations"])
        assert set(truth["areas"]) <= set(ont.areas)
        for agr in truth["agreements"]:
            assert agr["type"] in ont.agreement_types
            assert set(agr["parties"]) <= names
            assert set(agr["areas"]) <= set(truth["areas"])
            assert agr["date"] is None or agr["date"][:4].isdigit()
        for key in ("partnerships", "partnerships_ok", "memberships"):
            for pair in truth[key]:
                assert len(pair) == 2 and set(pair) <= names
        for name in names:  # every planted organisation is named in the text
            org = next(o for o in truth["organisations"] if o["name"] == name)
            assert any(n in art.text for n in [name, *org.get("aliases", [])])


def test_text_mentions_exactly_the_planted_areas() -> None:
    """No filler or template wording signals an area the truth does not list.

    Organisation names are left out ("Federal Bureau of Investigation" names no area).
    """
    for art in synth.generate(300, seed=5):
        truth = art.truth.to_json()
        text = art.text
        for org in truth["organisations"]:
            for name in sorted([org["name"], *org.get("aliases", [])], key=len, reverse=True):
                text = text.replace(name, "")
        assert synth.areas_mentioned(text) == set(truth["areas"]), art.id


def test_written_corpus_reads_and_scores_itself_perfectly(tmp_path: Path) -> None:
    paths = synth.write_corpus(25, tmp_path, seed=2)
    assert len(paths) == 25 == len(list((tmp_path / "truth").glob("*.json")))
    article = read_article(paths[0])
    assert article.meta.id == paths[0].stem
    assert article.meta.title and article.meta.url and article.meta.language == "en"
    if not SCORE.exists():
        pytest.skip(f"no scorer at {SCORE}")
    spec = importlib.util.spec_from_file_location("score", SCORE)
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    preds = tmp_path / "truth.jsonl"
    lines = [json.loads(p.read_text()) for p in sorted((tmp_path / "truth").glob("*.json"))]
    preds.write_text("\n".join(json.dumps(x) for x in lines))
    result = score.score(tmp_path / "truth", preds)
    assert all(v["f1"] == 1.0 for v in result.values()), result


def test_script_refuses_to_write_into_corpus() -> None:
    with pytest.raises(SystemExit):
        synth.main(["3", str(PROJECT_ROOT / "corpus" / "synthetic")])
    assert not (PROJECT_ROOT / "corpus" / "synthetic").exists()


def test_records_are_the_planted_truth_with_sentences_as_evidence() -> None:
    from extract.records import Record

    arts = list(synth.generate(40, seed=8))
    recs = synth.records(40, seed=8)
    assert [r.to_dict() for r in recs] == [r.to_dict() for r in synth.records(40, seed=8)]
    for art, rec in zip(arts, recs, strict=True):
        truth = art.truth.to_json()
        assert rec.article.id == art.id
        assert rec.article.sha256 == read_like_the_corpus(art)
        assert {o.name for o in rec.organisations} == {o["name"] for o in truth["organisations"]}
        assert sorted([r.source, r.target] for r in rec.partnerships) == truth["partnerships"]
        assert sorted([r.source, r.target] for r in rec.memberships) == truth["memberships"]
        assert {a.area for a in rec.areas} == set(truth["areas"])
        text = art.text + "\n"
        for fact in [*rec.organisations, *rec.partnerships, *rec.agreements]:
            for ev in fact.evidence:
                assert text[ev.start : ev.end] == ev.sentence
        assert Record.from_dict(rec.to_dict()).to_dict() == rec.to_dict()


def read_like_the_corpus(art) -> str:
    import hashlib

    return hashlib.sha256((art.text + "\n").encode("utf-8")).hexdigest()


def test_pooled_records_cover_the_pool_with_hubs() -> None:
    recs = synth.records(1200, seed=1, pool=1000)
    names = {o.name for r in recs for o in r.organisations}
    assert len(names) == 1000
    degree: dict[str, int] = {}
    for r in recs:
        for rel in r.partnerships:
            for name in (rel.source, rel.target):
                degree[name] = degree.get(name, 0) + 1
    mean = sum(degree.values()) / len(degree)
    assert max(degree.values()) > 10 * mean  # a few hubs, as in news
    assert synth.records(5, seed=1, pool=1000, start=3)[0].to_dict() == recs[3].to_dict()
    for r in recs[:50]:
        orgs = {o.name for o in r.organisations}
        assert set(r.agreements[0].parties) <= orgs
        assert all({m.source, m.target} <= orgs for m in r.memberships)
