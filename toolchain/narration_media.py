"""The build's side of the narration: a scene's voice track and captions laid on its video by
frame counts, muxed as AAC-LC 48 kHz beside the untouched H.264 video; the lecture's track.

Manim times a cached animation by its exact run time but writes whole frames, so a clock kept
in seconds drifts from the video by up to a frame per cached animation. Nothing here uses that
clock: each beat's clip starts at the first frame of its section (``--save_sections`` records
every section's frame count), and each scene's track starts at the first frame of the scene
in ``lecture.mp4``. The video is never re-encoded; the audio is encoded once per file.
"""
from __future__ import annotations

import hashlib
import json
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from scenes.narration import captions as C
from scenes.files import atomic
from scenes import i18n
from scenes.narration import script
from scenes.narration.narrator import RATE, decode_channels, read_plan, read_wav

LEAD = 0.1              # seconds of silence before each beat's voice (an AAC stream that starts
                        # loud at its first sample decodes with a peak ~3 dB over the source)
AAC_BITRATE = 128_000   # mono voice: YouTube recommends 128 kbps for mono
SCRIPT_NAME = "script.md"


def plan_digest(plan: dict | None) -> str | None:
    """What a scene's published narration is made of (its beats' audio and cues)."""
    if not plan:
        return None
    beats = [(b["name"], b["audio_sha"], b["cues"], b["duration"]) for b in plan["beats"]]
    return hashlib.sha256(json.dumps(beats).encode()).hexdigest()


def section_starts(sections: list[dict]) -> list[tuple[str, float, float]]:
    """(name, start, length) in seconds of each saved section, from its frame count."""
    out, frames = [], 0
    for s in sections:
        n = int(s["nb_frames"])
        rate = Fraction(s.get("avg_frame_rate") or "15")
        fps = round(rate) if abs(rate - round(rate)) < Fraction(1, 100) else rate
        out.append((s["name"], float(frames / Fraction(fps)), float(n / Fraction(fps))))
        frames += n
    return out


def video_length(path: Path) -> float:
    """Length of the first video stream in seconds (from its packets)."""
    with av.open(str(path)) as c:
        v = c.streams.video[0]
        packets = [p for p in c.demux(v) if p.dts is not None]
        return float((max(p.pts + p.duration for p in packets) - min(p.pts for p in packets)) * v.time_base)


def scene_track(plan: dict, sections: list[dict], length: float) -> tuple[np.ndarray | None, list[C.Cue]]:
    """The scene's voice (mono, 48 kHz, ``length`` seconds) and its captions, each beat at the
    start of its section (never before the previous beat's audio has ended)."""
    starts = section_starts(sections)
    track = np.zeros(int(round(length * RATE)), np.float32)
    cues: list[C.Cue] = []
    has_audio = False
    i = 0
    free = 0.0      # where the previous beat's audio ended
    for beat in plan["beats"]:
        while i < len(starts) and starts[i][0] != beat["name"]:
            i += 1
        if i == len(starts):
            break
        at = max(starts[i][1] + LEAD, free)
        i += 1
        if beat.get("audio"):
            audio = read_wav(Path(beat["audio"]))
            a = int(round(at * RATE))
            piece = audio[: max(0, len(track) - a)]
            track[a: a + len(piece)] += piece
            has_audio = True
            free = at + len(audio) / RATE
        cues += [C.Cue(at + s, at + e, text) for s, e, text in beat["cues"]]
    for k, c in enumerate(cues):   # never past the next cue or the end of the video
        c.end = min(c.end, length, cues[k + 1].start if k + 1 < len(cues) else length)
    cues = [c for c in cues if c.end > c.start]
    return (track if has_audio else None), cues


