"""The trace core (cnncore.trace, cnncore.examples) against independent references.

Every check here recomputes what the core claims by another route: scipy / numpy
correlation, a plain Python loop, finite differences, or the definition of the mode.
"""
import itertools

import numpy as np
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from scipy.signal import correlate

from cnncore import (CS231N, GeometryError, conv1d, conv2d, cs231n_layer, dense_layer, example_1d,
                     example_layer, fully_connected, local_layer, locally_connected2d,
                     param_counts, untied)

SETTINGS = settings(max_examples=100, deadline=None)
FEW = settings(max_examples=40, deadline=None)


# ---- random layers -------------------------------------------------------------------------------

def _axis(draw):
    """Kernel size, stride, padding, dilation and an input size that fits, along one axis."""
    f = draw(st.integers(1, 3))
    s = draw(st.integers(1, 3))
    p = draw(st.integers(0, 2))
    d = draw(st.integers(1, 2))
    span = d * (f - 1) + 1
    n = draw(st.integers(max(1, span - 2 * p), max(1, span - 2 * p) + 5))
    return n, f, s, p, d


@st.composite
def layers(draw, max_channels=3, max_filters=3, square=False):
    """(x, w, b, stride, padding, dilation): integer values, C 1..3, F 1..3, stride 1..3,
    padding 0..2, dilation 1..2, sometimes different along rows and columns."""
    c = draw(st.integers(1, max_channels))
    k = draw(st.integers(1, max_filters))
    h, fh, sh, ph, dh = _axis(draw)
    if square or draw(st.booleans()):
        w_, fw, sw, pw, dw = h, fh, sh, ph, dh
    else:
        w_, fw, sw, pw, dw = _axis(draw)
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    x = rng.integers(-4, 5, size=(c, h, w_))
    w = rng.integers(-3, 4, size=(k, c, fh, fw))
    b = rng.integers(-3, 4, size=(k,))

    def arg(a, b_):
        return a if a == b_ and draw(st.booleans()) else (a, b_)
    return x, w, b, arg(sh, sw), arg(ph, pw), arg(dh, dw)


def pair(v):
    return v if isinstance(v, tuple) else (v, v)


def reference_scipy(x, w, b, stride, padding, dilation):
    """scipy 'valid' correlation of the padded input with a dilated kernel (zeros between
    taps), summed over channels, then every stride-th position kept."""
    (sh, sw), (ph, pw), (dh, dw) = pair(stride), pair(padding), pair(dilation)
    xp = np.pad(x, ((0, 0), (ph, ph), (pw, pw)))
    K, C, fh, fw = w.shape
    wd = np.zeros((K, C, dh * (fh - 1) + 1, dw * (fw - 1) + 1), dtype=w.dtype)
    wd[:, :, ::dh, ::dw] = w
    out = []
    for k in range(K):
        full = sum(correlate(xp[c], wd[k, c], mode="valid", method="direct") for c in range(C))
        out.append(full[::sh, ::sw] + b[k])
    return np.array(out)


def reference_loop(x, w, b, stride, padding, dilation):
    """The textbook definition, one multiplication at a time, padding read as 0."""
    (sh, sw), (ph, pw), (dh, dw) = pair(stride), pair(padding), pair(dilation)
    C, H, W = x.shape
    K, _, fh, fw = w.shape
    ho = (H + 2 * ph - dh * (fh - 1) - 1) // sh + 1
    wo = (W + 2 * pw - dw * (fw - 1) - 1) // sw + 1
    out = np.zeros((K, ho, wo), dtype=np.int64)
    for k, i, j in itertools.product(range(K), range(ho), range(wo)):
        acc = int(b[k])
        for c, u, v in itertools.product(range(C), range(fh), range(fw)):
            r, s = i * sh + u * dh - ph, j * sw + v * dw - pw
            if 0 <= r < H and 0 <= s < W:
                acc += int(x[c, r, s]) * int(w[k, c, u, v])
        out[k, i, j] = acc
    return out


# ---- 1. output against references ----------------------------------------------------------------

@SETTINGS
@given(layers())
def test_conv2d_output_matches_scipy_and_a_plain_loop(layer):
    x, w, b, stride, padding, dilation = layer
    t = conv2d(x, w, b, stride=stride, padding=padding, dilation=dilation)
    ref = reference_scipy(x, w, b, stride, padding, dilation)
    assert t.output.shape == ref.shape
    np.testing.assert_array_equal(t.output, ref)
    np.testing.assert_array_equal(t.output, reference_loop(x, w, b, stride, padding, dilation))


def test_references_agree_on_a_hand_computed_case():
    # 1 channel, 3x3 input, 2x2 kernel of ones, bias 10: each output is a 2x2 window sum + 10
    x = np.arange(9).reshape(1, 3, 3)
    w = np.ones((1, 1, 2, 2), dtype=np.int64)
    expected = np.array([[[0 + 1 + 3 + 4, 1 + 2 + 4 + 5], [3 + 4 + 6 + 7, 4 + 5 + 7 + 8]]]) + 10
    np.testing.assert_array_equal(conv2d(x, w, [10]).output, expected)
    np.testing.assert_array_equal(reference_scipy(x, w, np.array([10]), 1, 0, 1), expected)
    np.testing.assert_array_equal(reference_loop(x, w, np.array([10]), 1, 0, 1), expected)


