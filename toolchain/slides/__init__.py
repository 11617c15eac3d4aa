"""The lecture as slides for the lecture hall (``make slides``): one slide per beat, offline.

    python -m toolchain.slides [--quality l|m|h|p|k] [--scenes DepthSlices ...]
                                      [--media-dir media] [--lecture module:LIST]

Run from the repository root. Every scene of ``scenes/lecture.py`` (or those named by
``--scenes``; ``--lecture`` names another list of scene classes, e.g. a test's) is rendered as
slides by ``scenes.slides`` (through ``toolchain.renders``, as the build renders: several at
once, forked from one Manim server; the scene's own animations, from the same Manim cache as
``make video``; a scene none of whose inputs changed is not rendered again). Then the presentation is written to ``<media-dir>/slides/``:

    lecture.html          the reveal.js presentation: one slide per beat, in lecture order,
                          the beat's narration as speaker notes, chapter keys (see README;
                          chapter 10 and up: its two digits in quick succession)
    lecture_assets/       the slide videos (H.264 mp4) and reveal.js (from npm, node_modules/)
    lecture.pdf           the handout: one page per slide, its last frame

Nothing in it is fetched from the internet: reveal.js is copied from ``node_modules/reveal.js``
(``npm ci`` in the set-up) and the build refuses to write an HTML page that links anything
outside its folder. The presentation is built in a temporary folder and swapped in whole: a
scene that fails to render (one line naming it, exit status 1) or an interrupted build leaves
the previous presentation as it was. The build is reproducible (the handout has no dates), and a
file the rebuild leaves identical is kept as it was (the very same file, its time unchanged).
"""
from __future__ import annotations

import argparse
import filecmp
import html
import json
import os
import re
import shutil
import sys
import time
from importlib import import_module, metadata
from pathlib import Path

from manim_slides.config import PresentationConfig
from manim_slides.convert import PDF, RevealJS, read_image_from_video_file

from scenes import slides as slides_scene
from scenes import i18n
from scenes.narration import script
from scenes.files import exit_with
from scenes.lecture import lecture as lecture_order
from toolchain import renders
from toolchain.renders import ROOT
REVEAL_DIR = Path(__file__).resolve().parent / "node_modules" / "reveal.js"   # npm ci --prefix toolchain/slides
REVEAL_VERSION = "6.0.1"          # package.json pins it; manim-slides 5.7.0's template targets it
REVEAL_FILES = ("dist/reveal.css", "dist/reveal.js", "dist/theme/black.css",
                "dist/plugin/notes.js", "dist/plugin/markdown.js",
                "dist/plugin/highlight/zenburn.css", "LICENSE")
TITLE = "Weight sharing in CNNs"
HTML_NAME = "lecture.html"
ASSETS = "lecture_assets"


def say(line: str) -> None:
    print(line, flush=True)


def lecture_scenes(lecture: str | None, names: list[str] | None) -> list[type]:
    if lecture:
        module, attr = lecture.split(":")
        scenes = list(getattr(import_module(module), attr))
    else:
        scenes = list(lecture_order())
    if names:
        known = {s.__name__: s for s in scenes}
        unknown = [n for n in names if n not in known]
        if unknown:
            exit_with(f"--scenes: no scene {', '.join(unknown)} in the lecture"
                      f" (known: {', '.join(known)})")
        scenes = [s for s in scenes if s.__name__ in names]
    return scenes


def fingerprint(scene: type, quality: str, params, lang: str = "en") -> str:
    """The scene's render inputs (as ``make video`` sees them) plus the code that makes it slides."""
    own = [f.read_bytes() for f in renders.project_sources(Path(slides_scene.__file__))]
    return renders.digest(renders.inputs_fingerprint(scene, quality, params, lang), metadata.version("manim-slides"), own)


def slides_ready(json_file: Path, stamp: Path, want: str) -> bool:
    if not (json_file.exists() and stamp.exists() and stamp.read_text() == want):
        return False
    try:
        slides = json.loads(json_file.read_text())["slides"]
    except (OSError, ValueError, KeyError):
        return False
    return bool(slides) and all(Path(s["file"]).exists() for s in slides)


