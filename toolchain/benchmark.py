"""Render-speed benchmark (run by hand: ``make bench``; not part of the test suite).

Prints, per scene and quality:
  * render seconds per second of video (wall clock of a real ``manim`` run, cache disabled);
  * the encode floor: seconds PyAV needs only to encode the same frames with Manim's settings
    (libx264, crf 23 and manim.cfg's options, yuv420p, same size and rate), and the render time as a ratio to it;
  * where the main thread spends its time (one profiled in-process render): drawing frames
    (Cairo), handing frames to the encoder and joining, and the rest (building mobjects,
    interpolating animations).
and, for the whole lecture build (``make video``: render, publish, join), (a) a cold build,
one scene at a time (``--jobs 1``) and with scenes in parallel (``--jobs N``, default: every
core), side by side, each in its own empty media dir, (b) the same cold build without a voice
(``[pace] voice = "none"``: the same beats, no audio) and at the fastest pace the parameter file
allows (no voice, 400 words per minute, no pause: the nearest to a lecture paced by its
animations), each in render seconds per second of video beside the narrated one, (c) the
voice's synthesis time per second of speech (every caption cue of the lecture said again,
cold), (d) a re-run with nothing changed and (e) a re-run after one parameter edit (one scene's
seed, as a lecturer would), with the scenes each run handed to Manim, split into the edited
scene's own seconds (its render and its files, as its progress line says) and the rest (joining
lecture.mp4 and checking it, as the build's record says, then publishing), and (f) the joined
lecture's check, the old way (decoding every frame) and the new (its packets against the
scenes'), alternating on the same lecture.mp4. ``--reruns-only``: only the cold build the
re-runs need, then (d) to (f).

Timings on a shared 2-core machine are noisy: read the ratios, which are measured in one run.

    python -m toolchain.benchmark                   # every scene at -ql and -qh, lecture at -qh
    python -m toolchain.benchmark --scenes DepthSlices --qualities l --lecture-quality none
    python -m toolchain.benchmark --qualities --lecture-quality l --scenes SlidingFilter ColouredEdges1D
    python -m toolchain.benchmark --qualities                    # the lecture builds only, at -qh
    python -m toolchain.benchmark --qualities --lecture-quality l --reruns-only   # an edit's cost at -ql
"""
from __future__ import annotations

import argparse
import cProfile
import inspect
import os
import pstats
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import nullcontext
from fractions import Fraction
from pathlib import Path

import re
import json

import av
from manim import config

from scenes.lecture import lecture
from scenes.narration.narrator import RATE, VOICES
from scenes.narration.spoken import spoken
from toolchain import media_files as mf


ROOT = Path(__file__).resolve().parents[1]
QUALITY_DIRS = {"l": "480p15", "m": "720p30", "h": "1080p60", "p": "1440p60", "k": "2160p60"}
# The parameter edit of (e): one key of one scene's table, in a copy of the lecture's file, as a
# lecturer would make it (issue 25 timed [scenes.gradient] seed, a key the running layer has
# since taken away: tests/test_params.py checks that this edit is one the file accepts).
EDIT = ("gradient", "input_size", "4")


def manim(scene_cls: type, quality: str, media: Path) -> float:
    scene, path = scene_cls.__name__, Path(inspect.getfile(scene_cls)).relative_to(ROOT)
    """Run the manim CLI as a user would, cache disabled; return its wall seconds."""
    cmd = [sys.executable, "-m", "manim", f"-q{quality}", "--disable_caching", "--media_dir", str(media),
           "--progress_bar", "none", str(path), scene]
    start = time.perf_counter()
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    took = time.perf_counter() - start
    if r.returncode:
        raise SystemExit(f"{scene}: manim failed:\n{r.stderr[-2000:]}")
    return took


def video_of(media: Path, scene_cls: type, quality: str) -> Path:
    module = Path(inspect.getfile(scene_cls)).stem
    return media / "videos" / module / QUALITY_DIRS[quality] / f"{scene_cls.__name__}.mp4"


