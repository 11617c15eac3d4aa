"""The lecturer's script: every beat's narration, per scene, in a file per language.

``scenes/script/<language>.ftl`` is a Project Fluent file (https://projectfluent.org), the
format Mozilla made for texts that translators and authors edit by hand: per scene, a message
named after the scene class with the chapter's title, then one message per beat,
``<Scene>-<beat key>``, whose text is what the narrator says and whose ``.title`` is the beat's
name (its section, its slide, its recording's file name)::

    ## SlidingFilter
    SlidingFilter = One filter, the same nine colours everywhere

    SlidingFilter-one-filter =
        Here is a filter of { $rows } by { $cols } weights.
        <mark name="colours"/>Every weight has its own colour and its own name.
        .title = One filter, its own colours

* ``{ $rows }`` is a placeholder the scene fills from the layer (numbers are written the
  language's way); Fluent's selectors choose words by number or by a value the scene gives
  (``{ $stride -> [1] one cell *[other] { $stride } cells }``), in each language's own grammar.
* ``<mark name="colours"/>`` (as in SSML) is a moment the picture waits for: the scene says
  ``self.until_mark("colours")`` and what it plays next is seen as the voice reaches the mark.
  Marks are not said and not shown in the captions.

A scene declares what its script must hold (``LectureScene.beats``: each beat's key, the
placeholders it gives, the marks it waits for); ``Script.problems`` lists, one line each, every
beat that is missing or that no scene has, every mark or placeholder missing or unused, and
every line that is not Fluent. The build refuses a script with a problem before anything renders.
"""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from fluent.runtime import FluentBundle, FluentResource
from fluent.syntax import FluentParser, ast as fast

from scenes import lecture as lecture_order

SCRIPT_DIR = Path(__file__).resolve().parents[1] / "script"
LANG_ENV = "LECTURE_LANG"        # the lecture's language (default: English)
DEFAULT_LANGUAGE = "en"
SCRIPT_ENV = "LECTURE_SCRIPT"    # another script file (tests)

MARK = re.compile(r"""<mark\s+name\s*=\s*["']([A-Za-z0-9_-]+)["']\s*/>""")


class ScriptError(Exception):
    """A script that cannot be used: one line naming the file, the beat and what is wrong."""


@dataclass(frozen=True)
class Beat:
    """What a scene needs of its script for one beat: the beat's ``key`` (its message is
    ``<Scene>-<key>``), the placeholders the scene fills (``values``) and the marks it waits for
    (``marks``)."""
    key: str
    values: tuple[str, ...] = ()
    marks: tuple[str, ...] = ()


def language() -> str:
    """The lecture's language: ``$LECTURE_LANG``, else English."""
    return (os.environ.get(LANG_ENV) or DEFAULT_LANGUAGE).strip()


def languages() -> list[str]:
    """The languages there is a script for."""
    return sorted(p.stem for p in SCRIPT_DIR.glob("*.ftl"))


def script_path(lang: str) -> Path:
    override = os.environ.get(SCRIPT_ENV)
    if override:
        return Path(override)
    if lang not in languages():
        raise ScriptError(f"{LANG_ENV}={lang}: no script for this language (there is one for:"
                          f" {', '.join(languages())}; add scenes/script/{lang}.ftl to make one)")
    return SCRIPT_DIR / f"{lang}.ftl"


def strip_marks(text: str) -> tuple[str, dict[str, int]]:
    """``text`` without its marks, its whitespace collapsed to single spaces, and where each mark
    was in it (characters from the start: the mark's offset is where the words after it begin)."""
    names: list[str] = []

    def stand_in(m):   # a mark becomes one private-use character while the spaces are collapsed
        names.append(m.group(1))
        return chr(0xE000 + len(names) - 1)

    plain: list[str] = []
    marks: dict[str, int] = {}
    for ch in " ".join(MARK.sub(stand_in, text).split()):
        code = ord(ch) - 0xE000
        if 0 <= code < len(names):
            marks[names[code]] = len(plain)
        elif not (ch == " " and (not plain or plain[-1] == " ")):
            plain.append(ch)
    out = "".join(plain).rstrip()
    for name, at in marks.items():   # at the words after the mark, not the space before them
        marks[name] = min(len(out), at + 1 if out[at:at + 1] == " " else at)
    return out, marks


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


