"""The lecture build's output step (``toolchain.build``): web-ready files from Manim's renders.

Nothing here re-encodes a video: MP4s are remuxed packet by packet with PyAV, with the index
(moov) at the front (``movflags=faststart``) so a browser starts playing while downloading.
Every file is written under a temporary name in its own directory and moved into place with
``os.replace`` only when complete, so an interrupted build never leaves a half-written file
where a finished one is expected.
"""
from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from datetime import timedelta
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import srt
from PIL import Image

from scenes.files import atomic

THUMB_SIZE = (1280, 720)
PREVIEW_WIDTH = 480
PREVIEW_SECONDS = 4.0
PREVIEW_FPS = 10
PREVIEW_MAX_BYTES = 2_000_000
MIN_CHAPTER = 10  # seconds: YouTube ignores a chapter list with a shorter chapter


# ---- MP4 remux and join (no re-encoding) ------------------------------------------------------

def _signature(stream) -> tuple:
    cc = stream.codec_context
    if stream.type == "video":
        return ("video", cc.name, cc.width, cc.height, cc.pix_fmt, stream.time_base)
    return ("audio", cc.name, cc.sample_rate, cc.channels if hasattr(cc, "channels") else None)


def join_mp4(sources: list[Path], dest: Path, audio: bool = True) -> list[float]:
    """Remux ``sources`` one after another into ``dest`` (faststart), without re-encoding.

    All sources must share codec, size, pixel format and time base (one Manim quality). Audio is
    kept only if every source has an audio stream. Returns each source's duration in seconds (its
    video's span), which is where the next one starts.
    """
    if not sources:
        raise ValueError("nothing to join")
    inputs = [av.open(str(s)) for s in sources]
    try:
        videos = [c.streams.video[0] for c in inputs]
        first = _signature(videos[0])
        for s, v in zip(sources, videos):
            if _signature(v) != first:
                raise ValueError(f"{s.name}: {_signature(v)} does not match {first}: render all scenes at one quality")
        with_audio = audio and all(c.streams.audio for c in inputs)  # (audio=False: video only)
        durations = []
        with atomic(dest) as tmp:
            out = av.open(str(tmp), "w", format="mp4", options={"movflags": "faststart"})
            try:
                out_v = out.add_stream_from_template(videos[0])
                out_a = out.add_stream_from_template(inputs[0].streams.audio[0]) if with_audio else None
                offset = Fraction(0)  # seconds
                for c, v in zip(inputs, videos):
                    packets = [p for p in c.demux(v) if p.dts is not None]
                    start = min(p.pts for p in packets)
                    end = max(p.pts + p.duration for p in packets)
                    shift = round(offset / v.time_base) - start
                    for p in packets:
                        p.pts += shift
                        p.dts += shift
                        p.stream = out_v
                        out.mux(p)
                    span = (end - start) * v.time_base
                    if out_a is not None:
                        a = c.streams.audio[0]
                        c.seek(0)
                        a_shift = round(offset / a.time_base)
                        for p in c.demux(a):
                            if p.dts is None or p.pts * a.time_base >= span:
                                continue
                            p.pts += a_shift
                            p.dts += a_shift
                            p.stream = out_a
                            out.mux(p)
                    durations.append(float(span))
                    offset += span
            finally:
                out.close()
        return durations
    finally:
        for c in inputs:
            c.close()


# ---- checking a video end to end --------------------------------------------------------------

class BrokenVideo(ValueError):
    """A video that does not open, does not decode to its end, or has not the frames it should."""


def header_frames(path: Path) -> int:
    """The frame count an MP4's index declares (no decoding); BrokenVideo if it does not open."""
    try:
        with av.open(str(path)) as c:
            return int(c.streams.video[0].frames)
    except (av.error.FFmpegError, OSError, IndexError) as e:
        raise BrokenVideo(f"{path.name}: does not open ({e})") from None


