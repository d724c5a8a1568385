"""The held-out sets (regions the dev set does not cover) through the scorer.

The issue's targets are not all reached here yet; each floor is the F1
reached when this test was written, less 0.02, so a regression fails it.
Raise a floor to the issue's target (organisations 0.90, partnerships 0.80,
memberships 0.75, agreements 0.75, areas 0.95) when the extractor gets there.
"""

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCORER = ROOT.parent / "shared" / "eval" / "score.py"
SETS = {
    "heldout": {
        "organisations": 0.96,
        "partnerships": 0.90,
        "memberships": 0.80,
        "agreements": 0.83,
        "areas": 0.87,
    },
    "heldout2": {
        "organisations": 0.87,
        "partnerships": 0.90,
        "memberships": 0.76,
        "agreements": 0.90,
        "areas": 0.88,
    },
}


@pytest.mark.skipif(not SCORER.exists(), reason="../shared/eval/score.py is absent")
@pytest.mark.parametrize("name", sorted(SETS))
def test_heldout_floors(tmp_path, name):
    from kg.pipeline import extract_paths
    from kg.settings import DEFAULT_MODEL

    gold = ROOT / "tests" / "fixtures" / name
    out = tmp_path / "pred.jsonl"
    out.write_text(
        "".join(json.dumps(r.to_eval()) + "\n" for r in extract_paths([gold], model=DEFAULT_MODEL))
    )
    spec = importlib.util.spec_from_file_location("score", SCORER)
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    result = score.score(gold, out)
    low = {k: round(result[k]["f1"], 3) for k, t in SETS[name].items() if result[k]["f1"] < t}
    assert not low, f"{name} below floor: {low}"
