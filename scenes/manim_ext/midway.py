"""Stop a render inside a play, at a fraction of its run time (tests look at such frames).

What Manim does: ``Scene.play`` compiles the animations, begins them, plays them to their end
and cleans up; it has no way to stop halfway. What we do instead: ``play_to(scene, animations,
kwargs, alpha)`` runs the first part of ``Scene.play`` (``compile_animation_data``,
``begin_animations``) and ``update_to_time(run_time * alpha)``, so the scene shows the play at
``alpha`` of its length; the caller then ends the render. Used only when a test asks for a
``midway`` stop (``scenes/checkpoints.py``), on stock Manim too. Checked by: the midway tests
of the scene test files (a Replace halfway shows no half-formed label, a sweep's window between
two positions).
"""
from __future__ import annotations


def play_to(scene, animations, kwargs: dict, alpha: float) -> None:
    kwargs = {k: v for k, v in kwargs.items() if not k.startswith("subcaption")}
    scene.compile_animation_data(*animations, **kwargs)
    scene.begin_animations()
    scene.update_to_time(scene.duration * alpha)
