"""The learner's question, rendered for real at the test quality, checked against its trace:
the two neurons' values, the same w0 colours on both blocks (pixels), w1 on the next slice, the
answer said in the first 45 seconds, and issue #24's frame instruments finding nothing."""
import numpy as np
import pytest

from scenes.content.question import TheQuestion, address
from scenes.visual import palette as P
from scenes.visual.mobjects import fmt
from tests.framecheck import CHECKS, framecheck
from tests.scenekit import assert_legible, close, fill_of, label_opacity, passed, render

ANSWER_BY = 45.0   # seconds into the lecture (this scene is its first)


def check_question(scene, frame):
    t = scene.trace
    assert scene.question.text == f"Do {address((0, 0, 0))} and {address((0, 1, 0))} share weights?"
    assert scene.question.text == "Do o(0,0,0) and o(0,1,0) share weights?"
    assert label_opacity(scene.question) > 0.99
    # the 1-D diagram: every output reuses the same colours, one per weight of the 1-D kernel
    one_d = scene.trace_1d
    per_output = {}
    for (j, s), line in scene.edges.edges.items():
        assert line.get_stroke_color().to_hex().upper() == scene.colors_1d[line.weight_id].upper()
        per_output.setdefault(j, set()).add(line.get_stroke_color().to_hex().upper())
    assert len(per_output) == one_d.out_shape[2] >= 2
    assert all(cols == per_output[0] for cols in per_output.values()) and len(per_output[0]) == one_d.n_weights
    # the filter drawn alone: w0's slice of channel 0, nine different colours, read off the frame
    fh, fw = t.tap_shape[1:]
    seen = set()
    for u in range(fh):
        for v in range(fw):
            wid = u * fw + v   # w0, channel 0
            assert tuple(t.weight_keys[wid]) == (0, 0, u, v)
            assert close(fill_of(scene, frame, scene.slice_grid.cell(u, v)), scene.colors[wid], 14), (u, v)
            assert scene.slice_grid.numbers[u][v].text == fmt(t.weight_values[wid])
            seen.add(scene.colors[wid])
    assert len(seen) == fh * fw


def check_two_neurons(scene, frame):
    t = scene.trace
    a, b = (0, 0, 0), (0, 1, 0)
    # the question's numbers, from the trace of the running layer
    assert t.output[a] == 5 and t.output[b] == 7
    for cell, result in zip((a, b), scene.results):
        assert scene.output.number(*cell).text == fmt(t.output[cell])
        assert label_opacity(scene.output.number(*cell)) > 0.99
        assert result.text == f"{address(cell)} = {fmt(t.cell(*cell).total)}"
        assert label_opacity(result) > 0.99
    assert [r.text for r in scene.results] == ["o(0,0,0) = 5", "o(0,1,0) = 7"]
    # w0 on both blocks: the same weight at every tap, in its colour, on two different blocks
    ca, cb = t.cell(*a), t.cell(*b)
    assert np.array_equal(ca.weight_ids, cb.weight_ids)
    assert all(int(t.weight_keys[w][0]) == 0 for w in ca.weight_ids)
    assert not np.array_equal(ca.positions, cb.positions)
    for tint, volume, cell in zip(scene.tints, scene.inputs, (ca, cb)):
        for square, (c, r, s), wid in zip(tint.squares, cell.positions, cell.weight_ids):
            assert np.allclose(square.get_center(), volume.cell(int(c), int(r), int(s)).get_center(), atol=1e-6)
            assert close(fill_of(scene, frame, square), scene.colors[int(wid)], 14), (c, r, s)
    # the blocks' pixels match tap by tap: the same colours at the same places of the window
    for sa, sb in zip(scene.tints[0].squares, scene.tints[1].squares):
        assert np.array_equal(fill_of(scene, frame, sa), fill_of(scene, frame, sb))


def check_notation(scene, frame):
    texts = [m.text for m in scene.notation]
    assert texts[0] == "The demo writes o(x, y, d): x is the column, y the row, d the depth slice."
    assert texts[1] == "This lecture writes (row, column, channel): o(0,1,0) is row 1, column 0 of depth slice 0."


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    return render(TheQuestion, tmp_path_factory.mktemp("question"),
                  checks={"question asked": check_question, "both neurons shown": check_two_neurons,
                          "notation said": check_notation})


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    return framecheck(TheQuestion, tmp_path_factory.mktemp("question_frames"))


def test_the_question_on_screen_the_1d_diagram_and_the_filter_alone(rendered):
    passed(rendered[0], "question asked")


def test_the_two_neurons_are_5_and_7_with_the_same_w0_colours_on_both_blocks(rendered):
    passed(rendered[0], "both neurons shown")


def test_the_notation_is_written_once(rendered):
    passed(rendered[0], "notation said")
    said = " ".join(s.text for s in rendered[0].said)
    assert said.count("puts the column first") == 1
    assert "o(0,1,0) is row 1, column 0" in said


def test_the_next_slice_uses_w1_on_the_same_block(rendered):
    scene, frame = rendered
    t = scene.trace
    cell = t.cell(1, 0, 0)
    assert all(int(t.weight_keys[w][0]) == 1 for w in cell.weight_ids)
    assert np.array_equal(cell.positions, t.cell(0, 0, 0).positions)   # the same block as o(0,0,0)
    for square, wid in zip(scene.tints[0].squares, cell.weight_ids):
        assert close(fill_of(scene, frame, square), scene.colors[int(wid)], 14)
    assert scene.output.number(1, 0, 0).text == fmt(t.output[1, 0, 0])
    assert label_opacity(scene.output.number(1, 0, 0)) > 0.99
    assert scene.results[0].text == f"o(0,0,1) = {fmt(t.output[1, 0, 0])}"


def test_the_answer_is_on_screen_and_said_in_the_first_45_seconds(rendered):
    scene, _ = rendered
    texts = [m.text for m in scene.answer]
    assert texts[0] == "Every neuron of one depth slice uses the same filter;"
    assert "another slice, another filter: o(0,0,1) uses w1;" in texts
    assert all(label_opacity(m) > 0.99 for m in scene.answer)
    said = scene.said
    answer = [s for s in said if "every neuron of one depth slice uses the same filter" in s.text]
    assert answer, [s.text for s in said]
    assert answer[0].end < ANSWER_BY
    # the whole answer sentence, up to its last clause, is said by then too
    last = [s for s in said if "one slice per input channel" in s.text]
    assert last and last[0].end < ANSWER_BY, [(s.text, s.end) for s in said]
    assert said[0].start < 1.0   # the scene speaks from its start


def test_nothing_cut_off_no_labels_overlapping_no_morphs(rendered):
    scene, _ = rendered
    assert_legible(scene)
    assert scene.morphs == []


@pytest.mark.parametrize("check", CHECKS)
def test_the_frame_instruments_find_nothing(report, check):
    assert report.samples > 10 and report.probes > 10
    assert report.of(check) == [], report.summary(check)
