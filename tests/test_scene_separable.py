"""The depthwise / 1x1 / depthwise-separable scene, rendered for real, against its traces: the
standard table in the lecture's weight colours, the depthwise and 1x1 filters (other weights) in
colours of their own, bars in no weight's colour, and issue #24's frame instruments."""
import numpy as np
import pytest
from manim import Square

from cnncore.variants import variant_param_counts
from scenes.content.separable import REAL_ROWS, SeparableConv
from scenes.visual import palette as P
from scenes.visual.mobjects import fmt
from tests.framecheck import CHECKS, framecheck, least_delta_e
from tests.scenekit import assert_legible, close, fill_of, label_opacity, passed, render

# each stage: the scene's checkpoint once that table and its weight counts are on screen
STAGES = {"standard": "standard table", "depthwise": "depthwise table", "pointwise": "separable block"}


def params(tmp_path, **table):
    base = dict(channels=3, filters=3, input_size=4, kernel_size=3, stride=1, padding=0, strict="false",
                seed=50, biases="[0, 0, 0]")
    base.update(table)
    path = tmp_path / "lecture.toml"
    path.write_text("[scenes.separable]\n" + "".join(f"{k} = {v}\n" for k, v in base.items()), encoding="utf-8")
    return path


def own_colors(scene, key):
    """What each table's weights must wear: the lecture's w_k by identity for the standard
    convolution; for the depthwise and 1x1 filters (drawn from the seed, not w0's weights) one run
    of distinct colours over both, none of them a weight colour of the lecture."""
    if key == "standard":
        return P.weight_colors(scene.standard)
    nd, npw = scene.depthwise.n_weights, scene.pointwise.n_weights
    both = P.distinct_colors(nd + npw)
    return list(both[:nd]) if key == "depthwise" else list(both[nd:])


def test_the_depthwise_and_1x1_filters_do_not_wear_w0s_colours(rendered):
    scene, _ = rendered
    lecture = {P.weight_color(k, c, u, v).upper() for k in range(3) for c in range(3) for u in range(5) for v in range(5)}
    mine = [c.upper() for key in ("depthwise", "pointwise") for c in scene.colors[key]]
    assert mine == [c.upper() for key in ("depthwise", "pointwise") for c in own_colors(scene, key)]
    assert not set(mine) & lecture and len(set(mine)) == len(mine)
    assert least_delta_e(mine, lecture) >= 5
    assert least_delta_e(mine) >= 10
    # and the slices they make are not titled in the lecture's filter colours
    for table in (scene.depthwise_table, scene.pointwise_table):
        names = [m for m in table.submobjects if getattr(m, "text", "").startswith(("m[", "o["))]
        assert names and all(m.get_fill_color().to_hex().upper() == P.TEXT.upper() for m in names)


def test_the_bars_wear_no_weight_colour(rendered):
    scene, _ = rendered
    lecture = {P.weight_color(k, c, u, v).upper() for k in range(3) for c in range(3) for u in range(5) for v in range(5)}
    fills = {key: scene.bars[key].bar.get_fill_color().to_hex().upper() for key, _ in REAL_ROWS}
    assert not set(fills.values()) & lecture
    assert fills["separable"] == P.HIGHLIGHT.upper() and set(fills.values()) == {P.HIGHLIGHT.upper(), P.MUTED.upper()}


