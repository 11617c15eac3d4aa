"""Render the whole lecture and publish web-ready files (``make video``).

    python -m toolchain.build [--quality l|m|h|p|k] [--scenes DepthSlices ...] [--media-dir media]
                           [--jobs N] [--publish] [--force] [--no-join]

Run from the repository root (Manim reads ``manim.cfg`` there). ``LECTURE_PARAMS`` picks the
parameter file as for a single scene. The parameter file is validated first (for every scene
to render): a bad file prints one line and exits with status 2 before anything renders.

Then every scene of ``scenes/lecture.py`` (or only those named by ``--scenes``) is rendered by
the ``manim`` command (one process per scene, forked from a server that imported Manim once:
``toolchain.renders``; default quality ``-qh``), up to ``--jobs``
scenes at once (default: one per core), with one progress line per scene, printed in lecture
order. Manim's cache re-renders only the animations that changed; a scene none of whose inputs
changed (its code and the modules it imports, its parameters, manim.cfg, quality) is not even
handed to Manim (``--force`` does anyway).

The publication and drafts. ``<media-dir>/lecture/`` (default ``media/lecture/``; the
environment variable ``LECTURE_MEDIA_DIR`` changes the default) only ever holds one consistent
lecture: every scene, at one quality, from one parameter file, joined. A build with the
defaults (every scene, ``-qh``, ``scenes/lecture.toml``) publishes there; any other build is a
draft and goes to ``<media-dir>/drafts/q<quality>-<parameter file's stem>/`` (e.g.
``drafts/ql-lecture/``), laid out the same way. ``--publish`` publishes a whole lecture made at
another quality or from another parameter file (it replaces the publication whole). Scenes are
named by their place in the lecture:

    05_ColouredEdges1D.mp4   the scene: H.264, yuv420p, 16:9, index at the front (faststart)
    05_ColouredEdges1D.srt   its subtitles (in order, none overlapping)
    05_ColouredEdges1D.png   a 1280x720 thumbnail (the fullest of a dozen sampled frames)
    05_ColouredEdges1D.gif   a 4-second looping preview, 480 px wide (< 2 MB)
    lecture.mp4              every scene published at this quality, joined in lecture order
                             (packets remuxed, not re-encoded; faststart)
    lecture.srt              their subtitles, shifted to their place in lecture.mp4
    chapters.txt             YouTube chapters of lecture.mp4 (one per scene, plus sections of
                             at least 10 s), to paste into the video description

Every scene's mp4 is decoded end to end before it is published, and must hold exactly the frames
of the pieces Manim made it from: a truncated or corrupt piece in Manim's cache (a full disk, a
killed process) is deleted and the scene rendered again, never published. lecture.mp4 is not
decoded again: its video packets must be the scenes' published ones, byte for byte and in order
(``mf.check_join``), or the build ends with one line and publishes nothing.

Manim's own renders and cache stay where Manim puts them (``<media-dir>/videos/...``); its log
of each scene and the build's record of what it published are in ``<media-dir>/build/<name>/``.
A stray .wav Manim leaves beside a scene with sound is never published. A build writes into a
copy of the output folder (unchanged files hard-linked) that replaces the folder only when the
whole build succeeded: if a scene fails (Manim's error line is printed, the exit status is 1),
the build is interrupted (status 130) or the disk is full or read-only (one line, status 1),
the published files are left as they were. One build at a time per media folder (a lock,
``<media-dir>/.build.lock``): a second prints one line and exits with status 1.
"""
from __future__ import annotations

import argparse
import errno
import fcntl
import json
import os
import re
import shutil
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import av

from scenes.base import DEFAULT_PARAMS, REPORT_ENV, params_path
from scenes.narration import script
from scenes.files import atomic, exit_with, remove_stale_temps
from scenes.lecture import lecture as lecture_scenes
from scenes.narration import captions, narrator as narration
from scenes.visual import palette as P
from toolchain import command, media_files as mf, narration_media as nm, renders
from toolchain.renders import ROOT, Cancelled, SceneFailed, digest, inputs_fingerprint, scene_file, shown
QUALITIES = "lmhpk"
PUBLISHED_QUALITY = "h"  # make video's default: the publication's quality
BACKGROUND = tuple(round(255 * v) for v in P.hex_to_rgb(P.BACKGROUND))  # for picking thumbnails

