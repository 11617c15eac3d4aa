"""The weight colours survive colour-blindness, and numbers on them are readable.

Independent reference: colour-science (Machado et al. 2009 simulation matrices, severity 1, and
its CIEDE2000). Threshold: any two weights of one filter slice (the nine colours a window shows
in one channel) are at least ``palette.MIN_CVD_DISTANCE`` = 10 apart in CIEDE2000 under normal
vision, protanopia, deuteranopia and tritanopia; every number has WCAG contrast >= 4.5:1 on its
cell. Weight names stay the second cue.
"""
import warnings
from itertools import combinations

import numpy as np
import pytest

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


def seen(hexes, matrix) -> np.ndarray:
    """CIE Lab of sRGB colours as a viewer with this simulation matrix sees them."""
    rgb = np.array([P.hex_to_rgb(h) for h in hexes])
    linear = np.clip(colour.cctf_decoding(rgb, "sRGB") @ np.asarray(matrix).T, 0, 1)
    return colour.XYZ_to_Lab(colour.RGB_to_XYZ(linear, "sRGB", apply_cctf_decoding=False))


def min_distance(hexes, matrix) -> float:
    lab = seen(hexes, matrix)
    return min(float(colour.delta_E(a, b, method="CIE 2000")) for a, b in combinations(lab, 2))


SLICES = [(k, c) for k in range(3) for c in range(3)]


@pytest.mark.parametrize("vision", VISIONS)
@pytest.mark.parametrize("k, c", SLICES)
def test_the_nine_weights_of_a_slice_stay_apart(vision, k, c):
    hexes = [P.tap_color(k, c, tap) for tap in range(9)]
    d = min_distance(hexes, VISIONS[vision])
    assert d >= P.MIN_CVD_DISTANCE, f"w{k} slice {c}, {vision}: two weights only {d:.1f} apart"


@pytest.mark.parametrize("vision", VISIONS)
def test_weight_colours_stand_off_the_background(vision):
    hexes = [P.tap_color(k, c, tap) for k, c in SLICES for tap in range(9)]
    lab = seen(hexes, VISIONS[vision])
    bg = seen([P.BACKGROUND], VISIONS[vision])[0]
    assert min(float(colour.delta_E(x, bg, method="CIE 2000")) for x in lab) >= 20


def test_every_weight_colour_is_its_own_for_normal_vision():
    """A filter bank of 3 filters x 3 channels: 81 weights, 81 colours, none confusable."""
    hexes = [P.tap_color(k, c, tap) for k, c in SLICES for tap in range(9)]
    assert len(set(hexes)) == 81
    assert min_distance(hexes, np.eye(3)) >= 4.0


def test_the_check_can_fail():
    """The simulation does collapse colours a normal viewer tells apart: red and green."""
    assert min_distance(["#D55E00", "#5E9E00"], np.eye(3)) > 30
    assert min_distance(["#D55E00", "#5E9E00"], VISIONS["deuteranopia"]) < P.MIN_CVD_DISTANCE


def every_cell_colour():
    yield from (P.tap_color(k, c, tap, n) for k in range(3) for c in range(3) for n in (9, 25)
                for tap in range(n))
    yield from (P.spread_color(i, 400) for i in range(400))
    yield from (P.CELL_FILL, P.PADDING_FILL)


def test_numbers_on_every_cell_colour_reach_wcag_aa():
    worst = min((P.contrast_ratio(P.text_on(fill), fill), fill) for fill in every_cell_colour())
    assert worst[0] >= 4.5, f"numbers on {worst[1]}: contrast {worst[0]:.2f}"


def test_contrast_ratio_matches_wcag_examples():
    assert P.contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert P.contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


def test_dimmed_padding_zeros_still_reach_wcag_aa():
    assert P.contrast_ratio(P.MUTED, P.PADDING_FILL) >= 4.5