def check_table(scene, frame, table, trace, inputs, reads, key):
    colors = own_colors(scene, key)
    K = trace.out_shape[0]
    C = len(inputs)
    cg, fh, fw = trace.tap_shape
    vals = trace.weight_values.reshape(K, cg, fh, fw)
    for c in range(C):
        for (r, q), v in np.ndenumerate(inputs[c]):
            assert table.heads[c].numbers[r][q].text == fmt(v)
    for k in range(K):
        for (r, q), v in np.ndenumerate(trace.output[k]):
            assert table.outputs[k].numbers[r][q].text == fmt(v)
        for c in range(C):
            block = table.block(k, c)
            if not reads(k, c):
                assert block is None and table.empty(k, c) is not None, (k, c)
                continue
            n = c if cg == C else 0
            ids = table.ids[(k, c)]
            for (u, v), wid in np.ndenumerate(ids):
                key = trace.weight_keys[wid]
                assert (key[0], key[1], key[2], key[3]) == (k, n, u, v)
                assert block.numbers[u][v].text == fmt(vals[k, n, u, v])
                assert close(fill_of(scene, frame, block.cell(u, v)), colors[wid], tol=30), (k, c, u, v)
    assert_legible(scene)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The whole scene, checked on the way at each of its STAGES (``passed``)."""
    return render(SeparableConv, tmp_path_factory.mktemp("separable"),
                  checks={stop: lambda s, frame, name=name: check_stage(s, frame, name) for name, stop in STAGES.items()})


@pytest.mark.parametrize("name", list(STAGES))
def test_each_table_shows_which_filter_reads_which_channel(rendered, name):
    passed(rendered[0], STAGES[name])   # check_stage, run when the render was there


def check_stage(scene, frame, name):
    p = scene.layer
    counts = variant_param_counts(p.channels, p.filters, p.kernel_size)
    if name == "standard":
        t = scene.standard
        check_table(scene, frame, scene.table, t, t.x, lambda k, c: True, "standard")
    elif name == "depthwise":
        t = scene.depthwise
        assert np.array_equal(t.x, scene.standard.x), "the same input"
        check_table(scene, frame, scene.depthwise_table, t, t.x, lambda k, c: k == c, "depthwise")
        assert label_opacity(scene.legend) > 0.99
    else:
        t = scene.pointwise
        assert np.array_equal(t.x, scene.depthwise.output), "the 1x1 step reads the depthwise output"
        check_table(scene, frame, scene.table, t, scene.depthwise.output, lambda k, c: True, "pointwise")
        assert np.array_equal(scene.sep.output, t.output)
    for key, trace in (("standard", scene.standard), ("depthwise", scene.depthwise), ("pointwise", scene.pointwise)):
        if key in scene.lines:
            assert trace.n_weights == counts[key]["weights"]
            assert scene.lines[key].count.text == f"{trace.n_weights:,} weights"
    if "separable" in scene.lines:
        assert scene.lines["separable"].count.text == f"{counts['separable']['weights']} weights"
        assert counts["separable"]["weights"] == scene.depthwise.n_weights + scene.pointwise.n_weights


def test_realistic_counts_side_by_side(rendered):
    scene, frame = rendered
    real = variant_param_counts(64, 128, 3, groups=4)
    for key, _ in REAL_ROWS:
        assert scene.bars[key].count == real[key]["weights"]
        assert label_opacity(scene.bars[key].said) > 0.99
    assert [scene.bars[k].count for k in ("standard", "depthwise", "pointwise", "separable")] == [73_728, 576, 8_192, 8_768]
    lengths = {k: scene.bars[k].bar.width for k, _ in REAL_ROWS}
    assert lengths["standard"] > lengths["grouped"] > lengths["separable"] > lengths["pointwise"] > lengths["depthwise"]
    assert "576" in scene.split.text and "8,192" in scene.split.text and "8,768" in scene.split.text
    for key, _ in REAL_ROWS:   # each bar in its colour, read in a small square at its middle
        probe = Square(0.2).move_to(scene.bars[key].bar)
        assert close(fill_of(scene, frame, probe), scene.bars[key].bar.get_fill_color().to_hex(), tol=30)
    assert_legible(scene)


@pytest.mark.parametrize("table", [
    dict(input_size=6, input_range="[-9, 9]", weight_range="[-9, 9]"),
    dict(input_size=5, padding=2, kernel_size=5, input_range="[-9, 9]", weight_range="[-9, 9]"),   # the largest
    dict(input_size=4, padding=1, channels=2, filters=2, biases="[0, 0]"),
    dict(input_size=5, kernel_size=1, channels=1, filters=3),
])
def test_largest_accepted_layers_are_legible(tmp_path, table):
    seen = []
    render(SeparableConv, tmp_path, params=params(tmp_path, **table),
           looks={stop: lambda scene, frame, stop=stop: (assert_legible(scene), seen.append(stop))
                  for stop in STAGES.values()})
    assert seen == list(STAGES.values())


def test_no_label_is_morphed_into_other_text(rendered):
    scene, _ = rendered
    assert scene.morphs == []


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    return framecheck(SeparableConv, tmp_path_factory.mktemp("separable_frames"))


@pytest.mark.parametrize("check", CHECKS)
def test_the_frame_instruments_find_nothing(report, check):
    assert report.samples > 10 and report.probes > 10
    assert report.of(check) == [], report.summary(check)
