"""What every lecture scene shares: its parameters (validated before anything renders), its
trace's colours, and the beats/captions vocabulary. This is the one place a scene joins the
lecture: subclass ``LectureScene``, name the parameter table, add the class to
``scenes/lecture.py``.

A scene declares, on its class:

* ``params_key``: its table in the parameter file (``[scenes.<params_key>]``, changes to
  ``[layer]``); required: a subclass without one is refused when it is defined;
* ``limits``: its own legibility limits (``cnncore.params.Limit``), on top of ``SCREEN``;
* ``beats``: what each of its beats needs of the script (``scenes.narration.script.Beat``);
* ``draws_transposed``: True for a scene of transposed convolutions, whose table may say
  ``transposed = true`` (every other scene refuses such sizes: it draws a convolution);
* ``settings``: its own settings beside the [layer] keys in its table
  (``{name: cnncore.params.Setting}``), validated with the rest; ``self.settings`` holds their values.

The parameter file is read once per process (and again only if it changes on disk). A bad file
stops ``manim`` (and ``make video``) with one line and exit status 2 in ``setup``, before any
frame is drawn. Each scene binds the values into its mobjects (never into updaters), so
Manim's cache, which hashes what is on screen, sees every edit.
"""
from __future__ import annotations

import json
import math
import os
from datetime import timedelta
from pathlib import Path
from typing import NamedTuple

from manim import FadeIn, FadeOut, LaggedStart, Scene, VGroup, config
from manim.utils.exceptions import EndSceneEarlyException

from cnncore.params import ENV_VAR, Bounds, LectureParams, Limit, ParamError, Setting, load

from scenes import lecture as lecture_order, manim_ext
from scenes.checkpoints import Checkpoints
from scenes import i18n
from scenes.files import atomic_write_text, exit_with
from scenes.i18n import CatalogError, N_
from scenes.narration.captions import Cue
from scenes.narration import script
from scenes.narration.narrator import NarrationError, Narrator
from scenes.narration.script import Beat, ScriptError, strip_marks
from scenes.visual import palette as P
from scenes.visual.countdown import SECONDS, Countdown
from scenes.visual.mobjects import frame_box, place

# Manim's extensions (scenes/manim_ext), unless LECTURE_STOCK_MANIM asks for stock Manim
manim_ext.install()

DEFAULT_PARAMS = Path(__file__).with_name("lecture.toml")
REPORT_ENV = "LECTURE_RENDER_REPORT"   # where a render writes its report (the build reads it)

# What fits legibly on a 1080p frame (and a phone); the scenes' layouts are tested at these maxima.
SCREEN = Bounds(max_padded=9, max_channels=3, max_filters=3, max_kernel=5, max_abs_value=9)

_REGISTRY: dict[str, type] = {}   # class name -> every LectureScene subclass defined so far


def params_path() -> str:
    """The parameter file in use: ``$LECTURE_PARAMS``, else ``scenes/lecture.toml``."""
    return os.environ.get(ENV_VAR) or str(DEFAULT_PARAMS)


def known_tables() -> tuple[str, ...]:
    """Every ``[scenes.<name>]`` table a parameter file may hold: the lecture's scenes' keys
    (and those of any other lecture scene defined in this process, e.g. in a test)."""
    keys = [cls.params_key for cls in lecture_order.lecture()] + [cls.params_key for cls in _REGISTRY.values()]
    return tuple(dict.fromkeys(keys))


def known_settings() -> dict[str, dict[str, Setting]]:
    """Every scene's own settings, by table (only the scenes that declare some)."""
    scenes = [*lecture_order.lecture(), *_REGISTRY.values()]
    return {cls.params_key: cls.settings for cls in scenes if cls.settings}


def load_params(path) -> LectureParams:
    """Read and validate the parameter file at ``path`` for the lecture's scenes (ParamError)."""
    return load(path, tables=known_tables(), bounds=SCREEN, settings=known_settings())


_CACHE: dict = {}


def lecture_params() -> LectureParams:
    """The validated parameter file, read once per process (re-read only when it changes)."""
    path = params_path()
    try:
        st = os.stat(path)
        stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
    except OSError:
        stamp = None
    key = (path, stamp, known_tables())
    if key not in _CACHE or stamp is None:
        _CACHE.clear()
        _CACHE[key] = load_params(path)
    return _CACHE[key]


def validate_or_exit(*scenes: type) -> LectureParams:
    """The parameter file, checked (with the own limits of ``scenes``, if any); on error print
    one line and exit with status 2."""
    try:
        params = lecture_params()
        for cls in scenes:
            cls.check_params(params)
        return params
    except ParamError as e:
        exit_with(str(e))


