"""One running layer (#24, item 2): a value belongs to its identity (input (c, i, j), weight
(k, c, u, v), bias k; x_i and w_j of the 1-D layer; the contrast layers' own weights) and the
lecture's seed, never to the shape of the layer a scene draws. Every scene's table of the
parameter file shows a sub-block of one layer, whose two neurons are the learner's
o(0,0,0) = 5 and o(0,1,0) = 7."""
import tomllib
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cnncore.examples as ex
import cnncore.params as cp
from cnncore import GeometryError, conv2d, dense_layer, example_1d, example_layer, local_layer, upstream_gradient
from cnncore.examples import KINDS, at_identities, drawn, layer_values
from cnncore.variants import example_separable
from scenes.base import load_params
from scenes.lecture import lecture

ROOT = Path(__file__).resolve().parents[1]
LECTURE_FILE = ROOT / "scenes" / "lecture.toml"
SCENES = list(lecture())
PROPS = settings(max_examples=60, deadline=None)
OWN_VALUES = ("seed", "input_range", "weight_range", "input", "weights", "biases")


# ---- what every scene's layer holds, by identity ---------------------------------------------

def held(layer) -> list:
    """[((kind, identity), value)] of everything a table's layer gives a scene: its inputs,
    weights and biases (as ``values()`` and as its trace gives them), the 1-D layer of its
    sizes, the dense contrast layer's weights and the made-up upstream gradient."""
    found = []

    def put(kind, key, value):
        key = (kind, tuple(int(v) for v in np.atleast_1d(key)))
        found.append((key, value.item() if hasattr(value, "item") else value))

    x, w, b = layer.values()
    for kind, values in (("input", x), ("weight", w), ("bias", b)):
        for idx, v in np.ndenumerate(np.asarray(values)):
            put(kind, idx, v)
    if layer.transposed:   # its scene draws a transposed convolution of these values
        return found
    t = layer.trace()
    for idx, v in np.ndenumerate(t.x):
        put("input", idx, v)
    for key, v in zip(t.weight_keys, t.weight_values):
        put("weight", key, v)
    for k, v in enumerate(t.bias_values):
        put("bias", k, v)
    for key, v in zip(*(lambda d: (d.weight_keys, d.weight_values))(dense_layer(t, layer.seed))):
        put("dense weight", key, v)
    for idx, v in np.ndenumerate(upstream_gradient(t, layer.seed)):
        put("upstream", idx, v)
    try:
        t1 = layer.trace_1d()
    except GeometryError:
        return found
    for i, v in enumerate(t1.x[0, 0]):
        put("x_i", i, v)
    for j, v in enumerate(t1.weight_values):
        put("w_j", j, v)
    return found


def disagreements(layers: dict) -> tuple[list[str], int]:
    """Every identity held with two values (by two tables' layers, or two views of one), one
    line each, and how many identities two or more tables hold."""
    seen, shared, lines = {}, set(), []
    for name, layer in layers.items():
        for key, value in held(layer):
            if key in seen:
                if seen[key][1] != name:
                    shared.add(key)
                first, where = seen[key]
                if first != value:
                    lines.append(f"{key[0]} {key[1]}: {first} in [scenes.{where}], {value} in [scenes.{name}]")
            else:
                seen[key] = (value, name)
    return lines, len(shared)


def without_explicit_values(params) -> dict:
    """Every table's layer as if [layer] gave no explicit values: all drawn, each from its table's seed."""
    return {name: replace(p, input=None, weights=None, biases=None) for name, p in params.layers.items()}


def test_every_identity_has_one_value_in_every_scene_of_the_lecture():
    params = load_params(LECTURE_FILE)
    assert {s.params_key for s in SCENES} <= set(params.layers)
    lines, shared = disagreements(params.layers)
    assert not lines, "\n".join(lines)
    assert shared >= 75 + 54 + 2, "the inputs, weights and biases of the demo appear in several scenes"


def test_every_identity_has_one_value_when_the_layer_is_drawn_from_the_seed():
    """A lecturer who deletes the explicit arrays and changes seed changes the filter everywhere."""
    lines, shared = disagreements(without_explicit_values(load_params(LECTURE_FILE)))
    assert not lines, "\n".join(lines)
    assert shared >= 75 + 54 + 2 + 7 + 3