def run_manim(scene: type, quality: str, media_dir: Path, log: Path, stop: threading.Event | None = None,
              lang: str = "en") -> dict:
    """Render one scene with Manim's command line (in the Manim server); return what it wrote
    (read from the render's report) and how much came from cache. ``stop`` set while Manim runs:
    Manim is stopped and ``Cancelled`` raised."""
    cls = scene.__name__
    report = log.with_suffix(".report.json")
    report.unlink(missing_ok=True)
    command = ["manim", "render", f"-q{quality}", "--save_sections", "--progress_bar", "none",
               "--media_dir", str(media_dir), str(shown(scene_file(scene))), cls]
    started = time.time()
    renders.run(command, log, stop, env=dict(os.environ, **{REPORT_ENV: str(report), script.LANG_ENV: lang}))
    try:
        made = json.loads(report.read_text())
    except (OSError, ValueError):
        raise SceneFailed(f"manim wrote no video (full log: {log})") from None
    video = Path(made["video"])
    sections_json = Path(made["sections"])
    srt_file = video.with_suffix(".srt")
    return {
        "class": cls,
        "video": video,
        "srt": srt_file if srt_file.exists() and srt_file.stat().st_mtime >= started - 1 else None,
        "sections": json.loads(sections_json.read_text()) if sections_json.exists() else [],
        "partials": video.parent / "partial_movie_files" / cls / "partial_movie_file_list.txt",
        "played": made["played"],
        "cached": made["cached"],
    }


def render_fingerprint(render: dict) -> str:
    """What the published files are made of: the animations (Manim's hashes of them, in
    order), the sections, and each subtitle's text. Not the subtitles' times (the animations'
    hashes already fix them):
    Manim times them by whole frames when it renders an animation but by exact run times when
    it takes the animation from its cache, so they drift by a frame or so between a fresh and a
    cached run of the same scene; the published .srt is kept (from the first render) then."""
    subs = [s.content for s in mf.read_srt(render["srt"])]
    return digest(render["partials"].read_bytes() if render["partials"].exists() else None,
                   subs, render["sections"], nm.plan_digest(render.get("narration")))


def file_stats(paths) -> list:
    return [[p.name, p.stat().st_size, p.stat().st_mtime_ns] if p.exists() else None for p in paths]


def published_names(out_dir: Path, stem: str) -> list[Path]:
    return [out_dir / f"{stem}{ext}" for ext in (".mp4", ".srt", ".png", ".gif", ".vtt")]


def publish_scene(render: dict, names: list[Path]) -> None:
    """Write the scene's web-ready files (each complete when it appears: written aside, then
    moved into place). The mp4 is decoded end to end before its thumbnail and preview are made:
    it must hold exactly the frames of the pieces Manim made it from (``mf.BrokenVideo`` if not;
    the files go to the build's staging copy, so nothing broken is published)."""
    mp4, srt_path, png, gif, vtt = names
    if render.get("narration"):   # the voice laid on the video by frame counts, captions timed to it
        track, cues = nm.scene_track(render["narration"], render["sections"], nm.video_length(render["video"]))
        duration = nm.mux(render["video"], track, mp4, keep_sound=True)  # video copied; AAC 48 kHz
        captions.write_captions(cues, srt_path)
    else:
        (duration,) = mf.join_mp4([render["video"]], mp4)  # faststart remux, no re-encode
        mf.write_srt(mf.clean_subs(mf.read_srt(render["srt"]), duration), srt_path)
        captions.write_captions(captions.read_srt_cues(srt_path), srt_path)
    thumbnail = mf.ThumbnailPicker(duration, BACKGROUND)   # picked while the video is checked
    mf.check_video(mp4, render["frames"], keep=thumbnail)
    _, img = thumbnail.picked(mp4)
    mf.write_thumbnail(img, png)
    mf.write_preview(mp4, thumbnail.preview_end(), gif)


def pieces_of(render: dict) -> list[Path]:
    return mf.partial_movies(render["partials"]) if render["partials"].exists() else []


def count_frames(render: dict) -> dict:
    """``render`` with ``"frames"``: the frames its pieces declare (BrokenVideo if one is broken)."""
    pieces = pieces_of(render)
    if not pieces:
        raise mf.BrokenVideo(f"{render['class']}: no list of the pieces of its video")
    return dict(render, frames=sum(mf.header_frames(p) for p in pieces))


