"""Named moments in a scene, for tests: ``self.checkpoint("after position 3")``.

A scene marks the moments worth checking by name (the sweep marks every position for you);
a test renders the scene up to one of them and looks at what is on screen then::

    scene, frame = render(SlidingFilter, tmp_path, upto="after position 3")
    scene.sweep.arithmetic, scene.sweep.counter, scene.output.number(k, i, j)

Counting plays (``upto_animation_number``) broke a test whenever a beat gained an animation;
a name stays where it is. In a normal render a checkpoint does nothing but remember its name.

``midway=alpha`` stops instead *inside* the first play after the checkpoint, at that fraction of
its run time (0.5: halfway), so a test can look at a frame in the middle of a move.

``look_at(name, callback)`` calls ``callback(scene)`` at checkpoint ``name`` and lets the render go
on: one render can be checked at a moment and at its end (a large layer's render is slow).
"""
from __future__ import annotations

from manim.utils.exceptions import EndSceneEarlyException

from scenes.manim_ext.midway import play_to


class CheckpointReached(EndSceneEarlyException):
    """Ends the scene at the checkpoint a test asked for (Manim ends the scene normally on it)."""


class Checkpoints:
    """Mixin for a ``Scene``: ``checkpoint(name)`` marks a moment; ``stop_at(name)`` (tests)
    makes the render end there. ``checkpoints`` lists the names passed so far, in order."""

    _stop_at: str | None = None
    _midway: float | None = None
    _armed: bool = False

    @property
    def checkpoints(self) -> list[str]:
        return self.__dict__.setdefault("_passed", [])

    def look_at(self, name: str, callback) -> None:
        """Call ``callback(scene)`` when checkpoint ``name`` is marked; the render goes on.
        Call before ``render()``."""
        self.__dict__.setdefault("_looks", {})[name] = callback

    def look_at_every(self, callback) -> None:
        """Call ``callback(scene, name)`` at every checkpoint; the render goes on."""
        self.__dict__["_every"] = callback

    @property
    def looked_at(self) -> list[str]:
        """The checkpoints whose ``look_at`` callback ran, in order."""
        return self.__dict__.setdefault("_looked", [])

    def stop_at(self, name: str, midway: float | None = None) -> None:
        """End the render at checkpoint ``name`` (or, with ``midway``, that far into the play
        after it). Call before ``render()``."""
        self._stop_at, self._midway = name, midway

    @property
    def stopped_at(self) -> str | None:
        """The checkpoint the render stopped at (None: it ran to the end)."""
        return self.__dict__.get("_stopped")

    def checkpoint(self, name: str) -> None:
        """Mark a named moment of the scene. Names are unique within a scene."""
        if name in self.checkpoints:
            raise ValueError(f"{type(self).__name__}: checkpoint {name!r} marked twice")
        self.checkpoints.append(name)
        every = self.__dict__.get("_every")
        if every is not None:
            every(self, name)
        look = self.__dict__.get("_looks", {}).get(name)
        if look is not None:
            look(self)
            self.looked_at.append(name)
        if name != self._stop_at:
            return
        if self._midway is None:
            self._stop(name)
        self._armed = True   # stop inside the next play

    def _stop(self, name: str):
        self.__dict__["_stopped"] = name
        raise CheckpointReached(name)

    def play(self, *animations, **kwargs):
        if not self._armed:
            return super().play(*animations, **kwargs)
        # the first play after the checkpoint: run it to ``midway`` of its length, draw, stop
        play_to(self, animations, kwargs, self._midway)
        self._stop(self._stop_at)