class Script:
    """One language's script: chapter titles and beats, filled with a scene's values."""

    def __init__(self, lang: str, path: Path | None = None):
        self.lang = lang
        self.path = Path(path) if path is not None else script_path(lang)
        self.shown = _shown(self.path)
        try:
            self.source = self.path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise ScriptError(f"{self.shown}: not UTF-8 text: save the script as UTF-8") from None
        except OSError as e:
            raise ScriptError(f"{self.shown}: cannot read it ({e.strerror or e})") from None
        self.resource = FluentParser(with_spans=True).parse(self.source)
        self.messages = {e.id.name: e for e in self.resource.body if isinstance(e, fast.Message)}
        self.bundle = FluentBundle([lang], use_isolating=False)
        self.bundle.add_resource(FluentResource(self.source))

    # ---- what the scenes read ----
    def chapter(self, scene: str) -> str:
        """The scene's chapter title."""
        return self._format(scene, None, {})

    def beat(self, scene: str, beat: Beat, values: dict) -> tuple[str, str]:
        """(title, text with its marks) of ``scene``'s ``beat``, filled with ``values``."""
        mid = f"{scene}-{beat.key}"
        text = self._format(mid, None, values)
        title = self._format(mid, "title", values)
        found = MARK.findall(text)
        missing = [m for m in beat.marks if found.count(m) != 1]
        if missing:   # a selector's variant without the mark, or with it twice
            raise ScriptError(f"{self.shown}: {mid}: with these values the text has the mark"
                              f" {missing[0]!r} {found.count(missing[0])} times, not once: {' '.join(text.split())!r}")
        return " ".join(title.split()), text

    def _format(self, mid: str, attribute: str | None, values: dict) -> str:
        if not self.bundle.has_message(mid):
            raise ScriptError(f"{self.shown}: {mid}: missing")
        message = self.bundle.get_message(mid)
        pattern = message.attributes.get(attribute) if attribute else message.value
        if pattern is None:
            raise ScriptError(f"{self.shown}: {mid}: has no {'.' + attribute if attribute else 'text'}")
        text, errors = self.bundle.format_pattern(pattern, values)
        if errors:
            raise ScriptError(f"{self.shown}: {mid}: {errors[0]}")
        return text

    def digest(self, scene: str) -> str:
        """What of this script a scene's render depends on: its own messages' source."""
        h = hashlib.sha256(self.lang.encode())
        for mid in sorted(self.messages):
            if mid == scene or mid.startswith(f"{scene}-"):
                span = self.messages[mid].span
                h.update(self.source[span.start:span.end].encode() + b"\0")
        return h.hexdigest()

    def digest_chapters(self, scenes) -> str:
        """What the joined lecture's chapter titles depend on."""
        return hashlib.sha256(repr([self.chapter(s) if s in self.messages else None for s in scenes]).encode()).hexdigest()

    # ---- checked before anything renders ----
    def problems(self, scenes) -> list[str]:
        """Every way this script does not fit ``scenes`` (classes with ``__name__`` and
        ``beats``), one line each: not Fluent, a chapter or beat missing, a beat no scene has, a
        placeholder or a mark missing or unused, a beat without its title. A scene rendered apart
        from the lecture (``scenes.lecture.APART``) whose chapter this script holds is checked
        too: its beats are not beats of no scene."""
        named = {s.__name__ for s in scenes}
        scenes = [*scenes, *[s for s in lecture_order.apart()
                             if s.__name__ not in named and s.script_name() in self.messages]]
        out = []
        for entry in self.resource.body:
            if isinstance(entry, fast.Junk):
                line = self.source.count("\n", 0, entry.span.start) + 1
                why = entry.annotations[0].message if entry.annotations else "cannot be read"
                out.append(f"{self.shown}, line {line}: not Fluent ({why}): {entry.content.strip()[:60]!r}")
        wanted: dict[str, Beat | None] = {}
        for scene in scenes:
            name = scene.script_name() if hasattr(scene, "script_name") else scene.__name__
            wanted[name] = None
            for beat in scene.beats:
                wanted[f"{name}-{beat.key}"] = beat
        for mid, beat in wanted.items():
            message = self.messages.get(mid)
            if message is None or message.value is None:
                what = "its chapter title" if beat is None else "the beat's text"
                out.append(f"{self.shown}: {mid}: missing ({what} in this language)")
                continue
            if beat is None:
                continue
            if not any(a.id.name == "title" for a in message.attributes):
                out.append(f"{self.shown}: {mid}: lacks its .title (the beat's name)")
            used = _variables(message)
            for name in beat.values:
                if name not in used:
                    out.append(f"{self.shown}: {mid}: lacks the placeholder {{ ${name} }}"
                               f" (the scene gives: {', '.join(beat.values)})")
            for name in sorted(used - set(beat.values)):
                out.append(f"{self.shown}: {mid}: uses the placeholder {{ ${name} }}, which the scene"
                           f" does not give ({'it gives: ' + ', '.join(beat.values) if beat.values else 'it gives none'})")
            marks = _marks(message)
            for name in beat.marks:
                if name not in marks:
                    out.append(f"{self.shown}: {mid}: lacks the mark <mark name=\"{name}\"/>"
                               f" (the scene waits for it)")
            for name in sorted(marks - set(beat.marks)):
                out.append(f"{self.shown}: {mid}: has the mark <mark name=\"{name}\"/>, which the scene"
                           f" does not wait for ({'it waits for: ' + ', '.join(beat.marks) if beat.marks else 'it waits for none'})")
        for mid in self.messages:
            if mid not in wanted:
                scene = mid.split("-", 1)[0]
                keys = [b.key for s in scenes if s.__name__ == scene for b in s.beats]
                hint = f"{scene}'s beats: {', '.join(keys)}" if keys else "no scene is called " + repr(scene)
                out.append(f"{self.shown}: {mid}: no scene has this beat ({hint})")
        return out


def _walk(node):
    """Every node under a Fluent syntax node."""
    yield node
    for value in vars(node).values():
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, fast.SyntaxNode):
                yield from _walk(item)


def _variables(message) -> set[str]:
    return {n.id.name for n in _walk(message) if isinstance(n, fast.VariableReference)}


def _marks(message) -> set[str]:
    return {m for n in _walk(message.value) if isinstance(n, fast.TextElement) for m in MARK.findall(n.value)}


_LOADED: dict = {}


def load(lang: str | None = None) -> Script:
    """The script of ``lang`` (default: ``language()``), read once per process while it is
    unchanged on disk."""
    lang = lang or language()
    path = script_path(lang)
    try:
        st = path.stat()
        stamp = (st.st_mtime_ns, st.st_size)
    except OSError:
        stamp = None
    key = (lang, str(path), stamp)
    if key not in _LOADED:
        _LOADED.clear()
        _LOADED[key] = Script(lang, path)
    return _LOADED[key]
