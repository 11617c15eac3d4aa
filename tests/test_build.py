"""The lecture build (``make video`` = ``python -m toolchain.build``), run for real at -ql on two
quick scenes into a temporary media dir, its files read back with PyAV. Two scenes at -ql are
a draft: they go to ``<media>/drafts/ql-lecture/`` (tests/test_build_safety.py: the publication).
The build's ``main`` runs in the test's process (``buildkit.run_build``), except where the
command itself is the point (a build interrupted by a signal).

The build runs once per module (about 25 s on 2 cores); every later run reuses Manim's cache.
"""
from __future__ import annotations

import hashlib
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import av
import numpy as np
import pytest
import srt
from PIL import Image


from toolchain import media_files as mf
from scenes.lecture import lecture
from scenes.narration import script as S
from tests.buildkit import load_module, run_build
from tests.scriptkit import SCRIPT_ENV, lecture_script

LECTURE = list(lecture())

ROOT = Path(__file__).resolve().parents[1]
# the lecture's first and last scenes (both quick to render): the draft opens as the lecture does
FIRST, SECOND = "TheQuestion", "Recap"
ANSWER_BY = 45   # seconds: the answer is said by then (issue #24), read from the built captions
SCENES = [FIRST, SECOND]  # in lecture order
STEMS = {s.__name__: f"{i:02d}_{s.__name__}" for i, s in enumerate(LECTURE, 1)}
_ENGLISH = S.Script("en", S.SCRIPT_DIR / "en.ftl")
TITLES = {s.__name__: _ENGLISH.chapter(s.__name__) for s in LECTURE}
FPS = 15  # -ql
DRAFT = Path("drafts") / "ql-lecture"  # where a -ql build of some scenes of lecture.toml goes


def build(media: Path, *args, lecture_override: str | None = None, replaced: str = "ColouredEdges1D",
          env=None):
    """Run the build as ``make video`` does (its ``main``, in this process: tests/buildkit.py);
    ``lecture_override`` (a test-only scene file) replaces the scene ``replaced`` in the lecture
    list by its class of that name (its words: its own, in a copy of the lecture's script, if it
    declares beats of its own; else the lecture's)."""
    lecture = None
    if lecture_override is not None:
        override = getattr(load_module(Path(lecture_override)), replaced)
        lecture = [override if s.__name__ == replaced else s for s in LECTURE]
        if "WORDS" in vars(override):
            script = lecture_script(Path(lecture_override).with_suffix(".ftl"), [override])
            env = {SCRIPT_ENV: str(script), **(env or {})}
    return run_build(["--quality", "l", "--media-dir", str(media), *args], lecture=lecture, env=env)


def snapshot(directory: Path) -> dict:
    """Name -> sha256 of every file in ``directory`` and below (hidden ones too)."""
    return {str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.rglob("*")) if p.is_file()}


def top_level_boxes(path: Path) -> list[str]:
    """The kinds of an MP4's top-level boxes, in file order (read here, not with the code under test)."""
    kinds = []
    with open(path, "rb") as f:
        size_total = path.stat().st_size
        pos = 0
        while pos + 8 <= size_total:
            f.seek(pos)
            head = f.read(8)
            size, kind = int.from_bytes(head[:4], "big"), head[4:].decode("latin-1")
            if size == 1:
                size = int.from_bytes(f.read(8), "big")
            elif size == 0:
                size = size_total - pos
            assert size >= 8, (path, kind, size)
            kinds.append(kind)
            pos += size
        assert pos == size_total, f"{path}: boxes do not tile the file"
    return kinds


def video_info(path: Path) -> dict:
    with av.open(str(path)) as c:
        v = c.streams.video[0]
        packets = [p for p in c.demux(v) if p.dts is not None]
        start = min(p.pts for p in packets)
        end = max(p.pts + p.duration for p in packets)
        dts = [p.dts for p in packets]
        return {"codec": v.codec_context.name, "pix_fmt": v.codec_context.pix_fmt,
                "width": v.codec_context.width, "height": v.codec_context.height,
                "rate": float(v.guessed_rate or v.average_rate), "frames": len(packets),
                "duration": float((end - start) * v.time_base),
                "dts_increasing": all(a < b for a, b in zip(dts, dts[1:])),
                "audio": len(c.streams.audio)}


