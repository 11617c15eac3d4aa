"""Why share at all: the same detector everywhere, on a real picture.

A Sobel filter slides over a photograph that scikit-image ships (the cameraman by default);
its feature map lights up wherever there is a vertical edge. Move the picture a few pixels and
the convolution's map moves with it, otherwise identical; a locally connected layer (the same
detector, slightly different at every position) does not. Then where sharing stops: stride 2.

    manim -qh scenes/content/why_share.py WhyShare

The picture, crop, shift and detector are this scene's own settings in ``[scenes.why_share]``.

The detector is not the lecture's w0: its nine weights are a classic filter's, so they wear
colours of their own (``palette.distinct_colors(9)``, none of them a weight colour of the
lecture) and the filter is titled by its name (``w: sobel x``), with no w0[...] names.
Everything stays inside the title-safe area (``layout.SAFE``).
"""
from __future__ import annotations

import numpy as np
from manim import (config, DOWN, LEFT, RIGHT, UL, UP, AnimationGroup, Create, FadeIn, FadeOut, LaggedStart,
                   ReplacementTransform, Succession, TransformFromCopy, VGroup, Write)

from cnncore.equivariance import DETECTORS, FINDS, crop_problem, shift_study
from cnncore.params import Setting
from cnncore.sharing import reuse
from scenes.base import Beat, LectureScene
from scenes.files import exit_with
from scenes.i18n import N_, _, ngettext
from scenes.visual import palette as P
from scenes.visual.layout import BODY, SAFE, title
from scenes.visual.mobjects import CellArithmetic, Replace, FilterBank, Grid, fmt, frame_box, label, place
from scenes.visual.pixels import NEGATIVE, POSITIVE, PixelMap, Tiles
from scenes.visual.words import times, weights

# Grey photographs that scikit-image ships inside its wheel (skimage/data/*.png: nothing is
# downloaded), with their shapes, so the parameter file is checked without loading them.
IMAGES = {
    "camera": (512, 512), "coins": (303, 384), "moon": (512, 512), "text": (172, 448),
    "page": (191, 384), "brick": (512, 512), "grass": (512, 512), "gravel": (512, 512),
    "clock": (300, 400), "cell": (660, 550), "checkerboard": (200, 200),
}
SUMMARY_TIME = 2.0   # seconds: the map's summary written after the sweep of every position
LEVELS = 10   # brightness 0 (black) .. 9 (white): small whole numbers, as everywhere in the lecture
WIDTH = 3.6   # the picture's width on screen in the first beats (frame units)
LEFT_EDGE, RIGHT_EDGE, BOTTOM = SAFE[0], SAFE[1], SAFE[3]   # the title-safe area
TOP = BODY[2] - 0.4   # the top of the pictures, with room for their titles under the scene's title
# On-screen words that depend on which edges the detector finds (cnncore.equivariance.FINDS),
# whole phrases so that each language words them its own way (translated where used).
SENSE = {"vertical": N_("orange: dark to bright, left to right"),
         "horizontal": N_("orange: dark to bright, top to bottom")}
EDGES = {"vertical": N_("picture has vertical edges: one detector,"),
         "horizontal": N_("picture has horizontal edges: one detector,")}


def load_image(name: str):
    """The photograph ``name`` from scikit-image's bundled data (a 2-D uint8 array)."""
    try:
        import skimage.data
    except ImportError:
        raise LookupError("scikit-image is not installed (make video installs it; or pip install -e .)") from None
    try:
        return getattr(skimage.data, name)()
    except Exception as e:   # a file missing from the installed package
        raise LookupError(f"cannot load skimage.data.{name}(): {e}") from None


def _crop_fits(crop, values):
    return crop_problem(IMAGES[values["image"]], crop, values["pixels"], values["shift"])


