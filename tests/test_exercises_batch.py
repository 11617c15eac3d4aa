"""The exercise batch on a real Dask cluster (issue #27): ``python -m toolchain.exercises`` with a
local cluster of two worker processes renders the real ``ExerciseVideo`` at -ql for a roster
of two students (one each; a third was 16 s of CPU more and tests nothing more); one worker is
killed (SIGKILL) while its render runs, so its student's video is rendered again. Every student's
video must then be there once, whole (decoded end to end, with its sound), published once
(``.batch/published.log``), the killed worker's render process gone with it, and every answer of
key.csv the core's. A second run with nothing changed renders nothing and touches nothing.

Bad input (an empty roster, duplicate or blank ids, not UTF-8, too many rows, an unknown
exercise, no secret, an unreachable cluster) is refused in one line, exit status 2, before
anything renders, and what was published before stays as it was.
"""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from cnncore import exercises as E
from toolchain.exercises import batch
from toolchain.exercises.__main__ import main
from toolchain.exercises.roster import MAX_STUDENTS

ROOT = Path(__file__).resolve().parents[1]
SECRET = "batch-test-secret"
STUDENTS = ("s001", "s002")
EXERCISE = "output-cell"


def write_roster(path: Path, ids=STUDENTS) -> Path:
    path.write_text("id,name\n" + "".join(f"{s},Student {n}\n" for n, s in enumerate(ids)), encoding="utf-8")
    return path


def is_render(p: psutil.Process) -> bool:
    try:
        cmd = p.cmdline()
    except psutil.Error:
        return False
    return "manim" in cmd and "render" in cmd and batch.SCENE in cmd


def snapshot(folder: Path) -> dict:
    """Every visible file under ``folder``: its bytes and time (what a reader of it sees)."""
    return {str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file() and ".batch" not in p.parts}


