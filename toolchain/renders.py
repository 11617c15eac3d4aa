"""The one step the build (``make video``) and the slides (``make slides``) share: render the
scenes whose inputs changed, several at once, through one Manim server.

* ``inputs_fingerprint(scene, quality, params)``: everything a scene's render depends on (its
  code and every module of this project it imports, ``manim.cfg``, its own parameters, the
  quality, package versions, its recordings). A tool keeps it beside what it made from a
  render; when it is unchanged and the made files are intact, Manim is not started.
* ``run(command, log)``: ``python -m <command...>`` (``manim render ...`` for the build,
  ``scenes.slides ...`` for the slides), forked from a server process that imported Manim once
  (``toolchain.manim_server``: about 2 s of CPU saved per scene), output to ``log``; raises
  ``SceneFailed`` with the log's last error line, or ``Cancelled`` when ``stop`` is set.
* ``in_order(items, work, jobs)``: ``work(item, stop)`` for every item, ``jobs`` at once,
  one line per item printed in order, each as soon as it and every item before it are done;
  the first failure stops the rest.

On stock Manim (``LECTURE_STOCK_MANIM=1``) renders run one at a time (``jobs`` is 1): Manim's
own text cache is not safe for two processes writing it at once (``scenes.manim_ext.text_svg``).
"""
from __future__ import annotations

import ast
import atexit
import hashlib
import inspect
import os
import signal
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path

from cnncore.params import ParamError
from scenes import i18n, manim_ext
from scenes.base import lecture_params
from scenes.files import exit_with
from scenes.narration import narrator, script
from toolchain import manim_server

ROOT = Path(__file__).resolve().parents[1]

_PARSING = threading.Lock()


class SceneFailed(Exception):
    """A scene's render failed: the message is Manim's last error line and where its log is."""


class Cancelled(Exception):
    """A scene stopped because another failed or the build was interrupted."""


def digest(*parts) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else repr(part).encode())
        h.update(b"\0")
    return h.hexdigest()


def scene_file(scene: type) -> Path:
    """The file that defines a scene class (what the ``manim`` command is given)."""
    return Path(inspect.getfile(scene)).resolve()


def shown(path: Path) -> Path:
    """``path`` relative to the repository root when it is inside it."""
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


_IMPORTS: dict[Path, tuple[bytes, tuple[str, ...]]] = {}


def imported_names(f: Path) -> tuple[str, ...]:
    """Every module name the file ``f`` imports (relative imports made absolute; ``from a import
    b`` gives ``a`` and ``a.b``), parsed once per content in a process: a build fingerprints every
    scene, and the scenes import mostly the same 30 files (13 scenes: 4 s parsing, 0.8 s once)."""
    data = f.read_bytes()
    known = _IMPORTS.get(f)
    if known is not None and known[0] == data:
        return known[1]
    package = ".".join(f.parent.relative_to(ROOT).parts) if f.is_relative_to(ROOT) else None
    with _PARSING:  # CPython 3.11 cannot parse in two threads at once (gh-106905)
        tree = ast.parse(data, str(f))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: within this file's package
                if package is None:
                    continue
                base = f"{package}.{base}" if base else package
            names += [base] + [f"{base}.{a.name}" for a in node.names]
    _IMPORTS[f] = (data, tuple(names))
    return _IMPORTS[f][1]


def project_sources(path: Path) -> list[Path]:
    """``path`` and every module of this project (scenes/, cnncore/) it imports, transitively."""
    seen, todo = set(), [path.resolve()]
    while todo:
        f = todo.pop()
        if f in seen or not f.exists():
            continue
        seen.add(f)
        for name in imported_names(f):
            parts = name.split(".")
            if parts[0] in ("scenes", "cnncore"):
                mod = ROOT.joinpath(*parts)
                todo += [mod.with_suffix(".py"), mod / "__init__.py"]
                todo += [ROOT.joinpath(*parts[:n], "__init__.py") for n in range(1, len(parts))]
    return sorted(seen)


def inputs_fingerprint(scene: type, quality: str, params, lang: str = "en") -> str:
    """Everything a scene's render depends on: its code (the scene file and every module of
    this project it imports), manim.cfg, the scene's own parameters, quality, package versions,
    its own part of the script in ``lang`` (so a reworded beat re-renders only its scene), the
    language's catalog, its recordings and whether Manim runs with the project's extensions."""
    files = project_sources(scene_file(scene)) + [ROOT / "manim.cfg", i18n.catalog_path(lang)]
    own = (params.layer(scene.params_key), params.pace, sorted(params.settings_of(scene.params_key).items()))
    versions = [metadata.version(d) for d in ("manim", "av", "manimpango", "fluent.runtime", "babel")]
    return digest(str(scene_file(scene)), scene.__name__, quality, own, versions, sys.version, lang,
                  manim_ext.stock(), narrator.inputs_digest(scene.__name__, lang),
                  script.load(lang).digest(scene.script_name()),
                  *[(str(f), f.read_bytes() if f.exists() else None) for f in files])


