"""Pause and predict (issue #27, part 1): ``LectureScene.pause_and_predict`` on a tiny scene.

The question is said, a countdown of whole seconds runs (a ring that empties, the seconds left
in its middle) as a declared silence (``scene.pauses``, a caption cue), then the answer's beat
reveals the answer. The "no voiceless hold" checks exempt exactly the declared pause: an
undeclared silence is still caught, in a scene and in a built video's audio. As slides, the
question and the answer are two slides. The lecture's three questions are tested with their
scenes (tests/test_scene_sliding_filter.py, _depth_slices.py, _gradient.py)."""
from __future__ import annotations

import json
from fractions import Fraction

import numpy as np
import pytest
from manim import BLUE, RED, Circle, FadeIn, Square

from scenes.base import COUNTDOWN_FADE, PAUSE_CAPTION, Beat, LectureScene
from scenes.narration.captions import Cue, to_srt
from scenes.visual.countdown import Countdown
from scenes.visual.mobjects import label
from tests.framecheck import declared_pauses, voiceless_holds, voiceless_holds_in_audio, voiceless_holds_in_video
from tests.scenekit import near, render
from tests.scriptkit import SCRIPT_ENV, write_script

QUESTION = "Which shape comes next? Pause the video and work it out."
ANSWER = "A blue circle."


class Predict(LectureScene):
    params_key = "sliding_filter"
    beats = (Beat("intro"), Beat("question"), Beat("answer"), Beat("outro"))
    CHAPTER = "Predict"
    WORDS = {"intro": ("Intro", "A red square, to start with."),
             "question": ("Question", QUESTION),
             "answer": ("Answer", ANSWER),
             "outro": ("Outro", "That was the answer.")}
    silence = 0.0      # an undeclared silence after the answer (a test's sabotage)

    def construct(self):
        self.beat("intro")
        self.play(FadeIn(Square(1.5, color=RED, fill_opacity=1).shift([-3, 0, 0])), run_time=0.5)

        def ask():
            self.asked = label("?", 48).shift([3, 1, 0])
            self.play(FadeIn(self.asked), run_time=0.5)

        def reveal():
            self.circle = Circle(0.8, color=BLUE, fill_opacity=1).shift([3, 0, 0])
            self.play(FadeIn(self.circle), run_time=0.5)

        self.pause_and_predict(("question", {}), ("answer", {}), ask=ask, reveal=reveal,
                               countdown_box=(-1, 1, -1.5, -3.5))
        if self.silence:
            self.wait(self.silence)
        self.beat("outro")


class Silent(Predict):
    silence = 3.0


@pytest.fixture(autouse=True)
def script(tmp_path_factory, monkeypatch):
    path = write_script(tmp_path_factory.mktemp("script") / "predict.ftl", [Predict])
    monkeypatch.setenv(SCRIPT_ENV, str(path))
    return path


def counting(scene, frame, seen):
    c = scene.countdown
    seen.append((c.left, c.number.text, round(c.share_left(), 3), c.number.get_fill_opacity()))
    assert near(scene, frame, c.track.get_top(), "#FFD54A", 60), "the ring's top is lit while time is left"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    seen = []
    path = write_script(tmp_path_factory.mktemp("s") / "predict.ftl", [Predict])
    mp = pytest.MonkeyPatch()
    mp.setenv(SCRIPT_ENV, str(path))
    try:
        scene, frame = render(Predict, tmp_path_factory.mktemp("predict"),
                              looks={f"countdown {n}": lambda s, f: counting(s, f, seen) for n in range(5, 0, -1)})
    finally:
        mp.undo()
    return scene, frame, seen


def test_the_countdown_counts_whole_seconds_down(rendered):
    """At each whole second the digit says the seconds left and the ring shows that share."""
    _, _, seen = rendered
    assert [(left, text) for left, text, _, _ in seen] == [(n, str(n)) for n in range(5, 0, -1)]
    assert [share for _, _, share, _ in seen] == [pytest.approx(n / 5, abs=0.01) for n in range(5, 0, -1)]
    assert all(opacity > 0.99 for *_, opacity in seen)


