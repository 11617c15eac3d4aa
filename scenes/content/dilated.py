"""Dilated convolution: the same weights, spread apart. The window's colours land with gaps
between them; the receptive field grows, the parameter count does not. One input channel and one
filter are shown (a layer with more is drawn with one of each, its other values unchanged).

    manim -qh scenes/content/dilated.py DilatedConv
"""
from __future__ import annotations

from dataclasses import replace

from manim import DOWN, LEFT, UL, UP, FadeIn, FadeOut, VGroup

from cnncore.variants import receptive_field
from scenes.base import Beat, LectureScene
from scenes.i18n import _
from scenes.visual import palette as P
from scenes.visual.layout import title
from scenes.visual.mobjects import (FilterBank, Replace, InputVolume, OutputVolume, UsageMarks, WindowTint, frame_box,
                                    label, place)
from scenes.visual.words import weights



def field(rows_cols) -> str:
    return f"{rows_cols[0]}×{rows_cols[1]}"


class DilatedConv(LectureScene):
    params_key = "dilated"
    beats = (
        Beat("spread", values=("rows", "cols", "dilation"), marks=("laid",)),
        Beat("gaps", values=("taps", "rows", "cols"), marks=("patch", "same")),
        Beat("slide"),
        Beat("field", values=("plain_rows", "plain_cols", "dilation", "rows", "cols", "weights"),
             marks=("dilated", "both")),
    )

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
        self.beat("spread", rows=t.tap_shape[1], cols=t.tap_shape[2], dilation=d)
        self.title = title(_("Dilated convolution: dilation {d}").format(d=d))
        self.filters = place(FilterBank(t, self.colors, cell_size=0.8, labels=True, title_size=20, show_bias=False),
                             -6.95, -4.3, 3.3, -0.5, align=UL)
        self.input = place(InputVolume(t, cell_size=0.72, title_size=20), -4.0, 2.2, 3.3, -3.85, align=UP)
        self.output = place(OutputVolume(t, cell_size=0.5, title_size=20), 2.6, 6.95, 3.3, 0.4, align=UP)
        self.add(self.title)
        self.play(FadeIn(self.filters), run_time=1.0)
        self.until_mark("laid")
        self.play(FadeIn(self.input), FadeIn(self.output), run_time=1.2)
        self.hold(0.5)

    def window(self, k, i, j) -> VGroup:
        return VGroup(WindowTint(self.input, self.trace.cell(k, i, j), self.colors),
                      frame_box(self.output.cell(k, i, j), buff=0.02))

    def colours_with_gaps(self):
        t = self.trace
        rf = receptive_field(t)
        self.beat("gaps", taps=t.tap_shape[1] * t.tap_shape[2], rows=rf[0], cols=rf[1])
        k, i, j = t.cells()[0]
        self.tint = self.window(k, i, j)
        self.play(FadeIn(self.tint), self.output.reveal(k, i, j), run_time=1.5)
        self.checkpoint("first window")
        self.until_mark("patch")
        patch = frame_box(VGroup(*[self.input.cell(*map(int, pos)) for pos in t.cell(k, i, j).positions]),
                          buff=0.06)
        self.play(FadeIn(patch), run_time=0.5)
        self.until_mark("same")
        frame = frame_box(self.filters, buff=0.02)
        self.play(FadeOut(patch), FadeIn(frame), run_time=0.5)
        self.weights_frame = frame   # goes as the window slides on
        self.hold()

    def slide(self):
        t = self.trace
        self.beat("slide")
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
        self.beat("field", plain_rows=rf1[0], plain_cols=rf1[1], dilation=t.dilation[0], rows=rf[0], cols=rf[1],
                  weights=t.n_weights)
        lines = VGroup()
        self.facts = {}   # "plain" (dilation 1) and "dilated": head, what one output sees, weight count
        for name, tr in (("plain", plain), ("dilated", t)):
            head = label(_("dilation {d}").format(d=tr.dilation[0]), 22, P.TEXT, weight="BOLD")
            sees = label(_("one output sees {field} inputs").format(field=field(receptive_field(tr))), 20, P.TEXT)
            count = label(weights(tr.n_weights), 22, P.HIGHLIGHT, weight="BOLD")
            g = VGroup(head, sees, count).arrange(DOWN, buff=0.1, aligned_edge=LEFT)
            self.facts[name] = g
            lines.add(g)
        lines.arrange(DOWN, buff=0.35, aligned_edge=LEFT)
        place(lines, 2.6, 6.95, 0.1, -3.85, align=UL)
        self.field_box = frame_box(VGroup(*[self.input.cell(*map(int, pos)) for pos in t.cell(0, 0, 0).positions]),
                                   buff=0.0)
        self.plain_box = frame_box(VGroup(*[self.input.cell(*map(int, pos)) for pos in plain.cell(0, 0, 0).positions]),
                                   color=P.TEXT, buff=-0.04)
        for g, color in ((self.facts["plain"], P.TEXT), (self.facts["dilated"], P.HIGHLIGHT)):
            g[0].set_color(color)
        wide = self.facts["dilated"]
        self.play(FadeIn(self.facts["plain"]), FadeIn(self.plain_box), run_time=1.0)
        self.until_mark("dilated")
        self.play(FadeIn(wide), FadeIn(self.field_box), run_time=1.0)
        self.until_mark("both")
        self.point_at(*[g[2] for g in self.facts.values()], buff=0.06, hold=1.5)
        self.hold()
