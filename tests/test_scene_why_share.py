"""The "why share" scene, rendered for real, checked against cnncore.equivariance; its own
settings in the parameter file, validated before anything renders; its detector in colours of
its own (not w0's), its place in the lecture (after the answer and the counts), and issue #24's
frame instruments finding nothing."""
import numpy as np
import pytest

from cnncore.params import ParamError
from scenes.base import load_params
from scenes.content import why_share as module
from scenes.content.why_share import IMAGES, LEVELS, WhyShare, load_image
from scenes.visual import palette as P
from scenes.visual.mobjects import fmt
from scenes.visual.pixels import POSITIVE, grey, heat
from scenes.lecture import scene_names
from scenes.visual.mobjects import Label
from tests.framecheck import CHECKS, family, framecheck, least_delta_e
from tests.scenekit import assert_legible, close, fill_of, passed, pixel_at, render, visible_texts

# Checkpoints: "brightness shown" (the picture, its darkest and brightest pixels tagged),
# "stop n computed" (the filter on a stop, its arithmetic, its output pixel shown),
# "map computed" (every position: the whole feature map), "own weights shown" (the picture moved;
# convolution and locally connected maps with their numbers).
HD = {"pixel_width": 1280, "pixel_height": 720}   # pixels large enough to sample one by one


def texts(scene):
    return [t.text for t in visible_texts(scene)]


def shows(scene, frame, pixels, r, c, color, tol=12):
    """The frame shows ``color`` at the centre of pixel (r, c) of a PixelMap."""
    return close(pixel_at(scene, frame, pixels.pixel_center(r, c)), color, tol)


def check_map(scene, frame, pixels, values, color_of, covered=()):
    """Every pixel of ``pixels`` (but those ``covered``) shows ``color_of(values[r, c])``, read
    back from the frame."""
    h, w = values.shape
    bad = [(r, c) for r in range(h) for c in range(w) if (r, c) not in covered
           if pixels.pixel_color(r, c) != color_of(values[r, c])
           or not shows(scene, frame, pixels, r, c, color_of(values[r, c]))]
    assert not bad, f"{len(bad)} pixels not as computed, e.g. {bad[:5]}"


# ---- the picture ---------------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(IMAGES))
def test_every_offered_image_loads_from_the_installed_package(name):
    img = load_image(name)
    assert img.shape == IMAGES[name] and img.dtype == np.uint8


# ---- the scene's settings --------------------------------------------------------------------------
def params(tmp_path, body):
    f = tmp_path / "p.toml"
    f.write_text(f"[scenes.why_share]\n{body}\n")
    return f


def test_defaults_and_the_files_settings(tmp_path):
    assert load_params(params(tmp_path, "")).settings_of("why_share") == {
        k: s.default for k, s in WhyShare.settings.items()}
    got = load_params(params(tmp_path, 'image = "coins"\ncrop = [40, 40, 192]\npixels = 24\nshift = [-1, 2]\n'
                                       'detector = "prewitt_y"\nchannels = 1'))
    assert got.settings_of("why_share") == {"image": "coins", "pixels": 24, "crop": (40, 40, 192),
                                            "shift": (-1, 2), "detector": "prewitt_y", "jitter": 1}
    assert got.layer("why_share").channels == 1, "the [layer] keys of the table still apply"
    assert got.settings_of("sliding_filter") == {}


BAD = {
    "unknown image": ('image = "lena"', "image = 'lena': must be one of camera, coins"),
    "image not a name": ("image = 3", "image = 3: must be one of"),
    "crop outside": ("crop = [400, 96, 256]", "crop = [400, 96, 256]: [row, col, size] must lie inside"
                                              " the picture's 512 x 512 pixels"),
    "moved crop outside": ("shift = [4, 4]\ncrop = [0, 0, 256]", "also moved by the shift"),
    "crop not a multiple": ("crop = [32, 96, 250]", "must be a multiple of pixels = 32"),
    "crop short": ("crop = [32, 96]", "must have shape 3"),
    "shift too far": ("shift = [2, 9]", "from -4 to 4"),
    "detector": ('detector = "canny"', "must be one of sobel_x, sobel_y, prewitt_x, prewitt_y"),
    "pixels": ("pixels = 64", "from 16 to 40"),
    "unknown key": ("colour = 3", "unknown key in [scenes.why_share]: 'colour'; valid keys here: channels,"),
}