def remove_broken_pieces(scene: type, media_dir: Path, decode: bool) -> list[Path]:
    """Delete the scene's cached pieces that are truncated (or, with ``decode``, do not decode
    whole); Manim then renders those animations again. Returns them."""
    folder = media_dir / "videos" / scene_file(scene).stem
    bad = mf.broken_pieces(sorted(folder.glob(f"*/partial_movie_files/{scene.__name__}/*.mp4")), decode)
    for p in bad:
        p.unlink(missing_ok=True)
    return bad


def render_and_publish(scene, quality, media_dir, log, names, publish_if, stop, lang="en") -> dict:
    """Run Manim and publish its video (``publish_if(render)`` says whether it is needed); if
    the video or one of its cached pieces turns out broken, delete the broken pieces and render
    once more. Returns the render, with ``"repaired"`` (pieces deleted) and ``"published"``."""
    repaired = []
    for attempt in (1, 2):
        try:
            started = time.time()
            render = count_frames(run_manim(scene, quality, media_dir, log, stop, lang))
            render["narration"] = narration.read_plan(media_dir, scene.__name__, since=started, language=lang)
            published = publish_if(render)
            if published:
                publish_scene(render, names)
            return dict(render, repaired=repaired, published=published)
        except (SceneFailed, mf.BrokenVideo, av.error.FFmpegError) as e:
            if isinstance(e, OSError) and e.errno in WRITE_ERRORS:
                raise  # a full or read-only disk: nothing is broken in the cache
            # Manim failed: a piece it could not open? The video is broken: a piece that does not decode?
            bad = remove_broken_pieces(scene, media_dir, decode=not isinstance(e, SceneFailed))
            if attempt == 2 or not (bad or isinstance(e, mf.BrokenVideo)):
                raise SceneFailed(str(e)) from None
            if not bad:  # the pieces look whole but the video is not: render them all again
                folder = media_dir / "videos" / scene_file(scene).stem
                bad = sorted(folder.glob(f"*/partial_movie_files/{scene.__name__}/*.mp4"))
                for p in bad:
                    p.unlink(missing_ok=True)
            repaired += bad


def build_scene(scene, stem, quality, params, media_dir, out_dir, log_dir, force, stop=None, lang="en") -> dict:
    """Render (unless nothing changed) and publish one scene; return its stamp, with a status
    line for the progress display in ``"status"``."""
    t0 = time.time()
    if stop is not None and stop.is_set():
        raise Cancelled(scene.__name__)
    stamp_path = log_dir / f"{stem}.json"
    old = read_stamp(stamp_path)
    names = published_names(out_dir, stem)
    inputs = inputs_fingerprint(scene, quality, params, lang)
    intact = old.get("files") == file_stats(names) and all(p.exists() for p in names)
    if not force and intact and old.get("inputs") == inputs and "frames" in old:
        return dict(old, status=f"unchanged: all {old['played']} animations from cache"
                                f" (inputs unchanged, nothing to render, {time.time() - t0:.0f} s)")
    made = {}

    def publish_if(render):
        made["render"] = render_fingerprint(render)
        return not (intact and old.get("render") == made["render"] and old.get("frames") == render["frames"])

    render = render_and_publish(scene, quality, media_dir, log_dir / f"{stem}.log", names, publish_if, stop, lang)
    took = time.time() - t0
    if render["played"] and render["cached"] >= render["played"]:
        status = f"unchanged: all {render['played']} animations from cache ({took:.0f} s)"
    else:
        status = f"rendered in {took:.0f} s ({render['cached']} of {render['played']} animations from cache)"
    if render["repaired"]:
        status += f"; {len(render['repaired'])} broken cached piece(s) rendered again"
    if not render["published"]:
        status += "; published files up to date"
    for note in (render["narration"] or {}).get("notes", []):
        status += f"\n    narration: {note}"
    stamp = {"quality": quality, "inputs": inputs, "render": made["render"], "played": render["played"],
             "frames": render["frames"], "sections": render["sections"], "files": file_stats(names)}
    with atomic(stamp_path) as tmp:
        tmp.write_text(json.dumps(stamp))
    return dict(stamp, status=status)


def read_stamp(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}


