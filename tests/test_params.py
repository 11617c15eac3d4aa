"""The lecture's parameter file (cnncore.params): loading, overrides, and one-line errors."""
from pathlib import Path

import numpy as np
import pytest

from cnncore import cs231n_layer
from cnncore.params import ENV_VAR, LAYER_SCHEMA, LayerParams, ParamError
from scenes.base import SCREEN, lecture_params
from scenes.lecture import lecture

LECTURE = list(lecture())
from scenes.base import load_params as load

SCENES = tuple(s.params_key for s in LECTURE)
MAX_PADDED = SCREEN.max_padded

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "scenes" / "lecture.toml"

# The two scenes whose pictures grow fastest get small layers of their own, so that changing
# [layer] in a test changes only what the test is about.
SMALL_SCENES = """
[scenes.unrolled]
channels = 1
filters = 1
input_size = 4
kernel_size = 2
stride = 1
padding = 0
dilation = 1

[scenes.gradient]
channels = 1
filters = 1
input_size = 4
kernel_size = 3
stride = 1
padding = 0
dilation = 1
"""

BASE_LAYER = dict(channels=3, input_size=5, filters=2, kernel_size=3, stride=2, padding=1,
                  strict=True, seed=0, input_range=[0, 2], weight_range=[-1, 1], biases=[1, 0])


def toml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(toml_value(e) for e in v) + "]"
    if isinstance(v, str):
        return '"' + v + '"'
    return repr(v)


def write(tmp_path, name="lecture.toml", layer=None, drop=(), pace=None, extra=""):
    """A parameter file: BASE_LAYER updated by ``layer`` (minus ``drop``), then ``extra`` tables."""
    values = {**BASE_LAYER, **(layer or {})}
    lines = ["[layer]"] + [f"{k} = {toml_value(v)}" for k, v in values.items() if k not in drop]
    lines += ["", "[pace]"] + [f"{k} = {toml_value(v)}" for k, v in (pace or {"step": 0.5}).items()]
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n" + extra + "\n" + SMALL_SCENES, encoding="utf-8")
    return path


def error(path):
    with pytest.raises(ParamError) as exc:
        load(path)
    msg = str(exc.value)
    assert "\n" not in msg, "errors are one line"
    assert msg.startswith(str(path)), "errors name the file"
    return msg


# ---- valid files --------------------------------------------------------------------------------

def test_the_lecture_file_loads(tmp_path):
    path = DEFAULT if DEFAULT.exists() else write(tmp_path)
    params = load(path)
    assert params.path == str(path)
    assert set(SCENES) <= set(params.layers)
    for name in SCENES:
        layer = params.layer(name)
        assert isinstance(layer, LayerParams)
        t = layer.trace()  # every scene's layer can be built
        assert t.out_shape[1] == layer.output_size
        assert t.in_shape == (layer.channels, layer.input_size, layer.input_size)
        assert layer.input_size + 2 * layer.padding <= MAX_PADDED
    assert params.pace.step > 0


def test_a_valid_file_gives_the_layer_it_describes(tmp_path):
    params = load(write(tmp_path, pace={"step": 0.5, "full_positions": 2, "fast_step": 0.1}))
    layer = params.layer("cs231n")
    assert (layer.channels, layer.input_size, layer.filters, layer.kernel_size, layer.stride,
            layer.padding, layer.strict) == (3, 5, 2, 3, 2, 1, True)
    assert layer.biases == (1, 0) and layer.input_range == (0, 2)
    t = layer.trace()
    ref = cs231n_layer(0)  # the file spells out the CS231n demo, seed 0
    np.testing.assert_array_equal(t.output, ref.output)
    np.testing.assert_array_equal(t.x, ref.x)
    assert params.pace.step == 0.5 and params.pace.fast_step == 0.1
    assert [params.pace.step_time(i) for i in range(4)] == [0.5, 0.5, 0.1, 0.1]


def test_explicit_input_and_weights_are_used(tmp_path):
    x = [[[r * 3 + s for s in range(3)] for r in range(3)]]
    w = [[[[1, 0], [0, -1]]]]
    path = write(tmp_path, layer=dict(channels=1, input_size=3, filters=1, kernel_size=2, stride=1,
                                      padding=0, biases=[2], input=x, weights=w))
    t = load(path).layer("cs231n").trace()
    np.testing.assert_array_equal(t.x, x)
    # each output is x[r, s] - x[r+1, s+1] + 2 = -4 + 2
    np.testing.assert_array_equal(t.output, np.full((1, 2, 2), -2))


# ---- per-scene overrides and the environment ----------------------------------------------------

def test_a_scene_override_applies_only_to_that_scene(tmp_path):
    params = load(write(tmp_path, extra="[scenes.sliding_filter]\nchannels = 1\nfilters = 1\n"))
    sliding = params.layer("sliding_filter")
    assert sliding.channels == 1 and sliding.filters == 1
    assert sliding.biases is None  # [1, 0] no longer fits one filter, so it is drawn instead
    assert sliding.trace().in_shape == (1, 5, 5)
    assert sliding.trace().out_shape == (1, 3, 3)
    for name in ("channels", "depth_slices", "cs231n", "param_counts"):
        layer = params.layer(name)
        assert layer.channels == 3 and layer.filters == 2 and layer.biases == (1, 0), name
    assert load(write(tmp_path, name="plain.toml")).layer("sliding_filter").channels == 3


