"""The many-channels scene, rendered for real at low quality, checked against its trace."""
import numpy as np
import pytest

from scenes.base import load_params
from scenes.visual import palette as P
from scenes.content.channels import ManyChannels
from scenes.visual.mobjects import fmt
from tests.framecheck import CHECKS, framecheck
from tests.scenekit import assert_legible, overlap_check_sees, close, fill_of, label_opacity, near, passed, render

MID = [0, 1, 7, 24]   # positions looked at mid-sweep: the file animates 3 in full, then fast-forwards


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """The whole scene, once: the frame instruments looking (issue #24's limits), and checked on
    the way after each position of MID (test_mid_sweep...)."""
    # 960x540: the usage marks (nine to an input cell) are a few pixels wide at the tests' 480x270
    return framecheck(ManyChannels, tmp_path_factory.mktemp("channels"), pixel_width=960, pixel_height=540,
                      moments={f"after position {n + 1}": lambda mid, frame, n=n: check_mid_sweep(mid, frame, n)
                               for n in MID})


@pytest.fixture(scope="module")
def rendered(report):
    return report.scene_object, report.frame


@pytest.mark.parametrize("check", CHECKS)
def test_the_frame_instruments_find_nothing(report, check):
    assert report.samples > 10 and report.probes > 10
    assert report.of(check) == [], report.summary(check)


def fill(sq) -> str:
    return sq.get_fill_color().to_hex().upper()


def texts(scene):
    from tests.scenekit import visible_texts
    return [t.text for t in visible_texts(scene)]


def check_outputs(scene, shown):
    """Output numbers equal the core's; the first ``shown`` positions are visible, the rest not."""
    t = scene.trace
    for n, (k, i, j) in enumerate(scene.sweep.cells):
        num = scene.output.number(k, i, j)
        assert num.text == fmt(t.output[k, i, j])
        assert (label_opacity(num) > 0.99) == (n < shown), (n, (k, i, j))


def check_filter(scene, frame):
    """Every weight of w0 on screen in its own colour; one slice per channel."""
    t = scene.trace
    colors = P.weight_colors(t)
    assert scene.colors == colors
    c_n, fh, fw = t.tap_shape
    assert len(scene.slices) == c_n
    per_channel = []
    for wid in range(c_n * fh * fw):   # filter 0's ids come first
        sq = scene.bank.weight_cell(wid)
        assert fill(sq) == colors[wid].upper()
        assert close(fill_of(scene, frame, sq), colors[wid], tol=30), t.key_label(wid)
    for c in range(c_n):
        ids = [w for w in range(t.n_weights) if t.weight_keys[w][0] == 0 and t.weight_keys[w][1] == c]
        per_channel.append({colors[w] for w in ids})
        assert len(per_channel[-1]) == fh * fw, "every weight of a slice has its own colour"
        # the slice sits under its channel
        assert abs(scene.slices[c].get_x() - scene.input.grids[c].get_x()) < 1e-6
    for a in range(c_n):
        for b in range(a + 1, c_n):
            assert not per_channel[a] & per_channel[b], "two channels' slices share a colour"


def check_position(scene, frame, n):
    """The window of position n on every channel, and its arithmetic, as the trace has them."""
    t = scene.trace
    colors = P.weight_colors(t)
    k, i, j = scene.sweep.cells[n]
    cell = t.cell(k, i, j)
    for (c, r, s), wid, key in zip(cell.positions, cell.weight_ids, cell.weight_keys):
        assert key[1] == c, "each channel meets its own slice"
        assert close(fill_of(scene, frame, scene.input.cell(int(c), int(r), int(s))), colors[wid], 30), (c, r, s)
    a = scene.sweep.arithmetic
    c_n, fh, fw = t.tap_shape
    prods = cell.products.reshape(c_n, fh, fw)
    ids = cell.weight_ids.reshape(c_n, fh, fw)
    for c in range(c_n):
        g = a.grids[c]
        for u in range(fh):
            for v in range(fw):
                assert g.numbers[u][v].text == fmt(prods[c, u, v])
                assert fill(g.cell(u, v)) == colors[ids[c, u, v]].upper()
                assert close(fill_of(scene, frame, g.cell(u, v)), colors[ids[c, u, v]], 30)
        assert a.sums[c].text == f"= {fmt(cell.partial_sums[c])}"
        # the products of channel c sit under channel c
        assert abs(a.rows[c].get_x() - scene.input.grids[c].get_x()) < 1e-6
    # the labelled sum: one term per channel (R, G, B), the bias, the total
    values = [col[0].text for col in a.terms]
    names = [col[1].text for col in a.terms]
    want = [fmt(v) if float(v) >= 0 or m == 0 else f"({fmt(v)})"
            for m, v in enumerate(list(cell.partial_sums) + [cell.bias])]
    assert values == want
    assert names == list(scene.names) + [f"b{k}"]
    assert a.result.text == fmt(t.output[k, i, j])
    assert scene.sweep.counter.text == f"position {n + 1} of {len(scene.sweep.cells)}"
    edge = scene.output.cell(k, i, j).get_top() + np.array([0, 0.05, 0])   # frame_box's buff
    assert near(scene, frame, edge, P.HIGHLIGHT, 60), "the output cell being computed is framed"