def join_lecture(lecture, quality: str, out_dir: Path, log_dir: Path, media_dir: Path,
                 lang: str = "en") -> tuple[float, list[str]]:
    """lecture.mp4, lecture.srt and chapters.txt from every scene of the lecture published at
    ``quality`` (in this run or an earlier one), in order; returns (length, scenes left out).
    lecture.mp4 is proved packet by packet to hold exactly its scenes' video (``mf.check_join``:
    no decoding; each scene's mp4 was decoded end to end when it was published)."""
    words = script.load(lang)
    nm.write_script(lecture, media_dir, out_dir, lang)
    parts, subs, videos, missing, frames = [], [], [], [], 0
    for i, scene in enumerate(lecture, 1):
        cls, title = scene.__name__, words.chapter(scene.script_name())
        stem = f"{i:02d}_{cls}"
        stamp = read_stamp(log_dir / f"{stem}.json")
        if stamp.get("quality") != quality or not all(p.exists() for p in published_names(out_dir, stem)):
            missing.append(cls)
            continue
        videos.append(out_dir / f"{stem}.mp4")
        frames += stamp["frames"]
        parts.append(mf.Part(title, 0.0, 0.0, [(s["name"], float(s["duration"])) for s in stamp["sections"]]))
        subs.append(mf.read_srt(out_dir / f"{stem}.srt"))
    if not videos:
        return 0.0, missing
    # the video joined (packets copied); the voice joined as one track: each scene's at its first frame
    durations = mf.join_mp4(videos, out_dir / "lecture.mp4", audio=False)
    voices = nm.scene_voices(videos, durations)
    if voices is not None:   # encoded one piece per scene, the pieces of unchanged voices kept
        nm.mux(out_dir / "lecture.mp4", nm.lecture_track(voices, durations), out_dir / "lecture.mp4",
               pieces=(voices, log_dir / "voice-pieces"))
    mf.check_join(out_dir / "lecture.mp4", videos, frames)
    start = 0.0
    for part, d in zip(parts, durations):
        part.start, part.duration = start, d
        start += d
    mf.write_srt(mf.merge_subs([(p.start, s) for p, s in zip(parts, subs)]), out_dir / "lecture.srt")
    captions.write_captions(captions.read_srt_cues(out_dir / "lecture.srt"), out_dir / "lecture.srt")
    with atomic(out_dir / "chapters.txt") as tmp:
        tmp.write_text(mf.chapter_text(mf.chapters(parts)), encoding="utf-8")
    return start, missing


LECTURE_FILES = ("lecture.mp4", "lecture.srt", "lecture.vtt", "chapters.txt", "script.md")


def join_if_changed(lecture, quality, out_dir, log_dir, media_dir, lang="en") -> tuple[float, list[str]]:
    """``join_lecture``, skipped when the scenes' published files and records are those the
    lecture files were last joined from (and the lecture files are still intact). A joined
    lecture that fails its check ends the build with one line (status 1): ``out_dir`` is the
    build's staging copy, so nothing is published. Its record (``lecture.json``) keeps how long
    the join took (``seconds``: ``make bench`` reads it)."""
    stems = [f"{i:02d}_{s.__name__}" for i, s in enumerate(lecture, 1)]
    made_of = digest(quality, lang, script.load(lang).digest_chapters([s.script_name() for s in lecture]),
                     [(read_stamp(log_dir / f"{st}.json"), file_stats(published_names(out_dir, st)))
                                for st in stems])
    path = log_dir / "lecture.json"
    old = read_stamp(path)
    lecture_files = [out_dir / n for n in LECTURE_FILES]
    if old.get("made_of") == made_of and old.get("files") == file_stats(lecture_files) and old.get("length"):
        return old["length"], old["missing"]
    for p in lecture_files:  # none left from an earlier join if no scene is published now
        p.unlink(missing_ok=True)
    started = time.perf_counter()
    try:
        length, missing = join_lecture(lecture, quality, out_dir, log_dir, media_dir, lang)
    except mf.BrokenVideo as e:
        exit_with(f"the joined lecture is broken: {e}; nothing published, the files published before are kept",
                  status=1)
    with atomic(path) as tmp:
        tmp.write_text(json.dumps({"made_of": made_of, "files": file_stats(lecture_files),
                                   "length": length, "missing": missing,
                                   "seconds": round(time.perf_counter() - started, 3)}))
    return length, missing


# ---- where a build goes: the publication or a draft; built aside, swapped in whole -------------

def draft_name(quality: str, params_file: Path, lang: str = "en") -> str:
    """``q<quality>-<parameter file's stem>[-<language>]``, e.g. ``ql-lecture``, ``qh-myparams``,
    ``ql-lecture-es``."""
    stem = re.sub(r"[^A-Za-z0-9_.-]", "_", params_file.stem) or "params"
    return f"q{quality}-{stem}" + ("" if lang == "en" else f"-{lang}")


