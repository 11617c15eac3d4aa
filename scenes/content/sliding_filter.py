"""Scene 1: one filter slides over a padded input; the same colours land on it everywhere.

The window steps from position to position by cross-fading (``Sweep(fade=True)``): nothing
slides over the input's numbers, and at the first position each weight takes its colour in place
on the input while its cell on the filter is framed (no tile flies across the numbers).

    manim -qh scenes/content/sliding_filter.py SlidingFilter
"""
from __future__ import annotations

from manim import DOWN, LEFT, RIGHT, UL, UP, FadeIn, FadeOut, LaggedStart, VGroup, Write

from cnncore.sharing import reuse
from scenes.base import Beat, LectureScene
from scenes.i18n import _, ngettext
from scenes.visual import palette as P
from scenes.visual.mobjects import (CellArithmetic, FilterBank, InputVolume, OutputVolume, UsageMarks, frame_box, label,
                                    place, tile, weight_label)
from scenes.visual.sweep import Sweep
from scenes.visual.layout import BODY, MIN_TEXT, SAFE, title
from scenes.visual.words import how_often, weights


# The frame's regions (left, right, top, bottom), inside the title-safe area, under the title.
L, R, TOP, BOTTOM = SAFE[0], SAFE[1], BODY[2], SAFE[3]
NAME_CELL = MIN_TEXT / 11.5 + 0.02        # a filter cell whose weight name (FilterBank) is >= MIN_TEXT
FILTER = (L, L + 3 * NAME_CELL, TOP, -1.75)
COUNTER = (L, FILTER[1], -2.0, -2.55)
INPUT = (FILTER[1] + 0.25, 2.2, TOP, BOTTOM + 0.55)
RIGHT_COLUMN = (2.45, R)
OUTPUT = (*RIGHT_COLUMN, TOP, 0.1)
ARITHMETIC = (*RIGHT_COLUMN, -0.15, BOTTOM)
ARITH_FONT = 21                           # its channel names (0.7 of it) still >= MIN_TEXT
NAMED_KERNEL = 3                          # the widest kernel whose weights' names fit their cells (>= MIN_TEXT)
INDEX_SIZE = 18                           # a wider kernel's row and column numbers, instead of names in cells


