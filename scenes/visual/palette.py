"""The lecture's one palette: every weight identity has its own colour, the same in every scene.

A weight's colour is keyed on its identity (filter k, channel c, row u, column v), never on its
value nor on the shape of the layer a scene draws: ``weight_color(k, c, u, v)`` reads one table
(``_WEIGHT_COLOURS``) that covers every identity the parameter file allows (``FILTERS`` filters,
``CHANNELS`` channels, kernels up to ``SIDE`` x ``SIDE``: cnncore.params.Bounds). A 3x3 layer
shows the top-left 3x3 of each 5x5 slice, a 1-channel layer channel 0: a sub-block, as the
values are (cnncore.examples). What the table keeps (CIEDE2000, ``tests/test_palette_*.py``):

* two weights of one filter slice (the colours a window shows in one channel), any kernel up to
  5x5: at least ``MIN_APART`` (10) apart for normal vision;
* two weights of one filter's 3x3 core (27 colours of a 3x3x3 filter): at least ``MIN_APART``;
* two weights of one 3x3 slice: at least ``MIN_APART`` also under simulated protanopia,
  deuteranopia and tritanopia (Machado et al. 2009, severity 1);
* any two weights a lecture layer can show (all 225, and each filter's 1-D kernel): at least
  ``MIN_ON_SCREEN`` (5). A whole 5x5x3 filter (75 colours) cannot be 10 apart inside one
  lightness band: its slices are, and its core is; any two of it are at least 5 apart;
* **the filter is told by lightness** (``BANDS``): w0's tiles are light, w1's dark (light
  numbers), w2's between, with a gap between bands. Lightness is what every colour-vision
  deficiency keeps, it travels with the colour into every place a tile is drawn (filter cells,
  input tints, output swatches, edges), and it needs no legend; ``filter_band(colour)`` says
  which filter a colour's lightness belongs to, for normal vision and the three simulations;
* numbers on every colour reach WCAG AA (4.5:1) in one of the two text colours (``text_on``).

Weights names stay a third cue (colour is never the only one).

Layers with no sharing (locally connected, dense) have a new weight per connection: their
colours come from ``distinct_colors(n)``, which guarantees ``MIN_APART`` between any two of the n
and ``MIN_ON_SCREEN`` from every weight colour, or raises ``NotDistinct`` when n colours cannot
be that far apart (``distinct_capacity()``): then show the weights another way (``UNSHARED``
grey and a count). ``weight_colors`` does exactly that for unshared traces.

The tables are made offline by ``scenes/visual/palette_search.py`` (``python -m
scenes.visual.palette_search`` prints them; ``tests/test_palette_search.py`` checks that it
still does). Pure Python (no manim, no numpy), so the colour tests run without rendering.
"""
from __future__ import annotations

import math

BACKGROUND = "#101318"
TEXT = "#E8EAED"
MUTED = "#8A9099"
GRID_LINE = "#5C6370"
PADDING_FILL = "#23272E"      # padding cells: visibly different, dimmed
CELL_FILL = "#1B1F26"         # an input or output cell with no weight on it
HIGHLIGHT = "#FFD54A"         # the output cell being computed, the window outline
DARK_TEXT = "#101318"         # numbers on light coloured (weight) cells
UNSHARED = "#9A9A9A"          # weights too many to colour apart (drawn with a count instead)

# What the table covers: the parameter file's bounds (cnncore.params.Bounds, scenes.base.SCREEN).
FILTERS, CHANNELS, SIDE = 3, 3, 5
CORE = 3                      # the 3x3 core of every slice: the lecture's kernels, CVD-safe
ONE_D = CHANNELS              # the table's "channel" of each filter's 1-D kernel (its own weights)
MIN_APART = 10.0              # CIEDE2000: two weights of one slice, of one 3x3x3 core, of one claim "all different"
MIN_RING_APART = 7.0          # CIEDE2000: two weights of one 4x4 or 5x5 slice, not both in its 3x3 core
MIN_ON_SCREEN = 5.0           # CIEDE2000: any two weights that can be on screen together
MIN_CVD_DISTANCE = 7.0        # CIEDE2000: two weights of a 3x3 slice, under every simulated CVD
# CIELAB L* (normal vision) of each filter's colours: w0 light, w1 dark (light numbers), w2 between.
BANDS = ((76.0, 97.0), (28.0, 43.0), (55.0, 68.0))
BAND_NAMES = ("light", "dark", "mid")
# L* between the bands as every viewer sees them (measured: normal 8.1; protanopia 0.46, deuteranopia 2.6,
# tritanopia 2.7 between mid and light): they never overlap, but are thin under simulated CVD.
MIN_BAND_GAP = 0.4
MIN_FILTER_DISTANCE = 10.0    # CIEDE2000 between two filter colours, for every viewer

