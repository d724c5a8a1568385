"""Node positions for the overview, computed once when the site is written.

Laying out in the browser cost seconds on every page load (force simulation
until it settled); laying out here costs well under a second with igraph's
Fruchterman–Reingold in C, and the page then draws at once and never moves.
Each connected component is laid out alone and the components are packed in
rows, largest first, so small pairs do not drift to the edge of the picture.
Organisations with no link at all are placed on a grid below; the page hides
them unless asked. The largest nodes (hubs, drawn large) are then pushed apart
where their discs would overlap: a hub drawn over another could be neither
read nor clicked.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping

import igraph
import numpy as np

EDGE_LENGTH = 130.0  # vis-network units between linked nodes, about 130 px at scale 1
GAP = 160.0  # between packed components
SEED = 7
APART = 60  # the largest nodes kept from overlapping one another
APART_ROUNDS = 40
DEFAULT_RADIUS = 10.0  # a node with no radius given (an agreement is drawn at 9)


def layout(
    nodes: list[str],
    edges: Iterable[tuple[str, str]],
    isolated: Iterable[str] = (),
    radii: Mapping[str, float] | None = None,
) -> dict[str, tuple[float, float]]:
    """Positions (x, y) for ``nodes``; ``isolated`` ones go to a grid under the rest;
    the largest of ``radii`` (drawn radius per node) are kept from overlapping."""
    index = {n: i for i, n in enumerate(nodes)}
    pairs = {
        (min(index[a], index[b]), max(index[a], index[b]))
        for a, b in edges
        if a in index and b in index and a != b
    }
    lonely = [n for n in isolated if n in index]
    lonely_set = set(lonely)
    graph = igraph.Graph(n=len(nodes), edges=sorted(pairs))
    components = [
        [v for v in comp if nodes[v] not in lonely_set]
        for comp in graph.connected_components(mode="weak")
    ]
    components = [c for c in components if c]
    components.sort(key=lambda c: (-len(c), min(c)))
    boxes = [_component(graph, comp) for comp in components]
    positions: dict[str, tuple[float, float]] = {}
    corners = _pack([size for _, size in boxes])
    for comp, (local, _), (x0, y0) in zip(components, boxes, corners, strict=True):
        for v, (x, y) in zip(comp, local, strict=True):
            positions[nodes[v]] = (x0 + x, y0 + y)
    _grid_below(positions, lonely)
    if radii:
        _apart(positions, radii, lonely_set)
    return positions


def _apart(
    positions: dict[str, tuple[float, float]], radii: Mapping[str, float], skip: set[str]
) -> None:
    """Clear the discs of the APART largest nodes: two of them push each other apart, a
    smaller node over one is moved off it. Vectorised: a pass over 11,000 nodes takes
    milliseconds, where a Python loop took seconds."""
    names = sorted(n for n in positions if n not in skip)
    if not names or not radii:
        return
    at = np.array([positions[n] for n in names], dtype=float)
    start = at.copy()
    r = np.array([radii.get(n, DEFAULT_RADIUS) for n in names], dtype=float)
    big = sorted(range(len(names)), key=lambda i: (-r[i], names[i]))[:APART]
    share = np.zeros(len(names))
    share[big] = 0.5  # two large nodes move half each; a smaller one moves all the way
    for _ in range(APART_ROUNDS):
        moved = False
        for a in big:
            delta = at - at[a]
            dist = np.hypot(delta[:, 0], delta[:, 1])
            over = dist < r[a] + r + 4.0
            over[a] = False
            if not over.any():
                continue
            moved = True
            same = over & (dist < 1e-6)  # same spot: part them along a fixed direction
            delta[same] = (1.0, 0.0)
            dist[same] = 0.0
            unit = delta[over] / np.maximum(dist[over], 1e-6)[:, None]
            unit[same[over]] = (1.0, 0.0)
            gap = (r[a] + r[over] + 4.0 - dist[over])[:, None]
            at[over] += unit * gap * (1.0 - share[over])[:, None]
            at[a] -= (unit * gap * share[over][:, None]).sum(axis=0)
        if not moved:
            break
    for i in np.flatnonzero((at != start).any(axis=1)):
        positions[names[i]] = (float(at[i, 0]), float(at[i, 1]))


def _component(graph: igraph.Graph, comp: list[int]) -> tuple[list[tuple[float, float]], tuple]:
    """Local positions of one component, from (0, 0), and its width and height."""
    if len(comp) == 1:
        return [(0.0, 0.0)], (0.0, 0.0)
    sub = graph.subgraph(comp)
    random.seed(SEED)  # igraph draws its start positions from Python's random
    if sub.vcount() <= 3:
        coords = sub.layout_circle().coords
    else:
        coords = sub.layout_fruchterman_reingold(
            niter=600, grid="auto" if sub.vcount() > 1000 else "nogrid"
        ).coords
    lengths = [math.dist(coords[a], coords[b]) for a, b in sub.get_edgelist()]
    median = sorted(lengths)[len(lengths) // 2] if lengths else 1.0
    k = EDGE_LENGTH / (median or 1.0)
    xs = [c[0] * k for c in coords]
    ys = [c[1] * k for c in coords]
    mx, my = min(xs), min(ys)
    local = [(x - mx, y - my) for x, y in zip(xs, ys, strict=True)]
    return local, (max(xs) - mx, max(ys) - my)


def _pack(sizes: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Top-left corners: the largest component alone on top, the rest in centred rows."""
    if not sizes:
        return []
    width = max(sizes[0][0], math.sqrt(sum((w + GAP) * (h + GAP) for w, h in sizes)))
    corners: list[tuple[float, float]] = [(0.0, 0.0)]
    y = sizes[0][1] + GAP
    row: list[int] = []
    row_w = 0.0

    def flush() -> None:
        nonlocal y, row, row_w
        if not row:
            return
        x = (width - (row_w - GAP)) / 2
        for i in row:
            corners.append((x, y))
            x += sizes[i][0] + GAP
        y += max(sizes[i][1] for i in row) + GAP
        row, row_w = [], 0.0

    for i in range(1, len(sizes)):
        w = sizes[i][0] + GAP
        if row and row_w + w > width:
            flush()
        row.append(i)
        row_w += w
    flush()
    if sizes[0][0] < width:  # centre the main component over the rows
        corners[0] = ((width - sizes[0][0]) / 2, 0.0)
    return corners


def _grid_below(positions: dict[str, tuple[float, float]], lonely: list[str]) -> None:
    if not lonely:
        return
    xs = [p[0] for p in positions.values()] or [0.0]
    ys = [p[1] for p in positions.values()] or [0.0]
    left, bottom = min(xs), max(ys) + GAP * 1.5
    cols = max(1, int(math.sqrt(len(lonely)) * 1.6))
    for i, node in enumerate(sorted(lonely)):
        positions[node] = (left + (i % cols) * 90.0, bottom + (i // cols) * 60.0)
