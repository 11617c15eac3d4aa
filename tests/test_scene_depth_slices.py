"""DepthSlices (the CS231n demo's layer, one depth slice per filter), rendered for real, checked
against its trace and cnncore.sharing; issue #24's frame instruments on the default layer and
on a lecturer's own layer (2 channels, 6x6 input, 3 filters, stride 1: item 6)."""
import numpy as np
import pytest

from scenes.base import load_params
from scenes.content.depth_slices import DepthSlices
from scenes.visual import palette as P
from scenes.visual.mobjects import fmt
from tests.framecheck import CHECKS, framecheck, framecheck_table, timed
from tests.scenekit import (assert_legible, close, fill_of, label_opacity, overlap_check_sees, passed, render,
                            visible_texts)

VIEW = {"pixel_width": 1280, "pixel_height": 720}
MID = [0, 4, 9, 17]   # positions looked at mid-sweep: full and fast-forwarded ones of both sweeps
LECTURER = "[scenes.depth_slices]\nchannels = 2\ninput_size = 6\nfilters = 3\nstride = 1\n"


def fill(sq) -> str:
    return sq.get_fill_color().to_hex().upper()


def check_neurons(scene, frame, shown):
    """The first ``shown`` neurons (sweep order) show their number on a cell of their filter's
    colour (read off the frame); the others are hidden on an empty cell."""
    t = scene.trace
    for n, (k, i, j) in enumerate(t.cells()):
        num, cell = scene.output.number(k, i, j), scene.output.cell(k, i, j)
        assert num.text == fmt(t.output[k, i, j])
        assert (label_opacity(num) > 0.99) == (n < shown), (k, i, j)
        if n < shown:
            assert fill(cell) == P.filter_color(k).upper(), (k, i, j)
            assert num.get_fill_color().to_hex().upper() == P.text_on(P.filter_color(k)).upper()
            if frame is not None:
                assert close(fill_of(scene, frame, cell), P.filter_color(k), 30), (k, i, j)
        else:
            assert fill(cell) == P.CELL_FILL.upper(), (k, i, j)


def check_mid_sweep(mid, frame, n):
    t = mid.trace
    k, i, j = t.cells()[n]
    cell = t.cell(k, i, j)
    for (c, r, s), wid in zip(cell.positions, cell.weight_ids):
        assert t.weight_keys[wid][0] == k
        assert close(fill_of(mid, frame, mid.input.cell(int(c), int(r), int(s))), mid.colors[wid], 30), (c, r, s)
        assert P.filter_band(mid.colors[wid]) == k, "w0's tiles light, w1's dark"
    check_neurons(mid, frame, n + 1)
    assert mid.sweep.cell == (k, i, j)
    notes = [x.text for x in visible_texts(mid) if "use the same" in x.text]
    done = n // (t.out_shape[1] * t.out_shape[2])   # slices swept before this one (a note follows each sweep)
    assert notes == [f"all use the same 27 weights (w{q})" for q in range(done)]
    assert_legible(mid)


def check_layer_shown(scene, frame):
    texts = [x.text for x in visible_texts(scene)]
    assert scene.heading.text == "The CS231n demo's layer: 2 filters, 2 output depth slices"
    assert [m.text for m in scene.size_note] == ["stride 2, padding 1", "(5 + 2×1 − 3) / 2 + 1 = 3"]
    assert "The live demo draws new random numbers each time:" in texts
    assert [m.text for m in scene.made_by] == ["made by w0", "made by w1"]
    for k, m in enumerate(scene.made_by):
        assert m.get_fill_color().to_hex().upper() == P.filter_color(k).upper() and label_opacity(m) > 0.99


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    checks = {f"after position {n + 1}": lambda mid, frame, n=n: check_mid_sweep(mid, frame, n) for n in MID}
    checks["layer shown"] = check_layer_shown
    checks["question asked"] = check_question
    checks.update({f"countdown {n}": lambda s, frame, n=n: check_countdown(s, frame, n) for n in COUNTDOWN})
    checks["answer shown"] = check_answer
    return render(DepthSlices, tmp_path_factory.mktemp("depth_slices"), **VIEW, checks=checks)


