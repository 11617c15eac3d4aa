"""cnncore.equivariance: shifting the input shifts a convolution's output (exactly, on the
interior); a locally connected layer and a stride-2 convolution do not simply move."""
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.signal import correlate2d

from cnncore import conv2d, locally_connected2d
from cnncore.equivariance import (DETECTORS, crop_problem, interior, largest_difference, moved_picture,
                                  perturbed, picture, shift, shift_study)
from cnncore.examples import untied


def photo(seed=0, shape=(96, 128)):
    """A stand-in photograph (uint8) for tests that need no real one."""
    return np.random.default_rng(seed).integers(0, 256, size=shape, dtype=np.uint8)


# ---- shift ---------------------------------------------------------------------------------------
def test_shift_moves_content_and_fills_what_it_leaves():
    x = np.arange(1, 13).reshape(3, 4)
    assert shift(x, 1, 2).tolist() == [[0, 0, 0, 0], [0, 0, 1, 2], [0, 0, 5, 6]]
    assert shift(x, -1, -1).tolist() == [[6, 7, 8, 0], [10, 11, 12, 0], [0, 0, 0, 0]]
    assert shift(x, 0, 0).tolist() == x.tolist()
    assert not shift(x, 3, 0).any()


# ---- equivariance of the convolution (any filter, any shift) ----------------------------------------
@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), h=st.integers(5, 12), w=st.integers(5, 12), f=st.sampled_from([1, 2, 3, 5]),
       dy=st.integers(-3, 3), dx=st.integers(-3, 3), padding=st.integers(0, 2))
def test_convolution_of_the_shifted_input_is_the_shifted_convolution(seed, h, w, f, dy, dx, padding):
    rng = np.random.default_rng(seed)
    x = rng.integers(-9, 10, size=(1, h, w))
    k = rng.integers(-5, 6, size=(1, 1, f, f))
    assume(h - abs(dy) >= f and w - abs(dx) >= f)
    out = conv2d(x, k, [0], padding=padding).output[0]
    moved_out = conv2d(shift(x, dy, dx), k, [0], padding=padding).output[0]
    mask = interior((h, w), dy, dx, f, padding=padding, out_shift=(dy, dx))
    # the interior is what it should be: every window that saw only what was in view before
    assert mask.sum() == (h - abs(dy) - f + 1) * (w - abs(dx) - f + 1)
    assert largest_difference(moved_out, out, (dy, dx), mask) == 0
    assert np.array_equal(moved_out[mask], shift(out, dy, dx)[mask])


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), dy=st.integers(-2, 2), dx=st.integers(-2, 2))
def test_a_locally_connected_layer_with_equal_weights_is_equivariant_too(seed, dy, dx):
    """The difference of the perturbed layer comes from its weights, not from the local code path."""
    rng = np.random.default_rng(seed)
    x = rng.integers(0, 10, size=(1, 9, 9))
    k = rng.integers(-3, 4, size=(1, 1, 3, 3))
    local = untied(conv2d(x, k, [0]))
    w, b = local.weight_values.reshape(1, 7, 7, 1, 3, 3), local.bias_values.reshape(1, 7, 7)
    moved = locally_connected2d(shift(x, dy, dx), w, b)
    mask = interior((9, 9), dy, dx, 3)
    assert largest_difference(moved.output[0], local.output[0], (dy, dx), mask) == 0


# ---- the scene's example: a real photograph (scikit-image's cameraman) ------------------------------------
@pytest.fixture(scope="module")
def camera():
    import skimage.data
    return skimage.data.camera()


@pytest.fixture(scope="module")
def ws(camera):
    return shift_study(camera, (32, 96, 256), 32, (2, 3))


def test_the_feature_map_is_the_cross_correlation_with_the_detector(ws):
    w = np.array(DETECTORS["sobel_x"])
    assert np.array_equal(ws.conv.before.output[0], correlate2d(ws.x, w, mode="valid"))
    assert np.array_equal(ws.conv.after.output[0], correlate2d(ws.moved, w, mode="valid"))
    assert ws.conv.before.mode == "shared" and ws.conv.before.n_weights == 9


def test_the_convolutions_map_moves_with_the_picture(ws):
    c = ws.conv
    assert c.out_shift == (2, 3) and c.largest == 0
    r0, c0, rows, cols = c.interior_box
    assert (r0, c0, rows, cols) == (2, 3, 28, 27) and c.mask.sum() == rows * cols
    moved = c.after.output[0][r0:r0 + rows, c0:c0 + cols]
    assert np.array_equal(moved, c.before.output[0][:rows, :cols])
    assert np.abs(moved).max() > 10, "the interior holds edges, not a flat patch"