class SlidingFilter(LectureScene):
    params_key = "sliding_filter"
    beats = (
        Beat("one-filter", values=("rows", "cols", "padding"), marks=("colours", "padding")),
        Beat("lands", marks=("taps", "products", "sum", "result")),
        Beat("slide", values=("stride", "taps", "positions")),
        Beat("touch-question", values=("weight",)),            # pause and predict ...
        Beat("touch-answer", values=("weight", "cells")),      # ... and its answer
        Beat("same-colours", values=("colours", "least", "most", "spread")),
    )

    def construct(self):
        self.trace = self.layer.trace()
        self.colors = P.weight_colors(self.trace)
        self.reuse = reuse(self.trace)
        self.lay_out()
        self.first_position()
        self.slide()
        self.which_cells()
        self.sum_up()

    # ---- layout ----------------------------------------------------------------------------
    def lay_out(self):
        t = self.trace
        c, fh, fw = t.tap_shape
        self.beat("one-filter", rows=fh, cols=fw, padding=max(t.padding))
        heading = title(_("One filter slides over the input"))
        self.heading = heading
        self.filters = place(self.filter_bank(), *FILTER, align=UL)
        self.input = place(InputVolume(t, cell_size=0.65, title_size=22), *INPUT, align=UP)
        self.output = place(OutputVolume(t, cell_size=0.5, title_size=20), *OUTPUT, align=UP)
        self.arith_box = ARITHMETIC
        self.sweep = Sweep(self, self.input, self.output, self.colors, filters=self.filters,
                           arithmetic=self._arithmetic, counter_box=COUNTER, fade=True)
        self.add(heading)
        self.play(FadeIn(self.filters), run_time=1)
        self.until_mark("colours")
        self.point_at(self.filters.filters[0], hold=1.5)   # while its colours and names are said
        self.until_mark("padding")
        self.play(FadeIn(self.input), run_time=1)
        self.play(FadeIn(self.output), run_time=0.8)

    def filter_bank(self) -> FilterBank:
        """The filter, each weight named in its cell (``weight_label``); a kernel wider than
        ``NAMED_KERNEL`` (4x4, 5x5), whose names would not fit their cells at ``MIN_TEXT``, gets
        its rows and columns numbered instead (row u on the left, column v on top: the weight
        w0[u,v,c]), ``row_numbers[(k, c)]`` and ``column_numbers[(k, c)]``."""
        t = self.trace
        self.row_numbers, self.column_numbers = {}, {}
        if max(t.tap_shape[1:]) <= NAMED_KERNEL:
            return FilterBank(t, self.colors, cell_size=NAME_CELL, labels=True, title_size=22)
        index_width = label("0", INDEX_SIZE, mono=True).width + 0.15
        cell = (FILTER[1] - FILTER[0] - index_width) / t.tap_shape[2]
        bank = FilterBank(t, self.colors, cell_size=cell, title_size=22)
        for k, f in enumerate(bank.filters):
            slices = f[0]
            for c, piece in enumerate(slices):
                head, grid = piece[0], bank.grids[k][c]
                rows = VGroup(*[label(str(u), INDEX_SIZE, P.MUTED, mono=True).next_to(grid.cell(u, 0), LEFT, buff=0.12)
                                for u in range(grid.rows)])
                cols = VGroup(*[label(str(v), INDEX_SIZE, P.MUTED, mono=True).next_to(grid.cell(0, v), UP, buff=0.08)
                                for v in range(grid.cols)])
                head.next_to(cols, UP, buff=0.1)
                piece.add(rows, cols)
                self.row_numbers[(k, c)], self.column_numbers[(k, c)] = rows, cols
            slices.arrange(DOWN, buff=0.35)
            if len(f) > 1:   # its bias
                f[1].next_to(slices, DOWN, buff=0.25)
        bank.arrange(RIGHT, buff=0.5, aligned_edge=UP)
        return bank

    def _arithmetic(self, cell):
        c_n = self.trace.tap_shape[0]
        names = ["Σ w·x"] if c_n == 1 else [f"Σ ch{c}" for c in range(c_n)]
        arith = CellArithmetic(self.trace, cell, self.colors, cell_size=0.42, font_size=ARITH_FONT,
                               direction=RIGHT, names=names, head=_("weight × input, cell by cell")
                               if c_n == 1 else "w{k}[:,:,{c}] × x[:,:,{c}]")
        return place(arith, *self.arith_box, align=UL)

    # ---- beats -------------------------------------------------------------------------------
    def first_position(self):
        self.beat("lands")
        self.sweep.first_in_detail()   # each step as its mark is said
        self.hold(0.5)

    def slide(self):
        t = self.trace
        cells = t.cells()
        self.beat("slide", stride=t.stride[0], taps=len(t.cell(*cells[0]).weight_ids), positions=len(cells))
        self.sweep.run()
        self.hold()

    def asked_weight(self) -> int:
        """The weight the viewer is asked about: w0[0,1,0] (row 0, column 1 of filter 0's first
        slice; column 0 for a one-column kernel)."""
        t = self.trace
        v = min(1, t.tap_shape[2] - 1)
        return int(((t.weight_keys == (0, 0, 0, v)).all(axis=1)).nonzero()[0][0])

    def which_cells(self):
        """Pause and predict: which input cells does one weight touch? The answer lights exactly
        the input positions the trace records for its uses (``trace.weight_uses``)."""
        t = self.trace
        wid = self.asked_weight_id = self.asked_weight()
        name = weight_label(t, wid)
        self.touched = [tuple(int(x) for x in t.cell(k, i, j).positions[tap]) for k, i, j, tap in t.weight_uses(wid)]
        left, right, top, bottom = self.arith_box
        question = VGroup(label(_("Your turn: which input cells"), 22, P.HIGHLIGHT),
                          label(_("does {weight} touch?").format(weight=name), 22, P.HIGHLIGHT))
        self.question = place(question.arrange(DOWN, buff=0.12, aligned_edge=LEFT), left, right, top, bottom, align=UL)
        below = self.question.get_bottom()[1] - 0.25
        countdown_box = (left, right, below, max(bottom, below - 1.3))

        def ask():
            self.weight_frame = frame_box(self.filters.weight_cell(wid), buff=0.03)
            self.play(*self.sweep.clear(), run_time=0.8)
            self.play(FadeIn(self.weight_frame), FadeIn(self.question), run_time=0.8)

        def reveal():
            color = self.colors[wid]
            self.answer_tiles = {}
            for c, r, s in self.touched:
                target = self.input.cell(c, r, s)
                number = self.input.number(c, r, s).copy().set_fill(P.text_on(color), 1).move_to(target)
                self.answer_tiles[(c, r, s)] = VGroup(tile(target.width, color, P.GRID_LINE, 1.5).move_to(target), number)
            n = len(self.touched)
            self.answer = place(label(ngettext("{n} cell, one per position", "{n} cells, one per position", n).format(n=n),
                                      22, P.TEXT), left, right, below, bottom, align=UL)
            self.play(LaggedStart(*[FadeIn(x) for x in self.answer_tiles.values()], lag_ratio=0.1),
                      FadeIn(self.answer), run_time=1.5)

        self.pause_and_predict(("touch-question", dict(weight=name)),
                               ("touch-answer", dict(weight=name, cells=len(self.touched))),
                               ask=ask, reveal=reveal, countdown_box=countdown_box)
        self.hold(0.5)

    def sum_up(self):
        t = self.trace
        r = self.reuse
        n_colours = r.n_weights
        uses = how_often(r.uses_min, r.uses_max)
        self.beat("same-colours", colours=n_colours, least=r.uses_min, most=r.uses_max,
                  spread="same" if r.uses_min == r.uses_max else "varied")
        self.play(*[FadeOut(x) for x in (*self.answer_tiles.values(), self.answer, self.question, self.weight_frame)],
                  run_time=0.8)
        numbers = VGroup(*[n for g in self.input.grids for n in g.number_group])
        self.usage = UsageMarks(self.input, t, self.colors)
        self.play(numbers.animate.set_opacity(0.12), run_time=0.5)
        self.play(LaggedStart(*[FadeIn(m) for m in self.usage], lag_ratio=0.3), run_time=2.5)   # weight by weight
        n_w = weights(r.n_weights)
        used = (_("{weights}, each used {uses}") if r.uniform else _("{weights}, used {uses}")).format(
            weights=n_w, uses=uses)
        lines = [label(used, 26, P.HIGHLIGHT),
                 label(_("{n} multiplications, but only").format(n=r.total_uses), 22, P.TEXT),
                 label(_("{n} colours on the whole input:").format(n=n_colours), 22, P.TEXT),
                 label(_("every position shares"), 22, P.TEXT),
                 label(_("the same filter"), 22, P.TEXT)]
        # too long for the column: the headline shrinks on its own, the other lines together (one size)
        width = self.arith_box[1] - self.arith_box[0]
        place(lines[0], *self.arith_box)
        fit = min(1.0, *[width / x.width for x in lines[1:]])
        for x in lines[1:]:
            x.scale(fit)
        self.summary = place(VGroup(*lines).arrange(DOWN, buff=0.18, aligned_edge=LEFT),
                             *self.arith_box, align=UL)
        self.summary_lines = list(lines)   # the summary, line by line
        legend = label(_("in each cell: one square per weight that touched it"), 20, P.MUTED)
        place(legend, L, INPUT[1], self.input.get_bottom()[1] - 0.12, BOTTOM, align=UP)
        lines.append(legend)
        self.legend = legend
        self.play(LaggedStart(*[Write(x) for x in lines], lag_ratio=0.4), run_time=2.5)
        self.checkpoint("summary written")
        self.hold(2.5)
