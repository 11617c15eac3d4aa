"""The colour key a viewer can trust (issue #24 item 3), measured with colour-science.

Independent reference: colour-science's CIEDE2000 and its Machado et al. (2009) simulation
matrices at severity 1 (protanopia, deuteranopia, tritanopia). Over every weight identity the
parameter file allows (3 filters, 3 channels, kernels up to 5x5: cnncore.params.Bounds /
scenes.base.SCREEN) and each filter's 1-D kernel:

* two weights of one 3x3 slice, or of one filter's 3x3x3 core, are at least ``MIN_APART`` (10)
  apart for normal vision, of one 5x5 slice ``MIN_RING_APART`` (7); any two at least
  ``MIN_ON_SCREEN`` (5);
* two weights of one 3x3 slice stay ``MIN_CVD_DISTANCE`` apart under every simulated CVD;
* a tile's filter is told by its lightness, for every viewer: the simulated lightness ranges of
  the three filters do not overlap;
* the colour of (k, c, u, v) is the same whatever the shape of the layer drawing it;
* numbers on every colour reach WCAG AA.
"""
import warnings

import numpy as np
import pytest

from cnncore.examples import example_layer
from cnncore.params import Bounds
from cnncore.trace import conv1d
from scenes.base import SCREEN
from scenes.visual import palette as P

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import colour

VISIONS = {"normal": np.eye(3)}
with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # colour-science notes its tritanomaly model is an approximation
    for name, kind in (("protanopia", "Protanomaly"), ("deuteranopia", "Deuteranomaly"),
                       ("tritanopia", "Tritanomaly")):
        VISIONS[name] = colour.matrix_cvd_Machado2009(kind, 1.0)
CVD = [v for v in VISIONS if v != "normal"]


def seen(hexes, matrix=np.eye(3)) -> np.ndarray:
    """CIE Lab of sRGB colours as a viewer with this simulation matrix sees them."""
    rgb = np.array([P.hex_to_rgb(h) for h in hexes])
    linear = np.clip(colour.cctf_decoding(rgb, "sRGB") @ np.asarray(matrix).T, 0, 1)
    return colour.XYZ_to_Lab(colour.RGB_to_XYZ(linear, "sRGB", apply_cctf_decoding=False))


def pair_distances(hexes, matrix=np.eye(3)) -> np.ndarray:
    lab = seen(hexes, matrix)
    i, j = np.triu_indices(len(hexes), 1)
    return colour.delta_E(lab[i], lab[j], method="CIE 2000")


def min_distance(hexes, matrix=np.eye(3)) -> float:
    return float(pair_distances(hexes, matrix).min())


K, C, S = range(P.FILTERS), range(P.CHANNELS), P.SIDE


def slice_colours(k, c, side=S):
    return [P.weight_color(k, c, u, v) for u in range(side) for v in range(side)]


def filter_colours(k, side=S):
    return [h for c in C for h in slice_colours(k, c, side)]


def every_weight_colour():
    return [h for k in K for h in filter_colours(k)] + [P.kernel_1d_color(k, v) for k in K for v in range(S)]


def test_the_palette_covers_every_layer_the_parameter_file_allows():
    for b in (Bounds(), SCREEN):
        assert (P.FILTERS, P.CHANNELS, P.SIDE) == (b.max_filters, b.max_channels, b.max_kernel)
    assert len(set(every_weight_colour())) == len(every_weight_colour()) == 3 * 3 * 25 + 3 * 5
    with pytest.raises(ValueError, match="filters 0..2"):
        P.weight_color(3, 0, 0, 0)


@pytest.mark.parametrize("side", (1, 2, 3, 4, 5))
@pytest.mark.parametrize("k, c", [(k, c) for k in K for c in C])
def test_two_weights_of_one_slice_are_apart_for_normal_vision(k, c, side):
    """Ten apart in a 3x3 slice (and smaller); in a 4x4 or 5x5 one, MIN_RING_APART (7)."""
    d = min_distance(slice_colours(k, c, side)) if side > 1 else np.inf
    want = P.MIN_APART if side <= P.CORE else P.MIN_RING_APART
    assert d >= want, f"w{k} slice {c} ({side}x{side}): two weights only {d:.1f} apart"


@pytest.mark.parametrize("k", K)
def test_two_weights_of_one_3x3x3_filter_are_ten_apart(k):
    d = min_distance(filter_colours(k, P.CORE))
    assert d >= P.MIN_APART, f"w{k}, 3x3x3: two weights only {d:.1f} apart"


@pytest.mark.parametrize("k", K)
def test_a_whole_5x5x3_filter_keeps_the_on_screen_minimum(k):
    assert min_distance(filter_colours(k)) >= P.MIN_ON_SCREEN


def test_no_two_weights_on_screen_together_are_closer_than_five():
    """Any two of the 225 weights of the largest layer and the 1-D kernels' 15."""
    assert min_distance(every_weight_colour()) >= P.MIN_ON_SCREEN


@pytest.mark.parametrize("k", K)
def test_a_1d_kernel_is_ten_apart_and_not_a_2d_weight(k):
    kernel = [P.kernel_1d_color(k, v) for v in range(S)]
    assert min_distance(kernel[:3]) >= P.MIN_APART and min_distance(kernel) >= P.MIN_RING_APART
    for v in range(3):
        assert P.kernel_1d_color(k, v) not in filter_colours(k)
    for vision in CVD:
        assert min_distance(kernel[:3], VISIONS[vision]) >= P.MIN_CVD_DISTANCE, vision


