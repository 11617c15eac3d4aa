"""cnncore.variants (and dilated conv2d) against independent references: brute-force loops
written here, scipy, and the identities that tie the variants together."""
import itertools
import re

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.signal import convolve2d, correlate2d

from cnncore import GeometryError, conv2d, output_size
from cnncore.params import LAYER_SCHEMA, LayerParams
from cnncore.variants import (conv_transpose2d, depthwise_conv2d, example_grouped, example_separable,
                              example_transposed, grouped_conv2d, matching_conv, separable_conv2d,
                              transposed_output_size, variant_param_counts)

FEW = settings(max_examples=60, deadline=None)


# ---- brute-force references --------------------------------------------------------------------

def transposed_loop(x, w, b, s, p, d, a, dtype=np.int64):
    """Scatter every input value times every weight, one by one; crop p, add bias. With
    ``dtype=object`` (and object arrays) every sum is a Python integer, exact at any size."""
    K, h, wd = x.shape
    _, C, f, _ = w.shape
    full = (h - 1) * s + d * (f - 1) + 1 + a
    canvas = np.zeros((C, full, (wd - 1) * s + d * (f - 1) + 1 + a), dtype=dtype)
    for k, i, j, c, u, v in itertools.product(range(K), range(h), range(wd), range(C), range(f), range(f)):
        canvas[c, i * s + u * d, j * s + v * d] += x[k, i, j] * w[k, c, u, v]
    out = canvas[:, p:canvas.shape[1] - p, p:canvas.shape[2] - p]
    return out + b[:, None, None]


def transposed_scipy(x, w, b, s, p, d, a):
    """Dumoulin & Visin: insert s-1 zeros between inputs, then a full 2-D convolution with the
    dilated kernel; add output_padding rows at the end, crop p."""
    K, h, wd = x.shape
    _, C, f, _ = w.shape
    z = np.zeros((K, (h - 1) * s + 1, (wd - 1) * s + 1), dtype=np.int64)
    z[:, ::s, ::s] = x
    kd = np.zeros((K, C, d * (f - 1) + 1, d * (f - 1) + 1), dtype=np.int64)
    kd[:, :, ::d, ::d] = w
    full = sum(np.stack([convolve2d(z[k], kd[k, c], mode="full") for c in range(C)]) for k in range(K))
    full = np.pad(full, ((0, 0), (0, a), (0, a)))
    return full[:, p:full.shape[1] - p, p:full.shape[2] - p] + b[:, None, None]


def conv_loop(x, w, b, s, p, d):
    C, h, wd = x.shape
    K, _, f, _ = w.shape
    xp = np.pad(x, ((0, 0), (p, p), (p, p)))
    ho = (h + 2 * p - d * (f - 1) - 1) // s + 1
    wo = (wd + 2 * p - d * (f - 1) - 1) // s + 1
    out = np.zeros((K, ho, wo), dtype=np.int64)
    for k, i, j in itertools.product(range(K), range(ho), range(wo)):
        acc = b[k]
        for c, u, v in itertools.product(range(C), range(f), range(f)):
            acc += w[k, c, u, v] * xp[c, i * s + u * d, j * s + v * d]
        out[k, i, j] = acc
    return out


