"""The batch's engine: one Dask task per exercise video, results published whole by the command.

* A **job** is one student's one exercise: its spec (``{"student", "exercise"}``, the JSON the
  video scene reads from ``LECTURE_EXERCISE``) and its **fingerprint**: the spec, the quality
  and everything else the render reads (``code_parts``: the scene's code and every module of this
  project it imports, the script and catalogs, the parameter file, manim.cfg, Python's and the
  packages' versions). A job whose fingerprint and published files are those of the last batch
  is not rendered again.
* A **task** (``render_job``, on a Dask worker) first checks that the worker's ``code_parts``
  are the command's (a worker with other code or packages would make other videos), renders with
  the ``manim`` command in a private temporary folder (a subprocess in its own session, killed
  with its process group when the task is cancelled, and by the kernel when its worker dies:
  ``setpriv --pdeathsig``), decodes the video end to end (PyAV) and returns its bytes.
* The **command** stages each result as it arrives (written under a hidden name, its frames
  counted again, renamed into ``.batch/staged/``) and, once every video of the batch is there,
  renames each into place (subtitles first, the video last, then its stamp), then writes the
  documents. A worker killed in the middle is replaced by its nanny and the scheduler runs its
  task again; the command receives one result per job, so nothing is published twice, and
  nothing half: a file is either the old one or the new whole one. A failed batch publishes
  nothing; what it rendered stays staged for the next run.

Workers need no shared disk: results travel back through Dask. On a cluster they need this
repository installed the same way (``pip install -e .``), the same commit, Python and packages
(checked per task), and a writable temporary folder.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import av

from toolchain.renders import ROOT, digest, project_sources

SCENE_FILE = "scenes/content/exercise.py"
SCENE = "ExerciseVideo"
SPEC_ENV = "LECTURE_EXERCISE"
PACKAGES = ("manim", "av", "manimpango", "numpy", "hibari-tts", "kokoro-onnx", "fluent.runtime", "babel")


class RenderFailed(Exception):
    """A render that failed: one line (the student, the exercise, Manim's last error line)."""


class WorkerMismatch(RenderFailed):
    """A worker whose code or packages are not the command's."""


@dataclass(frozen=True, eq=False)
class Job:
    student: str
    exercise: object      # cnncore.exercises.Exercise

    @property
    def name(self) -> str:
        return f"{self.student}/{self.exercise.name}"

    @property
    def spec(self) -> dict:
        return {"student": self.student, "exercise": self.exercise.to_json()}

    def fingerprint(self, quality: str, code: dict) -> str:
        return digest(json.dumps(self.spec, sort_keys=True), quality, sorted(code.items()))


# ---- what a render reads besides its spec ---------------------------------------------------------

@lru_cache(maxsize=1)
def scene_sources() -> tuple[Path, ...]:
    """The scene's file and every module of this project it imports (found once per process: a
    file that imports another module changes its own bytes, which ``code_parts`` reads afresh)."""
    return tuple(project_sources(ROOT / SCENE_FILE))


def code_parts() -> tuple:
    """(name, digest or version) of everything an exercise video depends on besides its spec.
    The files are read afresh each time: a worker's checkout may change under it."""
    from scenes import manim_ext
    from scenes.base import params_path
    from scenes.narration import script

    files = list(scene_sources()) + [ROOT / "manim.cfg", Path(params_path())]
    files += sorted((ROOT / "scenes" / "script").glob("*.ftl")) + sorted((ROOT / "scenes" / "locale").rglob("*.po"))
    parts = [("python", sys.version), ("stock manim", str(manim_ext.stock())),
             ("language", script.language()),
             ("code", digest(*[(str(f.relative_to(ROOT)) if f.is_relative_to(ROOT) else f.name,
                                f.read_bytes() if f.exists() else None) for f in files]))]
    for p in PACKAGES:
        try:
            parts.append((p, metadata.version(p)))
        except metadata.PackageNotFoundError:
            parts.append((p, None))
    return tuple(parts)


# ---- a render, in its own session ------------------------------------------------------------------

def run_in_own_session(command: list[str], log: Path, cwd: Path, env: dict,
                       cancelled=lambda: False, poll: float = 0.3) -> tuple[int, float]:
    """Run ``command`` (output to ``log``) in a session of its own; (exit status, CPU seconds).
    When ``cancelled()`` turns true, or anything interrupts the wait, the whole process group is
    killed. With ``setpriv`` (util-linux), the command also dies when the thread that started it
    does (its worker killed)."""
    if shutil.which("setpriv"):
        command = ["setpriv", "--pdeathsig", "KILL", "--", *command]
    with open(log, "wb") as out:
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
    try:
        while True:
            # ended? (not reaped yet: its pid, so its group's id, stays ours until wait4)
            if os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None:
                kill_group(proc.pid)   # anything it left behind in its session
                _, status, usage = os.wait4(proc.pid, 0)
                proc.returncode = os.waitstatus_to_exitcode(status)
                return proc.returncode, usage.ru_utime + usage.ru_stime
            if cancelled():
                raise RenderFailed("cancelled")
            time.sleep(poll)
    except BaseException:
        kill_group(proc.pid)
        proc.wait()
        raise


def kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def task_cancelled() -> bool:
    """True when the Dask task running this code was cancelled (or this runs outside Dask: False)."""
    try:
        from distributed import get_worker
        worker = get_worker()
        key = worker.get_current_task()
    except (ImportError, ValueError, AttributeError, KeyError):
        return False
    ts = worker.state.tasks.get(key)
    return ts is None or ts.state in ("cancelled", "released", "forgotten")


def decoded_frames(path: Path) -> tuple[int, float, bool]:
    """(frames, seconds, has sound) of a video, decoded end to end (PyAV raises if it is broken)."""
    with av.open(str(path)) as c:
        v = c.streams.video[0]
        frames = sum(1 for _ in c.decode(v))
        seconds = float(c.duration or 0) / av.time_base
        return frames, seconds, bool(c.streams.audio)


def packet_frames(path: Path) -> int:
    """The video frames a file holds, by its packets (no decoding): a truncated copy has fewer."""
    with av.open(str(path)) as c:
        return sum(1 for p in c.demux(video=0) if p.size)


def render_job(spec: dict, quality: str, code: tuple, cancelled=task_cancelled) -> dict:
    """Render one exercise video (on a worker): its bytes and its subtitles', with what was
    measured. ``RenderFailed`` in one line if the worker's code differs or the render fails."""
    where = f"{spec['student']}/{spec['exercise']['name']}"
    mine = dict(code_parts())
    differ = [k for k, v in code if mine.get(k) != v]
    if differ:
        raise WorkerMismatch(f"{where}: worker {socket.gethostname()} differs from the batch's machine in"
                             f" {', '.join(differ)}: give it the same commit, Python, packages and"
                             f" LECTURE_LANG / LECTURE_PARAMS (and restart workers after installing)")
    with tempfile.TemporaryDirectory(prefix="exercise-render-") as tmp:
        tmp = Path(tmp)
        (tmp / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
        log = tmp / "manim.log"
        # --disable_caching: one video per student (ExerciseVideo's docstring says why)
        command = [sys.executable, "-m", "manim", "render", f"-q{quality}", "--progress_bar", "none",
                   "--disable_caching", "--media_dir", str(tmp / "media"), SCENE_FILE, SCENE]
        env = dict(os.environ, **{SPEC_ENV: str(tmp / "spec.json")}, COLUMNS="10000", NO_COLOR="1", TERM="dumb")
        started = time.perf_counter()
        rc, cpu = run_in_own_session(command, log, ROOT, env, cancelled)
        wall = time.perf_counter() - started
        text = log.read_text(encoding="utf-8", errors="replace")
        if rc != 0:
            from toolchain.manim_server import last_error
            raise RenderFailed(f"{where}: {last_error(text) or f'manim ended with status {rc}'}")
        videos = sorted((tmp / "media" / "videos").rglob(f"{SCENE}.mp4"))
        if len(videos) != 1 or not videos[0].with_suffix(".srt").is_file():
            raise RenderFailed(f"{where}: manim wrote {len(videos)} videos and no subtitles beside them")
        mp4, srt = videos[0], videos[0].with_suffix(".srt")
        try:
            frames, seconds, sound = decoded_frames(mp4)
        except (av.error.FFmpegError, IndexError) as e:
            raise RenderFailed(f"{where}: the video does not decode: {e}") from None
        if frames == 0 or not sound:
            raise RenderFailed(f"{where}: the video has {frames} frames and {'a' if sound else 'no'} sound track")
        return {"mp4": mp4.read_bytes(), "srt": srt.read_bytes(), "frames": frames, "seconds": seconds,
                "cpu": cpu, "wall": wall, "host": socket.gethostname(), "pid": os.getpid()}


# ---- publishing, on the command's machine ------------------------------------------------------------
#
# A result is first *staged* (``.batch/staged/<id>/<exercise>.mp4``, ``.srt`` and its stamp), then,
# once every job of the batch has a staged or published video, each staged video is renamed into
# place and the documents are written. A batch that fails therefore changes nothing a student or
# the lecturer sees (no new video beside an old key), and what it rendered waits, staged, for the
# next run, which renders only the rest.

def file_stats(paths) -> list:
    return [[p.name, p.stat().st_size, p.stat().st_mtime_ns] if p.exists() else None for p in paths]


def published(out_dir: Path, job: Job) -> list[Path]:
    folder = out_dir / job.student
    return [folder / f"{job.exercise.name}.mp4", folder / f"{job.exercise.name}.srt"]


def staged(state_dir: Path, job: Job) -> list[Path]:
    folder = state_dir / "staged" / job.student
    return [folder / f"{job.exercise.name}.mp4", folder / f"{job.exercise.name}.srt"]


def stamp_path(state_dir: Path, job: Job) -> Path:
    return state_dir / "videos" / job.student / f"{job.exercise.name}.json"


def staged_stamp_path(state_dir: Path, job: Job) -> Path:
    return state_dir / "staged" / job.student / f"{job.exercise.name}.json"


def read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}


def _whole(stamp_file: Path, files: list[Path], fingerprint: str) -> bool:
    stamp = read_json(stamp_file)
    return (stamp.get("fingerprint") == fingerprint and all(p.exists() for p in files)
            and stamp.get("files") == file_stats(files))


def up_to_date(out_dir: Path, state_dir: Path, job: Job, fingerprint: str) -> bool:
    """The job's published files are whole and were made from these inputs."""
    return _whole(stamp_path(state_dir, job), published(out_dir, job), fingerprint)


def is_staged(state_dir: Path, job: Job, fingerprint: str) -> bool:
    """A render of these inputs waits, whole, to be published."""
    return _whole(staged_stamp_path(state_dir, job), staged(state_dir, job), fingerprint)


def hidden_temp(final: Path) -> Path:
    return final.with_name(f".{final.name}.{os.getpid()}.part")


def stage(state_dir: Path, job: Job, fingerprint: str, result: dict) -> None:
    """Keep one result aside: each file written under a hidden name, its video's frames counted
    again (a copy cut short has fewer), renamed into place, then its stamp."""
    mp4, srt = staged(state_dir, job)
    mp4.parent.mkdir(parents=True, exist_ok=True)
    temps = [hidden_temp(mp4), hidden_temp(srt)]
    try:
        temps[0].write_bytes(result["mp4"])
        temps[1].write_bytes(result["srt"])
        if packet_frames(temps[0]) != result["frames"]:
            raise RenderFailed(f"{job.name}: the video arrived incomplete")
        os.replace(temps[1], srt)
        os.replace(temps[0], mp4)
    finally:
        for t in temps:
            t.unlink(missing_ok=True)
    stamp = {k: result[k] for k in ("frames", "seconds", "cpu", "wall", "host", "pid")}
    stamp.update(fingerprint=fingerprint, files=file_stats([mp4, srt]))
    write_atomic(staged_stamp_path(state_dir, job), json.dumps(stamp).encode())


def publish_staged(out_dir: Path, state_dir: Path, job: Job) -> None:
    """Move a staged video into place (the subtitles, then the video: renames on one disk), then
    its stamp; note it in ``.batch/published.log`` (one line per publication)."""
    stamp = read_json(staged_stamp_path(state_dir, job))
    final = published(out_dir, job)
    final[0].parent.mkdir(parents=True, exist_ok=True)
    for src, dst in reversed(list(zip(staged(state_dir, job), final))):
        os.replace(src, dst)
    stamp["files"] = file_stats(final)
    write_atomic(stamp_path(state_dir, job), json.dumps(stamp).encode())
    staged_stamp_path(state_dir, job).unlink()
    with open(state_dir / "published.log", "a", encoding="utf-8") as log:
        log.write(json.dumps({"video": job.name, "time": time.time(),
                              **{k: stamp.get(k) for k in ("fingerprint", "host", "pid", "cpu", "wall", "seconds")}}) + "\n")


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = hidden_temp(path)
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def remove_stale_parts(out_dir: Path) -> None:
    """Hidden ``.part`` files a killed command left beside the published ones."""
    for p in out_dir.glob("**/.*.part"):
        p.unlink(missing_ok=True)


# ---- the cluster and the batch's loop, in the command ---------------------------------------------

def start_cluster(address: str | None, workers: int, connect_timeout: float):
    """(client, local cluster or None): connected to the scheduler at ``address`` (at least one
    worker within ``connect_timeout`` seconds), or to a new cluster of ``workers`` processes on
    this machine (loopback only, no dashboard page, one render at a time per worker; a worker
    that dies is started again by its nanny). ``ConnectionError`` in one line if unreachable."""
    import logging

    from distributed import Client, LocalCluster

    for name in ("distributed", "tornado", "bokeh"):   # the batch's progress line says what matters
        logging.getLogger(name).setLevel(logging.ERROR)
    if address:
        try:
            client = Client(address, timeout=connect_timeout, set_as_default=True)
        except (OSError, TimeoutError, ValueError) as e:
            raise ConnectionError(f"cannot reach the cluster at {address} within {connect_timeout:g} s"
                                  f" ({first_line(e)}); nothing rendered: check that its scheduler runs"
                                  f" at that address") from None
        try:
            client.wait_for_workers(1, timeout=connect_timeout)
        except (OSError, TimeoutError):
            client.close()
            raise ConnectionError(f"the cluster at {address} has no workers (waited {connect_timeout:g} s);"
                                  f" nothing rendered: start some with `dask worker {address}`") from None
        return client, None
    # no dashboard; the scheduler's small HTTP server (health checks) on a free loopback port,
    # not on 8787 (taken when two batches run at once)
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                           dashboard_address=None, scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                           silence_logs=logging.CRITICAL)
    return Client(cluster, set_as_default=True), cluster


