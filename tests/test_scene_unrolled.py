"""The unrolled-matrix scene, rendered for real at low quality, checked against trace.unrolled():
colours where the palette tells the weights apart, a grey block and a count where it cannot, and
issue #24's frame instruments (nothing moves over the input grid or a label in the shrink)."""
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from scenes.base import load_params
from scenes.visual import palette as P
from scenes.content.unrolled import UnrolledMatrix
from scenes.visual.mobjects import fmt
from scenes.visual.mobjects import Grid
from tests.framecheck import CHECKS, framecheck
from tests.scenekit import assert_legible, close, label_opacity, near, fill_of, passed, render

ROOT = Path(__file__).resolve().parents[1]
MID = [0, 4]   # positions looked at mid-sweep


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The whole scene, checked on the way after each position of MID (test_mid_sweep...)."""
    return render(UnrolledMatrix, tmp_path_factory.mktemp("unrolled"),
                  checks={f"after position {n + 1}": lambda mid, frame, n=n: check_mid_sweep(mid, frame, n)
                          for n in MID})


def fill(sq) -> str:
    return sq.get_fill_color().to_hex().upper()


def check_grid(scene, frame, grid, trace, on_screen=True):
    """Every entry of a drawn matrix in the colour of the weight id the core puts there."""
    ids = trace.unrolled()
    colors = P.weight_colors(trace)
    assert (grid.rows, grid.cols) == ids.shape
    for r in range(grid.rows):
        for c in range(grid.cols):
            want = colors[ids[r, c]] if ids[r, c] >= 0 else P.CELL_FILL
            sq = grid.cell(r, c)
            assert fill(sq) == want.upper(), (trace.mode, r, c)
            if on_screen:
                assert close(fill_of(scene, frame, sq), want, tol=30), (trace.mode, r, c)
    # the colours on screen are exactly the weights the core places in the matrix
    drawn = {fill(grid.cell(r, c)) for r in range(grid.rows) for c in range(grid.cols) if ids[r, c] >= 0}
    assert drawn == {colors[i].upper() for i in np.unique(ids[ids >= 0])}


def check_panels(scene, frame):
    """Each contrast panel: its weights' colours when the palette can give that many colours 10
    apart, else no weight colours at all (grey: the blanks' pattern, or one block when every entry
    is filled) and the count; every count the core's."""
    t = scene.trace
    for panel, tr in zip(scene.panels, (t, scene.local, scene.dense)):
        assert panel.count.text == f"{tr.n_weights} weights"
        assert label_opacity(panel.count) > 0.99
        colourable = tr.mode == "shared" or tr.n_weights <= P.distinct_capacity()
        assert panel.grey == (not colourable)
        if colourable:
            check_grid(scene, frame, panel.grid, tr)
            continue
        assert "each used once" in " ".join(m.text for m in panel.why)
        ids = tr.unrolled()
        if (ids >= 0).all():   # one grey block, its size on it: no squares pretending to be weights
            block, size = panel.grid
            assert not isinstance(panel.grid, Grid) and size.text == f"{ids.shape[0]} × {ids.shape[1]}"
            assert block.get_fill_color().to_hex().upper() == P.UNSHARED.upper()
            assert close(fill_of(scene, frame, block), P.UNSHARED, 90)   # (35% over the background)
        else:                  # the pattern of blanks, grey, with no weight ids
            assert getattr(panel.grid, "ids", None) is None
            for r in range(ids.shape[0]):
                for c in range(ids.shape[1]):
                    want = P.UNSHARED if ids[r, c] >= 0 else P.CELL_FILL
                    assert fill(panel.grid.cell(r, c)) == want.upper()


def test_final_panels_match_the_three_traces(rendered):
    scene, frame = rendered
    t = scene.trace
    check_panels(scene, frame)
    assert [p.grey for p in scene.panels] == [False, False, True]   # 4, 36 and 144 weights
    assert scene.local.mode == "local" and scene.dense.mode == "dense"
    assert np.array_equal(scene.local.unrolled() >= 0, t.unrolled() >= 0), "same windows, same blanks"
    assert (scene.dense.unrolled() >= 0).all(), "fully connected: every entry filled"
    assert len(np.unique(scene.dense.unrolled())) == scene.dense.unrolled().size


def test_same_colours_along_diagonals(rendered):
    scene, _ = rendered
    t = scene.trace
    g = scene.panels[0].grid
    ids = t.unrolled()
    _, _, w = t.in_shape
    # the file's layer (4x4, 2x2 filter, stride 1): row n+1 is row n shifted one column, within a block row
    for n in range(ids.shape[0] - 1):
        if (n + 1) % t.out_shape[2]:
            for c in range(ids.shape[1] - 1):
                assert fill(g.cell(n + 1, c + 1)) == fill(g.cell(n, c))
    assert t.n_weights == 4 and len({fill(sq) for sq in g.squares} - {P.CELL_FILL.upper()}) == 4


