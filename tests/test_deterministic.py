"""The same parameter file gives the same numbers and the same frames."""
import numpy as np

from scenes.base import load_params as load
from scenes.base import DEFAULT_PARAMS
from scenes.content.depth_slices import DepthSlices
from scenes.content.sliding_filter import SlidingFilter
from tests.scenekit import render


def test_the_same_file_gives_the_same_numbers():
    a, b = load(DEFAULT_PARAMS), load(DEFAULT_PARAMS)
    for scene in a.layers:
        ta, tb = a.layer(scene).trace(), b.layer(scene).trace()
        for name in ("x", "weight_values", "bias_values", "output"):
            assert np.array_equal(getattr(ta, name), getattr(tb, name)), (scene, name)


def test_two_renders_of_a_still_are_pixel_identical(tmp_path):
    for scene_cls in (DepthSlices, SlidingFilter):
        _, first = render(scene_cls, tmp_path / "a", pixel_width=640, pixel_height=360)
        _, second = render(scene_cls, tmp_path / "b", pixel_width=640, pixel_height=360)
        assert first.shape == (360, 640, 4)
        assert (first[..., :3] != first[0, 0, :3]).any(), "the frame is not blank"
        assert np.array_equal(first, second), scene_cls.__name__
