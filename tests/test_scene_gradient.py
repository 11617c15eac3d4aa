"""The shared-gradient scene, rendered for real at low quality, checked against
trace.weight_gradient and against an independent finite difference; issue #24's frame
instruments (tests/framecheck.py) on the default layer and on the largest layers it accepts."""
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from cnncore.examples import upstream_gradient
from scenes.base import load_params
from scenes.visual import palette as P
from scenes.content.gradient import SharedGradient
from scenes.visual.mobjects import fmt
from tests.framecheck import CHECKS, framecheck
from tests.scenekit import assert_legible, close, fill_of, label_opacity, near, overlapping_texts, passed, render

ROOT = Path(__file__).resolve().parents[1]
MID = [0, 4, 8]   # uses looked at mid-sweep


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The whole scene, checked on the way after each use of MID and before the copy's restore
    (the tests of those moments)."""
    checks = {f"after use {n + 1}": lambda mid, frame, n=n: check_mid_sweep(mid, frame, n) for n in MID}
    checks["copy dimmed"] = check_copy_dimmed
    checks["question asked"] = check_question
    checks.update({f"countdown {n}": lambda s, frame, n=n: check_countdown(s, frame, n) for n in COUNTDOWN})
    checks["answer shown"] = check_answer
    return render(SharedGradient, tmp_path_factory.mktemp("gradient"), checks=checks)


# ---- pause and predict: what is dL/dw for the weight just shown? -------------------------------------

COUNTDOWN = [5, 2]


def check_question(scene, frame):
    assert scene.question.text == "Your turn: add up the terms. What is dL/dw0[1,1,0]?"
    assert label_opacity(scene.question) > 0.99 and label_opacity(scene.unknown) > 0.99
    assert scene.unknown.text == "?"
    assert not on_screen(scene, scene.ledger.total) or label_opacity(scene.ledger.total) < 0.01, "not given away"
    assert all(label_opacity(t.value) > 0.99 for t in scene.ledger.terms.values()), "every term to add is shown"


def check_countdown(scene, frame, n):
    c = scene.countdown
    assert c.number.text == str(n) and c in scene.mobjects
    assert c.share_left() == pytest.approx(n / c.seconds, abs=0.01)
    assert label_opacity(scene.question) > 0.99
    assert not on_screen(scene, scene.ledger.total) or label_opacity(scene.ledger.total) < 0.01


def check_answer(scene, frame):
    """The total revealed is trace.weight_gradient's, and the sum of the terms shown."""
    t = scene.trace
    wid = scene.weight_id
    expected = t.weight_gradient(upstream_gradient(t, scene.layer.seed)).weights[wid]
    assert scene.ledger.total.text == fmt(expected) and label_opacity(scene.ledger.total) > 0.99
    assert sum(number(x.value.text) for x in scene.ledger.terms.values()) == expected
    assert not on_screen(scene, scene.question) and not on_screen(scene, scene.unknown)
    assert scene.pauses and scene.pauses[-1].beat == "sum-question"
    said = [x for x in scene.said if x.beat == "adding-up"]
    assert said and said[0].start >= scene.pauses[-1].end   # the answer is its own beat: its own slide


def test_pause_and_predict_the_question(rendered):
    passed(rendered[0], "question asked")
    said = " ".join(x.text for x in rendered[0].said if x.beat == "sum-question")
    assert "add up the 9 terms. What is dL/dw0[1,1,0]? Pause the video and work it out." in said


@pytest.mark.parametrize("n", COUNTDOWN)
def test_pause_and_predict_the_countdown(rendered, n):
    passed(rendered[0], f"countdown {n}")


def test_pause_and_predict_the_answer_is_the_trace_s(rendered):
    passed(rendered[0], "answer shown")


def on_screen(scene, mob) -> bool:
    return any(mob in m.get_family() for m in scene.mobjects)


def number(text: str) -> int:
    return int(text.strip("()"))