def mux(video_src: Path, audio: np.ndarray | None, dest: Path, keep_sound: bool = False,
        pieces: tuple[list[np.ndarray], Path] | None = None) -> float:
    """``dest``: the video packets of ``video_src`` (not re-encoded) and ``audio`` (mono float
    at 48 kHz) encoded as AAC-LC mono 48 kHz; index at the front. Returns the video's length.
    With ``keep_sound``, the source's own audio (a scene's ``add_sound``) is mixed in. With
    ``pieces`` = (each scene's voice, cache folder), the voice is encoded one piece per scene,
    each kept in the folder by its samples (``aac_in_pieces``): the lecture's voice after an edit
    encodes the edited scene's piece only."""
    own = decode_audio(video_src) if keep_sound else None
    if own is not None and len(own):
        audio = own if audio is None else np.pad(audio, (0, max(0, len(own) - len(audio))))
        audio = audio.copy()
        audio[:len(own)] += own[:len(audio)]
    with av.open(str(video_src)) as src:
        v = src.streams.video[0]
        packets = [p for p in src.demux(v) if p.dts is not None]
        start = min(p.pts for p in packets)
        end = max(p.pts + p.duration for p in packets)
        length = float((end - start) * v.time_base)
        with atomic(dest) as tmp:
            out = av.open(str(tmp), "w", format="mp4", options={"movflags": "faststart"})
            try:
                out_v = out.add_stream_from_template(v)
                queue = []
                for p in packets:
                    p.pts -= start
                    p.dts -= start
                    p.stream = out_v
                    queue.append((float(p.dts * v.time_base), 0, p))
                if audio is not None:
                    n = int(round(length * RATE))
                    audio = np.pad(audio[:n], (0, max(0, n - len(audio))))
                    packets = encode_aac(out, audio) if pieces is None else aac_in_pieces(out, audio, *pieces)
                    queue += [(float(p.dts * p.time_base), 1, p) for p in packets]
                for _, _, p in sorted(queue, key=lambda q: (q[0], q[1])):
                    out.mux(p)
            finally:
                out.close()
    return length


def encode_aac(out, audio: np.ndarray):
    """``audio`` (mono float, 48 kHz) as AAC-LC packets of a new stream of ``out`` (FFmpeg's
    default coder, "twoloop"). Frames of one second: PyAV cuts them into the codec's 1,024
    samples; a Python loop per 1,024 samples cost a third of the time of a lecture's track."""
    stream = out.add_stream("aac", rate=RATE, layout="mono")
    stream.bit_rate = AAC_BITRATE
    audio = np.asarray(audio, np.float32)[None, :]
    for k in range(0, audio.shape[1], RATE):
        frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(audio[:, k:k + RATE]), format="fltp",
                                           layout="mono")
        frame.sample_rate = RATE
        frame.pts = k
        frame.time_base = Fraction(1, RATE)
        yield from stream.encode(frame)
    yield from stream.encode(None)


AAC_FRAME = 1024          # samples an AAC-LC packet holds
SILENT = 1e-4            # |sample| under this (-80 dBFS): silence where two pieces meet