def grouped_loop(x, w, b, g, s, p, d, dtype=np.int64):
    C = x.shape[0]
    K, cg, f, _ = w.shape
    xp = np.pad(x, ((0, 0), (p, p), (p, p)))
    ho = (x.shape[1] + 2 * p - d * (f - 1) - 1) // s + 1
    out = np.zeros((K, ho, ho), dtype=dtype)
    for k, i, j in itertools.product(range(K), range(ho), range(ho)):
        first = (k // (K // g)) * (C // g)
        acc = b[k]
        for c, u, v in itertools.product(range(cg), range(f), range(f)):
            acc += w[k, c, u, v] * xp[first + c, i * s + u * d, j * s + v * d]
        out[k, i, j] = acc
    return out


# ---- transposed ----------------------------------------------------------------------------------

@st.composite
def transposed_layers(draw):
    K, C = draw(st.integers(1, 2)), draw(st.integers(1, 2))
    h = draw(st.integers(1, 4))
    f = draw(st.integers(1, 3))
    s = draw(st.integers(1, 3))
    p = draw(st.integers(0, 2))
    d = draw(st.integers(1, 2))
    a = draw(st.integers(0, s - 1))
    assume((h - 1) * s - 2 * p + d * (f - 1) + a + 1 >= 1)
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    return (rng.integers(-4, 5, (K, h, h)), rng.integers(-3, 4, (K, C, f, f)), rng.integers(-3, 4, (C,)),
            s, p, d, a)


@FEW
@given(transposed_layers())
def test_transposed_equals_a_brute_force_scatter_and_scipy(layer):
    x, w, b, s, p, d, a = layer
    t = conv_transpose2d(x, w, b, stride=s, padding=p, dilation=d, output_padding=a)
    want = transposed_loop(x, w, b, s, p, d, a)
    assert t.output.shape == want.shape
    assert np.array_equal(t.output, want)
    assert np.array_equal(t.output, transposed_scipy(x, w, b, s, p, d, a))


@FEW
@given(transposed_layers())
def test_transposed_is_the_transpose_of_the_matching_convolutions_unrolled_matrix(layer):
    x, w, b, s, p, d, a = layer
    t = conv_transpose2d(x, w, b, stride=s, padding=p, dilation=d, output_padding=a)
    conv = matching_conv(t)
    assert conv.out_shape == (w.shape[0],) + x.shape[1:], "the convolution maps the output's shape back"
    assert np.array_equal(t.unrolled(), conv.unrolled().T)
    W = conv.unrolled_values()
    assert np.array_equal(t.output.ravel(), W.T @ x.ravel() + np.repeat(b, t.output[0].size))
    # adjoint: <conv(y), x> == <y, convT(x)> for any y (biases zero)
    y = np.random.default_rng(1).integers(-3, 4, t.out_shape)
    cy = conv2d(y, w, np.zeros(w.shape[0], dtype=np.int64), stride=s, padding=p, dilation=d).output
    tx = conv_transpose2d(x, w, np.zeros(w.shape[1], dtype=np.int64), stride=s, padding=p, dilation=d,
                          output_padding=a).output
    assert (cy * x).sum() == (y * tx).sum()


@FEW
@given(transposed_layers())
def test_every_output_cell_lists_exactly_the_stamps_that_landed_on_it(layer):
    x, w, b, s, p, d, a = layer
    t = conv_transpose2d(x, w, b, stride=s, padding=p, dilation=d, output_padding=a)
    for c, r, q in t.cells():
        cell = t.cell(c, r, q)
        assert cell.total == t.output[c, r, q]
        assert cell.count == t.overlap_counts[c, r, q]
        assert np.array_equal(cell.products, cell.weight_values * cell.inputs)
        for (k, i, j), wid, xin in zip(cell.sources, cell.weight_ids, cell.inputs):
            assert xin == x[k, i, j]
            kk, cc, u, v = t.weight_keys[wid]
            assert (kk, cc) == (k, c)
            assert (i * s + u * d - p, j * s + v * d - p) == (r, q), "the weight lands where its stamp puts it"
    # every stamp's in-frame taps are found again, once, in the cells
    total = sum(t.stamp(*ijk).inside.sum() for ijk in t.input_cells())
    assert total == t.overlap_counts.sum()


def test_stride_2_leaves_a_checkerboard_of_overlaps():
    t = conv_transpose2d(np.ones((1, 3, 3), dtype=np.int64), np.ones((1, 1, 3, 3), dtype=np.int64),
                         np.zeros(1, dtype=np.int64), stride=2)
    assert t.out_shape == (1, 7, 7)
    row = [1, 1, 2, 1, 2, 1, 1]
    assert np.array_equal(t.overlap_counts[0], np.array([[a * b for b in row] for a in row]))
    assert np.array_equal(t.output[0], t.overlap_counts[0]), "ones times ones: the sum is the count"
    # the stamps are laid one after another; after all of them the canvas is the output
    assert np.array_equal(t.canvas_after(9), t.canvas)
    assert t.counts_after(1).sum() == 9 and t.counts_after(2).max() == 2


@settings(max_examples=200, deadline=None)
@given(n=st.integers(1, 9), f=st.integers(1, 5), s=st.integers(*LAYER_SCHEMA["stride"][1:]),
       p=st.integers(*LAYER_SCHEMA["padding"][1:]), d=st.integers(*LAYER_SCHEMA["dilation"][1:]),
       a=st.integers(*LAYER_SCHEMA["output_padding"][1:]))
def test_transposed_output_size_follows_conv_arithmetic_for_every_accepted_setting(n, f, s, p, d, a):
    o = (n - 1) * s - 2 * p + d * (f - 1) + a + 1
    if a >= s or o < 1:
        with pytest.raises(GeometryError):
            transposed_output_size(n, f, p, s, d, a)
        return
    assert transposed_output_size(n, f, p, s, d, a) == o
    # Relationship 14 of Dumoulin & Visin: the convolution of o maps back to n, with a = (o + 2p - d(k-1) - 1) mod s
    assert output_size(o, f, p, s, d) == n
    assert (o + 2 * p - d * (f - 1) - 1) % s == a
    lp = LayerParams(input_size=n, kernel_size=f, stride=s, padding=p, dilation=d, output_padding=a,
                     channels=1, filters=1)
    assert lp.transposed_output_size == o


def test_transposed_refuses_output_padding_not_smaller_than_the_stride():
    with pytest.raises(GeometryError, match="smaller than the stride"):
        conv_transpose2d(np.ones((1, 2, 2)), np.ones((1, 1, 3, 3)), np.zeros(1), stride=2, output_padding=2)


# ---- dilated -------------------------------------------------------------------------------------

@FEW
@given(st.integers(1, 3), st.integers(1, 3), st.integers(0, 2), st.integers(1, 3), st.integers(0, 2**31))
def test_dilated_conv_against_a_loop_and_scipy(d, s, p, f, seed):
    rng = np.random.default_rng(seed)
    n = d * (f - 1) + 1 + rng.integers(0, 4)
    x, w, b = rng.integers(-4, 5, (2, n, n)), rng.integers(-3, 4, (2, 2, f, f)), rng.integers(-3, 4, (2,))
    t = conv2d(x, w, b, stride=s, padding=p, dilation=d)
    assert np.array_equal(t.output, conv_loop(x, w, b, s, p, d))
    kd = np.zeros((2, 2, d * (f - 1) + 1, d * (f - 1) + 1), dtype=np.int64)
    kd[:, :, ::d, ::d] = w
    xp = np.pad(x, ((0, 0), (p, p), (p, p)))
    ref = np.stack([sum(correlate2d(xp[c], kd[k, c], mode="valid") for c in range(2))[::s, ::s] + b[k]
                    for k in range(2)])
    assert np.array_equal(t.output, ref)
    # the trace: a window's taps are d apart, its receptive field d(f-1)+1 wide, its weights the same
    cell = t.cell(0, 0, 0)
    rows = sorted(set(cell.positions[:, 1].tolist()))
    assert np.all(np.diff(rows) == d) and rows[-1] - rows[0] + 1 == d * (f - 1) + 1
    assert t.n_weights == conv2d(x[:, :f, :f], w, b).n_weights == 2 * 2 * f * f


# ---- grouped, depthwise, pointwise, separable ----------------------------------------------------

@st.composite
def grouped_layers(draw):
    g = draw(st.sampled_from([1, 2, 3]))
    C, K = g * draw(st.integers(1, 2)), g * draw(st.integers(1, 2))
    f, s, p, d = draw(st.integers(1, 3)), draw(st.integers(1, 2)), draw(st.integers(0, 1)), draw(st.integers(1, 2))
    n = d * (f - 1) + 1 + draw(st.integers(0, 3))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    return (rng.integers(-4, 5, (C, n, n)), rng.integers(-3, 4, (K, C // g, f, f)), rng.integers(-3, 4, (K,)),
            g, s, p, d)


@FEW
@given(grouped_layers())
def test_grouped_against_a_loop_and_every_cell_reads_only_its_groups_channels(layer):
    x, w, b, g, s, p, d = layer
    t = grouped_conv2d(x, w, b, groups=g, stride=s, padding=p, dilation=d)
    assert np.array_equal(t.output, grouped_loop(x, w, b, g, s, p, d))
    K, C = w.shape[0], x.shape[0]
    for k, i, j in t.cells():
        cell = t.cell(k, i, j)
        assert cell.total == t.output[k, i, j]
        assert set(cell.channels.tolist()) == set(t.channels_of(k))
        assert set(cell.positions[:, 0].tolist()) <= set(t.channels_of(k))
        assert all(t.weight_keys[wid][0] == k for wid in cell.weight_ids), "only filter k's weights"
        assert all(t.weight_channel(wid) == ch for wid, ch in zip(cell.weight_ids, cell.channels))
        ref = sum(t.weight_values[wid] * t.x_padded[c, r, q] for wid, (c, r, q) in zip(cell.weight_ids, cell.positions))
        assert ref + b[k] == cell.total
    assert t.channels_read().sum() == K * (C // g)
    assert t.n_weights == variant_param_counts(C, K, w.shape[2], groups=g)["grouped"]["weights"]


@FEW
@given(grouped_layers())
def test_grouped_with_one_group_is_the_plain_convolution(layer):
    x, w, b, g, s, p, d = layer
    w1 = np.random.default_rng(0).integers(-3, 4, (w.shape[0], x.shape[0]) + w.shape[2:])
    t = grouped_conv2d(x, w1, b, groups=1, stride=s, padding=p, dilation=d)
    plain = conv2d(x, w1, b, stride=s, padding=p, dilation=d)
    assert np.array_equal(t.output, plain.output)
    for k, i, j in plain.cells():
        a, c = t.cell(k, i, j), plain.cell(k, i, j)
        assert np.array_equal(a.positions, c.positions) and np.array_equal(a.weight_ids, c.weight_ids)


def test_depthwise_is_grouped_with_as_many_groups_as_channels():
    rng = np.random.default_rng(3)
    x, w, b = rng.integers(-4, 5, (3, 5, 5)), rng.integers(-3, 4, (6, 1, 3, 3)), rng.integers(-3, 4, (6,))
    dw = depthwise_conv2d(x, w, b, padding=1)
    gr = grouped_conv2d(x, w, b, groups=3, padding=1)
    assert dw.groups == 3 and np.array_equal(dw.output, gr.output)
    assert np.array_equal(dw.channels_read(), np.repeat(np.eye(3, dtype=bool), 2, axis=0)), "no channels mix"
    for c in range(3):   # each output slice is a 2-D correlation of its own channel only
        for m in range(2):
            k = 2 * c + m
            ref = correlate2d(np.pad(x[c], 1), w[k, 0], mode="valid") + b[k]
            assert np.array_equal(dw.output[k], ref)


def test_pointwise_is_one_weight_per_filter_and_channel_at_every_position():
    rng = np.random.default_rng(4)
    x, w = rng.integers(-4, 5, (3, 4, 4)), rng.integers(-3, 4, (2, 3, 1, 1))
    t = conv2d(x, w, np.zeros(2, dtype=np.int64))
    assert np.array_equal(t.output, np.einsum("kc,chw->khw", w[:, :, 0, 0], x))
    assert t.n_weights == 6 == variant_param_counts(3, 2, 1)["standard"]["weights"]
    assert all(len(t.weight_uses(wid)) == 16 for wid in range(6)), "each weight at every one of 16 positions"


def test_separable_is_the_composition_of_its_two_steps_and_a_loop():
    rng = np.random.default_rng(5)
    x = rng.integers(-4, 5, (3, 5, 5))
    dw_w, dw_b = rng.integers(-3, 4, (3, 1, 3, 3)), rng.integers(-3, 4, (3,))
    pw_w, pw_b = rng.integers(-3, 4, (4, 3, 1, 1)), rng.integers(-3, 4, (4,))
    t = separable_conv2d(x, dw_w, dw_b, pw_w, pw_b, padding=1)
    step1 = depthwise_conv2d(x, dw_w, dw_b, padding=1)
    step2 = conv2d(step1.output, pw_w, pw_b)
    assert np.array_equal(t.depthwise.output, step1.output) and np.array_equal(t.output, step2.output)
    mid = np.stack([correlate2d(np.pad(x[c], 1), dw_w[c, 0], mode="valid") + dw_b[c] for c in range(3)])
    ref = np.einsum("kc,chw->khw", pw_w[:, :, 0, 0], mid) + pw_b[:, None, None]
    assert np.array_equal(t.output, ref)
    assert t.n_weights == 27 + 12 == variant_param_counts(3, 4, 3)["separable"]["weights"]


def test_parameter_counts_of_a_realistic_layer():
    c = variant_param_counts(64, 128, 3)
    assert c["standard"]["weights"] == 73_728
    assert c["separable"]["steps"]["depthwise"]["weights"] == 576
    assert c["separable"]["steps"]["pointwise"]["weights"] == 8_192
    assert c["separable"]["weights"] == 8_768
    assert c["dilated"] == c["standard"] and c["transposed"]["weights"] == 73_728
    assert c["depthwise"]["weights"] == 576 and c["pointwise"]["weights"] == 8_192
    assert variant_param_counts(64, 128, 3, groups=4)["grouped"]["weights"] == 73_728 // 4


@pytest.mark.parametrize("groups", [1, 3])
def test_counts_match_the_traces(groups):
    p = LayerParams(channels=3, filters=3, groups=groups, input_size=5, kernel_size=3, stride=1, padding=1,
                    strict=False)
    counts = variant_param_counts(3, 3, 3, groups=groups)
    assert p.grouped_trace().n_weights == counts["grouped"]["weights"]
    assert example_separable(p).n_weights == counts["separable"]["weights"]
    t = p.trace()
    assert t.n_weights == counts["standard"]["weights"]
    tp = LayerParams(channels=3, filters=3, input_size=3, kernel_size=3, stride=2, padding=0)
    assert example_transposed(tp).n_weights == counts["transposed"]["weights"]


def test_groups_that_do_not_divide_are_refused():
    with pytest.raises(GeometryError, match="must divide"):
        grouped_conv2d(np.ones((3, 3, 3)), np.ones((2, 1, 1, 1)), np.zeros(2), groups=2)
    with pytest.raises(GeometryError, match="must divide"):
        variant_param_counts(3, 4, 3, groups=2)


@pytest.mark.parametrize("d,f", [(1, 3), (2, 3), (3, 3), (2, 2), (3, 1)])
def test_receptive_field_grows_with_dilation_and_the_weights_do_not(d, f):
    from cnncore.variants import receptive_field
    x = np.arange(2 * 9 * 9).reshape(2, 9, 9)
    t = conv2d(x, np.ones((1, 2, f, f), dtype=np.int64), np.zeros(1, dtype=np.int64), dilation=d)
    assert receptive_field(t) == (d * (f - 1) + 1,) * 2
    assert t.n_weights == 2 * f * f


# ---- as strict as conv2d: exact integers or a clear error, every argument named (issue #25, 5) ----

TOO_LARGE = "too large to compute exactly"


def _fits(terms, *arrays):
    """conv2d's bound: terms x max|x| x max|w| + max|b| within int64."""
    x, w, b = (max(abs(int(a.min())), abs(int(a.max()))) for a in arrays)
    return terms * x * w + b <= 2**63 - 1


def _scaled(a, e):
    """``a`` (small whole numbers, |a| <= 4) scaled towards 2**e, still within int64."""
    return a * (2**e // 4 + 1)


def test_transposed_refuses_a_product_that_would_wrap_int64():
    # 2**62 * 4 = 2**64 wrapped to 0 before
    with pytest.raises(ValueError, match=TOO_LARGE):
        conv_transpose2d([[[2**62]]], [[[[4]]]], [0])


def test_transposed_refuses_a_sum_that_would_wrap_int64():
    # 2**61*2 + 2**61*2 = 2**63 came out as -2**63 before
    with pytest.raises(ValueError, match=r"x, weights and bias are too large to compute exactly: 2 products"):
        conv_transpose2d([[[2**61, 2**61]]], [[[[2, 2]]]], [0])


@FEW
@given(transposed_layers(), st.integers(0, 62), st.integers(0, 62), st.integers(0, 62))
def test_transposed_is_exact_or_refused_near_the_int64_limit(layer, ex, ew, eb):
    x, w, b, s, p, d, a = layer
    x, w, b = _scaled(x, ex), _scaled(w, ew), _scaled(b, eb)
    kw = dict(stride=s, padding=p, dilation=d, output_padding=a)
    if not _fits(w.shape[0] * w.shape[2] * w.shape[3], x, w, b):
        with pytest.raises(ValueError, match=TOO_LARGE):
            conv_transpose2d(x, w, b, **kw)
        return
    t = conv_transpose2d(x, w, b, **kw)
    exact = transposed_loop(x.astype(object), w.astype(object), b.astype(object), s, p, d, a, dtype=object)
    assert t.output.tolist() == exact.tolist()
    assert all(t.cell(*c).total == exact[c] for c in t.cells()[:5])


@FEW
@given(grouped_layers(), st.integers(0, 62), st.integers(0, 62), st.integers(0, 62))
def test_grouped_is_exact_or_refused_near_the_int64_limit(layer, ex, ew, eb):
    x, w, b, g, s, p, d = layer
    x, w, b = _scaled(x, ex), _scaled(w, ew), _scaled(b, eb)
    if not _fits(w.shape[1] * w.shape[2] * w.shape[3], x, w, b):
        with pytest.raises(ValueError, match=TOO_LARGE):
            grouped_conv2d(x, w, b, groups=g, stride=s, padding=p, dilation=d)
        return
    t = grouped_conv2d(x, w, b, groups=g, stride=s, padding=p, dilation=d)
    exact = grouped_loop(x.astype(object), w.astype(object), b.astype(object), g, s, p, d, dtype=object)
    assert t.output.tolist() == exact.tolist()


def test_separable_refuses_sums_that_would_wrap_int64_and_names_the_step():
    x = np.full((1, 1, 1), 2**62, dtype=np.int64)
    one, zero = np.ones((1, 1, 1, 1), dtype=np.int64), np.zeros(1, dtype=np.int64)
    with pytest.raises(ValueError, match=f"x, depthwise_weights and depthwise_bias are {TOO_LARGE}"):
        separable_conv2d(x, 4 * one, zero, one, zero)
    with pytest.raises(ValueError, match=f"the depthwise output, pointwise_weights and pointwise_bias are {TOO_LARGE}"):
        separable_conv2d(x, one, zero, 4 * one, zero)


@pytest.mark.parametrize("output_padding", [(1, 1, 1), (1,), [], [1, 1, 1]])
def test_transposed_refuses_output_padding_that_is_not_one_number_or_a_pair(output_padding):
    # (1, 1, 1) was accepted with its third value ignored; (1,) failed with "not enough values to unpack"
    with pytest.raises(GeometryError, match=rf"output_padding={re.escape(repr(output_padding))} is not allowed:"
                                            r" give one number or a \(rows, cols\) pair, each 0 \.\. stride - 1"):
        conv_transpose2d(np.ones((1, 2, 2)), np.ones((1, 1, 3, 3)), np.zeros(1), stride=2,
                         output_padding=output_padding)


def test_transposed_checks_each_output_padding_value_and_takes_a_pair_per_axis():
    for bad, message in ((-1, "output_padding=-1 is not allowed: output_padding must be >= 0"),
                         (1.0, "output_padding=1.0 is not allowed"), (True, "output_padding=True is not allowed")):
        with pytest.raises(GeometryError, match=re.escape(message)):
            conv_transpose2d(np.ones((1, 2, 2)), np.ones((1, 1, 3, 3)), np.zeros(1), stride=2, output_padding=bad)
    t = conv_transpose2d(np.ones((1, 2, 2)), np.ones((1, 1, 3, 3)), np.zeros(1), stride=(2, 3), output_padding=[1, 2])
    assert t.output_padding == (1, 2) and t.out_shape == (1, 6, 8)


@pytest.mark.parametrize("kwargs,message", [
    (dict(groups=0), "groups=0 is not allowed: groups must be >= 1"),
    (dict(groups=-2), "groups=-2 is not allowed: groups must be >= 1"),
    (dict(groups=1.0), "groups=1.0 is not allowed: groups must be a whole number >= 1"),
    (dict(groups=5), "groups=5 is not allowed: groups must divide the channels (4) and the filters (8);"
                     " allowed: a common divisor, e.g. 1 or 4"),
    (dict(kernel_size=0), "kernel_size=0 is not allowed: kernel_size must be >= 1"),
    (dict(channels=-4), "channels=-4 is not allowed: channels must be >= 1"),
    (dict(channels=0), "channels=0 is not allowed: channels must be >= 1"),
    (dict(filters=-8), "filters=-8 is not allowed: filters must be >= 1"),
    (dict(filters=True), "filters=True is not allowed: filters must be a whole number >= 1"),
    (dict(depth_multiplier=0), "depth_multiplier=0 is not allowed: depth_multiplier must be >= 1"),
])
def test_variant_param_counts_refuses_every_bad_argument_by_name(kwargs, message):
    # groups=0 was a ZeroDivisionError; kernel_size=0 and negative channels were counted
    args = dict(channels=4, filters=8, kernel_size=3) | kwargs
    with pytest.raises(GeometryError, match=re.escape(message)):
        variant_param_counts(**args)


def test_variant_param_counts_is_exact_in_python_integers():
    big = np.int64(2**40)  # numpy integers are taken as Python integers: no int64 wrap-around
    c = variant_param_counts(big, big, 3)
    assert c["standard"]["weights"] == 2**80 * 9 and type(c["standard"]["weights"]) is int


def _stride_2_transposed():
    # input 2x2, kernel 3, stride 2: output 5x5; the convolution of 5x5 maps back to 2x2
    return conv_transpose2d(np.ones((1, 2, 2), dtype=np.int64), np.ones((1, 1, 3, 3), dtype=np.int64),
                            np.zeros(1, dtype=np.int64), stride=2)


@pytest.mark.parametrize("size", [6, 3, 4])
def test_matching_conv_refuses_an_x_not_of_the_transposed_output_shape(size):
    # size 6 was accepted (its convolution also has 2x2 outputs); size 3 was a bare AssertionError
    t = _stride_2_transposed()
    with pytest.raises(ValueError, match=re.escape(f"x has shape (1, {size}, {size}); the matching convolution"
                                                   " reads t's output shape (1, 5, 5) (channels, rows, columns)")):
        matching_conv(t, x=np.ones((1, size, size), dtype=np.int64))
    with pytest.raises(ValueError, match=re.escape("x has shape (2, 5, 5)")):
        matching_conv(t, x=np.ones((2, 5, 5), dtype=np.int64))
    with pytest.raises(ValueError, match=r"x must have 3 dimensions"):
        matching_conv(t, x=np.ones((5, 5), dtype=np.int64))
    with pytest.raises(ValueError, match=r"bias must have shape \(1,\)"):
        matching_conv(t, bias=[0, 0])
    with pytest.raises(TypeError, match="t must be a TransposedTrace"):
        matching_conv(conv2d(np.ones((1, 5, 5)), np.ones((1, 1, 3, 3)), np.zeros(1)))
    conv = matching_conv(t, x=np.arange(25).reshape(1, 5, 5), bias=[1])
    assert conv.out_shape == (1, 2, 2)


_X1, _W1, _B1 = np.ones((2, 5, 5), dtype=np.int64), np.ones((2, 1, 3, 3), dtype=np.int64), np.zeros(2, dtype=np.int64)


@pytest.mark.parametrize("call", [
    lambda: conv_transpose2d(_X1, np.ones((2, 1, 3, 3)), np.zeros(1), 2),
    lambda: grouped_conv2d(_X1, _W1, _B1, 2),
    lambda: grouped_conv2d(_X1, _W1, _B1, 2, 1),
    lambda: depthwise_conv2d(_X1, _W1, _B1, 1),
    lambda: separable_conv2d(_X1, _W1, _B1, np.ones((3, 2, 1, 1)), np.zeros(3), 1),
    lambda: matching_conv(_stride_2_transposed(), np.zeros((1, 5, 5))),
    lambda: variant_param_counts(4, 8, 3, 2),
], ids=["conv_transpose2d", "grouped_conv2d", "grouped_conv2d-stride", "depthwise_conv2d",
        "separable_conv2d", "matching_conv", "variant_param_counts"])
def test_arguments_after_the_tensors_are_keyword_only_as_in_conv2d(call):
    with pytest.raises(TypeError, match="positional argument"):
        call()


@pytest.mark.parametrize("call,error,message", [
    (lambda: conv_transpose2d(np.ones((2, 2, 2)), np.ones((1, 1, 3, 3)), np.zeros(1)), ValueError,
     "weights has shape (1, 1, 3, 3): 1 input channels, but x has 2 (shape (2, 2, 2))"),
    (lambda: conv_transpose2d(np.ones((1, 2, 2)), np.ones((1, 2, 3, 3)), np.zeros(1)), ValueError,
     "bias must have shape (2,), one per output channel; got (1,)"),
    (lambda: conv_transpose2d(np.ones((1, 2, 2)), np.ones((1, 1, 3, 3)), np.zeros(1), stride=(1, 2, 3)),
     GeometryError, "stride=(1, 2, 3) is not allowed: give one number or a (rows, cols) pair"),
    (lambda: conv_transpose2d(np.ones((1, 2, 2), dtype=bool), np.ones((1, 1, 3, 3)), np.zeros(1)), ValueError,
     "x must hold whole or real numbers, got booleans"),
    (lambda: grouped_conv2d(_X1, np.ones((2, 2, 3, 3)), _B1, groups=2), ValueError,
     "weights has shape (2, 2, 3, 3): 2 channels, but groups=2 gives each filter 1 of x's 2 channels"),
    (lambda: grouped_conv2d(_X1, _W1, np.zeros(3), groups=2), ValueError,
     "bias must have shape (2,), one per filter; got (3,)"),
    (lambda: grouped_conv2d(_X1, _W1, _B1, groups=2, padding=-1), GeometryError,
     "padding=-1 is not allowed: padding must be >= 0"),
    (lambda: depthwise_conv2d(_X1, np.ones((3, 1, 3, 3)), np.zeros(3)), ValueError,
     "weights has shape (3, 1, 3, 3): a depthwise layer over x's 2 channels takes (C*m, 1, FH, FW) weights"),
    (lambda: depthwise_conv2d(_X1, np.ones((2, 2, 3, 3)), _B1), ValueError,
     "weights has shape (2, 2, 3, 3): a depthwise layer"),
    (lambda: separable_conv2d(_X1, np.ones((3, 1, 3, 3)), np.zeros(3), np.ones((1, 3, 1, 1)), np.zeros(1)),
     ValueError, "depthwise_weights has shape (3, 1, 3, 3)"),
    (lambda: separable_conv2d(_X1, _W1, np.zeros(3), np.ones((1, 2, 1, 1)), np.zeros(1)), ValueError,
     "depthwise_bias must have shape (2,), one per depthwise filter; got (3,)"),
    (lambda: separable_conv2d(_X1, _W1, _B1, np.ones((1, 2, 3, 3)), np.zeros(1)), ValueError,
     "pointwise_weights has shape (1, 2, 3, 3): it must be 1x1 over the 2 depthwise outputs, shape (1, 2, 1, 1)"),
    (lambda: separable_conv2d(_X1, _W1, _B1, np.ones((1, 3, 1, 1)), np.zeros(1)), ValueError,
     "pointwise_weights has shape (1, 3, 1, 1)"),
    (lambda: separable_conv2d(_X1, _W1, _B1, np.ones((1, 2, 1, 1)), np.zeros(2)), ValueError,
     "pointwise_bias must have shape (1,), one per pointwise filter; got (2,)"),
    (lambda: separable_conv2d(_X1, _W1, _B1, np.ones((1, 2, 1)), np.zeros(1)), ValueError,
     "pointwise_weights must have 4 dimensions"),
])
def test_every_tensor_argument_is_refused_by_name(call, error, message):
    with pytest.raises(error, match=re.escape(message)):
        call()


def test_cells_stamps_and_weights_outside_the_layer_are_refused_not_wrapped():
    t = _stride_2_transposed()
    for call, message in ((lambda: t.stamp(-1, 0, 0), "k=-1 is outside the input (0..0)"),
                          (lambda: t.stamp(0, 0, 2), "j=2 is outside the input (0..1)"),
                          (lambda: t.cell(0, -1, 0), "r=-1 is outside the output (0..4)"),
                          (lambda: t.canvas_after(-1), "n=-1 is outside the stamps (0..4)"),
                          (lambda: t.counts_after(5), "n=5 is outside the stamps (0..4)"),
                          (lambda: t.key_label(-1), "weight_id=-1 is outside the weights (0..8)")):
        with pytest.raises(IndexError, match=re.escape(message)):
            call()
    assert np.array_equal(t.canvas_after(4), t.canvas) and t.counts_after(0).sum() == 0
    g = grouped_conv2d(_X1, _W1, _B1, groups=2)
    for call, message in ((lambda: g.cell(-1, 0, 0), "k=-1 is outside the filters (0..1)"),
                          (lambda: g.channels_of(2), "k=2 is outside the filters (0..1)"),
                          (lambda: g.weight_channel(18), "weight_id=18 is outside the weights (0..17)")):
        with pytest.raises(IndexError, match=re.escape(message)):
            call()
    from cnncore.variants import receptive_field
    with pytest.raises(TypeError, match="trace must be a Trace"):
        receptive_field(g)


# ---- identities with conv2d ----------------------------------------------------------------------

@FEW
@given(grouped_layers())
def test_grouped_is_conv2d_with_block_diagonal_weights(layer):
    x, w, b, g, s, p, d = layer
    K, cg = w.shape[:2]
    kg = K // g
    full = np.zeros((K, x.shape[0]) + w.shape[2:], dtype=np.int64)
    for n in range(g):
        full[n * kg:(n + 1) * kg, n * cg:(n + 1) * cg] = w[n * kg:(n + 1) * kg]
    t = grouped_conv2d(x, w, b, groups=g, stride=s, padding=p, dilation=d)
    assert np.array_equal(t.output, conv2d(x, full, b, stride=s, padding=p, dilation=d).output)


@FEW
@given(st.integers(1, 3), st.integers(1, 2), st.integers(1, 3), st.integers(1, 3), st.integers(1, 2),
       st.integers(0, 1), st.integers(1, 2), st.integers(0, 2**32 - 1))
def test_separable_is_conv2d_with_the_product_of_its_weights(C, m, K, f, s, p, d, seed):
    rng = np.random.default_rng(seed)
    n = d * (f - 1) + 1 + int(rng.integers(0, 3))
    x = rng.integers(-4, 5, (C, n, n))
    dw_w, dw_b = rng.integers(-3, 4, (C * m, 1, f, f)), rng.integers(-3, 4, (C * m,))
    pw_w, pw_b = rng.integers(-3, 4, (K, C * m, 1, 1)), rng.integers(-3, 4, (K,))
    t = separable_conv2d(x, dw_w, dw_b, pw_w, pw_b, stride=s, padding=p, dilation=d)
    # pointwise(depthwise(x)) = sum over the m filters of channel c of pw * dw, one k x k filter
    weights = np.einsum("kcm,cmuv->kcuv", pw_w[:, :, 0, 0].reshape(K, C, m), dw_w[:, 0].reshape(C, m, f, f))
    bias = pw_b + pw_w[:, :, 0, 0] @ dw_b
    assert np.array_equal(t.output, conv2d(x, weights, bias, stride=s, padding=p, dilation=d).output)
    assert t.n_weights == variant_param_counts(C, K, f, depth_multiplier=m)["separable"]["weights"]
