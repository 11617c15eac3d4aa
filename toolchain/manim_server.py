"""The Manim server: ``python -m <command>`` run many times without importing Manim each time.

Importing Manim costs about 2 s of CPU (scipy, networkx, Pango, PyAV...). ``ManimServer`` starts a
server process (``python -m toolchain.manim_server --serve``) that imports Manim once and forks a
child for each render: the child redirects its output to the render's log, takes the render's
environment and working directory and runs the command as a new process would
(``["manim", "render", ...]``: Manim's command line; ``["scenes.slides", ...]``: any other module,
as ``python -m`` runs it). The server starts no thread and imports nothing of this project (scene
files are imported by each child, after the fork), so a child sees the files as they are when it
starts. ``toolchain.renders`` is its one user.

Python's ``multiprocessing`` forkserver also forks from a preloaded process, but it is one per
process for its whole life, while Manim reads ``manim.cfg`` when it is imported, and its children
run Python functions, not a command whose output and exit status the build reads.
"""
from __future__ import annotations

import atexit
import ctypes
import importlib
import json
import os
import re
import runpy
import select
import signal
import subprocess
import sys
import threading
import traceback
from pathlib import Path


# How the build runs Manim's console (Rich): no wrapping (lines as wide as they are, so the
# build finds Manim's messages in its log), no colour, no terminal codes.
PLAIN_CONSOLE = {"COLUMNS": "10000", "NO_COLOR": "1", "TERM": "dumb"}

# A line of a Manim log that names an error (a traceback's last line, possibly inside Rich's
# box, or the lecture's own "error: ..." line)
_ERROR = re.compile(r"^\s*(?:[│|]\s*)?((?:[A-Za-z_][\w.]*)?(?:Error|Exception|Interrupt|Exit)\b.*|error: .*)$")


def last_error(log_text: str) -> str | None:
    """The last line of a Manim log that names an error, stripped (None if there is none)."""
    errors = [m.group(1).strip() for line in log_text.splitlines() if (m := _ERROR.match(line.rstrip()))]
    return errors[-1] if errors else None


# ---- the server: Manim imported once, a fork per render ----------------------------------------

PR_SET_PDEATHSIG = 1   # Linux prctl: the signal a process gets when its parent dies
# Libraries (not of this project) that a render imports after Manim, imported here once as well:
# a render that says a new sentence measured its loudness (pyloudnorm, with scipy.signal: 1.7 s)
# and loaded the voice (hibari, onnxruntime: 0.3 s); a slides render imports manim-slides.
# Importing them starts no thread and creates no model: each child still makes its own voice.
PRELOAD = ("pyloudnorm", "hibari", "manim_slides")


