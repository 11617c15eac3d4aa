"""manim-slides 5.7.0's ``Slide`` on Manim 0.22 (a subclass; neither package is changed).

What manim-slides does, and why it does not fit Manim 0.22:

1. ``Slide.__init__`` sets ``config["write_to_movie"]`` (removed in 0.22; Cairo scenes write
   a movie anyway): skipped.
2. ``Slide.render`` sets ``max_files_cached`` to infinity (0.22 accepts -1 for unlimited)
   and reads ``config["flush_cache"]`` (no such setting in 0.22).
3. ``_background_color`` calls ``.to_hex()`` on the camera's background, which our scenes
   set as a hex string: converted through ``ManimColor`` first.

Checked by: ``tests/test_slides.py`` (the lecture's scenes rendered as slides and driven in a
real browser).
"""
from __future__ import annotations

from typing import Any

from manim import ManimColor, config
from manim_slides import Slide
from manim_slides.slide.base import BaseSlide

MANIM_SLIDES_VERSION = "5.7.0"   # written against this version (pinned in pyproject)


class CompatSlide(Slide):
    """``Slide``, fitted to Manim 0.22 (see the module's docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        BaseSlide.__init__(self, *args, **kwargs)   # skips Slide.__init__'s write_to_movie

    @property
    def _background_color(self) -> str:
        return ManimColor(self.renderer.camera.background_color).to_hex()

    def render(self, *args: Any, **kwargs: Any) -> None:
        # Slide.render, with -1 ("unlimited": manim-slides joins the cached partial movies after
        # Manim is done, so none may be pruned) where it wrote float("inf"); Manim 0.22 has no
        # ``flush_cache`` setting, so there is nothing to postpone.
        max_files_cached = config["max_files_cached"]
        config["max_files_cached"] = -1
        try:
            super(Slide, self).render(*args, **kwargs)
        finally:
            config["max_files_cached"] = max_files_cached
        self._save_slides(use_cache=not (config["disable_caching"] or self.disable_caching),
                          flush_cache=self.flush_cache, skip_reversing=self.skip_reversing)