def test_conv2d_is_cross_correlation_not_flipped_convolution():
    x = np.zeros((1, 3, 3), dtype=np.int64)
    x[0, 0, 0] = 1
    w = np.arange(9).reshape(1, 1, 3, 3)
    # the only window (no padding) sees x at its top-left tap, which holds w[0,0,0,0] = 0
    assert conv2d(x, w, [0]).output.item() == 0
    x[0, 0, 0], x[0, 2, 2] = 0, 1
    assert conv2d(x, w, [0]).output.item() == 8


def test_conv2d_rejects_mismatched_arrays():
    x = np.zeros((2, 4, 4), dtype=np.int64)
    with pytest.raises(ValueError, match="channels"):
        conv2d(x, np.zeros((1, 3, 2, 2)), [0])
    with pytest.raises(ValueError, match="bias"):
        conv2d(x, np.zeros((2, 2, 2, 2)), [0])
    with pytest.raises(ValueError, match="dimensions"):
        conv2d(x[0], np.zeros((1, 2, 2, 2)), [0])
    with pytest.raises(GeometryError, match="kernel_size=5"):
        conv2d(x, np.zeros((1, 2, 5, 5)), [0])


# ---- 2. every trace cell re-summed ---------------------------------------------------------------

def check_cells(t):
    C, H, W = t.x.shape
    for k, i, j in t.cells():
        cell = t.cell(k, i, j)
        assert (cell.k, cell.i, cell.j) == (k, i, j)
        assert cell.total == t.output[k, i, j]
        assert sum(cell.products.tolist()) + cell.bias == cell.total
        np.testing.assert_array_equal(cell.products, cell.weight_values * cell.inputs)
        np.testing.assert_array_equal(cell.weight_values, t.weight_values[cell.weight_ids])
        np.testing.assert_array_equal(cell.weight_keys, t.weight_keys[cell.weight_ids])
        assert cell.bias == t.bias_values[cell.bias_id]
        assert len(cell.partial_sums) == C
        for c in range(C):
            assert cell.partial_sums[c] == cell.products[cell.channels == c].sum()
        assert cell.partial_sums.sum() + cell.bias == cell.total
        # padding: exactly the taps outside the unpadded input, and they read 0
        r, s = cell.input_positions[:, 1], cell.input_positions[:, 2]
        outside = (r < 0) | (r >= H) | (s < 0) | (s >= W)
        np.testing.assert_array_equal(cell.is_padding, outside)
        assert np.all(cell.inputs[cell.is_padding] == 0)
        np.testing.assert_array_equal(cell.channels, cell.positions[:, 0])
        inside = ~cell.is_padding
        c_, r_, s_ = cell.input_positions[inside].T
        np.testing.assert_array_equal(cell.inputs[inside], t.x[c_, r_, s_])
        np.testing.assert_array_equal(cell.inputs, t.x_padded[tuple(cell.positions.T)])


@SETTINGS
@given(layers())
def test_every_shared_cell_resums_to_its_output(layer):
    x, w, b, stride, padding, dilation = layer
    t = conv2d(x, w, b, stride=stride, padding=padding, dilation=dilation)
    check_cells(t)
    # tap t of a shared cell is filter position (c, u, v) in C order, read at the right place
    (sh, sw), (ph, pw), (dh, dw) = t.stride, t.padding, t.dilation
    K, C, fh, fw = w.shape
    for k, i, j in t.cells():
        cell = t.cell(k, i, j)
        taps = np.array(list(itertools.product(range(C), range(fh), range(fw))))
        np.testing.assert_array_equal(cell.weight_keys, np.column_stack([np.full(len(taps), k), taps]))
        np.testing.assert_array_equal(cell.positions[:, 0], taps[:, 0])
        np.testing.assert_array_equal(cell.positions[:, 1], i * sh + taps[:, 1] * dh)
        np.testing.assert_array_equal(cell.positions[:, 2], j * sw + taps[:, 2] * dw)


@FEW
@given(layers(max_channels=2, max_filters=2))
def test_every_local_and_dense_cell_resums_to_its_output(layer):
    x, w, b, stride, padding, dilation = layer
    t = conv2d(x, w, b, stride=stride, padding=padding, dilation=dilation)
    check_cells(untied(t))
    check_cells(local_layer(t, seed=3))
    check_cells(dense_layer(t, seed=4))


def test_padding_taps_of_the_cs231n_corner_cell():
    t = cs231n_layer()
    cell = t.cell(0, 0, 0)  # window at the top-left corner of the padded 7x7 input
    # taps (c, u, v) with u == 0 or v == 0 read the padding ring: 5 of 9 per channel
    expected = np.array([u == 0 or v == 0 for c in range(3) for u in range(3) for v in range(3)])
    np.testing.assert_array_equal(cell.is_padding, expected)
    assert cell.is_padding.sum() == 15
    assert not t.cell(0, 1, 1).is_padding.any()  # the centre window is all inside


