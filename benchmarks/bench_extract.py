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


def seconds(nlp: spacy.Language, texts: list[str]) -> float:
    """Wall time of one nlp.pipe pass over the texts."""
    start = time.perf_counter()
    for _doc in nlp.pipe(texts, batch_size=16):
        pass
    return time.perf_counter() - start


def best_of(pipelines: list[spacy.Language], texts: list[str], rounds: int) -> list[float]:
    """Best time of each pipeline, runs interleaved so that load from other processes
    on a shared machine falls on both alike."""
    best = [float("inf")] * len(pipelines)
    for _ in range(rounds):
        for n, nlp in enumerate(pipelines):
            best[n] = min(best[n], seconds(nlp, texts))
    return best


def component_share(nlp: spacy.Language, texts: list[str]) -> float:
    """Share of the full pipeline's time spent in the CyberKG components (load-independent)."""
    docs = [nlp.make_doc(t) for t in texts]
    ours = total = 0.0
    for name, proc in nlp.pipeline:
        start = time.perf_counter()
        docs = list(proc.pipe(docs)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
        took = time.perf_counter() - start
        total += took
        ours += took if name.startswith("cyberkg") else 0.0
    return ours / total


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
    seconds(bare, texts[:3])  # warm up both
    seconds(full, texts[:3])
    words = sum(len(t.split()) for t in texts)
    tb, tf = best_of([bare, full], texts, rounds=3)
    print(f"texts={len(texts)} words={words}")
    print(f"bare  {words / tb:10.0f} words/s")
    print(f"full  {words / tf:10.0f} words/s")
    print(f"ratio {tb / tf:10.2f}")
    print(f"components' share of the full pipeline's time {component_share(full, texts):.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
