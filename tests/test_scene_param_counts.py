"""The parameter-count scene, rendered for real at low quality, checked against
cnncore.param_counts and against the counts worked out by hand."""
import math
import re

import numpy as np
import pytest

from cnncore import param_counts
from scenes.base import load_params
from scenes.content.param_counts import (AXIS_Y, MODE_COLORS, MODES, REALISTIC, ParameterCounts, said)
from scenes.visual import palette as P
from tests.framecheck import CHECKS, framecheck
from scenes.visual.bars import AXIS_LEFT
from scenes.visual.words import exact, power, readable
from tests.scenekit import assert_legible, close, label_opacity, pixel_at, render


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    return render(ParameterCounts, tmp_path_factory.mktemp("param_counts"))


def test_number_formats():
    assert [readable(n) for n in (56, 1792, 999_999, 89_915_392, 483_388_358_656, 3_211_264)] == \
        ["56", "1,792", "999,999", "89.9 million", "483 billion", "3.21 million"]
    assert exact(483_388_358_656) == "483,388,358,656"
    assert [power(e) for e in (0, 6, 12)] == ["10⁰", "10⁶", "10¹²"]


def test_the_narration_says_each_count_as_its_bar_shows_it(rendered):
    """The script writes a count from ``said`` (a number and the power of ten of its word): the
    narration reads exactly what ``readable`` puts on the bar."""
    scene, _ = rendered
    assert [said(n) for n in (56, 999_999, 89_915_392, 483_388_358_656, 10 ** 6)] == \
        [(56, 0), (999_999, 0), (89.9, 6), (483.0, 9), (1.0, 6)]
    lecture_layer, realistic, magnitude = (c.text for c in scene.narrator.clips)
    for text, counts, modes in ((lecture_layer, scene.counts[0], MODES), (realistic, scene.counts[1], MODES),
                                (magnitude, scene.counts[1], MODES[:1])):
        for mode in modes:
            whole = r"(?<![\d.,])" + re.escape(readable(counts[mode]["total"])) + r"(?![\d]|[.,]\d)"
            assert re.search(whole, text), (mode, text)
    assert "224 by 224 colour image, 64 filters" in realistic


def test_the_realistic_layer_counted_by_hand():
    """224x224x3, 64 filters of 3x3, stride 1, padding 1: the output is 224x224x64."""
    c = param_counts(**REALISTIC)
    cells = 224 * 224 * 64
    assert c["shared"]["total"] == 64 * 3 * 3 * 3 + 64 == 1792
    assert c["local"]["total"] == cells * 27 + cells
    assert c["dense"]["total"] == cells * 224 * 224 * 3 + cells
    assert [readable(c[m]["total"]) for m in MODES] == ["1,792", "89.9 million", "483 billion"]


def check_bars(scene, frame):
    p = scene.layer
    want = [param_counts(p.channels, p.input_size, p.filters, p.kernel_size, p.stride, p.padding, p.dilation),
            param_counts(**REALISTIC)]
    assert scene.counts == want
    rows = [(g.bars[m], c[m]["total"], MODE_COLORS[m]) for g, c in zip(scene.groups, want) for m in MODES]
    bars = [b for b, _, _ in rows]
    counts = [n for _, n, _ in rows]
    for bar, n, color in rows:
        assert bar.count == n
        assert bar.said.text == readable(n) and label_opacity(bar.said) > 0.99
        if n >= 10 ** 6:
            assert bar.digits.text == exact(n) and label_opacity(bar.digits) > 0.99
        else:
            assert bar.digits is None
        # the bar starts at 10⁰ and ends at its count on the axis (log scale)
        assert math.isclose(bar.bar.get_left()[0], AXIS_LEFT, abs_tol=1e-6)
        assert math.isclose(bar.bar.width, math.log10(n) * scene.decade, rel_tol=1e-6)
        assert bar.said.get_left()[0] > bar.bar.get_right()[0]
        if frame is not None and bar.bar.width > 0.1:  # its colour on screen, right up to its end
            for at in (bar.bar.get_center(), bar.bar.get_right() - np.array([0.04, 0, 0])):
                assert close(pixel_at(scene, frame, at), color, 30)
            assert not close(pixel_at(scene, frame, bar.bar.get_right() + np.array([0.06, 0, 0])), color, 30)
    # longer bar, larger count (and within a layer: shared <= local <= dense)
    for a, na in zip(bars, counts):
        for b, nb in zip(bars, counts):
            if na < nb:
                assert a.bar.width < b.bar.width
    for g in scene.groups:
        w = [g.bars[m].bar.width for m in MODES]
        assert w[0] <= w[1] <= w[2]
    # ticks: 10⁰ .. 10^decades, one decade apart, covering the longest bar
    assert [t.text for t in scene.tick_labels] == [power(e) for e in range(scene.decades + 1)]
    for e, (tick, text) in enumerate(zip(scene.ticks, scene.tick_labels)):
        assert math.isclose(tick.get_x(), AXIS_LEFT + e * scene.decade, abs_tol=1e-6)
        assert math.isclose(text.get_x(), tick.get_x(), abs_tol=1e-6) and text.get_top()[1] < AXIS_Y
    assert max(b.bar.get_right()[0] for b in bars) <= scene.ticks[-1].get_x() + 1e-6
    assert max(counts) <= 10 ** scene.decades
    for g in scene.groups:
        for b in g.bars.values():
            assert b.bar.get_bottom()[1] > AXIS_Y


