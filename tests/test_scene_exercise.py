"""ExerciseVideo (issue #27): each of the three exercises rendered for real at the test quality,
once, on the largest layer an exercise may have (2 channels, 5x5 padded by 1, two 3x3 filters),
with framecheck's instruments looking. What it shows is checked against the exercise and its
trace: the layer's numbers, the question, the countdown during the pause, the solution's numbers
and the answer; and a bad spec stops the real command in one line, exit status 1, nothing written.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from cnncore import exercises as E
from scenes.content import exercise as X
from scenes.content.exercise import ExerciseVideo
from scenes.visual import palette as P
from scenes.visual.words import fmt
from tests.framecheck import framecheck, least_delta_e
from tests.scenekit import assert_legible, close, fill_of, pixel_at

ROOT = Path(__file__).resolve().parents[1]
LARGEST = dict(channels=2, input_size=5, filters=2, kernel_size=3, stride=2, padding=1)
MOMENTS = ("layer shown", "question asked", "countdown 3", "products shown", "after use 2", "answer shown")


def largest(name: str) -> E.Exercise:
    """The first student seed whose exercise ``name`` has the largest layer."""
    return next(ex for ex in (E.exercise(name, s) for s in range(1000)) if ex.layer == LARGEST)


def write_spec(folder: Path, ex: E.Exercise, student: str = "s042 Ada Lovelace") -> Path:
    path = folder / "spec.json"
    path.write_text(json.dumps({"student": student, "exercise": ex.to_json()}), encoding="utf-8")
    return path


def texts(group) -> list[str]:
    return [m.text for m in group.family_members_with_points() if hasattr(m, "text")]


def grid_values(grid) -> np.ndarray:
    return np.array([[float(n.text) for n in row] for row in grid.numbers])


def snapshot(scene, frame, name) -> None:
    """What the scene shows at checkpoint ``name``, kept as plain values (the render goes on)."""
    if name not in MOMENTS:
        return
    snap = scene.__dict__.setdefault("snaps", {})[name] = {"frame": frame}
    snap["input"] = [grid_values(g) for g in scene.input.grids]
    snap["filters"] = [[grid_values(g) for g in gs] for gs in scene.filters.grids]
    if scene.output is not None:
        snap["outputs shown"] = [n.text for g in scene.output.grids for row in g.numbers for n in row
                                 if n.get_fill_opacity() > 0.01]
    if name == "question asked":
        snap["question"] = " ".join(texts(scene.question))
        snap["targets"] = [f.get_center() for f in scene.target_frames]
    if name == "countdown 3":
        cd = scene.countdown
        snap["digit"] = cd.number.text
        snap["share"] = cd.share_left()
        centre, r = cd.track.get_center(), cd.track.width / 2
        snap["at 3 o'clock"] = pixel_at(scene, frame, centre + np.array([r, 0, 0]))
        snap["at 9 o'clock"] = pixel_at(scene, frame, centre + np.array([-r, 0, 0]))
        snap["pause caption"] = [c.text for c in scene._beat_clip.cues][-1:]   # a cue of the question
    if name == "products shown":
        snap["products"] = [grid_values(g) for g in scene.arithmetic.grids]
    if name == "after use 2" and scene.exercise.name == "weight-reach":
        snap["count"] = scene.count_label.text


@pytest.fixture(scope="module", params=E.NAMES)
def rendered(request, tmp_path_factory):
    """(exercise, framecheck report, the scene) of one render of exercise ``param``."""
    ex = largest(request.param)
    tmp = tmp_path_factory.mktemp(request.param)
    old = os.environ.get(X.SPEC_ENV)
    os.environ[X.SPEC_ENV] = str(write_spec(tmp, ex))
    try:
        report = framecheck(ExerciseVideo, tmp, every=snapshot)
    finally:
        os.environ.pop(X.SPEC_ENV) if old is None else os.environ.__setitem__(X.SPEC_ENV, old)
    return ex, report, report.scene_object


def test_the_layer_shown_is_the_students(rendered):
    ex, _, scene = rendered
    t = ex.trace()
    snap = scene.snaps["layer shown"]
    for c, values in enumerate(snap["input"]):
        assert np.array_equal(values, t.x_padded[c])
    K, C, F = ex.layer["filters"], ex.layer["channels"], ex.layer["kernel_size"]
    w = t.weight_values.reshape(K, C, F, F)
    for k in range(K):
        for c in range(C):
            assert np.array_equal(snap["filters"][k][c], w[k, c])
    if ex.name == "weight-gradient":
        for k, g in enumerate(scene.upstream_grids):
            assert np.array_equal(grid_values(g), ex.upstream()[k])
    else:
        assert snap["outputs shown"] == []   # no output number, and so no answer, before the pause
    assert "s042 Ada Lovelace" in scene.heading.text


def test_the_students_weights_wear_colours_of_their_own(rendered):
    """Each weight of the student's filters is filled, on the frame, with its own colour, every
    two apart, and none of them is a colour of the lecture's weights (which mean other values)."""
    _, _, scene = rendered
    frame = scene.snaps["layer shown"]["frame"]
    mine = [c.upper() for c in scene.colors]
    lecture = {P.weight_color(k, c, u, v).upper() for k in range(3) for c in range(3) for u in range(5) for v in range(5)}
    assert len(mine) == len(scene.trace.weight_keys) == len(set(mine))
    assert least_delta_e(mine, lecture) >= 5
    for w, color in enumerate(scene.colors):
        assert close(fill_of(scene, frame, scene.filters.weight_cell(w)), color, 16), w


