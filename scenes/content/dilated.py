"""Dilated convolution: the same weights, spread apart. The window's colours land with gaps
between them; the receptive field grows, the parameter count does not. One input channel and one
filter are shown (a layer with more is drawn with one of each: channel 0 and w0's channel-0 slice,
the running layer's values at their identities).

Layout inside the title-safe area, under the title box: the filter (each weight's name under its
value while the names can be read, i.e. up to 3x3), the input, the output over the facts.
Nothing slides over a number: the window cross-fades from one position to the next
(``Sweep(fade=True)``), and the fast positions fit what is left of the narration (grouped,
``run(group=True)``, when even the shortest step would not).

    manim -qh scenes/content/dilated.py DilatedConv
"""
from __future__ import annotations

from dataclasses import replace

from manim import DOWN, LEFT, UL, UP, FadeIn, FadeOut, VGroup

from cnncore.variants import receptive_field
from scenes.base import Beat, LectureScene
from scenes.i18n import _
from scenes.visual import palette as P
from scenes.visual.layout import BODY, MIN_TEXT, SAFE, title
from scenes.visual.mobjects import FilterBank, InputVolume, OutputVolume, UsageMarks, frame_box, label, place
from scenes.visual.sweep import Sweep
from scenes.visual.words import weights

# The frame's regions, inside the title-safe area: (left, right, top, bottom).
L, R, TOP, BOTTOM = SAFE[0] + 0.05, SAFE[1] - 0.05, BODY[2], SAFE[3] + 0.05   # frames drawn round the edges too
FILTER_WIDTH = 3.75     # the filter's grid, at most: a 3x3 filter's cells 1.25, its weight names 14.4 pt
RIGHT_WIDTH = 3.9       # the output and the facts ("one output sees 5×5 inputs" at 20 pt is 3.83)
GAP = 0.45              # between the columns
INPUT_CELL = 0.72       # the input's cells, at most
NAME_SIZE_PER_CELL = 11.5   # FilterBank(labels=True) writes a weight's name at cell_size x 11.5
FACTS_HEIGHT = 2.4      # the facts under the output: two groups of three lines
CLOSING = 1.9           # seconds the slide beat keeps after the sweep (window out, numbers dimmed, marks in)


def field(rows_cols) -> str:
    return f"{rows_cols[0]}×{rows_cols[1]}"


class DilatedConv(LectureScene):
    params_key = "dilated"
    # dilation 1 (a file whose [layer] has none, without a [scenes.dilated] table): the words say
    # there are no gaps and the field does not grow (the beats select on $dilation)
    beats = (
        Beat("spread", values=("rows", "cols", "dilation"), marks=("laid",)),
        Beat("gaps", values=("taps", "rows", "cols", "dilation"), marks=("patch", "same")),
        Beat("slide", values=("dilation",)),
        Beat("field", values=("plain_rows", "plain_cols", "dilation", "rows", "cols", "weights"),
             marks=("dilated", "both")),
    )

    def construct(self):
        p = self.layer
        if (p.channels, p.filters) != (1, 1):   # one channel and one filter, drawn large enough to show the gaps
            p = replace(p, channels=1, filters=1, groups=1)   # values at identities: x[0], w0[0], b0
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
        k = t.tap_shape[1]
        cell = FILTER_WIDTH / max(k, 3)
        named = cell * NAME_SIZE_PER_CELL >= MIN_TEXT   # weight names only where a viewer can read them
        self.filters = place(FilterBank(t, self.colors, cell_size=cell, labels=named, title_size=20,
                                        show_bias=False), L, L + FILTER_WIDTH, TOP, BOTTOM, align=UL)
        left, right = L + FILTER_WIDTH + GAP, R - RIGHT_WIDTH - GAP
        n = t.x_padded.shape[1]
        self.input = place(InputVolume(t, cell_size=min(INPUT_CELL, (right - left) / n), title_size=20),
                           left, right, TOP, BOTTOM, align=UP)
        self.output = place(OutputVolume(t, cell_size=0.5, title_size=20), R - RIGHT_WIDTH, R, TOP,
                            BOTTOM + FACTS_HEIGHT + GAP, align=UP)
        # the three columns (the output's with the facts under it) centred in the body
        band = max(self.filters.height, self.input.height, self.output.height + GAP + FACTS_HEIGHT)
        drop = max(0.0, (TOP - BOTTOM - band) / 2)
        for m in (self.filters, self.input, self.output):
            m.shift(DOWN * drop)
        self.add(self.title)
        self.play(FadeIn(self.filters), run_time=1.0)
        self.until_mark("laid")
        self.play(FadeIn(self.input), FadeIn(self.output), run_time=1.2)
        self.hold(0.5)

    def colours_with_gaps(self):
        t = self.trace
        rf = receptive_field(t)
        self.beat("gaps", taps=t.tap_shape[1] * t.tap_shape[2], rows=rf[0], cols=rf[1], dilation=t.dilation[0])
        self.sweep = Sweep(self, self.input, self.output, self.colors, focus_buff=0.02, reveal_time=None,
                           fade=True)
        self.sweep.first(run_time=1.5)   # the window and its output cell: "after position 1"
        self.checkpoint("first window")
        k, i, j = self.sweep.cell
        self.until_mark("patch")
        patch = frame_box(VGroup(*[self.input.cell(*map(int, pos)) for pos in t.cell(k, i, j).positions]),
                          buff=0.06)
        self.play(FadeIn(patch), run_time=0.5)
        self.until_mark("same")
        frame = frame_box(self.filters, buff=0.02)
        self.play(FadeOut(patch), FadeIn(frame), run_time=0.5)
        self.sweep.attach(frame)   # goes as the window moves on
        self.hold()

    def slide(self):
        t = self.trace
        self.beat("slide", dilation=t.dilation[0])
        self.sweep.run(group=True, leave=CLOSING)   # ends with "sweep done"
        self.play(*self.sweep.clear(), run_time=0.4)
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
        place(lines, R - RIGHT_WIDTH, R, self.output.get_bottom()[1] - GAP, BOTTOM, align=UL)
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