# ---- pause and predict: what does o(0,0,1) share with o(0,0,0)? -------------------------------------

COUNTDOWN = [5, 1]


def check_question(scene, frame):
    assert [x.text for x in scene.question] == ["Your turn: how many weights does", "o(0,0,1) share with o(0,0,0)?"]
    assert all(label_opacity(x) > 0.99 for x in scene.question)
    assert len(scene.comparisons) == 1, "only the same-slice pair is compared before the question"
    for cell, box in zip(((0, 0, 0), (1, 0, 0)), scene.boxes):   # both neurons framed
        assert np.allclose(box.get_center(), scene.output.cell(*cell).get_center())
        assert box in scene.mobjects


def check_countdown(scene, frame, n):
    c = scene.countdown
    assert c.number.text == str(n) and c in scene.mobjects
    assert c.share_left() == pytest.approx(n / c.seconds, abs=0.01)
    assert len(scene.comparisons) == 1 and all(label_opacity(x) > 0.99 for x in scene.question)


def check_answer(scene, frame):
    """The answer: the second comparison, its count from cnncore.sharing and, independently,
    from the two neurons' weight ids in the trace."""
    t = scene.trace
    _, second = scene.comparisons
    common = set(t.weight_ids[0, 0, 0]) & set(t.weight_ids[1, 0, 0])
    assert second.overlap.n_common == len(common) == 0
    assert second.words.text == "0 weights in common" and label_opacity(second.words) > 0.99
    assert all(x not in scene.mobjects for x in scene.question)
    assert scene.pauses and scene.pauses[-1].beat == "other-question"
    said = [x for x in scene.said if x.beat == "other-answer"]
    assert said and said[0].start >= scene.pauses[-1].end   # the answer is its own beat: its own slide
    assert said[0].text.startswith("None: o(0,0,1) is made by w1, o(0,0,0) by w0.")


def test_pause_and_predict_the_question(rendered):
    passed(rendered[0], "question asked")


@pytest.mark.parametrize("n", COUNTDOWN)
def test_pause_and_predict_the_countdown(rendered, n):
    passed(rendered[0], f"countdown {n}")


def test_pause_and_predict_the_answer(rendered):
    passed(rendered[0], "answer shown")


def test_the_demos_layer_with_stride_and_padding_on_screen(rendered):
    scene, _ = rendered
    assert scene.demo and scene.trace.out_shape == (2, 3, 3)
    passed(scene, "layer shown")


def test_stride_padding_and_the_random_demo_are_said(rendered):
    said = " ".join(s.text for s in rendered[0].said if s.beat == "filters")
    for words in ("CS231n demo's layer", "2 cells at a time", "padded with one ring of zeros",
                  "each slice is 3 by 3", "new random numbers", "differ from these"):
        assert words in said, words


@pytest.mark.parametrize("n", MID)
def test_mid_sweep_window_and_neurons(rendered, n):
    passed(rendered[0], f"after position {n + 1}")


def test_every_neuron_in_its_filters_colour_at_the_end(rendered):
    scene, frame = rendered
    check_neurons(scene, frame, len(scene.trace.cells()))
    assert scene.trace.output[0, 0, 0] == 5 and scene.trace.output[0, 1, 0] == 7   # the question's


