"""Scene 1: one filter slides over a padded input; the same colours land on it everywhere.

The window steps from position to position by cross-fading (``Sweep(fade=True)``): nothing
slides over the input's numbers, and at the first position each weight takes its colour in place
on the input while its cell on the filter is framed (no tile flies across the numbers).

    manim -qh scenes/content/sliding_filter.py SlidingFilter
"""
from __future__ import annotations

from manim import DOWN, LEFT, RIGHT, UL, UP, FadeIn, LaggedStart, VGroup, Write

from cnncore.sharing import reuse
from scenes.base import Beat, LectureScene
from scenes.i18n import _
from scenes.visual import palette as P
from scenes.visual.mobjects import CellArithmetic, FilterBank, InputVolume, OutputVolume, UsageMarks, label, place
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
        self.sweep = Sweep(self, self.input, self.output, self.colors, filters=self.filters,
                           arithmetic=self._arithmetic, counter_box=COUNTER, fade=True)
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
