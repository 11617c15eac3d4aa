"""Why share at all: the same detector everywhere, on a real picture.

A Sobel filter slides over a photograph that scikit-image ships (the cameraman by default);
its feature map lights up wherever there is a vertical edge. Move the picture a few pixels and
the convolution's map moves with it, otherwise identical; a locally connected layer (the same
detector, slightly different at every position) does not. Then where sharing stops: stride 2.

    manim -qh scenes/content/why_share.py WhyShare

The picture, crop, shift and detector are this scene's own settings in ``[scenes.why_share]``.
"""
from __future__ import annotations

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UL, UP, Create, FadeIn, FadeOut, LaggedStart,
                   ReplacementTransform, TransformFromCopy, VGroup, Write)

from cnncore.equivariance import DETECTORS, FINDS, crop_problem, shift_study
from cnncore.params import Setting
from cnncore.sharing import reuse
from scenes.base import LectureScene
from scenes.files import exit_with
from scenes.visual import palette as P
from scenes.visual.layout import title
from scenes.visual.mobjects import CellArithmetic, Replace, FilterBank, Grid, fmt, frame_box, label, place, times
from scenes.visual.pixels import NEGATIVE, POSITIVE, PixelMap, Tiles

# Grey photographs that scikit-image ships inside its wheel (skimage/data/*.png: nothing is
# downloaded), with their shapes, so the parameter file is checked without loading them.
IMAGES = {
    "camera": (512, 512), "coins": (303, 384), "moon": (512, 512), "text": (172, 448),
    "page": (191, 384), "brick": (512, 512), "grass": (512, 512), "gravel": (512, 512),
    "clock": (300, 400), "cell": (660, 550), "checkerboard": (200, 200),
}
LEVELS = 10   # brightness 0 (black) .. 9 (white): small whole numbers, as everywhere in the lecture
WIDTH = 3.9   # the picture's width on screen in the first beats (frame units)


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
    chapter = "Why share: the same detector everywhere"
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
        self.colors = P.weight_colors(self.trace)
        self.picture_and_detector()
        self.same_detector_everywhere()
        self.move_the_picture()
        self.own_weights_everywhere()
        self.where_it_stops()

    # ---- helpers ------------------------------------------------------------------------------
    def _title(self, mob, text, size=20, color=P.TEXT):
        """A title over ``mob``, no wider than it."""
        t = label(text, size, color)
        left, right = max(mob.get_left()[0] - 0.05, -6.95), min(mob.get_right()[0] + 0.05, 6.95)
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
        edges, sense = FINDS[ws.detector]
        self.beat("A real picture, a classic detector",
                  f"A real photograph this time: the {s['image']} picture from scikit-image, {n} by {n} "
                  f"pixels, brightness from 0 for black to {LEVELS - 1} for white. And a classic edge "
                  f"detector, the Sobel filter for {edges} edges: nine weights, each in its own colour.")
        self.title = title("Why share? The same detector everywhere")
        pitch = WIDTH / n
        self.pic = self._picture(ws.x, pitch)
        self.pic.align_to([-6.9, 0, 0], LEFT).align_to([0, 2.8, 0], UP)
        self.pic_title = self._title(self.pic, f"x: {s['image']}, {n} x {n}, brightness 0..{LEVELS - 1}")
        self.map = self._feature(t.output[0], pitch, shown=np.zeros(t.out_shape[1:], dtype=bool))
        # output (i, j) is the window whose centre is pixel (i+1, j+1): the rows line up
        self.map.align_to([6.9, 0, 0], RIGHT).align_to([0, 2.8 - pitch * (t.tap_shape[1] // 2), 0], UP)
        self.map_title = self._title(self.map, f"feature map o, {ho} x {wo}")
        self.frames = VGroup(self.pic.frame(), self.map.frame())
        self.filters = FilterBank(t, self.colors, cell_size=0.7, labels=True, title_size=20,
                                  title=f"w: {ws.detector.replace('_', ' ')}", show_bias=False)
        place(self.filters, -2.6, 2.6, 3.3, 1.0, align=UP)
        legend = self._lines((f"orange: dark to bright, {sense}", 18, POSITIVE),
                             ("blue: bright to dark", 18, NEGATIVE),
                             (f"full colour at |o| = {ws.scale}", 18, P.MUTED), buff=0.1)
        self.legend = place(legend, 2.9, 6.9, self.map.get_bottom()[1] - 0.25, -3.9, align=UL)
        self.add(self.title)
        self.play(FadeIn(self.pic), FadeIn(self.frames[0]), run_time=1.2)
        self.until_said(f"{n} by {n}")
        self.play(FadeIn(self.pic_title), run_time=0.6)
        # the darkest and the brightest pixel, each with its brightness
        ends = VGroup()
        for r, c in (np.unravel_index(np.argmin(ws.x), ws.x.shape), np.unravel_index(np.argmax(ws.x), ws.x.shape)):
            box = self.pic.box(int(r), int(c), color=P.HIGHLIGHT, stroke_width=4)
            tag = label(fmt(ws.x[r, c]), 20, P.HIGHLIGHT).next_to(box, UP, buff=0.08)
            ends.add(VGroup(box, tag))
        self.until_said("brightness from 0")
        self.play(FadeIn(ends[0]), run_time=0.5)
        self.until_said(f"to {LEVELS - 1} for white")
        self.play(FadeIn(ends[1]), run_time=0.5)
        self.brightness_ends = ends
        self.checkpoint("brightness shown")
        self.until_said("And a classic edge detector")
        self.play(FadeOut(ends), FadeIn(self.filters), run_time=1.0)
        self.until_said("the Sobel filter")
        self.point_at(self.filters.grids[0][0], buff=0.06, hold=0)
        self.until_said("nine weights")
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
        under_t = label("x under the window", 18, P.MUTED)
        under_t.next_to(under, UP, buff=0.12)
        arith = CellArithmetic(t, cell, self.colors, cell_size=0.5, font_size=20, head="w × x")
        panel = VGroup(VGroup(under_t, under), arith).arrange(RIGHT, buff=0.4, aligned_edge=UP)
        place(panel, -2.6, 2.6, 0.7, -3.9, align=UP)
        focus = self.map.box(i, j, color=P.HIGHLIGHT, stroke_width=3)
        return VGroup(tiles, panel, focus), tiles, arith

    def same_detector_everywhere(self):
        ws, t = self.ws, self.trace
        r = reuse(t)
        ho, wo = t.out_shape[1:]
        edges, _ = FINDS[ws.detector]
        self.beat("The same detector everywhere",
                  "Lay the filter on the picture: each pixel under it takes the colour of the weight "
                  "it meets. Multiply, add up: one pixel of the feature map. On a dark-to-bright edge "
                  "the answer is large, on the opposite edge it is negative, on a flat patch it is "
                  f"zero. Then the same {r.n_weights} weights, in the same colours, at every position.")
        shown = np.zeros(t.out_shape[1:], dtype=bool)   # nothing computed yet
        self.map_parts = VGroup()
        current = None
        # the stops: the strongest edge, the opposite edge, a flat patch, each as the voice names it
        said = ("On a dark-to-bright edge", "on the opposite edge", "on a flat patch")
        for n, (i, j) in enumerate(ws.stops, 1):
            group, tiles, arith = self._window(i, j)
            new = np.zeros_like(shown)
            new[i, j] = True
            shown = shown | new
            if current is None:
                self.play(FadeIn(tiles.outline), run_time=self.pace.step)
                self.until_said("each pixel under it")
                taps = [TransformFromCopy(self.filters.weight_cell(w), tile)
                        for w, tile in zip(tiles.ids, tiles.tiles)]
                self.play(LaggedStart(*taps, lag_ratio=0.06), run_time=2 * self.pace.step)
                self.play(FadeIn(group[1][0]), run_time=self.pace.step)   # x under the window
                self.until_said("Multiply, add up")
                self.play(FadeIn(group[1][1]), run_time=self.pace.step)   # w × x
                self.until_said("one pixel of the feature map")
                self.play(FadeIn(group[2]), FadeIn(self.frames[1]), FadeIn(self.map_title), run_time=self.pace.step)
                self.remove(*tiles, *group[1:])
                self.add(group)
            else:
                self.until_said(said[n - 1])
                self.play(Replace(current, group), run_time=self.pace.step)
            self.window = current = group
            self.play(self._reveal(new), run_time=self.pace.step / 2)
            self.bring_to_front(group[2])   # the output pixel's frame over the pixel just lit
            self.checkpoint(f"stop {n} computed")
            if n == 1:
                self.until_said(said[0])
            # the answer as it is said: a frame around it; the colour it lights the map in
            box = frame_box(arith.sums[0], buff=0.1)
            self.play(FadeIn(box), *([FadeIn(self.legend[n - 1])] if n <= 2 else []), run_time=0.5)
            last = n == len(ws.stops)   # the arithmetic goes with it after the last stop
            self.play(FadeOut(box), *([FadeOut(current[1])] if last else []), run_time=0.5)
        # then every position, a few rows at a time
        self.until_said("Then the same")
        self.window = current = VGroup(current[0], current[2])
        step = max(1, ho // 6)
        for top in range(0, ho, step):
            rows = min(step, ho - top)
            tiles = Tiles(self.pic, t.cell(0, top + rows - 1, wo - 1), self.colors)
            new = np.zeros_like(shown)
            new[top:top + rows] = True
            new &= ~shown
            shown = shown | new
            group = VGroup(tiles, self.map.box(top, 0, rows, wo, stroke_width=3))
            self.play(Replace(current, group), self._reveal(new), run_time=self.pace.fast_step * 2)
            self.window = current = group
        # every pixel computed: the parts become one map
        full = self._feature(t.output[0], self.map.pitch).move_to(self.map)
        self.remove(self.map, *self.map_parts)
        self.map = full
        self.add(full)
        counter = label(f"{r.n_weights} weights, each used {times(r.uses_max)}", 22, P.HIGHLIGHT)
        lines = self._lines(("The map lights up wherever the", 22, P.TEXT),
                            (f"picture has {edges} edges: one detector,", 22, P.TEXT),
                            ("the same colours at every position,", 22, P.TEXT),
                            ("finds them everywhere.", 22, P.TEXT))
        self.summary = place(VGroup(counter, lines).arrange(DOWN, buff=0.3, aligned_edge=LEFT),
                             -2.6, 2.6, 0.5, -3.9, align=UP)
        self.counter = counter
        self.play(FadeOut(current), Write(counter), FadeIn(self.legend[2]), run_time=0.8)
        self.play(LaggedStart(*[Write(x) for x in lines], lag_ratio=0.3), run_time=1.2)
        self.checkpoint("map computed")

    # ---- the picture moves ----------------------------------------------------------------------
    # three columns (picture, convolution, locally connected), two rows (before, after the move)
    LEFTS = (-6.95, -3.85, -0.75)
    TOPS = (2.95, -0.6)
    SIDE = 2.9   # the picture's width in these beats

    def _at(self, mob, col, row, inset=0.0):
        """``mob`` with its top-left corner in column ``col``, row ``row`` (``inset``: down, so
        a feature map's rows line up with the picture's)."""
        return mob.align_to([self.LEFTS[col], 0, 0], LEFT).align_to([0, self.TOPS[row] - inset, 0], UP)

    def move_the_picture(self):
        ws, t = self.ws, self.trace
        c = ws.conv
        dy, dx = ws.shift
        down = f"{dy} down" if dy >= 0 else f"{-dy} up"
        right = f"{dx} right" if dx >= 0 else f"{-dx} left"
        self.beat("Move the picture: the map moves",
                  f"Now move the picture: {down} and {right}. Run the same detector again. The feature "
                  f"map moves by exactly the same amount and is otherwise identical: inside the grey "
                  f"frame, the largest difference is {c.largest}. That is translation equivariance, and "
                  "it comes from sharing the weights.")
        pitch = self.SIDE / ws.x.shape[0]
        inset = pitch * (t.tap_shape[1] // 2)
        pic = self._at(self._picture(ws.x, pitch), 0, 0)
        fmap = self._at(self._feature(c.before.output[0], pitch), 1, 0, inset)
        moved = self._at(self._picture(ws.moved, pitch), 0, 1)
        moved_map = self._at(self._feature(c.after.output[0], pitch), 1, 1, inset)
        conv_c = P.filter_color(0)
        titles = VGroup(self._title(pic, "x"), self._title(moved, f"x moved {down}, {right}"),
                        self._title(fmap, "convolution of x", color=conv_c),
                        self._title(moved_map, "convolution of moved x", color=conv_c))
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
                  FadeOut(self.pic_title), FadeOut(self.map_title), ReplacementTransform(self.pic, pic),
                  ReplacementTransform(self.map, fmap), run_time=1.0)
        self.pic, self.map = pic, fmap
        self.play(FadeIn(titles[0]), FadeIn(titles[2]), FadeIn(frames[0]), FadeIn(frames[2]),
                  Create(marks), run_time=0.5)
        # a copy comes down, then slides by the shift into the moved picture (and the new strip
        # of photograph that came into view), the window on the strongest edge with it
        step = moved.pixel_center(*c.moved_pixel(0, 0)) - moved.pixel_center(0, 0)
        ghost = self.pic.copy()
        self.play(ghost.animate.move_to(moved), FadeIn(titles[1]), FadeIn(frames[1]), run_time=0.7)
        self.play(FadeOut(ghost, shift=step), FadeIn(moved, shift=step), run_time=1.0)
        self.play(TransformFromCopy(marks[0], old[0]), run_time=0.4)
        self.play(TransformFromCopy(old[0], new[0]), run_time=0.6)
        # the same for the map: the old map, moved by the shift, is the map of the moved picture
        self.until_said("Run the same detector again")
        ghost = self.map.copy()
        self.play(ghost.animate.move_to(moved_map), FadeIn(titles[3]), FadeIn(frames[3]), run_time=1.0)
        self.until_said("The feature map moves")
        self.play(FadeOut(ghost, shift=step), FadeIn(moved_map, shift=step), run_time=1.2)
        self.play(TransformFromCopy(marks[1], old[1]), run_time=0.6)
        self.play(TransformFromCopy(old[1], new[1]), run_time=0.8)
        result = self._lines(("convolution:", 22, conv_c),
                             (f"the map moved {down}, {right},", 20, P.TEXT),
                             ("like the picture. Largest", 20, P.TEXT),
                             ("difference inside the grey frame:", 20, P.TEXT))
        value = label(fmt(c.largest), 30, P.HIGHLIGHT, weight="BOLD")
        named = self._lines(("translation equivariance,", 22, P.HIGHLIGHT),
                            ("from sharing the weights.", 20, P.TEXT))
        self.conv_result = place(VGroup(result, value, named).arrange(DOWN, buff=0.15, aligned_edge=LEFT),
                                 2.5, 6.8, 2.95, -0.45, align=UL)
        self.conv_value = value
        self.play(LaggedStart(*[Write(x) for x in result[:3]], lag_ratio=0.25), run_time=1.0)
        self.until_said("inside the grey frame")
        self.play(Create(interior), Write(result[3]), run_time=0.8)
        self.until_said("the largest difference is")
        self.point_at(value, buff=0.1, hold=0, along=[Write(value)])
        self.until_said("That is translation equivariance")
        self.play(Write(named[0]), run_time=0.8)
        self.until_said("it comes from sharing the weights")
        self.play(Write(named[1]), run_time=0.8)
        self.moved, self.moved_map = moved, moved_map
        self.shift_parts = VGroup(titles, frames, marks, old, new, interior)

    def own_weights_everywhere(self):
        ws, t = self.ws, self.trace
        lc = ws.local
        ho, wo = lc.before.out_shape[1:]
        self.beat("Own weights everywhere: the map does not just move",
                  f"Compare a locally connected layer of the same shape: every one of the {ho * wo} "
                  f"positions has its own copy of the Sobel filter, and in each copy one weight is "
                  f"changed by {'one' if ws.jitter == 1 else f'up to {ws.jitter}'}. Its map of the moved "
                  f"picture is not its map, moved: the largest difference is {lc.largest}. Without "
                  "sharing, a pattern is answered differently depending on where it lands.")
        pitch = self.SIDE / ws.x.shape[0]
        inset = pitch * (t.tap_shape[1] // 2)
        before = self._at(self._feature(lc.before.output[0], pitch), 2, 0, inset)
        after = self._at(self._feature(lc.after.output[0], pitch), 2, 1, inset)
        titles = VGroup(self._title(before, "locally connected, x", color=P.MUTED),
                        self._title(after, "locally connected, moved x", color=P.MUTED))
        i, j = ws.landmark
        mi, mj = lc.moved_cell(i, j)
        marks = VGroup(before.box(i, j), after.box(mi, mj),
                       after.box(*lc.interior_box, color=P.MUTED, stroke_width=1.5))
        frames = VGroup(before.frame(), after.frame())
        change = "one weight ± 1" if ws.jitter == 1 else f"one weight ± 1..{ws.jitter}"
        result = self._lines(("locally connected:", 22, P.MUTED),
                             (f"{ho * wo} copies of the filter,", 20, P.TEXT),
                             (f"each with {change}.", 20, P.TEXT),
                             ("Largest difference:", 20, P.TEXT))
        value = label(fmt(lc.largest), 30, P.HIGHLIGHT, weight="BOLD")
        named = self._lines(("Without sharing, the answer", 20, P.TEXT),
                            ("depends on where it lands.", 20, P.TEXT))
        self.local_result = place(VGroup(result, value, named).arrange(DOWN, buff=0.15, aligned_edge=LEFT),
                                  2.5, 6.8, -0.6, -3.9, align=UL)
        self.local_value = value
        self.play(FadeIn(before), FadeIn(titles[0]), FadeIn(frames[0]), Write(result[0]), run_time=1.2)
        self.until_said("every one of the")
        self.point_at(before, buff=0.08, hold=0, along=[Write(result[1])])
        self.until_said("and in each copy")
        self.play(Write(result[2]), run_time=0.8)
        self.until_said("Its map of the moved")
        self.play(FadeIn(after), FadeIn(titles[1]), FadeIn(frames[1]), run_time=1.0)
        self.until_said("is not its map, moved")
        self.play(Create(marks), run_time=0.8)
        self.until_said("the largest difference is")
        self.point_at(value, buff=0.1, hold=0, along=[Write(result[3]), Write(value)])
        self.until_said("Without sharing")
        self.play(Write(named[0]), run_time=0.8)
        self.until_said("depending on where it lands")
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
        self.beat("What sharing assumes, and where it stops",
                  "Sharing assumes that a pattern worth finding in one place is worth finding "
                  "everywhere. So a detector that should behave differently in one corner cannot. And "
                  "with stride 2 the output is only roughly equivariant: move the picture by one pixel "
                  "and the map changes; the closest it comes to the old map is a difference of "
                  f"{ws.strided_largest}. Move it by two pixels and the map moves by one cell exactly.")
        self.play(FadeOut(self.conv_result), FadeOut(self.local_result), FadeOut(self.local_parts),
                  FadeOut(self.shift_parts), FadeOut(self.pic), FadeOut(self.map), FadeOut(self.moved),
                  FadeOut(self.moved_map), run_time=0.6)
        pitch = 3.15 / ho
        a = self._feature(s0.before.output[0], pitch).align_to([-6.85, 0, 0], LEFT).align_to([0, 2.9, 0], UP)
        b = self._feature(s0.after.output[0], pitch).align_to([-3.35, 0, 0], LEFT).align_to([0, 2.9, 0], UP)
        titles = VGroup(self._title(a, f"stride 2: x, {ho} x {wo}"),
                        self._title(b, "x moved 1 right"))
        frames = VGroup(a.frame(), b.frame())
        numbers = self._lines(("Picture moved 1 pixel: the map cannot", 20, P.TEXT),
                              ("move half a cell. Largest difference,", 20, P.TEXT),
                              (f"map not moved: {fmt(s0.largest)},  moved 1 cell: {fmt(s1.largest)}", 22,
                               P.HIGHLIGHT),
                              ("Moved 2 pixels: the map moves 1 cell,", 20, P.TEXT),
                              (f"largest difference {fmt(ev.largest)}.", 20, P.TEXT))
        self.strided_numbers = place(numbers, -6.9, -0.1, a.get_bottom()[1] - 0.35, -3.9, align=UL)
        blocks = [self._lines(("Sharing assumes:", 22, P.HIGHLIGHT),
                              ("a pattern worth finding here", 20, P.TEXT),
                              ("is worth finding everywhere.", 20, P.TEXT)),
                  self._lines(("So it cannot:", 22, P.HIGHLIGHT),
                              ("treat one corner differently;", 20, P.TEXT),
                              ("one set of weights for all.", 20, P.TEXT)),
                  self._lines(("Stride 2 (and pooling):", 22, P.HIGHLIGHT),
                              ("equivariant only for moves", 20, P.TEXT),
                              ("by whole strides.", 20, P.TEXT))]
        self.notes = place(VGroup(*blocks).arrange(DOWN, buff=0.4, aligned_edge=LEFT), 0.6, 6.9, 2.9, -3.9,
                           align=UL)
        # what sharing assumes and what it cannot do, each as it is said; then stride 2
        self.play(Write(blocks[0][0]), run_time=0.6)
        self.until_said("a pattern worth finding")
        self.play(Write(blocks[0][1]), run_time=0.8)
        self.until_said("is worth finding everywhere")
        self.play(Write(blocks[0][2]), run_time=0.8)
        self.until_said("So a detector")
        self.play(Write(blocks[1][0]), run_time=0.6)
        self.until_said("should behave differently")
        self.play(Write(blocks[1][1]), run_time=0.8)
        self.until_said("cannot.")
        self.play(Write(blocks[1][2]), run_time=0.6)
        self.until_said("And with stride 2")
        self.play(FadeIn(a), FadeIn(titles[0]), FadeIn(frames[0]), run_time=0.8)
        self.until_said("only roughly equivariant")
        self.play(LaggedStart(*[Write(x) for x in blocks[2]], lag_ratio=0.3), run_time=1.2)
        self.until_said("move the picture by one pixel")
        self.play(FadeIn(b), FadeIn(titles[1]), FadeIn(frames[1]), Write(numbers[0]), run_time=0.8)
        self.until_said("and the map changes")
        self.play(Write(numbers[1]), run_time=0.6)
        self.until_said("the closest it comes")
        self.point_at(numbers[2], buff=0.1, hold=0, along=[Write(numbers[2])])
        self.until_said("Move it by two pixels")
        self.play(Write(numbers[3]), run_time=0.6)
        self.until_said("moves by one cell exactly")
        self.point_at(numbers[4], buff=0.1, hold=0, along=[Write(numbers[4])])
        self.strided_maps = VGroup(a, b)