def decode_all(path: Path, keep=None) -> tuple[int, float]:
    """Decode every frame of the first video stream: (frames, span in seconds from the first
    frame's start to the last frame's end); BrokenVideo if decoding fails on the way.
    ``keep(frame)`` sees every frame as it is decoded (e.g. a ``ThumbnailPicker``)."""
    try:
        with av.open(str(path)) as c:
            v = c.streams.video[0]
            v.thread_type = "AUTO"
            n, first, last, step = 0, None, None, None
            for frame in c.decode(v):
                n += 1
                first = frame.time if first is None else first
                last = frame.time
                if keep is not None:
                    keep(frame)
            if n and v.average_rate:
                step = 1 / float(v.average_rate)
            return n, (last - first + step) if n and step else 0.0
    except (av.error.FFmpegError, OSError, IndexError) as e:
        raise BrokenVideo(f"{path.name}: does not decode to its end ({e})") from None


def check_video(path: Path, frames: int, keep=None) -> None:
    """``path`` decodes end to end into exactly ``frames`` frames (what its pieces hold), as many
    as its index declares, and lasts as long as those frames at its frame rate. ``keep(frame)``
    sees every decoded frame (a thumbnail's samples come from this one pass)."""
    declared = header_frames(path)
    n, span = decode_all(path, keep)
    with av.open(str(path)) as c:
        rate = float(c.streams.video[0].average_rate or 0)
    if not (n == frames == declared):
        raise BrokenVideo(f"{path.name}: {n} frames decoded, {declared} declared, {frames} expected")
    if rate and abs(span - n / rate) > 1.5 / rate:
        raise BrokenVideo(f"{path.name}: lasts {span:.3f} s, {n} frames at {rate:g} fps make {n / rate:.3f} s")


def video_params(stream) -> dict:
    """What a video stream's packets mean: codec, profile, size, pixel format, time base and the
    codec's extradata (H.264: the avcC box, its SPS and PPS). Packets copied from one stream into
    another decode the same only if these are the same."""
    cc = stream.codec_context
    return {"codec": cc.name, "profile": cc.profile, "size": (cc.width, cc.height), "pixel format": cc.pix_fmt,
            "time base": stream.time_base, "extradata": bytes(cc.extradata or b"")}


def _video_packets(c):
    v = c.streams.video[0]
    return v, (p for p in c.demux(v) if p.dts is not None)


def check_join(joined: Path, sources: list[Path], frames: int) -> None:
    """``joined`` (``join_mp4``) is its ``sources`` one after another, proved from packets, not
    by decoding: its video packets are the sources' video packets in order, byte for byte, with
    the same keyframe flags and durations and their timestamps shifted by the source's start in
    ``joined``; every source starts on a keyframe; every stream has the same ``video_params``;
    and there are exactly ``frames`` packets (what the pieces declare), as many as the index of
    ``joined`` declares. The sources themselves are decoded end to end when they are published
    (``check_video``): identical packets with identical parameters decode to identical frames.
    BrokenVideo (one line) if not."""
    name = joined.name
    declared = header_frames(joined)
    n = 0
    try:
        with av.open(str(joined)) as c:
            v, got = _video_packets(c)
            params = video_params(v)
            base = None     # joined's timestamp of the first source's time 0
            at = 0          # where the current source starts in joined (time base ticks)
            for src in sources:
                with av.open(str(src)) as sc:
                    sv, theirs = _video_packets(sc)
                    for key, value in video_params(sv).items():
                        if value != params[key]:
                            shown = "" if key == "extradata" else f" ({value} vs {params[key]})"
                            raise BrokenVideo(f"{name}: {src.name}'s video {key} is not the joined stream's{shown}")
                    packets = list(theirs)
                if not packets:
                    raise BrokenVideo(f"{name}: {src.name} has no video packets")
                if not packets[0].is_keyframe:
                    raise BrokenVideo(f"{name}: {src.name} does not start on a keyframe")
                start = min(p.pts for p in packets)
                for k, p in enumerate(packets):
                    q = next(got, None)
                    where = f"packet {n} ({src.name}'s packet {k})"
                    if q is None:
                        raise BrokenVideo(f"{name}: ends at {where}: fewer packets than its scenes")
                    if base is None:
                        base = q.pts - (p.pts - start)
                    shift = base + at - start
                    for what, mine, scene in (("payload", bytes(q), bytes(p)), ("keyframe flag", q.is_keyframe, p.is_keyframe),
                                              ("duration", q.duration, p.duration), ("pts", q.pts, p.pts + shift),
                                              ("dts", q.dts, p.dts + shift)):
                        if mine != scene:
                            raise BrokenVideo(f"{name}: {where} is not the scene's ({what} differs)")
                    n += 1
                at += max(p.pts + p.duration for p in packets) - start
            if next(got, None) is not None:
                raise BrokenVideo(f"{name}: more packets than its scenes ({n})")
    except (av.error.FFmpegError, OSError, IndexError) as e:
        raise BrokenVideo(f"{name}: does not read to its end ({e})") from None
    if not (n == frames == declared):
        raise BrokenVideo(f"{name}: {n} packets, {declared} declared, {frames} expected")


