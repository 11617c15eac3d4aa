"""Render the whole lecture and publish web-ready files (``make video``).

    python -m scenes.toolchain.build [--quality l|m|h|p|k] [--scenes CS231nDemo ...] [--media-dir media]
                           [--force] [--no-join]

Run from the repository root (Manim reads ``manim.cfg`` there). ``LECTURE_PARAMS`` picks the
parameter file as for a single scene. The parameter file is validated first (for every scene
to render): a bad file prints one line and exits with status 2 before anything renders.

Then every scene of ``scenes/lecture.py`` (or only those named by ``--scenes``), in lecture
order, is rendered by the ``manim`` command (one subprocess per scene, default quality
``-qh``), with one progress line per scene. Manim's cache re-renders only the animations that
changed; a scene none of whose inputs changed (its code and the modules it imports, its
parameters, manim.cfg, quality) is not even handed to Manim (``--force`` does anyway). Each
scene is published into ``<media-dir>/lecture/`` (default ``media/lecture/``; the environment
variable ``LECTURE_MEDIA_DIR`` changes the default), named by its place in the lecture:

    05_ColouredEdges1D.mp4   the scene: H.264, yuv420p, 16:9, index at the front (faststart)
    05_ColouredEdges1D.srt   its subtitles (in order, none overlapping)
    05_ColouredEdges1D.png   a 1280x720 thumbnail (the fullest of a dozen sampled frames)
    05_ColouredEdges1D.gif   a 4-second looping preview, 480 px wide (< 2 MB)
    lecture.mp4              every scene published at this quality, joined in lecture order
                             (packets remuxed, not re-encoded; faststart)
    lecture.srt              their subtitles, shifted to their place in lecture.mp4
    chapters.txt             YouTube chapters of lecture.mp4 (one per scene, plus sections of
                             at least 10 s), to paste into the video description

Manim's own renders and cache stay where Manim puts them (``<media-dir>/videos/...``); its log
of each scene and the build's record of what it published are in ``<media-dir>/build/``. A
stray .wav Manim leaves beside a scene with sound is never published. Every published file is
written under a temporary name and moved into place when complete: if a scene fails (Manim's
error line is printed, the exit status is 1) or the build is interrupted (status 130), that
scene's previously published files, and the lecture files, are left as they were.
"""
from __future__ import annotations

import argparse
import ast
import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

import inspect

from scenes.lecture import LECTURE
from scenes.toolchain import media_files as mf
from scenes.toolchain import captions, narration, narration_media as nm
from scenes.visual import palette as P
from scenes.toolchain.files import atomic, remove_stale_temps

ROOT = Path(__file__).resolve().parents[2]
QUALITIES = "lmhpk"
BACKGROUND = tuple(round(255 * v) for v in P.hex_to_rgb(P.BACKGROUND))  # for picking thumbnails

_CACHED = re.compile(r"Using cached data")
_PLAYED = re.compile(r"Played (\d+) animations")
_READY = re.compile(r"File ready at\s+'([^']+)'")
_ERROR = re.compile(r"^\s*(?:[│|]\s*)?((?:[A-Za-z_][\w.]*)?(?:Error|Exception|Interrupt|Exit)\b.*|error: .*)$")


class SceneFailed(Exception):
    pass


def validate(selected):
    """The parameter file, loaded and checked for every selected scene; exit 2 on error."""
    from scenes.base import validate_or_exit

    return validate_or_exit(*[scene for _, scene in selected])


def scene_file(scene: type) -> Path:
    """The file that defines a scene class (what the ``manim`` command is given)."""
    return Path(inspect.getfile(scene)).resolve()