# Made by scenes/visual/palette_search.py: `python -m scenes.visual.palette_search` prints exactly
# these tables (tests/test_palette_search.py checks that it still does).
_WEIGHT_COLOURS = (
    "#C5C2E0", "#F3A4FF", "#9BFAFA", "#FEA6B6", "#ABE093",
    "#E5FF9F", "#CCB9B7", "#29E0C5", "#FBC8CC", "#C8D393",
    "#F1D7B6", "#FFEFE9", "#E8C374", "#B0C2B8", "#BDDEE7",
    "#BABDC4", "#96FFA4", "#C9FAD5", "#D5D45C", "#00E3F6",
    "#EFE1FD", "#A6C864", "#F8AA85", "#A0CDFF", "#E1B3A8",
    "#FBF262", "#00DD92", "#ABF3BA", "#C9BFCB", "#68E0D8",
    "#8CC9B0", "#F9AC45", "#ECC3DF", "#78D460", "#01FFC0",
    "#E1EDDB", "#DCF9FE", "#A8C0EC", "#FFCCA0", "#FBDDCD",
    "#F1C544", "#8CCC92", "#E0FFC5", "#D5DBE2", "#C6B2F2",
    "#AEDD56", "#FFB6F6", "#FFA9CD", "#AEE4DC", "#D7D3A9",
    "#FAF0B3", "#BEC2BD", "#A7DCFE", "#8BEEFF", "#01F9FC",
    "#FFCDC0", "#CDBF3C", "#94EF7B", "#22D0EF", "#D2FFF8",
    "#EBEEFD", "#06D0D5", "#A6C68A", "#53C9FF", "#EDF4F2",
    "#E8CAFF", "#D3B893", "#ABCCB0", "#56F4A0", "#BEDAD3",
    "#88CCC5", "#6ACEA6", "#F9ACA1", "#3CFFDA", "#FDDD79",
    "#7A3C09", "#8D43B5", "#676928", "#55565A", "#285D4D",
    "#00502B", "#81504D", "#8C0768", "#4B4D6E", "#6C4E26",
    "#14716C", "#003BA9", "#015577", "#4D5D3F", "#005B03",
    "#1A56C6", "#6D4086", "#985409", "#931B00", "#AE4030",
    "#3B5F6C", "#017520", "#923B62", "#705367", "#752E21",
    "#475160", "#596586", "#7A5E1C", "#705D7C", "#613907",
    "#665D60", "#593B98", "#35446F", "#3F5601", "#825733",
    "#583F2A", "#037250", "#1265BE", "#02646F", "#803415",
    "#974A7E", "#575305", "#A54800", "#4D59A6", "#4A5C50",
    "#711E6A", "#5B676E", "#496D46", "#7552B2", "#7A5E59",
    "#56543D", "#AE3091", "#8A0910", "#3B3C8B", "#744234",
    "#B9295B", "#710C85", "#436F08", "#665192", "#8A526D",
    "#5F55C8", "#5A605D", "#5D3E67", "#006997", "#82386B",
    "#883796", "#005669", "#774F04", "#AB006A", "#366F5C",
    "#6F5F42", "#3F597A", "#914B24", "#B70F2B", "#785F4F",
    "#C9949B", "#88874A", "#AC9BB8", "#03989E", "#B4A182",
    "#97846E", "#2687DE", "#C7668C", "#75AAA9", "#4B974D",
    "#87A10A", "#B179B4", "#0AB0F0", "#969783", "#FA539A",
    "#6BAE2F", "#E674DA", "#02A470", "#C28002", "#D86B61",
    "#1CB5CB", "#539EFF", "#A87C8F", "#ED8496", "#31BC66",
    "#28B3B8", "#9AA975", "#85927A", "#F17379", "#49951B",
    "#CA750C", "#23A747", "#D185EC", "#74958F", "#CD62AB",
    "#6E7AEB", "#F86FB8", "#8F8384", "#927BA6", "#FF7058",
    "#5D8F9E", "#848ECF", "#A89E43", "#96A7B7", "#BAA18D",
    "#C6978E", "#43A798", "#30A9FF", "#989DBE", "#C38F4E",
    "#A88804", "#5F9061", "#EE5564", "#7EA2F6", "#A783C7",
    "#A271E7", "#93A5A9", "#9D99F8", "#C87D6F", "#57A1AC",
    "#0A93B5", "#B4A715", "#08B090", "#FA6990", "#F18A5B",
    "#2093D0", "#1A9578", "#DC6328", "#06AED8", "#DF89B0",
    "#8F889F", "#71942E", "#7C8C89", "#A08E52", "#E2912E",
    "#F3AE73", "#E0FF76", "#08E0B1", "#83EDD6", "#C7FFAB",
    "#AA1C16", "#3A632B", "#174377", "#6B5F2E", "#5B4300",
    "#1A958B", "#E7714A", "#5681F8", "#897AD5", "#1FBB82",
)
_DISTINCT = (
    "#A87050", "#00F8E8", "#7090F8", "#F8E058", "#209028", "#F8E8F0", "#D840A0", "#388890",
    "#A8B098", "#908000", "#A090A0", "#60E078", "#F0B890", "#70C8E8", "#F8A0E0", "#E88888",
    "#E0F8F0", "#C0C0F8", "#9870C8", "#98B040", "#D8A020", "#888070", "#58A888", "#E04840",
    "#F8E8C0", "#F08038", "#B06878", "#788858", "#D0E898", "#A0E0C0", "#B07000", "#809098",
    "#D8B0B8", "#B0C0C8", "#B09868", "#1088B8", "#7880A0", "#C898F8", "#00C0B8", "#F04870",
    "#C0B0A0", "#B08880", "#B880A8", "#60B058", "#688800", "#80B8F8", "#C8C080", "#688878",
    "#90B8B0", "#C86010", "#A098C8", "#F880A8", "#90E0E0", "#D8D8D0", "#F89878", "#009060",
    "#60A0B8", "#D068D8", "#C89068", "#D0E0F8", "#0898F8", "#C8D8B8", "#987848", "#D8B8E0",
    "#B0B0C0", "#90B888", "#F8C070", "#00C8A0", "#F8A048", "#B86860", "#5880B0", "#987880",
    "#989890", "#989850", "#9080F8", "#B09800", "#E8C8C0", "#808088", "#A868A8", "#D8B830",
    "#B0E8F8", "#98A8E8", "#D8E860", "#68B8C0", "#C898D0", "#908860", "#B0A0A0", "#D06848",
    "#80A088", "#F0F8C8", "#F088F8", "#887890", "#589890", "#B08838", "#80F8C0", "#907870",
    "#90C870", "#788078", "#F8E8D8", "#D898B0", "#B8F878", "#60C888", "#D0B070", "#80A060",
    "#8098B8", "#A88870", "#9898A0", "#F8D8F0", "#E080C0", "#E8E090", "#D8D8F8", "#7078C8",
    "#D87088", "#C8C0A0", "#D84880", "#B0F8E8", "#B0B0B0", "#B8C838", "#98C8D0", "#E0F0F8",
    "#6088A0", "#C07840", "#B88088", "#90B8D0", "#C0A0B8", "#F8F8E8", "#889000", "#A0A078",
    "#E8C898", "#D0C8C8", "#D8A088", "#58A068", "#E0B0F8", "#B06890", "#B8B050", "#98A8A0",
    "#60A8D8", "#609040", "#688888", "#8880B8", "#D8A058", "#E08068", "#C0E8B8", "#E0C8D0",
    "#C050B8", "#B0C0D8", "#E0A0A0", "#E8C8B0", "#70C0B0", "#C8A8A0", "#B0C078", "#D0A880",
    "#509078", "#80A8B0", "#F8B8C8", "#A888E0", "#B08858", "#F8A068", "#A07800", "#B0A890",
    "#D05860", "#D0F0D8", "#C8D8D8", "#908040", "#00A0B8", "#A09088", "#F8B8E0", "#788068",
    "#B8B0D8", "#E860C0", "#B88068", "#88E0A0", "#708090", "#D8C8E0", "#B0C098", "#8868E0",
    "#C0A048", "#D88840", "#F8B8A0", "#98B8A0", "#B09098", "#88C040", "#D8D8C0", "#D08058",
    "#B060D0", "#C87878", "#A088A8", "#B0A0F0", "#E0C868", "#889870", "#5890C0", "#70D8E8",
    "#A0B8B8", "#70A898", "#F8F890", "#A87070", "#A0A810", "#709070", "#E070A0", "#987098",
    "#C0D0F8", "#8890A8", "#B8A868", "#A8B0D0", "#D0D0E0", "#D8C8B0", "#C85870", "#F0D898",
    "#C0B0C8", "#A87060", "#B878E0", "#C880C8", "#78B898", "#D8A0C8", "#88B058", "#809048",
    "#C88098", "#C0D8E8", "#987860", "#C0A8B0", "#488880", "#F8B840", "#C89030", "#A08888",
    "#78A880", "#B8B8A8", "#C09880", "#D8B098", "#E8E0E0", "#009850", "#E89888", "#28A0D0",
    "#B0B078", "#D85030", "#A8A0B0", "#B8A0D8", "#7088B8", "#90B0D8", "#B07838", "#68A040",
    "#8078A0", "#A09070", "#50D0C0", "#D87020", "#C0C868", "#C0B088", "#D8B050", "#80B8C8",
    "#C8D8C8", "#888880", "#88A048", "#C07048", "#80A0B0", "#D8B0C8", "#E090D8", "#F88878",
    "#989080", "#A8A098", "#68C050", "#E09870", "#B86850", "#F8D8D8", "#9870B0", "#68B0D0",
    "#18C0E8", "#A07870", "#70B878", "#E86048", "#88C8F0", "#F0F0D0", "#B890B8", "#489870",
    "#F0F8B0", "#E8B880", "#909898", "#A8F8D8", "#E8F8D8", "#7098D0", "#888870", "#F890C8",
    "#78A0C0", "#A0A858", "#A8C8E0", "#C090A8", "#70E8C0", "#C06870", "#E0D0C8",
)
_DISTINCT_MIN = (
    math.inf, math.inf, 52.6, 41.45, 37.66, 36.31, 33.85, 33.46,
    26.4, 24.71, 23.16, 22.91, 21.89, 21.84, 21.12, 19.79,
    19.39, 18.68, 17.78, 17.39, 17.3, 17.12, 16.6, 16.53,
    16.03, 15.62, 15.52, 14.78, 14.42, 13.95, 13.72, 13.6,
    13.59, 13.56, 13.46, 13.45, 13.22, 12.95, 12.6, 12.43,
    12.4, 12.38, 12.05, 11.85, 11.81, 11.69, 11.64, 11.61,
    11.56, 11.55, 11.12, 11.07, 10.99, 10.96, 10.95, 10.92,
    10.89, 10.86, 10.82, 10.75, 10.57, 10.45, 10.4, 10.36,
    10.29, 9.96, 9.94, 9.91, 9.83, 9.77, 9.57, 9.49,
    9.38, 9.34, 9.3, 9.21, 9.15, 9.12, 8.94, 8.9,
    8.89, 8.81, 8.77, 8.71, 8.68, 8.6, 8.59, 8.55,
    8.49, 8.48, 8.46, 8.46, 8.44, 8.44, 8.42, 8.42,
    8.41, 8.39, 8.38, 8.38, 8.38, 8.35, 8.18, 8.16,
    8.12, 8.12, 8.11, 8.11, 8.09, 8.06, 8.0, 7.98,
    7.93, 7.93, 7.87, 7.84, 7.83, 7.75, 7.7, 7.67,
    7.63, 7.61, 7.6, 7.6, 7.6, 7.6, 7.56, 7.5,
    7.47, 7.45, 7.44, 7.43, 7.34, 7.3, 7.29, 7.28,
    7.28, 7.27, 7.25, 7.25, 7.23, 7.22, 7.13, 7.13,
    7.12, 7.1, 7.09, 7.05, 7.04, 7.02, 6.95, 6.89,
    6.87, 6.85, 6.85, 6.85, 6.82, 6.81, 6.81, 6.8,
    6.79, 6.76, 6.76, 6.74, 6.7, 6.7, 6.69, 6.66,
    6.64, 6.62, 6.61, 6.58, 6.56, 6.55, 6.51, 6.51,
    6.49, 6.49, 6.48, 6.48, 6.44, 6.41, 6.36, 6.33,
    6.32, 6.3, 6.29, 6.28, 6.25, 6.24, 6.22, 6.16,
    6.16, 6.13, 6.11, 6.1, 6.09, 6.07, 6.06, 6.05,
    6.03, 6.02, 6.02, 6.01, 6.0, 5.97, 5.96, 5.94,
    5.93, 5.93, 5.87, 5.86, 5.85, 5.82, 5.82, 5.81,
    5.8, 5.8, 5.8, 5.77, 5.74, 5.74, 5.7, 5.68,
    5.66, 5.64, 5.63, 5.62, 5.61, 5.6, 5.58, 5.58,
    5.55, 5.53, 5.53, 5.51, 5.51, 5.5, 5.5, 5.48,
    5.47, 5.47, 5.45, 5.45, 5.45, 5.42, 5.41, 5.4,
    5.39, 5.38, 5.37, 5.36, 5.36, 5.36, 5.36, 5.31,
    5.31, 5.3, 5.29, 5.27, 5.26, 5.22, 5.21, 5.21,
    5.21, 5.19, 5.18, 5.17, 5.17, 5.17, 5.17, 5.16,
    5.16, 5.15, 5.15, 5.13, 5.11, 5.11, 5.1, 5.09,
    5.08, 5.05, 5.05, 5.04, 5.04, 5.03, 5.02, 5.01,
)
_FILTER_COLOURS = ("#ABF6BA", "#C48D46", "#04CD98")


