"""The ``manim`` command as the lecture build runs it (``python -m scenes.toolchain.manim_cli
render ...``): Manim unchanged, except that the SVG files Pango writes for text (Manim's
``media/texts`` cache, shared by every scene) appear complete under their names.

Manim writes a text's SVG straight to its final name and reuses any file of that name it finds:
with scenes rendering in parallel (``--jobs``), one process could read another's half-written
SVG. Here each is written under a temporary name in the same directory and moved into place
(``os.replace``), so a reader sees either no file or the whole file. The SVG's content, and
so every frame, is the same as Manim's own.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path


def _atomic_svg(write, at: int):
    """``write`` (which takes the SVG's file name as positional argument ``at``), made atomic."""
    def text2svg(*args, **kwargs):
        args = list(args)
        final = Path(args[at])
        tmp = final.with_name(f".{final.name}.{os.getpid()}.tmp")
        args[at] = str(tmp)
        try:
            write(*args, **kwargs)
            os.replace(tmp, final)
        finally:
            tmp.unlink(missing_ok=True)
        return str(final)
    return text2svg


def patch_text_cache() -> None:
    import manimpango
    from manimpango import MarkupUtils

    # text2svg(settings, size, line_spacing, disable_liga, file_name, ...)
    manimpango.text2svg = _atomic_svg(manimpango.text2svg, 4)
    # MarkupUtils.text2svg(text, font, slant, weight, size, line_spacing, disable_liga, file_name, ...)
    MarkupUtils.text2svg = staticmethod(_atomic_svg(MarkupUtils.text2svg, 7))


if __name__ == "__main__":
    patch_text_cache()
    from manim.__main__ import main

    sys.exit(main(prog_name="manim"))
