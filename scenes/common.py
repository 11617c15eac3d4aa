"""What every lecture scene shares: its parameters (validated before anything renders),
its trace, its colours, and the beats/captions vocabulary.

The parameter file is read when a scene module is imported, so a bad file stops ``manim``
with one clear line and a non-zero exit before any frame is drawn. Each scene re-reads it in
``setup`` and binds the values into its mobjects (never into updaters), so Manim's cache,
which hashes what is on screen, sees every edit.
"""
from __future__ import annotations

import sys
from pathlib import Path

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


class LectureScene(Scene):
    """A scene of the lecture. Subclasses set ``key`` (their [scenes.<key>] table) and write
    ``construct`` as a short list of beats."""

    key = "cs231n"

    def setup(self):
        params = lecture_params()
        self.layer = params.layer(self.key)
        self.pace = params.pace
        self.camera.background_color = P.BACKGROUND

    def beat(self, name: str, caption: str | None = None, duration: float | None = None):
        """Start a named beat: a new section, and the sentence a narrator says over it."""
        self.next_section(name)
        if caption:
            self.add_subcaption(caption, duration=duration or 3.0)

    def hold(self, seconds: float | None = None):
        self.wait(self.pace.hold if seconds is None else seconds)