def checked_inputs(scenes: list[type], lang: str, media_dir: Path, lecture: list[type] | None = None):
    """The parameter file, the script and catalog of ``lang`` and the recordings, checked for
    ``scenes`` before anything renders (the script for the whole ``lecture``, if given: a beat
    of a scene not rendered this time is not unused); every problem printed on its own line
    (``error: ...``) and exit status 2 if there is one. Returns the parameters."""
    lines, params = [], None
    try:
        params = lecture_params()
        for scene in scenes:
            scene.check_params(params)
    except ParamError as e:
        lines += getattr(e, "lines", None) or [str(e)]
    try:
        lines += script.load(lang).problems(lecture or scenes)
        lines += i18n.catalog_problems(lang)
        if params is not None and narrator.voice_problem(params.pace.voice, lang):
            lines.append(f"{params.path}: {narrator.voice_problem(params.pace.voice, lang)}")
        lines += narrator.recording_problems(scenes, lang, media_dir)
    except (script.ScriptError, i18n.CatalogError) as e:
        lines.append(str(e))
    if lines:
        exit_with("\n".join(lines))
    return params


# ---- running a command in the Manim server -----------------------------------------------------

_SERVER: dict = {}   # the Manim server of this process and what it was started with
_SERVER_LOCK = threading.Lock()


def start(command: list[str], log: Path, env: dict | None = None) -> manim_server.Render:
    """Start ``python -m <command...>`` (output to ``log``) in this process's Manim server, started
    on first use and kept for later renders while ``manim.cfg`` (read when Manim is imported) is
    the same."""
    env = dict(os.environ if env is None else env, **manim_server.PLAIN_CONSOLE)
    key = (sys.executable, str(ROOT), (ROOT / "manim.cfg").read_bytes())
    log.parent.mkdir(parents=True, exist_ok=True)
    for attempt in (1, 2):
        with _SERVER_LOCK:
            server = _SERVER.get("server")
            if server is None or not server.alive or _SERVER.get("key") != key:
                if server is not None:
                    server.close()
                server = manim_server.ManimServer(ROOT, env, log.with_name("manim_server.log"))
                _SERVER.update(server=server, key=key)
                # ended and waited for when this process ends (so the CPU time of its renders
                # counts as this process's children's, as a subprocess's did)
                atexit.register(server.close)
        try:
            return server.start(command, ROOT, env, log)
        except manim_server.ServerGone:
            if attempt == 2:
                raise SceneFailed(f"the Manim server stopped (its log: {server.log})") from None


def run(command: list[str], log: Path, stop: threading.Event | None = None, env: dict | None = None) -> str:
    """Run ``python -m <command...>`` in the Manim server and wait; return its log (lines
    stripped of Rich's padding). ``SceneFailed`` if it fails; ``Cancelled`` (after stopping it)
    if ``stop`` is set while it runs."""
    proc = start(command, log, env)
    try:
        while True:
            try:
                rc = proc.wait(timeout=0.2)
                break
            except subprocess.TimeoutExpired:
                if stop is not None and stop.is_set():
                    raise Cancelled(command[-1]) from None
    except BaseException:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        raise
    # Rich pads every line to the (wide, so that nothing wraps) console: strip that padding.
    text = "\n".join(line.rstrip() for line in log.read_text(encoding="utf-8", errors="replace").splitlines())
    log.write_text(text + "\n", encoding="utf-8")
    if rc != 0:
        raise SceneFailed(f"{manim_server.last_error(text) or 'exit status ' + str(rc)} (full log: {log})")
    return text


# ---- several at once, reported in order ------------------------------------------------------------

def parallel_jobs(jobs: int) -> int:
    """How many renders may run at once: ``jobs``, or 1 on stock Manim (see the docstring)."""
    return 1 if manim_ext.stock() else max(1, jobs)


def in_order(items: list, work, jobs: int, name=lambda item: str(item),
             failed=lambda name, error: f"{name}: {error}") -> bool:
    """``work(item, stop)`` for each item, up to ``jobs`` at once (``parallel_jobs``); print
    ``[n/N] <name> ... <status>`` per item in order, each as soon as it and every item before it
    are done (``work`` returns a dict with ``"status"``). False if one failed (``SceneFailed``:
    ``error: <failed(name, error)>`` on stderr; the items after it are stopped)."""
    stop = threading.Event()
    total = len(items)
    pool = ThreadPoolExecutor(max_workers=min(parallel_jobs(jobs), total) or 1)
    try:
        futures = [pool.submit(work, item, stop) for item in items]
        for n, (item, fut) in enumerate(zip(items, futures), 1):
            print(f"[{n}/{total}] {name(item)} ... ", end="", flush=True)
            try:
                done = fut.result()
            except SceneFailed as e:
                stop.set()
                print("FAILED", flush=True)
                print(f"error: {failed(name(item), e)}", file=sys.stderr, flush=True)
                return False
            print(done["status"], flush=True)
        return True
    finally:
        stop.set()
        pool.shutdown(wait=True, cancel_futures=True)
