"""The sliding-filter scene, rendered for real at low quality, checked against its trace; issue
#24's frame instruments (tests/framecheck.py) on the default layer."""
import numpy as np
import pytest

from scenes.base import load_params
from scenes.visual import palette as P
from manim import LEFT

from scenes.content.sliding_filter import SlidingFilter
from scenes.visual.mobjects import fmt, label, weight_label
from tests.framecheck import CHECKS, framecheck, framecheck_table
from tests.scenekit import (assert_legible, close, fill_of, half_formed_labels, label_opacity, near,
                            overlap_check_sees, overlapping_texts, passed, render, visible_texts)


MID = [0, 1, 2, 3, 12, 24]   # positions looked at mid-sweep: in full (the file: 3), then fast-forwarded


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The whole scene, checked on the way after each position of MID (test_mid_sweep...) and
    at the question, its countdown and its answer (test_pause_and_predict...)."""
    checks = {after(n): lambda mid, frame, n=n: check_mid_sweep(mid, frame, n) for n in MID}
    checks["question asked"] = check_question
    checks.update({f"countdown {n}": lambda s, frame, n=n: check_countdown(s, frame, n) for n in COUNTDOWN})
    checks["answer shown"] = check_answer
    return render(SlidingFilter, tmp_path_factory.mktemp("sliding_filter"), checks=checks)


def fill(sq) -> str:
    return sq.get_fill_color().to_hex().upper()


def after(n: int) -> str:
    """The checkpoint at which position n (0-based, the trace's order) is on screen, with its
    arithmetic, and its output number shown."""
    return f"after position {n + 1}"


def check_outputs(scene, shown):
    t = scene.trace
    for n, (k, i, j) in enumerate(t.cells()):
        num = scene.output.number(k, i, j)
        assert num.text == fmt(t.output[k, i, j])
        assert (label_opacity(num) > 0.99) == (n < shown), (k, i, j)


def check_filter(scene, frame):
    t = scene.trace
    colors = P.weight_colors(t)
    assert len(set(colors)) == t.n_weights, "two weights share a colour"
    for wid in range(t.n_weights):
        sq = scene.filters.weight_cell(wid)
        assert fill(sq) == colors[wid].upper()
        assert close(fill_of(scene, frame, sq), colors[wid], 30), t.key_label(wid)
        if max(t.tap_shape[1:]) <= 3:
            assert scene.filters.weight_labels[wid].text == weight_label(t, wid)
    if max(t.tap_shape[1:]) > 3:   # names too small for the cells: rows and columns numbered instead
        assert not scene.filters.weight_labels
        c_n, fh, fw = t.tap_shape
        for c in range(c_n):
            grid = scene.filters.grids[0][c]
            rows, cols = scene.row_numbers[(0, c)], scene.column_numbers[(0, c)]
            assert [x.text for x in rows] == [str(u) for u in range(fh)]
            assert [x.text for x in cols] == [str(v) for v in range(fw)]
            for u, x in enumerate(rows):
                assert abs(x.get_y() - grid.cell(u, 0).get_y()) < 0.02 and x.get_right()[0] < grid.get_left()[0]
            for v, x in enumerate(cols):
                assert abs(x.get_x() - grid.cell(0, v).get_x()) < 0.02 and x.get_bottom()[1] > grid.get_top()[1]


def check_position(scene, frame, n):
    t = scene.trace
    colors = P.weight_colors(t)
    k, i, j = t.cells()[n]
    cell = t.cell(k, i, j)
    for (c, r, s), wid in zip(cell.positions, cell.weight_ids):
        assert close(fill_of(scene, frame, scene.input.cell(int(c), int(r), int(s))), colors[wid], 30), (c, r, s)
    a = scene.sweep.arithmetic
    assert scene.sweep.cell == (k, i, j) and scene.sweep.window in scene.get_mobject_family_members()
    c_n, fh, fw = t.tap_shape
    prods, ids = cell.products.reshape(c_n, fh, fw), cell.weight_ids.reshape(c_n, fh, fw)
    for c in range(c_n):
        for u in range(fh):
            for v in range(fw):
                assert a.grids[c].numbers[u][v].text == fmt(prods[c, u, v])
                assert close(fill_of(scene, frame, a.grids[c].cell(u, v)), colors[ids[c, u, v]], 30)
        assert a.sums[c].text == f"= {fmt(cell.partial_sums[c])}"
    assert a.result.text == fmt(t.output[k, i, j])
    assert scene.sweep.counter.text == f"position {n + 1} of {len(t.cells())}"
    edge = scene.output.cell(k, i, j).get_top() + np.array([0, 0.05, 0])   # frame_box's buff
    assert near(scene, frame, edge, P.HIGHLIGHT, 60), "the output cell being computed is framed"


# ---- pause and predict: which input cells does w0[0,1,0] touch? ------------------------------------

COUNTDOWN = [5, 3, 1]


def check_question(scene, frame):
    t = scene.trace
    wid = scene.asked_weight_id
    assert weight_label(t, wid) == "w0[0,1,0]"
    assert [x.text for x in scene.question] == ["Your turn: which input cells", "does w0[0,1,0] touch?"]
    assert all(label_opacity(x) > 0.99 for x in scene.question)
    edge = scene.filters.weight_cell(wid).get_top() + np.array([0, 0.03, 0])   # its frame
    assert near(scene, frame, edge, P.HIGHLIGHT, 60), "the weight asked about is framed on the filter"
    assert scene.sweep.window is None or scene.sweep.window not in scene.get_mobject_family_members()
    for c, r, s in np.ndindex(*t.x_padded.shape):   # nothing on the input gives the answer away yet
        assert not close(fill_of(scene, frame, scene.input.cell(c, r, s)), scene.colors[wid], 30), (c, r, s)


def check_countdown(scene, frame, n):
    c = scene.countdown
    assert c.number.text == str(n) and label_opacity(c.number) > 0.99 and c in scene.mobjects
    assert c.share_left() == pytest.approx(n / c.seconds, abs=0.01)
    assert all(label_opacity(x) > 0.99 for x in scene.question)   # the question stays while the time runs


def check_answer(scene, frame):
    t = scene.trace
    wid = scene.asked_weight_id
    # counted independently: the weight sits at row 0, column 1 of the filter, the filter moves one
    # cell at a time over the padded input: it touches rows 0..4, columns 1..5 (padded coordinates)
    k, i, j = t.out_shape
    expected = {(0, 0 + r, 1 + s) for r in range(i) for s in range(j)}
    assert set(scene.answer_tiles) == expected == {tuple(int(x) for x in t.cell(*u[:3]).positions[u[3]])
                                                   for u in t.weight_uses(wid)}
    for c, r, s in np.ndindex(*t.x_padded.shape):
        lit = close(fill_of(scene, frame, scene.input.cell(c, r, s)), scene.colors[wid], 30)
        assert lit == ((c, r, s) in expected), (c, r, s)
    assert scene.answer.text == "25 cells, one per position"
    assert scene.pauses and scene.pauses[-1].beat == "touch-question"
    said = [x for x in scene.said if x.beat == "touch-answer"]
    assert said and said[0].start >= scene.pauses[-1].end   # the answer is its own beat: its own slide


def test_pause_and_predict_the_question(rendered):
    passed(rendered[0], "question asked")


@pytest.mark.parametrize("n", COUNTDOWN)
def test_pause_and_predict_the_countdown(rendered, n):
    passed(rendered[0], f"countdown {n}")


def test_pause_and_predict_the_answer_is_the_trace_s(rendered):
    passed(rendered[0], "answer shown")
    said = " ".join(x.text for x in rendered[0].said if x.beat in ("touch-question", "touch-answer"))
    assert "Pause the video and work it out." in said and "w0[0,1,0] touches 25 input cells" in said


def test_a_5x5_kernel_every_label_readable(tmp_path):
    """A lecturer's 5x5 kernel: the weights' names would be 8.5 px in their cells; the rows and
    columns are numbered instead, every label >= 20 px and inside the safe area."""
    report = framecheck_table(SlidingFilter, tmp_path, "[scenes.sliding_filter]\nchannels = 1\nfilters = 1\n"
                              "stride = 1\nstrict = false\ninput_size = 5\nkernel_size = 5\npadding = 2\n",
                              checks=("ink", "safe"), alphas=())
    assert report.of("ink") == [], report.summary("ink")
    assert report.of("safe") == [], report.summary("safe")
    assert [x.text for x in report.scene_object.column_numbers[(0, 0)]] == ["0", "1", "2", "3", "4"]


def test_final_frame_matches_the_trace(rendered):
    scene, frame = rendered
    t = scene.trace
    assert t.tap_shape == (1, 3, 3) and t.out_shape == (1, 5, 5), "the file's layer"
    check_outputs(scene, len(t.cells()))
    check_filter(scene, frame)


def test_usage_marks_and_summary_match_the_core(rendered):
    scene, frame = rendered
    t = scene.trace
    colors = P.weight_colors(t)
    for (c, r, s), squares in scene.usage.by_cell.items():
        assert [w for w, _ in squares] == list(t.weight_ids_at(c, r, s))
        for wid, sq in squares:
            assert fill(sq) == colors[wid].upper()
    # the centre of the padded input met the whole filter: its squares are the filter, in place
    centre = scene.usage.by_cell[(0, 3, 3)]
    assert [w for w, _ in centre] == list(range(9))
    for wid, sq in centre:
        assert close(fill_of(scene, frame, sq), colors[wid], 40)
    # counted independently: 3x3 weights, each used once at every one of the 5x5 positions
    shown = [x.text for x in visible_texts(scene)]
    assert "9 weights, each used 25 times" in shown
    assert "225 multiplications, but only" in shown and "9 colours on the whole input:" in shown


def check_mid_sweep(mid, frame, n):
    check_position(mid, frame, n)
    check_outputs(mid, n + 1)
    assert_legible(mid)


@pytest.mark.parametrize("n", MID)
def test_mid_sweep_window_and_arithmetic_match(rendered, n):
    scene, _ = rendered
    passed(scene, after(n))   # check_mid_sweep, run when the render was after position n


def test_nothing_cut_off_and_no_labels_overlap(rendered):
    scene, _ = rendered
    assert_legible(scene)


def test_the_overlap_check_sees_the_scenes_labels(rendered):
    scene, _ = rendered
    assert overlap_check_sees(scene, scene.summary_lines[0])


LARGEST = {
    "kernel 5, padded 9": "input_size = 5\nkernel_size = 5\npadding = 2",
    "9x9 input, 81 positions": "input_size = 9\nkernel_size = 1\npadding = 0",
    "7x7 input, kernel 3": "input_size = 7\nkernel_size = 3\npadding = 1",
    "values up to 9": "input_size = 7\nkernel_size = 3\npadding = 1\ninput_range = [-9, 9]\nweight_range = [-9, 9]",
}


@pytest.mark.parametrize("body", LARGEST.values(), ids=LARGEST.keys())
def test_largest_accepted_layers(tmp_path, body):
    f = tmp_path / "p.toml"
    f.write_text(f"[scenes.sliding_filter]\nchannels = 1\nfilters = 1\nstride = 1\nstrict = false\n{body}\n")
    params = load_params(f)
    SlidingFilter.check_params(params)
    n = min(4, len(params.layer("sliding_filter").trace().cells()) - 1)   # a fast-forwarded position

    def mid_sweep(mid, frame):
        check_position(mid, frame, n)
        assert_legible(mid)
    scene, frame = render(SlidingFilter, tmp_path, params=f, looks={after(n): mid_sweep})
    check_outputs(scene, len(scene.trace.cells()))
    check_filter(scene, frame)
    assert_legible(scene)


def test_one_position_in_full_leaves_no_stale_arithmetic(tmp_path):
    f = tmp_path / "p.toml"
    f.write_text("[pace]\nfull_positions = 1\n")
    mid, frame = render(SlidingFilter, tmp_path, params=f, upto=after(3))
    check_position(mid, frame, 3)
    assert not overlapping_texts(mid)


class OneMoreAnimation(SlidingFilter):
    """The scene with one extra play in its first beat (as a narration edit might add)."""

    def lay_out(self):
        super().lay_out()
        self.play(self.input.animate.shift(0.0), run_time=0.2)


def test_an_extra_animation_in_one_beat_does_not_break_a_test_of_another(tmp_path):
    n = 3   # fast-forwarded: counted by plays, this test would now look one play too early
    mid, frame = render(OneMoreAnimation, tmp_path, upto=after(n))
    check_position(mid, frame, n)
    check_outputs(mid, n + 1)
    plain, _ = render(SlidingFilter, tmp_path / "plain", upto=after(n))
    assert mid.renderer.num_plays == plain.renderer.num_plays + 1


def test_a_checkpoint_the_scene_never_reaches_is_an_error(tmp_path):
    f = tmp_path / "p.toml"   # one position: quick to render to the end
    f.write_text("[scenes.sliding_filter]\nchannels = 1\nfilters = 1\ninput_size = 3\nkernel_size = 3\npadding = 0\nstrict = false\n")
    with pytest.raises(AssertionError, match="never reached checkpoint 'after position 2'.*'after position 1'"):
        render(SlidingFilter, tmp_path, params=f, upto="after position 2")


def test_a_look_at_a_checkpoint_sees_what_a_stop_there_sees_and_the_render_goes_on(tmp_path):
    f = tmp_path / "p.toml"   # four positions: quick to render to the end
    f.write_text("[scenes.sliding_filter]\nchannels = 1\nfilters = 1\nstride = 1\ninput_size = 3\nkernel_size = 2\n"
                 "padding = 0\nstrict = false\n")
    stopped, stop_frame = render(SlidingFilter, tmp_path / "stop", params=f, upto=after(2))
    seen = []

    def look(scene, frame):
        check_position(scene, frame, 2)
        seen.append((frame, [n.text for n in visible_texts(scene)]))
    whole, _ = render(SlidingFilter, tmp_path / "look", params=f, looks={after(2): look})
    assert whole.stopped_at is None and "sweep done" in whole.checkpoints   # rendered on
    (frame, texts), = seen
    assert np.array_equal(frame, stop_frame)
    assert texts == [n.text for n in visible_texts(stopped)]
    with pytest.raises(AssertionError, match="never reached checkpoint.*'after position 10'"):
        render(SlidingFilter, tmp_path / "never", params=f, looks={after(9): look})


def test_a_failed_check_fails_only_its_own_moment_and_the_render_goes_on(tmp_path):
    f = tmp_path / "p.toml"   # four positions: quick to render to the end
    f.write_text("[scenes.sliding_filter]\nchannels = 1\nfilters = 1\nstride = 1\ninput_size = 3\nkernel_size = 2\n"
                 "padding = 0\nstrict = false\n")

    def wrong(scene, frame):
        check_position(scene, frame, 1)   # position 1's checks, at position 2
    scene, _ = render(SlidingFilter, tmp_path, params=f,
                      checks={after(2): lambda s, frame: check_position(s, frame, 2), after(3): wrong})
    assert scene.stopped_at is None and "sweep done" in scene.checkpoints   # rendered on
    passed(scene, after(2))
    with pytest.raises(AssertionError):
        passed(scene, after(3))
    with pytest.raises(AssertionError, match="never reached checkpoint 'after position 10' to check"):
        passed(scene, after(9))


def test_no_label_is_morphed_into_other_text(rendered):
    """Numbers and labels that change cross-fade: no Transform in the whole scene turns a
    Label into other text (or a shape into text), so no frame shows half-formed glyphs."""
    scene, _ = rendered
    assert scene.morphs == []


@pytest.mark.parametrize("midway", [0.3, 0.7])
def test_during_a_move_every_label_is_whole_and_alone(tmp_path, midway):
    """Frames inside the move to position 3 (animated in full): the old counter fading out in the
    first half, the new one fading in in the second, never both, each with its own glyphs whole."""
    mid, frame = render(SlidingFilter, tmp_path, upto=after(1), midway=midway)
    assert half_formed_labels(mid) == []
    counters = {x.text: label_opacity(x) for x in visible_texts(mid) if x.text.startswith("position ")}
    assert list(counters) == ["position 2 of 25" if midway < 0.5 else "position 3 of 25"]
    assert 0.05 < list(counters.values())[0] < 0.95, counters
    assert mid.sweep.cell == mid.trace.cells()[2]   # the sweep is on its way to position 3
    # the filter's frame does not move from one position to the next: it stays on screen
    frame_ = mid.sweep.filter_frame
    assert frame_ in mid.get_mobject_family_members() and frame_.get_stroke_opacity() > 0.99


def test_the_label_checks_can_fail(tmp_path):
    """The two checks above see a morph: a Transform between two different Labels is recorded,
    and halfway through it the label on screen is half-formed."""
    from manim import Scene, Transform

    from scenes.checkpoints import Checkpoints

    class Morph(Checkpoints, Scene):
        def construct(self):
            a = label("position 2 of 25", 20).shift(LEFT)
            self.add(a)
            self.checkpoint("start")
            self.play(Transform(a, label("position 3 of 25", 20)))

    mid, _ = render(Morph, tmp_path, upto="start", midway=0.5)
    assert mid.morphs == [("position 2 of 25", "position 3 of 25")]
    assert half_formed_labels(mid) == ["position 2 of 25"]


# ---- issue #24's instruments on the default layer -----------------------------------------------------

@pytest.fixture(scope="module")
def report(tmp_path_factory):
    return framecheck(SlidingFilter, tmp_path_factory.mktemp("sliding_frames"))


@pytest.mark.parametrize("check", CHECKS)
def test_the_frame_instruments_find_nothing(report, check):
    """Every label >= 20 px at 1080p (the filter's weight names too) inside the title-safe area,
    one size per grid, the weights' colours apart, nothing moving over a label (the window steps
    by cross-fading; at the first position the colours land in place, none flies over the
    filter's numbers), no voiceless hold, every mark on time. Seen failing before this scene was
    reworked: 53 'cover' (tiles flying from the filter), 11 'ink' (names at 14.7 px, 'Σ w·x'
    at 19.9 px), 31 'safe' (filter and counter left of the safe area)."""
    assert report.samples > 10 and report.probes > 10
    assert report.of(check) == [], report.summary(check)


def test_in_spanish_every_label_readable_and_inside(tmp_path, monkeypatch):
    """The Spanish phrases are longer (the summary's headline most): a line too long for its
    column shrinks alone, never the whole summary below 20 px."""
    from scenes import i18n

    monkeypatch.setenv("LECTURE_LANG", "es")
    try:
        report = framecheck(SlidingFilter, tmp_path, checks=("ink", "safe"), alphas=())
    finally:
        i18n.use("en")
    assert "9 colores en toda la entrada:" in [x.text for x in visible_texts(report.scene_object)]
    assert report.of("ink") == [], report.summary("ink")
    assert report.of("safe") == [], report.summary("safe")