def test_cell_index_outside_the_output_is_refused():
    t = cs231n_layer()
    for bad in [(2, 0, 0), (0, 3, 0), (0, 0, -1)]:
        with pytest.raises(IndexError):
            t.cell(*bad)


# ---- 3. sharing ----------------------------------------------------------------------------------

@SETTINGS
@given(layers())
def test_sharing_in_the_three_modes(layer):
    x, w, b, stride, padding, dilation = layer
    t = conv2d(x, w, b, stride=stride, padding=padding, dilation=dilation)
    K, ho, wo = t.out_shape
    T = t.weight_ids.shape[-1]
    assert T == w[0].size

    # shared: one slice, one set of ids, used at every position; slices disjoint
    slices = []
    for k in range(K):
        first = t.cell(k, 0, 0).weight_ids
        for _, i, j in [c for c in t.cells() if c[0] == k]:
            np.testing.assert_array_equal(t.cell(k, i, j).weight_ids, first)
            assert t.cell(k, i, j).bias_id == t.cell(k, 0, 0).bias_id
        assert len(set(first.tolist())) == T
        slices.append(set(first.tolist()))
    for a, b_ in itertools.combinations(slices, 2):
        assert not a & b_
    assert set().union(*slices) == set(range(t.n_weights))
    assert t.n_weights == w.size and t.n_biases == K
    np.testing.assert_array_equal(t.use_counts, np.full(t.n_weights, ho * wo))

    # local (untied copy and a drawn one): no weight id in two places
    for loc in (untied(t), local_layer(t, seed=7)):
        assert loc.mode == "local"
        ids = [loc.cell(*c).weight_ids.tolist() for c in loc.cells()]
        flat = [i for cell in ids for i in cell]
        assert len(flat) == len(set(flat)) == loc.n_weights == K * ho * wo * T
        np.testing.assert_array_equal(loc.use_counts, np.ones(loc.n_weights))
        assert len({loc.cell(*c).bias_id for c in loc.cells()}) == K * ho * wo

    # the untied twin computes the same layer
    u = untied(t)
    np.testing.assert_array_equal(u.output, t.output)
    np.testing.assert_array_equal(u.positions, t.positions)
    assert u.out_shape == t.out_shape

    # dense: every output cell reaches every input position, through its own weights
    d = dense_layer(t, seed=5)
    C, H, W = x.shape
    everything = set(itertools.product(range(C), range(H), range(W)))
    for c in d.cells():
        cell = d.cell(*c)
        assert {tuple(p) for p in cell.positions.tolist()} == everything
        assert len(cell.positions) == len(everything)
        assert not cell.is_padding.any()
    assert d.out_shape == t.out_shape
    assert d.n_weights == K * ho * wo * C * H * W
    np.testing.assert_array_equal(d.use_counts, np.ones(d.n_weights))


def test_weight_ids_at_an_input_position():
    t = conv2d(np.ones((1, 4, 4), dtype=np.int64), np.ones((1, 1, 2, 2), dtype=np.int64), [0])
    # padded == unpadded here; corner (0,0) only meets w[0,0], the centre meets all four
    assert t.weight_ids_at(0, 0, 0).tolist() == [0]
    assert t.weight_ids_at(0, 0, 3).tolist() == [1]
    assert t.weight_ids_at(0, 1, 1).tolist() == [0, 1, 2, 3]
    assert t.key_label(3) == "w0[0,1,1]"
    assert len(t.weight_uses(0)) == 9


# ---- 4. unrolled matrix --------------------------------------------------------------------------

@SETTINGS
@given(layers())
def test_unrolled_matrix_reproduces_the_output_in_all_modes(layer):
    x, w, b, stride, padding, dilation = layer
    t = conv2d(x, w, b, stride=stride, padding=padding, dilation=dilation)
    for m in (t, untied(t), local_layer(t, seed=1), dense_layer(t, seed=2)):
        ids = m.unrolled()
        assert ids.shape == (int(np.prod(m.out_shape)), x.size)
        vals = m.unrolled_values()
        np.testing.assert_array_equal(vals[ids < 0], 0)
        np.testing.assert_array_equal(vals[ids >= 0], m.weight_values[ids[ids >= 0]])
        np.testing.assert_array_equal(vals @ x.ravel() + m.bias.ravel(), m.output.ravel())
        # every non-padding tap appears once in the matrix, padding taps not at all
        n_real = (~m.is_padding).sum() * m.out_shape[0]
        assert (ids >= 0).sum() == n_real
    assert (dense_layer(t).unrolled() >= 0).all()


@SETTINGS
@given(h=st.integers(1, 6), w_=st.integers(1, 6), fh=st.integers(1, 3), fw=st.integers(1, 3),
       k=st.integers(1, 2), seed=st.integers(0, 1000))
