"""Editing the parameter file and re-rendering gives a video with the new numbers, also when
Manim's cache holds the clips of the old file (values are bound into the mobjects on screen,
which is what the cache hashes).

The scene is SlidingFilter on a small layer (a 3x3 input, a 2x2 filter: four positions): what
is checked is the edit and the cache, not the size; every scene reads its numbers the same way
(``LectureScene.layer``)."""
from pathlib import Path

import av
import numpy as np
from manim import tempconfig

from scenes.content.sliding_filter import SlidingFilter
from scenes.visual.mobjects import fmt
from tests.scenekit import params_file, render

FAST = ("[pace]\nstep = 0.1\nfull_positions = 1\nfast_step = 0.05\nhold = 0.1\n"
        "voice = \"none\"\nwords_per_minute = 400\npause = 0\n")   # short beats: the edit is the point


SMALL_LAYER = "input_size = 3\nkernel_size = 2\npadding = 0\nstride = 1\n"


def write(tmp_path: Path, name: str, seed: int) -> Path:
    path = tmp_path / name
    path.write_text(FAST + f"[scenes.sliding_filter]\n{SMALL_LAYER}seed = {seed}\n", encoding="utf-8")
    return path


def shown_outputs(scene):
    return [[n.text for row in g.numbers for n in row] for g in scene.output.grids]


def test_two_files_show_different_correct_numbers(tmp_path):
    shown = []
    for name, seed in (("a.toml", 1), ("b.toml", 2)):
        scene, _ = render(SlidingFilter, tmp_path / f"media_{seed}", params=write(tmp_path, name, seed))
        t = scene.trace
        assert shown_outputs(scene) == [[fmt(v) for v in t.output[k].ravel()] for k in range(t.out_shape[0])]
        shown.append(shown_outputs(scene))
    assert shown[0] != shown[1]


def last_frame(video: Path) -> np.ndarray:
    with av.open(str(video)) as f:
        frame = None
        for frame in f.decode(video=0):
            pass
        return frame.to_ndarray(format="rgb24")


def render_video(media: Path, params: Path, cache: bool) -> np.ndarray:
    """The scene's video up to the end of its sweep (every output number shown; the rest of the
    scene is half its length and shows no other number of the layer): its last frame."""
    cfg = {"pixel_width": 320, "pixel_height": 180, "frame_rate": 10, "preview": False,
           "progress_bar": "none", "verbosity": "ERROR", "media_dir": str(media),
           "disable_caching": not cache}
    with tempconfig(cfg), params_file(params):
        scene = SlidingFilter()
        scene.stop_at("sweep done")
        scene.render()
        assert scene.stopped_at == "sweep done"
        return last_frame(Path(scene.renderer.file_writer.movie_file_path))


def test_an_edit_then_a_cached_rerender_shows_the_new_numbers(tmp_path):
    a, b = write(tmp_path, "a.toml", 1), write(tmp_path, "b.toml", 2)
    cached = tmp_path / "cached"
    old = render_video(cached, a, cache=True)
    new = render_video(cached, b, cache=True)       # same media dir: the old clips are in the cache
    fresh = render_video(tmp_path / "fresh", b, cache=False)
    assert not np.array_equal(old, new), "the edit changed the picture"
    assert np.abs(new.astype(int) - fresh.astype(int)).max() <= 8, "the cached re-render equals a fresh one"
