"""Every number sits inside its cell with a visible margin, at the extremes the parameter file
allows (issue #16): read off the rendered frame at 1080p, not off the mobjects' intended sizes.

For every output cell of DepthSlices (the CS231n demo's layer) the pixels in a ring just inside the
cell's border, a margin of ``MARGIN`` of the cell's side, must hold no glyph: the number's ink
stays in the middle of its own cell, so no highlight frame covers a minus sign and two numbers
in neighbouring cells never run together ("-13-14").
"""
import numpy as np
import pytest

from scenes.content.depth_slices import DepthSlices
from manim import LEFT, tempconfig

from scenes.manim_ext.quick_render import whole_frame
from tests.scenekit import SMALL, hex_rgb, render

HD = {"pixel_width": 1920, "pixel_height": 1080}
MARGIN = 0.08   # of the cell's side: the ring that must stay free of ink

# [layer] tables at the extremes: all inputs 9 and weights -9 (outputs down to -2196), the
# mirror image, and the case (two-digit negatives side by side: -11, -13, -14).
EXTREMES = {
    "largest negative outputs": "input_range = [9, 9]\nweight_range = [-9, -9]\nbiases = [-9, -9]\n",
    "mixed signs at the extremes": "input_range = [-9, 9]\nweight_range = [-9, 9]\nseed = 5\n",
    "largest positive outputs": "input_range = [9, 9]\nweight_range = [9, 9]\nbiases = [9, 9]\n",
    "two-digit negatives side by side": "input_range = [1, 2]\nweight_range = [-1, -1]\nbiases = [-1, -1]\n",
}


def ink_in_ring(scene, frame, square, colour) -> int:
    """Pixels of ``colour`` (the number's ink) in the ring between the square's border and an
    inner box ``MARGIN`` of its side inside it."""
    fw, fh = scene.frame_size
    h, w = frame.shape[:2]
    (x0, y1), (x1, y0) = square.get_corner(np.array([-1, 1, 0]))[:2], square.get_corner(np.array([1, -1, 0]))[:2]
    px = lambda x: (x + fw / 2) / fw * (w - 1)
    py = lambda y: (fh / 2 - y) / fh * (h - 1)
    side = px(x1) - px(x0)
    border = 3   # the grid line itself (and its antialiasing)
    c0, c1 = int(round(px(x0))) + border, int(round(px(x1))) - border
    r0, r1 = int(round(py(y1))) + border, int(round(py(y0))) - border
    m = int(round(MARGIN * side))
    patch = frame[r0:r1 + 1, c0:c1 + 1, :3].astype(int)
    ring = np.ones(patch.shape[:2], dtype=bool)
    ring[m:-m or None, m:-m or None] = False
    ink = np.abs(patch - hex_rgb(colour)).max(axis=2) <= 60
    return int((ink & ring).sum())


@pytest.fixture(scope="module")
def extreme(tmp_path_factory):
    """DepthSlices rendered with EXTREMES[name], once per name for the module."""
    made = {}

    def rendered(name):
        if name not in made:
            d = tmp_path_factory.mktemp("extreme")
            f = d / "p.toml"
            f.write_text(f"[scenes.depth_slices]\n{EXTREMES[name]}")
            made[name] = render(DepthSlices, d, params=f, **HD)
        return made[name]
    return rendered


@pytest.mark.parametrize("name", EXTREMES)
def test_every_output_number_keeps_a_margin_inside_its_cell(extreme, name):
    scene, frame = extreme(name)
    t = scene.trace
    assert len({len(str(v)) for v in t.output.ravel()}) >= 1
    for k, i, j in t.cells():
        sq = scene.output.cell(k, i, j)
        number = scene.output.number(k, i, j)
        colour = number.get_fill_color().to_hex()
        assert ink_in_ring(scene, frame, sq, colour) == 0, (
            f"o({j},{i},{k}) = {number.text}: ink within {MARGIN:.0%} of its cell's border")
    # the weights (-9 and 9: two characters) and the biases' grids the same way
    for grids in scene.filters.grids:
        for g in grids:
            for r in range(g.rows):
                for c in range(g.cols):
                    number = g.numbers[r][c]
                    assert ink_in_ring(scene, frame, g.cell(r, c), number.get_fill_color().to_hex()) == 0, number.text


def test_the_ring_check_sees_a_number_on_the_border(extreme):
    """The check can fail: a number pushed against its cell's left border is caught. (It moves
    a number of the scene the test above checked: it runs after it.)"""
    scene, _ = extreme("two-digit negatives side by side")
    sq, number = scene.output.cell(0, 0, 0), scene.output.number(0, 0, 0)
    number.align_to(sq, LEFT)   # its ink from the border on
    with tempconfig(dict(SMALL, **HD)):
        frame = whole_frame(scene)
    assert ink_in_ring(scene, frame, sq, number.get_fill_color().to_hex()) > 0
