"""A held frame is converted to the video's pixel format once, not once per repeat.

What Manim does: Manim 0.22 hands a still (``self.wait()``, a hold until the narration catches
up) to its segment encoder as one frame and a repeat count, and the encoder wraps and converts
the same RGBA pixels into YUV again for every one of the repeats: at 1080p that conversion is
about as dear as x264's own work on a repeated frame (29 ms of CPU a held 1080p frame as Manim
does it, 16 ms converted once). A narrated lecture holds for minutes of its ten.
What we do instead: ``VideoSegmentEncoder.write_frame`` converts once and encodes the converted
frame ``repeat`` times at consecutive timestamps.
Why: measured in docs/performance.md (2026-12-03).
Checked by: ``tests/test_held_frames.py``: the encoder gets the same pixels as before, so the
stream is byte for byte the same. The encoder's settings are in ``manim.cfg``.
"""
from __future__ import annotations

from fractions import Fraction

import av
from manim.scene.video_segment_encoder import VideoSegmentEncoder

_MANIMS_WRITE_FRAME = VideoSegmentEncoder.write_frame


def _write_frame(self: VideoSegmentEncoder, pixels, *, repeat: int = 1) -> None:
    """Encode ``pixels`` ``repeat`` times at consecutive timestamps, converting them once."""
    if repeat == 1:
        return _MANIMS_WRITE_FRAME(self, pixels, repeat=1)
    self._validate_frame(pixels, repeat)
    rate = self.spec.frame_rate
    try:
        frame = av.VideoFrame.from_ndarray(pixels, format="rgba").reformat(
            width=self.spec.width, height=self.spec.height, format=self.spec.pixel_format)
        frame.time_base = Fraction(rate.denominator, rate.numerator)
        for _ in range(repeat):
            frame.pts = self._next_pts
            self._next_pts += 1
            for packet in self._stream.encode(frame):
                self._container.mux(packet)
    except BaseException as error:
        raise self._operation_error("encode", error) from error


def install() -> None:
    """Make Manim's segment encoder convert a held frame once (idempotent)."""
    VideoSegmentEncoder.write_frame = _write_frame


def uninstall() -> None:
    """Manim's own ``write_frame`` again (the test compares the two)."""
    VideoSegmentEncoder.write_frame = _MANIMS_WRITE_FRAME
