"""The coloured-edges scene, rendered for real at low quality, checked against its traces: every
edge in its weight's colour, colours that tell the unshared weights apart (CIEDE2000 >= 10) or
grey with the count where the palette cannot, zero-based names as in the 2-D scenes, and
issue #24's frame instruments finding nothing."""
import re
from itertools import combinations

import numpy as np
import pytest

from cnncore.examples import dense_layer, untied
from scenes.base import load_params
from scenes.visual import palette as P
from scenes.content.edges_1d import ColouredEdges1D
from scenes.visual.mobjects import fmt
from scenes.visual.mobjects import Label
from tests.framecheck import CHECKS, delta_e, family, framecheck
from tests.scenekit import assert_legible, overlap_check_sees, label_opacity, near, render

MODES = ("shared", "local", "dense")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    return render(ColouredEdges1D, tmp_path_factory.mktemp("edges_1d"))


def expected_colors(scene, mode):
    """The colour of every weight of a layer: the kernel's own (by identity); the unshared
    layers' from one run of distinct colours over both, or the fully connected layer grey."""
    if mode == "shared":
        return P.weight_colors(scene.trace)
    n_local, n_dense = scene.traces["local"].n_weights, scene.traces["dense"].n_weights
    if n_local + n_dense <= P.distinct_capacity():
        both = P.distinct_colors(n_local + n_dense)
        return list(both[:n_local]) if mode == "local" else list(both[n_local:])
    return list(P.distinct_colors(n_local)) if mode == "local" else [P.UNSHARED] * n_dense


def expected_edges(scene, mode):
    """{(output j, padded input s): colour} straight from the trace of each layer."""
    t = scene.traces[mode]
    offset = scene.trace.padding[1] - t.padding[1]
    colors = expected_colors(scene, mode)
    return {(j, int(t.positions[0, j, tap, 2]) + offset): colors[int(t.weight_ids[0, 0, j, tap])]
            for j in range(t.out_shape[2]) for tap in range(t.positions.shape[2])}


def stroke(line) -> str:
    return line.get_stroke_color().to_hex().upper()


def check_edges(scene, frame=None):
    base = scene.trace
    assert scene.traces["shared"] is base and base.mode == "shared"
    assert scene.traces["local"].mode == "local" and scene.traces["dense"].mode == "dense"
    for mode in MODES:
        t = scene.traces[mode]
        nodes, lines = scene.nodes[mode], scene.edge_lines[mode]
        want = expected_edges(scene, mode)
        assert set(lines) == set(want), mode
        assert len(nodes.outputs) == base.out_shape[2] and len(nodes.inputs) == base.x_padded.shape[2]
        for (j, s), color in want.items():
            line = lines[j, s]
            assert stroke(line) == color.upper(), (mode, j, s)
            assert line.get_stroke_opacity() > 0.99
            # the edge really joins input node s and output node j
            r = nodes.radius
            assert np.isclose(np.linalg.norm(line.get_start() - nodes.inputs[s][0].get_center()), r, atol=1e-3)
            assert np.isclose(np.linalg.norm(line.get_end() - nodes.outputs[j][0].get_center()), r, atol=1e-3)
            if frame is not None and mode != "dense":  # sampled a quarter of the way up
                p = line.get_start() + 0.25 * (line.get_end() - line.get_start())
                assert near(scene, frame, p, color), (mode, j, s)
        tally = scene.tallies[mode]
        assert tally.count.text == (f"{t.n_weights} weights" if t.n_weights > 1 else "1 weight")
        assert label_opacity(tally.count) > 0.99
        grey = {stroke(line) for line in lines.values()} == {P.UNSHARED.upper()}
        if grey:   # too many to colour apart: no swatches pretending, the count and its note say it
            assert mode == "dense" and len(tally.swatches) == 0
            assert "each used once" in " ".join(m.text for m in tally.why)
        else:      # the count on screen is the number of distinct colours on screen, the core's count
            assert len({stroke(line) for line in lines.values()}) == t.n_weights
            assert [sq.get_fill_color().to_hex().upper() for sq in tally.swatches] == \
                [c.upper() for c in expected_colors(scene, mode)]
    check_colours_apart(scene)
    assert scene.traces["local"].n_weights == base.out_shape[2] * base.tap_shape[2]
    assert scene.traces["dense"].n_weights == base.out_shape[2] * base.x.shape[2]


def check_colours_apart(scene):
    """Measured (colour-science, not the palette's own tables): the unshared weights on screen
    together, every two coloured ones at least 10 apart and at least 5 from every kernel weight;
    the kernel's own at least 10 apart (7 for 4 or 5 weights: the palette's 1-D kernels). Grey
    only where the palette cannot do that."""
    shared = {c.upper() for c in scene.colors["shared"]}
    unshared = [c.upper() for m in ("local", "dense") for c in scene.colors[m] if c != P.UNSHARED]
    assert len(set(unshared)) == len(unshared), "two unshared weights in one colour"
    apart = 10 if len(shared) <= 3 else P.MIN_RING_APART   # the palette's promise for a 4- or 5-weight kernel: 7
    for a, b in combinations(sorted(shared), 2):
        assert delta_e(a, b) >= apart, (a, b)
    for a, b in combinations(unshared, 2):
        assert delta_e(a, b) >= 10, (a, b)
    for a in unshared:
        for b in shared:
            assert delta_e(a, b) >= 5, (a, b)
    n_local, n_dense = scene.traces["local"].n_weights, scene.traces["dense"].n_weights
    assert (P.UNSHARED in scene.colors["dense"]) == (n_local + n_dense > P.distinct_capacity())
    assert P.UNSHARED not in scene.colors["local"]


def test_every_edge_has_the_colour_of_its_weight(rendered):
    check_edges(*rendered)


