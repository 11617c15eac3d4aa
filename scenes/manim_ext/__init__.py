"""Every extension of Manim, manimpango, manim-slides and Manim's file writer this project makes.

Nothing outside this package assigns to an attribute of a Manim or manimpango class or module,
or swaps a method of one of their objects (``tests/test_layout.py`` checks it). Each module
here says what Manim does, what we do instead, why (the measured gain) and how it is checked.

One switch: ``LECTURE_STOCK_MANIM=1`` (any value but empty, ``0``, ``no`` or ``false``) runs
everything on stock Manim 0.22: ``install()`` installs nothing, labels are made by Manim's own
``Text``, a scene's file writer is Manim's, and the build renders one scene at a time (stock
Manim's text cache is not safe for parallel writers). ``make test`` runs the scene tests on
stock Manim too, and ``tests/test_manim_ext.py`` checks that the frames they look at are the
same, pixel for pixel, with and without the extensions.

Installed on Manim when a lecture scene is imported (``scenes.base`` calls ``install()``):

* ``speed``: six of Manim's bookkeeping helpers (``Mobject.get_family``, ``Mobject.__deepcopy__``,
  ``Scene.get_restructured_mobject_list``, ``Scene.get_moving_mobjects``,
  ``Scene.add_mobjects_from_animations``, ``Animation._setup_scene``) with the same results at
  less cost;
* ``held_frames``: a held frame converted to YUV once, not once per repeat
  (``VideoSegmentEncoder.write_frame``);
* ``text_svg``: Pango's SVG for a text written atomically (parallel renders share the cache).

Used by our own code, per object, when the extensions are on:

* ``pango_text.PangoText``: ``Text`` with Pango's SVG read by a reader of its own (``text_class``);
* ``file_writer.publish_atomically``: a scene's video and captions replace the old ones in one step.

Always used (they change how tests drive a render or how manim-slides fits Manim 0.22, not
what Manim draws): ``midway`` (stop inside a play), ``quick_render`` (test renders that draw only
the frames looked at; the morph watch), ``slides_compat`` (``CompatSlide``).
"""
from __future__ import annotations

import os

from manim import Text

from scenes.manim_ext import held_frames, speed, text_svg
from scenes.manim_ext.file_writer import publish_atomically
from scenes.manim_ext.pango_text import PangoText

STOCK_ENV = "LECTURE_STOCK_MANIM"

# what install() puts on Manim, by name (each module has install() and uninstall())
PATCHES = {"speed": speed, "held_frames": held_frames, "text_svg": text_svg}

_state = {"installed": False}


def stock() -> bool:
    """Whether this process runs on stock Manim (``LECTURE_STOCK_MANIM`` set)."""
    return os.environ.get(STOCK_ENV, "").strip().lower() not in ("", "0", "no", "false")


def install() -> None:
    """Install every extension on Manim, unless ``LECTURE_STOCK_MANIM`` asks for stock Manim
    (idempotent)."""
    if stock():
        return
    for patch in PATCHES.values():
        patch.install()
    _state["installed"] = True


def uninstall() -> None:
    """Manim's own methods again (the tests compare the two)."""
    for patch in PATCHES.values():
        patch.uninstall()
    _state["installed"] = False


def active() -> bool:
    """Whether the extensions are in use in this process."""
    return _state["installed"]


def text_class() -> type:
    """The class labels are made with: ``PangoText`` with the extensions, Manim's ``Text`` without."""
    return PangoText if active() else Text


def fit_file_writer(writer) -> None:
    """The scene's file writer, made to publish atomically (with the extensions)."""
    if active():
        publish_atomically(writer)


__all__ = ["STOCK_ENV", "PATCHES", "active", "fit_file_writer", "install", "stock", "text_class",
           "uninstall"]
