"""The CS231n scene, rendered for real at low quality, checked against its trace."""
from pathlib import Path

import numpy as np
import pytest

from scenes.visual import palette as P
from scenes.content.cs231n import CS231nDemo
from scenes.visual.mobjects import fmt
from tests.scenekit import assert_legible, close, pixel_at, render

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    return render(CS231nDemo, tmp_path_factory.mktemp("cs231n"))


def test_output_numbers_equal_the_core(rendered):
    scene, _ = rendered
    t = scene.trace
    for k, i, j in t.cells():
        num = scene.output.number(k, i, j)
        assert num.text == fmt(t.output[k, i, j])
        assert num.get_fill_opacity() > 0.99, f"o{(k, i, j)} never appeared"


def test_filter_cells_show_each_weight_in_its_colour(rendered):
    scene, frame = rendered
    t = scene.trace
    colors = P.weight_colors(t)
    assert len(set(colors)) == t.n_weights, "two weights share a colour"
    for wid in range(t.n_weights):
        sq = scene.filters.weight_cell(wid)
        assert sq.get_fill_color().to_hex().upper() == colors[wid].upper()
        corner = sq.get_corner(np.array([-1, 1, 0])) + np.array([0.06, -0.06, 0]) * sq.width / 0.42
        assert close(pixel_at(scene, frame, corner), colors[wid], tol=40), t.key_label(wid)


def test_nothing_cut_off_and_no_labels_overlap(rendered):
    scene, _ = rendered
    assert_legible(scene, margin=0.0)


def test_no_label_is_morphed_into_other_text(rendered):
    """Numbers and labels that change cross-fade: no Transform in the whole scene turns a
    Label into other text (or a shape into text), so no frame shows half-formed glyphs."""
    scene, _ = rendered
    assert scene.morphs == []