class NotDistinct(ValueError):
    """More weights than the palette can colour ``min_distance`` apart."""

    def __init__(self, n: int, min_distance: float, capacity: int):
        self.n, self.min_distance, self.capacity = n, min_distance, capacity
        super().__init__(f"{n} colours cannot all be {min_distance:g} apart (CIEDE2000): the palette has"
                         f" {capacity} that are; show these weights another way (UNSHARED and a count)")


def _check_identity(k, c, u, v) -> None:
    if not (0 <= k < FILTERS and 0 <= c < CHANNELS and 0 <= u < SIDE and 0 <= v < SIDE):
        raise ValueError(f"weight ({k}, {c}, {u}, {v}): the palette colours filters 0..{FILTERS - 1},"
                         f" channels 0..{CHANNELS - 1}, rows and columns 0..{SIDE - 1}")


def weight_color(k: int, c: int, u: int, v: int) -> str:
    """The colour of weight (k, c, u, v): filter k, input channel c, row u, column v."""
    k, c, u, v = int(k), int(c), int(u), int(v)
    _check_identity(k, c, u, v)
    return _WEIGHT_COLOURS[((k * CHANNELS + c) * SIDE + u) * SIDE + v]


def kernel_1d_color(k: int, v: int) -> str:
    """The colour of weight v of filter k's 1-D kernel (w_1, w_2, ... of the 1-D diagrams: other
    weights than the 2-D w_k, so other colours, in filter k's band)."""
    k, v = int(k), int(v)
    if not (0 <= k < FILTERS and 0 <= v < SIDE):
        raise ValueError(f"1-D weight ({k}, {v}): the palette colours kernels 0..{FILTERS - 1} of up to {SIDE} weights")
    return _WEIGHT_COLOURS[FILTERS * CHANNELS * SIDE * SIDE + k * SIDE + v]