def encode_floor(video: Path) -> tuple[float, float]:
    """(video seconds, seconds spent only encoding its frames again with Manim's settings)."""
    with av.open(str(video)) as src, tempfile.TemporaryDirectory() as tmp:
        s = src.streams.video[0]
        out = av.open(os.path.join(tmp, "floor.mp4"), mode="w")
        rate = Fraction(s.average_rate)
        # crf 23 is Manim's default; manim.cfg's [video_encoder.options] are the project's
        dst = out.add_stream("libx264", rate=rate, options={"crf": "23", **config.video_encoder_options})
        dst.width, dst.height, dst.pix_fmt = s.codec_context.width, s.codec_context.height, "yuv420p"
        spent, frames = 0.0, 0
        for frame in src.decode(s):
            frame = frame.reformat(format="rgb24").reformat(format="yuv420p")  # as Manim hands RGBA
            frame.pts, frame.time_base = frames, 1 / rate
            t = time.perf_counter()
            for packet in dst.encode(frame):
                out.mux(packet)
            spent += time.perf_counter() - t
            frames += 1
        t = time.perf_counter()
        for packet in dst.encode():
            out.mux(packet)
        spent += time.perf_counter() - t
        out.close()
        return frames / float(s.average_rate), spent


def profile_shares(cls: type, quality: str, media: Path) -> dict[str, float]:
    """Main-thread time shares of one in-process render (cProfile)."""
    from manim import tempconfig

    flag = {"l": "low_quality", "m": "medium_quality", "h": "high_quality",
            "p": "production_quality", "k": "fourk_quality"}[quality]
    prof = cProfile.Profile()
    with tempconfig({"quality": flag, "media_dir": str(media), "disable_caching": True,
                     "progress_bar": "none", "verbosity": "ERROR", "preview": False}):
        prof.enable()
        cls().render()
        prof.disable()
    stats = pstats.Stats(prof)
    total = stats.total_tt
    cum = {}
    for (path, _, name), (_, _, _, ct, _) in stats.stats.items():
        key = (Path(path).stem, name)
        cum[key] = max(cum.get(key, 0.0), ct)
    draw = cum.get(("camera", "capture_mobjects"), 0.0)
    # encoding runs in its own thread; the main thread's share is handing it frames and waiting
    # for it at the end of every animation (joining) and of the scene
    encode = (cum.get(("scene_file_writer", "write_frame"), 0.0)
              + cum.get(("scene_file_writer", "end_animation"), 0.0)
              + cum.get(("scene_file_writer", "finish"), 0.0))
    return {"draw": draw / total, "encode": encode / total,
            "build": max(0.0, 1 - (draw + encode) / total)}


def bench_scenes(scenes, qualities, work: Path):
    print("\nper scene (cache disabled)")
    print(f"{'scene':<18}{'q':>2}{'video s':>9}{'render s':>10}{'s/video s':>11}{'floor s':>9}"
          f"{'x floor':>9}   main thread: build / draw / encode")
    for cls in scenes:
        scene = cls.__name__
        for q in qualities:
            media = work / f"{scene}-{q}"
            took = manim(cls, q, media)
            seconds, floor = encode_floor(video_of(media, cls, q))
            sh = profile_shares(cls, q, work / f"{scene}-{q}-prof")
            print(f"{scene:<18}{q:>2}{seconds:>9.1f}{took:>10.1f}{took / seconds:>11.2f}{floor:>9.1f}"
                  f"{took / floor:>9.2f}   {sh['build']:.0%} / {sh['draw']:.0%} / {sh['encode']:.0%}",
                  flush=True)
            shutil.rmtree(media, ignore_errors=True)


def build(quality: str, media: Path, params: Path | None = None, jobs: int | None = None,
          scenes=None) -> tuple[float, list[str], float]:
    """Run the lecture build (``make video``) as a user would; (wall seconds, its scene lines,
    CPU seconds of every process it ran)."""
    env = dict(os.environ, LECTURE_PARAMS=str(params)) if params else None
    cmd = [sys.executable, "-m", "toolchain.build", "--quality", quality, "--media-dir", str(media)]
    cmd += ["--jobs", str(jobs)] if jobs else []
    # the whole lecture: published (also from the edited copy of the parameter file, which
    # would otherwise be a draft of its own, built from scratch)
    cmd += ["--scenes", *scenes] if scenes else ["--publish"]
    before, start = _children_cpu(), time.perf_counter()
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env)
    took = time.perf_counter() - start
    if r.returncode:
        raise SystemExit(f"the build failed:\n{r.stdout[-2000:]}\n{r.stderr[-2000:]}")
    return took, [line for line in r.stdout.splitlines() if line.startswith("[")], _children_cpu() - before


