"""The scene tests on stock Manim: every test of ``tests/test_scene_*.py`` but those of the largest
accepted layers (``-m "scene and not largest"``), in a pytest of their own in a new process with
``LECTURE_STOCK_MANIM=1`` (none of ``scenes/manim_ext`` installed) and an empty label cache of
their own (labels made by Manim's own ``Text``), so the lecture is known to render on Manim as
released. ``make test`` deselects those tests in its own process (each scene test runs once:
docs/testing.md), and this one runs them, on one of its workers while the other works through
the rest of the suite: one run, one report (a second ``pytest -n auto`` after the first was no
slower, the suite being CPU-bound, but reported apart and collected the suite again).

To run them by hand: ``LECTURE_STOCK_MANIM=1 .venv/bin/python -m pytest -m "scene and not largest"
tests/test_scene_*.py``."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from scenes import manim_ext
from scenes.visual.mobjects import LABEL_CACHE_ENV

ROOT = Path(__file__).resolve().parents[1]
MARKS = "scene and not largest"


def test_the_scene_tests_pass_on_stock_manim():
    if manim_ext.stock():
        pytest.skip("this process is on stock Manim already: its scene tests are the ones that count")
    env = {k: v for k, v in os.environ.items() if k not in (LABEL_CACHE_ENV, "PYTEST_XDIST_WORKER")}
    env[manim_ext.STOCK_ENV] = "1"
    files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests").glob("test_scene_*.py"))
    proc = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rfE",
                           "-m", MARKS, *files], cwd=ROOT, env=env, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=1800)
    # pytest's last line: "301 passed, 14 warnings in 128.55s"
    summary = ([line for line in proc.stdout.splitlines() if re.match(r"^\d+ (passed|failed)", line)]
               or ["(no summary)"])[-1]
    assert proc.returncode == 0, f"on stock Manim: {summary}\n{proc.stdout[-6000:]}\n{proc.stderr[-2000:]}"
    assert re.match(r"^\d+ passed", summary) and "failed" not in summary and "error" not in summary, summary