def tap_color(k: int, c: int, tap: int, n_taps: int = 9) -> str:
    """Old name: weight (k, c, tap) of a square filter of ``n_taps`` weights (``tap = u * F + v``);
    a non-square count (2, 3) is a 1-D kernel. Prefer ``weight_color``."""
    side = math.isqrt(n_taps)
    if side * side != n_taps:
        return kernel_1d_color(k, tap)
    return weight_color(k, c, *divmod(tap, side))


def distinct_capacity(min_distance: float = MIN_APART) -> int:
    """How many colours ``distinct_colors`` gives at least ``min_distance`` apart."""
    return max(n for n in range(len(_DISTINCT) + 1) if n < 2 or _DISTINCT_MIN[n] >= min_distance)


def distinct_colors(n: int, min_distance: float = MIN_APART) -> tuple[str, ...]:
    """n colours, every two at least ``min_distance`` apart (normal vision) and each at least
    ``MIN_ON_SCREEN`` from every weight colour; ``NotDistinct`` when the palette has not that many.
    The first n of one sequence: ``distinct_colors(n)[:m] == distinct_colors(m)``."""
    n = int(n)
    if n < 0:
        raise ValueError(f"n = {n}: a number of colours is at least 0")
    capacity = distinct_capacity(min_distance)
    if n > capacity:
        raise NotDistinct(n, min_distance, capacity)
    return _DISTINCT[:n]