def partial_movies(list_file: Path) -> list[Path]:
    """The pieces Manim joined into a scene's video, in order (its partial_movie_file_list.txt)."""
    out = []
    for line in list_file.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("file "):
            name = line[5:].strip().strip("'")
            out.append(Path(name[5:] if name.startswith("file:") else name))
    return out


def broken_pieces(paths, decode: bool = True) -> list[Path]:
    """Those of ``paths`` that are missing, do not open or (with ``decode``) do not decode into
    the frames their index declares (a truncated or corrupt cached piece)."""
    bad = []
    for p in paths:
        try:
            declared = header_frames(p)
            if not declared or (decode and decode_all(p)[0] != declared):
                bad.append(p)
        except (BrokenVideo, OSError):
            bad.append(p)
    return bad


# ---- subtitles ------------------------------------------------------------------------------

def read_srt(path: Path | None) -> list[srt.Subtitle]:
    if path is None or not path.exists():
        return []
    return list(srt.parse(path.read_text(encoding="utf-8")))


def clean_subs(subs: list[srt.Subtitle], duration: float) -> list[srt.Subtitle]:
    """Subtitles in order, none overlapping the next (an end is cut at the next start) and none
    past ``duration`` seconds; empty ones dropped."""
    limit = timedelta(seconds=duration)
    subs = sorted(subs, key=lambda s: (s.start, s.end))
    out = []
    for i, s in enumerate(subs):
        end = min(s.end, limit)
        if i + 1 < len(subs):
            end = min(end, subs[i + 1].start)
        if end > s.start and s.content.strip():
            out.append(srt.Subtitle(0, s.start, end, s.content))
    return out


def merge_subs(parts: list[tuple[float, list[srt.Subtitle]]]) -> list[srt.Subtitle]:
    """Each part's subtitles shifted by its start (seconds), in order, renumbered from 1."""
    merged = []
    for start, subs in parts:
        shift = timedelta(seconds=start)
        merged += [srt.Subtitle(0, s.start + shift, s.end + shift, s.content) for s in subs]
    return renumber(merged)


def renumber(subs):
    return [srt.Subtitle(i, s.start, s.end, s.content) for i, s in enumerate(subs, 1)]


def write_srt(subs, dest: Path) -> None:
    with atomic(dest) as tmp:
        tmp.write_text(srt.compose(renumber(subs), reindex=False), encoding="utf-8")


# ---- chapters -------------------------------------------------------------------------------

class ChapterError(BrokenVideo):
    """A chapter list that cannot be made (two scenes with one title), in one line. A
    ``BrokenVideo`` so that the build's join reports it as it reports a joined lecture that fails
    its check: one line, status 1, nothing published."""


