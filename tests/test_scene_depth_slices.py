"""The depth-slices scene, rendered for real, checked against its trace and cnncore.sharing."""
import numpy as np
import pytest

from scenes.base import load_params
from scenes.visual import palette as P
from scenes.content.depth_slices import DepthSlices
from scenes.visual.mobjects import fmt
from tests.scenekit import (assert_legible, overlap_check_sees, close, fill_of, label_opacity, near, pixel_at,
                            passed, render, visible_family, visible_texts)

VIEW = {"pixel_width": 1280, "pixel_height": 720}   # the mosaics' squares are a few pixels wide
MID = [0, 4, 9, 17]   # positions looked at mid-sweep: full and fast-forwarded ones of both sweeps


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The whole scene, checked on the way after each position of MID (test_mid_sweep...)."""
    return render(DepthSlices, tmp_path_factory.mktemp("depth_slices"), **VIEW,
                  checks={f"after position {n + 1}": lambda mid, frame, n=n: check_mid_sweep(mid, frame, n)
                          for n in MID})


def fill(sq) -> str:
    return sq.get_fill_color().to_hex().upper()


def on_screen(visible: set, mob) -> bool:
    """``mob`` (or a part of it) is among the visible leaves (``{id(m) for m in visible_family}``)."""
    return any(id(m) in visible for m in mob.get_family())


def drawn(scene, visible: set, mosaic) -> bool:
    """Every square of ``mosaic`` is drawn: the mosaic itself is on screen, or each of its squares
    is part of its weight's path in the scene's shown mosaics (one path per weight), on screen."""
    if on_screen(visible, mosaic):
        return True
    for wid, sq in zip(mosaic.ids, mosaic.squares):
        path = scene.shown_mosaics.path(wid)
        if not on_screen(visible, path) or fill(path) != fill(sq):
            return False
        blocks = path.points.reshape(-1, *sq.points.shape)   # the path is whole squares, one after another
        if not np.all(np.isclose(blocks, sq.points, atol=1e-9), axis=(1, 2)).any():
            return False
    return True


def check_neurons(scene, frame, shown):
    """The first ``shown`` neurons (sweep order) show their number and their weights' colours."""
    t = scene.trace
    colors = P.weight_colors(t)
    visible = {id(m) for m in visible_family(scene)}
    for n, (k, i, j) in enumerate(t.cells()):
        num = scene.output.number(k, i, j)
        assert num.text == fmt(t.output[k, i, j])
        assert (label_opacity(num) > 0.99) == (n < shown), (k, i, j)
        m = scene.mosaic(k, i, j)
        assert m.ids == [int(w) for w in t.weight_ids[k, i, j]]
        assert [fill(sq) for sq in m.squares] == [colors[w].upper() for w in t.weight_ids[k, i, j]]
        # the fingerprint of a neuron of slice k is filter k's: exactly its weights, in the filter's order
        keys = t.weight_keys[m.ids]
        assert (keys[:, 0] == k).all()
        assert [tuple(x) for x in keys[:, 1:]] == [tuple(x) for x in np.ndindex(*t.tap_shape)]
        assert drawn(scene, visible, m) == (n < shown), (k, i, j)
        big_enough = frame is not None and m.squares[0].width / scene.frame_size[0] * frame.shape[1] >= 3
        if big_enough and n < shown:   # squares of 3 pixels or more: read their colour back
            for sq, w in zip(m.squares, m.ids):
                assert close(pixel_at(scene, frame, sq.get_center()), colors[w], 30), (k, i, j, w)


def test_output_numbers_and_fingerprints_match_the_core(rendered):
    scene, frame = rendered
    t = scene.trace
    assert t.out_shape[0] == 2, "the file's layer: two filters"
    check_neurons(scene, frame, len(t.cells()))


def test_filters_in_their_own_colour_families(rendered):
    scene, frame = rendered
    t = scene.trace
    colors = P.weight_colors(t)
    for wid in range(t.n_weights):
        sq = scene.filters.weight_cell(wid)
        assert fill(sq) == colors[wid].upper()
        assert close(fill_of(scene, frame, sq), colors[wid], 30), t.key_label(wid)
    per_filter = [{colors[w] for w in range(t.n_weights) if t.weight_keys[w][0] == k} for k in range(t.out_shape[0])]
    assert not per_filter[0] & per_filter[1], "w0 and w1 share a colour"


