"""A narrated build, for real at -ql: two small scenes (test-only, standing in for the lecture's
4th and 5th) with the default synthetic voice, read back with the tools a user would: PyAV
for the streams, pyloudnorm (ITU-R BS.1770) for loudness, srt and webvtt-py for the captions,
pocketsphinx to hear what the voice says. Then a recording of known length replaces a beat,
a recording made for other words is not used, and bad recordings are refused with one line
before anything renders while the published files stay as they were.

The two scenes' words are theirs (``CHAPTER``, ``WORDS``: tests/scriptkit.py), in a copy of the
lecture's script (``LECTURE_SCRIPT``) where they stand in for the words of the lecture's two.
A recording is ``recordings/<language>/<NN>_<Scene>/<place>_<beat key>.<tag>.<format>``, the tag
standing for the words it was recorded for (``narrator.text_tag``).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import wave
from pathlib import Path

import av
import numpy as np
import pyloudnorm
import pytest
import srt
import webvtt

from scenes.lecture import lecture
from scenes.narration.narrator import recording_name
from scenes.narration.spoken import spoken
from tests.buildkit import load_module, run_build
from tests.scriptkit import SCRIPT_ENV, lecture_script

LECTURE = list(lecture())

ROOT = Path(__file__).resolve().parents[1]
# the two scenes' published names: their place in the lecture and their class
CS, CE = (f"{i:02d}_{s.__name__}" for i, s in enumerate(LECTURE, 1)
          if s.__name__ in ("DepthSlices", "ColouredEdges1D"))
FPS = 15

WEIGHTS = "The filter weight w0[1,2,0] is one of nine in a 3x3 filter; its bias is -1."
SLIDING = ("Slide the window one cell at a time: the same colours land on the input at every position,"
           " and one more output number appears.")
EDGES = "Every edge of one colour is one and the same weight."

SCENES = f'''
from manim import Create, FadeIn, Square, Circle
from scenes.base import Beat, LectureScene

class DepthSlices(LectureScene):
    params_key = "depth_slices"
    beats = (Beat("weights"), Beat("sliding-the-window"))
    CHAPTER = "Narrated one"
    WORDS = {{"weights": ("Weights", {WEIGHTS!r}), "sliding-the-window": ("Sliding the window", {SLIDING!r})}}

    def construct(self):
        self.beat("weights")
        self.play(FadeIn(Square()), run_time=0.5)
        self.beat("sliding-the-window")
        self.play(Create(Circle()), run_time=1)

class ColouredEdges1D(LectureScene):
    params_key = "edges_1d"
    beats = (Beat("edges"),)
    CHAPTER = "Narrated two"
    WORDS = {{"edges": ("Edges", {EDGES!r})}}

    def construct(self):
        self.beat("edges")
        self.play(Create(Square()), run_time=0.5)
'''


def build(d: Path, *args):
    """The build (its ``main``, in this process: tests/buildkit.py) of the two narrated scenes
    of ``d/narrated.py`` in place of the lecture's, with their words (``d/script.ftl``), ``d``'s
    recordings and voice cache."""
    m = load_module(d / "narrated.py")
    lecture = [getattr(m, s.__name__, s) for s in LECTURE]
    env = {"LECTURE_RECORDINGS": str(d / "recordings"), "LECTURE_VOICE_CACHE": str(d / "voice"),
           SCRIPT_ENV: str(lecture_script(d / "script.ftl", [m.DepthSlices, m.ColouredEdges1D]))}
    return run_build(["--quality", "l", "--media-dir", str(d / "media"), "--scenes", "DepthSlices",
                      "ColouredEdges1D", *args], lecture=lecture, env=env)


def recording(d: Path, scene: str, place: int, key: str, text: str, ext: str = "wav") -> Path:
    """Where the recording of a beat saying ``text`` goes (as script.md gives it)."""
    return d / "recordings" / "en" / scene / f"{recording_name(place, key, 1, text)}.{ext}"


@pytest.fixture(scope="module")
def first(tmp_path_factory):
    d = tmp_path_factory.mktemp("narrated")
    (d / "narrated.py").write_text(SCENES)
    proc = build(d)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return d, proc


@pytest.fixture(scope="module")
def out(first):
    return first[0] / "media" / "drafts" / "ql-lecture"   # a -ql build of two scenes is a draft


def snapshot(directory: Path) -> dict:
    return {str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.rglob("*")) if p.is_file()}


def audio_of(path: Path) -> tuple[np.ndarray, int]:
    """The first audio stream, as float samples (n, channels), and its rate."""
    with av.open(str(path)) as c:
        a = c.streams.audio[0]
        frames = [f.to_ndarray() for f in c.decode(a)]
        rate = a.rate
    x = np.concatenate(frames, axis=1)   # planar: (channels, n)
    return x.T.astype(np.float64), rate


MP4S = [f"{CS}.mp4", f"{CE}.mp4", "lecture.mp4"]


# ---- captions -----------------------------------------------------------------------------------

def cues_of(out: Path, name: str):
    subs = list(srt.parse((out / f"{name}.srt").read_text(encoding="utf-8")))
    s = [(x.start.total_seconds(), x.end.total_seconds(), x.content.split("\n")) for x in subs]
    secs = lambda t: sum(float(x) * m for x, m in zip(reversed(t.split(":")), (1, 60, 3600)))
    v = [(secs(c.start), secs(c.end), c.lines) for c in webvtt.read(str(out / f"{name}.vtt"))]
    return s, v


@pytest.mark.parametrize("name", ["lecture", f"{CS}", f"{CE}"])
def test_captions_readable(out, name):
    s, v = cues_of(out, name)
    assert len(s) >= 3 if name != CE else len(s) >= 1
    assert [(round(a, 2), round(b, 2), l) for a, b, l in s] == [(round(a, 2), round(b, 2), l) for a, b, l in v]
    for (a, b, lines), nxt in zip(s, s[1:] + [None]):
        chars = len(" ".join(lines))
        assert 1 <= len(lines) <= 2 and all(len(l) <= 42 for l in lines), lines
        assert 1.0 - 1e-3 <= b - a <= 7.0 + 1e-3, (a, b, lines)
        assert chars / (b - a) <= 17.0 + 0.05, (chars / (b - a), lines)
        if nxt:
            assert b <= nxt[0] + 1e-3, "overlap"


def test_captions_hold_every_word_of_the_narration(out):
    s, _ = cues_of(out, "lecture")
    words = " ".join(" ".join(l) for _, _, l in s).split()
    assert words[:5] == "The filter weight w0[1,2,0] is".split()
    assert words[-4:] == "one and the same weight.".split()[-4:]


# ---- audio -------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", MP4S)
def test_audio_is_aac_lc_48k_at_minus_16_lufs(out, name):
    with av.open(str(out / name)) as c:
        assert [s.type for s in c.streams] == ["video", "audio"]
        a, v = c.streams.audio[0], c.streams.video[0]
        assert a.codec_context.name == "aac" and a.codec_context.profile == "LC" and a.rate == 48000
        assert v.codec_context.name == "h264"
        v_len = float(v.duration * v.time_base)
    x, rate = audio_of(out / name)
    assert abs(len(x) / rate - v_len) < 0.05, "audio as long as the video"
    lufs = pyloudnorm.Meter(rate).integrated_loudness(x)
    peak = 20 * np.log10(np.abs(x).max())
    assert lufs == pytest.approx(-16, abs=1.5) and peak < -1.0, (lufs, peak)


def test_no_clicks_at_beat_and_scene_joins(first, out):
    """At every beat's first frame and at the join of the two scenes the voice is silent (clips
    fade in and out and end before their beat does): nothing to click, no word cut off."""
    media = first[0] / "media"
    x, rate = audio_of(out / "lecture.mp4")
    with av.open(str(out / f"{CS}.mp4")) as c:
        v = c.streams.video[0]
        join = float(v.duration * v.time_base)
    joins = [section(media, name)[0] for name in ("Weights", "Sliding the window")] + [join, join + 0.0]
    for t in joins:
        window = x[max(0, int((t - 0.01) * rate)): int((t + 0.003) * rate), 0]
        assert np.abs(window).max() < 0.01, (t, np.abs(window).max())


def test_lecture_audio_is_the_scenes_audio_in_place(out):
    """The joined lecture's voice is each scene's voice at that scene's first frame, within half
    an AAC frame (10.7 ms, under a frame at 60 fps: each scene's voice is one piece, placed on a
    whole frame), in sync from the first scene to the last (no shift adds up)."""
    whole, rate = audio_of(out / "lecture.mp4")
    start = 0
    for name in MP4S[:2]:
        part, _ = audio_of(out / name)
        n = min(len(part), len(whole) - start) - 4096
        b = part[2048:n, 0]
        a = whole[start + 2048 - 640: start + n + 640, 0]
        scores = np.correlate(a[:rate * 2 + 1280], b[:rate * 2], "valid")      # lags -640 .. +640
        lag = int(np.argmax(scores)) - 640
        assert abs(lag) <= 512, lag
        assert np.corrcoef(a[640 + lag: 640 + lag + len(b)], b)[0, 1] > 0.95
        with av.open(str(out / name)) as c:
            v = c.streams.video[0]
            start += round(float(v.duration * v.time_base) * rate)


# ---- the voice says each caption's words at that caption's time --------------------------------

def heard(x: np.ndarray, rate: int, decoder) -> list[str]:
    from scipy.signal import resample_poly

    pcm = (np.clip(resample_poly(x, 16000, rate), -1, 1) * 32767).astype("<i2").tobytes()
    decoder.start_utt()
    decoder.process_raw(pcm, full_utt=True)
    decoder.end_utt()
    return words(decoder.hyp().hypstr if decoder.hyp() else "")


def words(text: str) -> list[str]:
    return re.findall(r"[a-z']+", text.lower().replace("colour", "color"))


def overlap(said: list[str], got: list[str]) -> float:
    return sum(w in got for w in set(said)) / max(1, len(set(said)))


# Measured on this scene (pocketsphinx 5.1.1, its English model, hibari "heart"): each cue's own
# audio gives 0.50-1.0 of its words (mean 0.69); the next cue's audio 0.08-0.25 (mean 0.17).
OWN_MIN, OWN_MEAN, MARGIN = 0.4, 0.55, 0.3


def test_voice_says_each_captions_words_at_its_time(out):
    from pocketsphinx import Decoder

    decoder = Decoder(samprate=16000, logfn=os.devnull)
    x, rate = audio_of(out / f"{CS}.mp4")
    x = x[:, 0]
    s, _ = cues_of(out, f"{CS}")
    said = [words(spoken(" ".join(lines))) for _, _, lines in s]
    got = [heard(x[int(a * rate): int(b * rate)], rate, decoder) for a, b, _ in s]
    own = [overlap(w, g) for w, g in zip(said, got)]
    other = [overlap(said[i], got[(i + 1) % len(got)]) for i in range(len(got))]
    assert min(own) >= OWN_MIN and np.mean(own) >= OWN_MEAN, list(zip(own, said, got))
    assert np.mean(own) - np.mean(other) >= MARGIN, (own, other)


# ---- the script, re-runs, recordings -----------------------------------------------------------

def test_script_lists_every_beat_with_its_file(first, out):
    d, _ = first
    text = (out / "script.md").read_text(encoding="utf-8")
    for f in (recording(d, CS, 1, "weights", WEIGHTS), recording(d, CS, 2, "sliding-the-window", SLIDING),
              recording(d, CE, 1, "edges", EDGES)):
        assert f"`{f}` (to record" in text
    assert text.index("Narrated one") < text.index("w0[1,2,0]") < text.index("Narrated two")


def test_with_no_recording_the_build_lists_the_beats_still_to_record(first):
    d, proc = first
    notes = [l.strip() for l in proc.stdout.splitlines() if "still to record" in l]
    assert notes == [
        f"narration: DepthSlices: 0 of 2 beats recorded; still to record: "
        f"{recording(d, CS, 1, 'weights', WEIGHTS)}, {recording(d, CS, 2, 'sliding-the-window', SLIDING)}",
        f"narration: ColouredEdges1D: 0 of 1 beats recorded; still to record: {recording(d, CE, 1, 'edges', EDGES)}"], proc.stdout


def test_unchanged_text_renders_nothing(first, out):
    d, _ = first
    before = snapshot(out)
    proc = build(d)
    assert proc.returncode == 0, proc.stderr
    lines = [l for l in proc.stdout.splitlines() if l.startswith("[")]
    assert all("unchanged" in l and "inputs unchanged" in l for l in lines), lines
    assert snapshot(out) == before


def section(media: Path, name: str) -> tuple[float, float]:
    """Start and length (seconds) of a section of the tiny DepthSlices, from its frame counts."""
    secs = json.loads(next(media.glob("videos/**/sections/DepthSlices.json")).read_text())
    start = 0
    for s in secs:
        if s["name"] == name:
            return start / FPS, int(s["nb_frames"]) / FPS
        start += int(s["nb_frames"])
    raise KeyError(name)


def tone(path: Path, seconds: float, rate=22050, hz=440):
    path.parent.mkdir(parents=True, exist_ok=True)
    t = np.arange(int(seconds * rate)) / rate
    pcm = (0.2 * np.sin(2 * np.pi * hz * t) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(2), w.setsampwidth(2), w.setframerate(rate)
        w.writeframes(np.repeat(pcm, 2).tobytes())


def test_a_recording_made_for_other_words_is_not_used(first, out):
    """The reported case: a beat recorded for a parameter file whose text said 'thirty-six
    positions'. Here: a file whose tag is of other words than the beat's. It is not used, the
    build says which beat and that the recording is stale, script.md says the beat is to record."""
    d, _ = first
    media = d / "media"
    start0, len0 = section(media, "Sliding the window")
    stale = recording(d, CS, 2, "sliding-the-window", SLIDING.replace("one more output number appears",
                                                                      "thirty-six positions fill the output"))
    tone(stale, 9.0)
    try:
        proc = build(d)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        said = [l.strip() for l in proc.stdout.splitlines() if str(stale) in l]
        assert len(said) == 1, proc.stdout
        assert said[0].startswith(f"narration: {stale}: recorded for other words than beat 'Sliding the window'"
                                  f" of DepthSlices now says; not used"), said
        assert recording(d, CS, 2, "sliding-the-window", SLIDING).stem in said[0]   # what to record instead
        text = (out / "script.md").read_text(encoding="utf-8")
        assert f"`{recording(d, CS, 2, 'sliding-the-window', SLIDING)}` (to record" in text
        assert str(stale) not in text
        assert section(media, "Sliding the window") == (start0, len0)   # the beat did not grow to the 9 s
    finally:
        stale.unlink()


def test_a_recording_replaces_a_beat_which_grows_to_fit_it(first, out):
    d, _ = first
    media = d / "media"
    start0, len0 = section(media, "Sliding the window")
    rec = recording(d, CS, 2, "sliding-the-window", SLIDING)
    tone(rec, 9.0)
    assert len0 < 9.0   # the synthetic voice was shorter: the beat must grow
    other = snapshot(out)
    proc = build(d)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = [l for l in proc.stdout.splitlines() if l.startswith("[")]
    assert "rendered in" in lines[0] and "unchanged" in lines[1], lines   # only its scene re-renders
    assert f"1 of 2 beats recorded; still to record: {recording(d, CS, 1, 'weights', WEIGHTS)}" in proc.stdout
    assert f"`{rec}` (recorded" in (out / "script.md").read_text(encoding="utf-8")
    start, length = section(media, "Sliding the window")
    assert start == pytest.approx(start0, abs=1e-6)
    assert 9.0 + 0.4 <= length <= 9.0 + 0.4 + 2 / FPS, length       # the recording plus the pause
    after = snapshot(out)
    assert after[f"{CE}.mp4"] == other[f"{CE}.mp4"]
    # the beat's captions are spread over the recording
    s, _ = cues_of(out, f"{CS}")
    mine = [c for c in s if c[0] >= start - 1e-3]
    lead = 0.1   # narration_media.LEAD: a breath before each beat's voice
    assert mine[0][0] == pytest.approx(start + lead, abs=0.05)
    assert mine[-1][1] == pytest.approx(start + lead + 9.0, abs=0.1)
    # and the voice there is the recording: a 440 Hz tone
    x, rate = audio_of(out / f"{CS}.mp4")
    seg = x[int((start + 1) * rate): int((start + 8) * rate), 0]
    freqs = np.fft.rfftfreq(len(seg), 1 / rate)
    assert abs(freqs[np.argmax(np.abs(np.fft.rfft(seg)))] - 440) < 2
    # unchanged recording: nothing re-renders
    proc = build(d)
    assert all("unchanged" in l for l in proc.stdout.splitlines() if l.startswith("[")), proc.stdout


@pytest.mark.parametrize("filename, content, says", [
    (recording_name(2, "sliding-the-window", 1, SLIDING) + ".wav", b"RIFF\x00\x00\x00\x00WAVEjunk" * 40,
     "cannot read it as audio: invalid data found when processing input"),
    ("07_no-such-beat.abcdef.wav", None, "names no beat of DepthSlices (its beats: weights, sliding-the-window)"),
    ("02_sliding-the-window.wav", None, "not a recording's name (<NN>_<beat>.<tag>.<format>"),
])
def test_bad_recording_refused_before_rendering_with_one_line_published_files_kept(first, out, filename, content, says):
    """One clean line (the path whole, no errno, 'error:' once), exit status 2, before anything
    renders; the published files and the build's records as they were."""
    d, _ = first
    folder = d / "recordings" / "en" / f"{CS}"
    path = folder / filename
    saved = {p: p.read_bytes() for p in folder.glob("*")} if folder.exists() else {}
    if content is None:
        tone(path, 1.0)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    before, records = snapshot(out), snapshot(d / "media" / "build" / "ql-lecture")
    try:
        proc = build(d)
        assert proc.returncode == 2, proc.stdout + proc.stderr
        assert proc.stdout == ""   # nothing rendered, not even started
        assert proc.stderr.startswith(f"error: {path}: {says}"), proc.stderr
        assert proc.stderr.count("\n") == 1 and proc.stderr.count("error:") == 1, proc.stderr
        assert "Errno" not in proc.stderr
        assert snapshot(out) == before and snapshot(d / "media" / "build" / "ql-lecture") == records
    finally:
        for p in folder.glob("*"):
            p.unlink()
        for p, data in saved.items():
            p.write_bytes(data)