def test_single_channel_unrolled_is_doubly_block_toeplitz(h, w_, fh, fw, k, seed):
    fh, fw = min(fh, h), min(fw, w_)
    rng = np.random.default_rng(seed)
    t = conv2d(rng.integers(-3, 4, (1, h, w_)), rng.integers(-3, 4, (k, 1, fh, fw)),
               rng.integers(-3, 4, k))
    K, ho, wo = t.out_shape
    assert (ho, wo) == (h - fh + 1, w_ - fw + 1)
    M = t.unrolled().reshape(K, ho, wo, h, w_)
    for kk in range(K):
        # the definition: row (i, j), column (r, s) holds w[r-i, s-j] when that is in the filter
        for i, j, r, s in itertools.product(range(ho), range(wo), range(h), range(w_)):
            u, v = r - i, s - j
            want = kk * fh * fw + u * fw + v if 0 <= u < fh and 0 <= v < fw else -1
            assert M[kk, i, j, r, s] == want
        # block Toeplitz: block (i, r) depends only on r - i ...
        for i, r in itertools.product(range(ho - 1), range(h - 1)):
            np.testing.assert_array_equal(M[kk, i, :, r, :], M[kk, i + 1, :, r + 1, :])
        # ... and every block is Toeplitz: constant along its diagonals (s - j fixed)
        for i, r in itertools.product(range(ho), range(h)):
            block = M[kk, i, :, r, :]
            for j, s in itertools.product(range(wo - 1), range(w_ - 1)):
                assert block[j, s] == block[j + 1, s + 1]
        # each weight sits on exactly one diagonal of blocks, once per output cell
        for wid in range(kk * fh * fw, (kk + 1) * fh * fw):
            assert (M[kk] == wid).sum() == ho * wo


def test_unrolled_small_case_by_hand():
    # 1-D of length 4, kernel of 2: rows [w0 w1 . .], [. w0 w1 .], [. . w0 w1]
    t = conv1d([1, 2, 3, 4], [5, 6])
    np.testing.assert_array_equal(t.unrolled(), [[0, 1, -1, -1], [-1, 0, 1, -1], [-1, -1, 0, 1]])
    np.testing.assert_array_equal(t.unrolled_values(), [[5, 6, 0, 0], [0, 5, 6, 0], [0, 0, 5, 6]])


# ---- 5. gradient ---------------------------------------------------------------------------------

def loss(trace, G):
    return int((G * trace.output).sum())


@FEW
@given(layers(max_channels=2, max_filters=2), st.integers(0, 2**32 - 1))
def test_weight_gradient_matches_finite_differences(layer, gseed):
    """The layer is linear in its weights, so bumping weight w by 1 changes sum(G * output)
    by exactly dL/dw (integers: no rounding)."""
    x, w, b, stride, padding, dilation = layer
    geo = dict(stride=stride, padding=padding, dilation=dilation)
    t = conv2d(x, w, b, **geo)
    G = np.random.default_rng(gseed).integers(-3, 4, t.out_shape)
    grad = t.weight_gradient(G)
    base = loss(t, G)
    assert grad.weights.shape == (t.n_weights,) and grad.bias.shape == (t.n_biases,)
    for wid in range(t.n_weights):
        w2 = w.copy().ravel()
        w2[wid] += 1
        assert loss(conv2d(x, w2.reshape(w.shape), b, **geo), G) - base == grad.weights[wid]
    for k in range(len(b)):
        b2 = b.copy()
        b2[k] += 1
        assert loss(conv2d(x, w, b2, **geo), G) - base == grad.bias[k]
        assert grad.bias[k] == G[k].sum()

    # untied: each position's copy gets its own share; the shares add up to the shared gradient
    u = untied(t)
    gu = u.weight_gradient(G)
    K, ho, wo = t.out_shape
    np.testing.assert_array_equal(gu.weights.reshape((K, ho * wo, -1)).sum(1).ravel(), grad.weights)
    np.testing.assert_array_equal(gu.bias.reshape(K, -1).sum(1), grad.bias)

    # contributions of a weight add up to its gradient, one per use
    for wid in range(t.n_weights):
        contribs = grad.contributions(wid)
        assert len(contribs) == t.use_counts[wid] == len(t.weight_uses(wid))
        assert sum(cb.value for cb in contribs) == grad.weights[wid]
        for cb in contribs:
            assert cb.upstream == G[cb.k, cb.i, cb.j]
            assert cb.input == t.x_padded[cb.position]
            assert cb.value == cb.input * cb.upstream


@FEW
@given(layers(max_channels=3, max_filters=2, square=True), st.integers(0, 2**32 - 1))
def test_weight_gradient_matches_scipy_correlation_of_input_with_upstream(layer, gseed):
    """dL/dw[k,c,u,v] = sum_ij G[k,i,j] x_padded[c, i*s + u*d, j*s + v*d]: correlate the padded
    input with G spread out by the stride, and keep every d-th lag."""
    x, w, b, stride, padding, dilation = layer
    t = conv2d(x, w, b, stride=stride, padding=padding, dilation=dilation)
    (sh, sw), (dh, dw) = t.stride, t.dilation
    G = np.random.default_rng(gseed).integers(-3, 4, t.out_shape)
    K, C, fh, fw = w.shape
    xp = t.x_padded
    expected = np.zeros_like(w)
    for k in range(K):
        Gs = np.zeros(((G.shape[1] - 1) * sh + 1, (G.shape[2] - 1) * sw + 1), dtype=G.dtype)
        Gs[::sh, ::sw] = G[k]
        for c in range(C):
            lags = correlate(xp[c], Gs, mode="valid", method="direct")
            expected[k, c] = lags[: dh * (fh - 1) + 1: dh, : dw * (fw - 1) + 1: dw]
    np.testing.assert_array_equal(t.weight_gradient(G).weights, expected.ravel())


