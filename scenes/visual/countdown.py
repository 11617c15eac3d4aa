"""The countdown of a pause to think: a ring that empties second by second, the whole seconds
left written in its middle (``LectureScene.pause_and_predict`` runs it while the viewer works a
question out).

    countdown = Countdown(5)          # 5 s: a full ring and "5"
    countdown.show(4)                 # the digit becomes "4" (swapped, never morphed)
    scene.play(countdown.tick(4))     # one second: the ring empties from 4 s left to 3 s left

The ring starts at twelve o'clock and empties clockwise, as a kitchen timer does; its grey track
stays, so how much is left reads at a glance, and the digit says it exactly. Only shapes move:
the digit is replaced at each whole second, so no frame shows a digit half-way into the next.
"""
from __future__ import annotations

import numpy as np
from manim import TAU, Arc, Circle, UpdateFromAlphaFunc, VGroup, linear

from scenes.visual import palette as P
from scenes.visual.mobjects import label

SECONDS = 5           # how long the viewer gets (a caption cue lasts at most 7 s: the pause is one cue)
RING_WIDTH = 8        # stroke, px at 1080p


class Countdown(VGroup):
    """A ring of ``seconds`` whole seconds with the seconds left in its middle.

    ``track`` is the grey full circle, ``ring`` the coloured arc of the time left (``ring_at``),
    ``number`` the label of the seconds left (``left`` says which), ``numbers[n]`` the label
    made for each second n = ``seconds`` ... 1 (as made: ``show`` places a copy).
    """

    def __init__(self, seconds: int = SECONDS, radius: float = 0.5, color: str = P.HIGHLIGHT,
                 size: float = 30, **kwargs):
        super().__init__(**kwargs)
        if seconds < 1:
            raise ValueError(f"a countdown of {seconds} s: at least 1")
        self.seconds, self.radius, self.color = int(seconds), radius, color
        self.track = Circle(radius, stroke_color=P.GRID_LINE, stroke_width=RING_WIDTH)
        self.ring = self.ring_at(self.seconds)
        self.numbers = {n: label(str(n), size, P.TEXT, weight="BOLD") for n in range(1, self.seconds + 1)}
        self.left = self.seconds
        self.number = self.numbers[self.seconds].copy()
        self.add(self.track, self.ring, self.number)

    def ring_at(self, left: float) -> Arc:
        """The ring with ``left`` seconds left (``left`` / ``seconds`` of a full turn, from twelve
        o'clock, clockwise), placed where the countdown is. Always the same number of points, so
        one ring turns into another smoothly."""
        share = min(1.0, max(0.0, left / self.seconds))
        arc = Arc(radius=self.track.width / 2, start_angle=TAU / 4, angle=-TAU * max(share, 1e-4),
                  stroke_color=self.color, stroke_width=RING_WIDTH)
        return arc.shift(self.track.get_center())

    def share_left(self) -> float:
        """The share of a full turn the ring shows now (1 at the start, 0 at the end), read
        from its shape: the angle between its two ends, clockwise from twelve o'clock."""
        start, end = self.ring.get_start() - self.track.get_center(), self.ring.get_end() - self.track.get_center()
        a0, a1 = np.arctan2(start[1], start[0]), np.arctan2(end[1], end[0])
        turned = (a0 - a1) % TAU
        if turned < 1e-3 and self.ring.get_arc_length() > self.track.width:   # a whole turn: both ends meet
            return 1.0
        return turned / TAU

    def tick(self, left: int):
        """The second from ``left`` to ``left - 1`` seconds left: the ring, redrawn on its circle
        at every frame, empties by one share (1 s, at a steady pace)."""
        return UpdateFromAlphaFunc(self.ring, lambda ring, alpha: ring.become(self.ring_at(left - alpha)),
                                   run_time=1, rate_func=linear)

    def show(self, left: int) -> None:
        """Write ``left`` seconds in the middle instead of what is there (a swap, not a morph)."""
        if left not in self.numbers:
            raise ValueError(f"{left} s left: the countdown counts {self.seconds} ... 1")
        new = self.numbers[left].copy().scale(self.track.width / (2 * self.radius))   # as the ring was scaled
        new.move_to(self.track.get_center()).set_fill(opacity=self.number.get_fill_opacity())
        self.remove(self.number)
        self.add(new)
        self.number, self.left = new, left


__all__ = ["Countdown", "SECONDS"]
