"""Scene 3: one output depth slice per filter.

Two filters sweep the same input. Every neuron of output slice o[:,:,0] is made with w0 and
shows w0's colours (its weight fingerprint, a ``WeightMosaic``, appears in it); every neuron of
o[:,:,1] shows w1's. Then the point, with counts from ``cnncore.sharing``: two neurons of the
same depth slice use the same weights; two neurons at the same place in different slices have
no weight in common. Cells are named as in the CS231n demo: o(x, y, d), x the column.

    manim -qh scenes/content/depth_slices.py DepthSlices
"""
from __future__ import annotations

from dataclasses import dataclass

from manim import DOWN, LEFT, RIGHT, UL, UP, FadeIn, FadeOut, TransformFromCopy, VGroup, Write

from cnncore.sharing import slice_weights, weight_overlap
from scenes.base import Beat, LectureScene
from scenes.i18n import _, ngettext
from scenes.visual import palette as P
from scenes.visual.mobjects import (FilterBank, InputVolume, MosaicsByWeight, OutputVolume, WeightMosaic,
                                   frame_box, label, place)
from scenes.visual.sweep import Sweep
from scenes.visual.layout import title
from scenes.visual.words import demo_address, depth_slices, filters, weights


# The frame's regions (x from -7.1 to 7.1, y from -4 to 4).
LEFT_SIDE = (-6.9, 0.75)
RIGHT_SIDE = (1.15, 6.85)
INPUT_ROWS = (3.3, 0.3)
FILTER_ROWS = (0.0, -3.75)   # the top moves up to just under the input
OUTPUT_ROWS = (3.3, -0.45)
NOTE_ROWS = (-0.75, -3.85)

MOSAIC_GAP = 0.5   # gap between a mosaic's channel slices, in squares