def said_at(clip, where: int) -> float:
    """Seconds from a beat's start to where its narration comes to character ``where`` of its
    text (a mark): the start of the caption cue holding it (a sentence always starts a cue),
    plus its share of that cue's characters."""
    pos = 0
    for cue in clip.cues:
        start = clip.text.find(cue.text, pos)
        if start < 0:          # a cue cut mid-word (a very long word): keep counting from here
            start = pos
        end = start + len(cue.text)
        if where < end:
            share = max(0, where - start) / max(1, len(cue.text))
            return cue.start + share * (cue.end - cue.start)
        pos = end
    return clip.duration


class Said(NamedTuple):
    """A caption cue of the narration, in seconds of the scene's clock (``LectureScene.said``)."""
    beat: str
    start: float
    end: float
    text: str


class MarkReached(NamedTuple):
    """A mark the scene waited for (``until_mark``): when its words are said and when the scene
    went on (the next play starts then); ``late`` is how long after its words that was."""
    beat: str
    mark: str
    said: float
    shown: float

    @property
    def late(self) -> float:
        return max(0.0, self.shown - self.said)


class Pause(NamedTuple):
    """A declared silence (``LectureScene.pause_and_predict``): the viewer works the question of
    beat ``beat`` out while a countdown runs, from ``start`` to ``end`` on the scene's clock.
    The "no voiceless hold" checks exempt exactly these spans (tests/framecheck.py)."""
    beat: str
    start: float
    end: float


# The caption shown while a countdown runs (a caption of the question's beat): a viewer who cannot
# hear that nothing is said reads that the silence is deliberate; the built lecture's audio checks
# find the declared pauses by it (tests/framecheck.py ``declared_pauses``).
PAUSE_CAPTION = N_("[pause: work it out]")
COUNTDOWN_FADE = 0.3   # seconds the countdown takes to appear and to go (inside the pause)


