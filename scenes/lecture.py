"""The lecture, in order: one line per scene, ``<file in scenes/content>:<class>``.

The build (``make video``), the benchmark, the stills, the slides and the tests all read
``LECTURE``; a scene's chapter title, parameter table and limits are on its class.
"""
from importlib import import_module

ORDER = (
    "sliding_filter:SlidingFilter",
    "why_share:WhyShare",
    "channels:ManyChannels",
    "depth_slices:DepthSlices",
    "cs231n:CS231nDemo",
    "edges_1d:ColouredEdges1D",
    "unrolled:UnrolledMatrix",
    "gradient:SharedGradient",
    "param_counts:ParameterCounts",
    "dilated:DilatedConv",
    "transposed:TransposedConv",
    "separable:SeparableConv",
)


def scene_class(spec: str) -> type:
    module, cls = spec.split(":")
    return getattr(import_module(f"scenes.content.{module}"), cls)


LECTURE: list[type] = [scene_class(spec) for spec in ORDER]