def test_matrix_of_the_sweep_shows_values_input_and_output(rendered):
    scene, _ = rendered
    t = scene.trace
    ids, vals = t.unrolled(), t.unrolled_values()
    m = scene.matrix
    check_grid(scene, None, m, t, on_screen=False)
    for r in range(m.rows):
        for c in range(m.cols):
            num = m.numbers[r][c]
            assert (num is None) == (ids[r, c] < 0)
            if num is not None:
                assert num.text == fmt(vals[r, c])
    assert [n.text for n in scene.x_row.numbers[0]] == [fmt(v) for v in t.x.ravel()]
    assert [row[0].text for row in scene.o_col.numbers] == [fmt(v) for v in t.output.ravel()]
    assert scene.sweep.visited == list(range(m.rows)), "every row was visited"
    # the core agrees: W x = o
    assert np.array_equal(vals @ t.x.ravel() + t.bias.ravel(), t.output.ravel())


@pytest.mark.parametrize("n", MID)
def test_mid_sweep_the_window_and_its_row_match(rendered, n):
    scene, _ = rendered
    passed(scene, f"after position {n + 1}")   # check_mid_sweep, run when the render was there


def check_mid_sweep(mid, frame, n):
    t = mid.trace
    assert mid.sweep.visited == list(range(n + 1))
    colors = P.weight_colors(t)
    ids = t.unrolled()
    k, i, j = t.cells()[n]
    cell = t.cell(k, i, j)
    for (c, r, s), wid in zip(cell.positions, cell.weight_ids):  # the window on the input
        assert close(fill_of(mid, frame, mid.input.cell(int(c), int(r), int(s))), colors[wid], 30)
    for col in range(ids.shape[1]):  # its row of W, and the input cells above it
        want = colors[ids[n, col]] if ids[n, col] >= 0 else P.CELL_FILL
        assert close(fill_of(mid, frame, mid.matrix.cell(n, col)), want, 30), col
        head = colors[ids[n, col]] if ids[n, col] >= 0 else P.CELL_FILL
        assert close(fill_of(mid, frame, mid.x_row.cell(0, col)), head, 30), col
        if n + 1 < ids.shape[0]:  # later rows are still blank
            assert close(fill_of(mid, frame, mid.matrix.cell(n + 1, col)), P.CELL_FILL, 30)
    box = mid.matrix.cell(n, 0).get_left() + np.array([-0.02, 0, 0])
    assert near(mid, frame, box, P.HIGHLIGHT, 60), "the row is framed"
    assert_legible(mid)


def test_nothing_cut_off_and_no_labels_overlap(rendered):
    scene, _ = rendered
    assert_legible(scene)


BASE = "channels = 1\nfilters = 1\nstride = 1\npadding = 0\ndilation = 1\n"
LARGEST = {
    "18 rows (two filters)": "filters = 2\ninput_size = 4\nkernel_size = 2",
    "18 x 27, three channels": "channels = 3\nfilters = 2\ninput_size = 3\nkernel_size = 1",
    "padded 7x7x3, stride 2": "channels = 3\nfilters = 2\ninput_size = 3\nkernel_size = 3\npadding = 2\nstride = 2",
    "16 x 25, dilated": "input_size = 5\nkernel_size = 2\ndilation = 2",
}


@pytest.mark.parametrize("body", LARGEST.values(), ids=LARGEST.keys())
def test_largest_accepted_matrices(tmp_path, body):
    keys = dict(line.split(" = ") for line in (BASE + body).strip().splitlines())  # later lines win
    f = tmp_path / "p.toml"
    f.write_text("[pace]\nfull_positions = 1\n[scenes.unrolled]\nstrict = false\n"
                 + "".join(f"{k} = {v}\n" for k, v in keys.items()))
    UnrolledMatrix.check_params(load_params(f))
    scene, frame = render(UnrolledMatrix, tmp_path, params=f)
    check_panels(scene, frame)
    assert_legible(scene)


def test_the_scene_refuses_a_matrix_beyond_its_limit_before_rendering(tmp_path):
    f = tmp_path / "p.toml"
    f.write_text("[scenes.unrolled]\nchannels = 2\nfilters = 1\ninput_size = 4\nkernel_size = 3\n"
                 "stride = 1\npadding = 0\nstrict = false\n")
    r = subprocess.run([sys.executable, "-m", "manim", "-ql", "--media_dir", str(tmp_path / "media"), "scenes/content/unrolled.py", "UnrolledMatrix"], cwd=ROOT, capture_output=True,
                       text=True, env=dict(os.environ, LECTURE_PARAMS=str(f)))
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1 and "matrix columns = channels * input_size^2 = 32: at most 27" in r.stderr


def test_no_label_is_morphed_into_other_text(rendered):
    """Numbers and labels that change cross-fade: no Transform in the whole scene turns a
    Label into other text (or a shape into text), so no frame shows half-formed glyphs."""
    scene, _ = rendered
    assert scene.morphs == []


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    return framecheck(UnrolledMatrix, tmp_path_factory.mktemp("unrolled_frames"))


@pytest.mark.parametrize("check", CHECKS)
def test_the_frame_instruments_find_nothing(report, check):
    """All of framecheck's checks, "cover" too: the sweep cross-fades its window, the row frames
    and the tinted inputs from row to row (Sweep(fade=True)), so nothing slides over the input's,
    W's or o's numbers (it did before: "cover" found the window in the beat 'rows'), and nothing
    covers the input grid or a label in the shrink into the contrast (issue #24: 6:08)."""
    assert report.samples > 10 and report.probes > 10
    assert report.of(check) == [], report.summary(check)