class LectureScene(Checkpoints, Scene):
    """A scene of the lecture: ``construct`` is a short list of beats (the storyboard).

    Subclasses set ``params_key`` (required), ``beats`` (what each beat needs of the script:
    its key, the placeholders the scene fills, the marks it waits for), and ``limits`` where
    they have them. Their words are in the script (``scenes/script/<language>.ftl``: the chapter
    title, each beat's title and narration) and the catalogs (on-screen words, ``scenes.i18n``).
    See CONTRIBUTING.md for adding a scene.
    """

    params_key: str | None = None
    beats: tuple[Beat, ...] = ()
    limits: tuple[Limit, ...] = ()
    settings: dict[str, Setting] = {}
    draws_transposed: bool = False   # its layer may describe a transposed convolution ([layer] transposed)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        key = cls.params_key
        if not (isinstance(key, str) and key.isidentifier()):
            raise TypeError(
                f"{cls.__module__}.{cls.__name__}: a lecture scene must name its parameter table:"
                f" params_key = \"<name>\" (its [scenes.<name>] table in scenes/lecture.toml;"
                f" got {key!r})")
        _REGISTRY[cls.__name__] = cls

    @classmethod
    def script_name(cls) -> str:
        """The name of the scene's part of the script: the class that declares its ``beats``
        (a subclass that only changes how a scene plays, e.g. in a test, keeps its words)."""
        return next(c.__name__ for c in cls.__mro__ if "beats" in c.__dict__)

    @classmethod
    def check_params(cls, params: LectureParams) -> None:
        """Refuse (ParamError, one line) a file whose layer breaks this scene's own limits."""
        params.check(cls.params_key, cls.limits, transposed=cls.draws_transposed)

    def setup(self):
        params = validate_or_exit(type(self))
        self.layer = params.layer(self.params_key)
        self.settings = params.settings_of(self.params_key)
        self.pace = params.pace
        try:
            self.language = script.language()
            self.script = script.load(self.language)
            i18n.use(self.language)
        except (ScriptError, CatalogError) as e:
            exit_with(str(e))
        self.camera.background_color = P.BACKGROUND
        writer = self.renderer.file_writer
        try:   # the animations Manim's cache holds before this render (the render's report counts them)
            self._cached_before = {p.stem for p in Path(writer.partial_movie_directory).glob("*.mp4")}
        except AttributeError:   # no video to write (a still, a test's dry run)
            self._cached_before = set()
        manim_ext.fit_file_writer(self.renderer.file_writer)   # atomic video and captions

    # ---- beats: the narration sets each beat's length ---------------------------------------
    _clock = 0.0          # seconds of animation played so far (run times, as written: no frame rounding)
    _beat_end = None      # the clock time the current beat lasts at least until
    narrator = None       # scenes.narration.narrator.Narrator, made at the first beat

    def play(self, *args, **kwargs):
        super().play(*args, **kwargs)
        self._clock += self.duration   # the same whether the animation was rendered or cached

    def beat(self, key: str, **values):
        """Start the beat ``key`` (one of ``beats``): a new section, and what the narrator says
        over it, from the script, with the placeholders filled from ``values`` (numbers from the
        layer: the scene gives exactly the values its ``Beat`` names).

        The beat lasts at least as long as its narration: the voice's audio (a recording in
        ``recordings/``, else the synthetic voice) plus ``[pace] pause``, or without a voice the
        text at ``[pace] words_per_minute``. The beat's animations play inside that time; when
        they are shorter, the beat holds its last frame until the next beat starts (or the scene
        ends). Its captions are the narration cut into readable cues, timed to the voice."""
        declared = {b.key: b for b in self.beats}
        if key not in declared:
            raise TypeError(f"{type(self).__name__}: no beat {key!r} in its beats ({', '.join(declared)})")
        beat = declared[key]
        if set(values) != set(beat.values):
            raise TypeError(f"{type(self).__name__}, beat {key!r}: give exactly {sorted(beat.values)},"
                            f" not {sorted(values)}")
        self._end_beat()
        try:
            title, text = self.script.beat(self.script_name(), beat, values)
        except ScriptError as e:
            exit_with(str(e))
        plain, self._marks = strip_marks(text)
        self._beat = beat
        self.current_beat = (title, plain)   # the slides' notes (scenes/slides.py)
        self.next_section(title)
        if self.narrator is None:
            self.narrator = Narrator(type(self).__name__, self.pace, Path(config.media_dir),
                                     synthesise=not config.dry_run, language=self.language)
        try:
            clip = self.narrator.beat_clip(title, plain, key=beat.key, place=self.beats.index(beat) + 1)
        except NarrationError as e:
            exit_with(str(e))
        self._beat_start, self._beat_clip = self._clock, clip
        self._beat_end = self._clock + (clip.duration + self.pace.pause if clip.duration else 0.0)
        for cue in clip.cues:
            self.add_subcaption(cue.text, duration=cue.end - cue.start, offset=cue.start)
            self.said.append(Said(beat.key, self._clock + cue.start, self._clock + cue.end, cue.text))

    @property
    def said(self) -> list[Said]:
        """Every caption cue of the narration so far, with its times on the scene's clock (the
        voice says each cue while it shows): where the scene is silent, tests see it."""
        return self.__dict__.setdefault("_said", [])

    @property
    def marks_reached(self) -> list[MarkReached]:
        """Every mark the scene waited for so far (``until_mark``), with when its words are said
        and when the scene went on: a thing named is on screen within half a second of its words
        when ``late`` is at most 0.5."""
        return self.__dict__.setdefault("_marks_reached", [])

    def narration_left(self, mark: str | None = None) -> float:
        """Seconds of the current beat's narration still to be said from now (the clock): until
        its end, or with ``mark`` until the voice comes to that mark (one the beat's ``Beat``
        names). 0 when it has been said, or outside a beat. The ``[pace] pause`` after the
        narration is not counted. A sweep fits its fast-forwarded positions into it
        (``scenes.visual.sweep.Sweep.run``)."""
        if self._beat_end is None:
            return 0.0
        if mark is None:
            end = self._beat_start + self._beat_clip.duration
        else:
            if mark not in self._beat.marks:
                raise TypeError(f"{type(self).__name__}, beat {self._beat.key!r}: no mark {mark!r}"
                                f" in its Beat ({', '.join(self._beat.marks) or 'none'})")
            end = self._beat_start + said_at(self._beat_clip, self._marks[mark])
        return max(0.0, end - self._clock)

    @property
    def pauses(self) -> list[Pause]:
        """Every declared pause so far (``pause_and_predict``): silences the scene means."""
        return self.__dict__.setdefault("_pauses", [])

    def pause_and_predict(self, question: tuple[str, dict], answer: tuple[str, dict], ask, reveal,
                          countdown_box, seconds: int = SECONDS) -> None:
        """Ask the viewer, give them time, then show the answer.

        ``question`` and ``answer`` are beats, ``(key, values)`` as ``beat`` takes them. The
        question's beat says the question (its narration ends with "pause the video and work it
        out") while ``ask()`` shows it (checkpoint ``"question asked"``). When its voice has
        finished, a countdown of ``seconds`` whole seconds (``scenes.visual.countdown``) runs in
        ``countdown_box`` (left, right, top, bottom): a declared silence, kept in ``pauses`` and
        captioned ``PAUSE_CAPTION``, with checkpoints ``"countdown n"`` as n seconds are left.
        Then the answer's beat starts and ``reveal()`` shows the answer, from the trace
        (checkpoint ``"answer shown"``). In the slides each beat is a slide: the question, with
        its countdown, then the answer with the next key."""
        self.beat(question[0], **question[1])
        ask()
        self.checkpoint("question asked")
        self._end_beat()   # the question said, and [pace] pause after it
        clock = place(Countdown(seconds), *countdown_box)
        self.countdown = clock
        start = self._clock
        length = seconds + 2 * COUNTDOWN_FADE
        text = i18n._(PAUSE_CAPTION)
        self.add_subcaption(text, duration=length)
        # the build's captions are the beats' clips' cues: the pause is a cue of the question's beat
        self._beat_clip.cues.append(Cue(start - self._beat_start, start - self._beat_start + length, text))
        self.play(FadeIn(clock), run_time=COUNTDOWN_FADE)
        for left in range(seconds, 0, -1):
            clock.show(left)
            self.checkpoint(f"countdown {left}")
            self.play(clock.tick(left))
        self.play(FadeOut(clock), run_time=COUNTDOWN_FADE)
        self.pauses.append(Pause(self._beat.key, start, self._clock))
        self.beat(answer[0], **answer[1])
        reveal()
        self.checkpoint("answer shown")

    def has_mark(self, name: str) -> bool:
        """Whether the current beat waits for the mark ``name`` (its ``Beat`` names it)."""
        return name in self._beat.marks

    def until_mark(self, name: str) -> None:
        """Hold until the narrator comes to ``<mark name="..."/>`` in the current beat's script,
        so that what plays next is seen while it is said. Nothing is held if the animations are
        already past that point."""
        if name not in self._beat.marks:
            raise TypeError(f"{type(self).__name__}, beat {self._beat.key!r}: waits for the mark {name!r},"
                            f" which its Beat does not name ({', '.join(self._beat.marks) or 'none'})")
        at = self._beat_start + said_at(self._beat_clip, self._marks[name])
        frames = math.ceil((at - self._clock) * config.frame_rate - 1e-6)
        if frames > 0:
            self.wait((frames + 0.5) / config.frame_rate)
        self.marks_reached.append(MarkReached(self._beat.key, name, at, self._clock))

    def _end_beat(self):
        """Hold the last frame until the current beat's narration has been said."""
        if self._beat_end is None:
            return
        rest, self._beat_end = self._beat_end - self._clock, None
        frames = math.ceil(rest * config.frame_rate - 1e-6)
        if frames > 0:   # half a frame more: Manim writes int(run_time * fps) frames of a still
            self.wait((frames + 0.5) / config.frame_rate)

    def end_captions_by(self, seconds: float):
        """Cut every caption that would still be showing at ``seconds``."""
        end = timedelta(seconds=seconds)
        for sub in self.renderer.file_writer.subcaptions:
            if sub.end > end:
                sub.end = max(end, sub.start)

    def render(self, *args, **kwargs):
        super().render(*args, **kwargs)
        self.write_report()

    def write_report(self) -> None:
        """What this render made, for the build (``$LECTURE_RENDER_REPORT``; nothing if unset):
        the video, its sections' file, how many animations were played and how many of them
        came from Manim's cache (their pieces were there before the render started)."""
        path = os.environ.get(REPORT_ENV)
        if not path:
            return
        writer = self.renderer.file_writer
        hashes = [h for h in self.renderer.animations_hashes if h]
        video = Path(writer.movie_file_path)
        atomic_write_text(Path(path), json.dumps({
            "scene": type(self).__name__, "video": str(video.resolve()),
            "sections": str((video.parent / "sections" / f"{type(self).__name__}.json").resolve()),
            "played": self.renderer.num_plays, "cached": sum(h in self._cached_before for h in hashes)}))

    def tear_down(self):
        try:
            self._end_beat()
        except EndSceneEarlyException:   # a render stopped at an animation number (tests)
            return
        self.end_captions_by(self.renderer.time)
        if self.narrator is not None:
            try:
                self.narrator.finish(write=not config.dry_run)
            except NarrationError as e:
                exit_with(str(e))

    def point_at(self, *mobs, color: str | list = P.HIGHLIGHT, buff: float = 0.05, hold: float = 1.0,
                 along=(), lag: float = 0.0) -> None:
        """The narrator's gesture at what is being named: a frame lights up around each of
        ``mobs`` (``color`` one colour or one per mobject; ``along``: animations played with it,
        e.g. ``Write`` of the thing itself), stays ``hold`` seconds and goes."""
        colors = color if isinstance(color, (list, tuple)) else [color] * len(mobs)
        boxes = VGroup(*[frame_box(m, c, buff=buff) for m, c in zip(mobs, colors)])
        self.play(LaggedStart(*[FadeIn(b) for b in boxes], lag_ratio=lag), *along, run_time=0.5)
        if hold:
            self.hold(hold)
        self.play(FadeOut(boxes), run_time=0.4)

    def hold(self, seconds: float | None = None):
        self.wait(self.pace.hold if seconds is None else seconds)
