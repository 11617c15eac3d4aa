"""The palette's generator (scenes/visual/palette_search.py) is in the repository and works.

The stored palette (``palette._SLICE_COLOURS``) is exactly what the generator makes with its
defaults (seed and budget), colour for colour; the checker accepts it and can refuse; the search
is deterministic for a seed and differs between seeds; and the checker's colour maths agrees with
colour-science (the independent reference of test_palette_vision.py).
"""
import warnings

import numpy as np
import pytest

from scenes.visual import palette as P
from scenes.visual import palette_search as S

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import colour



def test_colour_maths_agree_with_colour_science():
    rng = np.random.default_rng(0)
    a, b = (rng.uniform([0, -90, -90], [100, 90, 90], (400, 3)) for _ in range(2))
    assert np.allclose(S.ciede2000(a, b), colour.delta_E(a, b, method="CIE 2000"), atol=1e-9)
    rgb8 = rng.integers(0, 256, (60, 3))
    mats = S.vision_matrices()
    for v, m in enumerate(mats):
        lin = np.clip(colour.cctf_decoding(rgb8 / 255, "sRGB") @ m.T, 0, 1)
        ref = colour.XYZ_to_Lab(colour.RGB_to_XYZ(lin, "sRGB", apply_cctf_decoding=False))
        assert np.abs(S.lab_seen(rgb8, mats)[v] - ref).max() < 0.02, S.VISIONS[v]


def test_the_stored_palette_is_one_the_checker_accepts():
    r = S.check(P._SLICE_COLOURS)
    assert S.accepts(P._SLICE_COLOURS), r
    assert min(r["slice_min"].values()) >= 13.3  # "at least 13.3 found" (palette.py)
    assert r["all_min_normal"] >= 4 and r["distinct"] == 81 and r["lightness_min"] >= S.MIN_LIGHTNESS


@pytest.fixture(scope="module")
def generated():
    return S.search()   # the defaults: seed S.SEED, S.STEPS steps a slice


def test_the_generator_reproduces_the_stored_palette(generated):
    assert generated == P._SLICE_COLOURS


def test_the_command_prints_the_stored_palette(generated, capsys, monkeypatch):
    asked = []

    def search(seed, steps):   # the search with its defaults, run once for the module (above)
        asked.append((seed, steps))
        return generated

    monkeypatch.setattr(S, "search", search)
    S.main([])
    assert asked == [(S.SEED, S.STEPS)]   # the command searches with the defaults
    printed = capsys.readouterr().out
    code = printed[:printed.index("\n)\n") + 3]
    scope = {}
    exec(code, scope)
    assert scope["_SLICE_COLOURS"] == P._SLICE_COLOURS
    assert "# accepted: True" in printed


def test_the_generator_is_deterministic_per_seed():
    assert S.search(seed=S.SEED + 1, steps=20) == S.search(seed=S.SEED + 1, steps=20)
    assert S.search(seed=S.SEED + 1, steps=20) != S.search(seed=S.SEED, steps=20)


def test_the_checker_can_refuse():
    slices = [list(map(list, k)) for k in P._SLICE_COLOURS]
    slices[0][0][1] = slices[0][0][0]  # two weights of a slice in one colour
    assert not S.accepts(slices)
    slices = [list(map(list, k)) for k in P._SLICE_COLOURS]
    slices[1][2][0], slices[1][2][1] = "#D55E00", "#5E9E00"  # apart for normal vision only
    r = S.check(slices)
    assert r["slice_min"]["normal"] > 10 > r["slice_min"]["deuteranopia"] and not S.accepts(slices)
    slices = [list(map(list, k)) for k in P._SLICE_COLOURS]
    slices[2][0][4] = "#16191F"  # next to the background
    assert S.check(slices)["background_min"] < S.MIN_BACKGROUND and not S.accepts(slices)