def render_scene(scene: type, quality: str, slides_dir: Path, media_dir: Path, log: Path, stop=None,
                 lang: str = "en") -> None:
    """``python -m scenes.slides <scene> ...`` in the Manim server (``toolchain.renders``)."""
    renders.run(["scenes.slides", slides_scene.scene_spec(scene), quality, str(slides_dir), str(media_dir)],
                log, stop, env=dict(os.environ, **{script.LANG_ENV: lang}))


def prune(json_file: Path, files_dir: Path) -> None:
    """Delete the scene's slide videos of earlier renders (manim-slides keeps every one)."""
    used = {Path(s["file"]).name for s in json.loads(json_file.read_text())["slides"]}
    for f in files_dir.glob("*.mp4"):
        if f.name not in used:
            f.unlink()


def chapters(scenes: list[type], configs, lang: str = "en") -> list[dict]:
    out, start = [], 0
    words = script.load(lang)
    for scene, config in zip(scenes, configs):
        out.append({"title": words.chapter(scene.script_name()), "scene": scene.__name__,
                    "start": start, "slides": len(config.slides)})
        start += len(config.slides)
    return out


KEYS_JS = r"""// The lecture's own keys (on top of reveal.js'): R replays the slide, a chapter's number jumps
// to it (10 and up: type the digits in quick succession, "1" then "2" within 0.8 s is chapter 12),
// C shows the chapter list. window.LECTURE_CHAPTERS is written by toolchain/slides/__init__.py.
(function () {
  var chapters = window.LECTURE_CHAPTERS || [];
  var DIGIT_WAIT = 800;            // ms: the next digit within this continues the number
  function currentVideo() {
    var s = Reveal.getCurrentSlide();
    var bg = s && s.slideBackgroundContentElement;
    return bg ? bg.querySelector("video") : null;
  }
  function replay() {
    var v = currentVideo();
    if (v) { v.currentTime = 0; v.play(); }
  }
  // reveal.js plays a slide's video when the slide is shown; but when slides change faster than
  // their videos load (keys pressed in quick succession), it can leave the shown slide's video
  // paused on its first frame. So after every slide change, the shown slide's video plays.
  function playShown() {
    var v = currentVideo();
    if (!v || (Reveal.isSpeakerNotes() && !v.muted)) return;   // as reveal.js: not in the speaker view
    if (v.ended) v.currentTime = 0;
    if (v.paused) {
      var started = v.play();
      if (started && started.catch) started.catch(function () {});   // paused again meanwhile
    }
  }
  Reveal.on("slidechanged", function () { setTimeout(playShown, 0); });
  function jump(n) {
    if (n >= 1 && n <= chapters.length) { hideMenu(); Reveal.slide(chapters[n - 1].start); }
  }
  // A digit extends the number typed just before it if that names a chapter, else starts a new
  // one. The jump is at once when no chapter number could follow, else after DIGIT_WAIT.
  var typed = "", typedAt = 0, pending = null;
  function digit(d) {
    var now = Date.now();
    var number = typed && now - typedAt < DIGIT_WAIT ? typed + d : String(d);
    if (Number(number) > chapters.length) number = String(d);
    clearTimeout(pending);
    typed = number === "0" ? "" : number;
    typedAt = now;
    var n = Number(typed);
    if (!typed) return;
    if (n * 10 > chapters.length) { typed = ""; jump(n); }
    else pending = setTimeout(function () { typed = ""; jump(n); }, DIGIT_WAIT);
  }
  var words = window.LECTURE_WORDS || {};
  var how = chapters.length < 10 ? words.press :
    words.type.replace("{last}", String(chapters.length));
  var menu = document.createElement("div");
  menu.id = "chapter-menu";
  menu.style.cssText = "display:none;position:fixed;left:5%;top:4%;max-height:92%;overflow:auto;" +
    "z-index:100;padding:0.6em 2em;background:rgba(0,0,0,0.85);color:#eee;font:22px sans-serif;" +
    "border-radius:8px;";
  menu.innerHTML = "<b>" + words.chapters + "</b> (" + how + ")<ol>" + chapters.map(function (c) {
    return "<li>" + c.title.replace(/</g, "&lt;") + "</li>"; }).join("") + "</ol>";
  document.body.appendChild(menu);
  function hideMenu() { menu.style.display = "none"; }
  function toggleMenu() { menu.style.display = menu.style.display === "none" ? "block" : "none"; }
  Reveal.addKeyBinding({keyCode: 82, key: "R", description: words.replay}, replay);
  Reveal.addKeyBinding({keyCode: 67, key: "C", description: words.list}, toggleMenu);
  for (var d = 0; d <= 9; d++) {
    (function (d) {      // only "1" is listed in reveal.js' help (?), for all of them
      var help = d === 1 && chapters.length ?
        {key: chapters.length > 1 ? "1 … " + chapters.length : "1",
         description: words.jump + how} : {};
      Reveal.addKeyBinding({keyCode: 48 + d, key: help.key, description: help.description},
                           function () { digit(d); });
    })(d);
  }
  window.lectureKeys = {replay: replay, jump: jump, chapters: chapters};
})();
"""


