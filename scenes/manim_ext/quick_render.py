"""Test renders that draw only the frames a test looks at, and watch what a Transform morphs.

Used by ``tests/scenekit.py`` (on stock Manim too: these change how a test drives a render,
not what Manim draws).

``frames_on_demand(scene)``. What Manim does: with ``skip_animations=True`` a play jumps to its
end, but the renderer still draws a frame for each play (``update_frame``) and works out, for
every play, which mobjects move and which stand still (listing the whole scene twice), which
only serves drawing frames. What we do instead: for this one scene and its renderer, both are
skipped; ``draw()`` (returned) draws the frame as the scene is now, whole. Why: most of a large
scene's test render was drawing frames nobody looks at (the four largest scene test files
189 -> 161 s for the split alone). A ``midway`` stop still gets the split for the play it looks
inside (``scene._armed``). Checked by: every scene test reads its frames through ``draw()``;
``tests/test_manim_ext.py`` compares such frames with the frames of a normal render.

``watching_morphs(found)``. While the block runs, every ``Transform`` records each pair of
drawn parts it interpolates between where a ``Label`` turns into anything but the same text
(those frames would show half-formed glyphs): ``Transform.begin`` is wrapped, and restored
after the block.
"""
from __future__ import annotations

from contextlib import contextmanager

import numpy as np
from manim import Transform


@contextmanager
def frames_on_demand(scene):
    """Inside the block, the scene's renderer draws no frame by itself and its plays skip the
    moving/static split (except the play a midway stop looks inside); yields ``draw()``, which
    returns the frame (RGBA) as the scene shows it now, drawn whole."""
    renderer = scene.renderer
    draw = renderer.update_frame

    def frame_now() -> np.ndarray:
        renderer.static_image = None
        draw(scene)
        return np.array(renderer.get_frame())

    sort = scene.get_moving_and_static_mobjects
    renderer.update_frame = lambda *args, **kwargs: None
    scene.get_moving_and_static_mobjects = (
        lambda animations: sort(animations) if getattr(scene, "_armed", False) else ([], []))
    try:
        yield frame_now
    finally:
        renderer.update_frame = draw
        del scene.get_moving_and_static_mobjects


def whole_frame(scene) -> np.ndarray:
    """The frame as the scene shows it now, drawn whole (not from a still background)."""
    scene.renderer.static_image = None
    scene.renderer.update_frame(scene)
    return np.array(scene.renderer.get_frame())


@contextmanager
def watching_morphs(found: list, is_label):
    """Record in ``found`` every (from, to) pair a Transform interpolates where a label
    (``is_label(mobject)``) becomes anything but the same text (texts, or class names of shapes)."""
    begin = Transform.begin

    def watched(anim):
        begin(anim)
        if getattr(anim, "target_copy", None) is None:
            return
        start = anim.mobject.family_members_with_points()
        end = anim.target_copy.family_members_with_points()
        for a, b in zip(start, end):
            if is_label(a) or is_label(b):
                if not (is_label(a) and is_label(b) and a.text == b.text):
                    found.append((getattr(a, "text", type(a).__name__), getattr(b, "text", type(b).__name__)))

    Transform.begin = watched
    try:
        yield found
    finally:
        Transform.begin = begin
