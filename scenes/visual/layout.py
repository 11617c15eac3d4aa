"""Where things go on the frame, and how large text must be: defined once for every scene.

The frame is 14.22 x 8 units (x from -7.11 to 7.11, y from -4 to 4); at 1080p a unit is 135 px.

* ``SAFE``: the title-safe area, 5% of the frame's width and height inside each edge, as
  (left, right, top, bottom). Everything a viewer reads stays inside it (TV overscan, a phone's
  rounded corners, a player's controls).
* ``TITLE_BOX``: the scene title's region, at the top of ``SAFE``; ``title(text)`` writes a
  title into it. ``BODY``: the rest of ``SAFE``, below the title.
* ``MIN_TEXT``: the smallest font size a viewer can read on a phone: a digit's ink is then
  20 px tall at 1080p (measured: ``label("0", size).height`` x 135 px). ``text_px(label)`` is a
  label's digit ink height at 1080p as it is drawn now (after any scaling), ``check_label(label)``
  lists what is wrong with a label (too small, outside ``SAFE``).

``tests/framecheck.py`` measures whole scenes against these; ``tests/test_lecture_frames.py``
runs it on every scene of the lecture.
"""
from __future__ import annotations

import numpy as np

from scenes.visual import palette as P
from scenes.visual.mobjects import Label, label, place

FRAME_HEIGHT = 8.0
FRAME_WIDTH = FRAME_HEIGHT * 16 / 9          # 14.22
PX_PER_UNIT = 1080 / FRAME_HEIGHT            # 135 px a unit at 1080p
SAFE_MARGIN = 0.05                           # of the frame's width and height, inside each edge

# the title-safe area: (left, right, top, bottom) in frame units
SAFE = (-FRAME_WIDTH / 2 * (1 - 2 * SAFE_MARGIN), FRAME_WIDTH / 2 * (1 - 2 * SAFE_MARGIN),
        FRAME_HEIGHT / 2 * (1 - 2 * SAFE_MARGIN), -FRAME_HEIGHT / 2 * (1 - 2 * SAFE_MARGIN))

# where a scene's title goes: the top of SAFE, one line
TITLE_SIZE = 28
TITLE_BOX = (SAFE[0], SAFE[1], SAFE[2], SAFE[2] - 0.48)
TITLE_GAP = 0.12
# what is left of SAFE below the title
BODY = (SAFE[0], SAFE[1], TITLE_BOX[3] - TITLE_GAP, SAFE[3])

MIN_INK_PX = 20.0        # a digit's ink height at 1080p that a viewer reads on a phone
# The smallest font size whose digit ink ("0", DejaVu Sans and DejaVu Sans Mono alike) is at least
# MIN_INK_PX tall at 1080p: label("0", 14.1).height * 135 = 20.04 px, at 14.0 it is 19.93 px
# (Pango's sizes come in steps; tests/test_lecture_frames.py measures both again, and counts
# the pixels of a 1080p frame).
MIN_TEXT = 14.1
DIGIT_PX_PER_SIZE = 20.0390625 / MIN_TEXT   # digit ink px at 1080p per unit of font size


def title(text: str, box=TITLE_BOX, size: float = TITLE_SIZE):
    """A scene's title: one line of text, shrunk (never enlarged) into the title box."""
    return place(label(text, size, P.TEXT), *box)


def text_px(text: Label) -> float | None:
    """The ink height of a digit at ``text``'s size as drawn now, in px at 1080p (None: a label
    whose size is unknown, i.e. not made by ``label()``, or blank)."""
    size = text.effective_size()
    return None if size is None else size * DIGIT_PX_PER_SIZE


def readable(text: Label) -> bool:
    """Whether ``text`` is drawn at ``MIN_TEXT`` or larger (a digit at least 20 px tall at 1080p)."""
    size = text.effective_size()
    return size is not None and size >= MIN_TEXT * (1 - 1e-6)


def inside(mob, box=SAFE, tol: float = 1e-6) -> bool:
    """Whether every point of ``mob`` lies inside ``box`` = (left, right, top, bottom)."""
    pts = np.concatenate([m.points for m in mob.family_members_with_points()]) \
        if mob.family_members_with_points() else np.zeros((0, 3))
    if not len(pts):
        return True
    left, right, top, bottom = box
    return bool(pts[:, 0].min() >= left - tol and pts[:, 0].max() <= right + tol
                and pts[:, 1].min() >= bottom - tol and pts[:, 1].max() <= top + tol)


def check_label(text: Label, box=SAFE) -> list[str]:
    """What is wrong with a label as drawn now: smaller than ``MIN_TEXT``, or not inside ``box``
    (default: the title-safe area). Empty when it is fine."""
    problems = []
    size = text.effective_size()
    if size is None:
        if text.text.strip():
            problems.append(f"{text.text!r}: size unknown (not made by label())")
    elif not readable(text):
        problems.append(f"{text.text!r}: a digit {size * DIGIT_PX_PER_SIZE:.1f} px tall at 1080p"
                        f" (font size {size:.1f}; at least {MIN_TEXT}: {MIN_INK_PX:.0f} px)")
    if not inside(text, box):
        problems.append(f"{text.text!r}: outside the title-safe area {tuple(round(v, 2) for v in box)}")
    return problems


__all__ = ["BODY", "DIGIT_PX_PER_SIZE", "FRAME_HEIGHT", "FRAME_WIDTH", "MIN_INK_PX", "MIN_TEXT",
           "PX_PER_UNIT", "SAFE", "SAFE_MARGIN", "TITLE_BOX", "TITLE_SIZE", "check_label", "inside",
           "readable", "text_px", "title"]
