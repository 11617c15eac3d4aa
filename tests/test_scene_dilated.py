"""The dilated-convolution scene, rendered for real, against its trace."""
import numpy as np
import pytest

from cnncore.variants import receptive_field
from scenes.content.dilated import DilatedConv
from scenes.visual import palette as P
from scenes.visual.mobjects import fmt
from tests.scenekit import assert_legible, close, fill_of, label_opacity, render

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
            if (0, r, s) in tinted:
                assert close(got, scene.colors[tinted[(0, r, s)]], tol=30), (r, s)
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
    path = tmp_path / "lecture.toml"
    path.write_text("[layer]\nstride = 1\npadding = 0\ndilation = 2\nstrict = false\n", encoding="utf-8")
    scene, frame = render(DilatedConv, tmp_path, params=path)
    assert scene.layer.channels == 3 and scene.trace.in_shape[0] == 1 and scene.trace.out_shape[0] == 1
    assert scene.trace.dilation == (2, 2) and receptive_field(scene.trace) == (5, 5)
    assert_legible(scene)


def test_no_label_is_morphed_into_other_text(tmp_path):
    scene, _ = render(DilatedConv, tmp_path)
    assert scene.morphs == []
