"""Depthwise, pointwise (1x1) and depthwise-separable convolutions, against the standard one.

The picture is a table of connections: one column per input channel, one row per output slice.
Where a filter reads a channel, the cell holds that filter's slice in its weights' colours;
where it never touches the channel, the cell stays empty. A standard convolution fills every
cell; a depthwise one only the diagonal (each channel its own filter, no channels mix); a
pointwise one fills every cell with one weight (1x1). A depthwise-separable block is the
depthwise step and then the pointwise step: the parameter counts side by side, for this layer
and a realistic one (3x3, 64 to 128 channels), on ParameterCounts' log scale.

    manim -qh scenes/content/separable.py SeparableConv
"""
from __future__ import annotations

import math

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UP, FadeIn, FadeOut, GrowFromEdge, Line, ReplacementTransform,
                   Square, VGroup)

from cnncore.variants import example_separable, variant_param_counts
from scenes.base import Beat, LectureScene
from scenes.i18n import N_, _, ngettext
from scenes.visual.bars import Bar
from scenes.visual import palette as P
from scenes.visual.layout import BODY, SAFE, title
from scenes.visual.mobjects import Grid, Replace, frame_box, label, place
from scenes.visual.words import exact, filters, power

# Inside the title-safe area, below the title (layout.BODY).
PANEL_BOX = (SAFE[0], 2.0, BODY[2], SAFE[3])
TABLE_BOX = (SAFE[0], 2.0, BODY[2], SAFE[3] + 0.5)   # the table; the legend goes below it
COUNTS_BOX = (2.4, SAFE[1], BODY[2], SAFE[3])
# A bar is a count, not a weight: no weight's colour. The depthwise-separable block, the point, in
# the highlight; the others neutral.
BAR_COLORS = {"standard": P.MUTED, "grouped": P.MUTED, "depthwise": P.MUTED, "pointwise": P.MUTED,
              "separable": P.HIGHLIGHT}

# The realistic layer of the issue: a 3x3 convolution from 64 to 128 channels (and 4 groups).
REALISTIC = dict(channels=64, filters=128, kernel_size=3, groups=4)
# (key, its name on screen: translated where used)
REAL_ROWS = (("standard", N_("standard 3×3")), ("grouped", N_("grouped, 4 groups")), ("depthwise", N_("depthwise 3×3")),
             ("pointwise", N_("1×1 (pointwise)")), ("separable", N_("depthwise-separable")))


def weights(n: int) -> str:
    """'1 weight', '73,728 weights': a count with its digits grouped."""
    return ngettext("{n} weight", "{n} weights", n).format(n=exact(n))


def channels(n: int) -> str:
    """'1 channel', '3 channels'."""
    return ngettext("{n} channel", "{n} channels", n).format(n=n)