def test_gradient_rejects_a_wrong_upstream_shape():
    t = cs231n_layer()
    with pytest.raises(ValueError, match="shape"):
        t.weight_gradient(np.ones((2, 2, 2)))


def test_dense_gradient_is_upstream_times_input():
    t = dense_layer(cs231n_layer(), seed=1)
    G = np.arange(np.prod(t.out_shape)).reshape(t.out_shape) - 9
    g = t.weight_gradient(G)
    np.testing.assert_array_equal(g.weights, np.multiply.outer(G, t.x).ravel())
    np.testing.assert_array_equal(g.bias, G.ravel())


# ---- 7. one dimension ----------------------------------------------------------------------------

@SETTINGS
@given(n=st.integers(1, 12), f=st.integers(1, 4), p=st.integers(0, 2), s=st.integers(1, 3),
       d=st.integers(1, 2), bias=st.integers(-3, 3), seed=st.integers(0, 10**6))
def test_conv1d_matches_numpy_correlate(n, f, p, s, d, bias, seed):
    span = d * (f - 1) + 1
    rng = np.random.default_rng(seed)
    x = rng.integers(-4, 5, n)
    w = rng.integers(-3, 4, f)
    if span > n + 2 * p:
        with pytest.raises(GeometryError):
            conv1d(x, w, bias, padding=p, stride=s, dilation=d)
        return
    t = conv1d(x, w, bias, padding=p, stride=s, dilation=d)
    wd = np.zeros(span, dtype=w.dtype)
    wd[::d] = w
    ref = np.correlate(np.pad(x, p), wd, mode="valid")[::s] + bias
    assert t.out_shape == (1, 1, len(ref))
    np.testing.assert_array_equal(t.output[0, 0], ref)
    check_cells(t)


def test_conv1d_with_several_kernels_repeats_a_scalar_bias():
    t = conv1d([1, 2, 3], [[1, 1], [1, -1]], bias=2)
    np.testing.assert_array_equal(t.output[:, 0], [[5, 7], [1, 1]])


@pytest.mark.parametrize("seed", [0, 1, 2, 17])
def test_example_1d_against_numpy_correlate_with_padding(seed):
    t = example_1d(seed)
    x = t.x[0, 0]
    w = t.weight_values
    assert x.shape == (7,) and w.shape == (3,)
    assert t.padding == (0, 1)
    np.testing.assert_array_equal(t.output[0, 0], np.correlate(np.pad(x, 1), w, mode="valid"))
    assert t.out_shape == (1, 1, 7)
    assert x.min() >= 0 and x.max() <= 2 and w.min() >= -1 and w.max() <= 1
    # the first and last outputs read one padding tap each, the others none
    assert t.is_padding[0].sum(axis=-1).tolist() == [1] + [0] * 5 + [1]


def test_example_1d_without_padding():
    t = example_1d(3, n=9, kernel_size=3, padding=0)
    np.testing.assert_array_equal(t.output[0, 0], np.correlate(t.x[0, 0], t.weight_values, "valid"))
    assert t.out_shape == (1, 1, 7)


# ---- 8. example data -----------------------------------------------------------------------------

def arrays_of(t):
    return t.x, t.weight_values, t.bias_values, t.output


@pytest.mark.parametrize("make", [
    lambda s: example_layer(s),
    lambda s: example_layer(s, channels=1, input_size=7, filters=3, kernel_size=2, padding=2),
    lambda s: cs231n_layer(s),
    lambda s: example_1d(s),
    lambda s: local_layer(cs231n_layer(0), seed=s),
    lambda s: dense_layer(cs231n_layer(0), seed=s),
])
def test_same_seed_same_numbers_different_seed_different_numbers(make):
    for seed in (0, 1, 12345):
        for a, b in zip(arrays_of(make(seed)), arrays_of(make(seed))):
            np.testing.assert_array_equal(a, b)
    for s1, s2 in [(0, 1), (1, 2), (0, 12345)]:
        differ = [not np.array_equal(a, b) for a, b in zip(arrays_of(make(s1)), arrays_of(make(s2)))]
        assert any(differ), f"seeds {s1} and {s2} gave the same layer"


def test_example_layer_values_are_in_range_and_explicit_values_win():
    t = example_layer(5, input_range=(3, 4), weight_range=(-2, -1))
    assert t.x.min() >= 3 and t.x.max() <= 4
    assert t.weight_values.min() >= -2 and t.weight_values.max() <= -1
    x = np.full((3, 5, 5), 2)
    t = example_layer(5, input=x, biases=[7, 8])
    np.testing.assert_array_equal(t.x, x)
    np.testing.assert_array_equal(t.bias_values, [7, 8])
    assert t.x.dtype == np.int64 and t.weight_values.dtype == np.int64