def serve() -> None:
    """Read requests (one JSON line each: id, argv, cwd, env, log) on stdin; fork a child for
    each; answer ``{"id", "pid"}`` when it starts and ``{"id", "rc"}`` when it ends (rc as
    ``Popen.returncode``: negative for a signal). Ends when stdin closes; renders still running
    then are killed (as a render is when the server dies)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C reaches the renders, not the server
    from manim.__main__ import main   # what each render would import: done once, here
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except ImportError:   # a voice not installed: its renders import (and report) it themselves
            pass

    answers = os.dup(1)
    os.dup2(2, 1)   # a stray print of the server goes to its log, not into the answers
    server = os.getpid()
    prctl = getattr(ctypes.CDLL(None, use_errno=True), "prctl", None)
    running: dict[int, int] = {}
    pending = b""

    def answer(**fields) -> None:
        os.write(answers, (json.dumps(fields) + "\n").encode())

    while True:
        while running:
            pid, status = os.waitpid(-1, os.WNOHANG)
            if pid == 0:
                break
            answer(id=running.pop(pid), rc=os.waitstatus_to_exitcode(status))
        ready, _, _ = select.select([0], [], [], 0.05 if running else None)
        if not ready:
            continue
        data = os.read(0, 1 << 16)
        if not data:
            return   # the build is done (or gone)
        pending += data
        while b"\n" in pending:
            line, pending = pending.split(b"\n", 1)
            request = json.loads(line)
            pid = os.fork()
            if pid == 0:
                try:   # the child never returns into this loop, whatever happens
                    os.close(answers)
                    # a render ends with the server (the build gone or interrupted): no orphan
                    # goes on writing into Manim's cache (Linux; elsewhere renders outlive it)
                    if prctl is not None:
                        prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
                    if os.getppid() != server:
                        os._exit(128 + signal.SIGKILL)
                    _render(request, main)
                finally:
                    os._exit(1)
            running[pid] = request["id"]
            answer(id=request["id"], pid=pid)


def _render(request: dict, main) -> None:
    """In the forked child: become ``python -m <argv>`` run in ``cwd`` with ``env``, output to
    ``log``; exit with its status (``argv[0] == "manim"``: Manim's command line)."""
    code = 1
    try:
        log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.close(log)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        module, *args = request["argv"]
        sys.argv = [module, *args]
        try:
            if module == "manim":
                main(prog_name="manim")
            else:
                runpy.run_module(module, run_name="__main__", alter_sys=True)
            code = 0
        except SystemExit as e:
            if e.code is None or isinstance(e.code, int):
                code = e.code or 0
            else:
                print(e.code, file=sys.stderr)
        except KeyboardInterrupt:
            traceback.print_exc()
            code = 128 + signal.SIGINT
        except BaseException:
            sys.excepthook(*sys.exc_info())
        atexit._run_exitfuncs()
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
        os._exit(code)


class Render:
    """One render in the server, used like a ``subprocess.Popen``: ``pid``, ``wait(timeout)``
    (``subprocess.TimeoutExpired`` if it is still running), ``send_signal``, ``kill``."""

    def __init__(self, pid: int):
        self.pid, self.returncode = pid, None
        self._done = threading.Event()

    def wait(self, timeout: float | None = None) -> int:
        if not self._done.wait(timeout):
            raise subprocess.TimeoutExpired("manim", timeout)
        return self.returncode

    def send_signal(self, sig: int) -> None:
        if not self._done.is_set():
            try:
                os.kill(self.pid, sig)
            except ProcessLookupError:
                pass

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def _end(self, rc: int) -> None:
        self.returncode = rc
        self._done.set()


class ManimServer:
    """The server process and its renders. ``start(argv, cwd, env, log)`` returns a ``Render``.
    Threads may start renders at once. If the server dies, its renders die with it (status -9)
    and the next ``start`` raises ``ServerGone``."""

    def __init__(self, cwd: Path, env: dict, log: Path):
        self.log = log   # the server's own output (its renders write theirs to their logs)
        log.parent.mkdir(parents=True, exist_ok=True)
        with open(log, "ab") as err:
            self._proc = subprocess.Popen([sys.executable, "-m", "toolchain.manim_server", "--serve"],
                                          cwd=cwd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                          stderr=err)
        self._lock = threading.Lock()
        self._next = 0
        self._started: dict[int, threading.Event] = {}
        self._new: dict[int, Render] = {}       # started, not yet handed out by ``start``
        self._renders: dict[int, Render] = {}   # running
        self.alive = True
        threading.Thread(target=self._read, daemon=True).start()

    def start(self, argv: list[str], cwd: Path, env: dict, log: Path) -> Render:
        with self._lock:
            if not self.alive:
                raise ServerGone("the Manim server stopped")
            self._next += 1
            rid = self._next
            started = self._started[rid] = threading.Event()
            line = json.dumps({"id": rid, "argv": list(argv), "cwd": str(cwd), "env": dict(env),
                               "log": str(log)}) + "\n"
            try:
                self._proc.stdin.write(line.encode())
                self._proc.stdin.flush()
            except (BrokenPipeError, ValueError):
                self.alive = False
                raise ServerGone("the Manim server stopped") from None
        started.wait()
        with self._lock:
            render = self._new.pop(rid, None)
        if render is None:
            raise ServerGone("the Manim server stopped")
        return render

    def _read(self) -> None:
        for line in self._proc.stdout:
            msg = json.loads(line)
            rid = msg["id"]
            with self._lock:
                if "pid" in msg:
                    self._new[rid] = self._renders[rid] = Render(msg["pid"])
                    self._started.pop(rid).set()
                else:
                    self._renders.pop(rid)._end(msg["rc"])
        with self._lock:   # the server is gone: nothing more will start or end
            self.alive = False
            for render in self._renders.values():
                render._end(-signal.SIGKILL)
            self._renders.clear()
            for started in self._started.values():
                started.set()
            self._started.clear()

    def close(self) -> None:
        """No more renders: the server ends (renders still running are killed with it)."""
        with self._lock:
            self.alive = False
            try:
                self._proc.stdin.close()
            except OSError:
                pass
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()


class ServerGone(RuntimeError):
    pass


if __name__ == "__main__":
    if sys.argv[1:] != ["--serve"]:
        sys.exit("usage: python -m toolchain.manim_server --serve  (requests on stdin; see ManimServer)")
    serve()
    sys.exit(0)