def _children_cpu() -> float:
    """CPU seconds (user + system) of every finished child process so far."""
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def variant(work: Path, name: str, edits: dict[str, str]) -> Path:
    """A copy of the lecture's parameter file with ``[pace]`` keys replaced."""
    text = (ROOT / "scenes" / "lecture.toml").read_text(encoding="utf-8")
    for key, value in edits.items():
        text, n = re.subn(rf"(?m)^{key}\s*=.*$", f"{key} = {value}", text, count=1)
        assert n == 1, f"[pace] {key} not found in scenes/lecture.toml"
    path = work / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def video_seconds(media: Path) -> float:
    """Length of the joined lecture.mp4 a build left in ``media`` (its only one)."""
    found = [p for p in media.rglob("lecture.mp4") if "videos" not in p.parts]
    with av.open(str(found[0])) as c:
        s = c.streams.video[0]
        return float(s.duration * s.time_base) if s.duration else c.duration / 1e6


def bench_voice(media: Path) -> None:
    """Say every caption cue of the lecture again (the narrated build's plans), cold: CPU seconds
    per second of speech."""

    cues = []
    for plan in sorted((media / "narration" / "plans").glob("*.json")):
        data = json.loads(plan.read_text(encoding="utf-8"))
        cues += [cue[2] for beat in data["beats"] for cue in beat["cues"]]
    voice = VOICES["hibari"]()
    t0 = time.process_time()
    voice.say("Loading the voice.")
    load = time.process_time() - t0
    t0, speech = time.process_time(), 0.0
    for text in cues:
        speech += len(voice.say(spoken(text))) / RATE
    cpu = time.process_time() - t0
    print(f"voice (hibari)     {len(cues)} cues, {speech:.0f} s of speech in {cpu:.1f} CPU s ="
          f" {cpu / speech:.3f} CPU s per second of speech (model load {load:.1f} s once)", flush=True)


def edited_params(work: Path) -> Path:
    """A copy of the lecture's parameter file with ``EDIT`` made: one key of one scene's table."""
    table, key, value = EDIT
    text = (ROOT / "scenes" / "lecture.toml").read_text(encoding="utf-8")
    text, n = re.subn(rf"(?ms)(^\[scenes\.{table}\].*?^{key}\s*=\s*)[^\s#]+", rf"\g<1>{value}", text, count=1)
    assert n == 1, f"[scenes.{table}] {key} not found in scenes/lecture.toml"
    path = work / "edited.toml"
    path.write_text(text, encoding="utf-8")
    return path


def rerun_row(name: str, took: float, cold: float, lines: list[str], media: Path) -> None:
    """A re-run: its wall seconds, the scenes it rendered and their own seconds (their progress
    lines), and the rest: the join and its check (the build's record of the join, lecture.json),
    starting, checking the other scenes' inputs and publishing."""
    redone = [re.search(r"\] (\w+) \.\.\. rendered in (\d+) s", l) for l in lines]
    redone = [(m[1], int(m[2])) for m in redone if m]
    own = sum(s for _, s in redone)
    record = max(media.glob("build/*/lecture.json"), key=lambda p: p.stat().st_mtime, default=None)
    fresh = record is not None and record.stat().st_mtime > time.time() - took
    joined = json.loads(record.read_text()).get("seconds") if fresh else None
    print(f"{name:<30}{took:>8.1f}  ({took / cold:.0%} of cold)  scenes rendered: "
          f"{', '.join(f'{n} {s} s' for n, s in redone) or 'none'}; the rest {took - own:.1f} s"
          + (f" (join + check {joined:.1f} s)" if joined is not None else " (no join)"), flush=True)