def first_line(e: BaseException) -> str:
    text = str(e).strip().splitlines()
    return text[0] if text else type(e).__name__


def failure_line(job: Job, e: BaseException) -> str:
    if isinstance(e, RenderFailed):
        return str(e)
    if type(e).__name__ == "KilledWorker":
        return f"{job.name}: every worker that ran its render died (out of memory?)"
    return f"{job.name}: {type(e).__name__}: {first_line(e)}"


class Progress:
    """One line: done, running, failed, time left; rewritten in place on a terminal, printed
    again when a count changes otherwise (a log)."""

    def __init__(self, total: int, stream=None):
        self.total, self.stream = total, stream or sys.stdout
        self.started = time.monotonic()
        self.tty = self.stream.isatty()
        self.last = None

    def line(self, done: int, running: int, failed: int) -> str:
        left = self.total - done - failed
        if done and left:
            secs = (time.monotonic() - self.started) / done * left
            eta = f"about {secs / 60:.0f} min left" if secs >= 90 else f"about {secs:.0f} s left"
        else:
            eta = "time left: after the first video" if left else "finished"
        return f"videos: {done}/{self.total} done, {running} running, {failed} failed, {eta}"

    def show(self, done: int, running: int, failed: int, final: bool = False) -> None:
        text = self.line(done, running, failed)
        if self.tty:
            self.stream.write("\r" + text + "\x1b[K" + ("\n" if final else ""))
        elif (done, failed, final) != self.last:
            self.stream.write(text + "\n")
        self.last = (done, failed, final)
        self.stream.flush()


