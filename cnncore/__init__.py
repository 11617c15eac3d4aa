"""Pure-numpy core of the weight-sharing lecture: layers, their traces, and the parameter file.

Nothing here imports manim; scenes turn these traces into pictures.
"""
from .examples import (CS231N, cs231n_layer, dense_layer, example_1d, example_layer, local_layer,
                       untied, upstream_gradient)
from .geometry import GeometryError, output_size
from .trace import (CellTrace, Contribution, Gradient, Trace, conv1d, conv2d, fully_connected,
                    locally_connected2d, param_counts)

__all__ = [
    "CS231N", "CellTrace", "Contribution", "GeometryError", "Gradient", "Trace", "conv1d",
    "conv2d", "cs231n_layer", "dense_layer", "example_1d", "example_layer", "fully_connected",
    "local_layer", "locally_connected2d", "output_size", "param_counts", "untied",
    "upstream_gradient",
]