def test_no_scene_table_gives_values_of_its_own():
    """Sizes only: a table with its own seed, ranges or arrays would show another w0."""
    raw = tomllib.loads(LECTURE_FILE.read_text(encoding="utf-8"))
    own = {name: sorted(set(table) & set(OWN_VALUES)) for name, table in raw["scenes"].items()}
    assert not {name: keys for name, keys in own.items() if keys}
    assert {"input", "weights", "biases", "seed"} <= set(raw["layer"])


def test_the_same_filter_wherever_it_is_called_w0():
    params = load_params(LECTURE_FILE)
    first = params.layer("sliding_filter").trace()
    w0 = first.weight_values.reshape(first.tap_shape)
    # DilatedConv: "the same 3 by 3 filter as before"
    np.testing.assert_array_equal(params.layer("dilated").trace().weight_values.reshape(3, 3), w0[0])
    # ManyChannels' w0 and DepthSlices' w0 hold the same 27 values, with the same bias
    many, depth = params.layer("channels").trace(), params.layer("depth_slices").trace()
    np.testing.assert_array_equal(many.weight_values, depth.weight_values[:27])
    assert many.bias_values[0] == depth.bias_values[0] == first.bias_values[0] == 1
    np.testing.assert_array_equal(many.weight_values.reshape(3, 3, 3)[0], w0[0])
    # TransposedConv stamps w0's channel-0 slice; SeparableConv's steps read the standard input
    tr = params.layer("transposed").as_transposed().transposed_trace()
    np.testing.assert_array_equal(tr.weight_values.reshape(3, 3), w0[0])
    sep = params.layer("separable")
    np.testing.assert_array_equal(example_separable(sep).depthwise.x, sep.trace().x)


# ---- a sabotaged generator is caught ---------------------------------------------------------

def _shape_dependent(seed, kind, shape, value_range):
    lo, hi = value_range
    return np.random.default_rng([seed, kind]).integers(lo, hi + 1, size=shape, dtype=np.int64)


def _old_layer_values(seed=0, *, channels=3, input_size=5, filters=2, kernel_size=3, input_range=(0, 2),
                      weight_range=(-1, 1), biases=None, input=None, weights=None):
    """What the core did before: one stream drawn in order, explicit arrays used only whole."""
    rng = np.random.default_rng(seed)
    x = rng.integers(input_range[0], input_range[1] + 1, (channels, input_size, input_size))
    w = rng.integers(weight_range[0], weight_range[1] + 1, (filters, channels, kernel_size, kernel_size))
    b = rng.integers(weight_range[0], weight_range[1] + 1, (filters,))
    for given_, mine in ((input, x), (weights, w), (biases, b)):
        if given_ is not None and np.shape(given_) == mine.shape:
            mine[...] = given_
    return x, w, b


def _whole_or_nothing(seed, kind, shape, value_range, explicit=None):
    """Explicit values used only when they have the layer's exact shape."""
    if explicit is not None and np.shape(explicit) == tuple(shape):
        return np.asarray(explicit)
    return drawn(seed, kind, shape, value_range)


@pytest.mark.parametrize("sabotage", ["shape-dependent draws", "the old generator", "explicit values whole or not at all"])
def test_a_sabotaged_generator_is_caught(monkeypatch, sabotage):
    if sabotage == "shape-dependent draws":
        monkeypatch.setattr(ex, "drawn", _shape_dependent)
        layers = without_explicit_values(load_params(LECTURE_FILE))
    elif sabotage == "the old generator":
        monkeypatch.setattr(cp, "layer_values", _old_layer_values)
        monkeypatch.setattr(ex, "layer_values", _old_layer_values)
        layers = without_explicit_values(load_params(LECTURE_FILE))
    else:
        monkeypatch.setattr(ex, "at_identities", _whole_or_nothing)
        layers = load_params(LECTURE_FILE).layers
    lines, _ = disagreements(layers)
    assert lines, "the check finds a weight, bias or input with two values"