def test_the_shared_row_uses_only_the_kernels_colours_and_shows_its_values(rendered):
    scene, _ = rendered
    t = scene.trace
    assert t.n_weights == 3 and scene.traces["local"].n_weights == 15 and scene.traces["dense"].n_weights == 35
    assert {stroke(line) for line in scene.edge_lines["shared"].values()} == {c.upper() for c in P.weight_colors(t)}
    numbers = [sq.submobjects[0].text for sq in scene.tallies["shared"].swatches]
    assert numbers == [fmt(v) for v in t.weight_values]
    # x[i], x[i+1], x[i+2] reach o[i] through w[0], w[1], w[2], at every output (the file's layer: no padding)
    for (j, s), line in scene.edge_lines["shared"].items():
        assert line.weight_id == s - j
    names = [sq.submobjects[1].text for sq in scene.tallies["shared"].swatches]
    assert names == ["w[0]", "w[1]", "w[2]"]


def test_one_notation_zero_based_as_in_the_2d_scenes(rendered):
    """x[0].., o[0].., w[0].. on screen and in the words; no subscript digits (w₁) anywhere."""
    scene, _ = rendered
    texts = [m.text for m in family(scene) if isinstance(m, Label)]
    assert not [t for t in texts if re.search("[₀-₉]", t)]
    assert {"x[0]", "x[6]", "o[0]", "o[4]"} <= set(texts)
    said = " ".join(s.text for s in scene.said)
    assert not re.search("[₀-₉]", said)
    assert "Inputs x[0] to x[6]" in said
    assert "o[0] reads x[0], x[1], x[2] through w[0], w[1], w[2]" in said
    assert "o[1] reads the next inputs" in said


def test_contrast_layers_are_the_same_input(rendered):
    scene, _ = rendered
    t = scene.trace
    for mode in ("local", "dense"):
        assert np.array_equal(scene.traces[mode].x, t.x)
    assert np.array_equal(untied(t).output, t.output)
    assert np.array_equal(scene.traces["dense"].weight_values, dense_layer(t, scene.layer.seed).weight_values)


def test_nothing_cut_off_and_no_labels_overlap(rendered):
    scene, _ = rendered
    assert_legible(scene)


def test_the_overlap_check_sees_the_scenes_labels(rendered):
    scene, _ = rendered
    assert overlap_check_sees(scene, scene.tallies["dense"].count)


LARGEST = {
    "nine inputs, kernel 1": "input_size = 9\nkernel_size = 1\npadding = 0",             # 81 dense edges
    "padding 2": "input_size = 5\nkernel_size = 1\npadding = 2",                         # 9 outputs, padding nodes
    "kernel 5, padding 2": "input_size = 5\nkernel_size = 5\npadding = 2",
    "dilated, strided": "input_size = 9\nkernel_size = 3\ndilation = 2\nstride = 2\npadding = 0",
    "stride 4": "input_size = 9\nkernel_size = 1\nstride = 4\npadding = 0",
    "one output": "input_size = 3\nkernel_size = 3\npadding = 0",
}


@pytest.mark.parametrize("body", LARGEST.values(), ids=LARGEST.keys())
def test_largest_and_oddest_accepted_layers(tmp_path, body):
    f = tmp_path / "p.toml"
    f.write_text("[pace]\nfull_positions = 1\n[scenes.edges_1d]\nchannels = 1\nfilters = 1\n"
                 f"strict = false\ninput_range = [0, 3]\n{body}\n")
    ColouredEdges1D.check_params(load_params(f))
    scene, frame = render(ColouredEdges1D, tmp_path, params=f)
    check_edges(scene, frame)
    assert_legible(scene)
    said = " ".join(c.content for c in scene.renderer.file_writer.subcaptions).replace("\n", " ")
    outputs = scene.trace.out_shape[2]
    assert (f"{outputs} output above" if outputs == 1 else f"{outputs} outputs above") in said
    assert ("o[1]" in said) == (outputs > 1)   # one output: nothing is said of an o[1] never drawn
    assert ("drawn grey" in said) == (P.UNSHARED in scene.colors["dense"])


def frames_file(tmp_path, body=""):
    f = tmp_path / "p.toml"
    f.write_text("[scenes.edges_1d]\nchannels = 1\nfilters = 1\nstrict = false\n" + body)
    return f


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    return framecheck(ColouredEdges1D, tmp_path_factory.mktemp("edges_frames"))


@pytest.fixture(scope="module")
def report_81(tmp_path_factory):
    """A lecturer's 9 inputs with kernel 1, stride 1: 9 local and 81 dense weights."""
    tmp = tmp_path_factory.mktemp("edges_81")
    return framecheck(ColouredEdges1D, tmp, params=frames_file(
        tmp, "input_size = 9\nkernel_size = 1\nstride = 1\npadding = 0\n"))


@pytest.mark.parametrize("check", CHECKS)
def test_the_frame_instruments_find_nothing(report, check):
    assert report.samples > 10 and report.probes > 10
    assert report.of(check) == [], report.summary(check)


@pytest.mark.parametrize("check", CHECKS)
def test_the_frame_instruments_find_nothing_with_81_grey_edges(report_81, check):
    scene = report_81.scene_object
    assert scene.traces["dense"].n_weights == 81
    assert set(scene.colors["dense"]) == {P.UNSHARED} and scene.tallies["dense"].count.text == "81 weights"
    assert report_81.of(check) == [], report_81.summary(check)


def test_no_label_is_morphed_into_other_text(rendered):
    """The formula under the row changes output by output (o₁ = ... to o₂ = ...) by a cross-fade:
    no Transform in the scene turns a Label into other text."""
    scene, _ = rendered
    assert scene.morphs == []
