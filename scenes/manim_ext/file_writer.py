"""A scene's finished video and captions replace the previous ones in one step.

What Manim does: its file writer writes the joined video (``combine_files``) and the ``.srt``
(``write_subcaption_file``) straight to their final names, so a render interrupted while
joining leaves a half-written file where the last good one was.
What we do instead: ``publish_atomically(writer)`` wraps those two methods of one writer (the
scene's own; Manim's class is not changed): both are written under a hidden
``.<name>.partial`` name beside the target and moved into place with ``os.replace`` only once
complete. Why: a failed or interrupted ``manim`` run keeps the previous video and captions
(the lecture build publishes from its own staging copy either way). Checked by:
``tests/test_build_safety.py`` (an interrupted render leaves the previous files intact).
"""
from __future__ import annotations

import os
from pathlib import Path

import srt

from scenes.files import atomic_write_text


def partial_name(path: Path) -> Path:
    return path.with_name(f".{path.stem}.partial{path.suffix}")


def publish_atomically(writer) -> None:
    """Make ``writer`` (a scene's ``SceneFileWriter``) replace its video and captions atomically."""
    combine = writer.combine_files

    def combine_files(input_files, output_file, *args, **kwargs):
        output_file = Path(output_file)
        tmp = partial_name(output_file)
        try:
            combine(input_files, tmp, *args, **kwargs)
            os.replace(tmp, output_file)
        finally:
            tmp.unlink(missing_ok=True)

    def write_subcaption_file():
        atomic_write_text(Path(writer.output_plan.subcaption_file), srt.compose(writer.subcaptions))

    writer.combine_files = combine_files
    writer.write_subcaption_file = write_subcaption_file
