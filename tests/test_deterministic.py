"""The same parameter file gives the same numbers. (And the same frames: tests/test_manim_ext.py
renders five scenes twice, in two processes, and compares their frames at every checkpoint, pixel
for pixel; a render that drew anything differently from one run to the next would fail there.)"""
import numpy as np

from scenes.base import load_params as load
from scenes.base import DEFAULT_PARAMS


def test_the_same_file_gives_the_same_numbers():
    a, b = load(DEFAULT_PARAMS), load(DEFAULT_PARAMS)
    for scene in a.layers:
        ta, tb = a.layer(scene).trace(), b.layer(scene).trace()
        for name in ("x", "weight_values", "bias_values", "output"):
            assert np.array_equal(getattr(ta, name), getattr(tb, name)), (scene, name)