def page_words(lang: str) -> dict:
    """The words the page's own keys show, in ``lang``."""
    _ = i18n.translations(lang).gettext
    return {"chapters": _("Chapters"), "press": _("press its number"),
            "type": _("type its number; 10 to {last}: both digits quickly"),
            "replay": _("Replay this slide"), "list": _("Chapter list"),
            "jump": _("Jump to a chapter (C lists them): ")}


def offline_html(html: str, chapter_list: list[dict], lang: str = "en") -> str:
    """Point the page at the local reveal.js, add the lecture's keys and an inline (empty) icon,
    so that the browser asks for no favicon.ico, refuse any remote link."""
    html = html.replace("</head>", '  <link rel="icon" href="data:,">\n  </head>', 1)
    extra = (f"<script>window.LECTURE_CHAPTERS = {json.dumps(chapter_list)};"
             f" window.LECTURE_WORDS = {json.dumps(page_words(lang))};</script>\n"
             f"<script src=\"{ASSETS}/lecture-keys.js\"></script>\n</body>")
    html = html.replace("</body>", extra, 1)
    remote = re.findall(r"""(?:src|href)\s*=\s*["']?((?:https?:)?//[^"'\s>]+)""", html)
    if remote:
        raise RuntimeError(f"the presentation would fetch {remote[0]} (must work offline)")
    return html


def copy_reveal(dest: Path) -> None:
    if not (REVEAL_DIR / "package.json").exists():
        raise RuntimeError(f"reveal.js is missing in {REVEAL_DIR}: run `make slides-deps` (npm ci)")
    version = json.loads((REVEAL_DIR / "package.json").read_text())["version"]
    if version != REVEAL_VERSION:
        raise RuntimeError(f"node_modules has reveal.js {version}, want {REVEAL_VERSION}: run `npm ci`")
    for rel in REVEAL_FILES:
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REVEAL_DIR / rel, target)


class Handout(PDF):
    """manim-slides' PDF converter (one page per slide, its last frame), minus the dates Pillow
    stamps in by default: the same slides give the same bytes."""

    def convert_to(self, dest: Path) -> None:
        images = [read_image_from_video_file(slide.file, self.frame_index)
                  for config in self.presentation_configs for slide in config.slides]
        images[0].save(dest, "PDF", resolution=self.resolution, save_all=True,
                       append_images=images[1:], title=TITLE, creationDate=None, modDate=None)


def keep_unchanged(new: Path, old: Path) -> None:
    """Every file of the ``new`` build identical to the one in ``old`` becomes that file (a hard
    link): after the swap a rebuild with nothing changed has rewritten no file."""
    if not old.is_dir():
        return
    for f in sorted(new.rglob("*")):
        was = old / f.relative_to(new)
        if f.is_file() and was.is_file() and filecmp.cmp(f, was, shallow=False):
            link = f.with_name(f".{f.name}.link")
            try:
                os.link(was, link)
                os.replace(link, f)
            except OSError:         # no hard links here (e.g. FAT): keep the new copy
                link.unlink(missing_ok=True)


