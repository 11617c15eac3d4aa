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
# Made by scenes/visual/palette_search.py (`python -m scenes.visual.palette_search` prints exactly
# this; tests/test_palette_search.py checks that it still does): simulated annealing over sRGB
# that maximises the smallest CIEDE2000 distance between two colours of one slice under normal
# vision and simulated protanopia, deuteranopia and tritanopia (at least 13.3 found), keeping
# every colour off the background, light, moderately saturated, with a text colour at 4.5:1 on
# it, and all 81 apart for normal vision (at least 4).
_SLICE_COLOURS = (
    (
        ("#ECBBFF", "#91DCB3", "#60A07C", "#1B60A5", "#DAFF8B", "#FAF3FD", "#977BF6", "#D5A924", "#7D8220"),
        ("#657AD4", "#E3806A", "#746042", "#FDD3FF", "#C2FEBD", "#A69CAC", "#F3FDF6", "#E3E85A", "#83ADFF"),
        ("#81579A", "#A44F03", "#4880F9", "#BFA819", "#B6F086", "#F3F5DC", "#3AB8E9", "#238E5B", "#40F8F5"),
    ),
    (
        ("#7C5B57", "#F3F8A5", "#C7D4D9", "#BF6614", "#1CBBFF", "#0F938C", "#EFA131", "#AEAD8B", "#2D6389"),
        ("#598767", "#F7FF6F", "#B285A1", "#9890FF", "#B7FFD5", "#596606", "#9042AE", "#F9C2EB", "#2DBF5F"),
        ("#05906E", "#A8B5C3", "#48ADFF", "#E9DE75", "#6BFDD2", "#C49118", "#B2481E", "#4C6269", "#8380A2"),
    ),
    (
        ("#EBEBFF", "#3E8A74", "#C7A8FF", "#37C5B9", "#6F872A", "#5A53AE", "#A5BD8E", "#7D75EE", "#ADFF93"),
        ("#A8AD15", "#93FFC9", "#645E6D", "#19B89E", "#C56C6B", "#B22E22", "#E0ECFA", "#2A5BBF", "#848CC0"),
        ("#C7AEEC", "#A93537", "#A2D1AE", "#02687F", "#AD871B", "#F2F6FF", "#916CE1", "#76907C", "#F2CB50"),
    ),
)
_FEW = (0, 7, 1)  # kernels of up to three weights (1-D): lavender, gold, mint: light, they read as thin lines
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

