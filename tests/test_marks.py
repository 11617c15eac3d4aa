"""Marks: what plays next starts as the voice reaches a ``<mark name="..."/>`` of the script."""
from __future__ import annotations

import pytest
from manim import Circle, FadeIn, Square

from scenes.base import Beat, LectureScene, said_at
from scenes.narration.captions import Cue
from scenes.narration.narrator import Clip
from scenes.narration.script import SCRIPT_ENV, strip_marks
from tests.scenekit import render

TEXT = "A first sentence, of a few words. Then the second one comes."
SCRIPT = """
MarkProbe = A probe
MarkProbe-probe =
    <mark name="first"/>A first sentence, <mark name="few"/>of a few words.
    <mark name="second"/>Then the second one comes.
    .title = Probe
"""


def clip():
    return Clip("b", TEXT, 6.0, [Cue(0.0, 3.5, "A first sentence, of a few words."),
                                Cue(3.5, 6.0, "Then the second one comes.")])


def test_a_sentence_is_said_when_its_cue_starts():
    assert said_at(clip(), TEXT.index("Then the second")) == 3.5
    assert said_at(clip(), 0) == 0.0


def test_a_mark_inside_a_cue_by_its_share_of_the_cue_s_characters():
    first = "A first sentence, of a few words."
    at = first.index("of a few")
    assert said_at(clip(), at) == pytest.approx(3.5 * at / len(first))


def test_the_marks_of_the_probe_are_where_their_words_begin():
    plain, marks = strip_marks(SCRIPT.split("MarkProbe-probe =")[1].split(".title")[0])
    assert plain == TEXT
    assert {k: plain[v:v + 8] for k, v in marks.items()} == {"first": "A first ", "few": "of a few",
                                                             "second": "Then the"}


class MarkProbe(LectureScene):
    params_key = "cs231n"
    beats = (Beat("probe", marks=("first", "few", "second")),)

    def construct(self):
        self.beat("probe")
        self.start = self._clock
        self.play(FadeIn(Square()), run_time=0.5)
        self.until_mark("second")
        self.at = self._clock
        self.checkpoint("second sentence")
        self.play(FadeIn(Circle()), run_time=0.5)
        self.until_mark("first")     # already said: nothing is held
        self.late = self._clock


@pytest.fixture
def probe_script(tmp_path, monkeypatch):
    path = tmp_path / "probe.ftl"
    path.write_text(SCRIPT, encoding="utf-8")
    monkeypatch.setenv(SCRIPT_ENV, str(path))
    return path


def test_a_scene_holds_until_the_mark_then_plays_on(tmp_path, probe_script):
    scene, _ = render(MarkProbe, tmp_path)
    cues = scene._beat_clip.cues
    assert [c.text for c in cues] == ["A first sentence, of a few words.", "Then the second one comes."]
    held = scene.at - scene.start
    assert cues[1].start > 0.5                                   # so there was something to hold
    assert held == pytest.approx(cues[1].start, abs=1.5 / 15)               # to the frame (15 fps)
    assert scene.late == pytest.approx(scene.at + 0.5)
    mid, _ = render(MarkProbe, tmp_path, upto="second sentence")
    shown = {type(m).__name__ for m in mid.mobjects}
    assert "Square" in shown and "Circle" not in shown            # the circle waits for its mark


class UndeclaredMark(MarkProbe):
    def construct(self):
        self.beat("probe")
        self.until_mark("third")


def test_waiting_for_a_mark_the_beat_does_not_declare_is_a_mistake(tmp_path, probe_script):
    with pytest.raises(TypeError, match="'third'"):
        render(UndeclaredMark, tmp_path)


class WrongValues(MarkProbe):
    def construct(self):
        self.beat("probe", size=3)


def test_a_beat_gets_exactly_its_declared_values(tmp_path, probe_script):
    with pytest.raises(TypeError, match="give exactly"):
        render(WrongValues, tmp_path)