def test_the_locally_connected_layers_map_does_not_simply_move(ws):
    lc = ws.local
    assert lc.before.mode == "local" and lc.before.out_shape == ws.conv.before.out_shape
    assert lc.largest > 0
    assert lc.largest == np.abs(lc.after.output[0] - shift(lc.before.output[0], 2, 3))[lc.mask].max()


def test_the_local_weights_are_the_detector_with_one_weight_changed_per_position():
    w = np.array(DETECTORS["sobel_x"])[None, None]
    for jitter in (1, 3):
        lw = perturbed(w, (6, 7), jitter, seed=5)
        assert lw.shape == (1, 6, 7, 1, 3, 3)
        change = (lw - w[:, None, None]).reshape(6, 7, 9)
        assert ((change != 0).sum(-1) == 1).all()
        assert 1 <= np.abs(change[change != 0]).min() and np.abs(change).max() <= jitter
    assert np.array_equal(perturbed(w, (6, 7), 1, 5), perturbed(w, (6, 7), 1, 5)), "from the seed"


def test_stride_two_moved_one_pixel_is_not_equivariant(ws):
    s0, s1 = ws.strided
    assert s0.before.stride == (2, 2) and s0.before.out_shape == (1, 15, 15)
    assert (s0.out_shift, s1.out_shift) == ((0, 0), (0, 1))
    assert s0.largest > 0 and s1.largest > 0 and ws.strided_largest == min(s0.largest, s1.largest)
    # moved by a whole stride, it is: the map moves by one cell
    assert ws.strided_even.out_shift == (0, 1) and ws.strided_even.largest == 0


def test_stride_two_is_not_equivariant_for_random_inputs():
    rng = np.random.default_rng(3)
    x = rng.integers(0, 10, size=(1, 12, 12))
    k = np.array(DETECTORS["sobel_x"])[None, None]
    out = conv2d(x, k, [0], stride=2).output[0]
    moved = conv2d(shift(x, 0, 1), k, [0], stride=2).output[0]
    for o in (0, 1):
        mask = interior((12, 12), 0, 1, 3, stride=2, out_shift=(0, o))
        assert mask.any() and largest_difference(moved, out, (0, o), mask) > 0


def test_the_landmark_and_the_stops(ws):
    out = ws.conv.before.output[0]
    i, j = ws.landmark
    assert ws.conv.mask[ws.conv.moved_cell(i, j)], "the marker stays inside after the move"
    (pi, pj), (ni, nj), (zi, zj) = ws.stops
    assert out[pi, pj] == out.max() > 0 and out[ni, nj] == out.min() < 0 and out[zi, zj] == 0
    assert ws.scale == max(np.abs(ws.conv.before.output).max(), np.abs(ws.conv.after.output).max())


# ---- the picture -----------------------------------------------------------------------------------
def test_picture_averages_blocks_and_rounds_to_levels():
    img = photo()
    x = picture(img, 8, 16, 64, 16, levels=10)
    assert x.shape == (16, 16) and x.min() >= 0 and x.max() <= 9
    block = img[8 + 4 * 2:8 + 4 * 3, 16 + 4 * 5:16 + 4 * 6]
    assert x[2, 5] == round(block.mean() / 255 * 9)
    assert picture(np.ones((4, 4), bool), 0, 0, 4, 4).tolist() == [[9] * 4] * 4


def test_the_moved_picture_is_the_shifted_picture_where_both_show_it():
    img = photo(1)
    x = picture(img, 32, 40, 48, 12)
    for dy, dx in ((2, 3), (-1, 2), (0, -2)):
        moved = moved_picture(img, 32, 40, 48, 12, dy, dx)
        seen = shift(np.ones_like(x), dy, dx).astype(bool)
        assert np.array_equal(moved[seen], shift(x, dy, dx)[seen])
        assert not np.array_equal(moved, shift(x, dy, dx)), "new photograph came into view"


def test_crop_problems_are_one_clause():
    assert crop_problem((512, 512), (32, 96, 256), 32, (2, 3)) is None
    assert "multiple of pixels = 32" in crop_problem((512, 512), (32, 96, 250), 32, (2, 3))
    assert "inside the picture's 512 x 512" in crop_problem((512, 512), (0, 96, 256), 32, (2, 3))
    assert "inside" in crop_problem((512, 512), (300, 96, 256), 32, (0, 0))
    with pytest.raises(ValueError, match="outside"):
        picture(photo(), 90, 0, 16, 8)
