"""Scene 8: what sharing buys, in numbers. The parameters of one layer built three ways
(convolution, locally connected, fully connected), computed by ``cnncore.param_counts``, as bars
on a log scale: every tick is ten times the one before.

Two layers are shown: the layer of the parameter file ([scenes.param_counts]) and one realistic
first layer, fixed here (``REALISTIC``): a 224 x 224 x 3 input, 64 filters of 3 x 3, stride 1,
padding 1 (an ImageNet-sized image, as in VGG's first layer).

    manim -qh scenes/content/param_counts.py ParameterCounts
"""
from __future__ import annotations

import math

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UP, FadeIn, GrowFromEdge, Indicate, Line, VGroup)

from cnncore import output_size, param_counts
from scenes.base import Beat, LectureScene
from scenes.i18n import N_, _
from scenes.visual import palette as P
from scenes.visual.bars import AXIS_LEFT, Bar
from scenes.visual.layout import BODY, SAFE, title
from scenes.visual.mobjects import label, place
from scenes.visual.words import filters as n_filters, mode_name, power


# The realistic layer (constants, not parameters: the file's limits keep its layer drawable).
REALISTIC = dict(channels=3, size=224, filters=64, kernel_size=3, stride=1, padding=1, dilation=1)

MODES = ("shared", "local", "dense")
# A bar is a count, not a weight: no weight's colour (those belong to weights by identity). The
# convolution, the point of the scene, in the highlight; the layers without sharing neutral.
MODE_COLORS = {"shared": P.HIGHLIGHT, "local": P.MUTED, "dense": P.MUTED}

NAMES_RIGHT = -4.25        # the mode names end here; the bars start just after
LEFT_EDGE, RIGHT_EDGE = SAFE[0], SAFE[1]   # inside the title-safe area
GROUP_TOPS = (BODY[2], 0.45)   # top of each layer's group (its heading, then three bars)
ROW_PITCH = 0.6
AXIS_Y = -2.0
FOOT_BOX = (LEFT_EDGE, RIGHT_EDGE, -3.2, SAFE[3])
NAME_SIZE = 18             # the mode names: "locally connected" ends at NAMES_RIGHT inside SAFE

# the word under a tick of the axis, by its power of ten (translated where used)
POWER_NAMES = {3: N_("thousand"), 6: N_("million"), 9: N_("billion"), 12: N_("trillion")}


def layer_text(channels, size, filters, kernel_size, stride, padding, out) -> str:
    return _("{size}×{size}×{channels} input, {filters} of {kernel}×{kernel}, stride {stride}, "
             "padding {padding}  →  {out}×{out}×{depth} output").format(
        size=size, channels=channels, filters=n_filters(filters), kernel=kernel_size, stride=stride,
        padding=padding, out=out, depth=filters)


def said(count: int) -> tuple:
    """A count as the narration says it (as ``words.readable`` writes it), for the script: the
    number said and the power of ten whose word follows it (0: none). Exact below a million, else
    three figures: 1792 -> (1792, 0); 89_915_392 -> (89.9, 6); 483_388_358_656 -> (483.0, 9)."""
    n = int(count)
    for e in (12, 9, 6):
        if n >= 10 ** e:
            return float(f"{n / 10 ** e:.3g}"), e
    return n, 0


def said_values(counts, modes=("shared", "local", "dense")) -> dict:
    """The script's values for the totals of ``modes``: ``shared`` and ``shared_power``, ..."""
    out = {}
    for mode in modes:
        out[mode], out[f"{mode}_power"] = said(counts[mode]["total"])
    return out