def test_mid_second_the_ring_empties_and_the_digit_stays(tmp_path):
    mid, _ = render(Predict, tmp_path, upto="countdown 3", midway=0.5)
    assert mid.countdown.number.text == "3"
    assert mid.countdown.share_left() == pytest.approx(2.5 / 5, abs=0.02)
    assert mid.morphs == []   # the digit is swapped, never morphed


def test_the_pause_is_declared_and_captioned(rendered):
    scene, _, _ = rendered
    (pause,) = scene.pauses
    assert pause.beat == "question" and pause.end - pause.start == pytest.approx(5 + 2 * COUNTDOWN_FADE)
    question = [s for s in scene.said if s.beat == "question"]
    answer = [s for s in scene.said if s.beat == "answer"]
    assert question[-1].end <= pause.start <= question[-1].end + 1.0   # after the question is said
    assert pause.end <= answer[0].start                                 # before the answer
    # the question's beat carries the pause as a caption cue (the build's captions are these cues)
    clip = next(c for c in scene.narrator.clips if c.name == "Question")
    cue = clip.cues[-1]
    assert cue.text == PAUSE_CAPTION == "[pause: work it out]"
    beat_start = question[0].start - clip.cues[0].start
    assert beat_start + cue.start == pytest.approx(pause.start) and beat_start + cue.end == pytest.approx(pause.end)
    subs = [s for s in scene.renderer.file_writer.subcaptions if s.content == PAUSE_CAPTION]
    assert len(subs) == 1 and subs[0].start.total_seconds() == pytest.approx(pause.start, abs=0.1)


def test_the_answer_comes_after_the_countdown_in_its_own_beat(rendered):
    scene, frame, _ = rendered
    assert scene.checkpoints.index("question asked") < scene.checkpoints.index("countdown 1") \
        < scene.checkpoints.index("answer shown")
    assert scene.countdown not in scene.mobjects   # gone once the time is up
    assert near(scene, frame, scene.circle.get_center(), "#58C4DD", 40)


def test_the_hold_check_exempts_exactly_the_declared_pause(rendered, tmp_path):
    scene, _, _ = rendered
    assert voiceless_holds(scene) == []
    pause = scene.pauses[0]
    scene.pauses.clear()      # undeclared, the same silence is a hold
    try:
        holds = voiceless_holds(scene)
    finally:
        scene.pauses.append(pause)
    assert len(holds) == 1 and holds[0][0] < pause.start and holds[0][1] >= pause.end
    silent, _ = render(Silent, tmp_path)      # a silence of its own, after the answer: still caught
    (hold,) = voiceless_holds(silent)
    assert hold[0] > silent.pauses[0].end and hold[1] - hold[0] > 1.5


# ---- a built video's audio ----------------------------------------------------------------------

RATE = 48_000


def voice(seconds: float) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    return (0.3 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)


def track():
    """2 s of voice, 6 s of silence, 2 s of voice, 3 s of silence, 1 s of voice."""
    return np.concatenate([voice(2), np.zeros(6 * RATE, np.float32), voice(2), np.zeros(3 * RATE, np.float32),
                           voice(1)])


def test_the_audio_check_exempts_the_declared_pause_and_no_more():
    audio = track()
    assert [round(a, 1) for a, _ in voiceless_holds_in_audio(audio, RATE)] == [2.0, 10.0]
    exempt = voiceless_holds_in_audio(audio, RATE, pauses=[(2.3, 7.8)])
    assert [(round(a, 1), round(b, 1)) for a, b in exempt] == [(10.0, 13.0)]   # the other silence stays
    short = voiceless_holds_in_audio(audio, RATE, pauses=[(4.0, 7.8)])   # 2 s of it undeclared
    assert [(round(a, 1), round(b, 1)) for a, b in short] == [(2.0, 4.0), (10.0, 13.0)]


def write_audio_video(path, audio):
    import av

    with av.open(str(path), "w", format="mp4") as out:
        stream = out.add_stream("aac", rate=RATE, layout="mono")
        for k in range(0, len(audio), 1024):
            frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(audio[None, k:k + 1024]), format="fltp",
                                               layout="mono")
            frame.sample_rate, frame.pts, frame.time_base = RATE, k, Fraction(1, RATE)
            for p in stream.encode(frame):
                out.mux(p)
        for p in stream.encode(None):
            out.mux(p)


