"""Scene 2: many channels, no sharing across channels.

An RGB-like input of several channels and one 3-D filter: every channel has its own slice of
the filter, with its own weights and its own colours. At every position the dot product
runs over all three dimensions: one products grid and partial sum per channel, then the bias,
then one output number. The same filter is used at every position; a different slice for
every channel.

    manim -qh scenes/content/channels.py ManyChannels

The scene follows filter w0 (the [scenes.channels] layer has one filter; if the file gives
more, the other filters' output slices are the next scene's subject).
"""
from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, UL, UP, FadeIn, LaggedStart, VGroup, Write

from cnncore.sharing import reuse
from scenes.base import Beat, LectureScene
from scenes.i18n import _
from scenes.visual import palette as P
from scenes.visual.mobjects import (CellArithmetic, FilterBank, InputVolume, OutputVolume, UsageMarks,
                                    label, place)
from scenes.visual.sweep import Sweep
from scenes.visual.layout import BODY, SAFE, title
from scenes.visual.words import how_often, weights


RGB = ("R", "G", "B")

# The frame's regions (x from -7.1 to 7.1, y from -4 to 4).
COLUMNS = (SAFE[0] + 0.45, 3.0)   # one column per channel: input over filter slice over products
                                  # (its name, R G B, left of it: inside the title-safe area too)
RIGHT_PANEL = (3.45, SAFE[1])  # the output, the counter, the bias and what to remember
INPUT_ROWS = (BODY[2], 0.15)   # under the title box
SLICE_ROWS = (-0.05, -1.45)
ARITH_ROWS = (-1.6, -2.8)
SUM_ROWS = (-2.9, SAFE[3])


def channel_names(n_channels: int) -> tuple[str, ...]:
    """R, G, B for a three-channel input; ch0, ch1 otherwise."""
    return RGB if n_channels == 3 else tuple(f"ch{c}" for c in range(n_channels))


class ManyChannels(LectureScene):
    params_key = "channels"
    beats = (
        Beat("rgb-input", values=("channels", "height", "width", "rows", "cols"), marks=("filter", "slices")),
        Beat("dot-product", marks=("products", "sum", "result")),
        Beat("slide", values=("stride", "channels")),
        Beat("no-sharing", marks=("same-filter", "own-slice")),
    )

    def construct(self):
        self.trace = self.layer.trace()
        self.colors = P.weight_colors(self.trace)
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
        self.beat("rgb-input", channels=c_n, height=h, width=w, rows=fh, cols=fw)
        heading = title(_("Many channels: one 3-D filter, one slice per channel"))
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
        self.out_slice = place(out[0], *RIGHT_PANEL, BODY[2], 0.55, align=UP)
        place(self.bias, *RIGHT_PANEL, -0.25, -0.65, align=UL)
        self.sweep = Sweep(self, self.input, self.output, self.colors, self.cells, filters=bank,
                           frame_filter=False, arithmetic=self._arithmetic,
                           counter_box=(RIGHT_PANEL[0], RIGHT_PANEL[1], 0.4, 0.0), fade=True)
        self.add(heading)
        self.play(FadeIn(self.input), FadeIn(self.names_on_input), run_time=1.2)
        self.until_mark("filter")
        self.play(LaggedStart(*[FadeIn(s, shift=DOWN * 0.3) for s in self.slices], lag_ratio=0.3),
                  FadeIn(self.bias), run_time=1.5)
        self.until_mark("slices")
        self.pair_channels_with_slices()
        self.play(FadeIn(self.out_slice), run_time=0.6)

    def pair_channels_with_slices(self):
        """Channel by channel: a frame around the channel and the slice that reads it."""
        for c, s in enumerate(self.slices):
            self.point_at(self.input.grids[c], s, buff=0.08, hold=0)

    def _arithmetic(self, cell):
        """Products and partial sum of each channel under its channel; the labelled sum below."""
        # 21: the sum's names (R G B b0, at 0.7 of it) keep a 20 px digit at 1080p
        arith = CellArithmetic(self.trace, cell, self.colors, cell_size=0.36, font_size=21,
                               direction=RIGHT, names=self.names, head="w{k}[:,:,{c}] × x[:,:,{c}]")
        top, bottom = ARITH_ROWS
        col_w = min(g.width for g in self.input.grids) + 0.35
        scale = min(1.0, (top - bottom) / max(r.height for r in arith.rows), col_w / max(r.width for r in arith.rows))
        for c, row in enumerate(arith.rows):
            row.scale(scale)
            row.move_to(np.array([self.input.grids[c].get_x(), 0, 0])).align_to(np.array([0, top, 0]), UP)
        place(arith.total, *COLUMNS, *SUM_ROWS)
        return arith

    # ---- beats -------------------------------------------------------------------------------
    def first_position(self):
        self.beat("dot-product")
        self.sweep.first_in_detail(lag_ratio=0.03)   # each step as its mark is said

    def slide(self):
        t = self.trace
        self.beat("slide", stride=t.stride[0], channels=t.tap_shape[0])
        message = VGroup(*[label(line, 22, P.HIGHLIGHT) for line in
                           (_("the same filter"), _("at every position,"), _("a different slice"),
                            _("for every channel"))])
        self.message = place(message.arrange(DOWN, buff=0.14, aligned_edge=LEFT), *RIGHT_PANEL, -0.95, -3.0, align=UL)
        self.message_lines = list(message)   # "the same filter", ..., line by line
        self.play(Write(self.message), run_time=1.5)
        # ends a hold before the voice does, however fast it speaks: the hold after it is not a silence
        self.sweep.run(group=True, leave=self.pace.hold)
        self.hold()

    def sum_up(self):
        t = self.trace
        r = self.reuse
        self.beat("no-sharing")
        self.play(*self.sweep.clear(), run_time=0.8)
        numbers = VGroup(*[n for g in self.input.grids for n in g.number_group])
        self.usage = UsageMarks(self.input, t, self.colors)
        self.play(numbers.animate.set_opacity(0.12), run_time=0.5)
        # weight by weight, channel by channel: each lights up wherever it was used, in its channel only
        self.play(LaggedStart(*[FadeIn(m) for m in self.usage], lag_ratio=0.1), run_time=2.5)
        uses = how_often(r.uses_min, r.uses_max)
        lines = [label(_("{weights}, each").format(weights=weights(r.n_weights)), 20, P.TEXT),
                 label(_("used {uses}").format(uses=uses), 20, P.TEXT)]
        counts = VGroup(*lines).arrange(DOWN, buff=0.12, aligned_edge=LEFT)
        self.counts = place(counts, *RIGHT_PANEL, self.message.get_bottom()[1] - 0.3, SAFE[3], align=UL)
        legend = label(_("in each cell: one square per weight that touched it"), 20, P.MUTED)
        self.legend = place(legend, *COLUMNS, ARITH_ROWS[0], ARITH_ROWS[0] - 0.45, align=UP)
        self.play(FadeIn(legend), run_time=0.6)
        self.until_mark("same-filter")
        self.play(LaggedStart(*[Write(x) for x in lines], lag_ratio=0.3), run_time=2.5)
        self.checkpoint("counts written")
        self.until_mark("own-slice")
        self.pair_channels_with_slices()
