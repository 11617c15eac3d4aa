"""Scene 1: one filter slides over a padded input; the same colours land on it everywhere.

The window steps from position to position by cross-fading (``StepSweep``): nothing slides
over the input's numbers, and at the first position each weight takes its colour in place on
the input while its cell on the filter is framed (no tile flies across the numbers).

    manim -qh scenes/content/sliding_filter.py SlidingFilter
"""
from __future__ import annotations

from manim import DOWN, LEFT, RIGHT, UL, UP, AnimationGroup, FadeIn, FadeOut, LaggedStart, Succession, VGroup, Write

from cnncore.sharing import reuse
from scenes.base import Beat, LectureScene
from scenes.i18n import _
from scenes.visual import palette as P
from scenes.visual.mobjects import (CellArithmetic, FilterBank, InputVolume, OutputVolume, Replace, UsageMarks,
                                    frame_box, label, place)
from scenes.visual.sweep import Position, Sweep
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


class StepSweep(Sweep):
    """A ``Sweep`` whose window never slides over a number: from one position to the next the
    old window fades out as the new one fades in (the filter's frame, which does not move,
    stays). ``first_in_detail`` builds position 1 in place: each input cell under the filter
    takes its weight's colour where it is, as the weight's cell on the filter is framed."""

    def visit(self, n: int) -> None:
        old, new = self.current, self.build(n)
        keep = old.filter_frame is not None and new.filter_frame is not None
        if keep:   # one filter: its frame stays where it is
            new = Position(new.n, new.cell, new.window, new.focus, old.filter_frame, new.extras,
                           new.arithmetic, new.counter)
        going = [p for p in old.parts(text=False) if not (keep and p is old.filter_frame)]
        coming = [p for p in new.parts(text=False) if not (keep and p is new.filter_frame)]
        texts = [(a, b) for a, b in ((old.arithmetic, new.arithmetic), (old.counter, new.counter))
                 if a is not None and b is not None]
        scene = self.scene
        self.current = new
        scene.remove(old)
        if keep:
            scene.add(old.filter_frame)
        if self.in_full(n):   # the arithmetic and the counter: old text out, then new text in
            swaps = [Replace(a, b) for a, b in texts]
        else:                 # fast-forwarded: swapped at once
            scene.add(*[b for _, b in texts])
            swaps = []
        scene.add(*going)     # last: only what changes is redrawn in every frame
        scene.play(*[FadeOut(p) for p in going], *[FadeIn(p) for p in coming], *swaps,
                   *self._reveal_with_move(n), run_time=self.run_time(n))
        scene.remove(*going)
        self._settle(new)
        self._reveal_after_move(n)
        self._arrived(n)

    def first_in_detail(self, lag_ratio: float = 0.3) -> None:
        scene, run = self.scene, self.pace.step

        def when(step):
            if scene.has_mark(step):
                scene.until_mark(step)

        pos = self._enter(0)
        w, arith = pos.window, pos.arithmetic
        cell = self.trace.cell(*pos.cell)
        when("taps")
        taps = [AnimationGroup(FadeIn(sq), FadeIn(num), self._flash(self.filters.weight_cell(int(wid))))
                for wid, sq, num in zip(cell.weight_ids, w.squares, w.numbers)]
        scene.play(LaggedStart(*taps, lag_ratio=lag_ratio), run_time=2 * run)
        scene.play(FadeIn(w.outlines), run_time=run / 2)
        shown = [p for p in (pos.focus, pos.filter_frame, *pos.extras, pos.counter) if p is not None]
        when("products")
        scene.play(FadeIn(arith.rows), *[FadeIn(p) for p in shown], run_time=run)
        when("sum")
        scene.play(Write(arith.total), run_time=run)
        when("result")
        box = frame_box(arith.result, buff=0.08)   # the result, then its cell: nothing flies
        scene.play(FadeIn(box), run_time=0.5 * run)
        scene.play(FadeOut(box), self.output.reveal(*pos.cell), run_time=0.5 * run)
        self._settle(pos)
        self._arrived(0)

    @staticmethod
    def _flash(cell):
        """A frame that lights up around a filter cell and goes (it does not move)."""
        box = frame_box(cell, buff=0.04)
        return Succession(FadeIn(box, run_time=0.5), FadeOut(box, run_time=0.5))


class SlidingFilter(LectureScene):
    params_key = "sliding_filter"
    beats = (
        Beat("one-filter", values=("rows", "cols", "padding"), marks=("colours", "padding")),
        Beat("lands", marks=("taps", "products", "sum", "result")),
        Beat("slide", values=("stride", "taps", "positions")),
        Beat("same-colours", values=("colours", "least", "most", "spread")),
    )

    def construct(self):
        self.trace = self.layer.trace()
        self.colors = P.weight_colors(self.trace)
        self.reuse = reuse(self.trace)
        self.lay_out()
        self.first_position()
        self.slide()
        self.sum_up()

    # ---- layout ----------------------------------------------------------------------------
    def lay_out(self):
        t = self.trace
        c, fh, fw = t.tap_shape
        self.beat("one-filter", rows=fh, cols=fw, padding=max(t.padding))
        heading = title(_("One filter slides over the input"))
        self.heading = heading
        self.filters = place(FilterBank(t, self.colors, cell_size=NAME_CELL, labels=True, title_size=22),
                             *FILTER, align=UL)
        self.input = place(InputVolume(t, cell_size=0.65, title_size=22), *INPUT, align=UP)
        self.output = place(OutputVolume(t, cell_size=0.5, title_size=20), *OUTPUT, align=UP)
        self.arith_box = ARITHMETIC
        self.sweep = StepSweep(self, self.input, self.output, self.colors, filters=self.filters,
                               arithmetic=self._arithmetic, counter_box=COUNTER)
        self.add(heading)
        self.play(FadeIn(self.filters), run_time=1)
        self.until_mark("colours")
        self.point_at(self.filters.filters[0], hold=1.5)   # while its colours and names are said
        self.until_mark("padding")
        self.play(FadeIn(self.input), run_time=1)
        self.play(FadeIn(self.output), run_time=0.8)

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

    def sum_up(self):
        t = self.trace
        r = self.reuse
        n_colours = r.n_weights
        uses = how_often(r.uses_min, r.uses_max)
        self.beat("same-colours", colours=n_colours, least=r.uses_min, most=r.uses_max,
                  spread="same" if r.uses_min == r.uses_max else "varied")
        self.play(*self.sweep.clear(), run_time=0.8)
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