def bench_join_check(media: Path, rounds: int = 3) -> None:
    """lecture.mp4's check, the old way (``mf.check_video``: decode every frame) and the new
    (``mf.check_join``: its packets against the scenes'), alternating on the same file."""
    out = next(p.parent for p in media.rglob("lecture.mp4") if "videos" not in p.parts)
    scenes = sorted(out.glob("[0-9][0-9]_*.mp4"))
    frames = sum(mf.header_frames(s) for s in scenes)
    took = {"decode": [], "packets": []}
    for _ in range(rounds):
        for way, check in (("decode", lambda: mf.check_video(out / "lecture.mp4", frames)),
                           ("packets", lambda: mf.check_join(out / "lecture.mp4", scenes, frames))):
            wall, cpu = time.perf_counter(), time.process_time()
            check()
            took[way].append((time.perf_counter() - wall, time.process_time() - cpu))
    (dw, dc), (pw, pc) = (min(took[w]) for w in ("decode", "packets"))
    print(f"lecture.mp4's check ({frames} frames, {len(scenes)} scenes; best of {rounds}, alternating):"
          f" decoding every frame {dw:.1f} s ({dc:.1f} CPU s), its packets against the scenes'"
          f" {pw:.2f} s ({pc:.2f} CPU s)", flush=True)


def bench_lecture(quality: str, work: Path, jobs: int, scenes=None, reruns_only: bool = False):
    edited = edited_params(work)
    # cores busy = CPU s / wall s: a serial build is not one core's work (Manim encodes while it
    # draws, x264 runs threads), which bounds what --jobs can gain on a few cores
    print(f"{'':<26}{'wall s':>8}{'video s':>9}{'s/video s':>11}{'CPU s':>9}{'cores busy':>12}")

    def row(name, took, media, cpu, note=""):
        seconds = video_seconds(media)
        print(f"{name:<30}{took:>8.1f}{seconds:>9.1f}{took / seconds:>11.2f}{cpu:>9.0f}{cpu / took:>12.2f}"
              f"  {note}", flush=True)

    if not reruns_only:
        serial, _, cpu = build(quality, work / "lecture-serial", jobs=1, scenes=scenes)
        row("narrated, cold, --jobs 1", serial, work / "lecture-serial", cpu)
    media = work / "lecture"
    cold, _, cpu = build(quality, media, jobs=jobs, scenes=scenes)
    row(f"narrated, cold, --jobs {jobs}", cold, media, cpu, "" if reruns_only else f"({cold / serial:.2f} of serial)")
    for name, edits in () if reruns_only else (("no voice", {"voice": '"none"'}),
                        ("fastest pace, no voice", {"voice": '"none"', "words_per_minute": "400", "pause": "0"})):
        silent = work / name.replace(" ", "-").replace(",", "")
        took, _, cpu = build(quality, silent, variant(work, silent.name, edits), jobs=jobs, scenes=scenes)
        row(f"{name}, --jobs {jobs}", took, silent, cpu)
        shutil.rmtree(silent, ignore_errors=True)
    if not reruns_only:
        bench_voice(media)
    for name, params in (("unchanged", None), ("one edit", edited)):
        took, lines, _ = build(quality, media, params, jobs=jobs, scenes=scenes)
        rerun_row(name, took, cold, lines, media)
    print("edit made: [scenes.{}] {} = {}".format(*EDIT))
    bench_join_check(media)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenes", nargs="*", help="scene classes (default: the whole lecture)")
    ap.add_argument("--qualities", nargs="*", default=["l", "h"], choices=list(QUALITY_DIRS))
    ap.add_argument("--lecture-quality", default="h", choices=list(QUALITY_DIRS) + ["none"])
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                    help="the parallel cold build's --jobs (default: every core)")
    ap.add_argument("--reruns-only", action="store_true",
                    help="of the lecture builds, only the cold one the re-runs need, then the re-runs"
                         " and the joined lecture's check, old and new way")
    ap.add_argument("--keep", type=Path, metavar="DIR",
                    help="work in DIR (made, must be empty) and keep what was built there")
    args = ap.parse_args(argv)
    scenes = [s for s in lecture() if not args.scenes or s.__name__ in args.scenes]
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}; av {av.__version__}")
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        if any(args.keep.iterdir()):
            raise SystemExit(f"--keep {args.keep}: not empty")
    with (tempfile.TemporaryDirectory(prefix="bench-") if not args.keep else nullcontext(str(args.keep))) as tmp:
        work = Path(tmp).resolve()
        if args.qualities:
            bench_scenes(scenes, args.qualities, work)
        if args.lecture_quality != "none":
            what = "whole lecture" if not args.scenes else "lecture build of " + " ".join(args.scenes)
            print(f"\n{what} (make video) at -q{args.lecture_quality}, joined and published")
            bench_lecture(args.lecture_quality, work, args.jobs, args.scenes, args.reruns_only)


if __name__ == "__main__":
    main()