@pytest.mark.parametrize("vision", CVD)
@pytest.mark.parametrize("k, c", [(k, c) for k in K for c in C])
def test_the_nine_weights_of_a_3x3_slice_stay_apart_for_colour_blind_viewers(vision, k, c):
    d = min_distance(slice_colours(k, c, P.CORE), VISIONS[vision])
    assert d >= P.MIN_CVD_DISTANCE, f"w{k} slice {c}, {vision}: two weights only {d:.1f} apart"


def lightness_ranges(vision):
    return [(seen(filter_colours(k), VISIONS[vision])[:, 0].min(), seen(filter_colours(k), VISIONS[vision])[:, 0].max())
            for k in K]


@pytest.mark.parametrize("vision", VISIONS)
def test_a_tiles_filter_is_told_by_its_lightness_for_every_viewer(vision):
    """w0 light, w2 between, w1 dark: the lightness ranges of the filters, as this viewer sees
    them, do not overlap, so any tile's filter is known from its lightness alone."""
    (lo0, hi0), (lo1, hi1), (lo2, hi2) = lightness_ranges(vision)
    assert hi1 + P.MIN_BAND_GAP <= lo2 and hi2 + P.MIN_BAND_GAP <= lo0, lightness_ranges(vision)


def test_the_bands_are_what_palette_says():
    for k in K:
        assert all(P.filter_band(h) == k for h in filter_colours(k) + [P.kernel_1d_color(k, v) for v in range(S)])
    assert P.filter_band(P.BACKGROUND) is None


@pytest.mark.parametrize("vision", VISIONS)
def test_filter_colours_are_apart_for_every_viewer_and_readable(vision):
    f = [P.filter_color(k) for k in K]
    assert min_distance(f, VISIONS[vision]) >= P.MIN_FILTER_DISTANCE
    assert all(P.contrast_ratio(h, P.BACKGROUND) >= 4.5 for h in f)
    L = seen(f, VISIONS[vision])[:, 0]
    assert L[0] > L[2] > L[1]   # the bands' order: w0 lightest, w1 darkest


LAYERS = [dict(channels=1, filters=1, kernel_size=3), dict(channels=3, filters=2, kernel_size=3),
          dict(channels=3, filters=3, kernel_size=5, input_size=5), dict(channels=2, filters=3, kernel_size=2),
          dict(channels=3, filters=1, kernel_size=1), dict(channels=1, filters=2, kernel_size=4, input_size=6)]


def test_a_weights_colour_does_not_depend_on_the_layers_shape():
    seen_at = {}
    for shape in LAYERS:
        t = example_layer(0, **shape)
        for family in ("filter", "channel"):
            for key, colour_ in zip(t.weight_keys, P.weight_colors(t, family=family)):
                assert seen_at.setdefault(tuple(int(x) for x in key), colour_) == colour_, (shape, key)
    assert len(seen_at) == 225


def test_a_1d_layer_has_its_kernels_own_colours():
    t = conv1d(np.arange(7), np.array([[1, -1, 1], [0, 1, 1]]))
    assert P.weight_colors(t) == [P.kernel_1d_color(k, v) for k in range(2) for v in range(3)]
    assert not set(P.weight_colors(t)) & set(every_weight_colour()[:225])


@pytest.mark.parametrize("vision", VISIONS)
def test_weight_colours_stand_off_the_background(vision):
    lab = seen(every_weight_colour(), VISIONS[vision])
    bg = seen([P.BACKGROUND], VISIONS[vision])[0]
    assert colour.delta_E(lab, bg, method="CIE 2000").min() >= 20


def test_the_check_can_fail():
    """The simulation does collapse colours a normal viewer tells apart: red and green."""
    assert min_distance(["#D55E00", "#5E9E00"]) > 30
    assert min_distance(["#D55E00", "#5E9E00"], VISIONS["deuteranopia"]) < P.MIN_CVD_DISTANCE


def every_cell_colour():
    yield from every_weight_colour()
    yield from P.distinct_colors(P.distinct_capacity(P.MIN_ON_SCREEN), P.MIN_ON_SCREEN)
    yield from (P.CELL_FILL, P.PADDING_FILL, P.UNSHARED)


def test_numbers_on_every_cell_colour_reach_wcag_aa():
    worst = min((P.contrast_ratio(P.text_on(fill), fill), fill) for fill in every_cell_colour())
    assert worst[0] >= 4.5, f"numbers on {worst[1]}: contrast {worst[0]:.2f}"


def test_dark_tiles_take_light_numbers():
    assert {P.text_on(h) for h in filter_colours(1)} == {P.TEXT}
    assert {P.text_on(h) for h in filter_colours(0) + filter_colours(2)} == {P.DARK_TEXT}


def test_contrast_ratio_matches_wcag_examples():
    assert P.contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert P.contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


def test_dimmed_padding_zeros_still_reach_wcag_aa():
    assert P.contrast_ratio(P.MUTED, P.PADDING_FILL) >= 4.5


def test_lightness_is_cielab():
    hexes = ["#000000", "#FFFFFF", "#808080", "#D55E00", "#5E9E00"]
    assert [P.lightness(h) for h in hexes] == pytest.approx(list(seen(hexes)[:, 0]), abs=0.01)