def test_the_comparison_written_on_screen(rendered):
    scene, _ = rendered
    t = scene.trace
    first, second = scene.comparisons
    same, text_s, other, text_o, boxes = first.overlap, first.words, second.overlap, second.words, second.boxes
    # counted independently of cnncore.sharing: a neuron of a 3x3x3 filter uses 27 weights
    n_taps = int(np.prod(t.tap_shape))
    assert n_taps == 27
    assert text_s.text == "same 27 weights" and same.same and same.n_common == n_taps
    assert text_o.text == "0 weights in common" and other.n_common == 0
    # named in the CS231n demo's addressing o(x, y, d): x the column, y the row, d the depth slice
    assert [x.text for x in first.names] == ["o(0,0,0)", "o(0,1,0)"]
    assert [x.text for x in second.names] == ["o(0,0,0)", "o(0,0,1)"]
    assert same.a == (0, 0, 0) and same.b == (0, 1, 0) and other.b == (1, 0, 0)   # (k, i, j)
    assert [first.sign.text, second.sign.text] == ["=", "≠"]
    # the mosaics shown side by side: identical for the same slice, disjoint across slices
    a, b = [[fill(sq) for sq in m.squares] for m in first.mosaics]
    assert a == b
    a, c = [[fill(sq) for sq in m.squares] for m in second.mosaics]
    assert not set(a) & set(c)
    for mob in (text_s, text_o):
        assert label_opacity(mob) > 0.99
    # the two compared neurons are framed: o(0,0,0) and o(0,0,1)
    for cell, box in zip(((0, 0, 0), (1, 0, 0)), boxes):
        assert np.allclose(box.get_center(), scene.output.cell(*cell).get_center())


@pytest.mark.parametrize("n", MID)
def test_mid_sweep_window_and_neurons(rendered, n):
    scene, _ = rendered
    passed(scene, f"after position {n + 1}")   # check_mid_sweep, run when the render was there


def check_mid_sweep(mid, frame, n):
    t = mid.trace
    k, i, j = t.cells()[n]
    cell = t.cell(k, i, j)
    colors = P.weight_colors(t)
    for (c, r, s), wid in zip(cell.positions, cell.weight_ids):
        assert t.weight_keys[wid][0] == k
        assert close(fill_of(mid, frame, mid.input.cell(int(c), int(r), int(s))), colors[wid], 30), (c, r, s)
    check_neurons(mid, frame, n + 1)
    edge = mid.output.cell(k, i, j).get_top() + np.array([0, 0.05, 0])
    assert near(mid, frame, edge, P.HIGHLIGHT, 60), "the neuron being computed is framed"
    notes = [x.text for x in visible_texts(mid) if " neurons, " in x.text]
    done = n // (t.out_shape[1] * t.out_shape[2])   # slices swept before this one (a note follows each sweep)
    assert notes == [f"o[:,:,{q}]: 9 neurons, all use the same 27 weights (w{q})" for q in range(done)]
    assert_legible(mid)


def test_nothing_cut_off_and_no_labels_overlap(rendered):
    scene, _ = rendered
    assert_legible(scene)


def test_the_overlap_check_sees_the_scenes_labels(rendered):
    scene, _ = rendered
    assert overlap_check_sees(scene, scene.comparisons[1].words)


LARGEST = {
    "3 filters, kernel 5, padded 9": "filters = 3\ninput_size = 5\nkernel_size = 5\npadding = 2\nstride = 1",
    "3 filters, 9x9 output": "filters = 3\ninput_size = 9\nkernel_size = 1\npadding = 0\nstride = 1",
    "one neuron per slice": "filters = 3\ninput_size = 5\nkernel_size = 5\npadding = 0\nstride = 1",
    "one filter, values up to 9": "filters = 1\ninput_size = 7\npadding = 1\nstride = 1\n"
                                  "input_range = [-9, 9]\nweight_range = [-9, 9]",
}


@pytest.mark.parametrize("body", LARGEST.values(), ids=LARGEST.keys())
def test_largest_accepted_layers(tmp_path, body):
    f = tmp_path / "p.toml"
    f.write_text(f"[pace]\nfull_positions = 1\n[scenes.depth_slices]\nchannels = 3\nstrict = false\n{body}\n")
    params = load_params(f)
    DepthSlices.check_params(params)
    looks = {}
    if "9x9" in body:   # one look at the last position of the sweep too, at the most neurons
        n = len(params.layer("depth_slices").trace().cells())

        def last_position(mid, frame):
            check_neurons(mid, frame, n)
            assert_legible(mid)
        looks[f"after position {n}"] = last_position
    scene, frame = render(DepthSlices, tmp_path, params=f, looks=looks)
    t = scene.trace
    check_neurons(scene, None, len(t.cells()))
    assert_legible(scene)
    for comparison in scene.comparisons:
        n = int(np.prod(t.tap_shape))
        ov = comparison.overlap
        assert comparison.words.text == (f"same {n} weights" if ov.same else "0 weights in common")


def test_no_label_is_morphed_into_other_text(rendered):
    """Numbers and labels that change cross-fade: no Transform in the whole scene turns a
    Label into other text (or a shape into text), so no frame shows half-formed glyphs."""
    scene, _ = rendered
    assert scene.morphs == []
