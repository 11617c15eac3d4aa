"""The dilated-convolution scene, rendered for real, against its trace; issue #24's frame
instruments on the default layer and on a lecturer's (a 9x9 input, no dilation: 49 positions)."""
from pathlib import Path

import numpy as np
import pytest

from cnncore.variants import receptive_field
from scenes.base import load_params
from scenes.content.dilated import DilatedConv
from scenes.visual import palette as P
from scenes.visual.layout import readable
from scenes.visual.mobjects import fmt
from tests.framecheck import CHECKS, framecheck, framecheck_table, timed
from tests.scenekit import assert_legible, close, fill_of, label_opacity, render

LECTURE_TOML = Path(__file__).resolve().parents[1] / "scenes" / "lecture.toml"
FIRST_WINDOW = "first window"   # the checkpoint: the first window laid on the input


def params(tmp_path, **table):
    base = dict(channels=1, filters=1, input_size=7, kernel_size=3, stride=1, padding=0, dilation=2,
                strict="false", seed=14, input_range="[0, 3]", weight_range="[-2, 2]", biases="[0]")
    base.update(table)
    path = tmp_path / "lecture.toml"
    path.write_text("[scenes.dilated]\n" + "".join(f"{k} = {v}\n" for k, v in base.items()), encoding="utf-8")
    return path


def check_first_window(scene, frame):
    t = scene.trace
    cell = t.cell(0, 0, 0)
    tinted = {tuple(int(v) for v in pos): int(w) for pos, w in zip(cell.positions, cell.weight_ids)}
    d = t.dilation[0]
    span = receptive_field(t)
    for r in range(span[0]):
        for s in range(span[1]):
            sq = scene.input.cell(0, r, s)
            got = fill_of(scene, frame, sq)
            if (0, r, s) in tinted:   # the weight's own colour, keyed on its identity (k, c, u, v)
                wid = tinted[(0, r, s)]
                assert scene.colors[wid] == P.weight_color(*t.weight_keys[wid])
                assert close(got, P.weight_color(*t.weight_keys[wid]), tol=30), (r, s)
            else:   # the gaps between the weights keep the input's own fill (padding or not)
                ph, h = t.padding[0], t.x.shape[1]
                pad = not (ph <= r < ph + h and ph <= s < ph + h)
                assert close(got, P.PADDING_FILL if pad else P.CELL_FILL, tol=30), (r, s)
    rows = sorted({r for _, r, _ in tinted})
    assert all(b - a == d for a, b in zip(rows, rows[1:])), "the colours land d cells apart"
    assert_legible(scene)


@pytest.mark.parametrize("table", [
    {},
    dict(input_size=9, dilation=3),                       # the widest gaps
    dict(input_size=9, kernel_size=5, dilation=2),        # 25 weights spread over all 9x9
    dict(input_size=5, padding=2, dilation=3, input_range="[-9, 9]", weight_range="[-9, 9]"),
])
def test_colours_land_with_gaps(tmp_path, table):
    scene, frame = render(DilatedConv, tmp_path, params=params(tmp_path, **table), upto=FIRST_WINDOW)
    check_first_window(scene, frame)


@pytest.mark.parametrize("table", [{}, dict(input_size=9, kernel_size=5, dilation=2),
                                   dict(input_size=5, padding=2, dilation=3, input_range="[-9, 9]",
                                        weight_range="[-9, 9]")])
def test_field_grows_weights_do_not(tmp_path, table):
    scene, frame = render(DilatedConv, tmp_path, params=params(tmp_path, **table))
    t, plain = scene.trace, scene.plain
    assert np.array_equal(t.weight_values, plain.weight_values), "the same weights"
    assert plain.dilation == (1, 1) and t.n_weights == plain.n_weights
    k = t.tap_shape[1]
    d = t.dilation[0]
    assert receptive_field(t) == (d * (k - 1) + 1,) * 2 and receptive_field(plain) == (k, k)
    for name, tr in (("plain", plain), ("dilated", t)):
        head, sees, count = scene.facts[name]
        assert head.text == f"dilation {tr.dilation[0]}"
        assert sees.text == f"one output sees {receptive_field(tr)[0]}×{receptive_field(tr)[1]} inputs"
        assert count.text == f"{tr.n_weights} weights"
        assert label_opacity(count) > 0.99
    # every output number, shown
    for (i, j), v in np.ndenumerate(t.output[0]):
        num = scene.output.number(0, i, j)
        assert num.text == fmt(v) and label_opacity(num) > 0.99
    # the sweep's summary: every input cell carries exactly the weights the trace says it met
    for (c, r, s), here in scene.usage.by_cell.items():
        assert sorted(w for w, _ in here) == t.weight_ids_at(c, r, s).tolist()
        assert all(sq.get_fill_color().to_hex().upper() == scene.colors[w].upper() for w, sq in here)
    assert sum(len(h) for h in scene.usage.by_cell.values()) == int(t.usage.sum())
    # the receptive field's box spans the first window
    cells = [scene.input.cell(*map(int, pos)) for pos in t.cell(0, 0, 0).positions]
    left = min(c.get_left()[0] for c in cells)
    right = max(c.get_right()[0] for c in cells)
    assert abs(scene.field_box.width - (right - left)) < 0.12
    assert_legible(scene)