def test_lecture_params_honours_the_environment_variable(tmp_path, monkeypatch):
    b = write(tmp_path, name="b.toml", layer=dict(seed=7))
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert lecture_params().path == str(DEFAULT)
    monkeypatch.setenv(ENV_VAR, str(b))
    params = lecture_params()
    assert params.path == str(b)
    assert params.layer("cs231n").seed == 7
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "missing.toml"))
    with pytest.raises(ParamError, match="missing.toml.*not found.*" + ENV_VAR):
        lecture_params()


def test_two_files_give_different_numbers(tmp_path):
    a = load(write(tmp_path, name="a.toml", layer=dict(seed=1))).layer("cs231n").trace()
    b = load(write(tmp_path, name="b.toml", layer=dict(seed=2))).layer("cs231n").trace()
    c = load(write(tmp_path, name="c.toml", layer=dict(seed=1, input_range=[3, 5]))).layer("cs231n").trace()
    assert a.out_shape == b.out_shape == c.out_shape
    assert not np.array_equal(a.x, b.x) or not np.array_equal(a.weight_values, b.weight_values)
    assert not np.array_equal(a.output, b.output)
    assert c.x.min() >= 3 and a.x.max() <= 2
    # the same file twice gives the same numbers
    again = load(write(tmp_path, name="a2.toml", layer=dict(seed=1))).layer("cs231n").trace()
    np.testing.assert_array_equal(a.output, again.output)


# ---- errors --------------------------------------------------------------------------------------

def test_unknown_key_lists_the_valid_keys(tmp_path):
    path = write(tmp_path, layer=dict(chanels=1))
    msg = error(path)
    assert "unknown key" in msg and "'chanels'" in msg and "[layer]" in msg
    for key in LAYER_SCHEMA:
        assert key in msg


def test_unknown_scene_and_top_level_table_list_the_valid_names(tmp_path):
    msg = error(write(tmp_path, name="a.toml", extra="[scenes.slidingfilter]\nchannels = 1\n"))
    assert "'slidingfilter'" in msg
    for name in SCENES:
        assert name in msg
    msg = error(write(tmp_path, name="b.toml", extra="[colours]\nbg = 1\n"))
    assert "'colours'" in msg and "layer, pace, scenes" in msg


@pytest.mark.parametrize("key, value, shown, allowed", [
    ("channels", "three", "'three'", "whole number from 1 to 3"),
    ("channels", 4, "4", "whole number from 1 to 3"),
    ("filters", 0, "0", "from 1 to 3"),
    ("kernel_size", 6, "6", "from 1 to 5"),
    ("stride", 1.5, "1.5", "whole number from 1 to 4"),
    ("padding", -1, "-1", "from 0 to 2"),
    ("strict", 1, "1", "true or false"),
    ("seed", -5, "-5", "from 0 to 4294967295"),
    ("input_range", [0, 12], "[0, 12]", "whole numbers from -9 to 9; found 12"),
    ("input_range", [2, 0], "[2, 0]", "low <= high"),
    ("biases", [1, 0, 1], "[1, 0, 1]", "must have shape 2, got 3"),
])
def test_a_bad_value_names_file_key_value_and_what_is_allowed(tmp_path, key, value, shown, allowed):
    msg = error(write(tmp_path, layer={key: value}))
    assert f"[layer] {key} = {shown}" in msg
    assert allowed in msg


def test_a_bad_pace_value_is_refused(tmp_path):
    msg = error(write(tmp_path, pace={"step": 0}))
    assert "[pace] step = 0" in msg and "from 0.05 to 10.0" in msg


def test_a_bad_value_in_a_scene_table_names_that_table(tmp_path):
    msg = error(write(tmp_path, extra="[scenes.channels]\nchannels = 5\n"))
    assert "[scenes.channels] channels = 5" in msg and "from 1 to 3" in msg


def test_an_input_too_large_for_the_frame_is_refused_with_the_limit(tmp_path):
    msg = error(write(tmp_path, layer=dict(input_size=8, padding=1, stride=1)))
    assert "input_size + 2*padding = 10" in msg
    assert f"at most {MAX_PADDED}" in msg
    assert "input_size=8" in msg and "padding=1" in msg
    # the largest size that fits is accepted
    assert load(write(tmp_path, name="ok.toml", layer=dict(input_size=7, padding=1, stride=1)))


def test_a_stride_that_does_not_tile_is_refused_in_strict_mode(tmp_path):
    layer = dict(input_size=6, padding=0, kernel_size=3, stride=2)
    msg = error(write(tmp_path, layer={**layer, "strict": True}))
    assert "[layer]" in msg and "stride=2" in msg and "does not tile" in msg
    assert "allowed strides here: 1, 3" in msg
    loose = load(write(tmp_path, name="loose.toml", layer={**layer, "strict": False}))
    assert loose.layer("cs231n").trace().out_shape == (2, 2, 2)


def test_a_kernel_larger_than_the_input_is_refused(tmp_path):
    msg = error(write(tmp_path, layer=dict(input_size=2, padding=0, kernel_size=4, stride=1)))
    assert "kernel_size=4" in msg and "too large" in msg


@pytest.mark.parametrize("text, expected", [
    ("[layer\nchannels = 3\n", "not valid TOML"),
    ("", "empty"),
    ('layer = "big"\n', "must be a table"),
])
def test_unreadable_files_are_refused(tmp_path, text, expected):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    assert expected in error(path)


def test_a_missing_file_is_refused(tmp_path):
    assert "not found" in error(tmp_path / "nope.toml")