def test_the_question_names_the_students_target(rendered):
    ex, _, scene = rendered
    snap = scene.snaps["question asked"]
    if ex.name == "output-cell":
        k, i, j = ex.target
        assert f"o({j},{i},{k})" in snap["question"] and f"column {j}, row {i}" in snap["question"]
        target = scene.output.cell(k, i, j)
    else:
        assert X.weight_name(ex.target) in snap["question"]
        target = scene.filters.weight_cell(ex.weight_id())
    assert any(np.allclose(c, target.get_center(), atol=1e-3) for c in snap["targets"])


def test_a_countdown_runs_during_a_declared_pause(rendered):
    ex, _, scene = rendered
    snap = scene.snaps["countdown 3"]
    assert snap["digit"] == "3" and snap["share"] == pytest.approx(3 / 5, abs=0.02)
    assert close(snap["at 3 o'clock"], P.HIGHLIGHT, 40)        # the ring's time left, coloured
    assert not close(snap["at 9 o'clock"], P.HIGHLIGHT, 40)    # the time gone: the grey track only
    assert snap["pause caption"] == ["[pause: work it out]"]
    (pause,) = scene.pauses
    assert pause.end - pause.start == pytest.approx(5.6, abs=0.1)
    assert pause.beat == f"{ex.name}-question"


def test_the_solution_is_the_trace(rendered):
    ex, _, scene = rendered
    t = ex.trace()
    end = scene.snaps["answer shown"]
    assert scene.answer_label.text.endswith(fmt(ex.answer)) or f" {ex.answer} " in scene.answer_label.text
    if ex.name == "output-cell":
        k, i, j = ex.target
        cell = t.cell(k, i, j)
        products = scene.snaps["products shown"]["products"]
        assert np.array_equal(np.array(products).ravel(), cell.products)
        assert scene.arithmetic.result.text == fmt(ex.answer) == fmt(cell.total)
        assert end["outputs shown"] == [fmt(ex.answer)]   # the one output asked, revealed
        assert scene.output.number(k, i, j).text == fmt(ex.answer)
    elif ex.name == "weight-reach":
        color = scene.colors[ex.weight_id()]
        assert len(scene.reached) == ex.answer
        for tile in scene.reached:   # each cell reached, lit in the weight's colour, on the frame
            assert close(fill_of(scene, end["frame"], tile[0]), color, 16)
        assert scene.count_label.text == f"cells reached: {ex.answer}"
        assert scene.answer_label.text == f"{X.weight_name(ex.target)} multiplies {ex.answer} input cells"
        assert scene.snaps["after use 2"]["count"] in ("cells reached: 0", "cells reached: 1", "cells reached: 2")
    else:
        values = [int(term.value.text.strip("()")) for term in scene.terms.values()]
        assert values == list(ex.terms)                  # input x dL/do at every use off padding
        g = ex.upstream()
        for (i, j), term in scene.terms.items():
            x, up = (int(s.text.strip("()")) for s in (term.product[0], term.product[2]))
            uses = [u for u in t.weight_gradient(g).contributions(ex.weight_id()) if (u.i, u.j) == (i, j)]
            assert (x, up) == (uses[0].input, uses[0].upstream)
        assert scene.total.text == fmt(ex.answer) == fmt(sum(ex.terms))


def test_it_ends_on_the_answer(rendered):
    ex, _, scene = rendered
    assert scene.checkpoints[-2:] == ["answer shown", "end"]
    assert scene.answer_label in [m for mob in scene.mobjects for m in mob.get_family()]
    assert 30 <= scene._clock <= 60, scene._clock   # a short video


def test_readable_inside_the_safe_area_and_voiced(rendered):
    ex, report, scene = rendered
    for check in ("ink", "safe", "grid", "colour", "cover", "hold", "late"):
        assert report.of(check) == [], report.summary(check)
    assert_legible(scene)
    assert not scene.morphs


# ---- a bad spec: one line, exit status 1, nothing written ----------------------------------------

@pytest.mark.parametrize("content, words", [
    (None, "cannot read the exercise spec"),
    (b"{not json", "is not JSON"),
    (b"\xff\xfe", "is not UTF-8"),
    (b"[]", 'must be {"student": ..., "exercise": ...}'),
    (json.dumps({"student": "", "exercise": {}}).encode(), "student must be a non-empty string"),
    (json.dumps({"student": "a", "exercise": dict(E.exercise("weight-reach", 1).to_json(), name="x")}).encode(),
     "exercise must be one of output-cell, weight-reach, weight-gradient, got 'x'"),
    (json.dumps({"student": "a", "exercise": dict(E.exercise("weight-reach", 1).to_json(), answer=99)}).encode(),
     "is not its layer's"),
])
def test_a_bad_spec_is_one_line(tmp_path, content, words):
    path = tmp_path / "spec.json"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(X.SpecError) as e:
        X.load_spec(str(path))
    assert words in str(e.value) and "\n" not in str(e.value)
    assert str(e.value).startswith(str(path))


def test_no_spec_is_one_line():
    with pytest.raises(X.SpecError, match=f"^{X.SPEC_ENV} is not set"):
        X.load_spec(None)


@pytest.mark.parametrize("content", [None, b'{"student": "a", "exercise": {"name": "x"}}'])
def test_the_command_refuses_a_bad_spec_before_writing_anything(tmp_path, content):
    spec = tmp_path / "spec.json"
    if content is not None:
        spec.write_bytes(content)
    media = tmp_path / "media"
    run = subprocess.run([sys.executable, "-m", "manim", "render", "-ql", "--media_dir", str(media),
                          "scenes/content/exercise.py", "ExerciseVideo"], cwd=ROOT, capture_output=True,
                         text=True, env=dict(os.environ, **{X.SPEC_ENV: str(spec)}), timeout=300)
    assert run.returncode == 1, run.stderr[-2000:]
    errors = [line for line in run.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and str(spec) in errors[0], run.stderr[-2000:]
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))
