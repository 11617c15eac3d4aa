"""An interrupted ``make setup`` (a half-built .venv) is repaired by the next run of either README
command: the Makefile's set-up recipe, run for real by ``make``, with a stand-in for Python
(``PYTHON=fake``: its ``-m venv`` makes a .venv whose python logs what it is asked and succeeds)
so that nothing is downloaded."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from tests import test_stock_manim

ROOT = Path(__file__).resolve().parents[1]

FAKE_PYTHON = """#!/bin/sh
# stand-in for python3: "-m venv DIR" makes DIR/bin/python, a working stand-in python
if [ "$1" = "-m" ] && [ "$2" = "venv" ]; then
  mkdir -p "$3/bin"
  cp "$0.venv-python" "$3/bin/python"
  echo "venv $3" >> "$LOG"
  exit 0
fi
exit 1
"""

VENV_PYTHON = """#!/bin/sh
echo "python $*" >> "$LOG"
exit 0
"""

BROKEN_PYTHON = """#!/bin/sh
exit 1
"""


@pytest.fixture
def checkout(tmp_path):
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    fake = tmp_path / "fake-python3"
    fake.write_text(FAKE_PYTHON)
    (tmp_path / "fake-python3.venv-python").write_text(VENV_PYTHON)
    for p in (fake, tmp_path / "fake-python3.venv-python"):
        p.chmod(0o755)
    return tmp_path


def clean_env(**extra) -> dict:
    """The environment without an outer make's settings (the suite runs under ``make test``)."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")}
    return dict(env, **extra)


def make(checkout: Path, target="setup") -> tuple[subprocess.CompletedProcess, list[str]]:
    log = checkout / "log"
    log.unlink(missing_ok=True)
    proc = subprocess.run(["make", "--no-print-directory", target, f"PYTHON={checkout / 'fake-python3'}", "APT_PKGS="],
                          cwd=checkout, capture_output=True, text=True, timeout=60,
                          env=clean_env(LOG=str(log)))
    return proc, (log.read_text().splitlines() if log.exists() else [])


def half_built(checkout: Path, stamp: bool) -> None:
    """A .venv whose python does not work (killed while ``python -m venv`` ran)."""
    py = checkout / ".venv" / "bin" / "python"
    py.parent.mkdir(parents=True)
    py.write_text(BROKEN_PYTHON)
    py.chmod(0o755)
    if stamp:
        (checkout / ".venv" / ".installed").touch()


def installed(log: list[str]) -> bool:
    return any("pip install" in l and "-e .[test]" in l for l in log) and any(
        "import manim, scenes, cnncore" in l for l in log)


def test_a_fresh_checkout_gets_a_venv_and_a_stamp(checkout):
    proc, log = make(checkout)
    assert proc.returncode == 0, proc.stderr
    assert log[0] == "venv .venv" and installed(log)
    assert (checkout / ".venv" / ".installed").exists()


@pytest.mark.parametrize("stamp", [False, True], ids=["no stamp", "stale stamp"])
def test_a_half_built_venv_is_made_again(checkout, stamp):
    half_built(checkout, stamp)
    proc, log = make(checkout)
    assert proc.returncode == 0, proc.stderr
    assert "venv .venv" in log and installed(log), log
    assert (checkout / ".venv" / ".installed").exists()


def test_an_interrupted_install_is_done_again(checkout):
    """The venv works but the install was cut short: no stamp, so the next run installs."""
    make(checkout)
    (checkout / ".venv" / ".installed").unlink()
    proc, log = make(checkout)
    assert proc.returncode == 0 and "venv .venv" not in log and installed(log), log


def test_a_working_setup_is_not_redone(checkout):
    make(checkout)
    proc, log = make(checkout)
    assert proc.returncode == 0
    assert not any("pip install" in l for l in log), log  # only the import check ran


SEPARATOR = "=== collected with -m"
COLLECT = f"""
import sys, pytest
for marks in sys.argv[1:]:
    print({SEPARATOR!r}, marks, flush=True)
    pytest.main(["--collect-only", "-p", "no:cacheprovider", "-m", marks, "tests/test_core.py",
                 "tests/test_slides.py", "tests/test_scene_sliding_filter.py", "tests/test_stock_manim.py"])
    sys.stdout.flush()
"""


def test_the_test_target_runs_the_suite_on_every_core_and_the_scene_tests_on_stock_manim_once():
    proc = subprocess.run(["make", "--no-print-directory", "-n", "test"], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, env=clean_env())
    lines = [l for l in proc.stdout.splitlines() if "-m pytest" in l]
    assert len(lines) == 1 and lines[0].endswith(
        '-m pytest -n auto --dist loadscope --no-loadscope-reorder -m "not search and not (scene and not largest)"'
    ), proc.stdout
    # what the suite collects and what tests/test_stock_manim.py runs on stock Manim, in one Python
    # (pytest.main four times: the imports paid once), read from --collect-only's test ids in
    # collection order (addopts gives -q), one block per selection
    marks = ["not search and not (scene and not largest)", test_stock_manim.MARKS, "largest", "scene"]
    out = subprocess.run([sys.executable, "-c", COLLECT, *marks], cwd=ROOT, capture_output=True, text=True,
                         timeout=180).stdout
    blocks = out.split(SEPARATOR)[1:]
    assert len(blocks) == len(marks), out[-3000:]
    suite, stock, largest, every_scene = ([m[1] for m in re.finditer(r"^(tests/\S+\.py)::", block, re.M)]
                                          for block in blocks)
    suite_counts, stock_counts = Counter(suite), Counter(stock)
    scene = "tests/test_scene_sliding_filter.py"
    # each scene test once: the largest layers' in the suite, the others on stock Manim
    assert suite_counts[scene] == Counter(largest)[scene] > 0 and stock_counts[scene] > 10
    assert suite_counts[scene] + stock_counts[scene] == Counter(every_scene)[scene]
    assert suite_counts["tests/test_core.py"] > 10 and "tests/test_core.py" not in stock_counts
    assert suite_counts["tests/test_stock_manim.py"] == 1
    # the longest modules first (tests/conftest.py), the stock scene tests first of all
    assert list(dict.fromkeys(suite))[:2] == ["tests/test_stock_manim.py", "tests/test_slides.py"], suite
