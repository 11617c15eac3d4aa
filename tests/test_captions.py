"""Every scene's captions: Manim's own subcaption file beside the video parses, is in order,
does not overlap and lies within the video; a beat lasts at least as long as its narration
(LectureScene.beat holds the beat until its voice has finished)."""
from pathlib import Path

import av
import pytest
import srt
from manim import FadeIn, Square, Wait, tempconfig

from scenes.base import Beat, LectureScene
from tests.scriptkit import SCRIPT_ENV, write_script

TINY = {"pixel_width": 160, "pixel_height": 90, "frame_rate": 10, "preview": False,
        "progress_bar": "none", "verbosity": "ERROR", "disable_caching": True}


class ThreeBeats(LectureScene):
    params_key = "test"
    beats = (Beat("first"), Beat("second"), Beat("third"))
    CHAPTER = "Three beats"
    WORDS = {"first": ("First", "A square appears."),   # narration longer than its animation
             "second": ("Second", "It waits."),         # narration shorter than its animation
             "third": ("Third", "The end.")}            # no animation: the beat is its narration

    def construct(self):
        self.beat("first")
        self.play(FadeIn(Square()), run_time=0.5)
        self.beat("second")
        self.play(Wait(3.0))
        self.beat("third")


@pytest.fixture
def script(tmp_path, monkeypatch):
    """The test scene's words, as the script the render reads."""
    monkeypatch.setenv(SCRIPT_ENV, str(write_script(tmp_path / "script.ftl", [ThreeBeats])))


def test_captions_are_in_order_do_not_overlap_and_fit_the_video(tmp_path, script):
    with tempconfig(dict(TINY, media_dir=str(tmp_path))):
        scene = ThreeBeats()
        scene.render()
    video = Path(scene.renderer.file_writer.movie_file_path)
    subs = list(srt.parse(video.with_suffix(".srt").read_text(encoding="utf-8")))
    with av.open(str(video)) as f:
        length = float(f.duration / av.time_base)
    assert [s.content for s in subs] == ["A square appears.", "It waits.", "The end."]
    starts = [s.start.total_seconds() for s in subs]
    ends = [s.end.total_seconds() for s in subs]
    assert starts == sorted(starts) and starts[0] == 0
    assert all(e > s for s, e in zip(starts, ends))
    assert all(ends[n] <= starts[n + 1] for n in range(len(subs) - 1)), "captions overlap"
    assert ends[0] > 0.5 + 0.3 and starts[1] >= ends[0], "the first beat held until its words were said"
    assert starts[2] >= starts[1] + 3.0, "the second beat lasts its animation"
    assert ends[-1] <= length + 0.05, "within the video"
    assert length >= ends[-1] + 0.3, "the last beat holds past its words (the pause)"