# ---- the running layer -----------------------------------------------------------------------

def o(t, x, y, d):
    """The demo's o(x, y, d): column x, row y, depth slice d (the trace's cell (d, y, x))."""
    cell = t.cell(d, y, x)
    assert sum(cell.products.tolist()) + cell.bias == cell.total == t.output[d, y, x]
    return cell.total


@pytest.mark.parametrize("table", ["question", "depth_slices", "param_counts"])
def test_the_running_layer_gives_the_learners_two_neurons(table):
    layer = load_params(LECTURE_FILE).layer(table)
    t = layer.trace()
    assert (t.in_shape, t.out_shape, t.padding, t.stride) == ((3, 5, 5), (2, 3, 3), (1, 1), (2, 2))
    assert o(t, 0, 0, 0) == 5 and o(t, 0, 1, 0) == 7   # o(0,1,0): row 1, column 0 of slice 0
    assert t.cell(0, 1, 0).total == 7 and t.cell(0, 0, 1).total != 7
    np.testing.assert_array_equal(t.cell(0, 0, 0).weight_ids, t.cell(0, 1, 0).weight_ids)   # both w0
    assert t.x.min() >= 0 and t.x.max() <= 2 and set(t.x.ravel().tolist()) == {0, 1, 2}
    assert set(t.weight_values.tolist()) == {-1, 0, 1}
    assert t.bias_values.tolist() == [1, 0]
    for d in range(2):   # the other outputs varied: no two neighbours equal, a negative in each slice
        s = t.output[d]
        assert (s[:, 1:] != s[:, :-1]).all() and (s[1:] != s[:-1]).all(), s
        assert s.min() < 0, s
        assert len(set(s.ravel().tolist())) >= 6, s
    assert o(t, 0, 0, 1) not in (5, 7) and o(t, 0, 1, 1) not in (5, 7)


def test_what_the_smaller_scenes_need_of_the_running_layer():
    params = load_params(LECTURE_FILE)
    w0 = np.asarray(params.layer("sliding_filter").weights)[0, 0]
    assert (w0 != 0).all(), "DilatedConv, UnrolledMatrix, TransposedConv: no weight is zero"
    g = params.layer("gradient")
    t = g.trace()
    uses = t.weight_gradient(upstream_gradient(t, g.seed)).contributions(4)   # w0[1,1,0]
    assert len(uses) == 9 and all(u.value != 0 for u in uses), "SharedGradient: every term counts"


# ---- sub-blocks of random layers agree with the full layer ------------------------------------

@st.composite
def layer_and_part(draw):
    """A layer's sizes and value ranges, and smaller (or equal) sizes of a part of it."""
    big = dict(channels=draw(st.integers(1, 3)), input_size=draw(st.integers(1, 7)),
               filters=draw(st.integers(1, 3)), kernel_size=draw(st.integers(1, 5)))
    part = {k: draw(st.integers(1, v)) for k, v in big.items()}
    lo = draw(st.integers(-9, 9))
    lo2 = draw(st.integers(-9, 9))
    ranges = dict(input_range=(lo, draw(st.integers(lo, 9))), weight_range=(lo2, draw(st.integers(lo2, 9))))
    return draw(st.integers(0, 2**32 - 1)), big, part, ranges


@PROPS
@given(layer_and_part())
def test_a_part_of_a_layer_holds_the_same_values(case):
    seed, big, part, ranges = case
    xb, wb, bb = layer_values(seed, **big, **ranges)
    xp, wp, bp = layer_values(seed, **part, **ranges)
    c, n, k, f = part["channels"], part["input_size"], part["filters"], part["kernel_size"]
    np.testing.assert_array_equal(xp, xb[:c, :n, :n])
    np.testing.assert_array_equal(wp, wb[:k, :c, :f, :f])
    np.testing.assert_array_equal(bp, bb[:k])
    for values, (lo, hi) in ((xb, ranges["input_range"]), (wb, ranges["weight_range"]), (bb, ranges["weight_range"])):
        assert values.dtype == np.int64 and lo <= values.min() and values.max() <= hi


