"""Scene 2: many channels, no sharing across channels.

An RGB-like input of several channels and one 3-D filter: every channel has its own slice of
the filter, with its own weights and its own colour family. At every position the dot product
runs over all three dimensions: one products grid and partial sum per channel, then the bias,
then one output number. The same filter is used at every position; a different slice for
every channel.

    manim -qh scenes/content/channels.py ManyChannels

The scene follows filter w0 (the [scenes.channels] layer has one filter; if the file gives
more, the other filters' output slices are the next scene's subject).
"""
from __future__ import annotations

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UL, UP, FadeIn, FadeOut, LaggedStart, ReplacementTransform,
                   Transform, TransformFromCopy, VGroup, Write)

from cnncore.sharing import reuse
from scenes.visual import palette as P
from scenes.base import LectureScene
from scenes.visual.mobjects import (CellArithmetic, FilterBank, InputVolume, OutputVolume, UsageMarks,
                            WindowTint, frame_box, label, place, times)


RGB = ("R", "G", "B")

# The frame's regions (x from -7.1 to 7.1, y from -4 to 4).
COLUMNS = (-6.9, 3.0)          # one column per channel: input over filter slice over products
RIGHT_PANEL = (3.45, 6.85)     # the output, the counter, the bias and what to remember
INPUT_ROWS = (3.3, 0.15)
SLICE_ROWS = (-0.05, -1.55)
ARITH_ROWS = (-1.75, -3.05)
SUM_ROWS = (-3.15, -3.85)


def channel_names(n_channels: int) -> tuple[str, ...]:
    """R, G, B for a three-channel input; ch0, ch1 otherwise."""
    return RGB if n_channels == 3 else tuple(f"ch{c}" for c in range(n_channels))


