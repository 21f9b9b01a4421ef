"""The linkage graph drawn on the server: systems as nodes, linkages as edges, laid out for SVG.

Why our own layout: the picture must come out of the server as plain SVG
(no JavaScript, no layout library), and the graph is small (the systems
that take part in a linkage, a dozen or so). A few hundred rounds of a
Fruchterman-Reingold spring layout, started from a circle in a fixed
order, give the same picture for the same graph on every request.

``linkage_map(rows, lang)`` takes ``kg.export.systems_table`` rows and
returns nodes (x, y, label, link) and edges (linked or planned) in SVG
coordinates; the template ``linkage.svg`` draws them.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from web.i18n import label
from web.present import local_href

WIDTH, HEIGHT = 1100, 640
MARGIN_X, MARGIN_Y = 180, 50  # room for a label centred under a node at the edge
ROUNDS = 300
NODE_RADIUS = 11


@dataclass
class Node:
    iri: str
    label: str
    href: str
    status: str
    x: float = 0.0
    y: float = 0.0
    label_y: float = 0.0  # the label goes on the side away from the node's edges


@dataclass
class Edge:
    source: Node
    target: Node
    kind: str  # "linked", "planned" (source plans to link with target) or "planned-both" (each plans to)

    @property
    def ends(self) -> tuple[float, float, float, float]:
        """x1, y1, x2, y2 trimmed to the circles' rims, so an arrowhead ends where the node begins."""
        dx, dy = self.target.x - self.source.x, self.target.y - self.source.y
        d = max(math.hypot(dx, dy), 1e-6)
        trim = (NODE_RADIUS + 2) / d
        return (round(self.source.x + dx * trim, 1), round(self.source.y + dy * trim, 1),
                round(self.target.x - dx * trim, 1), round(self.target.y - dy * trim, 1))


def _edges(rows: list[dict]) -> list[tuple[str, str, str]]:
    """(a, b, kind) once per pair: "linked", "planned" (a plans to link with b) or "planned-both"."""
    linked, planned = set(), set()
    for row in rows:
        linked.update(tuple(sorted((row["iri"], other["iri"]))) for other in row["linked_with"])
        planned.update((row["iri"], other["iri"]) for other in row["linkage_planned"])
    found = {pair: "linked" for pair in linked}
    for a, b in sorted(planned):
        pair = tuple(sorted((a, b)))
        if pair not in found:
            found[pair if (b, a) in planned else (a, b)] = "planned-both" if (b, a) in planned else "planned"
    return [(a, b, kind) for (a, b), kind in sorted(found.items())]


def _layout(nodes: list[Node], pairs: list[tuple[int, int]]) -> None:
    n = len(nodes)
    for i, node in enumerate(nodes):
        angle = 2 * math.pi * i / max(n, 1)
        node.x, node.y = math.cos(angle), math.sin(angle)
    k = math.sqrt(4.0 / max(n, 1))  # ideal distance in a 2 x 2 box
    temperature = 0.2
    for _ in range(ROUNDS):
        moves = [[0.0, 0.0] for _ in nodes]
        for i in range(n):
            for j in range(i + 1, n):
                dx, dy = nodes[i].x - nodes[j].x, nodes[i].y - nodes[j].y
                d = max(math.hypot(dx, dy), 1e-6)
                push = k * k / d
                moves[i][0] += dx / d * push
                moves[i][1] += dy / d * push
                moves[j][0] -= dx / d * push
                moves[j][1] -= dy / d * push
        for i, j in pairs:
            dx, dy = nodes[i].x - nodes[j].x, nodes[i].y - nodes[j].y
            d = max(math.hypot(dx, dy), 1e-6)
            pull = d * d / k
            moves[i][0] -= dx / d * pull
            moves[i][1] -= dy / d * pull
            moves[j][0] += dx / d * pull
            moves[j][1] += dy / d * pull
        for node, (mx, my) in zip(nodes, moves):
            length = max(math.hypot(mx, my), 1e-9)
            step = min(length, temperature)
            node.x += mx / length * step
            node.y += my / length * step
            # gravity keeps separate components on the canvas
            node.x *= 0.98
            node.y *= 0.98
        temperature = max(temperature * 0.985, 0.005)


def _fit(nodes: list[Node]) -> None:
    if not nodes:
        return
    xs, ys = [n.x for n in nodes], [n.y for n in nodes]
    span_x, span_y = max(max(xs) - min(xs), 1e-6), max(max(ys) - min(ys), 1e-6)
    for node in nodes:
        node.x = round(MARGIN_X + (node.x - min(xs)) / span_x * (WIDTH - 2 * MARGIN_X), 1)
        node.y = round(MARGIN_Y + (node.y - min(ys)) / span_y * (HEIGHT - 2 * MARGIN_Y), 1)


def linkage_map(rows: list[dict], lang: str) -> dict:
    """Nodes and edges of the systems that take part in a linkage, placed on a WIDTH x HEIGHT canvas."""
    by_iri = {row["iri"]: row for row in rows}
    edges = [(a, b, kind) for a, b, kind in _edges(rows) if a in by_iri and b in by_iri]
    members = sorted({iri for a, b, _ in edges for iri in (a, b)})
    nodes = [Node(iri, label(by_iri[iri]["labels"], lang, iri), local_href(iri), by_iri[iri]["status"] or "")
             for iri in members]
    index = {node.iri: i for i, node in enumerate(nodes)}
    _layout(nodes, [(index[a], index[b]) for a, b, _ in edges])
    _fit(nodes)
    neighbours: dict[str, list[Node]] = {node.iri: [] for node in nodes}
    for a, b, _ in edges:
        neighbours[a].append(nodes[index[b]])
        neighbours[b].append(nodes[index[a]])
    for node in nodes:
        below = sum(1 if other.y > node.y else -1 for other in neighbours[node.iri])
        node.label_y = node.y - NODE_RADIUS - 8 if below > 0 else node.y + NODE_RADIUS + 17
    return {
        "width": WIDTH, "height": HEIGHT,
        "nodes": nodes,
        "edges": [Edge(nodes[index[a]], nodes[index[b]], kind) for a, b, kind in edges],
        "radius": NODE_RADIUS,
        "unlinked": len(rows) - len(nodes),
    }