class ParameterCounts(LectureScene):
    params_key = "param_counts"
    beats = (
        Beat("lecture-layer", values=("shared", "shared_power", "local", "local_power", "dense", "dense_power")),
        Beat("realistic", values=("size", "filters", "shared", "shared_power", "local", "local_power", "dense",
                                  "dense_power")),
        Beat("magnitude", values=("shared", "shared_power"), marks=("convolution", "unshared")),
    )

    def construct(self):
        p = self.layer
        self.file_layer = dict(channels=p.channels, size=p.input_size, filters=p.filters,
                               kernel_size=p.kernel_size, stride=p.stride, padding=p.padding,
                               dilation=p.dilation)
        self.counts = [param_counts(**self.file_layer), param_counts(**REALISTIC)]
        self.out_sizes = [p.output_size, output_size(REALISTIC["size"], REALISTIC["kernel_size"],
                                                     REALISTIC["padding"], REALISTIC["stride"],
                                                     REALISTIC["dilation"])]
        self.lay_out()
        self.the_lecture_layer()
        self.a_realistic_layer()
        self.orders_of_magnitude()

    # ---- layout ----------------------------------------------------------------------------
    def lay_out(self):
        totals = [c[m]["total"] for c in self.counts for m in MODES]
        self.decades = max(1, math.ceil(math.log10(max(totals))))
        # the longest bar's labels must fit between its end and the frame's edge
        probe = [(math.log10(n), Bar(n, 1.0, P.TEXT).label_width()) for n in totals]
        decade = min((RIGHT_EDGE - AXIS_LEFT - w - 0.05) / max(d, 1e-9) for d, w in probe)
        self.decade = min(0.9, decade, (RIGHT_EDGE - AXIS_LEFT - 0.3) / self.decades)
        self.title = title(_("What sharing buys: one layer's parameters, three ways"))
        self.axis = self.build_axis()
        self.groups = []
        for n, (counts, out, spec) in enumerate(zip(self.counts, self.out_sizes, (self.file_layer, REALISTIC))):
            self.groups.append(self.build_group(n, counts, out, spec))
        self.foot = place(label(_("Counts include biases: one per filter for the convolution, one per output cell "
                                  "without sharing."), 18, P.MUTED), *FOOT_BOX)

    def build_axis(self) -> VGroup:
        top = GROUP_TOPS[0] - 0.5
        self.ticks, self.tick_labels, self.tick_words, lines = [], [], [], VGroup()
        base = Line(np.array([AXIS_LEFT, AXIS_Y, 0]), np.array([AXIS_LEFT + self.decades * self.decade, AXIS_Y, 0]),
                    stroke_color=P.MUTED, stroke_width=2)
        for e in range(self.decades + 1):
            x = AXIS_LEFT + e * self.decade
            grid = Line(np.array([x, top, 0]), np.array([x, AXIS_Y, 0]), stroke_color=P.GRID_LINE,
                        stroke_width=1, stroke_opacity=0.6)
            tick = Line(np.array([x, AXIS_Y, 0]), np.array([x, AXIS_Y - 0.1, 0]), stroke_color=P.MUTED,
                        stroke_width=2)
            text = label(power(e), 20, P.TEXT).next_to(tick, DOWN, buff=0.08)
            lines.add(grid, tick)
            self.ticks.append(tick)
            self.tick_labels.append(text)
            if e in POWER_NAMES:
                word = label(_(POWER_NAMES[e]), 16, P.MUTED).next_to(text, DOWN, buff=0.06)
                self.tick_words.append(word)
        head = label(_("parameters (log scale: each tick is ten times the last)"), 18, P.MUTED)
        head.move_to(np.array([0, AXIS_Y - 0.92, 0])).align_to(np.array([AXIS_LEFT, 0, 0]), LEFT)
        self.grid_lines = lines
        return VGroup(lines, base, *self.tick_labels, *self.tick_words, head)

    def build_group(self, n, counts, out, spec) -> VGroup:
        top = GROUP_TOPS[n]
        name = _("This lecture's layer:") if n == 0 else _("A realistic first layer:")
        head = VGroup(label(name, 22, P.TEXT, weight="BOLD"),
                      label(layer_text(spec["channels"], spec["size"], spec["filters"], spec["kernel_size"],
                                       spec["stride"], spec["padding"], out), 18, P.MUTED))
        head.arrange(RIGHT, buff=0.2)
        place(head, LEFT_EDGE, RIGHT_EDGE, top, top - 0.4, align=LEFT)
        rows = {}
        for r, mode in enumerate(MODES):
            y = top - 0.45 - ROW_PITCH / 2 - r * ROW_PITCH
            bar = Bar(counts[mode]["total"], self.decade, MODE_COLORS[mode])
            bar.shift(UP * y)
            name = label(mode_name(mode), NAME_SIZE, P.TEXT)
            name.move_to(np.array([0, y, 0])).align_to(np.array([NAMES_RIGHT, 0, 0]), RIGHT)
            bar.mode_name = name
            rows[mode] = bar
        group = VGroup(head, *rows.values(), *[b.mode_name for b in rows.values()])
        group.head, group.bars = head, rows
        return group

    # ---- beats -------------------------------------------------------------------------------
    def show_group(self, n: int):
        g = self.groups[n]
        self.play(FadeIn(g.head), run_time=0.8)
        for mode in MODES:
            bar = g.bars[mode]
            self.play(FadeIn(bar.mode_name), GrowFromEdge(bar.bar, LEFT), run_time=0.9)
            self.play(FadeIn(bar.said), *([FadeIn(bar.digits)] if bar.digits else []), run_time=0.5)

    def the_lecture_layer(self):
        self.beat("lecture-layer", **said_values(self.counts[0]))
        self.add(self.title)
        self.play(FadeIn(self.axis), run_time=1)
        self.show_group(0)
        self.hold(0.5)

    def a_realistic_layer(self):
        self.beat("realistic", size=REALISTIC["size"], filters=REALISTIC["filters"], **said_values(self.counts[1]))
        self.show_group(1)
        self.hold(0.5)

    def orders_of_magnitude(self):
        self.beat("magnitude", **said_values(self.counts[1], modes=("shared",)))
        bars = self.groups[1].bars
        self.until_mark("convolution")
        self.play(Indicate(bars[MODES[0]].said, color=P.HIGHLIGHT, scale_factor=1.1), run_time=1.2)
        self.until_mark("unshared")
        self.play(*[Indicate(bars[m].said, color=P.HIGHLIGHT, scale_factor=1.1) for m in MODES[1:]], run_time=1.2)
        self.play(FadeIn(self.foot), run_time=0.8)
        self.hold()