@pytest.mark.parametrize("body, message", BAD.values(), ids=BAD.keys())
def test_a_bad_setting_is_one_line_naming_it(tmp_path, body, message):
    with pytest.raises(ParamError) as e:
        load_params(params(tmp_path, body))
    assert message in str(e.value) and "\n" not in str(e.value)
    assert "[scenes.why_share]" in str(e.value)
    if "unknown key" in message:
        assert str(e.value).endswith("weights, image, pixels, crop, shift, detector, jitter")


def test_an_unknown_image_stops_the_scene_before_anything_renders(tmp_path, capsys):
    with pytest.raises(SystemExit) as e:
        render(WhyShare, tmp_path, params=params(tmp_path, 'image = "lena"'))
    assert e.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "image = 'lena': must be one of camera" in err[0]
    assert not list(tmp_path.rglob("*.mp4")) and not list(tmp_path.rglob("*.png"))


def test_a_missing_image_stops_the_scene_with_one_line(tmp_path, capsys, monkeypatch):
    def missing(name):
        raise LookupError("scikit-image is not installed (make video installs it; or pip install -e .)")
    monkeypatch.setattr(module, "load_image", missing)
    with pytest.raises(SystemExit) as e:
        render(WhyShare, tmp_path)
    err = capsys.readouterr().err.strip().splitlines()
    assert e.value.code == 2 and len(err) == 1
    assert "[scenes.why_share] image = 'camera': scikit-image is not installed" in err[0]


# ---- rendered ---------------------------------------------------------------------------------------


STOPS = [0, 1, 2]   # the strongest edge, the opposite edge, a flat patch


@pytest.fixture(scope="module")
def final(tmp_path_factory):
    """The whole scene, checked on the way at each moment a test below looks at (``passed``)."""
    checks = {"brightness shown": check_brightness, "map computed": check_whole_map,
              "own weights shown": check_moved_map}
    checks.update({f"stop {n + 1} computed": lambda s, frame, n=n: check_stop(s, frame, n) for n in STOPS})
    return render(WhyShare, tmp_path_factory.mktemp("ws4"), **HD, checks=checks)


def test_the_darkest_and_brightest_pixels_are_named_with_their_brightness(final):
    passed(final[0], "brightness shown")   # check_brightness, run when the render was there


def check_brightness(scene, frame):
    x = scene.ws.x
    for (box, tag), value in zip(scene.brightness_ends, (x.min(), x.max())):
        r, c = np.argwhere(x == value)[0]
        assert np.allclose(box.get_center(), scene.pic.pixel_center(r, c)) and tag.text == fmt(value)
    assert [x.min(), x.max()] == [0, LEVELS - 1]
    assert "x: camera, 32 x 32, brightness 0..9" in texts(scene)
    assert_legible(scene)


@pytest.mark.parametrize("n", STOPS)
def test_the_filter_lands_in_its_colours_and_computes_one_pixel(final, n):
    passed(final[0], f"stop {n + 1} computed")   # check_stop, run when the render was there


def detector_colors():
    """The Sobel detector's colours: nine of its own, not the lecture's w0 (issue #24 item 2)."""
    return list(P.distinct_colors(9))


def test_the_detector_wears_its_own_colours_not_w0s():
    """Nine colours, every two at least 10 apart, none of them a colour the palette gives a weight
    of the lecture (w0's above all), each at least 5 from all of those (measured)."""
    colors = detector_colors()
    lecture = [P.weight_color(k, c, u, v) for k in range(3) for c in range(3) for u in range(5) for v in range(5)]
    assert not {c.upper() for c in colors} & {c.upper() for c in lecture}
    assert least_delta_e(colors) >= 10
    assert least_delta_e(colors, lecture) >= 5


def test_no_w0_name_on_the_detector(final):
    """The detector is titled by its name; no w0[...] (nor any weight name) claims it is w0."""
    scene, _ = final
    names = [m.text for m in family(scene) if isinstance(m, Label)]
    assert not [t for t in names if t.startswith("w0[")]
    assert scene.filters.weight_labels == {}


def test_why_share_comes_after_the_answer_and_its_proof():
    """#24 item 1: the answer (TheQuestion), its proof and the counts come before "why share"."""
    order = scene_names()
    assert order.index("WhyShare") == order.index("ParameterCounts") + 1
    assert order.index("TheQuestion") < order.index("SlidingFilter") < order.index("WhyShare")