def test_final_frame_matches_the_trace(rendered):
    scene, frame = rendered
    t = scene.trace
    assert t.tap_shape[0] == 3 and t.out_shape[0] == 1, "the file's layer: 3 channels, 1 filter"
    assert scene.names == ("R", "G", "B")
    check_outputs(scene, len(scene.sweep.cells))
    check_filter(scene, frame)
    assert len(scene.sweep.cells) == t.out_shape[1] * t.out_shape[2] == 25


def test_usage_marks_show_each_channel_only_its_own_slice(rendered):
    scene, frame = rendered
    t = scene.trace
    colors = P.weight_colors(t)
    for (c, r, s), squares in scene.usage.by_cell.items():
        ids = [wid for wid, _ in squares]
        assert ids == list(t.weight_ids_at(c, r, s))
        assert all(t.weight_keys[w][1] == c for w in ids), "a weight of another channel's slice"
        for wid, sq in squares:
            assert fill(sq) == colors[wid].upper()
    # every input cell of every channel was touched (padding 1, stride 1): all carry squares
    assert len(scene.usage.by_cell) == t.x_padded.size
    # on screen: each weight is one path, with one square wherever the weight was used
    for wid, path in scene.usage.by_weight.items():
        assert fill(path) == colors[wid].upper()
        assert len(path.get_subpaths()) == int(t.usage[..., wid].sum()), wid   # cells it met
    # and the pixels show them: the centre of every channel met its whole slice, in place
    _, h, w = t.x_padded.shape
    for c in range(t.tap_shape[0]):
        centre = scene.usage.by_cell[(c, h // 2, w // 2)]
        assert [t.weight_keys[wid][1] for wid, _ in centre] == [c] * 9
        for wid, sq in centre:
            assert close(fill_of(scene, frame, sq), colors[wid], 40), (c, wid)


def test_the_message_is_on_screen(rendered):
    scene, _ = rendered
    shown = texts(scene)
    for line in ("the same filter", "at every position,", "a different slice", "for every channel"):
        assert line in shown
    # 27 weights (3 channels x 3 x 3), each used at all 25 positions
    assert "27 weights, each" in shown and "used 25 times" in shown
    for c, name in enumerate(scene.names):
        assert scene.names_on_input[c].text == name
        assert label_opacity(scene.names_on_input[c]) > 0.99


def check_mid_sweep(mid, frame, n):
    check_position(mid, frame, n)
    check_outputs(mid, n + 1)
    assert_legible(mid)


@pytest.mark.parametrize("n", MID)
def test_mid_sweep_window_and_arithmetic_match(rendered, n):
    scene, _ = rendered
    passed(scene, f"after position {n + 1}")   # check_mid_sweep, run when the render was there


def test_nothing_cut_off_and_no_labels_overlap(rendered):
    scene, _ = rendered
    assert_legible(scene)


def test_the_overlap_check_sees_the_scenes_labels(rendered):
    scene, _ = rendered
    assert overlap_check_sees(scene, scene.message_lines[2])


LARGEST = {
    "3 filters, kernel 5, padded 9": "filters = 3\ninput_size = 5\nkernel_size = 5\npadding = 2",
    "9x9 input, 81 positions": "filters = 3\ninput_size = 9\nkernel_size = 1\npadding = 0",
    "two channels, values up to 9": "channels = 2\ninput_size = 7\nkernel_size = 3\npadding = 1\n"
                                    "input_range = [-9, 9]\nweight_range = [-9, 9]",
}


@pytest.mark.parametrize("body", LARGEST.values(), ids=LARGEST.keys())
def test_largest_accepted_layers(tmp_path, body):
    base = {"channels": "3", "filters": "1", "stride": "1", "padding": "1"}
    base.update(line.split(" = ") for line in body.splitlines())
    f = tmp_path / "p.toml"
    f.write_text("[pace]\nfull_positions = 1\n[scenes.channels]\nstrict = false\n"
                 + "".join(f"{k} = {v}\n" for k, v in base.items()))
    ManyChannels.check_params(load_params(f))
    looks = {}
    if "kernel 5" in body:   # one mid-sweep look at the largest filter: a fast-forwarded position
        def mid_sweep(mid, frame, n=2):
            check_position(mid, frame, n)
            assert_legible(mid)
        looks["after position 3"] = mid_sweep
    scene, frame = render(ManyChannels, tmp_path, params=f, looks=looks)
    check_outputs(scene, len(scene.sweep.cells))
    check_filter(scene, frame)
    assert_legible(scene)


def test_no_label_is_morphed_into_other_text(rendered):
    """Numbers and labels that change cross-fade: no Transform in the whole scene turns a
    Label into other text (or a shape into text), so no frame shows half-formed glyphs."""
    scene, _ = rendered
    assert scene.morphs == []
