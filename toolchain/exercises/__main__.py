"""Exercises for a course (``make exercises ROSTER=students.csv``): every student's own numbers,
a question sheet, a video per exercise, and the lecturer's key and quiz.

    python -m toolchain.exercises ROSTER [--exercises NAME ...] [--cluster tcp://host:port]
                                  [--workers N] [--quality l|m|h] [--course NAME]
                                  [--secret-file PATH] [--media-dir media]

The course's secret comes from ``--secret-file`` or ``COURSE_SECRET``; each student's seed is
``cnncore.exercises.student_seed(secret, id)``. Everything is checked first (the roster, the
exercise names, the secret, the cluster): each mistake is one line (exit status 2) and nothing
is written. Then ``<media-dir>/exercises/<course>/`` gets, per student, ``<id>/sheet.pdf`` and
``<id>/<exercise>.mp4`` + ``.srt``; for the lecturer ``key.csv``, ``key.pdf`` and
``quiz-qti.zip``. Videos are rendered on Dask (``toolchain.exercises.batch``): a local cluster of
``--workers`` processes, or the cluster at ``--cluster``. Only videos that are missing or whose
inputs changed are rendered. Each is kept aside until every video of the batch is there, then
they are moved into place and the documents written: a failed video is reported in one line
(exit status 1) and nothing is published; the videos it did render wait for the next run.
"""
from __future__ import annotations

import argparse
import fcntl
import json
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from cnncore import exercises as E
from toolchain import command
from toolchain.exercises import batch, key, sheets
from toolchain.exercises.roster import RosterError, course_name, course_secret, read_roster
from toolchain.renders import ROOT, digest

QUALITIES = ("l", "m", "h")
SHEET = "sheet.pdf"
DOCUMENTS = ("key.csv", "key.pdf", key.QTI_NAME)


class OneLineParser(argparse.ArgumentParser):
    def error(self, message):
        print(f"error: {message} (see --help)", file=sys.stderr)
        raise SystemExit(2)


def parse_args(argv):
    ap = OneLineParser(prog="python -m toolchain.exercises", description=__doc__.split("\n\n")[0])
    ap.add_argument("roster", type=Path, help="CSV (UTF-8) with a column 'id', one student a row")
    ap.add_argument("--exercises", nargs="+", metavar="NAME", default=list(E.NAMES),
                    help=f"which exercises, in sheet order (default: all: {' '.join(E.NAMES)})")
    ap.add_argument("--cluster", metavar="tcp://HOST:PORT",
                    help="a Dask scheduler's address (default: a local cluster on this machine's cores)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1, metavar="N",
                    help="worker processes of the local cluster (default: the number of cores)")
    ap.add_argument("-q", "--quality", choices=QUALITIES, default="h",
                    help="l 480p15 (a draft), m 720p30, h 1080p60 (default)")
    ap.add_argument("--course", help="the course's folder name (default: the roster's file name)")
    ap.add_argument("--secret-file", metavar="PATH", help="a file whose first line is the course's"
                    " secret (default: $SECRET_FILE, else the environment variable COURSE_SECRET)")
    ap.add_argument("--media-dir", type=Path, default=Path("media"), help="default: media")
    ap.add_argument("--connect-timeout", type=float, default=10.0, metavar="SECONDS",
                    help="how long to try reaching --cluster (default: 10)")
    args = ap.parse_args(argv)
    if args.workers < 1:
        ap.error("--workers must be at least 1")
    if not args.connect_timeout > 0:
        ap.error("--connect-timeout must be more than 0")
    return args


def checked_names(names: list[str]) -> list[str]:
    for n in names:
        if n not in E.NAMES:
            try:
                E.exercise(n, 0)
            except ValueError as e:   # the core's own line: "exercise must be one of ..."
                raise RosterError(str(e)) from None
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise RosterError(f"exercise {twice[0]} named twice")
    return names


@contextmanager
def course_lock(state_dir: Path):
    state_dir.mkdir(parents=True, exist_ok=True)
    with open(state_dir / "lock", "a+") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RosterError(f"another batch is running for {state_dir.parent}: wait for it to end") from None
        yield