def piece_plan(voices: list[np.ndarray]) -> list[tuple[int, int]] | None:
    """Where each scene's voice goes when the lecture's voice is made of one piece per scene:
    (first frame, frames kept) of each, the scene's start rounded to the nearest whole AAC frame
    (at most 10.7 ms from its first video frame, never adding up), its last frames dropped when
    the next scene starts on them. None when the pieces cannot meet in silence (a voice within
    two frames of its scene's start, or sounding where it meets or is cut)."""
    places, start = [], 0
    for v in voices:
        places.append(int(round(start / AAC_FRAME)))
        start += len(v)
    plan, last = [], len(voices) - 1
    for k, v in enumerate(voices):
        frames = -(-len(v) // AAC_FRAME)
        keep = frames if k == last else places[k + 1] - places[k]
        if keep > frames or keep < 2:
            return None
        head = v[:2 * AAC_FRAME] if k else v[:0]                                 # where it meets the one before
        tail = v[max(0, keep * AAC_FRAME - 2 * AAC_FRAME):] if k < last else v[:0]   # where it is cut and met
        if any(len(m) and float(np.abs(m).max()) >= SILENT for m in (head, tail)):
            return None
        plan.append((places[k], keep))
    return plan


def aac_in_pieces(out, audio: np.ndarray, voices: list[np.ndarray], cache: Path):
    """The lecture's voice as AAC-LC packets of a new stream of ``out``, made of one piece per
    scene (``piece_plan``): each scene's voice encoded on its own, after one silent frame (the
    frame the codec overlaps with, dropped again with the encoder's priming frame), and kept in
    ``cache`` as an .m4a named by its samples, so a scene whose voice did not change is never
    encoded again, wherever it now starts. Pieces meet on whole frames in silence: no click, no
    drift (tests/test_narration.py decodes and compares). Pieces of earlier joins not used by
    this one are deleted. Without a plan, ``audio`` (the voice laid out by the scenes' starts)
    is encoded whole."""
    plan = piece_plan(voices)
    if plan is None:
        yield from encode_aac(out, audio)
        return
    cache.mkdir(parents=True, exist_ok=True)
    files = []
    for k, v in enumerate(voices):
        pcm = np.ascontiguousarray(np.concatenate([np.zeros(AAC_FRAME if k else 0, np.float32), v]), np.float32)
        name = hashlib.sha256(repr((AAC_BITRATE, RATE, av.__version__, k > 0)).encode() + pcm.tobytes()).hexdigest()
        path = cache / f"{name[:32]}.m4a"
        if not _readable_aac(path):
            with atomic(path) as tmp:
                piece = av.open(str(tmp), "w", format="mp4")
                try:
                    for p in encode_aac(piece, pcm):
                        piece.mux(p)
                finally:
                    piece.close()
        files.append(path)
    for old in cache.glob("*.m4a"):
        if old not in files:
            old.unlink(missing_ok=True)
    containers = [av.open(str(f)) for f in files]
    try:
        stream = out.add_stream_from_template(containers[0].streams.audio[0])
        last = len(containers) - 1
        for k, (c, (frame, keep)) in enumerate(zip(containers, plan)):
            packets = [p for p in c.demux(c.streams.audio[0]) if p.dts is not None]
            # the first piece from its priming frame (at -1024, as encoded); a later one without
            # its priming and silent frames; each as many frames as the plan keeps
            packets = packets[:keep + 1] if k == 0 else packets[2:2 + keep]
            for n, p in enumerate(packets):
                p.pts = p.dts = (frame + n - (1 if k == 0 else 0)) * AAC_FRAME
                p.time_base = Fraction(1, RATE)
                if k < last:
                    p.duration = AAC_FRAME
                p.stream = stream
                yield p
    finally:
        for c in containers:
            c.close()


def _readable_aac(path: Path) -> bool:
    try:
        with av.open(str(path)) as c:
            return bool(c.streams.audio) and c.streams.audio[0].frames > 0
    except (OSError, av.error.FFmpegError):
        return False


def decode_audio(path: Path) -> np.ndarray | None:
    """The first audio stream of a file as float32 at 48 kHz, its channels averaged (None: no
    audio)."""

    with av.open(str(path)) as c:
        if not c.streams.audio:
            return None
        return decode_channels(c, c.streams.audio[0]).mean(axis=0)


def scene_voices(videos: list[Path], durations: list[float]) -> list[np.ndarray] | None:
    """Each scene's voice as its published mp4 holds it, cut or padded to the scene's length
    (silence for a scene without one); None when no scene has a voice."""
    voices, found = [], False
    for video, d in zip(videos, durations):
        audio = decode_audio(video)
        v = np.zeros(int(round(d * RATE)), np.float32)
        if audio is not None:
            found = True
            v[:min(len(v), len(audio))] = audio[:len(v)]
        voices.append(v)
    return voices if found else None


def lecture_track(voices: list[np.ndarray], durations: list[float]) -> np.ndarray:
    """The lecture's voice: each scene's (``scene_voices``) at the scene's first frame in the
    joined video."""
    total = int(round(sum(durations) * RATE))
    track = np.zeros(total, np.float32)
    start = 0.0
    for v, d in zip(voices, durations):
        a = int(round(start * RATE))
        n = min(len(v), total - a)
        track[a:a + n] += v[:n]
        start += d
    return track


# ---- the lecturer's script -------------------------------------------------------------------

def write_script(lecture, media_dir: Path, out_dir: Path, lang: str = "en") -> Path | None:
    """``script.md``: every beat's narration in ``lang``, scene by scene in lecture order, with
    the file to record it to (from each scene's last narration plan: the name carries the tag of
    the words, so a recording is bound to them); None if no scene has a plan yet."""
    _ = i18n.translations(lang).gettext
    words = script.load(lang)
    lines = [_("# The lecture's narration"), "",
             _("Read each beat's text aloud and save it under the name shown (WAV, FLAC, MP3 or M4A,"
               " any sample rate, mono or stereo), then run `make video` again: each recording replaces"
               " the synthetic voice of its beat, and the beat grows to fit it. The name carries a tag of"
               " the beat's words: when the words change, the build says the recording no longer fits"
               " them. See recordings/README.md."), ""]
    any_plan = False
    for i, scene in enumerate(lecture, 1):
        plan = read_plan(media_dir, scene.__name__, language=lang)
        lines += [f"## {i}. {words.chapter(scene.script_name())} ({scene.__name__})", ""]
        if not plan:
            lines += [_("(not rendered yet: run `make video`)"), ""]
            continue
        any_plan = True
        for j, beat in enumerate(plan["beats"], 1):
            state = _("recorded") if beat["source"] == "recording" else _("to record")
            where = f"`{beat['file']}` ({state}, {beat['duration']:.1f} s)" if beat.get("file") else ""
            lines += [f"### {j}. {beat['name']}", "", where, "",
                      beat["text"] or _("(no narration: a silent beat)"), ""]
    if not any_plan:
        return None
    dest = out_dir / SCRIPT_NAME
    with atomic(dest) as tmp:
        tmp.write_text("\n".join(lines), encoding="utf-8")
    return dest
