"""A held frame is converted once and encoded as before: the same bytes, one conversion.

``scenes.manim_ext.held_frames`` replaces Manim's segment encoder's ``write_frame``; here both
encode the same frames (a still held for many frames between moving ones, the lecture's
still, with the project's encoder settings from ``manim.cfg``) and the files must be equal.
"""
from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest
from manim import config
from manim._config.video_encoder import VideoEncoderSpec
from manim.scene.video_segment_encoder import VideoSegmentEncoder
from PIL import Image

from scenes.manim_ext import held_frames

STILL = Path(__file__).resolve().parents[1] / "media" / "stills" / "DepthSlices.png"
W, H = 320, 180


def _frames() -> list[tuple[np.ndarray, int]]:
    still = np.ascontiguousarray(
        np.asarray(Image.open(STILL).convert("RGBA").resize((W, H)), dtype=np.uint8))
    moved = [np.ascontiguousarray(np.roll(still, 7 * k, axis=1)) for k in range(1, 4)]
    return [(still, 1), (still, 40), (moved[0], 1), (moved[1], 25), (moved[2], 1), (still, 3)]


def _encode(target: Path) -> bytes:
    spec = VideoEncoderSpec(container_format="mp4", codec="libx264", pixel_format="yuv420p",
                            width=W, height=H, frame_rate=Fraction(60),
                            options=tuple(sorted({"crf": "23", **config.video_encoder_options}.items())))
    enc = VideoSegmentEncoder(target=target, spec=spec)
    for pixels, repeat in _frames():
        enc.write_frame(pixels, repeat=repeat)
    enc.finish()
    return target.read_bytes()


@pytest.fixture
def manims_encoder():
    held_frames.uninstall()
    yield
    held_frames.install()


def test_the_project_sets_the_encoder():
    """manim.cfg's options reach Manim (an unknown section would be ignored silently)."""
    assert config.video_encoder_options.get("preset") == "veryfast"


def test_same_bytes_as_manims_encoder(tmp_path, manims_encoder):
    theirs = _encode(tmp_path / "manim.mp4")
    held_frames.install()
    ours = _encode(tmp_path / "ours.mp4")
    assert ours == theirs
    with av.open(str(tmp_path / "ours.mp4")) as c:
        assert sum(1 for _ in c.decode(video=0)) == sum(r for _, r in _frames())


def test_a_held_frame_is_converted_once(tmp_path, monkeypatch):
    held_frames.install()
    made = []
    real = av.VideoFrame.from_ndarray
    monkeypatch.setattr(av.VideoFrame, "from_ndarray",
                        staticmethod(lambda *a, **k: made.append(1) or real(*a, **k)))
    _encode(tmp_path / "ours.mp4")
    assert len(made) == len(_frames())     # Manim's own: one per repeat, 71