def test_bars_show_the_cores_counts_on_a_log_scale(rendered):
    scene, frame = rendered
    check_bars(scene, frame)
    assert scene.decades == 12
    heads = [g.head[1].text for g in scene.groups]
    assert heads[0] == "5×5×3 input, 2 filters of 3×3, stride 2, padding 1  →  3×3×2 output"
    assert heads[1] == "224×224×3 input, 64 filters of 3×3, stride 1, padding 1  →  224×224×64 output"


def test_nothing_cut_off_and_no_labels_overlap(rendered):
    scene, _ = rendered
    assert_legible(scene)


EXTREMES = {
    "largest counts": "channels = 3\ninput_size = 9\nfilters = 3\nkernel_size = 1\nstride = 1\npadding = 0",
    "smallest layer": "channels = 1\ninput_size = 1\nfilters = 1\nkernel_size = 1\nstride = 1\npadding = 0",
    "5x5 kernel, padding 2": "channels = 3\ninput_size = 5\nfilters = 3\nkernel_size = 5\nstride = 1\npadding = 2",
}


@pytest.mark.parametrize("body", EXTREMES.values(), ids=EXTREMES.keys())
def test_any_accepted_layer_fits(tmp_path, body):
    f = tmp_path / "p.toml"
    f.write_text("[scenes.param_counts]\nstrict = false\ndilation = 1\n" + body + "\n")
    ParameterCounts.check_params(load_params(f))
    scene, frame = render(ParameterCounts, tmp_path, params=f)
    check_bars(scene, frame)
    assert_legible(scene)


def test_no_label_is_morphed_into_other_text(rendered):
    scene, _ = rendered
    assert scene.morphs == []


def test_the_bars_wear_no_weight_colour():
    """A bar is a count, not a weight: none wears a colour the palette gives a weight (which
    would claim to be w0's); the convolution is highlighted, the layers without sharing neutral."""
    lecture = {P.weight_color(k, c, u, v).upper() for k in range(3) for c in range(3) for u in range(5) for v in range(5)}
    lecture |= {P.kernel_1d_color(k, v).upper() for k in range(3) for v in range(5)}
    lecture |= {c.upper() for c in P.distinct_colors(P.distinct_capacity())}
    assert not {c.upper() for c in MODE_COLORS.values()} & lecture
    assert MODE_COLORS["shared"] == P.HIGHLIGHT and MODE_COLORS["local"] == MODE_COLORS["dense"] == P.MUTED


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    return framecheck(ParameterCounts, tmp_path_factory.mktemp("param_counts_frames"))


@pytest.mark.parametrize("check", CHECKS)
def test_the_frame_instruments_find_nothing(report, check):
    assert report.samples > 10 and report.probes > 10
    assert report.of(check) == [], report.summary(check)