class ConnectionTable(VGroup):
    """Columns: the input channels (``heads[c]``, their grids); rows: the output slices
    (``outputs[k]``, their grids, numbers from the trace). Cell (k, c) holds filter k's slice
    for channel c in its weights' colours (``block(k, c)``, a Grid) or, where filter k never
    reads channel c, an empty frame (``block(k, c)`` is None, ``empty(k, c)`` the frame).

    ``inputs`` (C, H, W) values, ``outputs`` (K, Ho, Wo); ``slices[(k, c)]`` = (weight ids (FH, FW)
    array, weight values) for the cells that hold weights."""

    def __init__(self, inputs, outputs, slices, colors, in_name="x", out_name="o", block_cell=0.42,
                 head_cell=0.36, filter_names: bool = True, **kwargs):
        super().__init__(**kwargs)
        C, K = len(inputs), len(outputs)
        self.blocks, self.empties, self.heads, self.outputs, self.ids = {}, {}, [], [], {}
        fh = max(ids.shape[0] for ids, _ in slices.values())
        block_cell = max(block_cell, 0.5 / fh)   # a 1x1 slice still reads as a cell with a number
        pitch = max(fh * block_cell, inputs.shape[2] * head_cell, 0.95) + 0.35
        rows = max(fh * block_cell, outputs.shape[1] * head_cell) + 0.3
        for c in range(C):
            g = Grid(inputs[c], head_cell)
            g.move_to(np.array([c * pitch, 0, 0]))
            title = label(f"{in_name}[:,:,{c}]", 16, P.TEXT, mono=True).next_to(g, UP, buff=0.08)
            self.heads.append(g)
            self.add(title, g)
        top = min(h.get_bottom()[1] for h in self.heads) - 0.3
        for k in range(K):
            y = top - rows / 2 - k * rows
            for c in range(C):
                centre = np.array([c * pitch, y, 0])
                if (k, c) in slices:
                    ids, vals = slices[(k, c)]
                    fills = [[colors[int(i)] for i in row] for row in ids]
                    g = Grid(vals, block_cell, fills=fills).move_to(centre)
                    self.blocks[(k, c)] = g
                    self.ids[(k, c)] = ids
                    self.add(g)
                else:
                    e = Square(fh * block_cell, stroke_color=P.GRID_LINE, stroke_width=1.5,
                               stroke_opacity=0.6, fill_opacity=0).move_to(centre)
                    self.empties[(k, c)] = e
                    self.add(e)
            og = Grid(outputs[k], head_cell).move_to(np.array([C * pitch + 0.35, y, 0]))
            og.align_to(np.array([(C - 0.5) * pitch + 0.35, 0, 0]), LEFT)
            # filter k's colour only where the filters are the lecture's w0, w1, ... (not the depthwise or 1x1 ones)
            name = label(f"{out_name}[:,:,{k}]", 16, P.filter_color(k) if filter_names else P.TEXT,
                         mono=True).next_to(og, RIGHT, buff=0.1)
            self.outputs.append(og)
            self.add(og, name)

    def block(self, k: int, c: int):
        return self.blocks.get((k, c))

    def empty(self, k: int, c: int):
        return self.empties.get((k, c))


def table_of(trace_like, inputs, colors, in_name="x", out_name="o", groups_read=None,
             filter_names: bool = True) -> ConnectionTable:
    """The connection table of a shared or grouped layer, read from its trace: cell (k, c) holds the
    weights of filter k that multiply input channel c."""
    K = trace_like.out_shape[0]
    cg, fh, fw = trace_like.tap_shape
    vals = trace_like.weight_values.reshape(K, cg, fh, fw)
    ids = np.arange(trace_like.n_weights).reshape(K, cg, fh, fw)
    slices = {}
    for k in range(K):
        channels = trace_like.channels_of(k) if hasattr(trace_like, "channels_of") else list(range(cg))
        for n, c in enumerate(channels):
            slices[(k, c)] = (ids[k, n], vals[k, n])
    return ConnectionTable(inputs, trace_like.output, slices, colors, in_name, out_name, filter_names=filter_names)


