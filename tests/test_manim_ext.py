"""Manim's extensions (``scenes/manim_ext``) against stock Manim.

* The frames every scene test looks at are the same, pixel for pixel, with the extensions and on
  stock Manim: every lecture scene is rendered at the test quality in this process (extensions
  on) and in a new process with ``LECTURE_STOCK_MANIM=1`` (nothing of Manim replaced, labels made
  by Manim's own ``Text`` into an empty label cache), and its frame at every checkpoint, halfway
  into a move and at the end are compared. (Two renders in two processes drawing the same
  pixels is also the suite's check that a render is deterministic.)
* The switch: with ``LECTURE_STOCK_MANIM=1`` every method of Manim is Manim's own.
* ``text_svg``: the SVG Pango writes is the same bytes with the atomic write, and nothing is left
  beside it.

(The bookkeeping helpers are checked against Manim's own on random graphs in
``tests/test_mobject_speed.py``, the held frame in ``tests/test_held_frames.py``, PangoText in
``tests/test_label_cache.py``.)
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import manimpango
import pytest

import scenes.base  # noqa: F401  (installs the extensions, as every lecture scene does)
from scenes import manim_ext
from scenes.lecture import ORDER, lecture
from tests.scenekit import render

ROOT = Path(__file__).resolve().parents[1]
# The scenes whose frames are compared: between them every kind of thing the lecture draws and
# every extension's path (a sweep with its fast positions and a midway frame, the largest sweep,
# edges and their tallies, a photograph and its maps, the opener's two copies of the input). The
# other scenes run on stock Manim too, with all their tests (tests/test_stock_manim.py).
NAMES = ["TheQuestion", "SlidingFilter", "DepthSlices", "ColouredEdges1D", "WhyShare"]
assert set(NAMES) <= {spec.split(":")[1] for spec in ORDER}
MIDWAY = {"SlidingFilter": "after position 2", "DepthSlices": "after position 3"}


def frames_of(scene_cls, tmp: Path) -> dict[str, str]:
    """Hashes of the scene's frame at every checkpoint, at the end, and halfway into the play
    after one checkpoint (where the scene has one listed in ``MIDWAY``)."""
    seen: dict[str, str] = {}

    def keep(scene, frame, name):
        seen[name] = hashlib.sha256(frame.tobytes()).hexdigest()

    _, frame = render(scene_cls, tmp / "whole", every=keep)
    seen["end"] = hashlib.sha256(frame.tobytes()).hexdigest()
    if scene_cls.__name__ in MIDWAY:
        _, frame = render(scene_cls, tmp / "midway", upto=MIDWAY[scene_cls.__name__], midway=0.5)
        seen["midway"] = hashlib.sha256(frame.tobytes()).hexdigest()
    return seen


def frames_of_lecture(tmp: str) -> None:
    """Run in a new process: the compared scenes' frames (``frames_of``) as JSON on stdout."""
    print(json.dumps({cls.__name__: frames_of(cls, Path(tmp) / cls.__name__) for cls in lecture()
                      if cls.__name__ in NAMES}))


@pytest.fixture(scope="module")
def stock_frames(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("stock")
    env = dict(os.environ, **{manim_ext.STOCK_ENV: "1", "LECTURE_LABEL_CACHE": str(tmp / "labels")})
    proc = subprocess.run([sys.executable, "-c", f"from tests.test_manim_ext import frames_of_lecture;"
                           f" frames_of_lecture({str(tmp)!r})"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("name", NAMES)
def test_frames_are_the_same_on_stock_manim(stock_frames, tmp_path, name):
    cls = next(c for c in lecture() if c.__name__ == name)
    assert manim_ext.active()   # this process: the extensions (installed by scenes.base)
    ours = frames_of(cls, tmp_path)
    assert "end" in ours and ours.keys() == stock_frames[name].keys()
    different = [k for k in ours if ours[k] != stock_frames[name][k]]
    assert not different, f"{name}: frames differ on stock Manim at {different}"


STOCK_CHECK = """
import manimpango
from manim import Mobject, Scene, Text
from manim.animation.animation import Animation
from manim.scene.video_segment_encoder import VideoSegmentEncoder
originals = [Mobject.get_family, Mobject.__deepcopy__, Scene.get_restructured_mobject_list,
             Scene.get_moving_mobjects, Scene.add_mobjects_from_animations, Animation._setup_scene,
             VideoSegmentEncoder.write_frame, manimpango.text2svg]
import scenes.base
import scenes.base  # noqa: F401  (installs the extensions, as every lecture scene does)
from scenes import manim_ext
now = [Mobject.get_family, Mobject.__deepcopy__, Scene.get_restructured_mobject_list,
       Scene.get_moving_mobjects, Scene.add_mobjects_from_animations, Animation._setup_scene,
       VideoSegmentEncoder.write_frame, manimpango.text2svg]
print(all(a is b for a, b in zip(originals, now)), manim_ext.active(), manim_ext.text_class() is Text)
"""


@pytest.mark.parametrize("stock, expected", [("1", "True False True"), ("", "False True False")])
def test_the_switch_leaves_every_method_of_manim_its_own(stock, expected):
    env = dict(os.environ, **{manim_ext.STOCK_ENV: stock})
    proc = subprocess.run([sys.executable, "-c", STOCK_CHECK], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert proc.stdout.split() == expected.split(), proc.stderr[-2000:]


def test_an_atomic_text_svg_is_the_same_file(tmp_path):
    """Pango's SVG for a text, written through the atomic write, is the bytes manimpango writes,
    and nothing else is left in the folder."""
    from scenes.manim_ext import text_svg

    made = {}
    for name, write in (("atomic", manimpango.text2svg), ("manims", text_svg._MANIMS["text2svg"])):
        folder = tmp_path / name
        folder.mkdir()
        settings = [manimpango.TextSetting(0, 7, font="DejaVu Sans", slant="NORMAL", weight="NORMAL",
                                           color="#E8EAED")]
        write(settings, 24, 0.6, False, str(folder / "w0.svg"), 0, 0, 600, 400, "w0 = -3")
        made[name] = (folder / "w0.svg").read_bytes()
        assert [p.name for p in folder.iterdir()] == ["w0.svg"]
    assert manimpango.text2svg is not text_svg._MANIMS["text2svg"]   # the atomic one was used
    # (Cairo numbers its surfaces per process: <g id="surfaceN"> differs between any two calls)
    same = [re.sub(rb'id="surface\d+"', b"", made[k]) for k in ("atomic", "manims")]
    assert same[0] == same[1] and made["atomic"].startswith(b"<?xml")
