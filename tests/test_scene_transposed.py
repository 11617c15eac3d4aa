"""The transposed-convolution scene, rendered for real, checked against its TransposedTrace."""
import numpy as np
import pytest

from cnncore.variants import matching_conv
from scenes.content.transposed import TransposedConv
from scenes.visual import palette as P
from scenes.visual.mobjects import Label, fmt
from tests.framecheck import CHECKS, framecheck
from tests.scenekit import assert_legible, close, fill_of, label_opacity, render


def params(tmp_path, **table):
    base = dict(channels=1, filters=1, input_size=3, kernel_size=3, stride=2, padding=0, seed=8, transposed="true",
                input_range=[1, 3], weight_range=[-2, 2])
    base.update(table)
    text = "[scenes.transposed]\n" + "".join(f"{k} = {v}\n" for k, v in base.items())
    path = tmp_path / "lecture.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """One render of the default scene, the frame instruments looking (issue #24's limits)."""
    return framecheck(TransposedConv, tmp_path_factory.mktemp("transposed"))


@pytest.fixture(scope="module")
def rendered(report):
    return report.scene_object, report.frame


@pytest.mark.parametrize("check", CHECKS)
def test_the_frame_instruments_find_nothing(report, check):
    assert report.samples > 10 and report.probes > 10
    assert report.of(check) == [], report.summary(check)


def test_the_filter_is_named_as_everywhere_and_the_output_size_is_said(rendered):
    """w0's channel-0 slice (the running layer's), and the size rule written and said."""
    scene, _ = rendered
    t = scene.trace
    names = [m.text for m in scene.filters.get_family() if isinstance(m, Label)]
    assert "w0[:,:,0]" in names, names
    (h, _w), oh = t.in_shape[1:], t.out_shape[1]
    s, k = t.stride[0], t.tap_shape[1]
    assert scene.size_text.text.endswith(f"= ({h}-1)·{s} + {k} = {oh}") and oh == (h - 1) * s + k
    said = " ".join(c.text for c in scene.said if c.beat == "other-way")
    assert f"input's {h} minus 1, times the stride {s}, plus the filter's span {k}." in said, said


def test_which_weights_landed_is_seen_on_a_phone(rendered):
    """Each weight that landed in a cell is a tile at least 24 px wide at 1080p (it was 16: a speck)."""
    scene, _ = rendered
    from scenes.visual.layout import PX_PER_UNIT
    sizes = [sq.width * PX_PER_UNIT for here in scene.marks.values() for _, sq in here]
    assert sizes and min(sizes) >= 24, min(sizes)


def hexfill(m) -> str:
    return m.get_fill_color().to_hex().upper()


def check(scene, frame):
    t = scene.trace
    ph, pw = t.padding
    _, oh, ow = t.out_shape
    # the input and the filter, numbers and colours
    for (i, j), v in np.ndenumerate(t.x[0]):
        assert scene.input_grid.numbers[i][j].text == fmt(v)
    for wid in range(t.n_weights):
        cell = scene.filters.weight_cell(wid)
        assert close(fill_of(scene, frame, cell), scene.colors[wid], tol=30), wid
    # every stamp left the running sums the trace gives, cell by cell
    assert scene.stamps_shown == t.input_cells()
    for n, shown in enumerate(scene.sums_after):
        canvas, counts = t.canvas_after(n + 1), t.counts_after(n + 1)
        assert {key for key in shown} == {tuple(int(v) for v in key) for key in np.argwhere(counts > 0)}
        for (c, r, q), text in shown.items():
            assert text == fmt(canvas[c, r, q]), (n, c, r, q)
    # which weights landed where: the marks are exactly each output cell's contributions
    for r in range(oh):
        for q in range(ow):
            cell = t.cell(0, r, q)
            marks = scene.marks.get((r + ph, q + pw), [])
            assert sorted(w for w, _ in marks) == sorted(cell.weight_ids.tolist())
            assert all(hexfill(sq) == scene.colors[w].upper() for w, sq in marks)
            assert scene.count_labels[(r, q)].text == str(cell.count) == str(t.overlap_counts[0, r, q])
            assert label_opacity(scene.count_labels[(r, q)]) > 0.99
    # the written-out sum of the focus cell
    r, q = scene.focus_cell
    cell = t.cell(0, r, q)
    assert scene.sum_text.text.endswith(f"= {fmt(cell.total)}") and cell.total == t.output[0, r, q]
    assert cell.count == t.overlap_counts.max()
    # W of the matching convolution, and its row n laid on the output: column n of W^T, the stamp
    conv = matching_conv(t)
    assert np.array_equal(scene.matrix.ids, conv.unrolled())
    assert np.array_equal(t.unrolled(), conv.unrolled().T)
    for r_, row in enumerate(scene.matrix.ids):
        for c_, wid in enumerate(row):
            want = scene.colors[wid] if wid >= 0 else P.CELL_FILL
            assert hexfill(scene.matrix.cell(r_, c_)) == want.upper()
    n = len(t.input_cells()) // 2
    column = t.unrolled()[:, n].reshape(oh, ow)
    landed = {key: wid for key, (wid, _) in scene.row_on_output.items()}
    assert landed == {(int(r), int(q)): int(column[r, q]) for r, q in np.argwhere(column >= 0)}
    stamp = t.stamp(*t.input_cells()[n])
    assert sorted(landed.values()) == sorted(stamp.weight_ids[stamp.inside].tolist())
    for (r, q), (wid, _tile) in scene.row_on_output.items():
        assert close(fill_of(scene, frame, scene.sums.cell(r + ph, q + pw)), scene.colors[wid], tol=30)
    assert_legible(scene)


def test_default_scene_matches_its_trace(rendered):
    scene, frame = rendered
    t = scene.trace
    assert t.out_shape == (1, 7, 7) and t.stride == (2, 2)
    assert sorted(set(t.overlap_counts.ravel().tolist())) == [1, 2, 4], "stride 2: a checkerboard"
    check(scene, frame)


@pytest.mark.parametrize("table", [
    dict(input_size=4, padding=2),                         # the largest canvas, 9 x 9, padding cropping a dim border
    dict(input_size=5, stride=1),                          # the most stamps: 25
    dict(input_size=2, dilation=2, padding=1, output_padding=1),   # dilated stamps, cropped, plus a row and a column
    dict(input_size=2, kernel_size=2, stride=3, output_padding=2),         # stride 3: stamps with gaps between
    dict(input_size=4, kernel_size=5, stride=1, padding=1, weight_range=[-9, 9], input_range=[-9, 9]),
])
def test_largest_accepted_layers_are_drawn_legibly_and_right(tmp_path, table):
    scene, frame = render(TransposedConv, tmp_path, params=params(tmp_path, **table))
    check(scene, frame)


def test_without_a_transposed_table_it_shows_the_transpose_of_the_files_convolution(tmp_path):
    path = tmp_path / "lecture.toml"
    path.write_text("[layer]\nseed = 3\n", encoding="utf-8")   # the CS231n layer: 5x5, k 3, stride 2, padding 1
    scene, frame = render(TransposedConv, tmp_path, params=path)
    t = scene.trace
    assert t.in_shape == (1, 3, 3) and t.out_shape == (1, 5, 5), "its 3x3 output back to a 5x5 input"
    assert t.stride == (2, 2) and t.padding == (1, 1)
    check(scene, frame)


def test_no_label_is_morphed_into_other_text(rendered):
    scene, _ = rendered
    assert scene.morphs == []