class SeparableConv(LectureScene):
    params_key = "separable"
    beats = (
        Beat("standard", values=("kernel", "cells", "weights"), marks=("slices", "full")),
        Beat("depthwise", values=("kernel", "weights"), marks=("diagonal", "mix")),
        Beat("pointwise", values=("weights",), marks=("count", "together")),
        Beat("realistic", values=("standard", "grouped", "depthwise", "pointwise", "separable")),
    )

    def construct(self):
        p = self.layer
        self.standard = p.trace()
        self.sep = example_separable(p)
        self.depthwise, self.pointwise = self.sep.depthwise, self.sep.pointwise
        self.colors = self.step_colors()
        self.counts = variant_param_counts(p.channels, p.filters, p.kernel_size)
        self.real = variant_param_counts(**REALISTIC)
        self.title = title(_("Depthwise, 1×1 and depthwise-separable convolutions"))
        self.add(self.title)
        self.every_filter_reads_every_channel()
        self.depthwise_step()
        self.pointwise_step()
        self.counts_side_by_side()

    # ---- helpers -------------------------------------------------------------------------------
    def step_colors(self) -> dict:
        """Colours of each table's weights. The standard convolution is the lecture's layer (w0,
        w1 by identity: ``weight_colors``). The depthwise and 1x1 filters are other weights (drawn
        from the seed), so they must not wear w0's colours: one run of ``distinct_colors`` over
        both (on screen one after the other), or ``UNSHARED`` grey if the palette has not that many."""
        nd, npw = self.depthwise.n_weights, self.pointwise.n_weights
        try:
            both = P.distinct_colors(nd + npw)
            own = list(both[:nd]), list(both[nd:])
        except P.NotDistinct:
            own = [P.UNSHARED] * nd, [P.UNSHARED] * npw
        return {"standard": P.weight_colors(self.standard), "depthwise": own[0], "pointwise": own[1]}

    def count_line(self, name: str, n: int, note: str, y: float, color: str = P.TEXT) -> VGroup:
        head = label(name, 22, color, weight="BOLD")
        count = label(weights(n), 22, P.HIGHLIGHT, weight="BOLD")
        why = label(note, 18, P.MUTED)
        g = VGroup(VGroup(head, count).arrange(RIGHT, buff=0.2), why).arrange(DOWN, buff=0.08, aligned_edge=LEFT)
        g.count = count
        return place(g, COUNTS_BOX[0], COUNTS_BOX[1], y, y - 0.8, align=LEFT)

    # ---- beats -----------------------------------------------------------------------------------
    def every_filter_reads_every_channel(self):
        t = self.standard
        K, C, f = t.out_shape[0], t.in_shape[0], t.tap_shape[1]
        self.beat("standard", kernel=f, cells=K * C, weights=t.n_weights)
        self.table = place(table_of(t, t.x, self.colors["standard"]), *TABLE_BOX)
        self.lines = {"standard": self.count_line(_("standard"), t.n_weights,
                                                  f"{filters(K)} × {channels(C)} × {f}×{f}", COUNTS_BOX[2])}
        self.play(FadeIn(self.table), run_time=1.5)
        self.until_mark("slices")
        row = frame_box(VGroup(*[self.table.block(0, c) for c in range(C)]), buff=0.06)
        self.play(FadeIn(row), run_time=0.5)
        self.until_mark("full")
        self.play(FadeOut(row), FadeIn(self.lines["standard"]), run_time=0.8)
        self.checkpoint("standard table")
        self.hold()

    def depthwise_step(self):
        t = self.depthwise
        C, f = t.in_shape[0], t.tap_shape[1]
        self.beat("depthwise", kernel=f, weights=t.n_weights)
        new = place(table_of(t, t.x, self.colors["depthwise"], out_name="m", filter_names=False), *TABLE_BOX)
        self.lines["depthwise"] = self.count_line(
            _("depthwise"), t.n_weights, _("{channels} × {f}×{f}: groups = channels").format(channels=channels(C), f=f),
            COUNTS_BOX[2] - 1.0)
        self.legend = place(label(_("empty cell: that filter never reads that channel"), 18, P.MUTED),
                            PANEL_BOX[0], PANEL_BOX[1], TABLE_BOX[3] - 0.05, PANEL_BOX[3], align=LEFT)
        self.play(Replace(self.table, new), run_time=1.5)
        self.table = self.depthwise_table = new
        self.until_mark("diagonal")
        self.play(FadeIn(self.legend), run_time=0.6)
        self.until_mark("mix")
        self.play(FadeIn(self.lines["depthwise"]), run_time=0.8)
        self.checkpoint("depthwise table")
        self.hold()

    def pointwise_step(self):
        t = self.pointwise
        K, C = t.out_shape[0], t.in_shape[0]
        self.beat("pointwise", weights=t.n_weights)
        new = place(table_of(t, t.x, self.colors["pointwise"], in_name="m", filter_names=False), *TABLE_BOX)
        self.lines["pointwise"] = self.count_line(_("1×1 (pointwise)"), t.n_weights,
                                                  f"{filters(K)} × {channels(C)} × 1×1", COUNTS_BOX[2] - 2.0)
        old = self.table
        # the depthwise output slices m become the 1x1 step's input: they move up to head the columns
        moved = [ReplacementTransform(old.outputs[c], new.heads[c]) for c in range(C)]
        keep = set(id(g) for g in old.outputs)
        rest_old = [m for m in old.submobjects if id(m) not in keep]
        keep_new = set(id(g) for g in new.heads)
        rest_new = [m for m in new.submobjects if id(m) not in keep_new]
        # the rest goes first, so the slices m move up over an empty frame (over no number or label)
        self.play(*[FadeOut(m) for m in rest_old], FadeOut(self.legend), run_time=0.7)
        self.play(*moved, run_time=1.0)
        self.play(*[FadeIn(m) for m in rest_new], run_time=1.0)
        self.until_mark("count")
        self.play(FadeIn(self.lines["pointwise"]), run_time=0.8)
        self.remove(*new.heads)
        self.add(new)
        self.table = self.pointwise_table = new
        sep = self.sep
        self.lines["separable"] = self.count_line(
            _("separable"), sep.n_weights, _("{depthwise} + {pointwise}, against {standard} standard").format(
                depthwise=self.depthwise.n_weights, pointwise=t.n_weights, standard=self.standard.n_weights),
            COUNTS_BOX[2] - 3.0, P.HIGHLIGHT)
        self.until_mark("together")
        self.play(FadeIn(self.lines["separable"]), run_time=0.8)
        self.checkpoint("separable block")
        self.hold()

    def counts_side_by_side(self):
        r = self.real
        std, sep = r["standard"]["weights"], r["separable"]["weights"]
        dw, pw = (r["separable"]["steps"][s]["weights"] for s in ("depthwise", "pointwise"))
        self.beat("realistic", standard=std, grouped=r["grouped"]["weights"], depthwise=dw, pointwise=pw,
                  separable=sep)
        self.play(FadeOut(self.table), *[FadeOut(v) for v in self.lines.values()], run_time=0.8)
        head = place(label(_("A realistic layer: 3×3, 64 → 128 channels (weights, biases not counted)"), 24, P.TEXT),
                     SAFE[0], SAFE[1], BODY[2], BODY[2] - 0.45, align=LEFT)
        names_right, axis_left, right_edge = -2.6, -2.4, SAFE[1]
        values = [r[key]["weights"] for key, _ in REAL_ROWS]
        decades = max(1, math.ceil(math.log10(max(values))))
        probe = max(Bar(n, 1.0, P.TEXT).label_width() for n in values)
        decade = min(1.6, (right_edge - axis_left - probe - 0.1) / decades)
        self.bars = {}
        rows = VGroup(head)
        colors = BAR_COLORS
        for n, (key, name) in enumerate(REAL_ROWS):
            y = 2.15 - n * 0.72
            bar = Bar(values[n], decade, colors[key])
            bar.shift(RIGHT * (axis_left - (-4.05)) + UP * y)
            text = label(_(name), 22, P.TEXT).move_to(np.array([0, y, 0])).align_to(np.array([names_right, 0, 0]), RIGHT)
            bar.mode_name = text
            self.bars[key] = bar
            rows.add(bar, text)
        axis_y = 2.15 - len(REAL_ROWS) * 0.72 + 0.3
        axis = VGroup(Line(np.array([axis_left, axis_y, 0]), np.array([axis_left + decades * decade, axis_y, 0]),
                           stroke_color=P.MUTED, stroke_width=2))
        for e in range(decades + 1):
            x = axis_left + e * decade
            axis.add(Line(np.array([x, axis_y, 0]), np.array([x, axis_y - 0.1, 0]), stroke_color=P.MUTED,
                          stroke_width=2),
                     label(power(e), 18, P.TEXT).move_to(np.array([x, axis_y - 0.3, 0])))
        axis.add(label(_("weights (log scale: each tick is ten times the last)"), 16, P.MUTED)
                 .move_to(np.array([0, axis_y - 0.62, 0])).align_to(np.array([axis_left, 0, 0]), LEFT))
        # the separable block's two steps, written out
        self.split = place(label(_("depthwise-separable: depthwise {depthwise}  +  1×1 {pointwise}  =  {separable}"
                                   "   (standard: {standard})").format(depthwise=exact(dw), pointwise=exact(pw),
                                                                       separable=exact(sep), standard=exact(std)),
                                 22, P.HIGHLIGHT),
                           SAFE[0], SAFE[1], axis_y - 1.0, axis_y - 1.5, align=LEFT)
        self.play(FadeIn(head), FadeIn(axis), run_time=0.8)
        for key, _name in REAL_ROWS:
            bar = self.bars[key]
            self.play(FadeIn(bar.mode_name), GrowFromEdge(bar.bar, LEFT), FadeIn(bar.said),
                      *([FadeIn(bar.digits)] if bar.digits else []), run_time=0.9)
        self.play(FadeIn(self.split), run_time=0.8)
        self.hold()
