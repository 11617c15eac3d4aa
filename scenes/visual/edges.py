"""The 1-D coloured-edge diagram: inputs x[0]..x[n-1] in a row, outputs o[0].. above the
centre of the window each reads, one edge per tap in the colour of its weight. Drawn by
ColouredEdges1D and by the learner's question (TheQuestion); notation zero-based with brackets,
as the 2-D scenes' x[i,j] and w0[i,j,c]: the kernel's weights w[0], w[1], w[2].

* ``name(letter, *index)``: x[0], o[3], w[1], w[2,0].
* ``weight_name(trace, weight_id)``: w[t] of a shared kernel, w[j,t] or w[j,s] of an unshared layer.
* ``Nodes1D(trace, spacing, rise, radius, font)``: the nodes; ``inputs[s]``, ``outputs[j]``.
* ``edge_list(trace)``: (output j, padded input s, weight id) of every edge.
* ``edge_line(nodes, j, s, colour, width)``: one edge, from node rim to node rim.
* ``EdgeDiagram(trace, colors, box)``: nodes and every edge, placed in ``box``;
  ``edges[(j, s)]`` is an edge (its ``weight_id`` attribute says whose colour it has).
"""
from __future__ import annotations

import numpy as np
from manim import Circle, Line, VGroup

from scenes.visual import palette as P
from scenes.visual.mobjects import label, place


def name(letter: str, *index: int) -> str:
    """A 1-D name, zero-based as the 2-D scenes' x[i,j] and w0[i,j,c]: x[0], o[3], w[1], w[2,0]."""
    return f"{letter}[{','.join(str(int(i)) for i in index)}]"


def weight_name(trace, weight_id: int) -> str:
    """A 1-D weight's name: the kernel's w[t] (shared), output j's own w[j,t] (locally
    connected), w[j,s] from input s to output j (fully connected)."""
    key = trace.weight_keys[int(weight_id)]
    return name("w", key[-1]) if trace.mode == "shared" else name("w", key[2], key[-1])


class Nodes1D(VGroup):
    """Inputs x[0]..x[n-1] in a row (padding dimmed, shown as its value 0), outputs o[0].. above
    the centre of the window each one reads. ``inputs[s]`` is the node of padded position s."""

    def __init__(self, trace, spacing: float, rise: float, radius: float, font: float, **kwargs):
        super().__init__(**kwargs)
        pad = trace.padding[1]
        n = trace.x.shape[2]
        self.inputs, self.outputs = [], []
        self.radius = radius
        for s in range(trace.x_padded.shape[2]):
            is_pad = not pad <= s < pad + n
            node = Circle(radius, stroke_color=P.GRID_LINE, stroke_width=2,
                          fill_color=P.PADDING_FILL if is_pad else P.CELL_FILL, fill_opacity=1)
            node.move_to(np.array([s * spacing, 0, 0]))
            text = label("0" if is_pad else name("x", s - pad), font, P.MUTED if is_pad else P.TEXT)
            self.inputs.append(VGroup(node, text.move_to(node)))
        for j in range(trace.out_shape[2]):
            reads = trace.positions[0, j, :, 2]
            centre = np.mean([self.inputs[int(s)].get_center()[0] for s in reads])
            node = Circle(radius, stroke_color=P.GRID_LINE, stroke_width=2, fill_color=P.CELL_FILL,
                          fill_opacity=1).move_to(np.array([centre, rise, 0]))
            text = label(name("o", j), font, P.TEXT)
            self.outputs.append(VGroup(node, text.move_to(node)))
        self.add(*self.inputs, *self.outputs)


def edge_list(trace, offset: int = 0):
    """(output j, padded input position s, weight id) of every edge of a 1-D trace.

    ``offset`` maps the trace's input coordinates onto the diagram's padded positions
    (a fully connected layer reads the unpadded input)."""
    out = []
    for j in range(trace.out_shape[2]):
        for t in range(trace.positions.shape[2]):
            out.append((j, int(trace.positions[0, j, t, 2]) + offset, int(trace.weight_ids[0, 0, j, t])))
    return out


def edge_line(nodes: Nodes1D, j: int, s: int, color: str, width: float) -> Line:
    a = nodes.inputs[s][0].get_center()
    b = nodes.outputs[j][0].get_center()
    u = (b - a) / np.linalg.norm(b - a)
    r = nodes.radius
    return Line(a + u * r, b - u * r, stroke_color=color, stroke_width=width)


class EdgeDiagram(VGroup):
    """A 1-D layer's nodes and coloured edges, placed in ``box`` = (left, right, top, bottom):
    ``nodes`` (a ``Nodes1D``), ``edges[(j, s)]`` (each with its ``weight_id``), drawn under the
    nodes. ``font`` is the size of the node names (x₁, o₁)."""

    def __init__(self, trace, colors, box, font: float = 20, width: float = 5, **kwargs):
        super().__init__(**kwargs)
        left, right, top, bottom = box
        n = trace.x_padded.shape[2]
        spacing = (right - left) / n
        radius = min(0.3, spacing * 0.32)
        self.nodes = Nodes1D(trace, spacing, rise=top - bottom - 2 * radius, radius=radius, font=font)
        self.edges = {}
        for j, s, wid in edge_list(trace):
            line = edge_line(self.nodes, j, s, colors[wid], width)
            line.weight_id = wid
            self.edges[j, s] = line
        self.lines = VGroup(*self.edges.values())
        self.add(self.lines, self.nodes)
        place(self, left, right, top, bottom)


__all__ = ["EdgeDiagram", "Nodes1D", "edge_line", "edge_list", "name", "weight_name"]
