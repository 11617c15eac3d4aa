"""The palette's generator (scenes/visual/palette_search.py) is in the repository and works.

The stored tables (``palette._WEIGHT_COLOURS``, ``_DISTINCT``, ``_DISTINCT_MIN``,
``_FILTER_COLOURS``) are exactly what the generator makes with its defaults (seed and budget),
colour for colour; the checker accepts them and can refuse; the search is deterministic for a
seed and differs between seeds; and the checker's colour maths agrees with colour-science (the
independent reference of test_palette_vision.py).
"""
import math
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


def test_the_table_is_in_identity_order():
    keys = S.identities()
    assert len(keys) == len(P._WEIGHT_COLOURS) == 240
    for n, (k, c, u, v) in enumerate(keys):
        want = P.kernel_1d_color(k, v) if c == P.ONE_D else P.weight_color(k, c, u, v)
        assert P._WEIGHT_COLOURS[n] == want


def test_the_stored_palette_is_one_the_checker_accepts():
    r = S.check(P._WEIGHT_COLOURS)
    assert S.accepts(P._WEIGHT_COLOURS), r
    assert r["ratio_min"] >= 1 and r["all_min_normal"] >= P.MIN_ON_SCREEN and r["in_bands"]
    assert r["core_slice_min_cvd"] >= P.MIN_CVD_DISTANCE


def test_the_distinct_sequence_is_what_its_minima_say():
    lab = S.lab_seen(S.to_rgb8(P._DISTINCT), S.vision_matrices()[:1])[0]
    for n in (2, 10, 35, len(P._DISTINCT)):
        i, j = np.triu_indices(n, 1)
        assert S.ciede2000(lab[i], lab[j]).min() == pytest.approx(P._DISTINCT_MIN[n], abs=0.01)
    assert list(P._DISTINCT_MIN[2:]) == sorted(P._DISTINCT_MIN[2:], reverse=True)
    assert P._DISTINCT_MIN[:2] == (math.inf, math.inf) and len(P._DISTINCT_MIN) == len(P._DISTINCT) + 1


# The whole search (a few minutes on 2 cores): run by `make palette-check`, not by `make test`
# (the stored tables are checked by the tests above and by test_palette_vision.py either way).
search = pytest.mark.search


@pytest.fixture(scope="module")
def generated():
    return S.search()   # the defaults: seed S.SEED, S.STEPS steps a stage


@search
def test_the_generator_reproduces_the_stored_palette(generated):
    assert generated["weights"] == P._WEIGHT_COLOURS
    assert generated["distinct"] == P._DISTINCT and generated["distinct_min"] == P._DISTINCT_MIN
    assert generated["filters"] == P._FILTER_COLOURS


@search
def test_the_command_prints_the_stored_palette(generated, capsys, monkeypatch):
    asked = []

    def search(seed, steps):   # the search with its defaults, run once for the module (above)
        asked.append((seed, steps))
        return generated

    monkeypatch.setattr(S, "search", search)
    S.main([])
    assert asked == [(S.SEED, S.STEPS)]
    printed = capsys.readouterr().out
    scope = {"math": math}
    exec(printed, scope)
    for name in ("_WEIGHT_COLOURS", "_DISTINCT", "_DISTINCT_MIN", "_FILTER_COLOURS"):
        assert scope[name] == getattr(P, name), name
    assert "# accepted: True" in printed


def test_the_generator_is_deterministic_per_seed():
    assert S.search_weights(seed=S.SEED + 1, steps=20) == S.search_weights(seed=S.SEED + 1, steps=20)
    assert S.search_weights(seed=S.SEED + 1, steps=20) != S.search_weights(seed=S.SEED, steps=20)


def test_the_checker_can_refuse():
    keys = [tuple(k) for k in S.identities()]
    at = {k: n for n, k in enumerate(keys)}

    def changed(**edits):
        table = list(P._WEIGHT_COLOURS)
        for key, value in edits.values():
            table[at[key]] = value
        return table
    # two weights of a slice in one colour
    assert not S.accepts(changed(a=((0, 1, 2, 2), P.weight_color(0, 1, 0, 0))))
    # apart for normal vision only: a 3x3 slice with a red and a green
    t = changed(a=((1, 2, 0, 0), "#8E2A2A"), b=((1, 2, 0, 1), "#2E5A1E"))
    r = S.check(t)
    assert r["core_slice_min_cvd"] < P.MIN_CVD_DISTANCE and not S.accepts(t)
    # out of its filter's band (a light colour for the dark filter w1)
    t = changed(a=((1, 0, 4, 4), "#F0F0F0"))
    assert not S.check(t)["in_bands"] and not S.accepts(t)
    # next to the background
    t = changed(a=((2, 0, 4, 4), "#16191F"))
    assert S.check(t)["background_min"] < S.MIN_BACKGROUND and not S.accepts(t)