def naive_loss(x, w, upstream, stride, padding, dilation) -> int:
    """L = sum(upstream * conv(x, w)) with plain loops (no trace, no einsum)."""
    xp = np.pad(x, ((0, 0), (padding, padding), (padding, padding)))
    K, C, F, _ = w.shape
    _, ho, wo = upstream.shape
    total = 0
    for k in range(K):
        for i in range(ho):
            for j in range(wo):
                o = 0
                for c in range(C):
                    for u in range(F):
                        for v in range(F):
                            o += w[k, c, u, v] * xp[c, i * stride + u * dilation, j * stride + v * dilation]
                total += upstream[k, i, j] * o
    return int(total)


def finite_difference(scene) -> int:
    """dL/dw of the chosen weight: L is linear in w, so L(w + 1) - L(w) is the gradient exactly."""
    t, p = scene.trace, scene.layer
    K, (C, F, _) = t.out_shape[0], t.tap_shape
    w = t.weight_values.reshape(K, C, F, F).copy()
    g = upstream_gradient(t, p.seed)
    before = naive_loss(t.x, w, g, p.stride, p.padding, p.dilation)
    w[tuple(int(v) for v in t.weight_keys[scene.weight_id])] += 1
    return naive_loss(t.x, w, g, p.stride, p.padding, p.dilation) - before


def check_ledger(scene):
    """Every term shown is a core contribution, in output order; the sum shown is the core's
    gradient, the finite difference, and the sum of the terms as written."""
    t, grad, wid = scene.trace, scene.gradient, scene.weight_id
    uses = grad.contributions(wid)
    led = scene.ledger
    assert list(led.terms) == [(u.i, u.j) for u in uses]
    assert len(uses) == t.out_shape[1] * t.out_shape[2] == len(t.weight_uses(wid))
    for n, u in enumerate(uses):
        term = led.terms[(u.i, u.j)]
        assert number(term.value.text) == u.value == u.input * u.upstream
        assert term.value.text == (fmt(u.value) if n == 0 or u.value >= 0 else f"({fmt(u.value)})")
        assert number(term.x.text) == u.input and number(term.g.text) == u.upstream
        assert u.upstream == scene.upstream[u.k, u.i, u.j]
        assert led.ops[(u.i, u.j)].text == ("=" if n == 0 else "+")
    shown = number(led.total.text)
    assert shown == grad.weights[wid] == finite_difference(scene)
    assert shown == sum(number(term.value.text) for term in led.terms.values())
    assert led.lead.text == f"dL/d{scene.wname}"


def expected_positions(scene) -> set:
    """Where the chosen weight meets the input, from the layer's geometry alone."""
    t, p = scene.trace, scene.layer
    k, c, u, v = (int(x) for x in t.weight_keys[scene.weight_id])
    ho, wo = t.out_shape[1:]
    return {(c, i * p.stride + u * p.dilation, j * p.stride + v * p.dilation) for i in range(ho) for j in range(wo)}


def check_input_cells(scene, frame, lit: set, dimmed: set = frozenset()):
    """Input cells of the weight's channel: ``lit`` in the weight's colour, ``dimmed`` neither
    the colour nor a plain cell, every other cell plain (or padding)."""
    t = scene.trace
    c = scene.c
    _, hp, wp = t.x_padded.shape
    ph = t.padding[0]
    h = t.x.shape[1]
    for r in range(hp):
        for s in range(wp):
            rgb = fill_of(scene, frame, scene.volume.cell(c, r, s))
            if (c, r, s) in lit:
                assert close(rgb, scene.color, 30), (r, s)
            elif (c, r, s) in dimmed:
                assert not close(rgb, scene.color, 30) and not close(rgb, P.CELL_FILL, 12), (r, s)
            else:
                plain = P.CELL_FILL if ph <= r < ph + h and ph <= s < ph + h else P.PADDING_FILL
                assert close(rgb, plain, 20), (r, s)


def test_the_sum_shown_is_the_gradient_of_the_core_and_of_a_finite_difference(rendered):
    scene, _ = rendered
    check_ledger(scene)
    assert scene.layer.output_size == 3 and len(scene.uses) == 9, "the file's layer: nine uses"
    assert all(u.value != 0 for u in scene.uses), "the file's seed: every term counts"
    assert all(label_opacity(t.value) > 0.99 for t in scene.ledger.terms.values())
    assert label_opacity(scene.ledger.total) > 0.99


