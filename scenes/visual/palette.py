"""The lecture's one palette: every weight identity gets its own colour.

Colours are keyed on a weight's identity from the trace (``trace.weight_keys``), never on its
value, so the same weight has the same colour wherever it is used:

* the filter ``k`` and the input channel ``c`` pick a slice's set of nine colours
  (``_SLICE_COLOURS[k][c]``): no two weights of a 3x3x3 filter bank of three filters share one;
* the position ``(u, v)`` of a weight inside its filter slice picks one of the nine.

The nine colours of a slice stay apart for viewers with protanopia, deuteranopia and
tritanopia too (simulated with Machado et al. 2009): every two of them are at least
``MIN_CVD_DISTANCE`` apart in CIEDE2000 under every one of those simulations and normal vision,
and every number written on them has a WCAG contrast of at least 4.5:1
(``tests/test_palette_vision.py``). Colour is never the only cue: weights also carry names.
Filters larger than 3x3 (up to 25 weights a slice) get evenly spread hues, which are distinct
for normal vision only.

A locally connected or dense layer has far more weights than hues: their colours come from the
same generator with the extra identity spread over the hue circle (the palette "explodes").

Pure Python (no manim import), so the colour tests can run without rendering.
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
DARK_TEXT = "#101318"         # numbers on coloured (weight) cells

MIN_CVD_DISTANCE = 10.0  # CIEDE2000, between any two weights of one slice, for every vision

# Nine colours for every slice (filter k, channel c) of filters up to 3x3: _SLICE_COLOURS[k][c].
# Found by a search (simulated annealing over sRGB) that maximised, for all 81 together, the
# smallest CIEDE2000 distance between two colours of one slice under normal vision and
# simulated protanopia, deuteranopia and tritanopia (at least 11 found), while keeping every
# colour far from the background, moderately saturated, with a text colour at 4.5:1 on it, and
# all 81 apart for normal vision (at least 4).
_SLICE_COLOURS = (
    (
        ("#F7FF76", "#76902E", "#4A6A67", "#A370B6", "#FFCAEE", "#C0C134", "#DB9779", "#8EA3AE", "#39BBFF"),
        ("#ADA935", "#A68353", "#974E78", "#97A1D1", "#2381EB", "#F6FBDD", "#E7C489", "#42B396", "#7EF5FE"),
        ("#BF6971", "#26E6FF", "#247435", "#7C80A0", "#FFF066", "#AA8DFF", "#EEC6A8", "#F9FBF8", "#73B05F"),
    ),
    (
        ("#AFFFA4", "#3895E7", "#C6922D", "#3ECBFF", "#F6D3C8", "#357047", "#7F8A80", "#5F6372", "#8F44B3"),
        ("#B8BF59", "#2EF1DB", "#A98A75", "#5B83CA", "#95AEF1", "#6A6538", "#9C99B3", "#606862", "#AB3791"),
        ("#95A58A", "#45EABC", "#D989BD", "#FFDA69", "#9F9A0D", "#007713", "#797BE2", "#8A5662", "#6358B6"),
    ),
    (
        ("#E1C05A", "#DFC9EB", "#A57660", "#A267D6", "#3AD2A8", "#DD5B99", "#C2FFDB", "#C991CF", "#C11078"),
        ("#89C544", "#6CFBF0", "#A09CFF", "#31C3C5", "#C26908", "#A08595", "#DED6A1", "#B264AB", "#00734D"),
        ("#BEACFB", "#A17683", "#A8BCA2", "#69A35F", "#E8E6D7", "#F5DB8D", "#9484FF", "#B0EBFF", "#4A60AA"),
    ),
)
_FEW = (0, 8, 4)  # kernels of up to three weights (1-D): light colours that read as thin lines
# Larger filters: (lightness, chroma) bands per family, hues spread evenly.
_FAMILIES = ((0.80, 0.13), (0.68, 0.15), (0.88, 0.08))
_CHANNEL_TURN = 12.0  # larger filters: degrees the hues turn per input channel


def _oklch_to_hex(L: float, C: float, h_deg: float) -> str:
    h = math.radians(h_deg)
    a, b = C * math.cos(h), C * math.sin(h)
    l_ = L + 0.3963377774 * a + 0.2158037573 * b
    m_ = L - 0.1055613458 * a - 0.0638541728 * b
    s_ = L - 0.0894841775 * a - 1.2914855480 * b
    l, m, s = l_ ** 3, m_ ** 3, s_ ** 3
    rgb = (4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s,
           -1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s,
           -0.0041960863 * l - 0.7034186147 * m + 1.7076147010 * s)

    def encode(x):
        x = min(max(x, 0.0), 1.0)
        return 12.92 * x if x <= 0.0031308 else 1.055 * x ** (1 / 2.4) - 0.055
    return "#" + "".join(f"{round(encode(x) * 255):02X}" for x in rgb)


def tap_color(k: int, c: int, tap: int, n_taps: int = 9) -> str:
    """Colour of weight (k, c, tap) of a shared filter; ``tap`` = u * F + v."""
    if n_taps <= 3:  # thin edges of 1-D kernels: the slice's three brightest, most distinct
        return _SLICE_COLOURS[k % 3][c % 3][_FEW[tap]]
    if n_taps <= 9:
        return _SLICE_COLOURS[k % 3][c % 3][tap]
    L, C = _FAMILIES[k % len(_FAMILIES)]  # 5x5 filters and larger: spread evenly
    hue = (tap * 360.0 / n_taps * 7) % 360 if math.gcd(7, n_taps) == 1 else tap * 360.0 / n_taps
    return _oklch_to_hex(L, C, hue + _CHANNEL_TURN * c)


def spread_color(index: int, total: int) -> str:
    """One of ``total`` colours spread over the hue circle (the exploded palette of unshared layers)."""
    golden = 137.50776405
    L = (0.70, 0.80, 0.62)[index % 3]
    return _oklch_to_hex(L, 0.13, (index * golden) % 360)


def weight_colors(trace, family: str = "filter") -> list[str]:
    """Colour of every weight id of a trace (shared, local or dense), indexed by id.

    ``family="channel"`` (for a scene about channels) swaps the roles of filter and channel:
    the input channel picks the family band, so the slices of one filter are visibly different
    families, and the filter picks the slight turn.
    """
    keys = trace.weight_keys
    if trace.mode == "shared":
        _, fh, fw = trace.tap_shape
        if family == "channel":
            return [tap_color(int(c), int(k), int(u) * fw + int(v), fh * fw) for k, c, u, v in keys]
        if family != "filter":
            raise ValueError(f"family={family!r}: expected 'filter' or 'channel'")
        return [tap_color(int(k), int(c), int(u) * fw + int(v), fh * fw) for k, c, u, v in keys]
    return [spread_color(i, len(keys)) for i in range(len(keys))]


def filter_color(k: int) -> str:
    """The family colour of filter k (frames and titles of W_k and of output slice k)."""
    L, _ = _FAMILIES[k % len(_FAMILIES)]
    return _oklch_to_hex(min(L + 0.05, 0.95), 0.05, 240 + 60 * k)


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