def spread_color(index: int, total: int) -> str:
    """Old name: colour ``index`` of ``total`` distinct colours (``distinct_colors(total)``), or
    ``UNSHARED`` when the palette cannot give that many apart."""
    try:
        return distinct_colors(total)[index]
    except NotDistinct:
        return UNSHARED


def _is_1d(trace) -> bool:
    """A 1-D layer (cnncore.trace.conv1d): one channel, inputs in one row, kernels one row."""
    _, h, w = trace.x.shape
    return trace.tap_shape[:2] == (1, 1) and h == 1 and w > 1


def weight_colors(trace, family: str = "filter") -> list[str]:
    """Colour of every weight id of a trace (shared, local or dense), indexed by id.

    Shared: each identity's own colour (``weight_color``; a 1-D layer's kernels
    ``kernel_1d_color``). Local and dense: ``distinct_colors(n)`` when n weights can be
    ``MIN_APART`` apart, else every weight ``UNSHARED`` (say the count instead).
    ``family`` is accepted for old callers and changes nothing: a colour belongs to its identity.
    """
    if family not in ("filter", "channel"):
        raise ValueError(f"family={family!r}: expected 'filter' or 'channel'")
    keys = trace.weight_keys
    if trace.mode != "shared":
        try:
            return list(distinct_colors(len(keys)))
        except NotDistinct:
            return [UNSHARED] * len(keys)
    if _is_1d(trace):
        return [kernel_1d_color(k, v) for k, _, _, v in keys]
    return [weight_color(k, c, u, v) for k, c, u, v in keys]