def test_a_layer_with_more_channels_is_shown_with_one_of_each(tmp_path):
    x = np.full((3, 5, 5), 7)
    x[0] = np.arange(25).reshape(5, 5) % 9               # given, not drawn: values far from the seed's
    w = (np.arange(54).reshape(2, 3, 3, 3) % 9) - 4
    path = tmp_path / "lecture.toml"
    path.write_text("[layer]\nstride = 1\npadding = 0\ndilation = 2\nstrict = false\nbiases = [5, 0]\n"
                    f"input = {x.tolist()}\nweights = {w.tolist()}\n", encoding="utf-8")
    scene, frame = render(DilatedConv, tmp_path, params=path)
    assert scene.layer.channels == 3 and scene.trace.in_shape[0] == 1 and scene.trace.out_shape[0] == 1
    assert scene.trace.dilation == (2, 2) and receptive_field(scene.trace) == (5, 5)
    # one running layer: channel 0, w0's channel-0 slice and b0 keep their values (not drawn anew)
    assert np.array_equal(scene.trace.x[0], x[0])
    assert np.array_equal(scene.trace.weight_values.reshape(3, 3), w[0, 0])
    assert scene.trace.bias_values.tolist() == [5]
    assert_legible(scene)


def test_the_running_layers_w0_slice_with_names_a_viewer_can_read(tmp_path):
    """The default parameter file: w0's channel-0 slice of [layer] (the values and colours every
    other scene gives w0[u,v,0]), each weight named under its value at a readable size."""
    scene, frame = render(DilatedConv, tmp_path, upto=FIRST_WINDOW)
    t = scene.trace
    _, w, _ = load_params(LECTURE_TOML).base.values()   # [layer]: the running layer
    assert np.array_equal(t.weight_values.reshape(w.shape[2:]), w[0, 0])
    for wid, key in enumerate(t.weight_keys):
        assert tuple(key)[:2] == (0, 0)
        assert close(fill_of(scene, frame, scene.filters.weight_cell(wid)), P.weight_color(*key), tol=30)
        name = scene.filters.weight_labels[wid]
        assert name.text == "w0[{},{},0]".format(*key[2:]) and readable(name), name.text
    check_first_window(scene, frame)


def test_no_label_is_morphed_into_other_text(tmp_path):
    scene, _ = render(DilatedConv, tmp_path)
    assert scene.morphs == []


# ---- issue #24's instruments: the default layer, and a lecturer's own ------------------------------

@pytest.fixture(scope="module")
def report(tmp_path_factory):
    return framecheck(DilatedConv, tmp_path_factory.mktemp("dilated_frames"))


@pytest.mark.parametrize("check", CHECKS)
def test_the_frame_instruments_find_nothing(report, check):
    assert report.samples > 10 and report.probes > 10
    assert report.of(check) == [], report.summary(check)


# A lecturer's own table: a 2x2 kernel at dilation 2 over a 9x9 input (7x7 = 49 positions in one short beat)
LECTURER = ("[scenes.dilated]\nchannels = 1\nfilters = 1\ninput_size = 9\nkernel_size = 2\nstride = 1\n"
            "padding = 0\ndilation = 2\nstrict = false\n")


def test_without_dilation_the_words_say_there_are_no_gaps(tmp_path):
    """A file whose [layer] has no dilation (and no [scenes.dilated] table of its own) still
    renders this scene: it does not say 'gaps' or 'the field grows' over a plain convolution."""
    scene, _ = render(DilatedConv, tmp_path, params=params(tmp_path, input_size=5, dilation=1))
    said = " ".join(c.text for c in scene.said)
    assert scene.trace.dilation == (1, 1)
    assert "dilation 1 leaves no gaps" in said and "as without it" in said, said
    assert "gaps between" not in said and "same gaps" not in said and "grows" not in said, said


@pytest.fixture(scope="module")
def lecturer(tmp_path_factory):
    return framecheck_table(timed(DilatedConv), tmp_path_factory.mktemp("dilated_lecturer"), LECTURER)


@pytest.mark.parametrize("check", CHECKS)
def test_a_lecturers_layer_the_instruments_find_nothing(lecturer, check):
    assert lecturer.of(check) == [], lecturer.summary(check)


def test_a_lecturers_layer_every_output_shown_while_the_slide_is_said(lecturer):
    scene = lecturer.scene_object
    t = scene.trace
    assert t.out_shape == (1, 7, 7)
    for (i, j), v in np.ndenumerate(t.output[0]):
        assert scene.output.number(0, i, j).text == fmt(v) and label_opacity(scene.output.number(0, i, j)) > 0.99
    arrived = [(name, clock, beat) for name, clock, beat in scene.times if name.startswith("after position")]
    assert [name for name, _, _ in arrived] == [f"after position {n}" for n in range(1, 50)]
    said = [c for c in scene.said if c.beat == "slide"]
    for name, clock, beat in arrived[1:]:   # every other position while 'It slides ...' is said
        assert beat == "slide" and clock <= said[-1].end + 1e-6, (name, clock, said[-1].end)
