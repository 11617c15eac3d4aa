"""Scene 7: the gradient of a shared weight. One weight's colour lands on the input at every
position it was used; its gradient is one term per use, input x upstream gradient, added up.
A locally connected layer gives the same weight one position, hence one term.

The weight shown is the centre tap of filter 0, input channel 0; the upstream gradient dL/do is
``cnncore.examples.upstream_gradient(trace, seed)`` (small whole numbers from the layer's seed).

    manim -qh scenes/content/gradient.py SharedGradient
"""
from __future__ import annotations

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UP, FadeIn, FadeOut, Square,
                   SurroundingRectangle, VGroup, Write)

from cnncore.examples import untied, upstream_gradient
from cnncore.params import Limit
from scenes.base import Beat, LectureScene
from scenes.i18n import _, ngettext
from scenes.visual import palette as P
from scenes.visual.mobjects import FilterBank, Grid, InputVolume, fmt, frame_box, label, place
from scenes.visual.layout import BODY, title
from scenes.visual.words import signed, times


L, R, T, B = BODY   # every box inside the title-safe area, under the title
INPUT_BOX = (L, -2.6, T, -1.35)
LEGEND_BOX = (L, -2.6, -1.5, -2.9)
FILTER_BOX = (-2.3, 2.95, T, 0.45)
UPSTREAM_BOX = (3.2, R, T, 0.45)
LEDGER_BOX = (-2.3, R, 0.2, -2.9)
NOTE_BOX = (L, R, -3.05, B)
COUNTDOWN_BOX = (L, -2.6, -2.45, B)   # under the legend, while the viewer adds the terms up
DIM = 0.2
CELL = 0.75   # the filter's and the upstream gradient's cells, when their panel has the room


def fit_cell(box, rows: int, cols: int, around: float, beside: float = 0.0) -> float:
    """The cell size at which a grid of ``rows`` x ``cols`` fits ``box`` with ``around`` units of
    text above and below it and ``beside`` units of width next to it (at most ``CELL``): the
    panel then fits without being shrunk, and its words keep their size."""
    left, right, top, bottom = box
    return min(CELL, (top - bottom - around) / rows, (right - left - beside) / cols)


def terms(n: int) -> str:
    """'1 term', '9 terms'."""
    return ngettext("{n} term", "{n} terms", n).format(n=n)


class Term(VGroup):
    """One use of the weight: its contribution (on the sum's line) with ``x × g`` under it,
    the input value in the weight's colour. ``value``, ``x``, ``g`` are the three labels."""

    def __init__(self, use, color: str, first: bool, size: float = 26, **kwargs):
        super().__init__(**kwargs)
        self.use = use
        self.value = label(signed(use.value, first), size, P.TEXT, mono=True)
        self.x = label(fmt(use.input), size * 0.7, color, mono=True, weight="BOLD")
        times = label("×", size * 0.7, P.MUTED, mono=True)
        self.g = label(signed(use.upstream), size * 0.7, P.HIGHLIGHT, mono=True)
        product = VGroup(self.x, times, self.g).arrange(RIGHT, buff=0.05)
        product.next_to(self.value, DOWN, buff=0.1)
        self.product = product
        self.add(self.value, product)


class Ledger(VGroup):
    """The gradient written out: ``dL/dw = t + t + t`` with one line per output row, so term
    (i, j) sits where output (i, j) does; the last line ``= total``.

    ``terms[(i, j)]`` is the Term of the use at output (i, j); ``ops[(i, j)]`` the operator
    written before it (``=`` for the first term, ``+`` otherwise); ``lead`` the gradient's name;
    ``result`` the total's line (``= total``), ``total`` its number.
    """

    def __init__(self, name: str, uses, ho: int, total, color: str, size: float = 26, **kwargs):
        super().__init__(**kwargs)
        self.terms, self.ops = {}, {}
        for n, u in enumerate(uses):
            self.terms[(u.i, u.j)] = Term(u, color, first=n == 0, size=size)
        term_w = max(t.width for t in self.terms.values())
        col_w = term_w + 0.75
        row_h = max(t.height for t in self.terms.values()) + 0.22
        self.lead = label(name, size, P.TEXT, mono=True)
        x_op = self.lead.width + 0.35  # the operator column: '=' on the first line, '+' below
        for n, ((i, j), t) in enumerate(self.terms.items()):
            t.move_to(np.array([x_op + col_w / 2 + j * col_w, -i * row_h, 0]), aligned_edge=UP)
            op = label("=" if n == 0 else "+", size, P.TEXT, mono=True)
            op.move_to(np.array([x_op + j * col_w, t.value.get_y(), 0]))
            self.ops[(i, j)] = op
        first = self.terms[(uses[0].i, uses[0].j)]
        self.lead.move_to(np.array([0, first.value.get_y(), 0]), aligned_edge=LEFT)
        eq = label("=", size, P.TEXT, mono=True)
        eq.move_to(np.array([x_op, -ho * row_h - size / 200, 0]))
        self.total = label(fmt(total), size * 1.15, color, mono=True, weight="BOLD")
        self.total.next_to(eq, RIGHT, buff=0.3)
        self.result = VGroup(eq, self.total)
        self.add(self.lead, *self.terms.values(), *self.ops.values(), self.result)


