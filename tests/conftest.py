import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scenes.narration.narrator import CACHE_ENV as VOICE_CACHE_ENV  # noqa: E402
from scenes.visual.mobjects import LABEL_CACHE_ENV  # noqa: E402

_MADE: list[tuple[str, str]] = []


def pytest_configure(config):
    """One cache of synthesised speech and one of made labels for the whole run, which every
    xdist worker inherits: the tests render the same scenes and tiny lectures in many temporary
    media folders, and each would otherwise synthesise the same sentences and lay out the same
    text again (Manim's own caches live in the media folder). Tests about synthesis and its
    cache set their own ``LECTURE_VOICE_CACHE``."""
    if hasattr(config, "workerinput"):
        return
    for env in (VOICE_CACHE_ENV, LABEL_CACHE_ENV):
        if not os.environ.get(env):
            path = tempfile.mkdtemp(prefix=f"{env.lower()}-")
            _MADE.append((env, path))
            os.environ[env] = path


def pytest_unconfigure(config):
    for env, path in _MADE:
        os.environ.pop(env, None)
        shutil.rmtree(path, ignore_errors=True)


# The modules that take longest, longest first (worker seconds in a CI run, docs/performance.md).
# They are collected first, and ``make test`` hands modules to its workers in collection order
# (``--no-loadscope-reorder``), so no long module starts last while the other worker has nothing
# left to do. A module missing here only runs later; the order changes no result.
LONGEST_FIRST = ("test_stock_manim.py", "test_slides.py", "test_cues.py", "test_exercises_batch.py",
                 "test_manim_ext.py", "test_build_safety.py", "test_build.py", "test_scene_depth_slices.py",
                 "test_manim_server.py", "test_language_build.py", "test_narration_build.py",
                 "test_scene_sliding_filter.py", "test_scene_channels.py", "test_exercises_core.py")


def pytest_collection_modifyitems(config, items):
    """Tests of the largest layers the parameter file accepts (legibility at the limits) are
    marked ``largest``, and every test of ``tests/test_scene_*.py`` is marked ``scene``. ``make
    test`` runs each scene test once: those marked ``largest`` with the extensions (they take
    3 minutes on stock Manim, and test the layout, which the extensions do not touch), the others
    on stock Manim (tests/test_stock_manim.py), since tests/test_manim_ext.py checks that the
    frames are the same with and without the extensions. The modules of ``LONGEST_FIRST`` come
    first, in that order (the others keep theirs)."""
    import pytest

    for item in items:
        if "largest" in item.name:
            item.add_marker(pytest.mark.largest)
        if Path(str(item.fspath)).name.startswith("test_scene_"):
            item.add_marker(pytest.mark.scene)
    rank = {name: k for k, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(Path(str(item.fspath)).name, len(rank)))
