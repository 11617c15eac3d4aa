"""Scene 4: the CS231n convolution demo, rebuilt with a colour for every weight.

    manim -qh scenes/content/cs231n.py CS231nDemo
"""
from __future__ import annotations

from manim import DOWN, LEFT, RIGHT, UP, UL, FadeIn, FadeOut, VGroup, Write

from scenes.visual import palette as P
from scenes.base import LectureScene
from scenes.visual.mobjects import (CellArithmetic, FilterBank, InputVolume, OutputVolume, WindowTint,
                            frame_box, label, place)
from scenes.visual.sweep import Sweep
from scenes.visual.layout import title
from scenes.visual.words import demo_address

class CS231nDemo(LectureScene):
    params_key = "cs231n"
    chapter = "The CS231n demo, rebuilt"

    def construct(self):
        self.trace = self.layer.trace()
        self.colors = P.weight_colors(self.trace)
        self.lay_out_volumes()
        self.sweep_every_output()
        self.same_filter_same_colours()

    # ---- beats ---------------------------------------------------------------------------
    def lay_out_volumes(self):
        t = self.trace
        c, h, w = t.in_shape
        K, ho, wo = t.out_shape
        self.beat("The demo's volumes",
                  f"An input of {h} by {w} by {c}, {K} filters of {t.tap_shape[1]} by "
                  f"{t.tap_shape[2]} by {c}, and an output of {ho} by {wo} by {K}.")
        heading = title("Convolution demo: every weight has its own colour")
        self.input = place(InputVolume(t, direction=RIGHT), -6.9, 2.4, 3.3, 0.1, align=UL)
        self.output = place(OutputVolume(t, direction=RIGHT, cell_size=0.5), 2.8, 6.9, 3.3, 0.6, align=UP)
        self.filters = place(FilterBank(t, self.colors, direction=RIGHT), -6.9, -0.7, -0.1, -3.9, align=UL)
        self.sweep = Sweep(self, self.input, self.output, self.colors, filters=self.filters,
                           arithmetic=self._arithmetic, extras=self._address)
        self.add(heading)
        self.play(FadeIn(self.input), run_time=1.0)
        self.until_said(f"{K} filters")
        self.play(FadeIn(self.filters), run_time=1.0)
        self.until_said("and an output")
        self.play(FadeIn(self.output), run_time=1.0)

    def _arithmetic(self, cell):
        return place(CellArithmetic(self.trace, cell, self.colors), -0.4, 6.9, -0.1, -3.9, align=UL)

    def _address(self, sweep, n):
        """The output cell's address in the demo's notation, under the output volume."""
        addr = label(f"o{demo_address(*sweep.cells[n])}", 22, P.HIGHLIGHT, mono=True)
        return [addr.next_to(self.output, DOWN, buff=0.2)]

    def sweep_every_output(self):
        t = self.trace
        K = t.out_shape[0]
        step = "one cell" if t.stride[0] == 1 else f"{t.stride[0]} cells"
        self.beat("Sweeping the filters",
                  "Each output number is the filter's dot product with the window, plus the bias: "
                  f"here the first window of w0 gives o{demo_address(0, 0, 0)}.")
        self.sweep.first_in_detail(said={"sum": "plus the bias", "result": "here the first window"})
        self.beat("Every position",   # the voice explains the first position before the window moves on
                  f"The window moves {step} at a time, and the same colours land on the input at every "
                  f"position. {' '.join(f'w{f} fills depth slice {f} of the output.' for f in range(K))}")
        for k in range(K):   # each filter's sweep starts as the voice names its depth slice
            if k:
                self.until_said(f"w{k} fills")
            self.sweep.run(stop=self.sweep.per_filter * (k + 1))
        self.hold()

    def same_filter_same_colours(self):
        t = self.trace
        K, ho, wo = t.out_shape
        a = (0, 0, 0)
        same = (0, 1, 0) if ho > 1 else (0, 0, 1) if wo > 1 else None   # same depth slice as a
        other = (1, 0, 0) if K > 1 else None                            # same place, next slice
        name = lambda cell: f"o{demo_address(*cell)}"
        said = []
        if same:
            said.append(f"{name(a)} and {name(same)} sit in the same depth slice: the same w0, the same colours.")
        if other:
            said.append(f"{name(other)} uses w1, a different filter.")
        self.beat("Same depth, same filter", " ".join(said) or None)
        self.play(*self.sweep.clear())
        shown = []
        for cell in (a, same) if same else (a,):
            tint = WindowTint(self.input, t.cell(*cell), self.colors)
            box = frame_box(self.output.cell(*cell))
            shown += [tint, box]
            self.play(FadeIn(tint), FadeIn(box), run_time=self.pace.step)
        lines = []
        if same:
            lines.append(label(f"{name(a)} and {name(same)}: same w0, same colours", 24, P.HIGHLIGHT))
        if other:
            lines.append(label(f"{name(other)} uses w1: other weights, other colours", 24, P.filter_color(1)))
        if lines:
            place(VGroup(*lines).arrange(DOWN, buff=0.3, aligned_edge=LEFT), -0.4, 6.9, -0.3, -1.6, align=UL)
        if same:
            self.play(Write(lines[0]), run_time=1)
        if other:
            tint1 = WindowTint(self.input, t.cell(*other), self.colors)
            self.play(*[FadeOut(m) for m in shown[::2]], FadeIn(tint1), FadeIn(frame_box(self.output.cell(*other))),
                      Write(lines[-1]), run_time=1.5)
        self.hold(2)