def read_chapters(path: Path) -> list[tuple[int, str]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.fullmatch(r"(?:(\d+):)?(\d{1,2}):(\d\d) (.+)", line)
        assert m, f"not a chapter line: {line!r}"
        h, mnt, s, title = m.groups()
        out.append((int(h or 0) * 3600 + int(mnt) * 60 + int(s), title))
    return out


@pytest.fixture(scope="module")
def first(tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    proc = build(media, "--scenes", *SCENES)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return media, proc


@pytest.fixture(scope="module")
def out(first):
    return first[0] / DRAFT


# ---- the first run ----------------------------------------------------------------------------

def test_first_run_reports_every_scene_in_lecture_order(first):
    _, proc = first
    lines = [l for l in proc.stdout.splitlines() if l.startswith("[")]
    assert len(lines) == 2
    assert lines[0].startswith(f"[1/2] {FIRST} ... ") and lines[1].startswith(f"[2/2] {SECOND} ... ")
    for line in lines:
        assert re.search(r"rendered in \d+ s \(\d+ of \d+ animations from cache\)", line), line
    assert f"2 of {len(LECTURE)} scenes" in proc.stdout  # the lecture: the scenes published so far
    assert f"into {first[0] / DRAFT} (a draft)" in proc.stdout
    assert not (first[0] / "lecture").exists()  # a draft never touches the publication


def test_publishes_exactly_the_expected_files(out):
    names = {p.name for p in out.iterdir()}
    expected = {"lecture.mp4", "lecture.srt", "lecture.vtt", "chapters.txt", "script.md"}
    for cls in SCENES:
        expected |= {STEMS[cls] + ext for ext in (".mp4", ".srt", ".vtt", ".png", ".gif")}
    assert names == expected  # no .wav, no temporary files, nothing else


@pytest.mark.parametrize("name", [f"{STEMS[c]}.mp4" for c in SCENES] + ["lecture.mp4"])
def test_videos_are_web_ready(out, name):
    info = video_info(out / name)
    assert info["codec"] == "h264" and info["pix_fmt"] == "yuv420p"
    assert info["rate"] == pytest.approx(FPS, abs=0.05)
    assert info["width"] / info["height"] == pytest.approx(16 / 9, rel=0.01)
    assert info["height"] == 480
    assert info["dts_increasing"]
    assert info["duration"] > 5
    boxes = top_level_boxes(out / name)
    assert boxes.index("moov") < boxes.index("mdat"), boxes  # faststart


def test_scene_videos_are_manims_frames_remuxed(first, out):
    media, _ = first
    for cls in SCENES:
        module = next(s for s in LECTURE if s.__name__ == cls).__module__.rsplit(".", 1)[1]
        manims = media / "videos" / module / "480p15" / f"{cls}.mp4"
        ours, theirs = video_info(out / f"{STEMS[cls]}.mp4"), video_info(manims)
        assert ours["frames"] == theirs["frames"]
        assert ours["duration"] == pytest.approx(theirs["duration"], abs=1e-3)
        with av.open(str(manims)) as a, av.open(str(out / f"{STEMS[cls]}.mp4")) as b:
            pa = [bytes(p) for p in a.demux(video=0) if p.dts is not None]
            pb = [bytes(p) for p in b.demux(video=0) if p.dts is not None]
        assert pa == pb  # the same encoded packets: no re-encoding


def test_lecture_joins_the_scenes_in_order(out):
    parts = [video_info(out / f"{STEMS[c]}.mp4") for c in SCENES]
    whole = video_info(out / "lecture.mp4")
    assert whole["frames"] == sum(p["frames"] for p in parts)
    assert whole["duration"] == pytest.approx(sum(p["duration"] for p in parts), abs=0.01)


def _check_srt(path: Path, duration: float) -> list[srt.Subtitle]:
    subs = list(srt.parse(path.read_text(encoding="utf-8")))
    assert subs, path
    assert [s.index for s in subs] == list(range(1, len(subs) + 1))
    for s in subs:
        assert s.start < s.end and s.end.total_seconds() <= duration + 1e-3
    for a, b in zip(subs, subs[1:]):
        assert a.end <= b.start, (a, b)  # in order, no overlap
    return subs


def test_subtitles_in_order_without_overlap_within_the_video(out):
    per_scene = []
    for cls in SCENES:
        d = video_info(out / f"{STEMS[cls]}.mp4")["duration"]
        per_scene.append((d, _check_srt(out / f"{STEMS[cls]}.srt", d)))
    merged = _check_srt(out / "lecture.srt", video_info(out / "lecture.mp4")["duration"])
    assert len(merged) == sum(len(s) for _, s in per_scene)
    first_len, first_subs = per_scene[0]
    second = merged[len(first_subs):]
    assert [s.content for s in second] == [s.content for s in per_scene[1][1]]
    offset = second[0].start - per_scene[1][1][0].start
    assert offset.total_seconds() == pytest.approx(first_len, abs=1e-3)


def test_the_answer_is_said_in_the_first_45_seconds_and_the_last_chapter_recaps(out):
    """Read from the built captions and chapters (the draft opens with the lecture's first scene,
    so its clock is the lecture's): the learner's question asked, then the answer (o(0,0,0) and
    o(0,1,0): one depth slice, one filter) said within 45 s; the last chapter is the recap, and
    its captions say the rules."""
    cues = list(srt.parse((out / "lecture.srt").read_text(encoding="utf-8")))
    text = [(c.start.total_seconds(), c.end.total_seconds(), " ".join(c.content.split())) for c in cues]
    asked = [s for s, _, t in text if "share weights?" in t]
    answer = [e for _, e, t in text if "every neuron of one depth slice uses the same filter" in t]
    assert asked and answer, text[:12]
    assert asked[0] < answer[0] <= ANSWER_BY, (asked, answer)
    before = " ".join(t for start, _end, t in text if start < answer[0])
    assert "o(0,0,0)" in before and "o(0,1,0)" in before, before
    chapters = read_chapters(out / "chapters.txt")
    assert chapters[-1][1] == TITLES["Recap"] and chapters[-1][1].startswith("Recap")
    recap = " ".join(t for s, _, t in text if s >= chapters[-1][0])
    for rule in ("One depth slice, one filter", "nothing is shared across channels"):
        assert rule in recap, recap


def test_no_silence_over_1_5_s_in_the_built_voice(out):
    """The offline voice, as built (its AAC track decoded): no stretch without it longer than
    1.5 s inside the lecture, except a declared pause (a "[pause: ...]" caption). The scenes'
    own tests time beats from the text at 150 words a minute; the voice speaks faster, so a
    sweep fitted to the text could run on silently: here it is heard as it is."""
    from tests.framecheck import voiceless_holds_in_video
    holds = voiceless_holds_in_video(out / "lecture.mp4")
    assert holds == [], holds


def test_chapter_list_is_valid_for_youtube(out):
    chs = read_chapters(out / "chapters.txt")
    duration = video_info(out / "lecture.mp4")["duration"]
    assert chs[0][0] == 0
    starts = [t for t, _ in chs] + [duration]
    assert all(b - a >= 10 for a, b in zip(starts, starts[1:])), chs
    titles = [t for _, t in chs]
    assert titles[0] == TITLES[FIRST]
    assert TITLES[SECOND] in titles
    scene2 = dict((t, s) for s, t in chs)[TITLES[SECOND]]
    assert scene2 == int(video_info(out / f"{STEMS[FIRST]}.mp4")["duration"])


def test_thumbnails_and_previews(out):
    for cls in SCENES:
        with Image.open(out / f"{STEMS[cls]}.png") as im:
            assert (im.format, im.size) == ("PNG", (1280, 720))
        gif = out / f"{STEMS[cls]}.gif"
        assert gif.stat().st_size < 2_000_000
        with Image.open(gif) as im:
            assert im.format == "GIF" and im.size == (480, 270)
            assert im.n_frames >= 10 and im.info.get("loop") == 0


def _fullest_sampled_frame(mp4: Path, background, samples: int = 12):
    """A pass of its own over the video: the first frame at or after each of ``samples`` evenly
    spaced times and one just before the end; the one with the most ink (the later on a tie)."""
    duration = video_info(mp4)["duration"]
    times = [duration * (k + 1) / (samples + 1) for k in range(samples)] + [max(0.0, duration - 0.05)]
    with av.open(str(mp4)) as c:
        at = [f.time for f in c.decode(video=0)]
    looked = {next(i for i, ft in enumerate(at) if ft + 1e-6 >= t) for t in times if at[-1] + 1e-6 >= t}
    with av.open(str(mp4)) as c:
        images = {i: f.to_image() for i, f in enumerate(c.decode(video=0)) if i in looked}
    return max((mf._ink(images[i], background), at[i], images[i]) for i in looked)[2]


def test_the_thumbnail_is_the_fullest_of_its_sampled_frames(out, tmp_path):
    """The thumbnail picked while the build checked the video (one decoding pass) is the frame a
    pass of its own over the published video picks: the fullest of the sampled frames."""
    from toolchain.build import BACKGROUND
    for cls in SCENES:
        mp4 = out / f"{STEMS[cls]}.mp4"
        img = _fullest_sampled_frame(mp4, BACKGROUND)
        mf.write_thumbnail(img, tmp_path / "own.png")
        with Image.open(out / f"{STEMS[cls]}.png") as published, Image.open(tmp_path / "own.png") as own:
            assert np.array_equal(np.asarray(published), np.asarray(own)), cls


# ---- re-runs and failures ---------------------------------------------------------------------

def test_second_run_is_all_cached_and_fast(first, out):
    media, proc1 = first
    before = snapshot(out)
    proc = build(media, "--scenes", *SCENES)
    assert proc.returncode == 0, proc.stderr
    lines = [l for l in proc.stdout.splitlines() if l.startswith("[")]
    assert len(lines) == 2 and all("unchanged: all" in l and "animations from cache" in l for l in lines), lines
    assert proc.seconds < proc1.seconds / 3
    after = snapshot(out)
    scene_files = {k for k in before if not k.startswith("lecture.") and k != "chapters.txt"}
    assert {k: after[k] for k in scene_files} == {k: before[k] for k in scene_files}


def test_bad_parameter_file_exits_2_before_rendering(first, out, tmp_path):
    media, _ = first
    bad = tmp_path / "bad.toml"
    bad.write_text("[layer]\nchannels = 7\n")
    before = snapshot(out)
    logs = snapshot(media / "build")
    proc = build(media, "--scenes", *SCENES, env={"LECTURE_PARAMS": str(bad)})
    assert proc.returncode == 2
    err = proc.stderr.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ") and "channels" in err[0]
    assert proc.stdout == ""  # nothing rendered, not even started
    assert snapshot(out) == before and snapshot(media / "build") == logs


def test_failing_scene_leaves_published_files_byte_identical(first, out, tmp_path):
    media, _ = first
    boom = tmp_path / "boom_scene.py"
    boom.write_text(textwrap.dedent('''
        from manim import Create, Square
        from scenes.content.recap import Recap as Lectures

        class Recap(Lectures):   # the lecture's scene and words, played otherwise

            def construct(self):
                self.play(Create(Square()), run_time=0.2)
                raise RuntimeError("boom: the scene broke mid-render")
    '''))
    before = snapshot(out)
    proc = build(media, "--scenes", *SCENES, lecture_override=str(boom), replaced=SECOND)
    assert proc.returncode == 1
    assert "boom: the scene broke mid-render" in proc.stderr
    assert f"[1/2] {FIRST} ... unchanged" in proc.stdout  # the scene before it was fine
    assert snapshot(out) == before  # nothing lost, nothing half-written


def test_interrupted_build_leaves_published_files_byte_identical(first, out):
    media, _ = first
    before = snapshot(out)
    cmd = [sys.executable, "-m", "toolchain.build", "--quality", "l", "--media-dir", str(media),
           "--scenes", FIRST, "--force"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    seen = ""
    while "[1/1]" not in seen:  # manim has started
        ch = proc.stdout.read(1)
        assert ch, "the build ended before rendering"
        seen += ch
    time.sleep(1.5)
    os.killpg(proc.pid, signal.SIGTERM)  # as a closed terminal or a CI timeout would
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted" in err
    assert snapshot(out) == before


SOUND_SCENE = """
import math, struct, wave
from pathlib import Path
from manim import Create, Square
from scenes.base import Beat, LectureScene

class ColouredEdges1D(LectureScene):
    params_key = "edges_1d"
    beats = (Beat("tone"),)
    CHAPTER = "A square and a tone"
    WORDS = {"tone": ("Tone", "A square and a tone.")}

    def construct(self):
        tone = Path(__file__).with_name("tone.wav")
        with wave.open(str(tone), "wb") as w:
            w.setnchannels(1), w.setsampwidth(2), w.setframerate(22050)
            w.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * i / 22050)))
                                   for i in range(22050)))
        self.beat("tone")
        self.add_sound(str(tone))
        self.play(Create(Square()), run_time=1)
        self.wait(0.5)
"""


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """A tiny test-only scene with sound, built in place of ColouredEdges1D: (media, scene file)."""
    d = tmp_path_factory.mktemp("tiny")
    (d / "sound_scene.py").write_text(SOUND_SCENE)
    proc = build(d / "media", "--scenes", "ColouredEdges1D", lecture_override=str(d / "sound_scene.py"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "[1/1] ColouredEdges1D ... rendered in" in proc.stdout
    return d / "media", str(d / "sound_scene.py")


def test_scene_with_sound_keeps_its_audio_and_not_the_stray_wav(tiny):
    media, _ = tiny
    assert list(media.glob("videos/**/ColouredEdges1D.wav"))  # Manim left it beside its video
    stem = STEMS["ColouredEdges1D"]
    assert {p.name for p in (media / DRAFT).iterdir()} == {
        f"{stem}{ext}" for ext in (".mp4", ".srt", ".vtt", ".png", ".gif")} | {
        "lecture.mp4", "lecture.srt", "lecture.vtt", "chapters.txt", "script.md"}
    for name in (f"{stem}.mp4", "lecture.mp4"):
        with av.open(str(media / DRAFT / name)) as c:
            assert [s.codec_context.name for s in c.streams] == ["h264", "aac"]
        boxes = top_level_boxes(media / DRAFT / name)
        assert boxes.index("moov") < boxes.index("mdat")
    # its chapter is titled by its words (its own script: LECTURE_SCRIPT), not the lecture's
    assert [t for _, t in read_chapters(media / DRAFT / "chapters.txt")] == ["A square and a tone"]


def test_forced_manim_run_counts_animations_from_cache(tiny):
    """Manim runs again (--force) and takes every animation from its cache: the build says so
    (from Manim's log) and leaves the published files alone."""
    media, scene = tiny
    out = media / DRAFT
    before = snapshot(out)
    proc = build(media, "--scenes", "ColouredEdges1D", "--force", "--no-join", lecture_override=scene)
    assert proc.returncode == 0, proc.stderr
    line = next(l for l in proc.stdout.splitlines() if l.startswith("[1/1]"))
    # 3: its two plays and the hold that lets its narration finish
    assert re.search(r"unchanged: all 3 animations from cache \(\d+ s\); published files up to date", line), line
    assert snapshot(out) == before


# ---- the chapter list, with synthetic durations -----------------------------------------------

def _valid(chs, total):
    starts = [t for t, _ in chs] + [total]
    return chs[0][0] == 0 and all(b - a >= 10 for a, b in zip(starts, starts[1:]))


def test_chapters_one_per_scene():
    parts = [mf.Part("A", 0, 30.5), mf.Part("B", 30.5, 12), mf.Part("C", 42.5, 61)]
    assert mf.chapters(parts) == [(0, "A"), (30, "B"), (42, "C")]
    assert mf.chapter_text(mf.chapters(parts)) == "0:00 A\n0:30 B\n0:42 C\n"


def test_chapters_merge_short_scenes_and_never_split_at_sections():
    parts = [mf.Part("A", 0, 4), mf.Part("B", 4, 30), mf.Part("C", 34, 5), mf.Part("D", 39, 50,
             [("d1", 12), ("d2", 3), ("d3", 25), ("d4", 10)])]
    chs = mf.chapters(parts)
    assert _valid(chs, 89)
    # A (4 s) is too short to have its own chapter: B, 4 s in, cannot have one either, so the
    # first chapter holds A, B and C and is named after the longest, B. D's sections are beats,
    # not chapters (a chapter a viewer can use is an idea, about one a scene).
    assert chs == [(0, "B"), (39, "D")]


def test_two_scenes_with_one_title_are_refused_in_one_line():
    parts = [mf.Part("Sliding", 0, 30), mf.Part("Other", 30, 30), mf.Part("sliding ", 60, 30)]
    with pytest.raises(mf.ChapterError) as e:
        mf.chapters(parts)
    assert "\n" not in str(e.value) and "chapters 1 and 3" in str(e.value) and "'sliding'" in str(e.value).lower()


def test_chapters_always_valid_for_random_durations():
    import random
    rng = random.Random(0)
    for _ in range(300):
        parts, t = [], 0.0
        for k in range(rng.randint(1, 8)):
            secs = [(f"s{j}", rng.uniform(0.5, 30)) for j in range(rng.randint(0, 6))]
            d = sum(l for _, l in secs) or rng.uniform(0.5, 60)
            parts.append(mf.Part(f"scene{k}", t, d, secs))
            t += d
        if t < 10:
            continue
        chs = mf.chapters(parts)
        assert _valid(chs, t), (parts, chs)
        assert chs[0][0] == 0 and all(title.startswith("scene") for _, title in chs)
        assert len(chs) <= len(parts)


def test_timestamps():
    assert [mf.timestamp(s) for s in (0, 9, 61, 3600 + 62)] == ["0:00", "0:09", "1:01", "1:01:02"]


def test_the_preview_is_where_the_picture_moves_most():
    """A 20 s video still but for 6-9 s: its preview is the 4 s that hold that motion."""
    class Frame:
        def __init__(self, t):
            self.time = t

        def to_image(self, width=None, height=None, interpolation=None):
            moving = 6.0 <= self.time <= 9.0
            x = int((self.time - 6.0) * 40) % 600 if moving else 0
            img = Image.new("RGB", (640, 360), (0, 0, 0))
            img.paste((255, 255, 255), (x, 100, x + 40, 260))
            return img.resize((width, height)) if width else img

    picker = mf.ThumbnailPicker(20.0, (0, 0, 0))
    for n in range(20 * 15):
        picker(Frame(n / 15))
    end = picker.preview_end()
    assert 9.0 <= end <= 10.0, end   # [end - 4, end] holds all of 6-9 s


def test_a_scene_files_imports_are_read_again_when_it_changes(tmp_path):
    """What a scene's fingerprint covers (``renders.project_sources``) follows the file as it is
    now, though each file's imports are parsed once per content in a process."""
    from toolchain import renders

    scene = tmp_path / "scene.py"
    seen = []
    for module in ("scenes.visual.palette", "cnncore.text", "scenes.visual.palette"):
        scene.write_text(f"import {module}\n", encoding="utf-8")
        seen.append({str(p.relative_to(renders.ROOT)) for p in renders.project_sources(scene) if p != scene})
    palette, text = "scenes/visual/palette.py", "cnncore/text.py"
    assert palette in seen[0] and text not in seen[0]
    assert text in seen[1] and palette not in seen[1]
    assert seen[2] == seen[0]