class WhyShare(LectureScene):
    params_key = "why_share"
    beats = (
        Beat("picture", values=("image", "size", "white", "detector"),
             marks=("size", "black", "white", "detector", "filter", "weights")),
        Beat("same-detector", values=("weights",),
             marks=("taps", "multiply", "pixel", "positive", "negative", "flat", "everywhere")),
        Beat("move", values=("rows", "up_or_down", "cols", "left_or_right", "largest"),
             marks=("again", "moves", "frame", "largest", "equivariance", "sharing")),
        Beat("own-weights", values=("positions", "detector", "jitter", "largest"),
             marks=("copies", "changed", "moved", "differs", "largest", "without", "lands")),
        Beat("limits", values=("closest",),
             marks=("pattern", "everywhere", "so", "differently", "cannot", "stride", "roughly", "one-pixel",
                    "changes", "closest", "two-pixels", "one-cell")),
    )
    settings = {
        "image": Setting("choice", "camera", choices=tuple(IMAGES)),
        "pixels": Setting("int", 32, lo=16, hi=40),   # the crop is shown at pixels x pixels
        "crop": Setting("ints", (32, 96, 256), lo=0, hi=4096, length=3, check=_crop_fits),
        "shift": Setting("ints", (2, 3), lo=-4, hi=4, length=2),
        "detector": Setting("choice", "sobel_x", choices=tuple(DETECTORS)),
        "jitter": Setting("int", 1, lo=1, hi=3),
    }

    def setup(self):
        super().setup()
        s = self.settings
        try:
            image = load_image(s["image"])
        except LookupError as e:
            exit_with(f"[scenes.{self.params_key}] image = {s['image']!r}: {e}")
        self.ws = shift_study(image, s["crop"], s["pixels"], s["shift"], s["detector"], LEVELS,
                            s["jitter"], self.layer.seed)

    def construct(self):
        self.trace = self.ws.conv.before
        # a classic detector's weights, not w0's: colours of their own, ten apart, none a weight's
        self.colors = list(P.distinct_colors(self.trace.n_weights))
        self.picture_and_detector()
        self.same_detector_everywhere()
        self.move_the_picture()
        self.own_weights_everywhere()
        self.where_it_stops()

    # ---- helpers ------------------------------------------------------------------------------
    def _title(self, mob, text, size=20, color=P.TEXT, width=None):
        """A title over ``mob``, no wider than it (or than ``width`` from its left edge)."""
        t = label(text, size, color)
        right = mob.get_right()[0] + 0.05 if width is None else max(mob.get_right()[0] + 0.05, mob.get_left()[0] + width)
        left, right = max(mob.get_left()[0] - 0.05, LEFT_EDGE), min(right, RIGHT_EDGE)
        bottom = mob.get_top()[1] + 0.1
        return place(t, left, right, bottom + t.height, bottom, align=DOWN)

    def _picture(self, values, pitch):
        return PixelMap.picture(values, LEVELS, pitch)

    def _feature(self, values, pitch, shown=None):
        return PixelMap.feature(values, self.ws.scale, pitch, shown=shown)

    def _reveal(self, shown):
        """The feature map's pixels ``shown`` (a new part laid on the map, where it belongs)."""
        part = self._feature(self.trace.output[0], self.map.pitch, shown=shown).move_to(self.map)
        self.map_parts.add(part)
        return FadeIn(part)

    @staticmethod
    def _flash(cell):
        """A frame that lights up around a filter cell and goes (it does not move)."""
        box = frame_box(cell, buff=0.04)
        return Succession(FadeIn(box, run_time=0.5), FadeOut(box, run_time=0.5))

    def _lines(self, *rows, buff=0.12):
        """(text, size, colour) rows, left-aligned one under the other."""
        return VGroup(*[label(t, size, color) for t, size, color in rows]).arrange(DOWN, buff=buff,
                                                                                 aligned_edge=LEFT)

    # ---- beats --------------------------------------------------------------------------------
    def picture_and_detector(self):
        ws, t = self.ws, self.trace
        s = self.settings
        n = ws.x.shape[0]
        ho, wo = t.out_shape[1:]
        edges = FINDS[ws.detector][0]   # "vertical" or "horizontal"
        self.beat("picture", image=s["image"], size=n, white=LEVELS - 1, detector=ws.detector)
        self.title = title(_("Why share? The same detector everywhere"))
        pitch = WIDTH / n
        self.pic = self._picture(ws.x, pitch)
        self.pic.align_to([LEFT_EDGE, 0, 0], LEFT).align_to([0, TOP, 0], UP)
        self.pic_title = self._title(self.pic, _("x: {image}, {n} x {n}, brightness 0..{white}").format(
            image=s["image"], n=n, white=LEVELS - 1))
        self.map = self._feature(t.output[0], pitch, shown=np.zeros(t.out_shape[1:], dtype=bool))
        # output (i, j) is the window whose centre is pixel (i+1, j+1): the rows line up
        self.map.align_to([RIGHT_EDGE, 0, 0], RIGHT).align_to([0, TOP - pitch * (t.tap_shape[1] // 2), 0], UP)
        self.map_title = self._title(self.map, _("feature map o, {rows} x {cols}").format(rows=ho, cols=wo))
        self.frames = VGroup(self.pic.frame(), self.map.frame())
        self.filters = FilterBank(t, self.colors, cell_size=0.7, title_size=20,
                                  title=f"w: {ws.detector.replace('_', ' ')}", show_bias=False)
        place(self.filters, -2.6, 2.6, BODY[2], 0.9, align=UP)
        legend = self._lines((_(SENSE[edges]), 18, POSITIVE),
                             (_("blue: bright to dark"), 18, NEGATIVE),
                             (_("full colour at |o| = {scale}").format(scale=ws.scale), 18, P.MUTED), buff=0.1)
        self.legend = place(legend, 2.9, RIGHT_EDGE, self.map.get_bottom()[1] - 0.25, BOTTOM, align=UL)
        self.add(self.title)
        self.play(FadeIn(self.pic), FadeIn(self.frames[0]), run_time=1.2)
        self.until_mark("size")
        self.play(FadeIn(self.pic_title), run_time=0.6)
        # the darkest and the brightest pixel, each with its brightness
        ends = VGroup()
        for r, c in (np.unravel_index(np.argmin(ws.x), ws.x.shape), np.unravel_index(np.argmax(ws.x), ws.x.shape)):
            box = self.pic.box(int(r), int(c), color=P.HIGHLIGHT, stroke_width=4)
            tag = label(fmt(ws.x[r, c]), 20, P.HIGHLIGHT).next_to(box, UP, buff=0.08)
            ends.add(VGroup(box, tag))
        self.until_mark("black")
        self.play(FadeIn(ends[0]), run_time=0.5)
        self.until_mark("white")
        self.play(FadeIn(ends[1]), run_time=0.5)
        self.brightness_ends = ends
        self.checkpoint("brightness shown")
        self.until_mark("detector")
        self.play(FadeOut(ends), FadeIn(self.filters), run_time=1.0)
        self.until_mark("filter")
        self.point_at(self.filters.grids[0][0], buff=0.06, hold=0)
        self.until_mark("weights")
        self.point_at(*[self.filters.weight_cell(w) for w in range(t.tap_shape[1] * t.tap_shape[2])], buff=0.06,
                      hold=0, lag=0.1)

    def _window(self, i, j):
        """The detector on output cell (i, j): tiles on the picture, the inputs under it in the
        weights' colours, the arithmetic, and the output pixel framed."""
        t = self.trace
        cell = t.cell(0, i, j)
        tiles = Tiles(self.pic, cell, self.colors)
        c_n, fh, fw = t.tap_shape
        fills = [[self.colors[int(cell.weight_ids[u * fw + v])] for v in range(fw)] for u in range(fh)]
        under = Grid(cell.inputs.reshape(fh, fw), 0.5, fills=fills)
        under_t = label(_("x under the window"), 18, P.MUTED)
        under_t.next_to(under, UP, buff=0.12)
        arith = CellArithmetic(t, cell, self.colors, cell_size=0.5, font_size=20, head="w × x")
        panel = VGroup(VGroup(under_t, under), arith).arrange(RIGHT, buff=0.3, aligned_edge=UP)
        place(panel, -2.7, 2.7, 0.6, BOTTOM, align=UP)
        focus = self.map.box(i, j, color=P.HIGHLIGHT, stroke_width=3)
        return VGroup(tiles, panel, focus), tiles, arith

    def same_detector_everywhere(self):
        ws, t = self.ws, self.trace
        r = reuse(t)
        ho, wo = t.out_shape[1:]
        edges = FINDS[ws.detector][0]
        self.beat("same-detector", weights=r.n_weights)
        shown = np.zeros(t.out_shape[1:], dtype=bool)   # nothing computed yet
        self.map_parts = VGroup()
        current = None
        # the stops: the strongest edge, the opposite edge, a flat patch, each as the voice names it
        said = ("positive", "negative", "flat")   # the marks before each
        for n, (i, j) in enumerate(ws.stops, 1):
            group, tiles, arith = self._window(i, j)
            new = np.zeros_like(shown)
            new[i, j] = True
            shown = shown | new
            if current is None:
                self.play(FadeIn(tiles.outline), run_time=self.pace.step)
                self.until_mark("taps")
                # each tap takes its weight's colour in place, the weight framed on the filter as it
                # lands (nothing flies across the frame over the filter's numbers or any text)
                taps = [AnimationGroup(FadeIn(tile), self._flash(self.filters.weight_cell(w)))
                        for w, tile in zip(tiles.ids, tiles.tiles)]
                self.play(LaggedStart(*taps, lag_ratio=0.3), run_time=2 * self.pace.step)
                self.play(FadeIn(group[1][0]), run_time=self.pace.step)   # x under the window
                self.until_mark("multiply")
                self.play(FadeIn(group[1][1]), run_time=self.pace.step)   # w × x
                self.until_mark("pixel")
                self.play(FadeIn(group[2]), FadeIn(self.frames[1]), FadeIn(self.map_title), run_time=self.pace.step)
                self.remove(*tiles, *group[1:])
                self.add(group)
            else:
                self.until_mark(said[n - 1])
                self.play(Replace(current, group), run_time=self.pace.step)
            self.window = current = group
            self.play(self._reveal(new), run_time=self.pace.step / 2)
            self.bring_to_front(group[2])   # the output pixel's frame over the pixel just lit
            self.checkpoint(f"stop {n} computed")
            if n == 1:
                self.until_mark(said[0])
            # the answer as it is said: a frame around it; the colour it lights the map in
            box = frame_box(arith.sums[0], buff=0.1)
            self.play(FadeIn(box), *([FadeIn(self.legend[n - 1])] if n <= 2 else []), run_time=0.5)
            last = n == len(ws.stops)   # the arithmetic goes with it after the last stop
            self.play(FadeOut(box), *([FadeOut(current[1])] if last else []), run_time=0.5)
        # then every position, a few rows at a time
        self.until_mark("everywhere")
        self.window = current = VGroup(current[0], current[2])
        step = max(1, ho // 6)
        # the rows fit what is left of the voice, the summary's writing (2 s) included, so the
        # picture does not run on silently after it (at most fast_step x 2 a group, 2 frames at least)
        groups = len(range(0, ho, step))
        fit = (self.narration_left() - SUMMARY_TIME) / groups
        row_time = max(2 / config.frame_rate, min(self.pace.fast_step * 2, fit))
        for top in range(0, ho, step):
            rows = min(step, ho - top)
            tiles = Tiles(self.pic, t.cell(0, top + rows - 1, wo - 1), self.colors)
            new = np.zeros_like(shown)
            new[top:top + rows] = True
            new &= ~shown
            shown = shown | new
            group = VGroup(tiles, self.map.box(top, 0, rows, wo, stroke_width=3))
            self.play(Replace(current, group), self._reveal(new), run_time=row_time)
            self.window = current = group
        # every pixel computed: the parts become one map
        full = self._feature(t.output[0], self.map.pitch).move_to(self.map)
        self.remove(self.map, *self.map_parts)
        self.map = full
        self.add(full)
        counter = label(_("{weights}, each used {uses}").format(weights=weights(r.n_weights), uses=times(r.uses_max)),
                        22, P.HIGHLIGHT)
        lines = self._lines((_("The map lights up wherever the"), 22, P.TEXT),
                            (_(EDGES[edges]), 22, P.TEXT),
                            (_("the same colours at every position,"), 22, P.TEXT),
                            (_("finds them everywhere."), 22, P.TEXT))
        self.summary = place(VGroup(counter, lines).arrange(DOWN, buff=0.3, aligned_edge=LEFT),
                             -2.6, 2.6, 0.5, BOTTOM, align=UP)
        self.counter = counter
        self.play(FadeOut(current), Write(counter), FadeIn(self.legend[2]), run_time=SUMMARY_TIME * 0.4)
        self.play(LaggedStart(*[Write(x) for x in lines], lag_ratio=0.3), run_time=SUMMARY_TIME * 0.6)
        self.checkpoint("map computed")

    # ---- the picture moves ----------------------------------------------------------------------
    # three columns (picture, convolution, locally connected), two rows (before, after the move)
    LEFTS = (LEFT_EDGE, LEFT_EDGE + 2.95, LEFT_EDGE + 5.9)
    TOPS = (TOP, -0.75)
    SIDE = 2.7   # the picture's width in these beats
    COLUMN = 2.8   # a title may be this wide (columns are 2.95 apart)
    RESULTS = (LEFT_EDGE + 8.9, RIGHT_EDGE)   # the words beside them

    def _at(self, mob, col, row, inset=0.0):
        """``mob`` with its top-left corner in column ``col``, row ``row`` (``inset``: down, so
        a feature map's rows line up with the picture's)."""
        return mob.align_to([self.LEFTS[col], 0, 0], LEFT).align_to([0, self.TOPS[row] - inset, 0], UP)

    def move_the_picture(self):
        ws, t = self.ws, self.trace
        c = ws.conv
        dy, dx = ws.shift
        down = (_("{n} down") if dy >= 0 else _("{n} up")).format(n=abs(dy))
        right = (_("{n} right") if dx >= 0 else _("{n} left")).format(n=abs(dx))
        self.beat("move", rows=abs(dy), up_or_down="down" if dy >= 0 else "up",
                  cols=abs(dx), left_or_right="right" if dx >= 0 else "left", largest=c.largest)
        pitch = self.SIDE / ws.x.shape[0]
        inset = pitch * (t.tap_shape[1] // 2)
        pic = self._at(self._picture(ws.x, pitch), 0, 0)
        fmap = self._at(self._feature(c.before.output[0], pitch), 1, 0, inset)
        moved = self._at(self._picture(ws.moved, pitch), 0, 1)
        moved_map = self._at(self._feature(c.after.output[0], pitch), 1, 1, inset)
        conv_c = P.filter_color(0)
        w = self.COLUMN
        titles = VGroup(self._title(pic, "x", width=w),
                        self._title(moved, _("x moved {down}, {right}").format(down=down, right=right), width=w),
                        self._title(fmap, _("convolution of x"), color=conv_c, width=w),
                        self._title(moved_map, _("convolution of moved x"), color=conv_c, width=w))
        frames = VGroup(pic.frame(), moved.frame(), fmap.frame(), moved_map.frame())
        i, j = ws.landmark
        mi, mj = c.moved_cell(i, j)
        fh = t.tap_shape[1]
        marks = VGroup(pic.box(i, j, fh, fh), fmap.box(i, j))
        old = VGroup(moved.box(i, j, fh, fh, color=P.MUTED, stroke_width=2),
                     moved_map.box(i, j, color=P.MUTED, stroke_width=2))
        new = VGroup(moved.box(mi, mj, fh, fh), moved_map.box(mi, mj))
        interior = moved_map.box(*c.interior_box, color=P.MUTED, stroke_width=1.5)
        self.play(FadeOut(self.filters), FadeOut(self.summary), FadeOut(self.legend), FadeOut(self.frames),
                  FadeOut(self.pic_title), FadeOut(self.map_title), run_time=0.4)
        self.play(ReplacementTransform(self.pic, pic), ReplacementTransform(self.map, fmap), run_time=0.6)
        self.pic, self.map = pic, fmap
        self.play(FadeIn(titles[0]), FadeIn(titles[2]), FadeIn(frames[0]), FadeIn(frames[2]),
                  Create(marks), run_time=0.5)
        # a copy comes down, then slides by the shift into the moved picture (and the new strip
        # of photograph that came into view), the window on the strongest edge with it
        step = moved.pixel_center(*c.moved_pixel(0, 0)) - moved.pixel_center(0, 0)
        ghost = self.pic.copy()
        self.play(ghost.animate.move_to(moved), FadeIn(titles[1]), FadeIn(frames[1]), run_time=0.7)
        self.play(FadeOut(ghost, shift=step), FadeIn(moved, shift=step), run_time=0.8)
        # the same for the map: the old map, moved by the shift, is the map of the moved picture
        self.until_mark("again")
        ghost = self.map.copy()
        self.play(ghost.animate.move_to(moved_map), FadeIn(titles[3]), FadeIn(frames[3]), run_time=1.0)
        self.until_mark("moves")
        self.play(FadeOut(ghost, shift=step), FadeIn(moved_map, shift=step), run_time=1.2)
        # the strongest edge, where it was and where it went, on the picture and on the map at once
        self.play(TransformFromCopy(marks[0], old[0]), TransformFromCopy(marks[1], old[1]), run_time=0.6)
        self.play(TransformFromCopy(old[0], new[0]), TransformFromCopy(old[1], new[1]), run_time=0.8)
        result = self._lines((_("convolution:"), 22, conv_c),
                             (_("the map moved {down}, {right},").format(down=down, right=right), 20, P.TEXT),
                             (_("like the picture. Largest"), 20, P.TEXT),
                             (_("difference inside the grey frame:"), 20, P.TEXT))
        value = label(fmt(c.largest), 30, P.HIGHLIGHT, weight="BOLD")
        named = self._lines((_("translation equivariance,"), 22, P.HIGHLIGHT),
                            (_("from sharing the weights."), 20, P.TEXT))
        self.conv_result = place(VGroup(result, value, named).arrange(DOWN, buff=0.15, aligned_edge=LEFT),
                                 *self.RESULTS, TOP, -0.55, align=UL)
        self.conv_value = value
        self.play(LaggedStart(*[Write(x) for x in result[:3]], lag_ratio=0.25), run_time=1.0)
        self.until_mark("frame")
        self.play(Create(interior), Write(result[3]), run_time=0.8)
        self.until_mark("largest")
        self.point_at(value, buff=0.1, hold=0, along=[Write(value)])
        self.until_mark("equivariance")
        self.play(Write(named[0]), run_time=0.8)
        self.until_mark("sharing")
        self.play(Write(named[1]), run_time=0.8)
        self.moved, self.moved_map = moved, moved_map
        self.shift_parts = VGroup(titles, frames, marks, old, new, interior)

    def own_weights_everywhere(self):
        ws, t = self.ws, self.trace
        lc = ws.local
        ho, wo = lc.before.out_shape[1:]
        self.beat("own-weights", positions=ho * wo, detector=ws.detector, jitter=ws.jitter, largest=lc.largest)
        pitch = self.SIDE / ws.x.shape[0]
        inset = pitch * (t.tap_shape[1] // 2)
        before = self._at(self._feature(lc.before.output[0], pitch), 2, 0, inset)
        after = self._at(self._feature(lc.after.output[0], pitch), 2, 1, inset)
        titles = VGroup(self._title(before, _("locally connected, x"), color=P.MUTED, width=self.COLUMN),
                        self._title(after, _("locally connected, moved x"), color=P.MUTED, width=self.COLUMN))
        i, j = ws.landmark
        mi, mj = lc.moved_cell(i, j)
        marks = VGroup(before.box(i, j), after.box(mi, mj),
                       after.box(*lc.interior_box, color=P.MUTED, stroke_width=1.5))
        frames = VGroup(before.frame(), after.frame())
        change = (_("each with one weight ± 1.") if ws.jitter == 1
                  else _("each with one weight ± 1..{jitter}.").format(jitter=ws.jitter))
        result = self._lines((_("locally connected:"), 22, P.MUTED),
                             (ngettext("{n} copy of the filter,", "{n} copies of the filter,", ho * wo).format(
                                 n=ho * wo), 20, P.TEXT),
                             (change, 20, P.TEXT),
                             (_("Largest difference:"), 20, P.TEXT))
        value = label(fmt(lc.largest), 30, P.HIGHLIGHT, weight="BOLD")
        named = self._lines((_("Without sharing, the answer"), 20, P.TEXT),
                            (_("depends on where it lands."), 20, P.TEXT))
        self.local_result = place(VGroup(result, value, named).arrange(DOWN, buff=0.15, aligned_edge=LEFT),
                                  *self.RESULTS, -0.75, BOTTOM, align=UL)
        self.local_value = value
        self.play(FadeIn(before), FadeIn(titles[0]), FadeIn(frames[0]), Write(result[0]), run_time=1.2)
        self.until_mark("copies")
        self.point_at(before, buff=0.08, hold=0, along=[Write(result[1])])
        self.until_mark("changed")
        self.play(Write(result[2]), run_time=0.8)
        self.until_mark("moved")
        self.play(FadeIn(after), FadeIn(titles[1]), FadeIn(frames[1]), run_time=1.0)
        self.until_mark("differs")
        self.play(Create(marks), run_time=0.8)
        self.until_mark("largest")
        self.point_at(value, buff=0.1, hold=0, along=[Write(result[3]), Write(value)])
        self.until_mark("without")
        self.play(Write(named[0]), run_time=0.8)
        self.until_mark("lands")
        self.play(Write(named[1]), run_time=0.6)
        self.point_at(marks[0], marks[1], buff=0.06, hold=0)   # the same edge, answered differently where it landed
        self.local_parts = VGroup(before, after, titles, marks, frames)
        self.checkpoint("own weights shown")

    # ---- where sharing stops -----------------------------------------------------------------------
    def where_it_stops(self):
        ws = self.ws
        s0, s1 = ws.strided
        ev = ws.strided_even
        ho, wo = s0.before.out_shape[1:]
        self.beat("limits", closest=ws.strided_largest)
        self.play(FadeOut(self.conv_result), FadeOut(self.local_result), FadeOut(self.local_parts),
                  FadeOut(self.shift_parts), FadeOut(self.pic), FadeOut(self.map), FadeOut(self.moved),
                  FadeOut(self.moved_map), run_time=0.6)
        pitch = 2.95 / ho
        a = self._feature(s0.before.output[0], pitch).align_to([LEFT_EDGE, 0, 0], LEFT).align_to([0, TOP, 0], UP)
        b = self._feature(s0.after.output[0], pitch).align_to([LEFT_EDGE + 3.25, 0, 0], LEFT).align_to([0, TOP, 0], UP)
        titles = VGroup(self._title(a, _("stride 2: x, {rows} x {cols}").format(rows=ho, cols=wo)),
                        self._title(b, _("x moved 1 right")))
        frames = VGroup(a.frame(), b.frame())
        numbers = self._lines((_("Picture moved 1 pixel: the map cannot"), 20, P.TEXT),
                              (_("move half a cell. Largest difference,"), 20, P.TEXT),
                              (_("map not moved: {still},  moved 1 cell: {moved}").format(
                                  still=fmt(s0.largest), moved=fmt(s1.largest)), 22, P.HIGHLIGHT),
                              (_("Moved 2 pixels: the map moves 1 cell,"), 20, P.TEXT),
                              (_("largest difference {value}.").format(value=fmt(ev.largest)), 20, P.TEXT))
        self.strided_numbers = place(numbers, LEFT_EDGE, 0.0, a.get_bottom()[1] - 0.35, BOTTOM, align=UL)
        blocks = [self._lines((_("Sharing assumes:"), 22, P.HIGHLIGHT),
                              (_("a pattern worth finding here"), 20, P.TEXT),
                              (_("is worth finding everywhere."), 20, P.TEXT)),
                  self._lines((_("So it cannot:"), 22, P.HIGHLIGHT),
                              (_("treat one corner differently;"), 20, P.TEXT),
                              (_("one set of weights for all."), 20, P.TEXT)),
                  self._lines((_("Stride 2 (and pooling):"), 22, P.HIGHLIGHT),
                              (_("equivariant only for moves"), 20, P.TEXT),
                              (_("by whole strides."), 20, P.TEXT))]
        self.notes = place(VGroup(*blocks).arrange(DOWN, buff=0.4, aligned_edge=LEFT), 0.6, RIGHT_EDGE, TOP,
                           BOTTOM, align=UL)
        # what sharing assumes and what it cannot do, each as it is said; then stride 2
        self.play(Write(blocks[0][0]), run_time=0.6)
        self.until_mark("pattern")
        self.play(Write(blocks[0][1]), run_time=0.8)
        self.until_mark("everywhere")
        self.play(Write(blocks[0][2]), run_time=0.8)
        self.until_mark("so")
        self.play(Write(blocks[1][0]), run_time=0.6)
        self.until_mark("differently")
        self.play(Write(blocks[1][1]), run_time=0.8)
        self.until_mark("cannot")
        self.play(Write(blocks[1][2]), run_time=0.6)
        self.until_mark("stride")
        self.play(FadeIn(a), FadeIn(titles[0]), FadeIn(frames[0]), run_time=0.8)
        self.until_mark("roughly")
        self.play(LaggedStart(*[Write(x) for x in blocks[2]], lag_ratio=0.3), run_time=1.2)
        self.until_mark("one-pixel")
        self.play(FadeIn(b), FadeIn(titles[1]), FadeIn(frames[1]), Write(numbers[0]), run_time=0.8)
        self.until_mark("changes")
        self.play(Write(numbers[1]), run_time=0.6)
        self.until_mark("closest")
        self.point_at(numbers[2], buff=0.1, hold=0, along=[Write(numbers[2])])
        self.until_mark("two-pixels")
        self.play(Write(numbers[3]), run_time=0.6)
        self.until_mark("one-cell")
        self.point_at(numbers[4], buff=0.1, hold=0, along=[Write(numbers[4])])
        self.strided_maps = VGroup(a, b)
