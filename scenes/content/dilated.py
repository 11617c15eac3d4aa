"""Dilated convolution: the same weights, spread apart. The window's colours land with gaps
between them; the receptive field grows, the parameter count does not. One input channel and one
filter are shown (a layer with more is drawn with one of each, its other values unchanged).

    manim -qh scenes/content/dilated.py DilatedConv
"""
from __future__ import annotations

from dataclasses import replace

from manim import DOWN, LEFT, UL, UP, FadeIn, FadeOut, VGroup

from cnncore.variants import receptive_field
from scenes.base import LectureScene
from scenes.visual import palette as P
from scenes.visual.layout import title
from scenes.visual.mobjects import (FilterBank, Replace, InputVolume, OutputVolume, UsageMarks, WindowTint, frame_box,
                                    label, place)



def field(rows_cols) -> str:
    return f"{rows_cols[0]}×{rows_cols[1]}"


class DilatedConv(LectureScene):
    params_key = "dilated"
    chapter = "Dilated convolution: the same weights, spread apart"

    def construct(self):
        p = self.layer
        if (p.channels, p.filters) != (1, 1):   # one channel and one filter, drawn large enough to show the gaps
            p = replace(p, channels=1, filters=1, groups=1, input=None, weights=None, biases=None)
        self.layer_shown = p
        self.trace = p.trace()
        self.colors = P.weight_colors(self.trace)
        self.plain = replace(p, dilation=1, strict=False).trace()   # the same weights, no gaps
        self.lay_out()
        self.colours_with_gaps()
        self.slide()
        self.field_grows_weights_do_not()

    def lay_out(self):
        t = self.trace
        d = t.dilation[0]
        self.beat("The same weights, spread apart",
                  f"The same {t.tap_shape[1]} by {t.tap_shape[2]} filter as before, with dilation {d}: "
                  f"its weights are laid {d} cells apart on the input.")
        self.title = title(f"Dilated convolution: dilation {d}")
        self.filters = place(FilterBank(t, self.colors, cell_size=0.8, labels=True, title_size=20, show_bias=False),
                             -6.95, -4.3, 3.3, -0.5, align=UL)
        self.input = place(InputVolume(t, cell_size=0.72, title_size=20), -4.0, 2.2, 3.3, -3.85, align=UP)
        self.output = place(OutputVolume(t, cell_size=0.5, title_size=20), 2.6, 6.95, 3.3, 0.4, align=UP)
        self.add(self.title)
        self.play(FadeIn(self.filters), run_time=1.0)
        self.until_said("its weights are laid")
        self.play(FadeIn(self.input), FadeIn(self.output), run_time=1.2)
        self.hold(0.5)

    def window(self, k, i, j) -> VGroup:
        return VGroup(WindowTint(self.input, self.trace.cell(k, i, j), self.colors),
                      frame_box(self.output.cell(k, i, j), buff=0.02))

    def colours_with_gaps(self):
        t = self.trace
        rf = receptive_field(t)
        self.beat("Colours with gaps",
                  f"Lay it on the input: the nine colours land with gaps between them. One output number "
                  f"now sees a {rf[0]} by {rf[1]} patch of the input, through the same "
                  f"{t.tap_shape[1] * t.tap_shape[2]} weights.")
        k, i, j = t.cells()[0]
        self.tint = self.window(k, i, j)
        self.play(FadeIn(self.tint), self.output.reveal(k, i, j), run_time=1.5)
        self.checkpoint("first window")
        self.until_said("One output number")
        patch = frame_box(VGroup(*[self.input.cell(*map(int, pos)) for pos in t.cell(k, i, j).positions]),
                          buff=0.06)
        self.play(FadeIn(patch), run_time=0.5)
        self.until_said("through the same")
        weights = frame_box(self.filters, buff=0.02)
        self.play(FadeOut(patch), FadeIn(weights), run_time=0.5)
        self.weights_frame = weights   # goes as the window slides on
        self.hold()

    def slide(self):
        t = self.trace
        self.beat("The same colours everywhere",
                  "It slides like any convolution: at every position, the same weights with the same gaps.")
        for n, (k, i, j) in enumerate(t.cells()[1:], start=1):
            new = self.window(k, i, j)
            gone = [FadeOut(self.weights_frame)] if self.weights_frame is not None else []
            self.weights_frame = None
            self.play(Replace(self.tint, new), self.output.reveal(k, i, j), *gone, run_time=self.pace.step_time(n))
            self.tint = new
        gone = [FadeOut(self.weights_frame)] if self.weights_frame is not None else []
        self.play(FadeOut(self.tint), *gone, run_time=0.4)
        self.usage = UsageMarks(self.input, t, self.colors)
        numbers = VGroup(*[n for g in self.input.grids for n in g.number_group])
        self.play(numbers.animate.set_opacity(0.12), run_time=0.5)
        self.play(FadeIn(self.usage), run_time=1.0)
        self.hold(0.5)

    def field_grows_weights_do_not(self):
        t, plain = self.trace, self.plain
        rf, rf1 = receptive_field(t), receptive_field(plain)
        self.beat("The field grows, the weights do not",
                  f"Without dilation one output sees {rf1[0]} by {rf1[1]} inputs; with dilation {t.dilation[0]}, "
                  f"{rf[0]} by {rf[1]}. Both use {t.n_weights} weights: the receptive field grows, the "
                  "parameter count does not.")
        lines = VGroup()
        self.facts = {}
        for name, tr in (("dilation 1", plain), (f"dilation {t.dilation[0]}", t)):
            head = label(name, 22, P.TEXT, weight="BOLD")
            sees = label(f"one output sees {field(receptive_field(tr))} inputs", 20, P.TEXT)
            count = label(f"{tr.n_weights} weights", 22, P.HIGHLIGHT, weight="BOLD")
            g = VGroup(head, sees, count).arrange(DOWN, buff=0.1, aligned_edge=LEFT)
            self.facts[name] = g
            lines.add(g)
        lines.arrange(DOWN, buff=0.35, aligned_edge=LEFT)
        place(lines, 2.6, 6.95, 0.1, -3.85, align=UL)
        self.field_box = frame_box(VGroup(*[self.input.cell(*map(int, pos)) for pos in t.cell(0, 0, 0).positions]),
                                   buff=0.0)
        self.plain_box = frame_box(VGroup(*[self.input.cell(*map(int, pos)) for pos in plain.cell(0, 0, 0).positions]),
                                   color=P.TEXT, buff=-0.04)
        for g, color in ((self.facts["dilation 1"], P.TEXT), (self.facts[f"dilation {t.dilation[0]}"], P.HIGHLIGHT)):
            g[0].set_color(color)
        wide = self.facts[f"dilation {t.dilation[0]}"]
        self.play(FadeIn(self.facts["dilation 1"]), FadeIn(self.plain_box), run_time=1.0)
        self.until_said(f"with dilation {t.dilation[0]}")
        self.play(FadeIn(wide), FadeIn(self.field_box), run_time=1.0)
        self.until_said("Both use")
        self.point_at(*[g[2] for g in self.facts.values()], buff=0.06, hold=1.5)
        self.hold()
