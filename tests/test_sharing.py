"""cnncore.sharing: reuse counts and weight overlaps, against a hand count and the other modes."""
import numpy as np
import pytest

from cnncore.examples import cs231n_layer, example_layer, untied
from cnncore.sharing import reuse, slice_weights, weight_overlap


def test_reuse_of_a_padded_3x3_filter_counts_every_position():
    t = example_layer(1, channels=1, input_size=5, filters=1, kernel_size=3, stride=1, padding=1)
    r = reuse(t)
    assert (r.n_weights, r.uses_min, r.uses_max, r.total_uses) == (9, 25, 25, 225)
    assert r.uniform


def test_reuse_of_the_demo_layer():
    r = reuse(cs231n_layer())
    assert r.n_weights == 54 and r.uses_min == r.uses_max == 9 and r.total_uses == 54 * 9


def test_reuse_of_an_unshared_layer_is_one_use_per_weight():
    r = reuse(untied(cs231n_layer()))
    assert r.uses_min == r.uses_max == 1 and r.total_uses == r.n_weights


def test_same_depth_same_weights_other_depth_none_in_common():
    t = cs231n_layer()
    same = weight_overlap(t, (0, 0, 0), (0, 1, 0))
    assert same.same and same.n_common == same.n_a == 27
    other = weight_overlap(t, (0, 0, 0), (1, 0, 0))
    assert not other.same and other.n_common == 0 and other.n_b == 27


def test_unshared_layer_has_nothing_in_common_between_positions():
    o = weight_overlap(untied(cs231n_layer()), (0, 0, 0), (0, 1, 0))
    assert o.n_common == 0 and not o.same


def test_overlap_is_the_set_intersection_of_the_trace_ids():
    t = example_layer(3, channels=2, filters=3, kernel_size=2, stride=1)
    a, b = (1, 0, 1), (1, 2, 0)
    o = weight_overlap(t, a, b)
    want = set(t.weight_ids[a].tolist()) & set(t.weight_ids[b].tolist())
    assert set(o.common.tolist()) == want


def test_overlap_refuses_cells_outside_the_output():
    with pytest.raises(IndexError):
        weight_overlap(cs231n_layer(), (0, 0, 0), (2, 0, 0))


def test_slice_weights():
    t = cs231n_layer()
    for k in range(2):
        s = slice_weights(t, k)
        assert s.all_same and s.n_neurons == 9 and s.n_weights == 27
        assert np.array_equal(s.ids, np.arange(27) + 27 * k)
    assert not slice_weights(untied(t), 0).all_same