@PROPS
@given(layer_and_part(), st.integers(1, 2))
def test_a_part_of_a_layer_traces_the_same_values_by_identity(case, stride):
    seed, big, part, ranges = case
    if big["kernel_size"] > big["input_size"] + 2 or part["kernel_size"] > part["input_size"] + 2:
        return
    full = example_layer(seed, **big, **ranges, stride=stride, padding=1)
    small = example_layer(seed, **part, **ranges, stride=stride, padding=1)
    weights = {tuple(key): v for key, v in zip(full.weight_keys.tolist(), full.weight_values.tolist())}
    for key, v in zip(small.weight_keys.tolist(), small.weight_values.tolist()):
        assert weights[tuple(key)] == v
    n = small.x.shape[1]
    np.testing.assert_array_equal(small.x, full.x[:small.x.shape[0], :n, :n])
    np.testing.assert_array_equal(small.bias_values, full.bias_values[:len(small.bias_values)])
    # the contrast layers and the upstream gradient: their own identities, the same way
    for make in (lambda t: local_layer(t, seed, ranges["weight_range"]), lambda t: dense_layer(t, seed, ranges["weight_range"])):
        a, b = make(full), make(small)
        got = {tuple(key): v for key, v in zip(a.weight_keys.tolist(), a.weight_values.tolist())}
        for key, v in zip(b.weight_keys.tolist(), b.weight_values.tolist()):
            if tuple(key) in got:
                assert got[tuple(key)] == v
    ga, gb = upstream_gradient(full, seed), upstream_gradient(small, seed)
    K, ho, wo = (min(a, b) for a, b in zip(ga.shape, gb.shape))
    np.testing.assert_array_equal(ga[:K, :ho, :wo], gb[:K, :ho, :wo])


@PROPS
@given(st.integers(0, 2**32 - 1), st.integers(1, 9), st.integers(1, 9), st.integers(1, 4), st.integers(1, 4))
def test_a_shorter_1d_layer_is_a_prefix_of_a_longer(seed, n1, n2, f1, f2):
    a = example_1d(seed, n=max(n1, n2, f1, f2), kernel_size=max(f1, f2), padding=0)
    b = example_1d(seed, n=max(n1, f1), kernel_size=f1, padding=0)
    np.testing.assert_array_equal(b.x[0, 0], a.x[0, 0, :b.x.shape[2]])
    np.testing.assert_array_equal(b.weight_values, a.weight_values[:f1])


@PROPS
@given(st.integers(0, 2**64 - 1), st.sampled_from(sorted(KINDS.values())),
       st.lists(st.integers(1, 6), min_size=1, max_size=4).flatmap(
           lambda shape: st.tuples(st.just(tuple(shape)), st.tuples(*[st.integers(1, 8) for _ in shape]))))
def test_a_value_depends_on_its_identity_only(seed, kind, shapes):
    a, b = shapes
    va, vb = drawn(seed, kind, a, (-3, 3)), drawn(seed, kind, b, (-3, 3))
    common = tuple(slice(0, min(x, y)) for x, y in zip(a, b))
    np.testing.assert_array_equal(va[common], vb[common])


# ---- explicit values override exactly their identities ------------------------------------------

@PROPS
@given(st.integers(0, 2**32 - 1), st.sampled_from(sorted(KINDS.values())),
       st.lists(st.tuples(st.integers(1, 5), st.integers(1, 5)), min_size=1, max_size=4), st.data())
def test_explicit_values_replace_exactly_their_identities(seed, kind, sizes, data):
    shape = tuple(s for s, _ in sizes)            # the layer's identities
    given_shape = tuple(g for _, g in sizes)      # the explicit block: smaller or larger per axis
    explicit = np.asarray(data.draw(st.lists(st.integers(-9, 9), min_size=int(np.prod(given_shape)),
                                             max_size=int(np.prod(given_shape))))).reshape(given_shape)
    got = at_identities(seed, kind, shape, (-1, 1), explicit)
    plain = drawn(seed, kind, shape, (-1, 1))
    assert got.shape == shape
    for idx in np.ndindex(shape):
        inside = all(i < g for i, g in zip(idx, given_shape))
        assert got[idx] == (explicit[idx] if inside else plain[idx]), idx


