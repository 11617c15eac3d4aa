"""Scene 1: one filter slides over a padded input; the same colours land on it everywhere.

    manim -qh scenes/content/sliding_filter.py SlidingFilter
"""
from __future__ import annotations

from manim import DOWN, LEFT, RIGHT, UL, UP, FadeIn, LaggedStart, VGroup, Write

from cnncore.sharing import reuse
from scenes.visual import palette as P
from scenes.base import LectureScene
from scenes.visual.mobjects import CellArithmetic, FilterBank, InputVolume, OutputVolume, UsageMarks, label, place
from scenes.visual.sweep import Sweep
from scenes.visual.layout import title
from scenes.visual.words import how_often, weights


class SlidingFilter(LectureScene):
    params_key = "sliding_filter"
    chapter = "One filter, the same nine colours everywhere"

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
        self.beat("One filter, its own colours",
                  f"Here is a filter of {fh} by {fw} weights. Every weight has its own colour and its "
                  f"own name. The input is padded with a border of zeros.")
        heading = title("One filter slides over the input")
        self.filters = place(FilterBank(t, self.colors, cell_size=0.9, labels=True, title_size=22),
                             -6.9, -4.05, 3.3, -1.2, align=UL)
        self.input = place(InputVolume(t, cell_size=0.8, title_size=22), -3.75, 2.05, 3.3, -3.85, align=UP)
        self.output = place(OutputVolume(t, cell_size=0.5, title_size=20), 2.45, 6.9, 3.3, 0.2, align=UP)
        self.arith_box = (2.45, 6.9, 0.0, -3.85)
        self.sweep = Sweep(self, self.input, self.output, self.colors, filters=self.filters,
                           arithmetic=self._arithmetic, counter_box=(-6.9, -4.05, -1.5, -2.2))
        self.add(heading)
        self.play(FadeIn(self.filters), run_time=1)
        self.until_said("Every weight has its own colour")
        self.point_at(self.filters.filters[0], hold=1.5)   # while its colours and names are said
        self.until_said("The input is padded")
        self.play(FadeIn(self.input), run_time=1)
        self.play(FadeIn(self.output), run_time=0.8)

    def _arithmetic(self, cell):
        c_n = self.trace.tap_shape[0]
        names = ["Σ w·x"] if c_n == 1 else [f"Σ ch{c}" for c in range(c_n)]
        arith = CellArithmetic(self.trace, cell, self.colors, cell_size=0.42, font_size=20,
                               direction=RIGHT, names=names, head="weight × input, cell by cell"
                               if c_n == 1 else "w{k}[:,:,{c}] × x[:,:,{c}]")
        return place(arith, *self.arith_box, align=UL)

    # ---- beats -------------------------------------------------------------------------------
    def first_position(self):
        self.beat("The filter lands on the input",
                  "Lay the filter on the top-left corner. Each input cell under it takes the colour of "
                  "the weight it is multiplied by. Multiply, add up, add the bias: one output number.")
        self.sweep.first_in_detail(lag_ratio=0.08, said={"taps": "Each input cell under it",
                                                         "products": "Multiply, add up",
                                                         "sum": "add up, add the bias",
                                                         "result": "one output number"})
        self.hold(0.5)

    def slide(self):
        t = self.trace
        s = t.stride[0]
        step = "one cell" if s == 1 else f"{s} cells"
        cells = t.cells()
        self.beat("Sliding", f"Slide the filter {step} at a time. At every position the same "
                  f"{len(t.cell(*cells[0]).weight_ids)} colours land on the input, and one more output "
                  f"number appears: {len(cells)} positions, {len(cells)} output numbers, one filter.")
        self.sweep.run()
        self.hold()

    def sum_up(self):
        t = self.trace
        r = self.reuse
        n_colours = r.n_weights
        uses = how_often(r.uses_min, r.uses_max)
        self.beat("The same colours everywhere",
                  f"Now mark every input cell with the colours of all the weights that touched it: "
                  f"only {n_colours} colours, reused all over the input. Each weight was used {uses}. "
                  "That is weight sharing.")
        self.play(*self.sweep.clear(), run_time=0.8)
        numbers = VGroup(*[n for g in self.input.grids for n in g.number_group])
        self.usage = UsageMarks(self.input, t, self.colors)
        self.play(numbers.animate.set_opacity(0.12), run_time=0.5)
        self.play(LaggedStart(*[FadeIn(m) for m in self.usage], lag_ratio=0.3), run_time=2.5)   # weight by weight
        n_w = weights(r.n_weights)
        each = "each used" if r.uniform else "used"
        lines = [label(f"{n_w}, {each} {uses}", 26, P.HIGHLIGHT),
                 label(f"{r.total_uses} multiplications, but only", 22, P.TEXT),
                 label(f"{n_colours} colours on the whole input:", 22, P.TEXT),
                 label("every position shares", 22, P.TEXT),
                 label("the same filter", 22, P.TEXT)]
        self.summary = place(VGroup(*lines).arrange(DOWN, buff=0.18, aligned_edge=LEFT),
                             *self.arith_box, align=UL)
        self.summary_lines = list(lines)   # the summary, line by line
        legend = label("in each cell: one square per weight that touched it", 20, P.MUTED)
        place(legend, -3.75, 2.05, self.input.get_bottom()[1] - 0.12, -3.95, align=UP)
        lines.append(legend)
        self.legend = legend
        self.play(LaggedStart(*[Write(x) for x in lines], lag_ratio=0.4), run_time=2.5)
        self.checkpoint("summary written")
        self.hold(2.5)
