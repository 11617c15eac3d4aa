"""Many distinct weights (locally connected, dense layers): the palette guarantees the distances
or says it cannot, so no panel claims "each edge its own weight" with near-identical colours.

Reference: colour-science's CIEDE2000 (normal vision).
"""
import warnings

import numpy as np
import pytest

from cnncore.examples import dense_layer, example_layer, untied
from cnncore.trace import conv1d
from scenes.visual import palette as P

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import colour


def lab(hexes):
    rgb = np.array([P.hex_to_rgb(h) for h in hexes])
    return colour.XYZ_to_Lab(colour.sRGB_to_XYZ(rgb))


def distances(a, b=None):
    la = lab(a)
    if b is None:
        i, j = np.triu_indices(len(a), 1)
        return colour.delta_E(la[i], la[j], method="CIE 2000")
    lb = lab(b)
    return colour.delta_E(la[:, None], lb[None], method="CIE 2000")


WEIGHTS = ([P.weight_color(k, c, u, v) for k in range(3) for c in range(3) for u in range(5) for v in range(5)]
           + [P.kernel_1d_color(k, v) for k in range(3) for v in range(5)])


@pytest.mark.parametrize("min_distance", (P.MIN_APART, P.MIN_ON_SCREEN))
def test_as_many_as_promised_are_that_far_apart_and_off_every_weight(min_distance):
    n = P.distinct_capacity(min_distance)
    got = P.distinct_colors(n, min_distance)
    assert len(set(got)) == n
    assert distances(got).min() >= min_distance
    assert distances(got, WEIGHTS).min() >= P.MIN_ON_SCREEN   # on screen beside the shared layer


def test_one_more_is_refused_with_the_capacity():
    n = P.distinct_capacity()
    with pytest.raises(P.NotDistinct, match=f"palette has {n} that are") as e:
        P.distinct_colors(n + 1)
    assert (e.value.n, e.value.capacity) == (n + 1, n)
    assert isinstance(e.value, ValueError)
    assert P.distinct_capacity(P.MIN_ON_SCREEN) > n


def test_the_capacity_is_the_true_one():
    """One more colour from the sequence would break the distance."""
    n = P.distinct_capacity()
    assert distances(P._DISTINCT[:n + 1]).min() < P.MIN_APART


def test_a_prefix_is_the_smaller_set():
    assert P.distinct_colors(35)[:15] == P.distinct_colors(15)
    assert P.distinct_colors(0) == ()


def layers_1d():
    shared = conv1d(np.arange(7), np.array([1, -1, 1]), padding=0)
    return shared, untied(shared), dense_layer(shared, 0)


def test_the_1d_diagram_every_edge_its_own_colour():
    """ColouredEdges1D's layers (7 inputs, kernel 3): 3, 15 and 35 weights, each its own
    colour, ten apart inside each layer and five from every other on screen."""
    shared, local, dense = layers_1d()
    colours = [P.weight_colors(t) for t in (shared, local, dense)]
    assert [len(c) for c in colours] == [3, 15, 35]
    for c in colours:
        assert distances(c).min() >= P.MIN_APART
    assert distances(colours[0], colours[1]).min() >= P.MIN_ON_SCREEN


def test_too_many_weights_are_grey_not_near_duplicates():
    """A dense layer over a 2-D input has more weights than the palette can tell apart: all grey."""
    t = dense_layer(example_layer(0, channels=1, filters=1, input_size=4, kernel_size=2), 0)
    assert t.n_weights > P.distinct_capacity()
    assert set(P.weight_colors(t)) == {P.UNSHARED}
    assert P.spread_color(0, t.n_weights) == P.UNSHARED
    assert P.spread_color(3, 35) == P.distinct_colors(35)[3]


def test_unshared_grey_is_no_weight_and_no_distinct_colour():
    others = WEIGHTS + list(P.distinct_colors(P.distinct_capacity()))   # what weight_colors can give
    assert distances([P.UNSHARED], others).min() >= P.MIN_ON_SCREEN
    assert P.contrast_ratio(P.UNSHARED, P.BACKGROUND) >= 3   # a line you see on the background


def test_the_scene_tests_least_distance_is_the_least_of_every_pair():
    """``tests.framecheck.least_delta_e`` (the scene tests' "no two of these closer than") is the
    smallest ``delta_e`` of every pair, one at a time, between two lists and inside one."""
    from tests.framecheck import delta_e, least_delta_e

    rng = np.random.default_rng(7)
    mine, others = ([f"#{int(v):06X}" for v in rng.integers(0, 1 << 24, n)] for n in (12, 20))
    assert least_delta_e(mine, others) == pytest.approx(min(delta_e(a, b) for a in mine for b in others), abs=1e-9)
    assert least_delta_e(mine) == pytest.approx(min(delta_e(a, b) for n, a in enumerate(mine) for b in mine[n + 1:]),
                                                abs=1e-9)
    assert least_delta_e(["#FF0000", "#00FF00"], ["#FF0000"]) == 0.0