def write_presentation(scenes: list[type], json_files: list[Path], out: Path, lang: str = "en") -> int:
    """Build lecture.html, its assets and lecture.pdf into a fresh folder, then swap it in."""
    configs = [PresentationConfig.from_file(p) for p in json_files]
    words, _ = script.load(lang), i18n.translations(lang).gettext
    for n, (scene, config) in enumerate(zip(scenes, configs), 1):   # where am I, in the notes
        title = html.escape(words.chapter(scene.script_name()), quote=False)
        for k, slide in enumerate(config.slides, 1):
            where = _("Chapter {n} of {chapters}: {title} · beat {k} of {beats}").format(
                n=n, chapters=len(scenes), title=title, k=k, beats=len(config.slides))
            slide.notes = f"*{where}*\n\n{slide.notes}"
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        html_file = tmp / HTML_NAME
        RevealJS(presentation_configs=configs, title=TITLE, assets_dir=ASSETS,
                 cdn_url=f"{ASSETS}/reveal.js", reveal_version=REVEAL_VERSION,
                 background_color="#000000").convert_to(html_file)
        copy_reveal(tmp / ASSETS / "reveal.js")
        (tmp / ASSETS / "lecture-keys.js").write_text(KEYS_JS, encoding="utf-8")
        chapter_list = chapters(scenes, configs, lang)
        html_file.write_text(offline_html(html_file.read_text(encoding="utf-8"), chapter_list, lang),
                             encoding="utf-8")
        (tmp / ASSETS / "chapters.json").write_text(json.dumps(chapter_list, indent=1))
        Handout(presentation_configs=configs).convert_to(tmp / "lecture.pdf")
        keep_unchanged(tmp, out)
        # Swap: the old presentation stays complete until the new one is.
        old = out.with_name(f".{out.name}.{os.getpid()}.old")
        if out.exists():
            os.replace(out, old)
        os.replace(tmp, out)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return sum(len(c.slides) for c in configs)


def build(scenes: list[type], quality: str, media_dir: Path, jobs: int = os.cpu_count() or 1,
          lang: str = "en", lecture: list[type] | None = None) -> int:
    """The presentation of ``scenes`` (of ``lecture``: the whole list, whose script is checked)."""
    media_dir = media_dir.resolve()
    params = renders.checked_inputs(scenes, lang, media_dir, lecture)
    suffix = "" if lang == "en" else f"-{lang}"
    slides_dir = media_dir / "slides-render" / f"{quality}{suffix}"
    out = media_dir / f"slides{suffix}"

    def one(scene, stop) -> dict:
        """Render ``scene`` as slides unless its slides are there and its inputs unchanged."""
        name = scene.__name__
        json_file, stamp = slides_dir / f"{name}.json", slides_dir / f"{name}.inputs"
        want = fingerprint(scene, quality, params, lang)
        if slides_ready(json_file, stamp, want):
            return {"status": "unchanged"}
        started = time.time()
        stamp.unlink(missing_ok=True)
        render_scene(scene, quality, slides_dir, media_dir, media_dir / "build" / f"slides{suffix}-{name}.log",
                     stop, lang)
        stamp.write_text(want)
        prune(json_file, slides_dir / "files" / name)
        slides = len(json.loads(json_file.read_text())["slides"])
        return {"status": f"{slides} slides rendered in {time.time() - started:.0f} s"}

    def failed(name, error) -> str:
        return f"scene {name} failed to render as slides: {error}; the presentation in {out} was left as it was"

    if not renders.in_order(scenes, one, jobs, name=lambda scene: scene.__name__, failed=failed):
        return 1
    json_files = [slides_dir / f"{scene.__name__}.json" for scene in scenes]
    total = write_presentation(scenes, json_files, out, lang)
    say(f"{total} slides: {renders.shown(out) / HTML_NAME} (offline), {renders.shown(out) / 'lecture.pdf'} (handout)")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quality", "-q", default="h", choices=list("lmhpk"))
    ap.add_argument("--scenes", nargs="+", metavar="SCENE")
    ap.add_argument("--lecture", metavar="MODULE:LIST", help="another list of scene classes")
    ap.add_argument("--media-dir", type=Path,
                    default=Path(os.environ.get("LECTURE_MEDIA_DIR") or ROOT / "media"))
    ap.add_argument("--language", default=script.language(), metavar="LANG",
                    help="the lecture's language (default: $LECTURE_LANG, else en); slides go to"
                         " <media-dir>/slides-<LANG> for a language other than English")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                    help="render up to N scenes at once (default: the number of cores)")
    args = ap.parse_args(argv)
    try:
        return build(lecture_scenes(args.lecture, args.scenes), args.quality, args.media_dir, args.jobs,
                     args.language, lecture_scenes(args.lecture, None))
    except KeyboardInterrupt:
        print("error: interrupted; the presentation was left as it was", file=sys.stderr)
        return 130
    except RuntimeError as e:      # set-up missing (reveal.js) or a page that would go online
        print(f"error: {e}; the presentation was left as it was", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