def run_manim(scene: type, quality: str, media_dir: Path, log: Path) -> dict:
    """Render one scene with the manim CLI; return what it wrote and how much came from cache."""
    cls = scene.__name__
    path = scene_file(scene)
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    cmd = [sys.executable, "-m", "manim", "render", f"-q{quality}", "--save_sections",
           "--progress_bar", "none", "--media_dir", str(media_dir), str(shown), cls]
    env = dict(os.environ, COLUMNS="10000", NO_COLOR="1", TERM="dumb")
    log.parent.mkdir(parents=True, exist_ok=True)
    started = time.time()
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env=env)
        try:
            rc = proc.wait()
        except BaseException:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            raise
    # Rich pads every line to the (wide, so that nothing wraps) console: strip that padding.
    text = "\n".join(l.rstrip() for l in log.read_text(encoding="utf-8", errors="replace").splitlines())
    log.write_text(text + "\n", encoding="utf-8")
    if rc != 0:
        errors = [m.group(1).strip() for line in text.splitlines() if (m := _ERROR.match(line))]
        raise SceneFailed(f"{errors[-1] if errors else 'manim exited with status ' + str(rc)}"
                          f" (full log: {log})")
    ready = _READY.findall(text)
    if not ready:
        raise SceneFailed(f"manim wrote no video (full log: {log})")
    video = Path(ready[-1])
    if not video.is_absolute():
        video = ROOT / video
    played = _PLAYED.findall(text)
    sections_json = video.parent / "sections" / f"{cls}.json"
    srt_file = video.with_suffix(".srt")
    return {
        "video": video,
        "srt": srt_file if srt_file.exists() and srt_file.stat().st_mtime >= started - 1 else None,
        "sections": json.loads(sections_json.read_text()) if sections_json.exists() else [],
        "partials": video.parent / "partial_movie_files" / cls / "partial_movie_file_list.txt",
        "played": int(played[-1]) if played else 0,
        "cached": len(_CACHED.findall(text)),
    }


def _digest(*parts) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else repr(part).encode())
        h.update(b"\0")
    return h.hexdigest()


