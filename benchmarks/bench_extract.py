"""Throughput of the full CyberKG pipeline against the bare model, in words per second.

usage: python benchmarks/bench_extract.py [TEXT_FILES...] [--repeat N]

Uses the dev texts of ../shared/eval/dev (repeated) plus any files given.
The target: the full pipeline keeps at least 70% of the bare model's speed.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.pipeline import add_components  # noqa: E402
from kg.settings import DEFAULT_MODEL  # noqa: E402


def words_per_second(nlp: spacy.Language, texts: list[str]) -> float:
    """Words per second of nlp.pipe over the texts (best of two runs)."""
    words = sum(len(t.split()) for t in texts)
    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=16):
            pass
        best = min(best, time.perf_counter() - start)
    return words / best


def main(argv: list[str]) -> int:
    repeat = 5
    if "--repeat" in argv:
        repeat = int(argv[argv.index("--repeat") + 1])
    files = [Path(a) for a in argv if not a.startswith("--") and not a.isdigit()]
    dev = ROOT.parent / "shared" / "eval" / "dev"
    texts = [p.read_text() for p in sorted(dev.glob("*.txt"))] * repeat if dev.exists() else []
    texts += [f.read_text() for f in files]
    if not texts:
        print("no texts: give text files or provide ../shared/eval/dev", file=sys.stderr)
        return 2
    bare = spacy.load(DEFAULT_MODEL)
    full = add_components(spacy.load(DEFAULT_MODEL))
    words_per_second(full, texts[:3])  # warm up both
    b = words_per_second(bare, texts)
    f = words_per_second(full, texts)
    print(f"texts={len(texts)} words={sum(len(t.split()) for t in texts)}")
    print(f"bare  {b:10.0f} words/s")
    print(f"full  {f:10.0f} words/s")
    print(f"ratio {f / b:10.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
