"""Every scene's captions: Manim's own subcaption file beside the video parses, is in order,
does not overlap and lies within the video (LectureScene.beat cuts a caption at the next beat)."""
from pathlib import Path

import av
import srt
from manim import FadeIn, Square, Wait, tempconfig

from scenes.base import LectureScene

TINY = {"pixel_width": 160, "pixel_height": 90, "frame_rate": 10, "preview": False,
        "progress_bar": "none", "verbosity": "ERROR", "disable_caching": True}


class ThreeBeats(LectureScene):
    params_key = "test"

    def construct(self):
        self.beat("First", "A square appears.", duration=5)     # longer than its beat
        self.play(FadeIn(Square()), run_time=0.5)
        self.beat("Second", "It waits.", duration=0.3)          # shorter than its beat
        self.play(Wait(1.0))
        self.beat("Third", "The end.", duration=9)              # longer than the scene's rest
        self.wait(0.5)


def test_captions_are_in_order_do_not_overlap_and_fit_the_video(tmp_path):
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
    assert abs(ends[0] - 0.5) < 0.01, "cut at the next beat"
    assert abs(ends[1] - (starts[1] + 0.3)) < 0.01, "a short caption keeps its duration"
    assert ends[-1] <= length + 0.05, "within the video"
