"""A render that fails part-way leaves the previous good video and captions of that scene in
place, and no half-written file under a finished file's name (scenes.base.publish_atomically).
Rendered for real (tiny frame, real encoder); failures are made to happen in the scene and in
the middle of Manim's final join."""
import hashlib
from pathlib import Path

import pytest
from manim import FadeIn, Square, tempconfig
from manim.scene.scene_file_writer import SceneFileWriter

from scenes.base import Beat, LectureScene
from tests.scriptkit import SCRIPT_ENV, write_script

TINY = {"pixel_width": 160, "pixel_height": 90, "frame_rate": 10, "preview": False,
        "progress_bar": "none", "verbosity": "ERROR", "disable_caching": True}


class Tiny(LectureScene):
    params_key = "test"
    beats = (Beat("only"),)
    CHAPTER = "Tiny"
    WORDS = {"only": ("Only beat", "A square appears.")}

    fail_in_construct = False

    def construct(self):
        self.beat("only")
        self.play(FadeIn(Square()), run_time=0.4)
        if self.fail_in_construct:
            raise RuntimeError("a bug in the scene")
        self.wait(0.2)


def render(media: Path):
    with tempconfig(dict(TINY, media_dir=str(media))):
        scene = Tiny()
        scene.render()
    return Path(scene.renderer.file_writer.movie_file_path)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def good(tmp_path, monkeypatch):
    """A finished render: (media dir, video path, captions path, their digests)."""
    monkeypatch.setenv(SCRIPT_ENV, str(write_script(tmp_path / "script.ftl", [Tiny])))
    video = render(tmp_path)
    captions = video.with_suffix(".srt")
    assert video.stat().st_size > 0 and "A square appears." in captions.read_text()
    return tmp_path, video, captions, (digest(video), digest(captions))


def finished_files(media: Path):
    return sorted(p.name for p in media.rglob("*") if p.is_file() and "partial_movie_files" not in p.parts)


def test_an_exception_in_the_scene_keeps_the_previous_video(good, monkeypatch):
    media, video, captions, before = good
    names = finished_files(media)
    monkeypatch.setattr(Tiny, "fail_in_construct", True)
    with pytest.raises(RuntimeError):
        render(media)
    assert (digest(video), digest(captions)) == before
    assert finished_files(media) == names


@pytest.mark.parametrize("interrupt", [KeyboardInterrupt, OSError])
def test_an_interrupted_join_keeps_the_previous_video_and_leaves_no_half_file(good, monkeypatch, interrupt):
    media, video, captions, before = good
    names = finished_files(media)

    def half_written(self, input_files, output_file, *args, **kwargs):
        Path(output_file).write_bytes(b"\x00\x00\x00\x18ftypisom half a video")
        raise interrupt("stopped while joining")

    monkeypatch.setattr(SceneFileWriter, "combine_files", half_written)
    with pytest.raises(interrupt):
        render(media)
    assert (digest(video), digest(captions)) == before
    assert finished_files(media) == names, "no half-written or temporary file is left behind"


def test_a_good_render_replaces_the_previous_one(good):
    media, video, captions, before = good
    assert not list(media.rglob(".*.partial*"))
    video.write_bytes(b"stale")
    assert render(media) == video
    assert digest(video) == before[0]