def write_documents(out_dir: Path, state_dir: Path, plan, course: str, quality: str) -> bool:
    """The sheets, the key and the quiz, each written whole; not at all when what they are made
    of is what they were made of last time and they are intact. True if written."""
    rows = key.rows_of(plan)
    names = [out_dir / s / SHEET for s, _ in plan] + [out_dir / d for d in DOCUMENTS]
    sources = [Path(m.__file__).read_bytes() for m in (key, sheets, E)]
    made_of = digest(rows, course, quality, sources)
    stamp_file = state_dir / "documents.json"
    old = batch.read_json(stamp_file)
    if old.get("made_of") == made_of and old.get("files") == batch.file_stats(names):
        return False
    for student, exercises in plan:
        final = out_dir / student / SHEET
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp = batch.hidden_temp(final)
        try:
            sheets.write_sheet(tmp, student, course, exercises)
            os.replace(tmp, final)
        finally:
            tmp.unlink(missing_ok=True)
    batch.write_atomic(out_dir / "key.csv", key.key_csv(rows))
    batch.write_atomic(out_dir / "key.pdf", bytes(key.key_pdf(plan, course, quality).output()))
    batch.write_atomic(out_dir / key.QTI_NAME, key.qti_zip(rows, course))
    batch.write_atomic(stamp_file, json.dumps(
        {"made_of": made_of, "files": batch.file_stats(names)}).encode())
    return True


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        students = read_roster(args.roster)
        names = checked_names(args.exercises)
        secret = course_secret(args.secret_file or os.environ.get("SECRET_FILE"))
        course = course_name(args.roster, args.course)
    except RosterError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    media = args.media_dir if args.media_dir.is_absolute() else ROOT / args.media_dir
    out_dir = media / "exercises" / course
    state_dir = out_dir / ".batch"
    plan = [(s, [E.exercise(n, E.student_seed(secret, s)) for n in names]) for s in students]
    code = batch.code_parts()
    jobs = [batch.Job(s, ex) for s, exs in plan for ex in exs]
    fps = {job: job.fingerprint(args.quality, dict(code)) for job in jobs}
    try:
        with course_lock(state_dir):
            batch.remove_stale_parts(out_dir)
            stale = [j for j in jobs if not batch.up_to_date(out_dir, state_dir, j, fps[j])]
            todo = [(j, fps[j]) for j in stale if not batch.is_staged(state_dir, j, fps[j])]
            return run(args, out_dir, state_dir, plan, jobs, stale, todo, code, course, names, fps)
    except RosterError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except ConnectionError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"error: cannot write {e.filename or out_dir}: {e.strerror or e}; the files published"
              f" before are kept", file=sys.stderr)
        return 1


def run(args, out_dir, state_dir, plan, jobs, stale, todo, code, course, names, fps) -> int:
    started = time.monotonic()
    waiting = len(stale) - len(todo)
    print(f"{len(plan)} student(s) x {len(names)} exercise(s) into {batch_shown(out_dir)}:"
          f" {len(todo)} video(s) to render at -q{args.quality}, {len(jobs) - len(stale)} up to date"
          + (f", {waiting} rendered before and waiting to be published" if waiting else ""), flush=True)
    failures = []
    if todo:
        client, cluster = batch.start_cluster(args.cluster, args.workers, args.connect_timeout)
        try:
            where = args.cluster or f"a local cluster of {args.workers} worker processes"
            print(f"rendering on {where}", flush=True)
            failures = batch.run_jobs(client, todo, args.quality, code,
                                      lambda job, fp, result: batch.stage(state_dir, job, fp, result))
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
    if failures:
        for line in failures:
            print(f"error: {line}", file=sys.stderr)
        print(f"error: {len(failures)} of {len(todo)} videos failed: nothing published, every video,"
              f" sheet and key stays as it was; the {len(todo) - len(failures)} rendered wait aside:"
              f" run again to render only the rest", file=sys.stderr)
        return 1
    for job in stale:   # every one is staged now: put them in place, then the documents
        if not batch.is_staged(state_dir, job, fps[job]):
            print(f"error: {job.name}: its staged video is gone; nothing more published: run again",
                  file=sys.stderr)
            return 1
        batch.publish_staged(out_dir, state_dir, job)
    wrote = write_documents(out_dir, state_dir, plan, course, args.quality)
    others = sorted(p.name for p in out_dir.iterdir() if p.is_dir() and not p.name.startswith(".")
                    and p.name not in {s for s, _ in plan})
    print(f"done in {time.monotonic() - started:.0f} s: {len(todo)} rendered, {len(stale)} published,"
          f" {len(jobs) - len(stale)} up to date; sheets, key.csv, key.pdf and {key.QTI_NAME}"
          f" {'written' if wrote else 'up to date'}", flush=True)
    if others:
        print(f"kept, not in the roster: {', '.join(others[:10])}{' ...' if len(others) > 10 else ''}")
    return 0


def batch_shown(path: Path) -> Path:
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


if __name__ == "__main__":
    command.run(main, "every video published so far is whole; nothing half-written")