def check_stop(scene, frame, n):
    ws, t = scene.ws, scene.trace
    colors = detector_colors()
    assert [c.upper() for c in scene.colors] == [c.upper() for c in colors]
    for wid in range(9):
        assert close(fill_of(scene, frame, scene.filters.weight_cell(wid)), colors[wid], 30)
    i, j = ws.stops[n]
    cell = t.cell(0, i, j)
    tiles, panel, _ = scene.window
    # every pixel under the window: a tile in the colour of the weight it meets, where the pixel is
    for tile, wid, (_, r, s) in zip(tiles.tiles, cell.weight_ids, cell.input_positions):
        assert tile.get_fill_color().to_hex().upper() == colors[wid].upper()
        assert np.allclose(tile.get_center(), scene.pic.pixel_center(r, s))
        assert close(pixel_at(scene, frame, tile.get_center()), colors[wid], 30)
    under, arith = panel
    assert [n.text for row in under[1].numbers for n in row] == [fmt(v) for v in cell.inputs]
    assert [n.text for row in arith.grids[0].numbers for n in row] == [fmt(v) for v in cell.products]
    assert arith.sums[0].text == f"= {fmt(cell.total)}" and cell.total == ws.conv.before.output[0, i, j]
    assert [cell.total > 0, cell.total < 0, cell.total == 0][n]
    # the output pixels computed so far are lit in their colours, nothing else of the map is drawn
    assert len(scene.map_parts) == n + 1
    for (pi, pj), part in zip(ws.stops, scene.map_parts):
        assert part.shown.sum() == 1 and part.shown[pi, pj]
        assert shows(scene, frame, part, pi, pj, heat(ws.conv.before.output[0, pi, pj], ws.scale))
    under_window = {(int(r), int(c)) for _, r, c in cell.input_positions}
    check_map(scene, frame, scene.pic, ws.x, lambda v: grey(v, LEVELS), covered=under_window)
    assert_legible(scene)


def test_the_whole_feature_map_is_the_detector_everywhere(final):
    passed(final[0], "map computed")   # check_whole_map, run when the render was there


def check_whole_map(scene, frame):
    ws = scene.ws
    out = ws.conv.before.output[0]
    assert scene.map.shown.all(), "every position computed"
    check_map(scene, frame, scene.map, out, lambda v: heat(v, ws.scale))
    check_map(scene, frame, scene.pic, ws.x, lambda v: grey(v, LEVELS))
    # it lights up: strong responses of both signs, in the detector's colours
    assert heat(out.max(), ws.scale) == POSITIVE, "the strongest edge in full colour"
    strong = np.abs(out) >= ws.scale / 2
    assert (out[strong] > 0).sum() > 20 and (out[strong] < 0).sum() > 20, "edges of both senses light up"
    assert "9 weights, each used 900 times" in texts(scene)
    assert_legible(scene)


def test_the_moved_pictures_map_is_the_map_moved(final):
    passed(final[0], "own weights shown")   # check_moved_map, run when the render was there


def check_moved_map(scene, frame):
    ws = scene.ws
    c, lc = ws.conv, ws.local
    dy, dx = ws.shift
    check_map(scene, frame, scene.moved, ws.moved, lambda v: grey(v, LEVELS))
    check_map(scene, frame, scene.moved_map, c.after.output[0], lambda v: heat(v, ws.scale))
    # read back from the frame: inside the interior, pixel (i, j) of the first map is pixel
    # (i + dy, j + dx) of the second
    r0, c0, rows, cols = c.interior_box
    for i in range(r0 - dy, r0 - dy + rows):
        for j in range(c0 - dx, c0 - dx + cols):
            a = pixel_at(scene, frame, scene.map.pixel_center(i, j))
            b = pixel_at(scene, frame, scene.moved_map.pixel_center(i + dy, j + dx))
            assert np.abs(a - b).max() <= 12, (i, j)
    # the locally connected maps do not simply move
    before, after = scene.local_parts[0], scene.local_parts[1]
    check_map(scene, frame, before, lc.before.output[0], lambda v: heat(v, ws.scale))
    check_map(scene, frame, after, lc.after.output[0], lambda v: heat(v, ws.scale))
    differ = [(i, j) for i in range(r0 - dy, r0 - dy + rows) for j in range(c0 - dx, c0 - dx + cols)
              if np.abs(pixel_at(scene, frame, before.pixel_center(i, j))
                        - pixel_at(scene, frame, after.pixel_center(i + dy, j + dx))).max() > 12]
    assert len(differ) > 50
    assert scene.conv_value.text == fmt(c.largest) == "0"
    assert scene.local_value.text == fmt(lc.largest) and lc.largest > 0
    shown = texts(scene)
    assert f"x moved {dy} down, {dx} right" in shown and f"the map moved {dy} down, {dx} right," in shown
    assert "900 copies of the filter," in shown and "each with one weight ± 1." in shown
    # the markers: the window on the strongest edge, and where it went
    i, j = ws.landmark
    marks, old, new = scene.shift_parts[2], scene.shift_parts[3], scene.shift_parts[4]
    assert np.allclose(marks[1].get_center(), scene.map.pixel_center(i, j))
    assert np.allclose(old[1].get_center(), scene.moved_map.pixel_center(i, j))
    assert np.allclose(new[1].get_center(), scene.moved_map.pixel_center(i + dy, j + dx))
    assert_legible(scene)