def run_jobs(client, todo: list[tuple[Job, str]], quality: str, code: tuple, on_result, stream=None) -> list[str]:
    """Render every (job, fingerprint) of ``todo`` on the cluster, one task each;
    ``on_result(job, fingerprint, result)`` for each as it arrives (in the command's thread);
    the failures' lines. Interrupted: the tasks still pending are cancelled."""
    import uuid

    from distributed import wait

    token = uuid.uuid4().hex[:8]
    futures = {client.submit(render_job, job.spec, quality, code, key=f"exercise-{job.name}-{token}",
                             pure=False): (job, fp) for job, fp in todo}
    keys = {f.key for f in futures}
    progress = Progress(len(futures), stream)
    pending, failures, done = set(futures), [], 0
    try:
        while pending:
            try:
                finished, pending = wait(pending, timeout=1.0, return_when="FIRST_COMPLETED")
            except TimeoutError:
                finished = set()
            for f in finished:
                job, fp = futures[f]
                try:
                    on_result(job, fp, f.result())
                    done += 1
                except Exception as e:   # the task's error, raised again here; or publishing's
                    failures.append(failure_line(job, e))
                f.release()
            try:   # tasks handed to workers, at most one a worker thread (the rest wait there)
                running = min(sum(1 for ks in client.processing().values() for k in ks if k in keys),
                              sum(client.nthreads().values()))
            except Exception:
                running = 0
            progress.show(done, running if pending else 0, len(failures), final=not pending)
    except BaseException:
        client.cancel(list(pending))
        raise
    return failures
