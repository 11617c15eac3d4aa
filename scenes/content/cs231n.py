"""Scene 4: the CS231n convolution demo, rebuilt with a colour for every weight.

    manim -qh scenes/content/cs231n.py CS231nDemo
"""
from __future__ import annotations

from manim import DOWN, LEFT, RIGHT, UP, UL, FadeIn, FadeOut, VGroup, Write

from scenes.base import Beat, LectureScene
from scenes.i18n import _
from scenes.visual import palette as P
from scenes.visual.mobjects import (CellArithmetic, FilterBank, InputVolume, OutputVolume, WindowTint,
                            frame_box, label, place)
from scenes.visual.sweep import Sweep
from scenes.visual.layout import title
from scenes.visual.words import demo_address

class CS231nDemo(LectureScene):
    params_key = "cs231n"
    beats = (
        Beat("volumes", values=("height", "width", "channels", "filters", "rows", "cols", "out_rows", "out_cols"),
             marks=("filters", "output")),
        Beat("sweep", values=("cell",), marks=("sum", "result")),
        Beat("every-position", values=("stride", "filters"), marks=("w1", "w2")),   # w<k>: filter k's sweep starts
        Beat("same-depth", values=("first", "same", "other", "has_same", "has_other")),
    )

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
        self.beat("volumes", height=h, width=w, channels=c, filters=K, rows=t.tap_shape[1], cols=t.tap_shape[2],
                  out_rows=ho, out_cols=wo)
        heading = title(_("Convolution demo: every weight has its own colour"))
        self.input = place(InputVolume(t, direction=RIGHT), -6.9, 2.4, 3.3, 0.1, align=UL)
        self.output = place(OutputVolume(t, direction=RIGHT, cell_size=0.5), 2.8, 6.9, 3.3, 0.6, align=UP)
        self.filters = place(FilterBank(t, self.colors, direction=RIGHT), -6.9, -0.7, -0.1, -3.9, align=UL)
        self.sweep = Sweep(self, self.input, self.output, self.colors, filters=self.filters,
                           arithmetic=self._arithmetic, extras=self._address)
        self.add(heading)
        self.play(FadeIn(self.input), run_time=1.0)
        self.until_mark("filters")
        self.play(FadeIn(self.filters), run_time=1.0)
        self.until_mark("output")
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
        self.beat("sweep", cell=f"o{demo_address(0, 0, 0)}")
        self.sweep.first_in_detail()   # the sum and the result as their marks are said
        # the voice explains the first position before the window moves on
        self.beat("every-position", stride=t.stride[0], filters=K)
        for k in range(K):   # each filter's sweep starts as the voice names its depth slice
            if k:
                self.until_mark(f"w{k}")
            self.sweep.run(stop=self.sweep.per_filter * (k + 1))
        self.hold()

    def same_filter_same_colours(self):
        t = self.trace
        K, ho, wo = t.out_shape
        a = (0, 0, 0)
        same = (0, 1, 0) if ho > 1 else (0, 0, 1) if wo > 1 else None   # same depth slice as a
        other = (1, 0, 0) if K > 1 else None                            # same place, next slice
        name = lambda cell: f"o{demo_address(*cell)}"
        self.beat("same-depth", first=name(a), same=name(same) if same else "", other=name(other) if other else "",
                  has_same="yes" if same else "no", has_other="yes" if other else "no")
        self.play(*self.sweep.clear())
        shown = []
        for cell in (a, same) if same else (a,):
            tint = WindowTint(self.input, t.cell(*cell), self.colors)
            box = frame_box(self.output.cell(*cell))
            shown += [tint, box]
            self.play(FadeIn(tint), FadeIn(box), run_time=self.pace.step)
        lines = []
        if same:
            lines.append(label(_("{first} and {same}: same w0, same colours").format(first=name(a), same=name(same)),
                               24, P.HIGHLIGHT))
        if other:
            lines.append(label(_("{other} uses w1: other weights, other colours").format(other=name(other)),
                               24, P.filter_color(1)))
        if lines:
            place(VGroup(*lines).arrange(DOWN, buff=0.3, aligned_edge=LEFT), -0.4, 6.9, -0.3, -1.6, align=UL)
        if same:
            self.play(Write(lines[0]), run_time=1)
        if other:
            tint1 = WindowTint(self.input, t.cell(*other), self.colors)
            self.play(*[FadeOut(m) for m in shown[::2]], FadeIn(tint1), FadeIn(frame_box(self.output.cell(*other))),
                      Write(lines[-1]), run_time=1.5)
        self.hold(2)
