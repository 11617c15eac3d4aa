"""Core additions for the 'what sharing buys' scenes: the 1-D layer honours stride and
dilation, the seeded upstream gradient, and the per-scene legibility limits (declared on the
scene classes, checked by cnncore.params.LectureParams.check)."""
import numpy as np
import pytest

from cnncore import upstream_gradient
from cnncore.examples import example_1d, example_layer
from cnncore.params import ParamError
from scenes.base import load_params as load
from scenes.content.gradient import SharedGradient
from scenes.content.unrolled import UnrolledMatrix
from scenes.lecture import lecture

LECTURE = list(lecture())


def write(tmp_path, scenes: str, layer: str = "") -> str:
    p = tmp_path / "p.toml"
    p.write_text(f"[layer]\n{layer}\n{scenes}\n")
    return p


@pytest.mark.parametrize("stride,dilation,padding", [(1, 1, 0), (2, 1, 1), (1, 2, 0), (3, 1, 2)])
def test_1d_layer_honours_stride_and_dilation(stride, dilation, padding):
    t = example_1d(5, n=7, kernel_size=3, padding=padding, stride=stride, dilation=dilation)
    x = np.pad(t.x[0, 0], padding)
    w = t.weight_values
    starts = range(0, len(x) - dilation * 2, stride)
    want = [sum(w[u] * x[s + u * dilation] for u in range(3)) for s in starts]
    assert t.output[0, 0].tolist() == want


def test_trace_1d_reads_stride_and_dilation_from_the_file(tmp_path):
    p = load(write(tmp_path, "[scenes.edges_1d]\ninput_size = 7\nkernel_size = 3\nstride = 2\n"
                             "dilation = 2\npadding = 0\nstrict = false\nchannels = 1\nfilters = 1"))
    t = p.layer("edges_1d").trace_1d()
    assert t.stride == (1, 2) and t.dilation == (1, 2)
    assert t.out_shape == (1, 1, p.layer("edges_1d").output_size)


def test_upstream_gradient_is_seeded_small_and_shaped_like_the_output():
    t = example_layer(3, channels=2, input_size=5, filters=3, kernel_size=3)
    g = upstream_gradient(t, seed=7)
    assert g.shape == t.out_shape and np.issubdtype(g.dtype, np.integer)
    assert g.min() >= -2 and g.max() <= 2
    assert np.array_equal(g, upstream_gradient(t, seed=7))
    assert not np.array_equal(g, upstream_gradient(t, seed=8))
    assert upstream_gradient(t, seed=1, value_range=(3, 3)).tolist() == np.full(t.out_shape, 3).tolist()
    grad = t.weight_gradient(g)
    for wid in range(t.n_weights):
        assert sum(c.value for c in grad.contributions(wid)) == grad.weights[wid]


UNROLLED = "[scenes.unrolled]\nstrict = false\npadding = 0\nstride = 1\n"


@pytest.mark.parametrize("body", [
    "channels = 1\nfilters = 2\ninput_size = 4\nkernel_size = 2",   # 2*3*3 = 18 rows, 16 columns
    "channels = 3\nfilters = 2\ninput_size = 3\nkernel_size = 1",   # 18 rows, 27 columns
    "channels = 1\nfilters = 1\ninput_size = 5\nkernel_size = 2",   # 16 rows, 25 columns
])
def test_unrolled_accepts_its_largest_matrices(tmp_path, body):
    p = load(write(tmp_path, UNROLLED + body))
    UnrolledMatrix.check_params(p)
    assert p.layer("unrolled").filters * p.layer("unrolled").output_size ** 2 <= 18


@pytest.mark.parametrize("body,what,value,most", [
    ("channels = 1\nfilters = 2\ninput_size = 5\nkernel_size = 2", "matrix rows", 32, 18),
    ("channels = 1\nfilters = 1\ninput_size = 5\nkernel_size = 1", "matrix rows", 25, 18),
    ("channels = 2\nfilters = 1\ninput_size = 4\nkernel_size = 3", "matrix columns", 32, 27),
])
def test_unrolled_refuses_a_matrix_too_large_to_read(tmp_path, body, what, value, most):
    p = load(write(tmp_path, UNROLLED + body))  # the file itself is valid ...
    for scene in LECTURE:                       # ... and so are the scenes that can show it
        if scene is not UnrolledMatrix:
            scene.check_params(p)
    with pytest.raises(ParamError) as e:
        UnrolledMatrix.check_params(p)
    msg = str(e.value)
    assert "[scenes.unrolled]" in msg and what in msg and f"= {value}:" in msg and f"at most {most}" in msg
    assert "\n" not in msg


def test_gradient_limit_is_the_output_size(tmp_path):
    ok = "[scenes.gradient]\nchannels = 1\nfilters = 1\ninput_size = 6\nkernel_size = 3\npadding = 0\nstride = 1\n"
    assert load(write(tmp_path, ok)).layer("gradient").output_size == 4
    bad = load(write(tmp_path, ok.replace("input_size = 6", "input_size = 7")))
    with pytest.raises(ParamError, match=r"\[scenes.gradient\] output_size = 5: at most 4"):
        SharedGradient.check_params(bad)


def test_a_limit_broken_by_the_shared_layer_names_the_scene(tmp_path):
    # [layer] alone can break a scene's limit: the message says which scene table to fix,
    # and only that scene is refused (a file written for the core scenes still loads).
    p = load(write(tmp_path, "", layer="input_size = 7\nstride = 1\npadding = 0\nstrict = false"))
    for scene in LECTURE:
        if scene not in (SharedGradient, UnrolledMatrix):
            scene.check_params(p)
    with pytest.raises(ParamError, match=r"\[scenes.gradient\] output_size"):
        SharedGradient.check_params(p)


def test_the_lecture_file_passes_every_scene_limit():
    from pathlib import Path
    p = load(Path(__file__).resolve().parents[1] / "scenes" / "lecture.toml")
    for scene in LECTURE:
        scene.check_params(p)

