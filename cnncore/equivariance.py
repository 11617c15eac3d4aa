"""Why share: one detector everywhere, and what it does when the picture moves.

Pure numpy. A caller hands in a picture as an array (the scenes load it from scikit-image);
everything shown about it is computed here, with traces (``cnncore.trace``):

* ``picture(image, row, col, size, pixels, levels)`` -- a square crop of a photograph, averaged
  down to ``pixels`` x ``pixels`` and quantised to whole brightness levels ``0..levels-1`` (so
  every number is a small integer and every comparison below is exact);
* ``shift(x, dy, dx)`` -- content moved down ``dy`` and right ``dx`` (vacated cells filled);
* ``interior(...)`` -- the output cells of a moved input whose window saw only what was in view
  before the move, and whose counterpart exists: where equivariance can be asked for at all;
* ``shift_difference(moved_out, out, out_shift, mask)`` -- the largest
  ``|layer(moved x) - moved(layer(x))|`` over that interior (0 means: the output simply moved);
* ``shift_study(image, ...)`` -- everything a picture, a detector and a shift show about sharing, in one object:
  a Sobel (or Prewitt) convolution and a locally connected layer of the same shape (the same
  detector at every position, with one of its weights, drawn independently per position,
  changed by a whole number in ``-jitter..jitter`` other than 0), on the picture and on the
  picture moved by ``(dy, dx)``, and a stride-2 convolution on the picture moved by one pixel.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from .trace import Trace, conv2d, locally_connected2d

# Classic edge detectors (cross-correlation, as CNNs compute it): "_x" responds to a change of
# brightness from left to right (vertical edges), "_y" from top to bottom (horizontal edges).
DETECTORS = {
    "sobel_x": ((-1, 0, 1), (-2, 0, 2), (-1, 0, 1)),
    "sobel_y": ((-1, -2, -1), (0, 0, 0), (1, 2, 1)),
    "prewitt_x": ((-1, 0, 1), (-1, 0, 1), (-1, 0, 1)),
    "prewitt_y": ((-1, -1, -1), (0, 0, 0), (1, 1, 1)),
}
# What each detector finds: (the edges, the sense in which brightness grows for a positive answer).
FINDS = {
    "sobel_x": ("vertical", "left to right"), "prewitt_x": ("vertical", "left to right"),
    "sobel_y": ("horizontal", "top to bottom"), "prewitt_y": ("horizontal", "top to bottom"),
}


def full_scale(image: np.ndarray) -> float:
    """The brightness of white in ``image``'s type: 1 for bool and floats, the integer maximum else."""
    a = np.asarray(image)
    if a.dtype == bool or np.issubdtype(a.dtype, np.floating):
        return 1.0
    return float(np.iinfo(a.dtype).max)


def picture(image, row: int, col: int, size: int, pixels: int, levels: int = 10) -> np.ndarray:
    """The crop ``image[row:row+size, col:col+size]`` averaged over ``size/pixels`` square blocks
    and rounded to whole levels ``0..levels-1`` (0 black, ``levels-1`` white): (pixels, pixels) int.
    """
    a = np.asarray(image)
    if a.ndim != 2:
        raise ValueError(f"expected a grey picture (2-D), got shape {a.shape}")
    if size % pixels:
        raise ValueError(f"size={size} is not a multiple of pixels={pixels}")
    if row < 0 or col < 0 or row + size > a.shape[0] or col + size > a.shape[1]:
        raise ValueError(f"crop ({row}, {col}, {size}) lies outside the {a.shape[0]}x{a.shape[1]} picture")
    f = size // pixels
    block = a[row:row + size, col:col + size].astype(np.float64).reshape(pixels, f, pixels, f).mean((1, 3))
    return np.rint(block / full_scale(a) * (levels - 1)).astype(np.int64)


def moved_picture(image, row, col, size, pixels, dy, dx, levels=10) -> np.ndarray:
    """The picture moved down ``dy`` and right ``dx`` of its own pixels inside the same frame: the
    crop window moves the other way, so what comes into view is more of the photograph (not a
    blank strip). Equals ``shift(picture(...), dy, dx)`` wherever that is defined."""
    f = size // pixels
    return picture(image, row - dy * f, col - dx * f, size, pixels, levels)


