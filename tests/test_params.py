"""The lecture's parameter file (cnncore.params): loading, overrides, and errors: one line per mistake."""
from pathlib import Path

import numpy as np
import pytest

from cnncore import cs231n_layer
from cnncore.params import ENV_VAR, LAYER_SCHEMA, LayerParams, ParamError, Setting
from cnncore.params import load as load_file
from scenes.base import SCREEN, lecture_params
from scenes.files import exit_with
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
    # [1, 0] are the values of biases 0 and 1: one filter keeps b0 = 1; a loaded layer holds
    # all of its values, of its own shape
    assert sliding.biases == (1,) and sliding.trace().bias_values.tolist() == [1]
    assert np.shape(sliding.input) == (1, 5, 5) and np.shape(sliding.weights) == (1, 1, 3, 3)
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


# ---- several mistakes: every one, one line each (issue #26) -------------------------------------
# cnncore.params.load itself, with its tables named here (no scene needed).

TABLES = ("sliding_filter", "gradient", "why")


def mistakes(tmp_path, text, **kwargs):
    path = tmp_path / "several.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParamError) as exc:
        load_file(path, tables=TABLES, **kwargs)
    e = exc.value
    assert str(e) == "\n".join(e.lines)
    assert all(line.startswith(f"{path}: ") and line.isprintable() for line in e.lines)
    return [line[len(f"{path}: "):] for line in e.lines]


def test_a_param_error_of_one_mistake_is_that_line():
    e = ParamError("f.toml: [layer] channels = 4: must be a whole number from 1 to 3")
    assert e.lines == [str(e)] and "\n" not in str(e)
    several = ParamError(["f.toml: one", "f.toml: two"])
    assert several.lines == ["f.toml: one", "f.toml: two"] and str(several) == "f.toml: one\nf.toml: two"
    assert isinstance(several, ValueError)


def test_load_lists_every_independent_mistake_in_the_files_order(tmp_path):
    lines = mistakes(tmp_path, '[layer]\nchanels = 1\nseed = -1\n[pace]\npause = -1\nvoice = "bob"\n'
                               '[scenes.gradient]\nstride = "2"\ninput_range = [3, 1]\n'
                               '[scenes.slidingfilter]\nchannels = 1\n')
    assert [line.split(":")[0] if line.startswith("unknown") else line.split(" = ")[0] for line in lines] == [
        "unknown key in [layer]", "[layer] seed", "[pace] pause", "[pace] voice", "[scenes.gradient] stride",
        "[scenes.gradient] input_range", "unknown key in [scenes]"]
    assert "'slidingfilter'; valid keys here: sliding_filter, gradient, why" in lines[-1]


def test_a_wrong_key_is_left_out_and_the_rest_still_checked(tmp_path):
    """[layer] channels is wrong: its default (3) is used, so [scenes.gradient]'s own mistake is
    found, and nothing is reported that only follows from the wrong channels."""
    lines = mistakes(tmp_path, "[layer]\nchannels = 7\ngroups = 3\n[scenes.gradient]\ninput_size = 8\npadding = 1\n")
    assert lines == ["[layer] channels = 7: must be a whole number from 1 to 3",
                     ("[scenes.gradient] input_size + 2*padding = 10: at most 9 cells per side fit legibly"
                      " on a 1080p frame (input_size=8, padding=1)")]


def test_a_mistake_that_makes_another_check_meaningless_is_reported_once(tmp_path):
    # kernel 3, stride 2 over 8 + 2*1 cells would not tile either: a consequence of the size
    assert len(mistakes(tmp_path, "[layer]\ninput_size = 8\npadding = 1\n")) == 1
    # filters is wrong: the biases' shape (one per filter) is not judged, their values are
    lines = mistakes(tmp_path, "[layer]\nfilters = 5\nbiases = [1, 2, 3, 4, 5]\n")
    assert lines == ["[layer] filters = 5: must be a whole number from 1 to 3"]
    lines = mistakes(tmp_path, "[layer]\nfilters = 5\nbiases = [1, 2, 3, 4, 50]\n")
    assert len(lines) == 2 and lines[1].startswith("[layer] biases = [1, 2, 3, 4, 50]: must hold whole numbers")


def test_a_scenes_settings_are_checked_with_its_layer_keys(tmp_path):
    def even_with_seed(value, values):
        return None if value % 2 == 0 else f"must be even (seed is {values['level']})"

    own = {"why": {"level": Setting("int", 2, lo=0, hi=9, check=even_with_seed),
                   "shape": Setting("choice", "disc", choices=("disc", "ring"))}}
    lines = mistakes(tmp_path, '[scenes.why]\nshape = "star"\nlevel = 3\nchannels = 0\ncolour = 1\n', settings=own)
    assert [line.split(":")[0] for line in lines] == [
        "[scenes.why] shape = 'star'", "[scenes.why] channels = 0", "unknown key in [scenes.why]"]
    assert lines[2].endswith("weights, level, shape")
    # on its own, the cross check is reported (with the other settings as the file gives them)
    assert mistakes(tmp_path, "[scenes.why]\nlevel = 3\n", settings=own) == [
        "[scenes.why] level = 3: must be even (seed is 3)"]


def test_exit_with_prints_one_error_line_per_line(capsys):
    with pytest.raises(SystemExit) as exc:
        exit_with("f.toml: one mistake")
    assert exc.value.code == 2 and capsys.readouterr().err == "error: f.toml: one mistake\n"
    with pytest.raises(SystemExit) as exc:
        exit_with("f.toml: one\nf.toml: two\n", status=1)
    assert exc.value.code == 1 and capsys.readouterr().err == "error: f.toml: one\nerror: f.toml: two\n"


def test_the_benchmarks_edit_is_one_the_file_accepts_and_changes_one_scene(tmp_path):
    """``make bench`` times a re-run after a lecturer's edit (``toolchain.benchmark.EDIT``): the
    edit must still exist in scenes/lecture.toml, be accepted, and change the inputs of exactly
    one scene of the lecture (its own table's), so the re-run renders that scene only."""
    from scenes.base import load_params
    from scenes.lecture import lecture
    from toolchain import benchmark, renders

    table, key, value = benchmark.EDIT
    edited = load_params(benchmark.edited_params(tmp_path))
    before = load_params(Path(__file__).resolve().parents[1] / "scenes" / "lecture.toml")
    assert str(getattr(edited.layer(table), key)) == value != str(getattr(before.layer(table), key))
    changed = [s.__name__ for s in lecture()
               if renders.inputs_fingerprint(s, "l", edited) != renders.inputs_fingerprint(s, "l", before)]
    assert len(changed) == 1 and lecture()[[s.__name__ for s in lecture()].index(changed[0])].params_key == table