def test_stride_two_moved_one_pixel_changes_the_map(final):
    scene, frame = final
    ws = scene.ws
    s0, s1 = ws.strided
    a, b = scene.strided_maps
    check_map(scene, frame, a, s0.before.output[0], lambda v: heat(v, ws.scale))
    check_map(scene, frame, b, s0.after.output[0], lambda v: heat(v, ws.scale))
    shown = texts(scene)
    assert f"map not moved: {s0.largest},  moved 1 cell: {s1.largest}" in shown
    assert min(s0.largest, s1.largest) > 0
    assert f"largest difference {ws.strided_even.largest}." in shown and ws.strided_even.largest == 0
    assert "Sharing assumes:" in shown and "treat one corner differently;" in shown
    assert_legible(scene)


def test_another_picture_and_detector(tmp_path):
    f = params(tmp_path, 'image = "coins"\ncrop = [40, 40, 192]\npixels = 24\nshift = [-1, 2]\n'
                         'detector = "sobel_y"\njitter = 2')
    scene, frame = render(WhyShare, tmp_path, params=f, upto="own weights shown", **HD)
    ws = scene.ws
    assert ws.x.shape == (24, 24) and ws.detector == "sobel_y" and ws.conv.largest == 0 < ws.local.largest
    assert np.array_equal(ws.weights, [[-1, -2, -1], [0, 0, 0], [1, 2, 1]])
    check_map(scene, frame, scene.moved_map, ws.conv.after.output[0], lambda v: heat(v, ws.scale))
    assert "x moved 1 up, 2 right" in texts(scene)
    said = [c.text for c in scene.narrator.clips]
    assert "the Sobel filter for horizontal edges" in said[0] and "1 up and 2 right" in said[2]
    assert "changed by up to 2." in said[3]
    assert_legible(scene)


def test_a_scene_without_settings_refuses_them(tmp_path):
    f = tmp_path / "p.toml"
    f.write_text('[scenes.sliding_filter]\nimage = "camera"\n')
    with pytest.raises(ParamError, match=r"unknown key in \[scenes.sliding_filter\]: 'image'"):
        load_params(f)


def test_a_changed_setting_reaches_the_build(tmp_path):
    """make video re-renders this scene when one of its settings changes (and only then)."""
    from toolchain.build import inputs_fingerprint

    def fingerprint(body):
        return inputs_fingerprint(WhyShare, "l", load_params(params(tmp_path, body)))

    assert fingerprint('image = "camera"') == fingerprint("")
    assert fingerprint('image = "coins"\ncrop = [40, 40, 192]\npixels = 24') != fingerprint("")
    assert fingerprint("shift = [1, 1]") != fingerprint("")


def test_no_label_is_morphed_into_other_text(final):
    scene, _ = final
    assert scene.morphs == []


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    return framecheck(WhyShare, tmp_path_factory.mktemp("why_share_frames"))


@pytest.mark.parametrize("check", CHECKS)
def test_the_frame_instruments_find_nothing(report, check):
    """Among them: the tiles that take the detector's colours are laid on in place, so nothing
    flies over the filter's numbers or any text (issue #24: tiles flying over each other)."""
    assert report.samples > 10 and report.probes > 10
    assert report.of(check) == [], report.summary(check)