@dataclass
class Part:
    """A scene of the joined lecture: its chapter title, start and length (seconds), and its
    sections as (name, length) in order (kept for the record: chapters are scenes, not sections)."""
    title: str
    start: float
    duration: float
    sections: list = field(default_factory=list)


def timestamp(seconds: int) -> str:
    h, rest = divmod(int(seconds), 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def chapters(parts: list[Part], min_len: int = MIN_CHAPTER) -> list[tuple[int, str]]:
    """YouTube chapters (start in whole seconds, title): one per scene, titled with the scene's
    chapter title, the first at 0, ascending, each at least ``min_len`` seconds long (YouTube
    reads whole seconds, so the check is on those).

    A scene shorter than ``min_len``, or starting less than ``min_len`` after the chapter before
    it (which then holds a short scene), has no chapter of its own: it is merged into the chapter
    before it, and a chapter that holds several scenes is named after the longest of them.
    Two scenes with one title are a ``ChapterError`` (one line naming the title and the
    chapters), not one chapter: a viewer could not tell them apart.
    """
    if not parts:
        return []
    seen: dict[str, int] = {}
    for n, p in enumerate(parts, 1):
        title = " ".join(p.title.split())
        if not title:
            raise ChapterError(f"chapters.txt: chapter {n} has no title: give its scene a chapter title in the script")
        if title.casefold() in seen:
            raise ChapterError(f"chapters.txt: chapters {seen[title.casefold()]} and {n} are both titled {title!r}:"
                               " give each scene a title of its own in the script")
        seen[title.casefold()] = n
    starts = [0]
    owners: list[list[Part]] = [[parts[0]]]
    for p in parts[1:]:
        t = math.floor(p.start)
        if p.duration >= min_len and t - starts[-1] >= min_len:
            starts.append(t)
            owners.append([p])
        else:
            owners[-1].append(p)
    return [(t, " ".join(max(held, key=lambda p: p.duration).title.split())) for t, held in zip(starts, owners)]


def chapter_text(chs: list[tuple[int, str]]) -> str:
    return "".join(f"{timestamp(t)} {title}\n" for t, title in chs)


# ---- thumbnails and previews ----------------------------------------------------------------

def _ink(img: Image.Image, background) -> float:
    """Fraction of pixels that differ from the background: how much the frame shows."""
    a = np.asarray(img.convert("RGB").resize((160, 90)), dtype=np.int16)
    return float((np.abs(a - np.asarray(background, dtype=np.int16)).max(axis=2) > 24).mean())


def _frames(path: Path, start: float = 0.0):
    """Decoded frames of the first video stream from ``start`` seconds on."""
    with av.open(str(path)) as c:
        v = c.streams.video[0]
        v.thread_type = "AUTO"
        if start > 0:
            c.seek(int(start / v.time_base), stream=v, backward=True, any_frame=False)
        for frame in c.decode(v):
            if frame.time is not None and frame.time + 1e-6 >= start:
                yield frame


class ThumbnailPicker:
    """Called with each frame of a video in order (``check_video(..., keep=picker)``), looks at
    the first frame at or after each of ``samples`` evenly spaced times and at one just before
    the end, and keeps the fullest (the later one on a tie): the thumbnail; and measures how much
    the picture changes every ``MOTION_STEP`` s, for the preview (``preview_end``). No second
    pass over the video.""" 

    def __init__(self, duration: float, background, samples: int = 12):
        self.times = [duration * (k + 1) / (samples + 1) for k in range(samples)] + [max(0.0, duration - 0.05)]
        self.background = background
        self.best: tuple[float, float, Image.Image] | None = None   # (score, time, image)
        self._next = 0
        self.duration = duration
        self.motion: list[tuple[float, float]] = []   # (time, change since the look before), every MOTION_STEP s
        self._look = 0.0
        self._last = None

    MOTION_STEP = 0.25   # seconds between two looks for the preview's motion (a 96 x 54 grey frame each)

    def __call__(self, frame) -> None:
        if frame.time + 1e-6 >= self._look:
            small = np.asarray(frame.to_image(width=96, height=54, interpolation="AREA").convert("L"), np.float32)
            if self._last is not None:
                self.motion.append((frame.time, float(np.abs(small - self._last).mean())))
            self._last = small
            self._look = frame.time + self.MOTION_STEP
        times = self.times
        if self._next < len(times) and frame.time + 1e-6 >= times[self._next]:
            while self._next < len(times) and frame.time + 1e-6 >= times[self._next]:
                self._next += 1
            img = frame.to_image()
            score = _ink(img, self.background)
            if self.best is None or score >= self.best[0]:
                self.best = (score, frame.time, img)

    def preview_end(self) -> float:
        """The end of the ``PREVIEW_SECONDS`` of the video where the picture changes most (looked
        at every ``MOTION_STEP`` s): a preview shows the scene moving, not a hold."""
        if not self.motion or self.duration <= PREVIEW_SECONDS:
            return self.duration
        times = np.array([t for t, _ in self.motion])
        change = np.array([m for _, m in self.motion])
        ends = times[times >= PREVIEW_SECONDS - 1e-6]
        if not len(ends):
            return self.duration
        totals = [change[(times > e - PREVIEW_SECONDS) & (times <= e)].sum() for e in ends]
        return float(ends[int(np.argmax(totals))])

    def picked(self, path: Path) -> tuple[float, Image.Image]:
        """(time, image) of the fullest frame looked at."""
        if self.best is None:
            raise ValueError(f"{path}: no frames")
        return self.best[1], self.best[2]


def write_thumbnail(img: Image.Image, dest: Path) -> None:
    if img.size != THUMB_SIZE:
        img = img.resize(THUMB_SIZE, Image.LANCZOS)
    with atomic(dest) as tmp:
        img.convert("RGB").save(tmp, format="PNG", optimize=True)


def write_preview(path: Path, end: float, dest: Path) -> None:
    """A looping GIF of the ``PREVIEW_SECONDS`` of ``path`` that end at ``end`` seconds,
    ``PREVIEW_WIDTH`` px wide, one shared palette; fewer frames if it would pass 2 MB."""
    start = max(0.0, end - PREVIEW_SECONDS)
    frames, next_t = [], start
    for frame in _frames(path, start):
        if frame.time > end + 1e-6:
            break
        if frame.time + 1e-6 >= next_t:
            # converted and scaled in one step by FFmpeg's scaler (area averaging), not made full
            # size and scaled by PIL: a 1080p scene's preview took 2.4 CPU s in all, where its
            # full-size frames alone took 4.1 s
            h = round(frame.height * PREVIEW_WIDTH / frame.width / 2) * 2
            frames.append(frame.to_image(width=PREVIEW_WIDTH, height=h, interpolation="AREA"))
            next_t += 1 / PREVIEW_FPS
    if not frames:
        raise ValueError(f"{path}: no frames for a preview")
    step = 1
    while True:
        chosen = frames[::step]
        sample = chosen[:: max(1, len(chosen) // 8)][:8]
        sheet = Image.new("RGB", (PREVIEW_WIDTH, sample[0].height * len(sample)))
        for k, f in enumerate(sample):
            sheet.paste(f, (0, k * f.height))
        palette = sheet.quantize(colors=128, method=Image.Quantize.MEDIANCUT)
        pal = [f.quantize(palette=palette, dither=Image.Dither.NONE) for f in chosen]
        buf = io.BytesIO()
        pal[0].save(buf, format="GIF", save_all=True, append_images=pal[1:], loop=0,
                    duration=round(1000 * step / PREVIEW_FPS))
        if buf.tell() <= PREVIEW_MAX_BYTES or len(chosen) <= 2:
            break
        step *= 2
    with atomic(dest) as tmp:
        tmp.write_bytes(buf.getvalue())