@pytest.mark.parametrize("seed", [0, 1, 2, 99])
def test_cs231n_layer_is_the_demo_setting(seed):
    t = cs231n_layer(seed)
    assert t.in_shape == (3, 5, 5)
    assert t.x.min() >= 0 and t.x.max() <= 2
    w = t.weight_values.reshape((2,) + t.tap_shape)
    assert w.shape == (2, 3, 3, 3)
    assert w.min() >= -1 and w.max() <= 1
    assert t.bias_values.tolist() == [1, 0]
    assert t.out_shape == (2, 3, 3)
    assert t.padding == (1, 1) and t.stride == (2, 2) and t.dilation == (1, 1)
    assert t.x_padded.shape == (3, 7, 7)
    np.testing.assert_array_equal(t.output, reference_loop(t.x, w, t.bias_values, 2, 1, 1))
    assert CS231N["biases"] == (1, 0) and CS231N["stride"] == 2


def test_cs231n_values_use_the_whole_ranges():
    # over a few seeds every allowed value appears: the ranges are inclusive
    xs = np.concatenate([cs231n_layer(s).x.ravel() for s in range(3)])
    ws = np.concatenate([cs231n_layer(s).weight_values for s in range(3)])
    assert set(xs.tolist()) == {0, 1, 2}
    assert set(ws.tolist()) == {-1, 0, 1}


# ---- 9. parameter counts -------------------------------------------------------------------------

@SETTINGS
@given(c=st.integers(1, 3), size=st.integers(1, 7), k=st.integers(1, 3), f=st.integers(1, 3),
       s=st.integers(1, 3), p=st.integers(0, 2), d=st.integers(1, 2))
def test_param_counts_match_built_traces(c, size, k, f, s, p, d):
    if d * (f - 1) + 1 > size + 2 * p:
        with pytest.raises(GeometryError):
            param_counts(c, size, k, f, s, p, d)
        return
    counts = param_counts(c, size, k, f, stride=s, padding=p, dilation=d)
    t = conv2d(np.ones((c, size, size), dtype=np.int64), np.ones((k, c, f, f), dtype=np.int64),
               np.zeros(k, dtype=np.int64), stride=s, padding=p, dilation=d)
    assert counts["shared"] == t.param_count()
    assert counts["local"] == untied(t).param_count() == local_layer(t).param_count()
    assert counts["dense"] == dense_layer(t).param_count()
    for mode in counts.values():
        assert mode["total"] == mode["weights"] + mode["biases"]


def test_param_counts_of_a_realistic_layer():
    counts = param_counts(3, 224, 64, 3, stride=1, padding=1)
    assert counts["shared"] == {"weights": 1728, "biases": 64, "total": 1792}
    n_out = 64 * 224 * 224
    assert counts["local"] == {"weights": n_out * 27, "biases": n_out, "total": n_out * 28}
    assert counts["dense"]["weights"] == n_out * 3 * 224 * 224
    assert counts["dense"]["biases"] == n_out


def test_direct_constructors_check_their_shapes():
    x = np.ones((1, 3, 3), dtype=np.int64)
    with pytest.raises(ValueError, match="locally connected"):
        locally_connected2d(x, np.ones((1, 1, 1, 1, 2, 2)), np.zeros((1, 2, 2)))
    with pytest.raises(ValueError, match="fully connected"):
        fully_connected(x, np.ones((1, 2, 2, 1, 3, 2)), np.zeros((1, 2, 2)))
    t = fully_connected(x, np.ones((1, 2, 2, 1, 3, 3), dtype=np.int64), np.zeros((1, 2, 2), dtype=np.int64))
    np.testing.assert_array_equal(t.output, np.full((1, 2, 2), 9))


# ---- 10. what the core refuses, and exact integers (issue #16) --------------------------------

EMPTY = [
    ("conv2d: x with 0 channels", lambda: conv2d(np.zeros((0, 3, 3)), np.zeros((1, 0, 2, 2)), [0]), r"x has shape \(0, 3, 3\): its channels"),
    ("conv2d: x with 0 rows", lambda: conv2d(np.zeros((1, 0, 3)), np.zeros((1, 1, 1, 1)), [0]), r"x has shape \(1, 0, 3\): its rows"),
    ("conv2d: 0 filters", lambda: conv2d(np.zeros((1, 3, 3)), np.zeros((0, 1, 2, 2)), []), r"weights has shape \(0, 1, 2, 2\): its filters"),
    ("conv2d: a 0-wide kernel", lambda: conv2d(np.zeros((1, 3, 3)), np.zeros((1, 1, 2, 0)), [0]), r"weights has shape \(1, 1, 2, 0\): its kernel columns"),
    ("example layer with 0 channels", lambda: example_layer(channels=0), r"x has shape \(0, 5, 5\): its channels"),
    ("locally connected: 0 channels", lambda: locally_connected2d(np.zeros((0, 3, 3)), np.zeros((1, 2, 2, 0, 2, 2)), np.zeros((1, 2, 2))), r"x has shape .*channels"),
    ("fully connected: 0 output rows", lambda: fully_connected(np.zeros((1, 2, 2)), np.zeros((1, 0, 1, 1, 2, 2)), np.zeros((1, 0, 1))), r"weights has shape .*output rows"),
    ("conv1d: no inputs", lambda: conv1d([], [1, 2]), r"x has shape \(0,\)"),
    ("conv1d: an empty kernel", lambda: conv1d([1, 2, 3], []), r"weights has shape \(0,\)"),
    ("conv1d: 0 kernels", lambda: conv1d([1, 2, 3], np.zeros((0, 2))), r"weights has shape \(0, 2\)"),
]


