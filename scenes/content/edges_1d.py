"""Scene 5: coloured edges in 1-D -- one kernel shared by every output, against a locally
connected and a fully connected layer over the same inputs.

Notation as in the 2-D scenes, zero-based with brackets: inputs x[0]..x[n-1], outputs o[0]..,
the kernel's weights w[0], w[1], w[2] (its own weights: the 1-D kernel's colours,
``palette.kernel_1d_color``); a locally connected layer's weight t of output j is w[j,t].

Colours promise what they can: the locally and fully connected layers' weights (all on screen
together) take ``distinct_colors`` of their total, each at least ``MIN_APART`` (10, CIEDE2000)
from every other; when there are more than the palette can keep apart (a lecturer's 9 inputs
with kernel 1: 9 + 81), the fully connected edges are drawn ``UNSHARED`` grey and the point is
made by the count ("81 weights, each used once"), not by colours that only pretend to differ.

    manim -qh scenes/content/edges_1d.py ColouredEdges1D
"""
from __future__ import annotations

import math

from manim import (DOWN, LEFT, RIGHT, Create, FadeIn, FadeOut, Line, Square, VGroup,
                   Write, config)

from cnncore.examples import dense_layer, untied
from scenes.base import Beat, LectureScene
from scenes.i18n import _, ngettext
from scenes.visual import palette as P
from scenes.visual.mobjects import Replace, fmt, label, place
from scenes.visual.sweep import MIN_FAST_STEP
from scenes.visual.layout import BODY, MIN_TEXT, title as titled
from scenes.visual.edges import Nodes1D, edge_line, edge_list, name, weight_name
from scenes.visual.words import mode_name, weights


# The frame's layout, inside the title-safe area below the title (layout.BODY): three rows (one
# per layer), the diagram left, its tally right.
DIAGRAM_LEFT, DIAGRAM_RIGHT = BODY[0], 2.0
TALLY_LEFT, TALLY_RIGHT = 2.4, BODY[1]
ROWS = ((BODY[2], BODY[2] - 2.0), (BODY[2] - 2.3, BODY[2] - 4.3), (BODY[3] + 2.0, BODY[3]))  # (top, bottom)


def contrast_colors(traces: dict) -> dict:
    """Colours of the unshared layers, which are on screen together: one ``distinct_colors`` run
    over both (every two at least ``MIN_APART`` apart, none like a kernel weight), or, when the
    palette has not that many, the locally connected layer's alone and the fully connected
    edges ``UNSHARED`` grey (shown by their count instead)."""
    n_local, n_dense = traces["local"].n_weights, traces["dense"].n_weights
    try:
        both = P.distinct_colors(n_local + n_dense)
        return {"local": list(both[:n_local]), "dense": list(both[n_local:])}
    except P.NotDistinct:
        return {"local": list(P.distinct_colors(n_local)), "dense": [P.UNSHARED] * n_dense}