def publication_name(lang: str) -> str:
    """The publication's folder: ``lecture`` (English), ``lecture-<language>`` beside it."""
    return "lecture" if lang == "en" else f"lecture-{lang}"


def destination(args, lecture, selected, params_file: Path) -> tuple[str, bool]:
    """(output name, whether it is the publication). The publication: every scene, from
    scenes/lecture.toml at -qh, or with ``--publish``; anything else is a draft."""
    whole = len(selected) == len(lecture)
    if args.publish and not whole:
        exit_with("--publish publishes the whole lecture: drop --scenes (a subset of scenes is a draft)")
    if args.publish and args.no_join:
        exit_with("--publish joins the lecture: drop --no-join")
    default = args.quality == PUBLISHED_QUALITY and params_file == DEFAULT_PARAMS.resolve()
    if whole and not args.no_join and (default or args.publish):
        return publication_name(args.language), True
    return draft_name(args.quality, params_file, args.language), False


def stage_of(out_dir: Path) -> Path:
    return out_dir.with_name(f".{out_dir.name}.staging")


def old_of(out_dir: Path) -> Path:
    return out_dir.with_name(f".{out_dir.name}.old")


def recover(out_dir: Path) -> None:
    """Finish or undo what an interrupted build left: a swap half done, a staging copy."""
    if not out_dir.exists() and old_of(out_dir).is_dir():
        os.rename(old_of(out_dir), out_dir)
    shutil.rmtree(stage_of(out_dir), ignore_errors=True)
    shutil.rmtree(old_of(out_dir), ignore_errors=True)


def open_stage(out_dir: Path, keep: list[str]) -> Path:
    """A fresh copy of ``out_dir`` beside it holding the files named ``keep`` that it has
    (hard links: nothing copied, the same size and times)."""
    stage = stage_of(out_dir)
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    for name in keep:
        src = out_dir / name
        if src.is_file():
            try:
                os.link(src, stage / name)
            except OSError:
                shutil.copy2(src, stage / name)
    return stage


def swap_in(stage: Path, out_dir: Path) -> None:
    """Replace ``out_dir`` by ``stage`` (two renames; ``recover`` finishes an interrupted one)."""
    old = old_of(out_dir)
    shutil.rmtree(old, ignore_errors=True)
    if out_dir.exists():
        os.rename(out_dir, old)
    os.rename(stage, out_dir)
    shutil.rmtree(old, ignore_errors=True)


@contextmanager
def build_lock(media_dir: Path):
    """Hold ``<media_dir>/.build.lock`` for the build; a second build exits with one line."""
    media_dir.mkdir(parents=True, exist_ok=True)
    path = media_dir / ".build.lock"
    with open(path, "a+") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            f.seek(0)
            holder = f.read().strip() or "another process"
            exit_with(f"another build is running in {media_dir} ({holder}, lock {path.name}):"
                      f" wait for it to end, then run again", status=1)
        f.seek(0)
        f.truncate()
        f.write(f"pid {os.getpid()}")
        f.flush()
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


WRITE_ERRORS = {errno.EROFS: "the folder is read-only", errno.ENOSPC: "the disk is full",
                errno.EDQUOT: "the disk quota is used up", errno.EACCES: "permission denied",
                errno.EPERM: "permission denied", errno.ENOTDIR: "a file is where a folder should be",
                errno.EEXIST: "a file is where a folder should be"}