def test_the_comparison_written_on_screen(rendered):
    scene, _ = rendered
    t = scene.trace
    first, second = scene.comparisons
    n_taps = int(np.prod(t.tap_shape))
    assert n_taps == 27
    assert first.words.text == "same 27 weights" and first.overlap.same and first.overlap.n_common == 27
    assert second.words.text == "0 weights in common" and second.overlap.n_common == 0
    assert [x.text for x in first.names] == ["o(0,0,0)", "o(0,1,0)"]
    assert [x.text for x in second.names] == ["o(0,0,0)", "o(0,0,1)"]
    assert first.overlap.b == (0, 1, 0) and second.overlap.b == (1, 0, 0)   # (k, i, j): row 1, column 0
    assert [first.sign.text, second.sign.text] == ["=", "≠"]
    a, b = [[fill(sq) for sq in m.squares] for m in first.mosaics]
    assert a == b
    a, c = [[fill(sq) for sq in m.squares] for m in second.mosaics]
    assert not set(a) & set(c)
    for mob in (first.words, second.words, *scene.legend):
        assert label_opacity(mob) > 0.99
    assert [m.text for m in scene.legend] == ["the demo's o(x, y, d):", "row y, column x, depth slice d"]
    for cell, box in zip(((0, 0, 0), (1, 0, 0)), second.boxes):
        assert np.allclose(box.get_center(), scene.output.cell(*cell).get_center())


def test_nothing_cut_off_no_overlap_no_morphs(rendered):
    scene, _ = rendered
    assert_legible(scene)
    assert overlap_check_sees(scene, scene.comparisons[1].words)
    assert scene.morphs == []


# ---- issue #24's instruments: the default layer, and a lecturer's own ------------------------------

@pytest.fixture(scope="module")
def report(tmp_path_factory):
    return framecheck(DepthSlices, tmp_path_factory.mktemp("depth_frames"))


@pytest.mark.parametrize("check", CHECKS)
def test_the_frame_instruments_find_nothing(report, check):
    assert report.samples > 10 and report.probes > 10
    assert report.of(check) == [], report.summary(check)


@pytest.fixture(scope="module")
def lecturer(tmp_path_factory):
    return framecheck_table(timed(DepthSlices), tmp_path_factory.mktemp("lecturer"), LECTURER)


@pytest.mark.parametrize("check", CHECKS)
def test_a_lecturers_layer_the_instruments_find_nothing(lecturer, check):
    assert lecturer.of(check) == [], lecturer.summary(check)


def test_a_lecturers_layer_each_filter_sweeps_inside_its_own_beat(lecturer):
    """Item 6: w2 was named while w1 still swept, then 13.5 s passed without a word. Here each
    filter's positions all arrive inside the beat that names it, and the scene says what it
    draws (not "the demo")."""
    scene = lecturer.scene_object
    t = scene.trace
    assert t.out_shape == (3, 6, 6) and t.in_shape == (2, 6, 6) and not scene.demo
    assert scene.heading.text == "3 filters, 3 output depth slices: one per filter"
    said = " ".join(s.text for s in scene.said)
    assert "lecture's own layer" in said and "CS231n demo's layer" not in said and "random" not in said
    assert "one cell at a time" in said and "each slice is 6 by 6" in said
    beats = [s for s in scene.said]
    starts = {}
    for s in beats:   # when each sweep beat starts and ends (its words), in order: sweep, sweep-next x2
        starts.setdefault(s.beat, []).append((s.start, s.end))
    per = 36
    arrived = {int(name.split()[-1]) - 1: (clock, beat) for name, clock, beat in scene.times
               if name.startswith("after position")}
    assert sorted(arrived) == list(range(3 * per))
    for n, (clock, beat) in arrived.items():
        assert beat == ("sweep" if n < per else "sweep-next"), (n, beat)
    # filter k's last position arrives before the words naming filter k + 1 begin
    next_starts = [s.start for s in scene.said if s.beat == "sweep-next" and s.text.startswith("Then w")]
    assert len(next_starts) == 2
    for k, start in enumerate(next_starts):
        assert arrived[(k + 1) * per - 1][0] <= start + 1e-6, (k, arrived[(k + 1) * per - 1][0], start)
        assert arrived[(k + 1) * per][0] >= start, k


# ---- the largest layers the file accepts -------------------------------------------------------------

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
    scene, frame = render(DepthSlices, tmp_path, params=f)
    t = scene.trace
    check_neurons(scene, None, len(t.cells()))
    assert_legible(scene)
    for comparison in scene.comparisons:
        n = int(np.prod(t.tap_shape))
        ov = comparison.overlap
        assert comparison.words.text == (f"same {n} weights" if ov.same else "0 weights in common")