def filter_color(k: int) -> str:
    """The colour of filter k's frames and titles (W_k, output slice k): readable text, in the
    lightness order of the bands (w0 lightest), far apart for every viewer."""
    return _FILTER_COLOURS[int(k) % FILTERS]


def lightness(color: str) -> float:
    """CIELAB L* (D65) of an sRGB colour."""
    y = relative_luminance(color)
    return 116 * (y ** (1 / 3) if y > (6 / 29) ** 3 else y / (3 * (6 / 29) ** 2) + 4 / 29) - 16


def filter_band(color: str) -> int | None:
    """The filter whose lightness band holds ``color`` (normal vision), or None."""
    L = lightness(color)
    return next((k for k, (lo, hi) in enumerate(BANDS) if lo <= L <= hi), None)


def hex_to_rgb(color: str) -> tuple[float, float, float]:
    color = color.lstrip("#")
    return tuple(int(color[i:i + 2], 16) / 255 for i in (0, 2, 4))


def relative_luminance(color: str) -> float:
    def lin(x):
        return x / 12.92 if x <= 0.04045 else ((x + 0.055) / 1.055) ** 2.4
    r, g, b = (lin(x) for x in hex_to_rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_on(fill: str) -> str:
    """The number colour with the better contrast on a cell of colour ``fill``."""
    return DARK_TEXT if contrast_ratio(DARK_TEXT, fill) >= contrast_ratio(TEXT, fill) else TEXT