@pytest.mark.parametrize("name", [e[0] for e in EMPTY])
def test_an_empty_shape_is_refused_naming_the_argument(name):
    """Before: a 0-channel layer was built and asking for a cell raised ZeroDivisionError."""
    _, make, message = next(e for e in EMPTY if e[0] == name)
    with pytest.raises(ValueError, match=message):
        make().cell(0, 0, 0)


def test_the_int8_cell_of_the_issue_is_exact():
    """Nine products 100 x 2 in int8 gave a total of 8 and a partial sum of -504."""
    x = np.full((1, 3, 3), 100, dtype=np.int8)
    w = np.full((1, 1, 3, 3), 2, dtype=np.int8)
    cell = conv2d(x, w, np.zeros(1, dtype=np.int8)).cell(0, 0, 0)
    assert cell.products.tolist() == [200] * 9
    assert cell.partial_sums.tolist() == [1800]
    assert cell.total == 1800


INT_DTYPES = [np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.int64]


@st.composite
def int_layers(draw):
    """A small layer whose x, weights and bias each have their own integer dtype, with values
    anywhere in it (up to a drawn magnitude, so that int32/int64 layers are sometimes exact,
    sometimes beyond int64)."""
    c, k = draw(st.integers(1, 3)), draw(st.integers(1, 2))
    f = draw(st.integers(1, 3))
    n = draw(st.integers(f, f + 3))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))

    def values(shape):
        dtype = np.dtype(draw(st.sampled_from(INT_DTYPES)))
        info = np.iinfo(dtype)
        bits = draw(st.one_of(st.just(info.bits), st.integers(1, info.bits)))  # often the full range
        lo, hi = max(int(info.min), -(2 ** (bits - 1))), min(int(info.max), 2 ** bits - 1)
        extreme = draw(st.booleans())  # all at the ends of the range: the worst case for wrapping
        a = rng.choice([lo, hi], size=shape) if extreme else rng.integers(lo, hi, size=shape, endpoint=True)
        return np.asarray(a).astype(dtype)
    return values((c, n, n)), values((k, c, f, f)), values((k,)), draw(st.integers(0, 1))


def exact_cells(x, w, b, padding):
    """Every cell with Python integers: {(k, i, j): (products, partial sums, total)}."""
    C, H, W = x.shape
    K, _, f, _ = w.shape
    xs, ws, bs = x.tolist(), w.tolist(), b.tolist()
    cells = {}
    for k, i, j in itertools.product(range(K), range(H + 2 * padding - f + 1), range(W + 2 * padding - f + 1)):
        products = []
        for c, u, v in itertools.product(range(C), range(f), range(f)):
            r, s = i + u - padding, j + v - padding
            products.append(xs[c][r][s] * ws[k][c][u][v] if 0 <= r < H and 0 <= s < W else 0)
        per = len(products) // C
        partial = [sum(products[c * per:(c + 1) * per]) for c in range(C)]
        cells[k, i, j] = (products, partial, sum(partial) + bs[k])
    return cells


@settings(max_examples=150, deadline=None)
@given(int_layers())
def test_integer_dtypes_are_computed_exactly_or_refused(layer):
    """int8, uint8, int16, ... against Python integers: every product, partial sum and total is
    exact and the trace adds up; only a layer whose largest possible sum leaves int64 is refused."""
    x, w, b, padding = layer
    taps = w[0].size
    bound = taps * max(abs(int(x.min())), int(x.max())) * max(abs(int(w.min())), int(w.max())) \
        + max(abs(int(b.min())), int(b.max()))
    event("refused: beyond int64" if bound > 2**63 - 1 else
          "exact, a product beyond int32" if bound > 2**31 else "exact, within int32")
    if bound > 2**63 - 1:
        with pytest.raises(ValueError, match="too large to compute exactly"):
            conv2d(x, w, b, padding=padding)
        return
    t = conv2d(x, w, b, padding=padding)
    expected = exact_cells(x, w, b, padding)
    assert sorted(expected) == sorted(t.cells())
    for (k, i, j), (products, partial, total) in expected.items():
        cell = t.cell(k, i, j)
        assert cell.products.tolist() == products
        assert cell.partial_sums.tolist() == partial
        assert cell.total == total == t.output[k, i, j]
        assert sum(cell.partial_sums.tolist()) + cell.bias == cell.total
    check_cells(t)


