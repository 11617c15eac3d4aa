"""The Manim server of the lecture build (``toolchain.manim_server.ManimServer``): Manim
imported once, a forked child per render. A render through it is the ``manim`` command run as a
new process: the same output and exit status, in the render's own working directory and
environment; Ctrl-C (SIGINT) stops it; a render dies with its server, and a dead server says so.
(Every real build in the other tests renders through it too.)"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from toolchain import manim_server

ROOT = Path(__file__).resolve().parents[1]
ENV = dict(os.environ, **manim_server.PLAIN_CONSOLE)

# A scene file that records, when Manim imports it, where and with what it runs, then waits
# for a file or exits with the status it is told.
PROBE = '''
import os, sys, time
from pathlib import Path
from manim import Scene
out = Path(os.environ["PROBE_OUT"])
out.write_text(os.getcwd() + "\\n" + os.environ["PROBE_WORD"] + "\\n" + str(os.getppid()))
if os.environ.get("PROBE_WAIT"):
    time.sleep(60)
sys.exit(int(os.environ["PROBE_EXIT"]))

class Probe(Scene):
    pass
'''


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    s = manim_server.ManimServer(ROOT, ENV, tmp_path_factory.mktemp("server") / "server.log")
    yield s
    s.close()


def _command(args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT,
                          env=ENV, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("args", [["manim", "--version"], ["manim", "render", "no_such_scene_file.py", "Nothing"],
                                  ["toolchain.slides", "--scenes", "NoSuchScene"],
                                  ["calendar", "2026", "12"]])
def test_a_render_prints_and_ends_as_the_command_does(server, tmp_path, args):
    """``["manim", ...]`` is Manim's command line; any other module runs as ``python -m`` runs it."""
    log = tmp_path / "log.txt"
    rc = server.start(args, ROOT, ENV, log).wait(timeout=120)
    own = _command(args)
    assert rc == own.returncode
    assert log.read_text().splitlines() == (own.stdout + own.stderr).splitlines()


def test_a_render_has_its_own_directory_environment_and_exit_status(server, tmp_path):
    scene = tmp_path / "probe.py"
    scene.write_text(PROBE)
    ran = []
    for word, status in (("first", 0), ("second", 3)):
        out = tmp_path / f"{word}.txt"
        env = dict(ENV, PROBE_OUT=str(out), PROBE_WORD=word, PROBE_EXIT=str(status))
        render = server.start(["manim", "render", "-ql", "--media_dir", str(tmp_path / "media"), str(scene), "Probe"],
                              tmp_path, env, tmp_path / f"{word}.log")
        assert render.wait(timeout=120) == status
        cwd, said, parent = out.read_text().splitlines()
        assert (cwd, said) == (str(tmp_path), word)
        ran.append((render.pid, int(parent)))
    (a, server_pid), (b, again) = ran
    assert a != b and server_pid == again != os.getpid()   # two children of one server


def _waiting(server, tmp_path, name):
    scene = tmp_path / "probe.py"
    scene.write_text(PROBE)
    out = tmp_path / f"{name}.txt"
    env = dict(ENV, PROBE_OUT=str(out), PROBE_WORD=name, PROBE_EXIT="0", PROBE_WAIT="1")
    render = server.start(["manim", "render", "-ql", "--media_dir", str(tmp_path / "media"), str(scene), "Probe"],
                          tmp_path, env, tmp_path / f"{name}.log")
    for _ in range(600):
        if out.exists():
            return render
        time.sleep(0.1)
    raise AssertionError("the render never started")


def test_ctrl_c_stops_a_render(server, tmp_path):
    render = _waiting(server, tmp_path, "interrupted")
    with pytest.raises(subprocess.TimeoutExpired):
        render.wait(timeout=0.3)   # still running
    render.send_signal(signal.SIGINT)
    assert render.wait(timeout=30) == 1
    assert (tmp_path / "interrupted.log").read_text().splitlines()[-1] == "Aborted!"   # as manim says it


def test_a_render_dies_with_its_server_and_a_dead_server_says_so(tmp_path):
    server = manim_server.ManimServer(ROOT, ENV, tmp_path / "server.log")
    render = _waiting(server, tmp_path, "orphan")
    server._proc.kill()
    assert render.wait(timeout=30) == -signal.SIGKILL
    for _ in range(100):   # the child is gone too (killed with its parent), not left running
        try:
            os.kill(render.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        raise AssertionError(f"render {render.pid} outlived its server")
    with pytest.raises(manim_server.ServerGone):
        server.start(["manim", "--version"], ROOT, ENV, tmp_path / "late.log")