class SharedGradient(LectureScene):
    params_key = "gradient"
    beats = (
        Beat("one-weight", values=("weight", "uses", "channels", "slice"), marks=("sharing", "uses", "channel")),
        Beat("from-above", values=("upstream",), marks=("loss", "upstream")),
        Beat("term-per-use", values=("weight",)),
        Beat("sum-question", values=("terms", "weight")),   # pause and predict: the answer is "adding-up"
        Beat("adding-up", values=("terms", "weight", "total"), marks=("result", "every")),
        Beat("without-sharing", values=("output", "local", "shared"), marks=("sharing",)),
    )
    limits = (
        Limit("output_size", lambda p: p.output_size, 4,
              "the gradient is written out as one term per output position (at most 4 x 4 = 16 terms)"),
    )

    def construct(self):
        t = self.trace = self.layer.trace()
        self.colors = P.weight_colors(t)
        self.upstream = upstream_gradient(t, self.layer.seed)
        self.gradient = t.weight_gradient(self.upstream)
        fh, fw = t.tap_shape[1:]
        self.weight_id = int(np.flatnonzero((t.weight_keys == (0, 0, fh // 2, fw // 2)).all(axis=1))[0])
        self.uses = self.gradient.contributions(self.weight_id)
        self.color = self.colors[self.weight_id]
        self.lay_out()
        self.one_weight_many_places()
        self.gradient_from_above()
        self.one_term_per_use()
        self.pause_and_predict(("sum-question", dict(terms=len(self.uses), weight=self.wname)),
                               ("adding-up", dict(terms=len(self.uses), weight=self.wname,
                                                  total=fmt(self.gradient.weights[self.weight_id]))),
                               ask=self.ask_for_the_sum, reveal=self.adding_up, countdown_box=COUNTDOWN_BOX)
        self.without_sharing()

    # ---- layout ----------------------------------------------------------------------------
    def lay_out(self):
        t = self.trace
        k, c, u, v = (int(x) for x in t.weight_keys[self.weight_id])
        self.k, self.c = k, c
        self.wname = f"w{k}[{u},{v},{c}]"  # the demo's index order, as in the filter's title
        self.title = title(_("The gradient of one shared weight, {weight}").format(weight=self.wname))
        hp, wp = t.x_padded.shape[1:]
        left, right, top, bottom = INPUT_BOX
        cell = min(0.9, (right - left) / wp, (top - bottom - 0.5) / hp)  # titles keep their size
        volume = InputVolume(t, cell_size=cell, title=_("input x[:,:,{c}]"), title_size=22)
        self.volume = volume
        self.input = place(volume[c], *INPUT_BOX, align=UP)
        legend = VGroup(label(_("each use adds one term:"), 20, P.MUTED),
                        VGroup(label(_("input"), 24, self.color, weight="BOLD"), label("×", 24, P.MUTED),
                               label("dL/do", 24, P.HIGHLIGHT, mono=True)).arrange(RIGHT, buff=0.15))
        place(legend.arrange(DOWN, buff=0.12, aligned_edge=LEFT), *LEGEND_BOX, align=LEFT + UP)
        self.legend = legend.next_to(self.input, DOWN, buff=0.35, aligned_edge=LEFT)
        name = label(f"{self.wname} = {fmt(t.weight_values[self.weight_id])}", 24, self.color, mono=True,
                     weight="BOLD")
        n = len(self.uses)
        self.use_count = label(_("used {times}").format(times=times(n)), 20, P.MUTED)
        under = VGroup(name, self.use_count).arrange(RIGHT, buff=0.3, aligned_edge=DOWN)
        head = label(f"w{k}[:,:,{c}]", 22, mono=True)   # as FilterBank titles the slice
        fh, fw = t.tap_shape[1:]
        cell = fit_cell(FILTER_BOX, fh, fw, head.height + 0.12 + 0.2 + under.height + 0.02)
        bank = FilterBank(t, self.colors, cell_size=cell, show_bias=False, title_size=22)
        self.filter = bank.slices[k][c]
        self.filter_grid = bank.grids[k][c]
        self.weight_cell = bank.weight_cell(self.weight_id)
        under.next_to(self.filter, DOWN, buff=0.2)
        self.weight_name = name
        self.filter_panel = place(VGroup(self.filter, under), *FILTER_BOX, align=UP)
        self.weight_frame = frame_box(self.weight_cell, buff=0.03)
        head = label(f"dL/do[:,:,{k}]", 22, P.filter_color(k), mono=True)
        note = label(_("upstream gradient"), 20, P.MUTED)
        ho, wo = self.upstream[k].shape
        up = Grid(self.upstream[k], cell_size=fit_cell(UPSTREAM_BOX, ho, wo, head.height + 0.12 + 0.15 + note.height
                                                      + 0.02))
        head.next_to(up, UP, buff=0.12)
        note.next_to(up, DOWN, buff=0.15)
        self.up_grid = up
        self.up_panel = place(VGroup(head, up, note), *UPSTREAM_BOX, align=UP)
        ho = t.out_shape[1]
        self.ledger = place(Ledger(f"dL/d{self.wname}", self.uses, ho, self.gradient.weights[self.weight_id],
                                   self.color), *LEDGER_BOX, align=LEFT + UP)

    def tile(self, use) -> VGroup:
        """The weight's colour on the input cell this use multiplied, its value on top."""
        c, r, s = use.position
        target = self.volume.cell(c, r, s)
        sq = Square(target.width, stroke_color=P.GRID_LINE, stroke_width=1.5, fill_color=self.color,
                    fill_opacity=1).move_to(target)
        num = self.volume.grids[c].numbers[r][s].copy().set_color(P.text_on(self.color)).set_opacity(1)
        tile = VGroup(sq, num)
        tile.square = sq
        return tile

    def window(self, use) -> VGroup:
        """The outline of the window (in the weight's channel) at this use's output cell."""
        cell = self.trace.cell(use.k, use.i, use.j)
        cells = [self.volume.cell(int(c), int(r), int(s)) for c, r, s in cell.positions if c == self.c]
        return SurroundingRectangle(VGroup(*cells), color=P.HIGHLIGHT, buff=0.0, stroke_width=4)

    # ---- beats -------------------------------------------------------------------------------
    def one_weight_many_places(self):
        self.beat("one-weight", weight=self.wname, uses=len(self.uses), channels=self.trace.in_shape[0],
                  slice=f"x[:,:,{self.c}]")
        self.checkpoint("one weight")
        self.add(self.title)
        self.play(FadeIn(self.filter_panel), run_time=1)
        g = self.filter_grid
        others = [(g.cells[u][v], g.numbers[u][v]) for u in range(g.rows) for v in range(g.cols)
                  if g.cells[u][v] is not self.weight_cell]
        self.play(*[sq.animate.set_fill(opacity=DIM) for sq, _num in others],
                  *[num.animate.set_opacity(0.35) for _sq, num in others], FadeIn(self.weight_frame),
                  run_time=0.8)
        self.until_mark("sharing")
        self.play(FadeIn(self.input), run_time=1)
        self.until_mark("uses")
        self.point_at(self.use_count, hold=0.5)
        if self.trace.in_shape[0] > 1:
            self.until_mark("channel")
            self.point_at(self.input)

    def gradient_from_above(self):
        k = self.k
        self.beat("from-above", upstream=f"dL/do[:,:,{k}]")
        self.checkpoint("upstream")
        self.until_mark("loss")
        self.play(FadeIn(self.up_panel), run_time=1)
        self.until_mark("upstream")
        self.point_at(self.up_grid)

    def one_term_per_use(self):
        self.beat("term-per-use", weight=self.wname)
        self.checkpoint("sweep")
        self.tiles = {}
        led = self.ledger
        self.play(FadeIn(led.lead), FadeIn(self.legend), run_time=0.5)
        marks = None
        self.terms_shown = []
        for n, use in enumerate(self.uses):
            tile = self.tile(use)
            self.tiles[(use.i, use.j)] = tile
            term = led.terms[(use.i, use.j)]
            new = VGroup(self.window(use), frame_box(self.up_grid.cell(use.i, use.j), buff=0.02))
            move = [FadeIn(new)] if marks is None else [FadeOut(marks), FadeIn(new)]  # cross-fades:
            self.play(*move, FadeIn(tile), FadeIn(term), FadeIn(led.ops[(use.i, use.j)]),  # nothing slides over a number
                      run_time=self.pace.step_time(n))
            marks = new
            self.bring_to_front(marks)  # the outline stays above the tiles lit before it
            self.terms_shown.append((use.i, use.j))
            self.checkpoint(f"after use {n + 1}")
        self.hold(0.5)
        self.play(FadeOut(marks), run_time=0.5)

    def ask_for_the_sum(self):
        """The question: the sum's line written with '?' where the total will be, and the
        question in words under the ledger."""
        led = self.ledger
        eq, total = led.result
        self.unknown = label("?", total.size, P.HIGHLIGHT, mono=True, weight="BOLD").move_to(total, aligned_edge=LEFT)
        self.question = place(label(_("Your turn: add up the terms. What is {gradient}?").format(
            gradient=f"dL/d{self.wname}"), 22, P.HIGHLIGHT), LEDGER_BOX[0], R, NOTE_BOX[2], B, align=LEFT)
        self.play(Write(eq), FadeIn(self.unknown), FadeIn(self.question), run_time=1)

    def adding_up(self):
        """The answer (beat "adding-up"): the total, dL/dw from ``trace.weight_gradient``."""
        self.checkpoint("sum")
        self.play(FadeOut(self.unknown), FadeOut(self.question), run_time=0.4)
        self.play(Write(self.ledger.total), run_time=0.8)
        self.until_mark("result")
        self.result_frame = frame_box(self.ledger.total, self.color, buff=0.08)
        self.play(FadeIn(self.result_frame), run_time=0.5)
        self.until_mark("every")
        self.point_at(*[t.square for t in self.tiles.values()], buff=0.02)   # every use

    def without_sharing(self):
        t = self.trace
        local = self.local = untied(t)
        self.local_gradient = local.weight_gradient(self.upstream)
        k, i, j, tap = (int(x) for x in t.weight_uses(self.weight_id)[0])
        self.local_id = int(local.weight_ids[k, i, j, tap])
        self.local_uses = self.local_gradient.contributions(self.local_id)
        only = {(u.i, u.j) for u in self.local_uses}
        n_local, n_shared = len(self.local_uses), len(self.uses)
        self.beat("without-sharing", output=f"({i}, {j})", local=n_local, shared=n_shared)
        self.checkpoint("local")
        value = self.local_gradient.weights[self.local_id]
        self.note = place(label(_("Locally connected: the copy at output {output} is used once, {terms}:"
                                  " dL/dw = {value}").format(output=f"({i},{j})", terms=terms(n_local),
                                                             value=fmt(value)), 22, P.TEXT), *NOTE_BOX)
        led = self.ledger
        others = [(self.tiles[key], led.terms[key], led.ops[key]) for key in led.terms if key not in only]
        dim = []
        for tile, term, op in others:
            dim += [tile.square.animate.set_fill(opacity=DIM), tile[1].animate.set_opacity(0.3),
                    term.animate.set_opacity(0.25), op.animate.set_opacity(0.25)]
        dim += [led.result.animate.set_opacity(0.25), self.result_frame.animate.set_stroke(opacity=0.25)]
        self.play(*dim, FadeIn(self.note), run_time=1)
        self.checkpoint("copy dimmed")
        self.until_mark("sharing")
        self.checkpoint("compare")
        summary = place(label(_("Shared: {terms}, {gradient} = {total}.   Locally connected: {local} per copy.").format(
            terms=terms(n_shared), gradient=f"dL/d{self.wname}", total=fmt(self.gradient.weights[self.weight_id]),
            local=terms(n_local)), 22, P.TEXT), *NOTE_BOX)
        undim = []
        for tile, term, op in others:
            undim += [tile.square.animate.set_fill(opacity=1), tile[1].animate.set_opacity(1),
                      term.animate.set_opacity(1), op.animate.set_opacity(1)]
        undim += [led.result.animate.set_opacity(1), self.result_frame.animate.set_stroke(opacity=1)]
        self.play(*undim, FadeOut(self.note), FadeIn(summary), run_time=1)   # text fades, never morphs
        self.note = summary
        self.hold()
