"""A count as a bar on a log scale (ParameterCounts, SeparableConv): its length is log10 of the
count in decades, the count written just past its end."""
from __future__ import annotations

import math

import numpy as np
from manim import DOWN, LEFT, RIGHT, Rectangle, VGroup

from scenes.visual import palette as P
from scenes.visual.mobjects import label
from scenes.visual.words import exact, readable

AXIS_LEFT = -4.05          # x of 10^0
BAR_H = 0.42               # a bar's height


class Bar(VGroup):
    """One count: a bar whose length is log10(count) decades, the count (said, and in every
    digit when those differ) just past its end. ``bar``, ``said``, ``digits`` (or None)."""

    def __init__(self, count: int, decade: float, color: str, **kwargs):
        super().__init__(**kwargs)
        self.count = int(count)
        length = max(math.log10(self.count) * decade, 0.02)
        self.bar = Rectangle(width=length, height=BAR_H, stroke_width=0, fill_color=color, fill_opacity=1)
        self.bar.move_to(np.array([AXIS_LEFT + length / 2, 0, 0]))
        self.said = label(readable(self.count), 22, P.TEXT, weight="BOLD")
        text = VGroup(self.said)
        self.digits = None
        if readable(self.count) != exact(self.count):  # the said count, then every digit under it
            self.digits = label(exact(self.count), 16, P.MUTED, mono=True)
            text.add(self.digits)
            text.arrange(DOWN, buff=0.05, aligned_edge=LEFT)
        text.next_to(self.bar, RIGHT, buff=0.15)
        self.add(self.bar, *text)

    def label_width(self) -> float:
        return self.get_right()[0] - self.bar.get_right()[0]
