"""Tiny lectures for tests of the lecture build: scenes of two short animations each, written
to a file of their own and built with the real build (``toolchain.build.main``) at -ql
or -qm into a temporary media dir: a few seconds a scene, mostly Manim starting up."""
from __future__ import annotations

import hashlib
import importlib.util
import io
import os
import sys
import textwrap
import time
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from pathlib import Path
from types import SimpleNamespace

from tests.scriptkit import SCRIPT_ENV, write_script
from toolchain import build

TINY_SCENE = '''
class {name}(LectureScene):
    params_key = "test"
    beats = (Beat("square"), Beat("move"))
    CHAPTER = "{name}, a tiny scene"
    WORDS = {{"square": ("Square", "{name} appears."), "move": ("Move", "It moves.")}}

    def construct(self):
        self.beat("square")
        square = Square(color="{colour}", fill_opacity=0.5)
        self.play(Create(square), run_time=0.4)
        self.beat("move")
        self.play(square.animate.shift(RIGHT), run_time=0.4)
'''


def write_scenes(path: Path, names, colours=("#F7FF76", "#39BBFF", "#DB9779", "#AFFFA4")) -> Path:
    body = "from manim import RIGHT, Create, Square\nfrom scenes.base import Beat, LectureScene\n"
    body += "".join(TINY_SCENE.format(name=n, colour=colours[k % len(colours)]) for k, n in enumerate(names))
    path.write_text(textwrap.dedent(body))
    return path


def load_module(path: Path):
    """Import a scene file by path (as Manim does), under a name of its own."""
    name = f"tiny_{hashlib.sha1(str(path).encode()).hexdigest()[:10]}"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def tiny_lecture(directory: Path, names=("TinyA", "TinyB")) -> list[type]:
    """Tiny scenes written to ``directory`` with their script (``run_build`` hands it to the
    renders: ``test_script`` on each class)."""
    directory.mkdir(parents=True, exist_ok=True)
    module = load_module(write_scenes(directory / "tiny_scenes.py", names))
    scenes = [getattr(module, n) for n in names]
    script = write_script(directory / "script.ftl", scenes)
    for scene in scenes:
        scene.test_script = script
    return scenes


def script_env(lecture) -> dict:
    """The environment that makes renders read the test scenes' script (none: the lecture's)."""
    scripts = {getattr(s, "test_script", None) for s in lecture or ()} - {None}
    assert len(scripts) <= 1, "one script per test lecture"
    return {SCRIPT_ENV: str(scripts.pop())} if scripts else {}


def snapshot(directory: Path) -> dict:
    """Relative path -> sha256 of every file under ``directory`` (hidden ones too)."""
    return {str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.rglob("*")) if p.is_file()}


@contextmanager
def environment(changes: dict | None):
    """``os.environ`` with ``changes`` for the block (as a new process given that env would see)."""
    old = {k: os.environ.get(k) for k in (changes or {})}
    os.environ.update(changes or {})
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def run_main(main, argv, env: dict | None = None) -> SimpleNamespace:
    """A command's ``main(argv)`` run in this process, with ``env`` changes, as ``python -m``
    would run it: ``returncode``, ``stdout``, ``stderr`` (what it printed) and ``seconds``, as
    ``subprocess.run`` returns them. Its Manim server is this process's, kept between runs (a new
    process would import the project and start its own server first, ~5 s)."""
    out, err = io.StringIO(), io.StringIO()
    t0 = time.time()
    with environment(env), redirect_stdout(out), redirect_stderr(err):
        try:
            rc = main([str(a) for a in argv])
        except SystemExit as e:
            rc = e.code
    return SimpleNamespace(returncode=rc, stdout=out.getvalue(), stderr=err.getvalue(), seconds=time.time() - t0)


def run_build(argv, lecture=None, env: dict | None = None) -> SimpleNamespace:
    """``python -m toolchain.build <argv>`` (``make video``) run in this process (``run_main``):
    its ``main`` with ``lecture`` (default: the lecture's scenes) and ``env`` changes."""
    return run_main(lambda args: build.main(args, lecture=lecture), argv, {**script_env(lecture), **(env or {})})