def test_the_weights_colour_is_on_the_input_exactly_where_it_was_used(rendered):
    scene, frame = rendered
    positions = {u.position for u in scene.uses}
    assert positions == expected_positions(scene) == {tuple(int(v) for v in p)
                                                       for p in scene.trace.positions[
                                                           scene.trace.weight_uses(scene.weight_id)[:, 1],
                                                           scene.trace.weight_uses(scene.weight_id)[:, 2],
                                                           scene.trace.weight_uses(scene.weight_id)[:, 3]]}
    check_input_cells(scene, frame, positions)
    for u in scene.uses:  # the number on each tile is the input value of its term
        tile = scene.tiles[(u.i, u.j)]
        assert tile[1].text == fmt(u.input) == fmt(scene.trace.x_padded[u.position])
    # the filter shows the weight in its colour, framed
    assert close(fill_of(scene, frame, scene.weight_cell), scene.color, 30)
    assert near(scene, frame, scene.weight_cell.get_left() + np.array([-0.03, 0, 0]), P.HIGHLIGHT, 60)
    # the upstream gradient shown is the core's
    k = scene.k
    assert [[n.text for n in row] for row in scene.up_grid.numbers] == \
        [[fmt(v) for v in row] for row in scene.upstream[k]]
    assert scene.wname == "w0[1,1,0]" and scene.weight_name.text == f"w0[1,1,0] = {fmt(scene.trace.weight_values[scene.weight_id])}"


@pytest.mark.parametrize("n", MID)
def test_mid_sweep_one_more_use_at_a_time(rendered, n):
    scene, _ = rendered
    passed(scene, f"after use {n + 1}")   # check_mid_sweep, run when the render was there


def check_mid_sweep(mid, frame, n):
    assert mid.terms_shown == [(u.i, u.j) for u in mid.uses[:n + 1]]
    use = mid.uses[n]
    check_input_cells(mid, frame, {u.position for u in mid.uses[:n + 1]})
    # the window at this use is outlined on the input, its output's dL/do framed
    c, r, s = use.position
    k, cc, u, v = (int(x) for x in mid.trace.weight_keys[mid.weight_id])
    corner = mid.volume.cell(c, r - u, s - v).get_corner(np.array([-1, 1, 0]))
    assert near(mid, frame, corner, P.HIGHLIGHT, 60)
    up = mid.up_grid.cell(use.i, use.j)
    assert near(mid, frame, up.get_left() + np.array([-0.02, 0, 0]), P.HIGHLIGHT, 60)
    for (i, j), term in mid.ledger.terms.items():
        shown = (i, j) in mid.terms_shown
        assert on_screen(mid, term.value) == shown and on_screen(mid, mid.ledger.ops[(i, j)]) == shown
        assert label_opacity(term.value) > 0.99
    assert not on_screen(mid, mid.ledger.total)
    assert_legible(mid)


def test_without_sharing_the_copy_gets_one_term(rendered):
    scene, _ = rendered
    passed(scene, "copy dimmed")   # check_copy_dimmed, run when the render was there (before the restore)
    # and the scene ends with the shared sum whole again, the two counts side by side
    assert scene.note.text.startswith(f"Shared: 9 terms, dL/dw0[1,1,0] = {fmt(scene.gradient.weights[scene.weight_id])}.")
    assert "Locally connected: 1 term per copy." in scene.note.text


def check_copy_dimmed(mid, frame):
    assert len(mid.local_uses) == 1
    only = mid.local_uses[0]
    first = mid.uses[0]
    assert mid.local.mode == "local" and mid.local.use_counts[mid.local_id] == 1
    assert (only.i, only.j, only.position, only.value) == (first.i, first.j, first.position, first.value)
    assert mid.local_gradient.weights[mid.local_id] == only.value == only.input * only.upstream
    assert mid.note.text.endswith(f"1 term: dL/dw = {fmt(only.value)}")
    rest = {u.position for u in mid.uses[1:]}
    check_input_cells(mid, frame, {only.position}, dimmed=rest)
    for key, term in mid.ledger.terms.items():
        assert (label_opacity(term.value) > 0.99) == (key == (only.i, only.j))
    assert not overlapping_texts(mid)


