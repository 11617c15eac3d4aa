"""One output depth slice per filter, on the CS231n demo's layer (the lecture's running layer).

The demo's setting (5x5x3 input, padding 1, two 3x3x3 filters, stride 2), said with the reason
the output is 3x3 (stride and padding, with the formula on screen) and with the warning that
the live demo draws new random numbers. Both filters sweep: at every position the window shows
its filter's colours on the input (w0 light, w1 dark: the palette's lightness bands), and every
neuron it makes is filled with its filter's colour (``palette.filter_color``, the colour of the
filter's frame and of its slice's title) and written under "made by wk": a cue as large as the
cell. Then the point, with counts from ``cnncore.sharing``: o(0,0,0) and o(0,1,0) share all
their weights, o(0,0,0) and o(0,0,1) none, their weight fingerprints (``WeightMosaic``) side by
side. Cells are named as in the demo, o(x, y, d), x the column, with the mapping on screen.

A layer that is not the demo's (another parameter file) is drawn and said as the lecture's own.
Nothing slides over a number: the window cross-fades from one position to the next
(``Sweep(fade=True)``), and fast-forwarded positions are grouped (``run(group=True)``) when even
the shortest step would outlast the narration of their filter.

    manim -qh scenes/content/depth_slices.py DepthSlices
"""
from __future__ import annotations

from dataclasses import dataclass

from manim import DOWN, LEFT, RIGHT, UL, UP, FadeIn, FadeOut, VGroup, Write

from cnncore.sharing import slice_weights, weight_overlap
from scenes.base import Beat, LectureScene
from scenes.i18n import _, ngettext
from scenes.visual import palette as P
from scenes.visual.layout import BODY, SAFE, title
from scenes.visual.mobjects import (FilterBank, InputVolume, OutputVolume, WeightMosaic, frame_box, label, place)
from scenes.visual.sweep import Sweep
from scenes.visual.words import demo_address, depth_slices, filters, weights

# The frame's regions, inside the title-safe area: (left, right, top, bottom).
L, R, TOP, BOTTOM = SAFE[0], SAFE[1], BODY[2], SAFE[3]
BAND_GAP = 0.3          # between the volumes (top) and the filters (bottom)
COLUMN_GAP = 0.45       # between the input and the output, the filters and the notes
INPUT_CELL = 0.34       # the input's cells (its numbers then 15 pt: a digit 21 px at 1080p)
OUTPUT_CELL = 0.8       # the output's cells, at most
FILTER_CELL = 0.42      # the filters' cells, at most
CHANNEL_GAP, SLICE_GAP = 0.3, 0.35
MOSAIC_PITCH = 0.24     # a compared neuron's weight squares: 32 px at 1080p
MOSAIC_GAP = 0.5        # gap between a mosaic's channel slices, in squares
TEXT = 22               # notes, comparisons, legend
NOTES_WIDTH = 4.6       # the notes' column beside the filters, at least

# The CS231n demo's setting: a layer with these sizes is "the demo's layer" on screen and in words.
DEMO = dict(channels=3, input_size=5, filters=2, kernel_size=3, stride=2, padding=1, dilation=1)


def address(k: int, i: int, j: int) -> str:
    """A neuron's address in the CS231n demo's notation: o(x, y, d), x the column."""
    return f"o{demo_address(k, i, j)}"


def is_demo(layer) -> bool:
    """Whether ``layer`` has the CS231n demo's sizes."""
    return all(getattr(layer, key) == value for key, value in DEMO.items())


@dataclass
class Comparison:
    """Two neurons compared on screen: ``overlap`` (cnncore.sharing), ``pair`` (address, mosaic,
    sign, mosaic, address), ``words`` (what they share, written under), ``boxes`` (the frames on
    their output cells)."""
    overlap: object
    pair: VGroup
    words: object
    boxes: list

    @property
    def names(self):
        return self.pair[0], self.pair[4]

    @property
    def sign(self):
        return self.pair[2]

    @property
    def mosaics(self):
        return self.pair[1], self.pair[3]