def parse_args(argv, lecture):
    names = [scene.__name__ for scene in lecture]
    ap = argparse.ArgumentParser(prog="python -m toolchain.build", description=__doc__.split("\n\n")[0])
    ap.add_argument("-q", "--quality", choices=list(QUALITIES), default=PUBLISHED_QUALITY,
                    help="Manim quality: l 480p15, m 720p30, h 1080p60 (default), p 1440p60, k 2160p60")
    ap.add_argument("--scenes", nargs="+", metavar="SCENE", choices=names,
                    help="render only these scenes (class names), still in lecture order (a draft)")
    ap.add_argument("--media-dir", type=Path, default=Path(os.environ.get("LECTURE_MEDIA_DIR", "media")),
                    help="Manim's media dir; the publication goes to <media-dir>/lecture, drafts to"
                         " <media-dir>/drafts/<name> (default: media)")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                    help="render up to N scenes at once (default: the number of cores, %(default)s)")
    ap.add_argument("--publish", action="store_true",
                    help="publish the whole lecture made at this quality / from this parameter file"
                         " to <media-dir>/lecture (replacing it whole), not as a draft")
    ap.add_argument("--force", action="store_true",
                    help="run manim for every scene even if nothing it depends on changed")
    ap.add_argument("--no-join", action="store_true", help="publish the scenes, do not write lecture.* (a draft)")
    ap.add_argument("--language", default=script.language(), metavar="LANG",
                    help="the lecture's language: a script scenes/script/<LANG>.ftl (default:"
                         " $LECTURE_LANG, else en); its publication goes to <media-dir>/lecture-<LANG>")
    args = ap.parse_args(argv)
    if args.jobs < 1:
        ap.error("--jobs must be at least 1")
    return args


def render_all(selected, args, params, media_dir, stage, log_dir) -> bool:
    """Build the selected scenes, ``args.jobs`` at once; print one line per scene in lecture
    order (``renders.in_order``). False if a scene failed (the scenes after it are stopped)."""
    def one(item, stop):
        i, scene = item
        return build_scene(scene, f"{i:02d}_{scene.__name__}", args.quality, params, media_dir,
                           stage, log_dir, args.force, stop, args.language)

    if renders.in_order(selected, one, args.jobs, name=lambda item: item[1].__name__):
        return True
    print("stopped: nothing new published (a scene failed); previous files kept", file=sys.stderr)
    return False


def main(argv=None, lecture=None) -> int:
    lecture = list(lecture_scenes() if lecture is None else lecture)
    args = parse_args(argv, lecture)
    wanted = set(args.scenes or [scene.__name__ for scene in lecture])
    selected = [(i, scene) for i, scene in enumerate(lecture, 1) if scene.__name__ in wanted]
    media_dir = args.media_dir if args.media_dir.is_absolute() else ROOT / args.media_dir
    try:
        script.script_path(args.language)
    except script.ScriptError as e:
        exit_with(str(e).replace(f"{script.LANG_ENV}=", "--language "))
    params = renders.checked_inputs([scene for _, scene in selected], args.language, media_dir, lecture)
    name, publication = destination(args, lecture, selected, Path(params_path()).resolve())
    out_dir = media_dir / name if publication else media_dir / "drafts" / name
    log_dir = media_dir / "build" / name
    try:
        with build_lock(media_dir):
            return build(lecture, selected, args, params, media_dir, out_dir, log_dir, publication)
    except OSError as e:
        why = WRITE_ERRORS.get(e.errno, e.strerror or str(e))
        where = e.filename or media_dir
        exit_with(f"cannot write {where}: {why}; the files published before are kept", status=1)


def build(lecture, selected, args, params, media_dir, out_dir, log_dir, publication) -> int:
    recover(out_dir)
    remove_stale_temps(log_dir)
    keep = [p.name for i, s in enumerate(lecture, 1) for p in published_names(out_dir, f"{i:02d}_{s.__name__}")]
    stage = open_stage(out_dir, keep + list(LECTURE_FILES))
    try:
        total_start = time.time()
        kind = "the publication" if publication else "a draft"
        print(f"Rendering {len(selected)} scene(s) at -q{args.quality} into {out_dir} ({kind})", flush=True)
        if not render_all(selected, args, params, media_dir, stage, log_dir):
            return 1
        if not args.no_join:
            length, missing = join_if_changed(lecture, args.quality, stage, log_dir, media_dir, args.language)
            if len(missing) == len(lecture):
                print(f"Lecture: no scene published at -q{args.quality} yet", flush=True)
                missing = []
            else:
                print(f"Lecture: {out_dir / 'lecture.mp4'} ({mf.timestamp(int(length))},"
                      f" {len(lecture) - len(missing)} of {len(lecture)} scenes), lecture.srt, chapters.txt",
                      flush=True)
            if missing:
                print(f"  not in it (not published at -q{args.quality} yet): {', '.join(missing)}", flush=True)
        swap_in(stage, out_dir)
        print(f"Done in {time.time() - total_start:.0f} s.", flush=True)
        return 0
    finally:
        shutil.rmtree(stage, ignore_errors=True)


if __name__ == "__main__":
    command.run(main, "the files published before are kept; nothing half-written.")