@pytest.mark.parametrize("dtype", [np.int8, np.uint8, np.int16, np.uint16])
def test_narrow_integers_at_their_extremes_are_never_refused(dtype):
    info = np.iinfo(dtype)
    for value in (info.min, info.max):
        x = np.full((3, 5, 5), value, dtype=dtype)
        w = np.full((3, 3, 5, 5), value, dtype=dtype)
        b = np.full(3, value, dtype=dtype)
        t = conv2d(x, w, b)
        assert t.output.tolist() == [[[75 * int(value) ** 2 + int(value)]]] * 3


def test_other_dtypes_are_refused_or_widened():
    x, w = np.ones((1, 2, 2)), np.ones((1, 1, 2, 2))
    for bad, what in [(x.astype(bool), "booleans"), (x.astype(complex), "complex"),
                      (x.astype(object), "Python objects"), (np.full((1, 2, 2), "a"), "strings")]:
        with pytest.raises(ValueError, match=f"x must hold whole or real numbers, got {what}"):
            conv2d(bad, w, [0])
    with pytest.raises(ValueError, match="x holds 9223372036854775808, more than int64"):
        conv2d(np.full((1, 2, 2), 2**63, dtype=np.uint64), w, [0])
    big = conv2d(np.full((1, 2, 2), 2**62, dtype=np.uint64), np.ones((1, 1, 1, 1), dtype=np.int8), [1])
    assert big.cell(0, 1, 1).total == 2**62 + 1
    f32 = conv2d(x.astype(np.float32) / 3, w.astype(np.float16), np.zeros(1, np.float32))
    assert f32.output.dtype == np.float64  # real numbers stay real, in float64


def test_the_gradient_of_narrow_integers_is_exact():
    t = conv2d(np.full((1, 3, 3), 100, dtype=np.int8), np.ones((1, 1, 2, 2), dtype=np.int8),
               np.zeros(1, dtype=np.int8))
    g = t.weight_gradient(np.full((1, 2, 2), 100, dtype=np.int8))
    assert g.weights.tolist() == [4 * 100 * 100] * 4 and g.bias.tolist() == [400]
    with pytest.raises(ValueError, match="upstream is too large"):
        t.weight_gradient(np.full((1, 2, 2), 2**62))


def test_conv1d_and_conv2d_take_their_arguments_in_the_same_order():
    """conv1d took padding before stride; conv2d takes stride first. Both are keyword-only now."""
    import inspect
    p1 = inspect.signature(conv1d).parameters
    p2 = inspect.signature(conv2d).parameters
    after = ["stride", "padding", "dilation", "strict"]
    assert list(p1)[3:] == list(p2)[3:] == after
    for p in (p1, p2):
        assert all(p[name].kind is inspect.Parameter.KEYWORD_ONLY for name in after)
    with pytest.raises(TypeError):
        conv1d([1, 2, 3, 4, 5], [1, 1], 0, 2)  # was padding=2, silently
    with pytest.raises(TypeError):
        conv2d(np.ones((1, 5, 5)), np.ones((1, 1, 2, 2)), [0], 2)
    a = conv1d(np.arange(6), [1, -1], 0, stride=2, padding=1)
    b = conv2d(np.arange(6).reshape(1, 1, 6), np.array([[[[1, -1]]]]), [0], stride=(1, 2), padding=(0, 1))
    np.testing.assert_array_equal(a.output, b.output)
    assert a.stride == (1, 2) and a.padding == (0, 1)


def test_conv1d_refuses_what_is_not_one_dimensional():
    with pytest.raises(ValueError, match=r"x must be a row of inputs .* got shape \(2, 3\)"):
        conv1d(np.ones((2, 3)), [1, 1])  # was flattened to six inputs without a word
    with pytest.raises(ValueError, match=r"weights must be one kernel \(F,\) or K kernels \(K, F\); got shape \(1, 1, 2\)"):
        conv1d([1, 2, 3], np.ones((1, 1, 2)))  # was numpy's reshape error
    with pytest.raises(ValueError, match=r"bias must be one number or one per kernel, shape \(2,\); got shape \(3,\)"):
        conv1d([1, 2, 3], np.ones((2, 2)), [1, 2, 3])
    with pytest.raises(GeometryError, match="stride=.* a 1-D layer takes one number"):
        conv1d([1, 2, 3], [1], stride=(1, 2))


def test_shape_errors_name_the_argument():
    x = np.zeros((2, 4, 4), dtype=np.int64)
    with pytest.raises(ValueError, match=r"weights has shape \(1, 3, 2, 2\): 3 channels, but x has 2"):
        conv2d(x, np.zeros((1, 3, 2, 2)), [0])
    with pytest.raises(ValueError, match=r"bias must have shape \(2,\), one per filter"):
        conv2d(x, np.zeros((2, 2, 2, 2)), [0])
    with pytest.raises(ValueError, match=r"x must have 3 dimensions \(channels, rows, columns\)"):
        conv2d(x[0], np.zeros((1, 2, 2, 2)), [0])
    with pytest.raises(ValueError, match="x must be a regular array of numbers"):
        conv2d([[[1, 2], [3]]], np.zeros((1, 1, 1, 1)), [0])
