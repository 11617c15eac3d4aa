"""Pango's SVG files for text appear complete under their names.

What Manim does: ``Text`` has manimpango write the text's SVG straight to its final name in the
shared text cache (``<media_dir>/texts``) and reuses any file of that name it finds. With scenes
rendering in parallel (``make video`` renders as many scenes at once as there are cores), one
process could read another's half-written SVG.
What we do instead: manimpango's ``text2svg`` (and ``MarkupUtils.text2svg``) write under a
temporary name in the same directory and move the file into place (``os.replace``), so a reader
sees either no file or the whole file. The SVG's content, and so every frame, is Manim's.
Why: correctness of parallel builds, not speed. On stock Manim (``LECTURE_STOCK_MANIM=1``) the
build renders one scene at a time instead. Checked by: ``tests/test_manim_ext.py`` (a text made
with the patch is byte-identical to one made without; no temporary file is left).
"""
from __future__ import annotations

import os
from pathlib import Path

import manimpango
from manimpango import MarkupUtils

_MANIMS = {"text2svg": manimpango.text2svg, "markup": MarkupUtils.__dict__["text2svg"]}


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
    text2svg.atomic = True
    return text2svg


def install() -> None:
    if getattr(manimpango.text2svg, "atomic", False):
        return
    # text2svg(settings, size, line_spacing, disable_liga, file_name, ...)
    manimpango.text2svg = _atomic_svg(_MANIMS["text2svg"], 4)
    # MarkupUtils.text2svg(text, font, slant, weight, size, line_spacing, disable_liga, file_name, ...)
    MarkupUtils.text2svg = staticmethod(_atomic_svg(_MANIMS["markup"].__func__, 7))


def uninstall() -> None:
    manimpango.text2svg = _MANIMS["text2svg"]
    MarkupUtils.text2svg = _MANIMS["markup"]