class ManyChannels(LectureScene):
    params_key = "channels"
    chapter = "Many channels: a 3-D filter, no sharing across channels"

    def construct(self):
        self.trace = self.layer.trace()
        self.colors = P.weight_colors(self.trace, family="channel")
        self.names = channel_names(self.trace.tap_shape[0])
        self.cells = [c for c in self.trace.cells() if c[0] == 0]   # the sweep of filter w0
        self.reuse = reuse(self.trace)
        self.lay_out()
        self.first_position()
        self.slide()
        self.sum_up()

    # ---- layout ----------------------------------------------------------------------------
    def lay_out(self):
        t = self.trace
        c_n, fh, fw = t.tap_shape
        h, w = t.in_shape[1:]
        self.beat("An RGB input, a 3-D filter",
                  f"The input has {c_n} channels, like the red, green and blue of an image: {h} by {w} "
                  f"by {c_n}. So the filter is {fh} by {fw} by {c_n}: one slice per channel, each with "
                  "its own weights and its own colours.")
        title = label("Many channels: one 3-D filter, one slice per channel", 28, P.TEXT)
        place(title, -6.9, 6.9, 3.95, 3.45)
        self.input = place(InputVolume(t, cell_size=0.42, direction=RIGHT, buff=0.45, title_size=20),
                           *COLUMNS, *INPUT_ROWS, align=UP)
        self.names_on_input = VGroup()
        for c, grid in enumerate(self.input.grids):
            name = label(self.names[c], 22, P.TEXT, weight="BOLD")
            name.next_to(self.input[c][0], LEFT, buff=0.2)
            self.names_on_input.add(name)
        bank = FilterBank(t, self.colors, cell_size=0.42, direction=RIGHT, title_size=20)
        self.bank = bank
        self.slices = VGroup(*bank.slices[0])
        top, bottom = SLICE_ROWS
        col_w = min(g.width for g in self.input.grids)
        scale = min(1.0, (top - bottom) / max(s.height for s in self.slices), col_w / max(s.width for s in self.slices))
        for c, s in enumerate(self.slices):
            s.scale(scale)
            s.move_to(np.array([self.input.grids[c].get_x(), 0, 0])).align_to(np.array([0, top, 0]), UP)
        self.bias = bank.filters[0][1]
        out = OutputVolume(t, cell_size=0.5, title_size=20)
        self.output = out
        self.out_slice = place(out[0], *RIGHT_PANEL, 3.3, 0.55, align=UP)
        self.counter_box = (RIGHT_PANEL[0], RIGHT_PANEL[1], 0.4, 0.0)
        place(self.bias, *RIGHT_PANEL, -0.25, -0.65, align=UL)
        self.add(title)
        self.play(FadeIn(self.input), FadeIn(self.names_on_input), run_time=1.2)
        self.play(LaggedStart(*[FadeIn(s, shift=DOWN * 0.3) for s in self.slices], lag_ratio=0.3),
                  FadeIn(self.bias), FadeIn(self.out_slice), run_time=1.5)
        self.hold(0.5)

    def _arithmetic(self, cell):
        """Products and partial sum of each channel under its channel; the labelled sum below."""
        arith = CellArithmetic(self.trace, cell, self.colors, cell_size=0.36, font_size=20,
                               direction=RIGHT, names=self.names, head="w{k}[:,:,{c}] × x[:,:,{c}]")
        top, bottom = ARITH_ROWS
        col_w = min(g.width for g in self.input.grids) + 0.35
        scale = min(1.0, (top - bottom) / max(r.height for r in arith.rows), col_w / max(r.width for r in arith.rows))
        for c, row in enumerate(arith.rows):
            row.scale(scale)
            row.move_to(np.array([self.input.grids[c].get_x(), 0, 0])).align_to(np.array([0, top, 0]), UP)
        place(arith.total, *COLUMNS, *SUM_ROWS)
        return arith

    def _counter(self, n: int):
        return place(label(f"position {n + 1} of {len(self.cells)}", 20, P.MUTED), *self.counter_box, align=UL)

    def _focus(self, k, i, j):
        return frame_box(self.output.cell(k, i, j))

    # ---- beats -------------------------------------------------------------------------------
    def first_position(self):
        t = self.trace
        k, i, j = self.cells[0]
        cell = t.cell(k, i, j)
        self.beat("The dot product runs over all channels",
                  "Lay the filter on the top-left corner of every channel at once. Each channel is "
                  "multiplied by its own slice and summed; the channel sums and the bias add up to one "
                  "output number.")
        tint = WindowTint(self.input, cell, self.colors)
        taps = [TransformFromCopy(self.bank.weight_cell(int(w)), tile)
                for w, tile in zip(cell.weight_ids, tint.tiles)]
        run = self.pace.step
        self.play(LaggedStart(*taps, lag_ratio=0.03), run_time=2 * run)
        self.play(FadeIn(tint.outlines), run_time=run / 2)
        self.remove(*tint.tiles, tint.outlines)
        self.add(tint)   # one mobject from now on, replaced as the window moves
        arith = self._arithmetic(cell)
        focus = self._focus(k, i, j)
        counter = self._counter(0)
        self.play(FadeIn(arith.rows), FadeIn(focus), FadeIn(counter), run_time=run)
        self.play(Write(arith.total), run_time=run)
        self.play(TransformFromCopy(arith.result, self.output.number(k, i, j).copy().set_opacity(1)),
                  run_time=run)
        self.output.number(k, i, j).set_opacity(1)
        self.remove(arith.rows, arith.total)
        self.add(arith)   # one mobject from now on (Scene.remove(arith) would leave its parts behind)
        self.shown_at = [self.renderer.num_plays - 1]   # index of the play that shows position n
        self.tint, self.arith, self.focus, self.counter = tint, arith, focus, counter
        self.hold(0.5)

    def slide(self):
        t = self.trace
        s = t.stride[0]
        step = "one cell" if s == 1 else f"{s} cells"
        self.beat("Sliding over every channel",
                  f"Slide the filter {step} at a time, over all {t.tap_shape[0]} channels together. "
                  "At every position each channel meets the same slice: its own colours, nowhere else.")
        message = VGroup(*[label(line, 22, P.HIGHLIGHT) for line in
                           ("the same filter", "at every position,", "a different slice", "for every channel")])
        self.message = place(message.arrange(DOWN, buff=0.14, aligned_edge=LEFT), *RIGHT_PANEL, -0.95, -3.0, align=UL)
        self.play(Write(self.message), run_time=1.5)
        for n in range(1, len(self.cells)):
            k, i, j = self.cells[n]
            run = self.pace.step_time(n)
            cell = t.cell(k, i, j)
            new_tint = WindowTint(self.input, cell, self.colors)
            focus = self._focus(k, i, j)
            arith = self._arithmetic(cell)
            counter = self._counter(n)
            anims = [ReplacementTransform(self.tint, new_tint), Transform(self.focus, focus),
                     ReplacementTransform(self.counter, counter)]
            full = self.pace.in_full(n)
            if full:
                anims.append(ReplacementTransform(self.arith, arith))
            self.play(*anims, run_time=run)
            if not full:   # fast-forwarded: the new arithmetic simply replaces the old
                self.remove(self.arith)
                self.add(arith)
            self.tint, self.counter, self.arith = new_tint, counter, arith
            self.play(self.output.reveal(k, i, j), run_time=run / 2)
            self.shown_at.append(self.renderer.num_plays - 1)
        self.hold()

    def sum_up(self):
        t = self.trace
        r = self.reuse
        self.beat("No sharing across channels",
                  "Mark every input cell with the colours of all the weights that touched it. The same "
                  "filter was used at every position, but each channel only ever met its own slice: "
                  "weights are shared across positions, never across channels.")
        self.play(FadeOut(self.tint), FadeOut(self.arith), FadeOut(self.focus), FadeOut(self.counter),
                  run_time=0.8)
        numbers = VGroup(*[n for g in self.input.grids for n in g.number_group])
        self.marks = UsageMarks(self.input, t, self.colors)
        self.play(numbers.animate.set_opacity(0.12), run_time=0.5)
        # weight by weight, channel by channel: each lights up wherever it was used, in its channel only
        self.play(LaggedStart(*[FadeIn(m) for m in self.marks], lag_ratio=0.1), run_time=2.5)
        uses = times(r.uses_max) if r.uniform else f"{r.uses_min} to {r.uses_max} times"
        lines = [label(f"{r.n_weights} weights, each", 20, P.TEXT), label(f"used {uses}", 20, P.TEXT)]
        counts = VGroup(*lines).arrange(DOWN, buff=0.12, aligned_edge=LEFT)
        self.counts = place(counts, *RIGHT_PANEL, self.message.get_bottom()[1] - 0.3, -3.85, align=UL)
        legend = label("in each cell: one square per weight that touched it", 20, P.MUTED)
        self.legend = place(legend, *COLUMNS, ARITH_ROWS[0], ARITH_ROWS[0] - 0.45, align=UP)
        self.play(FadeIn(legend), run_time=0.6)
        self.play(LaggedStart(*[Write(x) for x in lines], lag_ratio=0.3), run_time=2.5)
        self.hold(2.5)