def test_explicit_values_in_the_file_are_values_at_identities(tmp_path):
    """[layer] gives two filters; a table with three keeps them and draws the third; a table of
    one channel takes their sub-block; a table's own arrays or seed give other values."""
    w = np.arange(54).reshape(2, 3, 3, 3) % 19 - 9
    x = np.arange(75).reshape(3, 5, 5) % 7
    f = tmp_path / "p.toml"
    f.write_text("[layer]\nseed = 5\nbiases = [4, -4]\n"
                 f"input = {x.tolist()}\nweights = {w.tolist()}\n"
                 "[scenes.recap]\nfilters = 3\n"
                 "[scenes.sliding_filter]\nchannels = 1\nfilters = 1\ninput_size = 4\nkernel_size = 2\nstride = 1\n"
                 "[scenes.channels]\nfilters = 3\nseed = 6\nstride = 1\n"
                 "[scenes.depth_slices]\nbiases = [7, 8]\n", encoding="utf-8")
    params = load_params(f)
    three = params.layer("recap").trace()
    ws = three.weight_values.reshape(3, 3, 3, 3)
    np.testing.assert_array_equal(ws[:2], w)
    np.testing.assert_array_equal(ws[2], drawn(5, KINDS["WEIGHT"], (3, 3, 3, 3), (-1, 1))[2])
    assert three.bias_values.tolist() == [4, -4, drawn(5, KINDS["BIAS"], (3,), (-1, 1))[2]]
    small = params.layer("sliding_filter").trace()
    np.testing.assert_array_equal(small.x, x[:1, :4, :4])
    np.testing.assert_array_equal(small.weight_values.reshape(2, 2), w[0, 0, :2, :2])
    assert small.bias_values.tolist() == [4]
    other_seed = params.layer("channels").trace().weight_values.reshape(3, 3, 3, 3)
    np.testing.assert_array_equal(other_seed[:2], w)   # explicit values stay, ...
    assert not np.array_equal(other_seed[2], ws[2])    # ... the drawn ones come from its seed
    assert params.layer("depth_slices").trace().bias_values.tolist() == [7, 8]
    assert params.layer("recap").trace().bias_values.tolist()[:2] == [4, -4]


def test_the_contrast_layers_have_their_own_identities():
    t = example_layer(3, channels=3, input_size=7, filters=3, kernel_size=3)
    w = t.weight_values.reshape((3,) + t.tap_shape)
    K, ho, wo = t.out_shape
    local = local_layer(t, 3).weight_values.reshape((K, ho, wo) + t.tap_shape)
    dense = dense_layer(t, 3).weight_values.reshape((K, ho, wo) + t.x.shape)
    assert not np.array_equal(local[:, 0, 0], w), "a locally connected layer's weights are other weights"
    assert not np.array_equal(dense[:, 0, 0, :, :3, :3], w)
    assert len(set(KINDS.values())) == len(KINDS)
    same = [np.array_equal(drawn(3, a, (4, 4, 4), (-9, 9)), drawn(3, b, (4, 4, 4), (-9, 9)))
            for a in KINDS.values() for b in KINDS.values() if a < b]
    assert not any(same)


def test_drawn_values_fill_their_range_evenly():
    v = drawn(11, KINDS["INPUT"], (3, 40, 40), (-2, 2))
    counts = np.bincount(v.ravel() + 2, minlength=5)
    assert counts.min() > 0.9 * v.size / 5 and counts.max() < 1.1 * v.size / 5, counts
    assert drawn(0, KINDS["WEIGHT"], (2, 2), (3, 3)).tolist() == [[3, 3], [3, 3]]
    with pytest.raises(ValueError, match="seed"):
        drawn(-1, KINDS["WEIGHT"], (2,), (0, 1))
    with pytest.raises(ValueError, match="low <= high"):
        drawn(0, KINDS["WEIGHT"], (2,), (1, 0))
    assert conv2d(*layer_values(0, channels=1, input_size=3, filters=1, kernel_size=3)).output.shape == (1, 1, 1)