def test_nothing_cut_off_and_no_labels_overlap(rendered):
    scene, _ = rendered
    assert_legible(scene)


LARGEST = {
    "3x3 channels and filters, 9x9 input, stride 2": "channels = 3\nfilters = 3\ninput_size = 9\nkernel_size = 3\nstride = 2",
    "5x5 kernel, 8x8 input": "channels = 2\nfilters = 2\ninput_size = 8\nkernel_size = 5",
    "padding 2, stride 2": "channels = 3\nfilters = 3\ninput_size = 5\nkernel_size = 3\npadding = 2\nstride = 2",
    "dilated 2x2 kernel": "channels = 1\nfilters = 1\ninput_size = 7\nkernel_size = 2\ndilation = 3",
}


def largest(tmp_path, body) -> Path:
    """A parameter file for one of the LARGEST layers."""
    f = tmp_path / "p.toml"
    keys = dict(line.split(" = ") for line in ("strict = false\nstride = 1\npadding = 0\ndilation = 1\n"
                                               "input_range = [-9, 9]\nweight_range = [-9, 9]\nseed = 3\n"
                                               + body).strip().splitlines())
    f.write_text("[pace]\nfull_positions = 1\n[scenes.gradient]\n" + "".join(f"{k} = {v}\n" for k, v in keys.items()))
    return f


@pytest.mark.parametrize("body", LARGEST.values(), ids=LARGEST.keys())
def test_largest_accepted_layers_fit(tmp_path, body):
    f = largest(tmp_path, body)
    params = load_params(f)
    SharedGradient.check_params(params)
    assert params.layers["gradient"].output_size in (3, 4)
    scene, frame = render(SharedGradient, tmp_path, params=f)
    check_ledger(scene)
    check_input_cells(scene, frame, expected_positions(scene))
    assert_legible(scene)


# ---- issue #24's instruments ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def report(tmp_path_factory):
    return framecheck(SharedGradient, tmp_path_factory.mktemp("gradient_frames"))


@pytest.mark.parametrize("check", CHECKS)
def test_the_frame_instruments_find_nothing(report, check):
    """Every label at least 20 px and inside the title-safe area (the body under the title), the
    window cross-faded between uses (it slid over the input's numbers), the weight colours apart,
    no voiceless hold, every mark on time."""
    assert report.samples > 10 and report.probes > 10
    assert report.of(check) == [], report.summary(check)


# The palette's 5x5 slices are >= 7 CIEDE2000 apart (scenes/visual/palette.py, by design: 25 colours
# of one lightness band), framecheck asks >= 10 inside one filter: not this scene's to change.
FIVE_BY_FIVE = "5x5 kernel, 8x8 input"


@pytest.mark.parametrize("name", LARGEST)
def test_largest_accepted_layers_the_instruments_find_nothing(tmp_path, name):
    """4x4 outputs, a 9x9 input, a 5x5 filter: the panels' cells shrink, their words do not."""
    report = framecheck(SharedGradient, tmp_path, params=largest(tmp_path, LARGEST[name]))
    for check in CHECKS:   # a 5x5 filter's colours: 10 apart in its 3x3 core, 7 with its ring (framecheck)
        assert report.of(check) == [], report.summary(check)


def test_the_scene_refuses_more_than_16_terms_before_rendering(tmp_path):
    f = tmp_path / "p.toml"
    f.write_text("[scenes.gradient]\nchannels = 1\nfilters = 1\ninput_size = 7\nkernel_size = 3\n"
                 "stride = 1\npadding = 0\n")
    r = subprocess.run([sys.executable, "-m", "manim", "-ql", "--media_dir", str(tmp_path / "media"), "scenes/content/gradient.py", "SharedGradient"], cwd=ROOT, capture_output=True,
                       text=True, env=dict(os.environ, LECTURE_PARAMS=str(f)))
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1 and "output_size = 5: at most 4" in r.stderr
