"""Scene 1: one filter slides over a padded input; the same colours land on it everywhere.

    manim -qh scenes/content/sliding_filter.py SlidingFilter
"""
from __future__ import annotations

from manim import (DOWN, LEFT, RIGHT, UL, UP, FadeIn, FadeOut, LaggedStart, ReplacementTransform,
                   Transform, TransformFromCopy, VGroup, Write)

from cnncore.sharing import reuse
from scenes.visual import palette as P
from scenes.base import LectureScene
from scenes.visual.mobjects import (CellArithmetic, FilterBank, InputVolume, OutputVolume, UsageMarks,
                            WindowTint, frame_box, label, place, times)



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
        title = label("One filter slides over the input", 28, P.TEXT)
        place(title, -6.9, 6.9, 3.95, 3.45)
        self.filters = place(FilterBank(t, self.colors, cell_size=0.9, labels=True, title_size=22),
                             -6.9, -4.05, 3.3, -1.2, align=UL)
        self.input = place(InputVolume(t, cell_size=0.8, title_size=22), -3.75, 2.05, 3.3, -3.85, align=UP)
        self.output = place(OutputVolume(t, cell_size=0.5, title_size=20), 2.45, 6.9, 3.3, 0.2, align=UP)
        self.arith_box = (2.45, 6.9, 0.0, -3.85)
        self.counter_box = (-6.9, -4.05, -1.5, -2.2)
        self.add(title)
        self.play(FadeIn(self.input), FadeIn(self.filters), FadeIn(self.output), run_time=1.5)
        self.hold(0.5)

    def _arithmetic(self, cell):
        c_n = self.trace.tap_shape[0]
        names = ["Σ w·x"] if c_n == 1 else [f"Σ ch{c}" for c in range(c_n)]
        arith = CellArithmetic(self.trace, cell, self.colors, cell_size=0.42, font_size=20,
                               direction=RIGHT, names=names, head="weight × input, cell by cell"
                               if c_n == 1 else "w{k}[:,:,{c}] × x[:,:,{c}]")
        return place(arith, *self.arith_box, align=UL)

    def _counter(self, n: int):
        total = len(self.trace.cells())
        return place(label(f"position {n + 1} of {total}", 20, P.MUTED), *self.counter_box, align=UL)

    def _marks(self, k, i, j):
        focus = frame_box(self.output.cell(k, i, j))
        filt = frame_box(self.filters.filters[k], P.filter_color(k), buff=0.08)
        return focus, filt

    # ---- beats -------------------------------------------------------------------------------
    def first_position(self):
        t = self.trace
        k, i, j = t.cells()[0]
        cell = t.cell(k, i, j)
        self.beat("The filter lands on the input",
                  "Lay the filter on the top-left corner. Each input cell under it takes the colour of "
                  "the weight it is multiplied by. Multiply, add up, add the bias: one output number.")
        tint = WindowTint(self.input, cell, self.colors)
        taps = [TransformFromCopy(self.filters.weight_cell(int(w)), tile)
                for w, tile in zip(cell.weight_ids, tint.tiles)]
        run = self.pace.step
        self.play(LaggedStart(*taps, lag_ratio=0.08), run_time=2 * run)
        self.play(FadeIn(tint.outlines), run_time=run / 2)
        arith = self._arithmetic(cell)
        focus, filt = self._marks(k, i, j)
        counter = self._counter(0)
        self.play(FadeIn(arith.rows), FadeIn(focus), FadeIn(filt), FadeIn(counter), run_time=run)
        self.play(Write(arith.total), run_time=run)
        self.play(TransformFromCopy(arith.result, self.output.number(k, i, j).copy().set_opacity(1)),
                  run_time=run)
        self.output.number(k, i, j).set_opacity(1)
        # FadeIn/Write added the parts one by one: make them one mobject again, so that the next
        # position replaces (or removes) all of it
        self.remove(arith.rows, arith.total, *tint.tiles, tint.outlines)
        self.add(tint, arith)
        self.tint, self.arith, self.focus, self.filt, self.counter = tint, arith, focus, filt, counter
        self.hold(0.5)

    def slide(self):
        t = self.trace
        ho, wo = t.out_shape[1:]
        s = t.stride[0]
        step = "one cell" if s == 1 else f"{s} cells"
        cells = t.cells()
        self.beat("Sliding", f"Slide the filter {step} at a time. At every position the same "
                  f"{len(t.cell(*cells[0]).weight_ids)} colours land on the input, and one more output "
                  f"number appears: {len(cells)} positions, {len(cells)} output numbers, one filter.")
        for n in range(1, len(cells)):
            k, i, j = cells[n]
            index = n % (ho * wo)   # position within this filter's sweep
            run = self.pace.step_time(index)
            cell = t.cell(k, i, j)
            new_tint = WindowTint(self.input, cell, self.colors)
            focus, filt = self._marks(k, i, j)
            arith = self._arithmetic(cell)
            counter = self._counter(n)
            # ReplacementTransform: what is on screen afterwards is the new window itself, so its
            # numbers' labels say what they show
            anims = [ReplacementTransform(self.tint, new_tint), Transform(self.focus, focus),
                     Transform(self.filt, filt)]
            self.tint = new_tint
            self.remove(self.counter)
            self.add(counter)
            self.counter = counter
            if self.pace.in_full(index):
                anims.append(ReplacementTransform(self.arith, arith))
            else:
                self.remove(self.arith)
                self.add(arith)
            self.arith = arith
            self.play(*anims, run_time=run)
            self.play(self.output.reveal(k, i, j), run_time=run / 2)
        self.hold()

    def sum_up(self):
        t = self.trace
        r = self.reuse
        n_colours = r.n_weights
        uses = times(r.uses_max) if r.uniform else f"{r.uses_min} to {r.uses_max} times"
        self.beat("The same colours everywhere",
                  f"Now mark every input cell with the colours of all the weights that touched it: "
                  f"only {n_colours} colours, reused all over the input. Each weight was used {uses}. "
                  "That is weight sharing.")
        self.play(FadeOut(self.tint), FadeOut(self.arith), FadeOut(self.focus), FadeOut(self.filt),
                  FadeOut(self.counter), run_time=0.8)
        numbers = VGroup(*[n for g in self.input.grids for n in g.number_group])
        self.marks = UsageMarks(self.input, t, self.colors)
        self.play(numbers.animate.set_opacity(0.12), run_time=0.5)
        self.play(LaggedStart(*[FadeIn(m) for m in self.marks], lag_ratio=0.3), run_time=2.5)   # weight by weight
        n_w = f"{r.n_weights} weight" + ("" if r.n_weights == 1 else "s")
        each = "each used" if r.uniform else "used"
        lines = [label(f"{n_w}, {each} {uses}", 26, P.HIGHLIGHT),
                 label(f"{r.total_uses} multiplications, but only", 22, P.TEXT),
                 label(f"{n_colours} colours on the whole input:", 22, P.TEXT),
                 label("every position shares", 22, P.TEXT),
                 label("the same filter", 22, P.TEXT)]
        self.summary = place(VGroup(*lines).arrange(DOWN, buff=0.18, aligned_edge=LEFT),
                             *self.arith_box, align=UL)
        legend = label("in each cell: one square per weight that touched it", 20, P.MUTED)
        place(legend, -3.75, 2.05, self.input.get_bottom()[1] - 0.12, -3.95, align=UP)
        lines.append(legend)
        self.play(LaggedStart(*[Write(x) for x in lines], lag_ratio=0.4), run_time=2.5)
        self.hold(2.5)
