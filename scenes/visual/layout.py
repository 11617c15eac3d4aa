"""Where things go on the frame: regions every scene shares, defined once.

The frame is 14.22 x 8 units (x from -7.11 to 7.11, y from -4 to 4). ``TITLE_BOX`` is the
scene title's region at the top; ``title(text)`` writes a title into it.
"""
from __future__ import annotations

from scenes.visual import palette as P
from scenes.visual.mobjects import label, place

# where a scene's title goes: (left, right, top, bottom) in frame units
TITLE_BOX = (-6.95, 6.95, 3.93, 3.45)
TITLE_SIZE = 28


def title(text: str, box=TITLE_BOX, size: float = TITLE_SIZE):
    """A scene's title: one line of text, shrunk (never enlarged) into the title box."""
    return place(label(text, size, P.TEXT), *box)