def test_a_built_video_s_pauses_are_read_from_its_captions(tmp_path):
    video = tmp_path / "lecture.mp4"
    write_audio_video(video, track())
    assert len(voiceless_holds_in_video(video)) == 2       # no captions: both silences are holds
    (tmp_path / "lecture.srt").write_text(to_srt([Cue(0.1, 1.9, "Which shape comes next?"),
                                                   Cue(2.3, 7.8, PAUSE_CAPTION),
                                                   Cue(8.1, 9.9, "A blue circle.")]), encoding="utf-8")
    assert declared_pauses(tmp_path / "lecture.srt") == [(2.3, 7.8)]
    holds = voiceless_holds_in_video(video)
    assert len(holds) == 1 and holds[0][0] > 9.5           # the undeclared one is still caught


def test_the_spanish_pause_caption_counts_too(tmp_path):
    from scenes import i18n
    from tests.framecheck import pause_captions

    spanish = i18n.translations("es").gettext(PAUSE_CAPTION)
    assert spanish in pause_captions()
    (tmp_path / "x.srt").write_text(to_srt([Cue(1.0, 6.0, spanish)]), encoding="utf-8")
    assert declared_pauses(tmp_path / "x.srt") == [(1.0, 6.0)]


def test_the_countdown_alone():
    c = Countdown(4)
    assert c.number.text == "4" and c.share_left() == pytest.approx(1.0)
    c.ring.become(c.ring_at(1))
    c.show(1)
    assert c.number.text == "1" and c.share_left() == pytest.approx(0.25, abs=0.01)
    assert np.allclose(c.number.get_center(), c.track.get_center())
    with pytest.raises(ValueError):
        c.show(5)


# ---- slides: the question and the answer are two slides --------------------------------------------

def test_as_slides_the_question_and_the_answer_are_two_slides(tmp_path, script):
    """Rendered as slides (-ql, manim-slides through scenes.slides): one slide per beat, so the
    question (with its countdown) stops on its own slide and the answer comes with the next key;
    the question slide's last frame does not show the answer, the answer slide's does."""
    import av

    from scenes.slides import render_slides

    config = json.loads(render_slides(Predict, "l", tmp_path / "slides", tmp_path / "media").read_text())
    slides = config["slides"]
    assert len(slides) == 4
    notes = [s["notes"] for s in slides]
    assert "Pause the video and work it out." in notes[1] and ANSWER not in notes[1]
    assert ANSWER in notes[2]

    def last(video):
        with av.open(str(video)) as c:
            *_, frame = c.decode(video=0)
            return frame.to_ndarray(format="rgb24")

    def blue_at_circle(rgb):   # where the answer's circle is drawn: (3, 0) of the 14.2 x 8 frame
        h, w = rgb.shape[:2]
        r, c = int(h / 2), int((3 + 14.222 / 2) / 14.222 * w)
        return bool(np.abs(rgb[r, c].astype(int) - [0x58, 0xC4, 0xDD]).max() < 40)

    assert not blue_at_circle(last(slides[1]["file"]))
    assert blue_at_circle(last(slides[2]["file"]))


def test_the_build_s_captions_carry_the_pause(rendered):
    """The build lays each beat's clip cues at its section's first frame
    (toolchain.narration_media.scene_track): the pause caption comes out where the pause is."""
    from toolchain.narration_media import LEAD, scene_track

    scene, _, _ = rendered
    plan = {"beats": [c.as_dict() for c in scene.narrator.clips]}
    starts = []
    for clip, key in zip(scene.narrator.clips, ("intro", "question", "answer", "outro")):
        first = next(s for s in scene.said if s.beat == key)
        starts.append((clip.name, first.start - clip.cues[0].start))
    fps, length = 15, scene.renderer.time
    ends = [s for _, s in starts[1:]] + [length]
    sections = [{"name": name, "nb_frames": round(end * fps) - round(start * fps), "avg_frame_rate": "15"}
                for (name, start), end in zip(starts, ends)]
    _, cues = scene_track(plan, sections, length)
    (cue,) = [c for c in cues if c.text == PAUSE_CAPTION]
    pause = scene.pauses[0]
    assert cue.start == pytest.approx(pause.start + LEAD, abs=0.1) and cue.end == pytest.approx(pause.end + LEAD, abs=0.1)
