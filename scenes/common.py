"""What every lecture scene shares: its parameters (validated before anything renders),
its trace, its colours, and the beats/captions vocabulary.

The parameter file is read when a scene module is imported, so a bad file stops ``manim``
with one clear line and a non-zero exit before any frame is drawn. Each scene re-reads it in
``setup`` and binds the values into its mobjects (never into updaters), so Manim's cache,
which hashes what is on screen, sees every edit.
"""
from __future__ import annotations

import os
import sys
from datetime import timedelta
from pathlib import Path

import srt

from manim import Scene

from cnncore.params import ParamError, load_default

from . import palette as P

DEFAULT_PARAMS = Path(__file__).with_name("lecture.toml")


def lecture_params():
    """The validated parameter file ($LECTURE_PARAMS or scenes/lecture.toml)."""
    return load_default(DEFAULT_PARAMS)


def validate_or_exit(*scenes: str):
    """Validate the parameter file (and the own limits of the named ``scenes``, if any);
    on error print one line and exit with status 2."""
    try:
        params = lecture_params()
        params.check(*scenes)
        return params
    except ParamError as e:
        print(f"error: {e}", file=sys.stderr)
        raise SystemExit(2) from None


def _partial(path: Path) -> Path:
    return path.with_name(f".{path.stem}.partial{path.suffix}")


def publish_atomically(writer) -> None:
    """Make a scene's file writer replace its finished video and captions in one step.

    Manim writes the joined video and the ``.srt`` straight to their final names, so a render
    interrupted while joining would leave a half-written file where the last good one was. Here
    both are written under a hidden ``.<name>.partial`` name beside the target and moved into
    place with ``os.replace`` only once complete: a failed or interrupted render leaves the
    previous video and captions as they were. (Wraps this one writer; Manim is not patched.)
    """
    combine = writer.combine_files

    def combine_files(input_files, output_file, *args, **kwargs):
        output_file = Path(output_file)
        tmp = _partial(output_file)
        try:
            combine(input_files, tmp, *args, **kwargs)
            os.replace(tmp, output_file)
        finally:
            tmp.unlink(missing_ok=True)

    def write_subcaption_file():
        target = Path(writer.output_plan.subcaption_file)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = _partial(target)
        try:
            tmp.write_text(srt.compose(writer.subcaptions), encoding="utf-8")
            os.replace(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)

    writer.combine_files = combine_files
    writer.write_subcaption_file = write_subcaption_file


class LectureScene(Scene):
    """A scene of the lecture. Subclasses set ``key`` (their [scenes.<key>] table) and write
    ``construct`` as a short list of beats."""

    key = "cs231n"

    def setup(self):
        params = lecture_params()
        self.layer = params.layer(self.key)
        self.pace = params.pace
        self.camera.background_color = P.BACKGROUND
        publish_atomically(self.renderer.file_writer)

    def beat(self, name: str, caption: str | None = None, duration: float | None = None):
        """Start a named beat: a new section, and the sentence a narrator says over it.

        The caption shows for ``duration`` seconds, but never past the start of the next beat or
        the end of the scene, so the ``.srt`` Manim writes has no overlapping captions."""
        self.end_captions_by(self.renderer.time)
        self.next_section(name)
        if caption:
            self.add_subcaption(caption, duration=duration or 3.0)

    def end_captions_by(self, seconds: float):
        """Cut every caption that would still be showing at ``seconds``."""
        end = timedelta(seconds=seconds)
        for sub in self.renderer.file_writer.subcaptions:
            if sub.end > end:
                sub.end = max(end, sub.start)

    def tear_down(self):
        self.end_captions_by(self.renderer.time)

    def hold(self, seconds: float | None = None):
        self.wait(self.pace.hold if seconds is None else seconds)