@pytest.fixture(scope="module")
def killed_batch(tmp_path_factory):
    """The batch run once, one of its two workers killed in the middle of a render."""
    tmp = tmp_path_factory.mktemp("batch")
    roster = write_roster(tmp / "course.csv")
    media = tmp / "media"
    env = dict(os.environ, COURSE_SECRET=SECRET)
    out, err = open(tmp / "out.txt", "w+"), open(tmp / "err.txt", "w+")
    command = [sys.executable, "-m", "toolchain.exercises", str(roster), "--exercises", EXERCISE,
               "-q", "l", "--workers", "2", "--media-dir", str(media)]
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=err)
    me, killed, orphan = psutil.Process(proc.pid), None, None
    try:
        deadline = time.monotonic() + 600
        while killed is None and proc.poll() is None and time.monotonic() < deadline:
            renders = [p for p in me.children(recursive=True) if is_render(p)]
            # a render that has run for 3 s: the middle of it (Manim imported, the voice speaking)
            ripe = [p for p in renders if time.time() - p.create_time() > 3]
            if ripe:
                orphan = ripe[0]
                worker = orphan.parent()
                assert worker.pid != proc.pid and worker in me.children(recursive=True)
                worker.send_signal(signal.SIGKILL)
                killed = worker.pid
            time.sleep(0.2)
        try:
            orphan_gone = orphan is not None and not psutil.wait_procs([orphan], timeout=15)[1]
        except psutil.Error:
            orphan_gone = True
        rc = proc.wait(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    out.seek(0)
    err.seek(0)
    return dict(rc=rc, out=out.read(), err=err.read(), media=media, roster=roster,
                course=media / "exercises" / "course", killed=killed, orphan_gone=orphan_gone,
                command=command)


def test_a_worker_was_killed_in_the_middle_and_its_render_went_with_it(killed_batch):
    assert killed_batch["killed"] is not None, killed_batch["out"] + killed_batch["err"]
    assert killed_batch["orphan_gone"], "the killed worker's manim process kept running"
    assert killed_batch["rc"] == 0, killed_batch["err"]


def test_every_students_video_is_there_once_and_whole(killed_batch):
    course = killed_batch["course"]
    for s in STUDENTS:
        names = sorted(p.name for p in (course / s).iterdir())
        assert names == [f"{EXERCISE}.mp4", f"{EXERCISE}.srt", "sheet.pdf"], names   # no .part left
        frames, seconds, sound = batch.decoded_frames(course / s / f"{EXERCISE}.mp4")
        assert frames > 15 * 5 and sound, (s, frames, sound)
        stamp = json.loads((course / ".batch" / "videos" / s / f"{EXERCISE}.json").read_text())
        assert stamp["frames"] == frames
        assert (course / s / f"{EXERCISE}.srt").read_text(encoding="utf-8").strip()
    published = [json.loads(line)["video"] for line in (course / ".batch" / "published.log").read_text().splitlines()]
    assert sorted(published) == sorted(f"{s}/{EXERCISE}" for s in STUDENTS)   # each once


def test_each_answer_in_the_key_is_the_cores(killed_batch):
    rows = list(csv.DictReader(io.StringIO((killed_batch["course"] / "key.csv").read_text(encoding="utf-8"))))
    assert [(r["student"], r["exercise"]) for r in rows] == [(s, EXERCISE) for s in STUDENTS]
    for r in rows:
        assert int(r["answer"]) == E.exercise(EXERCISE, E.student_seed(SECRET, r["student"])).answer


def test_a_rerun_with_nothing_changed_renders_nothing(killed_batch, monkeypatch, capsys):
    """The same command again (its ``main``, in this process: nothing renders, so nothing needs a
    process of its own)."""
    course = killed_batch["course"]
    before = snapshot(course)
    log = (course / ".batch" / "published.log").read_bytes()
    monkeypatch.setenv("COURSE_SECRET", SECRET)
    command = killed_batch["command"]
    assert command[1:3] == ["-m", "toolchain.exercises"]
    rc = main(command[3:])
    out, err = capsys.readouterr()
    assert rc == 0, err
    assert "0 video(s) to render" in out, out
    assert "rendering on" not in out    # no cluster started
    assert snapshot(course) == before
    assert (course / ".batch" / "published.log").read_bytes() == log


def test_a_video_changed_or_made_from_other_inputs_is_not_up_to_date(killed_batch, tmp_path):
    course = tmp_path / "course"
    shutil.copytree(killed_batch["course"], course)
    job = batch.Job("s002", E.exercise(EXERCISE, E.student_seed(SECRET, "s002")))
    code = dict(batch.code_parts())
    fp = job.fingerprint("l", code)
    assert batch.up_to_date(course, course / ".batch", job, fp)
    assert not batch.up_to_date(course, course / ".batch", job, job.fingerprint("h", code))
    assert not batch.up_to_date(course, course / ".batch", job, job.fingerprint("l", dict(code, code="other")))
    srt = course / "s002" / f"{EXERCISE}.srt"
    srt.write_text(srt.read_text() + "\n")
    assert not batch.up_to_date(course, course / ".batch", job, fp)


# ---- bad input: one line, nothing rendered, nothing published lost ------------------------------------

@pytest.fixture
def published(tmp_path, monkeypatch):
    """A course folder published before (its files stand in for videos, sheets and the key)."""
    monkeypatch.setenv("COURSE_SECRET", SECRET)
    course = tmp_path / "media" / "exercises" / "course"
    for name in ("s001/output-cell.mp4", "s001/sheet.pdf", "key.csv", "key.pdf", "quiz-qti.zip"):
        (course / name).parent.mkdir(parents=True, exist_ok=True)
        (course / name).write_bytes(f"published {name}".encode())
    return tmp_path, course, snapshot(course)


def refused(capsys, tmp_path, roster: Path, *args) -> str:
    rc = main([str(roster), "--media-dir", str(tmp_path / "media"), "-q", "l", *args])
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert rc == 2, (rc, out, err)
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert "rendering" not in out
    return lines[0]


def roster_file(tmp_path: Path, data: bytes | str) -> Path:
    path = tmp_path / "course.csv"
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


BAD_ROSTERS = {
    "empty": (b"", "empty"),
    "header only": ("id,name\n", "no students"),
    "no id column": ("name\nAda\n", "no column 'id'"),
    "duplicate ids": ("id\ns001\ns002\nS001\n", "line 4: id 'S001' again (first on line 2)"),
    "blank id": ("id,name\ns001,Ada\n ,Bo\n", "line 3: blank id"),
    "id that is no folder name": ("id\n../etc\n", "is not allowed"),
    "not UTF-8": ("id\ns001\nJosé\n".encode("latin-1"), "not UTF-8 (byte 11, line 3)"),
    "too many rows": ("id\n" + "".join(f"s{n}\n" for n in range(MAX_STUDENTS + 1)), f"more than {MAX_STUDENTS} students"),
}


@pytest.mark.parametrize("case", list(BAD_ROSTERS))
def test_a_bad_roster_is_one_line_and_nothing_is_lost(case, published, capsys):
    tmp_path, course, before = published
    data, said = BAD_ROSTERS[case]
    line = refused(capsys, tmp_path, roster_file(tmp_path, data))
    assert said in line and "course.csv" in line, line
    assert snapshot(course) == before


def test_a_missing_roster_is_one_line(published, capsys):
    tmp_path, course, before = published
    assert "no such file" in refused(capsys, tmp_path, tmp_path / "course.csv")


def test_an_unknown_exercise_is_one_line(published, capsys):
    tmp_path, course, before = published
    line = refused(capsys, tmp_path, write_roster(tmp_path / "course.csv"), "--exercises", EXERCISE, "stride-count")
    assert line == "error: exercise must be one of output-cell, weight-reach, weight-gradient, got 'stride-count'"
    assert snapshot(course) == before


@pytest.mark.parametrize("secret, said", [(None, "no course secret"), ("short", "at least 8")])
def test_a_missing_or_short_secret_is_one_line(secret, said, published, capsys, monkeypatch):
    tmp_path, course, before = published
    if secret is None:
        monkeypatch.delenv("COURSE_SECRET")
    else:
        monkeypatch.setenv("COURSE_SECRET", secret)
    assert said in refused(capsys, tmp_path, write_roster(tmp_path / "course.csv"))
    assert snapshot(course) == before


def test_an_unreachable_cluster_is_one_line_and_nothing_renders(published, capsys):
    tmp_path, course, before = published
    with socket.socket() as s:   # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    started = time.monotonic()
    line = refused(capsys, tmp_path, write_roster(tmp_path / "course.csv"),
                   "--cluster", f"tcp://127.0.0.1:{port}", "--connect-timeout", "1")
    assert f"cannot reach the cluster at tcp://127.0.0.1:{port}" in line and "nothing rendered" in line
    assert time.monotonic() - started < 30
    assert snapshot(course) == before


# ---- the render's process group ----------------------------------------------------------------------

def test_a_cancelled_render_takes_its_whole_process_group_with_it(tmp_path):
    log = tmp_path / "log"
    t0 = time.monotonic()
    with pytest.raises(batch.RenderFailed, match="cancelled"):
        batch.run_in_own_session(["sh", "-c", "echo $$; sleep 60 & sleep 60"], log, tmp_path, dict(os.environ),
                                 cancelled=lambda: time.monotonic() - t0 > 1.0)
    pgid = int(log.read_text().split()[0])
    time.sleep(0.2)
    left = [p.pid for p in psutil.process_iter() if _running_in(p, pgid)]
    assert left == [], f"still running in the render's group: {left}"


def _running_in(p: psutil.Process, pgid: int) -> bool:
    """``p`` is in process group ``pgid`` and not a zombie (dead, waiting to be reaped)."""
    try:
        return os.getpgid(p.pid) == pgid and p.status() != psutil.STATUS_ZOMBIE
    except (OSError, psutil.Error):
        return False


def test_a_render_that_ends_reports_its_status_and_cpu_time(tmp_path):
    rc, cpu = batch.run_in_own_session([sys.executable, "-c", "import sys; sum(range(3_000_000)); sys.exit(3)"],
                                       tmp_path / "log", tmp_path, dict(os.environ))
    assert rc == 3 and 0 < cpu < 30


def test_the_progress_line_says_done_running_failed_and_time_left():
    out = io.StringIO()
    p = batch.Progress(6, out)
    p.started -= 40
    p.show(2, 2, 1)          # 20 s a video, 3 to go
    p.show(2, 1, 1)          # not a terminal: a line only when a count changes
    p.started -= 400
    p.show(3, 2, 1)
    assert out.getvalue().splitlines() == ["videos: 2/6 done, 2 running, 1 failed, about 60 s left",
                                           "videos: 3/6 done, 2 running, 1 failed, about 5 min left"]


# ---- staged, then published whole (no renders: the cluster's part replaced) -------------------------

def tiny_video(frames: int = 6) -> bytes:
    """A real little H.264 mp4 (what a render returns, in small)."""
    import av
    import numpy as np

    buf = io.BytesIO()
    with av.open(buf, "w", format="mp4") as c:
        s = c.add_stream("libx264", rate=15)
        s.width, s.height, s.pix_fmt = 64, 64, "yuv420p"
        for n in range(frames):
            img = np.full((64, 64, 3), 20 * n, np.uint8)
            for p in s.encode(av.VideoFrame.from_ndarray(img, format="rgb24")):
                c.mux(p)
        for p in s.encode():
            c.mux(p)
    return buf.getvalue()


def fake_result(frames: int = 6) -> dict:
    return {"mp4": tiny_video(frames), "srt": b"1\n00:00:00,000 --> 00:00:01,000\nhello\n", "frames": frames,
            "seconds": frames / 15, "cpu": 1.0, "wall": 1.0, "host": "here", "pid": os.getpid()}


class NoCluster:
    def close(self):
        pass


def test_a_failed_batch_publishes_nothing_and_the_next_renders_only_the_rest(published, capsys, monkeypatch):
    """One video renders, one fails: no video, sheet or key changes (the published files stay as
    they were); the next run renders only the failed one, then publishes both and the documents."""
    tmp_path, course, before = published
    roster = write_roster(tmp_path / "course.csv", ids=("s001", "s002"))
    rendered = []

    def one_fails(client, todo, quality, code, on_result, stream=None):
        rendered.append([job.name for job, _ in todo])
        failures = []
        for job, fp in todo:
            if job.student == "s002" and len(rendered) == 1:
                failures.append(f"{job.name}: a render that failed")
            else:
                on_result(job, fp, fake_result())
        return failures

    monkeypatch.setattr(batch, "start_cluster", lambda *a: (NoCluster(), None))
    monkeypatch.setattr(batch, "run_jobs", one_fails)
    args = [str(roster), "--media-dir", str(tmp_path / "media"), "-q", "l", "--exercises", EXERCISE]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "s002/output-cell: a render that failed" in err and "nothing published" in err
    assert snapshot(course) == before                       # nothing a student or the lecturer sees changed
    assert (course / ".batch" / "staged" / "s001" / f"{EXERCISE}.mp4").exists()

    assert main(args) == 0, capsys.readouterr().err
    assert "1 rendered before and waiting" in capsys.readouterr().out
    assert rendered == [["s001/output-cell", "s002/output-cell"], ["s002/output-cell"]]
    for s in ("s001", "s002"):
        assert batch.packet_frames(course / s / f"{EXERCISE}.mp4") == 6
        assert (course / s / "sheet.pdf").read_bytes().startswith(b"%PDF")
    assert not list((course / ".batch" / "staged").rglob("*.mp4"))
    log = [json.loads(line)["video"] for line in (course / ".batch" / "published.log").read_text().splitlines()]
    assert sorted(log) == ["s001/output-cell", "s002/output-cell"]
    assert main(args) == 0 and "0 video(s) to render" in capsys.readouterr().out
    assert len(rendered) == 2


def test_a_video_that_arrives_cut_short_is_not_staged(tmp_path):
    job = batch.Job("s001", E.exercise(EXERCISE, E.student_seed(SECRET, "s001")))
    result = fake_result()
    result["mp4"] = result["mp4"][: len(result["mp4"]) // 2]
    with pytest.raises(Exception):
        batch.stage(tmp_path, job, "fp", result)
    assert not batch.is_staged(tmp_path, job, "fp")
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == []


def test_a_secret_file_that_cannot_be_read_is_one_line(published, capsys):
    tmp_path, course, before = published
    line = refused(capsys, tmp_path, write_roster(tmp_path / "course.csv"), "--secret-file", str(tmp_path / "nope"))
    assert "cannot read the secret file" in line and "nope" in line
    assert snapshot(course) == before


def test_the_secret_file_is_read_as_its_first_line(tmp_path, monkeypatch):
    from toolchain.exercises.roster import course_secret

    (tmp_path / "secret.txt").write_text(f"  {SECRET}\nnot this\n", encoding="utf-8")
    monkeypatch.delenv("COURSE_SECRET", raising=False)
    assert course_secret(str(tmp_path / "secret.txt")) == SECRET
