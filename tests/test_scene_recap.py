"""The recap, rendered for real at the test quality: every rule on one screen, in order, each
shown as it is said, its numbers from the core, and issue #24's frame instruments finding nothing."""
import pytest

from cnncore import param_counts
from scenes.content.recap import MARKS, Recap
from scenes.visual.words import exact
from tests.framecheck import CHECKS, framecheck
from tests.scenekit import assert_legible, label_opacity, render


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    return render(Recap, tmp_path_factory.mktemp("recap"))


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    return framecheck(Recap, tmp_path_factory.mktemp("recap_frames"))


def rule_text(scene, mark) -> str:
    return " ".join(line.text for line in scene.rules[mark][1])


def test_every_rule_on_one_screen_in_order(rendered):
    scene, _ = rendered
    tops = [scene.rules[m].get_top()[1] for m in MARKS]
    assert tops == sorted(tops, reverse=True)
    for n, mark in enumerate(MARKS):
        number, lines = scene.rules[mark]
        assert number.text == str(n + 1)
        assert all(label_opacity(m) > 0.99 for m in (number, *lines))
    assert "one filter" in rule_text(scene, "slice")
    assert "o(0,0,0) and o(0,0,1) share no weight" in rule_text(scene, "other")
    assert "nothing is shared across channels" in rule_text(scene, "inside")


def test_the_counts_and_positions_are_the_cores(rendered):
    scene, _ = rendered
    p = scene.layer
    counts = param_counts(channels=p.channels, size=p.input_size, filters=p.filters, kernel_size=p.kernel_size,
                          stride=p.stride, padding=p.padding, dilation=p.dilation)
    assert (counts["shared"]["total"], counts["local"]["total"], counts["dense"]["total"]) == (56, 504, 1368)
    text = rule_text(scene, "without")
    for mode in ("shared", "local", "dense"):
        assert exact(counts[mode]["total"]) in text
    _, ho, wo = scene.trace.out_shape
    assert f"one term per position ({ho * wo} here)" in rule_text(scene, "gradient")
    said = " ".join(s.text for s in scene.said)
    assert f"each of the {ho * wo} positions" in said
    assert all(exact(counts[m]["total"]) in said for m in ("shared", "local", "dense"))


def test_each_rule_appears_as_it_is_said(rendered):
    scene, _ = rendered
    assert [m.mark for m in scene.marks_reached] == list(MARKS)
    assert all(m.late <= 0.5 for m in scene.marks_reached)
    assert scene.checkpoints[-1] == "all rules"


def test_nothing_cut_off_no_labels_overlapping_no_morphs(rendered):
    scene, _ = rendered
    assert_legible(scene)
    assert scene.morphs == []


@pytest.mark.parametrize("check", CHECKS)
def test_the_frame_instruments_find_nothing(report, check):
    assert report.samples >= len(MARKS)
    assert report.of(check) == [], report.summary(check)
