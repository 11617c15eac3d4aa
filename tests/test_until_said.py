"""``LectureScene.until_said``: what plays next starts as the voice comes to its words."""
from __future__ import annotations

import pytest
from manim import Circle, FadeIn, Square

from scenes.base import LectureScene, said_at
from scenes.narration.captions import Cue
from scenes.narration.narrator import Clip
from tests.scenekit import render

TEXT = "A first sentence, of a few words. Then the second one comes."


def clip():
    return Clip("b", TEXT, 6.0, [Cue(0.0, 3.5, "A first sentence, of a few words."),
                                Cue(3.5, 6.0, "Then the second one comes.")])


def test_a_sentence_is_said_when_its_cue_starts():
    assert said_at(clip(), "Then the second") == 3.5
    assert said_at(clip(), "A first") == 0.0


def test_words_inside_a_cue_by_their_share_of_its_characters():
    first = "A first sentence, of a few words."
    at = first.index("of a few")
    assert said_at(clip(), "of a few") == pytest.approx(3.5 * at / len(first))
    assert said_at(clip(), "second   one") == pytest.approx(3.5 + 2.5 * 9 / 26)   # spaces as in the text


def test_words_not_in_the_narration_are_a_mistake_named_in_one_line():
    with pytest.raises(ValueError, match="'the third' is not in its narration"):
        said_at(clip(), "the third")


class UntilSaidProbe(LectureScene):
    params_key = "cs231n"

    def construct(self):
        self.beat("Probe", TEXT)
        self.start = self._clock
        self.play(FadeIn(Square()), run_time=0.5)
        self.until_said("Then the second")
        self.at = self._clock
        self.checkpoint("second sentence")
        self.play(FadeIn(Circle()), run_time=0.5)
        self.until_said("A first")     # already said: nothing is held
        self.late = self._clock


def test_a_scene_holds_until_the_words_then_plays_on(tmp_path):
    scene, _ = render(UntilSaidProbe, tmp_path)
    cues = scene._beat_clip.cues
    assert [c.text for c in cues] == ["A first sentence, of a few words.", "Then the second one comes."]
    held = scene.at - scene.start
    assert cues[1].start > 0.5                                   # so there was something to hold
    assert held == pytest.approx(cues[1].start, abs=1.5 / 15)               # to the frame (15 fps)
    assert scene.late == pytest.approx(scene.at + 0.5)
    mid, _ = render(UntilSaidProbe, tmp_path, upto="second sentence")
    shown = {type(m).__name__ for m in mid.mobjects}
    assert "Square" in shown and "Circle" not in shown            # the circle waits for its words
