"""Pictures and feature maps too large for a number in every cell: one square pixel per value.

* ``grey(level, levels)``       -- the grey of a brightness level ``0..levels-1``;
* ``heat(value, scale)``        -- a feature-map value's colour: dark at 0, orange for positive
                                   responses, blue for negative ones, full at ``|value| = scale``;
* ``PixelMap``                  -- an array drawn as pixels (one path per colour, so a few draws
                                   per frame however large); ``pixel_center(r, c)`` is the
                                   scene point of pixel (r, c), ``box(r, c, rows, cols)`` an outline
                                   around a block of pixels, ``pixel_color(r, c)`` the colour it shows.

Colour maps are pure functions of the values the trace gives (no manim in them).
"""
from __future__ import annotations

import numpy as np
from manim import ORIGIN, Rectangle, VGroup, VMobject

from scenes.visual import palette as P

POSITIVE = "#FF9E3D"   # a response in the detector's sense (dark to bright, left to right)
NEGATIVE = "#4FB3FF"   # the opposite sense
ZERO = P.CELL_FILL     # no response


def _squares(cells, pitch: float) -> np.ndarray:
    """Bezier points of unit squares (4 straight cubic curves each) at grid cells (row, col)."""
    corners = np.array([[-0.5, 0.5], [0.5, 0.5], [0.5, -0.5], [-0.5, -0.5], [-0.5, 0.5]])
    t = np.array([0, 1 / 3, 2 / 3, 1])[:, None]
    one = np.concatenate([corners[k] + t * (corners[k + 1] - corners[k]) for k in range(4)])   # (16, 2)
    rc = np.array(cells, dtype=float).reshape(-1, 2)
    centres = np.stack([rc[:, 1], -rc[:, 0]], axis=1)
    pts = (centres[:, None, :] + one[None]) * pitch
    return np.concatenate([pts.reshape(-1, 2), np.zeros((pts.shape[0] * 16, 1))], axis=1)


def _mix(a: str, b: str, t: float) -> str:
    ra, rb = np.array(P.hex_to_rgb(a)), np.array(P.hex_to_rgb(b))
    return "#" + "".join(f"{round(v * 255):02X}" for v in ra + (rb - ra) * t)


def grey(level, levels: int) -> str:
    """Brightness ``level`` of ``0..levels-1`` as a grey (0 black, levels-1 white)."""
    v = round(float(level) / (levels - 1) * 255)
    return f"#{v:02X}{v:02X}{v:02X}"


def heat(value, scale) -> str:
    """A response's colour: ``ZERO`` at 0, towards ``POSITIVE`` / ``NEGATIVE`` with ``|value|``,
    reached at ``|value| >= scale``."""
    t = min(abs(float(value)) / float(scale), 1.0) if scale else 0.0
    return _mix(ZERO, POSITIVE if value > 0 else NEGATIVE, t)


class PixelMap(VGroup):
    """An array drawn as square pixels of side ``pitch``, each in the colour ``color_of(value)``.

    All the pixels of one colour are one path (``paths[colour]``), so a 32 x 32 picture of ten
    greys is ten Cairo draws per frame, and two maps of the same values have the same structure
    (a Transform between them is a pure move and scale). ``shown`` (optional, bool array) draws
    only those pixels: the part of a map computed so far.
    """

    def __init__(self, values, color_of, pitch: float = 0.11, shown=None, **kwargs):
        super().__init__(**kwargs)
        values = np.asarray(values)
        rows, cols = values.shape
        self.values, self.pitch, self.shape = values, pitch, (rows, cols)
        self.colors = [[color_of(values[r, c]) for c in range(cols)] for r in range(rows)]
        self.shown = np.ones((rows, cols), bool) if shown is None else np.asarray(shown, bool)
        # the outline (invisible) fixes the map's extent, however few pixels are shown
        self.outline = Rectangle(width=cols * pitch, height=rows * pitch, stroke_opacity=0, fill_opacity=0)
        self.outline.move_to(np.array([(cols - 1) * pitch / 2, -(rows - 1) * pitch / 2, 0]))
        self.add(self.outline)
        self.paths = {}
        for color in sorted({self.colors[r][c] for r, c in zip(*np.nonzero(self.shown))}):
            cells = [(r, c) for r, c in zip(*np.nonzero(self.shown)) if self.colors[r][c] == color]
            path = VMobject(fill_color=color, fill_opacity=1, stroke_color=color, stroke_width=0.6)
            path.set_points(_squares(cells, pitch))
            self.paths[color] = path
            self.add(path)
        self.move_to(ORIGIN)

    @classmethod
    def picture(cls, levels_array, levels: int, pitch: float = 0.11, **kwargs) -> "PixelMap":
        return cls(levels_array, lambda v: grey(v, levels), pitch, **kwargs)

    @classmethod
    def feature(cls, values, scale, pitch: float = 0.11, **kwargs) -> "PixelMap":
        return cls(values, lambda v: heat(v, scale), pitch, **kwargs)

    def _pitch_xy(self):
        return self.outline.width / self.shape[1], self.outline.height / self.shape[0]

    def pixel_center(self, r: int, c: int) -> np.ndarray:
        """The scene point at the centre of pixel (r, c)."""
        px, py = self._pitch_xy()
        left, top = self.outline.get_left()[0], self.outline.get_top()[1]
        return np.array([left + (c + 0.5) * px, top - (r + 0.5) * py, 0.0])

    def pixel_color(self, r: int, c: int) -> str:
        """The colour pixel (r, c) is drawn in."""
        return self.colors[r][c]

    def box(self, r: int, c: int, rows: int = 1, cols: int = 1, color: str = P.HIGHLIGHT,
            stroke_width: float = 4) -> Rectangle:
        """An outline around pixels ``r..r+rows-1`` x ``c..c+cols-1``."""
        px, py = self._pitch_xy()
        rect = Rectangle(width=cols * px, height=rows * py, stroke_color=color, stroke_width=stroke_width,
                         fill_opacity=0)
        a, b = self.pixel_center(r, c), self.pixel_center(r + rows - 1, c + cols - 1)
        return rect.move_to((a + b) / 2)

    def frame(self, color: str = P.GRID_LINE) -> Rectangle:
        """A thin outline around the whole map (black pixels stay visible on the background)."""
        return self.box(0, 0, *self.shape, color=color, stroke_width=1.5)


class Tiles(VGroup):
    """A filter laid on a ``PixelMap``: pixel (r+u, c+v) covered by a square in the colour of
    weight ``ids[u][v]``, with an outline around the window. ``tiles[t]`` is tap t's square."""

    def __init__(self, pixels: PixelMap, cell_trace, colors, **kwargs):
        super().__init__(**kwargs)
        px, _ = pixels._pitch_xy()
        self.tiles = VGroup()
        self.ids = []
        for (_, r, s), wid in zip(cell_trace.input_positions, cell_trace.weight_ids):
            sq = Rectangle(width=px, height=px, stroke_width=0.8, stroke_color=P.BACKGROUND,
                           fill_color=colors[int(wid)], fill_opacity=1)
            sq.move_to(pixels.pixel_center(int(r), int(s)))
            self.tiles.add(sq)
            self.ids.append(int(wid))
        self.outline = Rectangle(width=self.tiles.width, height=self.tiles.height,
                                 stroke_color=P.HIGHLIGHT, stroke_width=4).move_to(self.tiles)
        self.add(self.tiles, self.outline)


__all__ = ["NEGATIVE", "POSITIVE", "PixelMap", "Tiles", "ZERO", "grey", "heat"]
