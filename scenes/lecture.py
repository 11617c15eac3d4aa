"""The lecture, in order: one line per scene, ``<file in scenes/content>:<class>``.

The build (``make video``), the slides, the stills, the benchmark, the parameter file's
validator and the tests all read this list through ``lecture()``; a scene's parameter table,
beats and limits are on its class, its words in the script (``scenes/script/<language>.ftl``). The scene modules are loaded by name the first
time ``lecture()`` is asked (a registry, as Manim loads a scene file): nothing imports a scene
module statically but its tests, so the scenes may import ``scenes.base``, which reads this list.
"""
from __future__ import annotations

from functools import cache
from importlib import import_module

ORDER = (
    "question:TheQuestion",
    "sliding_filter:SlidingFilter",
    "channels:ManyChannels",
    "depth_slices:DepthSlices",
    "edges_1d:ColouredEdges1D",
    "unrolled:UnrolledMatrix",
    "gradient:SharedGradient",
    "param_counts:ParameterCounts",
    "why_share:WhyShare",
    "dilated:DilatedConv",
    "transposed:TransposedConv",
    "separable:SeparableConv",
    "recap:Recap",
)


# Scenes rendered on their own, outside the lecture (make video, the slides and the stills leave
# them out), whose words are in the lecture's script all the same: the script's check counts
# their beats as used and checks them like the lecture's.
APART = (
    "exercise:ExerciseVideo",   # one student's exercise video (issue #27, toolchain/exercises)
)


def scene_names() -> list[str]:
    """The lecture's scene class names, in order (without loading any scene)."""
    return [spec.split(":")[1] for spec in ORDER]


def scene_class(spec: str) -> type:
    module, cls = spec.split(":")
    return getattr(import_module(f"scenes.content.{module}"), cls)


@cache
def lecture() -> tuple[type, ...]:
    """The lecture's scene classes, in order."""
    return tuple(scene_class(spec) for spec in ORDER)


@cache
def apart() -> tuple[type, ...]:
    """The scene classes rendered apart from the lecture (``APART``)."""
    return tuple(scene_class(spec) for spec in APART)
