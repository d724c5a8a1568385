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
        _apart(
            positions, {n: r for n, r in radii.items() if n in positions and n not in lonely_set}
        )
    return positions


def _apart(positions: dict[str, tuple[float, float]], radii: Mapping[str, float]) -> None:
    """Clear the discs of the APART largest nodes: two of them push each other apart, a
    smaller node over one is moved off it (only nodes near a large one are compared)."""
    big = sorted(radii, key=lambda n: (-radii[n], n))[:APART]
    large = set(big)
    others = sorted(n for n in positions if n not in large)
    pos = {n: list(positions[n]) for n in positions}
    cell = 2 * max(radii[n] for n in big) + 2 * DEFAULT_RADIUS
    moved_any: set[str] = set()
    for _ in range(APART_ROUNDS):
        grid: dict[tuple[int, int], list[str]] = {}
        for n in others:
            grid.setdefault((int(pos[n][0] // cell), int(pos[n][1] // cell)), []).append(n)
        moved = False
        for i, a in enumerate(big):
            ax, ay = pos[a]
            ci, cj = int(ax // cell), int(ay // cell)
            near = [
                o
                for di in (-1, 0, 1)
                for dj in (-1, 0, 1)
                for o in grid.get((ci + di, cj + dj), [])
            ]
            for b in [*big[i + 1 :], *near]:
                (ax, ay), (bx, by) = pos[a], pos[b]
                need = radii[a] + radii.get(b, DEFAULT_RADIUS) + 4.0
                dist = math.hypot(bx - ax, by - ay)
                if dist >= need:
                    continue
                if dist < 1e-6:  # same spot: part them along a fixed direction
                    dx, dy, dist = 1.0, 0.0, 0.0
                else:
                    dx, dy = (bx - ax) / dist, (by - ay) / dist
                gap = need - dist
                share = 0.5 if b in large else 0.0  # a small node moves, a hub stays
                pos[a] = [ax - dx * gap * share, ay - dy * gap * share]
                pos[b] = [bx + dx * gap * (1 - share), by + dy * gap * (1 - share)]
                moved_any.update((a, b))
                moved = True
        if not moved:
            break
    for n in moved_any:
        positions[n] = (pos[n][0], pos[n][1])


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