def address(k: int, i: int, j: int) -> str:
    return f"o{demo_address(k, i, j)}"


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
        Beat("filters", values=("filters", "height", "width", "channels", "rows", "cols"),
             marks=("own-slice", "deep")),
        Beat("sweep"),
        Beat("sweep-next", values=("next", "previous")),   # once per filter after w0
        Beat("same-slice", values=("first", "same", "other", "has_same", "has_other")),
    )

    def construct(self):
        self.trace = self.layer.trace()
        self.colors = P.weight_colors(self.trace)
        self.lay_out()
        self.sweep_both()
        self.same_slice_same_weights()

    # ---- layout ----------------------------------------------------------------------------
    def lay_out(self):
        t = self.trace
        c, h, w = t.in_shape
        K, ho, wo = t.out_shape
        self.beat("filters", filters=K, height=h, width=w, channels=c, rows=ho, cols=wo)
        heading = title(_("{filters}, {slices}: one per filter").format(
            filters=_("One filter") if K == 1 else filters(K), slices=depth_slices(K)))
        self.input = place(InputVolume(t, direction=RIGHT), *LEFT_SIDE, *INPUT_ROWS, align=UL)
        top = min(FILTER_ROWS[0], self.input.get_bottom()[1] - 0.35)
        self.filters = place(FilterBank(t, self.colors, direction=RIGHT), *LEFT_SIDE, top, FILTER_ROWS[1], align=UL)
        self.output = place(OutputVolume(t, cell_size=1.0, direction=RIGHT, buff=0.45, title_size=24),
                            *RIGHT_SIDE, *OUTPUT_ROWS, align=UP)
        self.mosaics = {}
        c_n, fh, fw = t.tap_shape
        for k, i, j in t.cells():
            sq = self.output.cell(k, i, j)
            size = sq.width
            number = self.output.number(k, i, j)
            number.scale(min(0.55, 0.8 * size / number.width)).move_to(sq.get_center() + UP * size * 0.2)
            pitch = min(size * 0.84 / (c_n * fw + (c_n - 1) * MOSAIC_GAP), size * 0.4 / fh)
            m = WeightMosaic(t, t.weight_ids[k, i, j], self.colors, pitch=pitch, slice_gap=MOSAIC_GAP)
            m.move_to(sq.get_center() + DOWN * size * 0.22)
            self.mosaics[(k, i, j)] = m
        # shown mosaics are drawn one path per weight (the look is the same; Cairo draws 27 paths
        # instead of thousands of squares)
        self.shown_mosaics = MosaicsByWeight(self.colors)
        self.sweep = Sweep(self, self.input, self.output, self.colors, filters=self.filters,
                           reveals=self._fingerprint, revealed=self._fold_mosaic, reveal_time=1.0)
        self.add(heading)
        self.play(FadeIn(self.input), FadeIn(self.filters), run_time=1.5)
        self.until_mark("own-slice")
        self.play(FadeIn(self.output), run_time=1)
        self.until_mark("deep")
        self.point_at(*self.output.grids, color=[P.filter_color(k) for k in range(len(self.output.grids))])
        self.add(self.shown_mosaics)   # over the output cells (empty until the sweep reveals neurons)
        self.hold(0.5)

    def mosaic(self, k: int, i: int, j: int) -> WeightMosaic:
        """The weight fingerprint of neuron (k, i, j) (on screen once the sweep has reached it)."""
        return self.mosaics[(k, i, j)]

    def _fingerprint(self, sweep, n):
        """A neuron's mosaic appears with its number: flown from the window when in full."""
        mosaic = self.mosaic(*sweep.cells[n])
        if sweep.in_full(n):
            return [TransformFromCopy(sweep.window.squares, mosaic)]
        return [FadeIn(mosaic)]

    def _fold_mosaic(self, sweep, n):
        mosaic = self.mosaic(*sweep.cells[n])
        self.remove(mosaic)
        self.shown_mosaics.absorb(mosaic)

    def _note_after_slice(self, sweep, n):
        """After a filter's last position: what its depth slice is made of."""
        k = sweep.cells[n][0]
        if sweep.index(n) == sweep.per_filter - 1:
            self.play(Write(self.notes[k]), run_time=1)
            if k + 1 < self.trace.out_shape[0]:   # said when the next filter's sweep starts
                self.beat("sweep-next", next=k + 1, previous=k)

    def _slice_note(self, k):
        s = slice_weights(self.trace, k)
        if s.all_same:
            note = ngettext("{slice}: {n} neuron, all use the same {weights} ({filter})",
                            "{slice}: {n} neurons, all use the same {weights} ({filter})", s.n_neurons)
        else:
            note = ngettext("{slice}: {n} neuron, use {weights} ({filter})",
                            "{slice}: {n} neurons, use {weights} ({filter})", s.n_neurons)
        text = note.format(slice=f"o[:,:,{k}]", n=s.n_neurons, weights=weights(s.n_weights), filter=f"w{k}")
        return label(text, 22, P.filter_color(k))

    # ---- beats -------------------------------------------------------------------------------
    def sweep_both(self):
        t = self.trace
        K, ho, wo = t.out_shape
        self.beat("sweep")
        notes = VGroup(*[self._slice_note(k) for k in range(K)]).arrange(DOWN, buff=0.2, aligned_edge=LEFT)
        self.notes = place(notes, *RIGHT_SIDE, *NOTE_ROWS, align=UL)
        self.sweep.run(between=self._note_after_slice)
        self.hold()

    def same_slice_same_weights(self):
        t = self.trace
        K, ho, wo = t.out_shape
        a = (0, 0, 0)
        b = (0, 1, 0) if ho > 1 else (0, 0, 1) if wo > 1 else None
        c = (1, 0, 0) if K > 1 else None
        self.beat("same-slice", first=address(*a), same=address(*b) if b else "", other=address(*c) if c else "",
                  has_same="yes" if b else "no", has_other="yes" if c else "no")
        self.add(self.notes)   # last, with the window: only what fades is redrawn
        self.play(*self.sweep.clear(), FadeOut(self.notes), run_time=0.8)
        rows = []
        for other, sign in ((b, "="), (c, "≠")):
            if other is None:
                continue
            ov = weight_overlap(t, a, other)
            words = (_("same {weights}") if ov.same else _("{weights} in common")).format(weights=weights(ov.n_common))
            big_a = self.mosaics[a].copy()
            big_o = self.mosaics[other].copy()
            pair = VGroup(label(address(*a), 22, P.filter_color(a[0]), mono=True), big_a,
                          label(sign, 26, P.TEXT), big_o,
                          label(address(*other), 22, P.filter_color(other[0]), mono=True))
            text = label(words, 26, P.HIGHLIGHT if ov.same else P.TEXT, weight="BOLD")
            rows.append((ov, other, pair, text))
        targets = []
        for ov, other, pair, text in rows:
            for m in (pair[1], pair[3]):
                m.scale(0.16 / m.squares[0].width)   # big enough to compare square by square
            # each address over its mosaic, the sign between the mosaics
            VGroup(VGroup(pair[0], pair[1]).arrange(DOWN, buff=0.1), pair[2],
                   VGroup(pair[4], pair[3]).arrange(DOWN, buff=0.1)).arrange(RIGHT, buff=0.35)
            pair[2].set_y(pair[1].get_y())
            targets.append(VGroup(pair, text).arrange(DOWN, buff=0.15, aligned_edge=LEFT))
        if not targets:
            self.hold()
            return
        place(VGroup(*targets).arrange(DOWN, buff=0.4, aligned_edge=LEFT), *RIGHT_SIDE, *NOTE_ROWS, align=UL)
        self.comparisons = []
        for (ov, other, pair, text), target in zip(rows, targets):
            boxes = [frame_box(self.output.cell(*a)), frame_box(self.output.cell(*other))]
            self.play(*[FadeIn(x) for x in boxes], run_time=self.pace.step)
            self.play(TransformFromCopy(self.mosaics[a], pair[1]), TransformFromCopy(self.mosaics[other], pair[3]),
                      FadeIn(pair[0]), FadeIn(pair[2]), FadeIn(pair[4]), run_time=1.2)
            self.play(Write(text), run_time=0.8)
            self.comparisons.append(Comparison(ov, pair, text, boxes))
            self.hold(1)
            if other is not rows[-1][1]:
                self.play(*[FadeOut(x) for x in boxes], run_time=0.4)
        self.hold(2)