def shift(x, dy: int, dx: int, fill=0) -> np.ndarray:
    """``x`` (..., H, W) with its content moved down ``dy`` and right ``dx`` cells; the cells it
    leaves are set to ``fill``."""
    x = np.asarray(x)
    h, w = x.shape[-2:]
    out = np.full_like(x, fill)
    if abs(dy) >= h or abs(dx) >= w:
        return out
    src_r = slice(max(0, -dy), h - max(0, dy))
    dst_r = slice(max(0, dy), h - max(0, -dy))
    src_c = slice(max(0, -dx), w - max(0, dx))
    dst_c = slice(max(0, dx), w - max(0, -dx))
    out[..., dst_r, dst_c] = x[..., src_r, src_c]
    return out


def interior(in_shape, dy: int, dx: int, kernel: int, stride: int = 1, padding: int = 0,
             out_shift=None) -> np.ndarray:
    """(Ho, Wo) bool: the output cells of the input moved by ``(dy, dx)`` at which equivariance
    can be asked for: the cell's window reads only input cells that were in view before the
    move (no padding, nothing that came in from outside), and the cell ``out_shift`` (default
    ``(dy, dx) / stride``, whole) before it exists in the output of the unmoved input."""
    h, w = in_shape
    if out_shift is None:
        if dy % stride or dx % stride:
            raise ValueError(f"a shift of ({dy}, {dx}) is no whole number of outputs at stride {stride}:"
                             " give out_shift")
        out_shift = (dy // stride, dx // stride)
    seen = shift(np.ones((1, h, w), dtype=np.int64), dy, dx)
    ones = np.ones((1, 1, kernel, kernel), dtype=np.int64)
    full = conv2d(seen, ones, np.zeros(1, np.int64), stride=stride, padding=padding).output[0]
    ok = full == kernel * kernel
    oy, ox = out_shift
    ho, wo = ok.shape
    ii, jj = np.meshgrid(np.arange(ho), np.arange(wo), indexing="ij")
    return ok & (ii - oy >= 0) & (ii - oy < ho) & (jj - ox >= 0) & (jj - ox < wo)


def shift_difference(moved_out, out, out_shift, mask) -> np.ndarray:
    """|layer(moved x) - moved(layer(x))| on ``mask`` (0 elsewhere): (..., Ho, Wo)."""
    moved_out, out = np.asarray(moved_out), np.asarray(out)
    diff = np.abs(moved_out - shift(out, *out_shift))
    return np.where(mask, diff, 0)


def largest_difference(moved_out, out, out_shift, mask) -> int | float:
    """The largest |layer(moved x) - moved(layer(x))| over ``mask`` (0: the output simply moved)."""
    return shift_difference(moved_out, out, out_shift, mask).max().item()


def perturbed(weights, out_hw, jitter: int, seed: int) -> np.ndarray:
    """A locally connected layer's weights (K, Ho, Wo, C, FH, FW): a copy of ``weights``
    (K, C, FH, FW) at every output position, in which one weight, drawn independently for every
    position, is changed by a whole number drawn from ``-jitter..jitter`` without 0.

    A small change (one weight of the nine, by 1 at ``jitter = 1``) is enough: the layer no
    longer answers a pattern the same way wherever it lands."""
    w = np.asarray(weights)
    rng = np.random.default_rng(seed)
    ho, wo = out_hw
    K, taps = w.shape[0], int(np.prod(w.shape[1:]))
    local = np.broadcast_to(w.reshape(K, 1, 1, taps), (K, ho, wo, taps)).copy()
    which = rng.integers(0, taps, size=(K, ho, wo))
    size = rng.integers(1, jitter + 1, size=(K, ho, wo)) * rng.choice((-1, 1), size=(K, ho, wo))
    np.put_along_axis(local, which[..., None], np.take_along_axis(local, which[..., None], -1) + size[..., None], -1)
    return local.reshape((K, ho, wo) + w.shape[1:])


@dataclass(frozen=True)
class Comparison:
    """One layer on a picture and on the picture moved by ``shift``: the two traces, the output
    shift the moved output should show, the interior where that is asked, and the difference."""

    name: str
    before: Trace
    after: Trace
    shift: tuple[int, int]       # how the input moved (rows, columns)
    out_shift: tuple[int, int]   # how the output should move
    mask: np.ndarray             # (Ho, Wo) the interior

    @cached_property
    def difference_map(self) -> np.ndarray:
        """(Ho, Wo): |layer(moved x) - moved(layer(x))| on the interior, 0 elsewhere."""
        return shift_difference(self.after.output[0], self.before.output[0], self.out_shift, self.mask)

    @property
    def largest(self) -> int:
        """The largest difference on the interior (0: the output simply moved)."""
        return int(self.difference_map.max())

    @property
    def interior_box(self) -> tuple[int, int, int, int]:
        """(row, col, rows, cols): the interior as a block of output cells."""
        rr, cc = np.nonzero(self.mask)
        return int(rr.min()), int(cc.min()), int(rr.max() - rr.min() + 1), int(cc.max() - cc.min() + 1)

    def moved_cell(self, i: int, j: int) -> tuple[int, int]:
        """Where output cell (i, j) of the unmoved picture should be after the move."""
        return i + self.out_shift[0], j + self.out_shift[1]

    def moved_pixel(self, r: int, c: int) -> tuple[int, int]:
        """Where input pixel (r, c) is after the move."""
        return r + self.shift[0], c + self.shift[1]

    @property
    def moved_before(self) -> np.ndarray:
        """(Ho, Wo): the output of the unmoved picture, moved by ``out_shift`` (0 where nothing moved in)."""
        return shift(self.before.output[0], *self.out_shift)


@dataclass(frozen=True)
class ShiftStudy:
    """Everything the "why share" scene shows, computed from one picture."""

    detector: str
    x: np.ndarray                 # (P, P) the picture, levels 0..levels-1
    moved: np.ndarray             # (P, P) the picture moved by ``shift``
    nudged: np.ndarray            # (P, P) the picture moved one pixel right (the stride-2 case)
    levels: int
    shift: tuple[int, int]
    jitter: int
    conv: Comparison              # the shared detector, stride 1
    local: Comparison             # locally connected: the detector, one weight changed, at every position
    strided: tuple[Comparison, ...]   # stride 2, moved 1 pixel right: output shift 0 and 1
    strided_even: Comparison      # stride 2, moved 2 pixels right: the output moves by 1

    @property
    def weights(self) -> np.ndarray:
        """(3, 3) the detector's weights."""
        return self.conv.before.weight_values.reshape(self.conv.before.tap_shape)[0]

    @property
    def scale(self) -> int:
        """The largest |output| of the convolution, on the picture and on the moved picture: one
        colour scale for every map shown (the locally connected layer's larger values saturate)."""
        return int(max(np.abs(self.conv.before.output).max(), np.abs(self.conv.after.output).max()))

    @property
    def strided_largest(self) -> int:
        """The stride-2 layer, input moved one pixel: the smallest largest-difference over the
        output shifts it could have moved by (0 or 1 cells). Non-zero: not equivariant."""
        return min(c.largest for c in self.strided)

    @cached_property
    def stops(self) -> tuple[tuple[int, int], ...]:
        """Three output cells worth stopping at: the strongest response, the strongest response
        of the opposite sign, and a cell with no response nearest the middle."""
        out = self.conv.before.output[0]
        ho, wo = out.shape
        ii, jj = np.meshgrid(np.arange(ho), np.arange(wo), indexing="ij")
        off_centre = np.abs(ii - (ho - 1) / 2) + np.abs(jj - (wo - 1) / 2)
        flat = np.where(out == 0, off_centre, np.inf)
        cells = [np.unravel_index(np.argmax(out), out.shape), np.unravel_index(np.argmin(out), out.shape),
                 np.unravel_index(np.argmin(flat), out.shape)]
        return tuple((int(i), int(j)) for i, j in cells)

    @cached_property
    def landmark(self) -> tuple[int, int]:
        """(i, j): the strongest response of the convolution on the unmoved picture among the
        cells that are still in the interior after the move (where to put a marker)."""
        oy, ox = self.conv.out_shift
        ho, wo = self.conv.mask.shape
        src = shift(self.conv.mask.astype(np.int64), -oy, -ox).astype(bool)
        strength = np.where(src, np.abs(self.conv.before.output[0]), -1)
        i, j = np.unravel_index(np.argmax(strength), strength.shape)
        return int(i), int(j)


def crop_problem(image_shape, crop, pixels: int, shift_by) -> str | None:
    """Why ``crop = (row, col, size)`` cannot be shown (or None): ``size`` must be a multiple of
    ``pixels``, and the crop must lie inside the picture, also when moved by ``shift_by`` and by
    1 and 2 pixels to the right (the stride-2 case)."""
    row, col, size = crop
    if size < pixels or size % pixels:
        return f"size (the third number) must be a multiple of pixels = {pixels}"
    f = size // pixels
    dy, dx = shift_by
    rows = (row, row - dy * f)
    cols = (col, col - dx * f, col - f, col - 2 * f)
    h, w = image_shape[:2]
    if min(rows) < 0 or max(rows) + size > h or min(cols) < 0 or max(cols) + size > w:
        return (f"[row, col, size] must lie inside the picture's {h} x {w} pixels, also moved by the"
                f" shift ({dy * f}, {dx * f} photo pixels) and by {f} and {2 * f} photo pixels to the right")
    return None


def shift_study(image, crop, pixels: int, shift_by, detector: str = "sobel_x", levels: int = 10,
              jitter: int = 1, seed: int = 0) -> ShiftStudy:
    """The picture ``crop = (row, col, size)`` of ``image`` at ``pixels`` x ``pixels``, moved by
    ``shift_by = (dy, dx)``; the detector as a convolution and as a perturbed locally connected
    layer on both, and at stride 2 on the picture moved by 1 (and 2) pixels."""
    row, col, size = crop
    dy, dx = shift_by
    w = np.asarray(DETECTORS[detector], dtype=np.int64)[None, None]
    b = np.zeros(1, np.int64)
    x = picture(image, row, col, size, pixels, levels)
    moved = moved_picture(image, row, col, size, pixels, dy, dx, levels)
    f = w.shape[-1]

    def comparison(name, layer, after_x, moved_by, stride=1, out_shift=None):
        out_shift = out_shift or (moved_by[0] // stride, moved_by[1] // stride)
        mask = interior(x.shape, *moved_by, f, stride=stride, out_shift=out_shift)
        return Comparison(name, layer(x), layer(after_x), tuple(moved_by), tuple(out_shift), mask)

    conv = comparison("convolution", lambda a: conv2d(a[None], w, b), moved, (dy, dx))
    out_hw = conv.before.out_shape[1:]
    lw = perturbed(w, out_hw, jitter, seed)
    lb = np.zeros((1,) + out_hw, np.int64)
    local = comparison("locally connected", lambda a: locally_connected2d(a[None], lw, lb), moved, (dy, dx))

    nudged = moved_picture(image, row, col, size, pixels, 0, 1, levels)
    twice = moved_picture(image, row, col, size, pixels, 0, 2, levels)

    def s2(a):
        return conv2d(a[None], w, b, stride=2)

    strided = tuple(comparison("stride 2", s2, nudged, (0, 1), stride=2, out_shift=(0, o)) for o in (0, 1))
    strided_even = comparison("stride 2", s2, twice, (0, 2), stride=2)
    return ShiftStudy(detector, x, moved, nudged, levels, (dy, dx), jitter, conv, local, strided, strided_even)


__all__ = ["Comparison", "DETECTORS", "FINDS", "ShiftStudy", "crop_problem", "full_scale", "interior", "largest_difference",
           "moved_picture", "perturbed", "picture", "shift", "shift_difference", "shift_study"]