def project_sources(path: Path) -> list[Path]:
    """``path`` and every module of this project (scenes/, cnncore/) it imports, transitively."""
    seen, todo = set(), [path.resolve()]
    while todo:
        f = todo.pop()
        if f in seen or not f.exists():
            continue
        seen.add(f)
        package = ".".join(f.parent.relative_to(ROOT).parts) if f.is_relative_to(ROOT) else None
        for node in ast.walk(ast.parse(f.read_bytes(), str(f))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:  # relative: within this file's package
                    if package is None:
                        continue
                    base = f"{package}.{base}" if base else package
                names = [base] + [f"{base}.{a.name}" for a in node.names]
            else:
                continue
            for name in names:
                parts = name.split(".")
                if parts[0] in ("scenes", "cnncore"):
                    mod = ROOT.joinpath(*parts)
                    todo += [mod.with_suffix(".py"), mod / "__init__.py"]
                    todo += [ROOT.joinpath(*parts[:n], "__init__.py") for n in range(1, len(parts))]
    return sorted(seen)


def inputs_fingerprint(scene: type, quality: str, params) -> str:
    """Everything a scene's render depends on: its code (the scene file and every module of
    this project it imports), manim.cfg, the scene's own parameters, quality and package
    versions. When it is unchanged and the published files are intact, Manim is not started."""
    files = project_sources(scene_file(scene)) + [ROOT / "manim.cfg"]
    own = (params.layer(scene.params_key), params.pace)
    versions = [metadata.version(d) for d in ("manim", "av", "manimpango")]
    return _digest(str(scene_file(scene)), scene.__name__, quality, own, versions, sys.version,
                   narration.inputs_digest(scene.__name__),  # its recordings, the voice's version
                   *[(str(f), f.read_bytes() if f.exists() else None) for f in files])


def render_fingerprint(render: dict) -> str:
    """What the published files are made of: the animations (Manim's hashes of them, in
    order), the sections, and each subtitle's text. Not the subtitles' times (the animations'
    hashes already fix them):
    Manim times them by whole frames when it renders an animation but by exact run times when
    it takes the animation from its cache, so they drift by a frame or so between a fresh and a
    cached run of the same scene; the published .srt is kept (from the first render) then."""
    subs = [s.content for s in mf.read_srt(render["srt"])]
    return _digest(render["partials"].read_bytes() if render["partials"].exists() else None,
                   subs, render["sections"], nm.plan_digest(render.get("narration")))


def file_stats(paths) -> list:
    return [[p.name, p.stat().st_size, p.stat().st_mtime_ns] if p.exists() else None for p in paths]


def published_names(out_dir: Path, stem: str) -> list[Path]:
    return [out_dir / f"{stem}{ext}" for ext in (".mp4", ".srt", ".png", ".gif", ".vtt")]


def publish_scene(render: dict, names: list[Path]) -> None:
    """Write the scene's web-ready files (each complete when it appears: written aside, then
    moved into place)."""
    mp4, srt_path, png, gif, vtt = names
    if render.get("narration"):   # the voice laid on the video by frame counts, captions timed to it
        track, cues = nm.scene_track(render["narration"], render["sections"], nm.video_length(render["video"]))
        duration = nm.mux(render["video"], track, mp4, keep_sound=True)  # video copied; AAC 48 kHz
        captions.write_captions(cues, srt_path)
    else:
        (duration,) = mf.join_mp4([render["video"]], mp4)  # faststart remux, no re-encode
        mf.write_srt(mf.clean_subs(mf.read_srt(render["srt"]), duration), srt_path)
        captions.write_captions(captions.read_srt_cues(srt_path), srt_path)
    t, img = mf.pick_thumbnail(mp4, duration, BACKGROUND)
    mf.write_thumbnail(img, png)
    mf.write_preview(mp4, t, gif)


def build_scene(scene, stem, quality, params, media_dir, out_dir, log_dir, force) -> dict:
    """Render (unless nothing changed) and publish one scene; return its stamp, with a status
    line for the progress display in ``"status"``."""
    t0 = time.time()
    stamp_path = log_dir / f"{stem}.json"
    old = read_stamp(stamp_path)
    names = published_names(out_dir, stem)
    inputs = inputs_fingerprint(scene, quality, params)
    intact = old.get("files") == file_stats(names) and all(p.exists() for p in names)
    if not force and intact and old.get("inputs") == inputs:
        return dict(old, status=f"unchanged: all {old['played']} animations from cache"
                                f" (inputs unchanged, nothing to render, {time.time() - t0:.0f} s)")
    render = run_manim(scene, quality, media_dir, log_dir / f"{stem}.log")
    render["narration"] = narration.read_plan(media_dir, scene.__name__, since=t0)
    took = time.time() - t0
    if render["played"] and render["cached"] >= render["played"]:
        status = f"unchanged: all {render['played']} animations from cache ({took:.0f} s)"
    else:
        status = f"rendered in {took:.0f} s ({render['cached']} of {render['played']} animations from cache)"
    made_of = render_fingerprint(render)
    if not (intact and old.get("render") == made_of):
        publish_scene(render, names)
    else:
        status += "; published files up to date"
    for note in (render["narration"] or {}).get("notes", []):
        status += f"\n    narration: {note}"
    stamp = {"quality": quality, "inputs": inputs, "render": made_of, "played": render["played"],
             "sections": render["sections"], "files": file_stats(names)}
    with atomic(stamp_path) as tmp:
        tmp.write_text(json.dumps(stamp))
    return dict(stamp, status=status)


def read_stamp(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}


def join_lecture(lecture, quality: str, out_dir: Path, log_dir: Path) -> tuple[float, list[str]]:
    """lecture.mp4, lecture.srt and chapters.txt from every scene of the lecture published at
    ``quality`` (in this run or an earlier one), in order; returns (length, scenes left out)."""
    nm.write_script(lecture, out_dir.parent, out_dir)
    parts, subs, videos, missing = [], [], [], []
    for i, scene in enumerate(lecture, 1):
        cls, title = scene.__name__, scene.chapter or scene.__name__
        stem = f"{i:02d}_{cls}"
        stamp = read_stamp(log_dir / f"{stem}.json")
        if stamp.get("quality") != quality or not all(p.exists() for p in published_names(out_dir, stem)):
            missing.append(cls)
            continue
        videos.append(out_dir / f"{stem}.mp4")
        parts.append(mf.Part(title, 0.0, 0.0, [(s["name"], float(s["duration"])) for s in stamp["sections"]]))
        subs.append(mf.read_srt(out_dir / f"{stem}.srt"))
    if not videos:
        return 0.0, missing
    # the video joined (packets copied); the voice joined as one track: each scene's at its first frame
    durations = mf.join_mp4(videos, out_dir / "lecture.mp4", audio=False)
    track = nm.lecture_track(videos, durations)
    if track is not None:
        nm.mux(out_dir / "lecture.mp4", track, out_dir / "lecture.mp4")
    start = 0.0
    for part, d in zip(parts, durations):
        part.start, part.duration = start, d
        start += d
    mf.write_srt(mf.merge_subs([(p.start, s) for p, s in zip(parts, subs)]), out_dir / "lecture.srt")
    captions.write_captions(captions.read_srt_cues(out_dir / "lecture.srt"), out_dir / "lecture.srt")
    with atomic(out_dir / "chapters.txt") as tmp:
        tmp.write_text(mf.chapter_text(mf.chapters(parts)), encoding="utf-8")
    return start, missing


def parse_args(argv, lecture):
    names = [scene.__name__ for scene in lecture]
    ap = argparse.ArgumentParser(prog="python -m scenes.toolchain.build", description=__doc__.split("\n\n")[0])
    ap.add_argument("-q", "--quality", choices=list(QUALITIES), default="h",
                    help="Manim quality: l 480p15, m 720p30, h 1080p60 (default), p 1440p60, k 2160p60")
    ap.add_argument("--scenes", nargs="+", metavar="SCENE", choices=names,
                    help="render only these scenes (class names), still in lecture order")
    ap.add_argument("--media-dir", type=Path, default=Path(os.environ.get("LECTURE_MEDIA_DIR", "media")),
                    help="Manim's media dir; published files go to <media-dir>/lecture (default: media)")
    ap.add_argument("--force", action="store_true",
                    help="run manim for every scene even if nothing it depends on changed")
    ap.add_argument("--no-join", action="store_true", help="publish the scenes, do not write lecture.*")
    return ap.parse_args(argv)


def main(argv=None, lecture=LECTURE) -> int:
    args = parse_args(argv, lecture)
    wanted = set(args.scenes or [scene.__name__ for scene in lecture])
    selected = [(i, scene) for i, scene in enumerate(lecture, 1) if scene.__name__ in wanted]
    params = validate(selected)

    media_dir = args.media_dir if args.media_dir.is_absolute() else ROOT / args.media_dir
    out_dir, log_dir = media_dir / "lecture", media_dir / "build"
    remove_stale_temps(out_dir)
    remove_stale_temps(log_dir)
    total_start = time.time()
    print(f"Rendering {len(selected)} scene(s) at -q{args.quality} into {out_dir}", flush=True)
    for n, (i, scene) in enumerate(selected, 1):
        cls = scene.__name__
        stem = f"{i:02d}_{cls}"
        print(f"[{n}/{len(selected)}] {cls} ... ", end="", flush=True)
        try:
            done = build_scene(scene, stem, args.quality, params, media_dir, out_dir,
                               log_dir, args.force)
        except SceneFailed as e:
            print("FAILED", flush=True)
            print(f"error: {cls}: {e}", file=sys.stderr)
            print(f"stopped: nothing new published for {cls} or the lecture; previous files kept",
                  file=sys.stderr)
            return 1
        print(done["status"], flush=True)
    if not args.no_join:
        length, missing = join_lecture(lecture, args.quality, out_dir, log_dir)
        if len(missing) == len(lecture):
            print(f"Lecture: no scene published at -q{args.quality} yet", flush=True)
            missing = []
        else:
            print(f"Lecture: {out_dir / 'lecture.mp4'} ({mf.timestamp(int(length))},"
                  f" {len(lecture) - len(missing)} of {len(lecture)} scenes), lecture.srt, chapters.txt",
                  flush=True)
        if missing:
            print(f"  not in it (not published at -q{args.quality} yet): {', '.join(missing)}", flush=True)
    print(f"Done in {time.time() - total_start:.0f} s.", flush=True)
    return 0


def _terminate(signum, frame):
    raise KeyboardInterrupt


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _terminate)
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("\ninterrupted: files published before the interruption are kept; nothing half-written.",
              file=sys.stderr)
        sys.exit(130)