class DepthSlices(LectureScene):
    params_key = "depth_slices"
    beats = (
        Beat("filters", values=("demo", "height", "width", "channels", "filters", "rows", "cols", "stride",
                                "padding", "out_rows", "out_cols"),
             marks=("filters", "own-slice", "stride", "deep", "random")),
        Beat("sweep", values=("weights",)),
        Beat("sweep-next", values=("next", "previous", "weights")),   # once per filter after w0
        Beat("same-slice", values=("first", "same", "has_same", "weights"), marks=("same",)),
        Beat("other-question", values=("first", "other")),            # pause and predict ...
        Beat("other-answer", values=("first", "other", "filter")),    # ... and its answer
    )

    def construct(self):
        self.trace = self.layer.trace()
        self.colors = P.weight_colors(self.trace)
        self.demo = is_demo(self.layer)
        self.lay_out()
        self.sweep_every_filter()
        self.same_slice_same_weights()

    # ---- layout ----------------------------------------------------------------------------
    def build(self):
        """Every mobject of the layout, placed: the input and the output side by side at the top,
        the filters under the input, the notes beside them."""
        t = self.trace
        C, hp, wp = t.x_padded.shape
        K, ho, wo = t.out_shape
        width = R - L - COLUMN_GAP
        in_w = lambda s: C * wp * s + (C - 1) * CHANNEL_GAP
        out_w = lambda s: K * wo * s + (K - 1) * SLICE_GAP
        s_in = INPUT_CELL
        s_out = min(OUTPUT_CELL, (width - in_w(s_in) - (K - 1) * SLICE_GAP) / (K * wo))
        if s_out < s_in:   # a large output: both at one size that fits
            s_in = s_out = (width - (C - 1) * CHANNEL_GAP - (K - 1) * SLICE_GAP) / (C * wp + K * wo)
        self.input = InputVolume(t, cell_size=s_in, direction=RIGHT, buff=CHANNEL_GAP, title_size=20)
        self.output = OutputVolume(t, cell_size=s_out, direction=RIGHT, buff=SLICE_GAP, title_size=20)
        self.made_by = VGroup(*[self._made_by(k, g) for k, g in enumerate(self.output.grids)])
        for k, grid in enumerate(self.output.grids):
            self._one_size(grid)
            for row in grid.numbers:   # written on the filter's colour once its cell is computed
                for number in row:
                    number.set_fill(P.text_on(P.filter_color(k)))
        out = VGroup(self.output, self.made_by)
        place(self.input, L, L + in_w(s_in), TOP, BOTTOM, align=UL)
        place(out, R - out_w(s_out), R, TOP, BOTTOM, align=UP)
        band = min(self.input.get_bottom()[1], out.get_bottom()[1]) - BAND_GAP
        # the filters: one under the other (slices side by side), or side by side when that is larger
        room = (L, R - NOTES_WIDTH, band, BOTTOM)
        stacked = FilterBank(t, self.colors, cell_size=FILTER_CELL, direction=RIGHT, title_size=20)
        side = FilterBank(t, self.colors, cell_size=FILTER_CELL, direction=RIGHT, title_size=20)
        for f in side.filters:
            f[1].next_to(f[0], DOWN, buff=0.15, aligned_edge=LEFT)
        side.arrange(RIGHT, buff=0.5, aligned_edge=UP)
        fit = lambda b: min(1.0, (room[1] - room[0]) / b.width, (room[2] - room[3]) / b.height)
        self.filters = side if fit(side) > fit(stacked) + 1e-6 else stacked
        place(self.filters, *room, align=UL)
        self.notes_box = (self.filters.get_right()[0] + COLUMN_GAP, R, band, BOTTOM)

    def _made_by(self, k: int, grid):
        """'made by wk' under output slice k, in the filter's colour ('wk' alone on a narrow slice)."""
        words = label(_("made by {filter}").format(filter=f"w{k}"), TEXT, P.filter_color(k), weight="BOLD")
        if words.width > grid.width + SLICE_GAP * 0.8:
            words = label(f"w{k}", TEXT, P.filter_color(k), weight="BOLD")
        return words.next_to(grid, DOWN, buff=0.12)

    def _one_size(self, grid) -> None:
        """Every number of ``grid`` drawn at the size of its smallest (a long number shrinks to
        fit its cell; the rest follow it: one grid, one size)."""
        numbers = [n for row in grid.numbers for n in row if n is not None]
        smallest = min(n.effective_size() for n in numbers)
        for n in numbers:
            n.scale(smallest / n.effective_size())

    def lay_out(self):
        t = self.trace
        c, h, w = t.in_shape
        K, ho, wo = t.out_shape
        p = self.layer
        self.beat("filters", demo="yes" if self.demo else "no", height=h, width=w, channels=c, filters=K,
                  rows=t.tap_shape[1], cols=t.tap_shape[2], stride=t.stride[0], padding=t.padding[0],
                  out_rows=ho, out_cols=wo)
        count = _("One filter") if K == 1 else filters(K)
        heading = (_("The CS231n demo's layer: {filters}, {slices}") if self.demo
                   else _("{filters}, {slices}: one per filter")).format(filters=count, slices=depth_slices(K))
        self.heading = title(heading)
        self.build()
        left, right, top, bottom = self.notes_box
        # why the output is ho x wo: the stride and the padding, and the formula with this layer's numbers
        extent = p.dilation * (p.kernel_size - 1) + 1
        span = h + 2 * p.padding - extent
        exact = span % p.stride == 0
        formula = (f"({h} + 2×{p.padding} − {extent}) / {p.stride} + 1 = {ho}" if exact
                   else f"⌊({h} + 2×{p.padding} − {extent}) / {p.stride}⌋ + 1 = {ho}")
        self.size_note = VGroup(label(_("stride {stride}, padding {padding}").format(stride=p.stride, padding=p.padding),
                                      TEXT, P.TEXT, weight="BOLD"),
                                label(formula, TEXT, P.TEXT, mono=True)).arrange(DOWN, buff=0.12, aligned_edge=LEFT)
        place(self.size_note, left, right, top, bottom, align=UL)
        self.random_note = None
        if self.demo:
            lines = VGroup(label(_("The live demo draws new random numbers each time:"), 20, P.MUTED),
                           label(_("its numbers differ from these."), 20, P.MUTED)).arrange(DOWN, buff=0.08,
                                                                                             aligned_edge=LEFT)
            self.random_note = place(lines, left, right, self.size_note.get_bottom()[1] - 0.3, bottom, align=UL)
        self.add(self.heading)
        self.play(FadeIn(self.input), run_time=1.0)
        self.until_mark("filters")
        self.play(FadeIn(self.filters), run_time=0.8)
        self.until_mark("own-slice")
        self.play(FadeIn(self.output), FadeIn(self.made_by), run_time=0.8)
        self.until_mark("stride")
        self.play(FadeIn(self.size_note), run_time=0.6)
        self.until_mark("deep")
        self.point_at(*self.output.grids, color=[P.filter_color(k) for k in range(K)], hold=0.6)
        self.until_mark("random")
        if self.random_note is not None:
            self.play(FadeIn(self.random_note), run_time=0.6)
        self.checkpoint("layer shown")

    def _fill_cell(self, sweep, n):
        """A computed neuron's cell takes its filter's colour, as its number appears."""
        k, i, j = sweep.cells[n]
        return [self.output.cell(k, i, j).animate.set_fill(P.filter_color(k), 1)]

    def _note_after_slice(self, sweep, n):
        """After a filter's last position: what its depth slice is made of."""
        k = sweep.cells[n][0]
        if n + 1 < len(sweep.cells) and sweep.cells[n + 1][0] == k:   # not its last
            return
        self.play(Write(self.notes[k]), run_time=0.8)

    def _slice_note(self, k):
        """Two lines on what depth slice k is made of (cnncore.sharing's count)."""
        s = slice_weights(self.trace, k)
        first = ngettext("{slice}: {n} neuron,", "{slice}: {n} neurons,", s.n_neurons)
        if s.all_same:
            then = ngettext("it uses the same {weights} ({filter})", "all use the same {weights} ({filter})",
                            s.n_neurons)
        else:
            then = ngettext("it uses {weights} ({filter})", "they use {weights} ({filter})", s.n_neurons)
        fill = dict(slice=f"o[:,:,{k}]", n=s.n_neurons, weights=weights(s.n_weights), filter=f"w{k}")
        return VGroup(*[label(line.format(**fill), 20, P.filter_color(k)) for line in (first, then)]).arrange(
            DOWN, buff=0.08, aligned_edge=LEFT)

    # ---- beats -------------------------------------------------------------------------------
    def sweep_every_filter(self):
        t = self.trace
        K = t.out_shape[0]
        n_taps = int(t.weight_ids.shape[-1])
        left, right, top, bottom = self.notes_box
        notes = VGroup(*[self._slice_note(k) for k in range(K)]).arrange(DOWN, buff=0.2, aligned_edge=LEFT)
        self.notes = place(notes, left, right, self.size_note.get_bottom()[1] - 0.3, bottom, align=UL)
        self.sweep = Sweep(self, self.input, self.output, self.colors, filters=self.filters,
                           reveals=self._fill_cell, reveal_time=0.5, fade=True)
        for k in range(K):
            if k == 0:
                self.beat("sweep", weights=n_taps)
                if self.random_note is not None:
                    self.play(FadeOut(self.random_note), run_time=0.4)
            else:
                self.beat("sweep-next", next=k, previous=k - 1, weights=n_taps)
            last = max(n for n, cell in enumerate(self.sweep.cells) if cell[0] == k)   # filter k's last
            self.sweep.run(stop=last + 1, between=self._note_after_slice, group=True, leave=0.8)

    def same_slice_same_weights(self):
        t = self.trace
        K, ho, wo = t.out_shape
        a = (0, 0, 0)
        b = (0, 1, 0) if ho > 1 else (0, 0, 1) if wo > 1 else None
        c = (1, 0, 0) if K > 1 else None
        n_taps = int(t.weight_ids.shape[-1])
        self.beat("same-slice", first=address(*a), same=address(*b) if b else "", has_same="yes" if b else "no",
                  weights=n_taps)
        self.add(self.notes, self.size_note)   # last, with the window: only what fades is redrawn
        self.play(*self.sweep.clear(), FadeOut(self.notes), FadeOut(self.size_note), run_time=0.6)
        left, right, top, bottom = self.notes_box
        self.legend = VGroup(label(_("the demo's o(x, y, d):"), 20, P.MUTED),
                             label(_("row y, column x, depth slice d"), 20, P.MUTED)).arrange(DOWN, buff=0.08,
                                                                                         aligned_edge=LEFT)
        rows = []
        for other, sign in ((b, "="), (c, "≠")):
            if other is None:
                continue
            ov = weight_overlap(t, a, other)
            words = (_("same {weights}") if ov.same else _("{weights} in common")).format(weights=weights(ov.n_common))
            mos_a = WeightMosaic(t, t.weight_ids[a], self.colors, pitch=MOSAIC_PITCH, slice_gap=MOSAIC_GAP)
            mos_o = WeightMosaic(t, t.weight_ids[other], self.colors, pitch=MOSAIC_PITCH, slice_gap=MOSAIC_GAP)
            pair = VGroup(label(address(*a), TEXT, P.filter_color(a[0]), mono=True), mos_a,
                          label(sign, 28, P.TEXT), mos_o,
                          label(address(*other), TEXT, P.filter_color(other[0]), mono=True))
            # each address over its mosaic, the sign between the mosaics
            VGroup(VGroup(pair[0], pair[1]).arrange(DOWN, buff=0.1), pair[2],
                   VGroup(pair[4], pair[3]).arrange(DOWN, buff=0.1)).arrange(RIGHT, buff=0.3)
            pair[2].set_y(pair[1].get_y())
            text = label(words, 24, P.HIGHLIGHT if ov.same else P.TEXT, weight="BOLD")
            rows.append((ov, other, pair, text, VGroup(pair, text).arrange(DOWN, buff=0.12, aligned_edge=LEFT)))
        shown = VGroup(self.legend, *[row[-1] for row in rows]).arrange(DOWN, buff=0.3, aligned_edge=LEFT)
        place(shown, left, right, top, bottom, align=UL)
        self.play(FadeIn(self.legend), run_time=0.4)   # as "in the demo's names" is said
        self.comparisons = []
        self.boxes = []

        def frame_pair(other):
            gone = [FadeOut(x) for x in self.boxes]
            self.boxes = [frame_box(self.output.cell(*a)), frame_box(self.output.cell(*other))]
            return [*gone, *[FadeIn(x) for x in self.boxes]]

        def compare(ov, other, pair, text, group, with_frames=True):
            self.play(*(frame_pair(other) if with_frames else []), FadeIn(pair), run_time=0.8)
            self.play(Write(text), run_time=0.6)
            self.comparisons.append(Comparison(ov, pair, text, self.boxes))

        if b is not None:
            self.until_mark("same")
            compare(*rows[0])
        if c is not None:   # pause and predict: what does a neuron of the other slice share with o(0,0,0)?
            ov, other, pair, text, group = rows[-1]
            question = VGroup(label(_("Your turn: how many weights does"), TEXT, P.HIGHLIGHT),
                              label(_("{other} share with {first}?").format(other=address(*other), first=address(*a)),
                                    TEXT, P.HIGHLIGHT)).arrange(DOWN, buff=0.1, aligned_edge=LEFT)
            self.question = place(question, group.get_left()[0], right, group.get_top()[1], group.get_bottom()[1],
                                  align=UL)
            # the countdown beside the question, or under the filters when they leave more room there
            rooms = [(self.question.get_right()[0] + 0.3, right, group.get_top()[1], group.get_bottom()[1]),
                     (L, left - COLUMN_GAP, self.filters.get_bottom()[1] - BAND_GAP, BOTTOM)]
            countdown_box = max(rooms, key=lambda b: min(b[1] - b[0], b[2] - b[3]))

            def ask():
                self.play(*frame_pair(other), FadeIn(self.question), run_time=0.8)

            def reveal():
                self.play(FadeOut(self.question), run_time=0.3)
                compare(ov, other, pair, text, group, with_frames=False)

            self.pause_and_predict(("other-question", dict(first=address(*a), other=address(*other))),
                                   ("other-answer", dict(first=address(*a), other=address(*other),
                                                         filter=f"w{other[0]}")),
                                   ask=ask, reveal=reveal, countdown_box=countdown_box)
        self.checkpoint("compared")