class ColouredEdges1D(LectureScene):
    params_key = "edges_1d"
    beats = (
        Beat("inputs", values=("last", "outputs", "taps"), marks=("outputs", "convolution")),
        Beat("output-by-output", values=("reads", "weights", "outputs"), marks=("next",)),
        Beat("one-colour", values=("weights",)),
        Beat("local", values=("taps", "colours")),
        Beat("dense", values=("weights", "coloured")),
        Beat("what-sharing-buys", values=("shared", "local", "dense")),
    )

    def construct(self):
        self.trace = self.layer.trace_1d()
        self.traces = {"shared": self.trace, "local": untied(self.trace), "dense": dense_layer(self.trace, self.layer.seed)}
        self.colors = {"shared": P.weight_colors(self.trace), **contrast_colors(self.traces)}
        self.dense_coloured = P.UNSHARED not in self.colors["dense"]
        self.lay_out_inputs_and_outputs()
        self.build_output_by_output()
        self.one_colour_one_weight()
        self.locally_connected()
        self.fully_connected()
        self.what_sharing_buys()

    # ---- layout helpers ------------------------------------------------------------------
    def diagram(self, row: int) -> Nodes1D:
        t = self.trace
        top, bottom = ROWS[row]
        n = t.x_padded.shape[2]
        spacing = min(1.15, (DIAGRAM_RIGHT - DIAGRAM_LEFT) / n)
        radius = min(0.3, spacing * 0.34)
        nodes = Nodes1D(t, spacing, rise=top - bottom - 2 * radius, radius=radius, font=max(MIN_TEXT + 1, radius * 56))
        return place(nodes, DIAGRAM_LEFT, DIAGRAM_RIGHT, top, bottom)

    def edges(self, mode: str, nodes: Nodes1D) -> dict:
        """{(j, s): Line} for a layer, each edge in the colour of its weight id."""
        t = self.traces[mode]
        offset = self.trace.padding[1] - t.padding[1]
        width = 5 if mode != "dense" else 3
        lines = {}
        for j, s, wid in edge_list(t, offset):
            lines[j, s] = edge_line(nodes, j, s, self.colors[mode][wid], width)
            lines[j, s].weight_id = wid
        return lines

    def tally(self, row: int, mode: str, notes: tuple) -> VGroup:
        """The row's count: its name, how many weights, then one swatch per weight when their
        colours tell them apart (none when they are grey: the count says it), then ``notes``."""
        t = self.traces[mode]
        n = t.n_weights
        head = label(mode_name(mode), 22, P.MUTED)
        count = label(weights(n), 30, P.HIGHLIGHT, weight="BOLD")
        width = TALLY_RIGHT - TALLY_LEFT
        per_row = max(t.tap_shape[2], min(n, 15 if n <= 45 else 27))
        size = min(0.42, width / per_row) if mode != "shared" else min(0.62, width / per_row)   # the kernel: room for w[t]
        coloured = P.UNSHARED not in self.colors[mode]
        swatches = VGroup(*[Square(size, stroke_width=1, stroke_color=P.BACKGROUND, fill_color=c, fill_opacity=1)
                            for c in (self.colors[mode] if coloured else ())])
        if coloured:
            swatches.arrange_in_grid(cols=per_row, buff=0, flow_order="rd")
        if mode == "shared":  # the kernel itself: each weight's value on its swatch, its name below
            for wid, sq in enumerate(swatches):
                color = self.colors[mode][wid]
                sq.add(label(fmt(t.weight_values[wid]), size * 40, P.text_on(color)).move_to(sq))
                sq.add(label(weight_name(t, wid), 18, color).next_to(sq, DOWN, buff=0.06))
        why = VGroup(*[label(note, 18, P.TEXT) for note in notes]).arrange(DOWN, buff=0.06, aligned_edge=LEFT)
        block = VGroup(head, count, *([swatches] if coloured else []), why).arrange(DOWN, buff=0.1, aligned_edge=LEFT)
        why.shift(DOWN * 0.06)
        top, bottom = ROWS[row]
        place(block, TALLY_LEFT, TALLY_RIGHT, top, bottom, align=LEFT)
        block.count, block.swatches, block.why = count, swatches, why
        return block

    def formula(self, mode: str, j: int, row: int) -> VGroup:
        """o[j] = w·x + w·x + ..., each weight name in its colour (padding inputs read as 0)."""
        t = self.traces[mode]
        offset = self.trace.padding[1] - t.padding[1]
        pad, n = self.trace.padding[1], self.trace.x.shape[2]
        parts = [label(f"{name('o', j)} =", 30, P.TEXT)]
        for tap in range(t.positions.shape[2]):
            s = int(t.positions[0, j, tap, 2]) + offset
            wid = int(t.weight_ids[0, 0, j, tap])
            if tap:
                parts.append(label("+", 30, P.TEXT))
            x = name("x", s - pad) if pad <= s < pad + n else "0"
            parts.append(VGroup(label(weight_name(t, wid), 30, self.colors[mode][wid], weight="BOLD"),
                                label(f"·{x}", 30, P.TEXT)).arrange(RIGHT, buff=0.04))
        top, bottom = ROWS[row]
        return place(VGroup(*parts).arrange(RIGHT, buff=0.15), DIAGRAM_LEFT, DIAGRAM_RIGHT, top - 0.3, bottom + 0.3)

    def step_times(self, outputs: int, leave: float) -> list[float]:
        """Run time of each output's edges: ``pace.step_time``, the fast ones shortened (never
        below ``MIN_FAST_STEP``) so that the row, and ``leave`` seconds after it, end with the
        beat's narration: no picture still drawing after the voice has stopped."""
        times = [self.pace.step_time(j) for j in range(outputs)]
        fast = [j for j in range(outputs) if not self.pace.in_full(j)]
        if fast:
            left = self.narration_left() - leave - sum(t for j, t in enumerate(times) if j not in fast) * 4 / 3
            step = math.floor(max(0.0, left) / (len(fast) * 4 / 3) * config.frame_rate) / config.frame_rate
            for j in fast:
                times[j] = min(times[j], max(MIN_FAST_STEP, step))
        return times

    def show_row(self, row: int, mode: str, formula_row: int | None = None, marks: dict | None = None,
                 leave: float = 0.0):
        """Draw a layer's row output by output; its formula (if any) under it as it grows.
        ``marks`` {output j: mark name}: output j waits until the voice comes to that mark;
        ``leave``: seconds of the beat's narration kept for what comes after the row."""
        nodes = self.nodes.get(mode)
        if nodes is None:   # (the shared row's nodes came in with the opening beat)
            nodes = self.nodes[mode] = self.diagram(row)
            self.play(FadeIn(nodes), run_time=0.8)
        edges = self.edge_lines[mode] = self.edges(mode, nodes)
        wo = self.trace.out_shape[2]
        times = self.step_times(wo, leave + (1.0 if formula_row is not None else 0.0))
        shown = None
        for j in range(wo):
            if marks and j in marks:
                self.until_mark(marks[j])
            lines = [line for (jj, _s), line in edges.items() if jj == j]
            self.bring_to_back(*lines)
            anims = [Create(line) for line in lines]
            if formula_row is not None:
                f = self.formula(mode, j, formula_row)
                anims.append(FadeIn(f) if shown is None else Replace(shown, f))
                shown = f
            self.play(*anims, nodes.outputs[j][0].animate.set_stroke(P.HIGHLIGHT, 4), run_time=times[j])
            self.play(nodes.outputs[j][0].animate.set_stroke(P.GRID_LINE, 2), run_time=times[j] / 3)
        if shown is not None:
            self.hold(0.5)
            self.play(FadeOut(shown), run_time=0.5)

    # ---- beats ---------------------------------------------------------------------------
    def lay_out_inputs_and_outputs(self):
        t = self.trace
        n, wo, F = t.x.shape[2], t.out_shape[2], t.tap_shape[2]
        self.beat("inputs", last=name("x", n - 1), outputs=wo, taps=F)
        self.nodes, self.edge_lines, self.tallies = {}, {}, {}
        self.add(titled(_("What sharing buys: the same weights at every output")))
        kernel = self.tally(0, "shared", (ngettext("every output reuses this weight", "every output reuses these {n}",
                                                   F).format(n=F),))
        self.tallies["shared"] = kernel
        nodes = self.nodes["shared"] = self.diagram(0)
        self.play(FadeIn(VGroup(*nodes.inputs)), run_time=0.8)
        self.until_mark("outputs")
        self.play(FadeIn(VGroup(*nodes.outputs)), run_time=0.8)
        self.until_mark("convolution")
        self.play(FadeIn(kernel[0]), FadeIn(kernel.swatches), run_time=1)
        self.checkpoint("kernel shown")

    def build_output_by_output(self):
        t = self.trace
        reads = [name("x", int(s) - t.padding[1]) if not p else "0"
                 for s, p in zip(t.positions[0, 0, :, 2], t.is_padding[0, 0])]
        names = ", ".join(weight_name(t, w) for w in t.weight_ids[0, 0, 0])
        # (a layer of one output has no o[1] to speak of: the script says nothing of it)
        self.beat("output-by-output", reads=", ".join(reads), weights=names, outputs=t.out_shape[2])
        self.show_row(0, "shared", formula_row=1, marks={1: "next"})
        self.hold(0.5)

    def one_colour_one_weight(self):
        t = self.trace
        kernel = self.tallies["shared"]
        self.beat("one-colour", weights=t.n_weights)
        others = [line for line in self.edge_lines["shared"].values() if line.weight_id != 0]
        if others:  # (a kernel of one weight has no other colour to dim)
            self.play(*[line.animate.set_stroke(opacity=0.15) for line in others], run_time=0.8)
        self.play(Write(kernel.count), FadeIn(kernel.why), run_time=1)
        if others:
            self.play(*[line.animate.set_stroke(opacity=1) for line in others], run_time=0.6)
        self.hold(0.5)

    def locally_connected(self):
        t = self.traces["local"]
        F = t.tap_shape[2]
        self.beat("local", taps=F, colours=t.n_weights)
        self.show_row(1, "local", formula_row=2, leave=1.0)
        block = self.tally(1, "local", (ngettext("every output has its own weight", "every output has its own {n}",
                                                 F).format(n=F),))
        self.tallies["local"] = block
        self.play(FadeIn(block), run_time=1)
        self.hold(0.5)

    def fully_connected(self):
        t = self.traces["dense"]
        coloured = self.dense_coloured
        self.beat("dense", weights=t.n_weights, coloured="yes" if coloured else "no")
        self.show_row(2, "dense", leave=1.0)
        notes = (_("every input reaches every output"),) if coloured else \
            (_("each used once: too many"), _("to colour apart, so grey"))
        block = self.tally(2, "dense", notes)
        self.tallies["dense"] = block
        self.play(FadeIn(block), run_time=1)
        self.hold(0.5)

    def what_sharing_buys(self):
        s, l, d = (self.traces[m].n_weights for m in ("shared", "local", "dense"))
        self.beat("what-sharing-buys", shared=s, local=l, dense=d)
        counts = VGroup(*[self.tallies[m].count for m in ("shared", "local", "dense")])
        self.play(*[c.animate.scale(1.15) for c in counts], run_time=0.5)
        self.play(*[c.animate.scale(1 / 1.15) for c in counts], run_time=0.5)
        self.hold()
