"""make slides, end to end: build a tiny two-scene lecture as slides (at -ql, in a temporary media
folder) and drive the presentation in a real headless browser: Debian's Chromium, through
playwright (installed by the set-up: `make test` runs `make browser-deps`; never
`playwright install`, which downloads a browser).

Checked: nothing leaves the machine, every slide's video plays, the right arrow walks the slides
in lecture order with each beat's narration as notes (starting with the "Chapter n of N" line,
through the catalog), the lecturer's keys do what the README says (chapters 10 and up too, in a
lecture of twelve one-beat chapters), the page's own words (chapter menu, key help) are
``page_words``', the first and last slides show what the scene shows, the PDF has a page per
slide, served over http no request fails (no favicon 404), a rebuild with nothing changed
rewrites no file, and a scene that fails to render names itself and leaves the last good
presentation as it was.

The test scenes' words (chapter titles, beats' titles and narration) are their ``CHAPTER`` and
``WORDS``, written as each test lecture's script (``tests.scriptkit``) and handed to the build
through ``LECTURE_SCRIPT``.
"""
from __future__ import annotations

import json
import os
import shutil
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from manim import BLUE, GREEN, LEFT, RED, RIGHT, UP, Circle, FadeIn, Square, Triangle

from scenes.base import Beat, LectureScene
from scenes.narration import script as S
from scenes.visual.mobjects import label
import toolchain.slides as slides
from tests.buildkit import run_main
from tests.scriptkit import SCRIPT_ENV, write_script
from toolchain.slides import KEYS_JS, page_words

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEW = {"width": 854, "height": 480}     # the -ql frame: the video fills the page


# ---- a tiny lecture: two short scenes, two beats each ---------------------------------------
class TinyShapes(LectureScene):
    params_key = "sliding_filter"
    beats = (Beat("square"), Beat("circle"))
    CHAPTER = "Tiny shapes"
    WORDS = {"square": ("A square", "A red square appears on the left."),
             "circle": ("A circle", "A blue circle joins it on the right.")}

    def construct(self):
        self.beat("square")
        self.play(FadeIn(Square(2.5, color=RED, fill_opacity=1).shift(LEFT * 4)), run_time=0.6)
        self.wait(0.4)
        self.beat("circle")
        self.play(FadeIn(Circle(1.4, color=BLUE, fill_opacity=1).shift(RIGHT * 4)), run_time=0.6)
        self.wait(0.4)


class TinyWords(LectureScene):
    params_key = "sliding_filter"
    beats = (Beat("word"), Beat("triangle"))
    CHAPTER = "Tiny words"
    WORDS = {"word": ("A word", "One word appears at the top."),
             "triangle": ("A big triangle", "A big green triangle fills the middle.")}

    def construct(self):
        self.beat("word")
        self.play(FadeIn(label("weight sharing", 48).shift(UP * 2.5)), run_time=0.6)
        self.wait(0.4)
        self.beat("triangle")
        self.play(FadeIn(Triangle(color=GREEN, fill_opacity=1).scale(2.5).shift(LEFT * 0.5)),
                  run_time=0.6)
        self.wait(0.4)


class Broken(LectureScene):
    params_key = "sliding_filter"
    beats = (Beat("trouble"),)
    CHAPTER = "Broken"
    WORDS = {"trouble": ("Trouble", "This scene fails.")}

    def construct(self):
        self.beat("trouble")
        raise ValueError("deliberately broken test scene")


class TinyChapter(LectureScene):
    """One beat showing its number (a value the scene gives its script): twelve of them
    (Chapter1 ... Chapter12, each with its own part of the script) are a lecture of twelve
    chapters, for the chapter keys 10 and up."""
    params_key = "sliding_filter"
    number = 0

    def construct(self):
        self.beat("number", n=self.number)
        self.play(FadeIn(label(str(self.number), 96)), run_time=0.3)


for _n in range(1, 13):
    globals()[f"Chapter{_n}"] = type(f"Chapter{_n}", (TinyChapter,), {
        "number": _n, "beats": (Beat("number", values=("n",)),), "CHAPTER": f"Number {_n}",
        "WORDS": {"number": ("Number { $n }", "The number { $n }.")}, "__module__": __name__})
TWELVE = [globals()[f"Chapter{n}"] for n in range(1, 13)]
TINY = [TinyShapes, TinyWords]
TINY_BROKEN = [TinyShapes, Broken]
LECTURES = {"TINY": TINY, "TWELVE": TWELVE, "TINY_BROKEN": TINY_BROKEN}
HTML_NAME = "lecture.html"
NOTES = ["A red square appears on the left.", "A blue circle joins it on the right.",
         "One word appears at the top.", "A big green triangle fills the middle."]


@pytest.fixture(scope="module")
def scripts(tmp_path_factory) -> dict[str, Path]:
    """Each test lecture's script (its scenes' words), by the lecture's name in this module."""
    folder = tmp_path_factory.mktemp("scripts")
    return {name: write_script(folder / f"{name}.ftl", scenes) for name, scenes in LECTURES.items()}


def make_slides(media: Path, lecture: str, scripts: dict[str, Path], *args, **env) -> SimpleNamespace:
    """``python -m toolchain.slides`` (``make slides``) of ``tests.test_slides:<lecture>``, reading
    its script, run in this process (``buildkit.run_main``: the Manim server kept between runs)."""
    return run_main(slides.main, ["--quality", "l", "--lecture", f"tests.test_slides:{lecture}",
                                  "--media-dir", media, *args], {SCRIPT_ENV: str(scripts[lecture]), **env})


def silent(folder: Path) -> str:
    """A parameter file whose beats are timed from their text, not said (``voice = "none"``)."""
    params = folder / "silent.toml"
    params.write_text('[pace]\nvoice = "none"\n', encoding="utf-8")
    return str(params)


@pytest.fixture(scope="module")
def built(tmp_path_factory, scripts):
    media = tmp_path_factory.mktemp("slides") / "media"
    run = make_slides(media, "TINY", scripts)
    assert run.returncode == 0, run.stdout + run.stderr
    return media


@pytest.fixture(scope="module")
def twelve(tmp_path_factory, scripts):
    """Twelve one-beat chapters, for the chapter keys: silent (the voice is the tiny lecture's
    business; twelve sentences said are 13 s of CPU)."""
    folder = tmp_path_factory.mktemp("twelve")
    run = make_slides(folder / "media", "TWELVE", scripts, LECTURE_PARAMS=silent(folder))
    assert run.returncode == 0, run.stdout + run.stderr
    return folder / "media"


def chapter_title(scene: type, scripts: dict[str, Path], lecture: str = "TINY") -> str:
    """The scene's chapter title, as its lecture's script gives it."""
    return S.Script("en", scripts[lecture]).chapter(scene.script_name())


def notes_text(notes: str) -> str:
    """A slide's notes as read (reveal.js gives their HTML): tags dropped, entities decoded."""
    import html
    import re
    return html.unescape(re.sub(r"<[^>]+>", "", notes)).strip()


def where_line(n: int, chapters: int, title: str, k: int, beats: int) -> str:
    """The first line of a slide's notes, in English through the catalog: where am I."""
    from scenes import i18n
    return i18n.translations("en").gettext("Chapter {n} of {chapters}: {title} · beat {k} of {beats}").format(
        n=n, chapters=chapters, title=title, k=k, beats=beats)


def slide_files(media: Path) -> list[Path]:
    """The slide videos, in lecture order, as manim-slides recorded them."""
    out = []
    for scene in TINY:
        config = json.loads((media / "slides-render" / "l" / f"{scene.__name__}.json").read_text())
        out += [Path(s["file"]) for s in config["slides"]]
    return out


def asset_names(media: Path) -> list[str]:
    """What the presentation calls them: s<scene>_<video> (manim-slides' names, in lecture order)."""
    out = []
    for n, scene in enumerate(TINY):
        config = json.loads((media / "slides-render" / "l" / f"{scene.__name__}.json").read_text())
        out += [f"s{n}_{Path(s['file']).name}" for s in config["slides"]]
    return out


def last_frame(video: Path) -> np.ndarray:
    import av
    with av.open(str(video)) as c:
        *_, frame = c.decode(video=0)
        return frame.to_ndarray(format="rgb24")


def small(rgb: np.ndarray) -> np.ndarray:
    from PIL import Image
    return np.asarray(Image.fromarray(rgb[..., :3]).resize((160, 90), Image.BILINEAR), dtype=float)


def difference(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.abs(small(a) - small(b)).mean())


@pytest.fixture(scope="module")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: `make browser-deps` (run by `make test`) installs it")
    from playwright.sync_api import sync_playwright
    import tempfile
    with sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        context = p.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True, viewport=VIEW)
        yield context
        context.close()


VIDEO_STATE = """() => {
  const v = Reveal.getCurrentSlide().slideBackgroundContentElement.querySelector('video');
  return v && {t: v.currentTime, ready: v.readyState, error: v.error && v.error.code,
               ended: v.ended, paused: v.paused, src: decodeURIComponent(v.currentSrc),
               slide: Reveal.getIndices().h};
}"""


@pytest.fixture(scope="module")
def page(built, browser):
    requests = []
    browser.on("request", lambda r: requests.append(r.url))
    page = browser.pages[0] if browser.pages else browser.new_page()
    page.goto((built / "slides" / "lecture.html").as_uri())
    page.wait_for_function("window.Reveal && Reveal.isReady()")
    page.requests = requests
    return page


def wait_played(page, timeout=20.0) -> dict:
    """Wait until the current slide's video has played past its start; return its state."""
    deadline, first = time.time() + timeout, None
    while time.time() < deadline:
        state = page.evaluate(VIDEO_STATE)
        assert state is not None, "the slide has no video"
        assert state["error"] is None, f"media error {state['error']} on {state['src']}"
        if state["ready"] >= 3 and first is None:
            first = state["t"]
        if first is not None and (state["t"] > first + 0.2 or state["ended"]):
            return state
        time.sleep(0.1)
    raise AssertionError(f"the video never played: {state}")


def wait_ended(page, timeout=20.0):
    deadline = time.time() + timeout
    while not (state := page.evaluate(VIDEO_STATE))["ended"]:
        assert time.time() < deadline, f"the slide's video never reached its end: {state}"
        time.sleep(0.1)
    time.sleep(0.3)


def screenshot(page) -> np.ndarray:
    from io import BytesIO
    from PIL import Image
    return np.asarray(Image.open(BytesIO(page.screenshot())).convert("RGB"))


# ---- the tests ------------------------------------------------------------------------------
def test_walk_every_slide_in_order_offline(built, page, scripts, monkeypatch):
    """Right arrow walks every slide in lecture order; each video plays; notes are the
    narration; the first and last slides look like the scene; nothing leaves the machine."""
    files, names = slide_files(built), asset_names(built)
    assert len(files) == 4 == page.evaluate("Reveal.getTotalSlides()")
    shown_first = None
    for i, name in enumerate(names):
        assert page.evaluate("Reveal.getIndices().h") == i
        state = wait_played(page)
        assert Path(state["src"]).name == name, f"slide {i + 1} plays the wrong video"
        notes = page.evaluate("Reveal.getSlideNotes()")
        assert NOTES[i] in notes, f"slide {i + 1}'s notes: {notes!r}"
        where = where_line(i // 2 + 1, 2, chapter_title(TINY[i // 2], scripts), i % 2 + 1, 2)
        assert notes_text(notes).startswith(where), f"slide {i + 1}'s notes: {notes!r}"
        if i in (0, len(files) - 1):
            wait_ended(page)
            shot = screenshot(page)
            if i == 0:
                shown_first = shot
                Path(built / "first-slide.png").write_bytes(page.screenshot())
            else:
                Path(built / "last-slide.png").write_bytes(page.screenshot())
                shown_last = shot
        page.keyboard.press("ArrowRight")
        time.sleep(0.2)
    assert page.evaluate("Reveal.getIndices().h") == len(files) - 1, "moved past the last slide"

    # The first slide ends on its video's last frame; the last slide on the scene's last frame
    # (rendered on its own, without manim-slides); and the two are told apart.
    from tests.scenekit import render
    import tempfile
    first_frame = last_frame(files[0])
    monkeypatch.setenv(SCRIPT_ENV, str(scripts["TINY"]))
    with tempfile.TemporaryDirectory() as tmp:
        _, scene_last = render(TinyWords, Path(tmp))
    assert difference(shown_first, first_frame) < 6, difference(shown_first, first_frame)
    assert difference(shown_last, scene_last) < 6, difference(shown_last, scene_last)
    assert difference(shown_first, scene_last) > 15
    assert difference(shown_last, first_frame) > 15

    outside = [u for u in page.requests
               if not u.startswith(("file://", "data:", "blob:", "about:", "http://localhost",
                                    "http://127.0.0.1"))]
    assert page.requests and not outside, outside


def test_lecturer_keys(built, browser, page, scripts):
    """The keys the README promises: next/previous, replay, pause, chapter jump and list,
    overview, full screen, speaker notes (the speaker view shows the beat's narration)."""
    page.keyboard.press("1")
    assert page.evaluate("Reveal.getIndices().h") == 0
    page.keyboard.press("2")                       # chapter 2 starts at slide 3
    assert page.evaluate("Reveal.getIndices().h") == 2
    page.keyboard.press("ArrowLeft")
    assert page.evaluate("Reveal.getIndices().h") == 1
    page.keyboard.press("PageDown")
    assert page.evaluate("Reveal.getIndices().h") == 2
    page.keyboard.press("PageUp")
    assert page.evaluate("Reveal.getIndices().h") == 1
    wait_ended(page)
    page.keyboard.press("r")
    state = wait_played(page)
    assert not state["ended"] and state["t"] < 1.0, state
    paused = "Reveal.getCurrentSlide().slideBackgroundContentElement.querySelector('video').paused"
    page.keyboard.press("r")
    page.keyboard.press("Space")
    assert page.evaluate(paused) and not page.evaluate(VIDEO_STATE)["ended"]
    page.keyboard.press("Space")
    assert not page.evaluate(paused)
    page.keyboard.press("c")
    assert page.is_visible("#chapter-menu") and chapter_title(TinyWords, scripts) in page.inner_text("#chapter-menu")
    page.keyboard.press("c")
    assert not page.is_visible("#chapter-menu")
    page.keyboard.press("o")
    assert page.evaluate("Reveal.isOverview()")
    page.keyboard.press("o")
    assert not page.evaluate("Reveal.isOverview()")
    page.keyboard.press("o")                       # pick a slide in the overview
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    assert not page.evaluate("Reveal.isOverview()") and page.evaluate("Reveal.getIndices().h") == 2
    page.keyboard.press("Escape")
    assert page.evaluate("Reveal.isOverview()")
    page.keyboard.press("Escape")
    assert not page.evaluate("Reveal.isOverview()")
    page.keyboard.press("f")
    page.wait_for_function("document.fullscreenElement !== null", timeout=5000)
    page.evaluate("document.exitFullscreen()")
    expected = NOTES[page.evaluate("Reveal.getIndices().h")]
    with browser.expect_page(timeout=10000) as speaker:
        page.keyboard.press("s")
    view = speaker.value
    view.wait_for_load_state()
    view.wait_for_function(f"document.body.innerText.includes({expected!r})", timeout=10000)
    view.close()


def test_keys_pressed_in_quick_succession_leave_the_shown_slide_playing(built, browser):
    """Slides changed faster than their videos load (chapter 2, back, on, back: the lecturer's
    quick fingers): the shown slide's video plays. reveal.js alone left it paused on its first
    frame in 8 of 30 fresh pages; each try here is a fresh page."""
    stuck = []
    for _ in range(8):
        page = browser.new_page()
        page.goto((built / "slides" / HTML_NAME).as_uri())
        page.wait_for_function("window.Reveal && Reveal.isReady()")
        for key in ("2", "ArrowLeft", "PageDown", "PageUp"):
            page.keyboard.press(key)
        try:
            state = wait_played(page, timeout=5.0)
            assert state["slide"] == 1
        except AssertionError as e:
            stuck.append(str(e))
        page.close()
    assert not stuck, stuck


def test_the_page_s_own_words_come_from_page_words(built, browser, tmp_path):
    """The page's own words (the chapter menu, the keys' lines in reveal.js' help) are those
    ``page_words`` gives for the lecture's language: the page carries them, the keys' script
    writes none of its own, and a copy of the page given other words shows those instead."""
    words = page_words("en")
    page_html = (built / "slides" / HTML_NAME).read_text(encoding="utf-8")
    assert f"window.LECTURE_WORDS = {json.dumps(words)};" in page_html
    for key, english in words.items():
        assert f"words.{key}" in KEYS_JS, key
        assert english.split("{")[0].strip(" :;()") not in KEYS_JS, f"{english!r} written into KEYS_JS"

    def shown(folder: Path) -> tuple[str, str]:
        """(the chapter menu's text, reveal.js' help's text) of the page in ``folder``."""
        page = browser.new_page()
        try:
            page.goto((folder / HTML_NAME).as_uri())
            page.wait_for_function("window.Reveal && Reveal.isReady()")
            page.keyboard.press("c")
            menu = page.inner_text("#chapter-menu")
            page.keyboard.press("c")
            page.evaluate("Reveal.toggleHelp(true)")
            page.wait_for_selector(".r-overlay-help", timeout=5000)
            return menu, page.inner_text(".r-overlay-help")
        finally:
            page.close()

    def check(folder: Path, words: dict) -> None:
        menu, help_text = shown(folder)
        assert menu.startswith(f"{words['chapters']} ({words['press']})"), menu
        for line in (words["replay"], words["list"], words["jump"] + words["press"]):
            assert line.strip() in help_text, (line, help_text)

    check(built / "slides", words)
    other = {key: f"«{text}»" for key, text in words.items()}   # e.g. another language's
    copy = tmp_path / "slides"
    shutil.copytree(built / "slides", copy)
    (copy / HTML_NAME).write_text(page_html.replace(json.dumps(words), json.dumps(other)), encoding="utf-8")
    check(copy, other)


def test_chapters_10_and_up_by_their_two_digits(twelve, browser, scripts):
    """Twelve chapters of one slide each: a chapter's number typed (two digits within 0.8 s)
    jumps to it; "1" alone waits for a second digit, then goes to chapter 1; the list says how."""
    page = browser.new_page()
    page.goto((twelve / "slides" / "lecture.html").as_uri())
    page.wait_for_function("window.Reveal && Reveal.isReady()")
    at = "Reveal.getIndices().h + 1"                 # one slide per chapter: slide n is chapter n
    page.keyboard.press("c")
    menu = page.inner_text("#chapter-menu")
    titles = [chapter_title(scene, scripts, "TWELVE") for scene in TWELVE]
    assert page.locator("#chapter-menu li").all_inner_texts() == titles == [f"Number {n}" for n in range(1, 13)]
    assert page_words("en")["type"].replace("{last}", "12") in menu, menu
    for number in ("12", "10", "11", "3", "13", "9", "12"):      # "13": no such chapter, so 3
        page.keyboard.type(number)                   # one key after the other, as typed
        want = 3 if number == "13" else int(number)
        page.wait_for_function(f"{at} === {want}", timeout=3000)
        assert not page.is_visible("#chapter-menu")
        notes = notes_text(page.evaluate("Reveal.getSlideNotes()"))
        assert notes.startswith(where_line(want, 12, f"Number {want}", 1, 1)), notes
        assert f"Number {want}\n" in notes and f"The number {want}." in notes, notes   # the beat's values
    page.keyboard.press("1")                         # could be 10, 11 or 12: wait for the next
    time.sleep(0.3)
    assert page.evaluate(at) == 12
    page.wait_for_function(f"{at} === 1", timeout=3000)
    page.keyboard.press("5")
    page.keyboard.press("0")                         # 50 is no chapter; 0 alone is none either
    time.sleep(1.0)
    assert page.evaluate(at) == 5
    page.keyboard.press("1")                         # too slow for 12: chapter 1, then 2
    time.sleep(1.0)
    assert page.evaluate(at) == 1
    page.keyboard.press("2")
    assert page.evaluate(at) == 2
    page.close()


class RecordingHandler(SimpleHTTPRequestHandler):
    """``python -m http.server``'s handler, noting (path, status) of every request it answers."""
    answered: list = []

    def log_request(self, code="-", size="-"):
        self.answered.append((self.path, int(code)))

    def log_message(self, *args):
        pass


def test_over_http_no_request_fails(built, browser):
    """Served as the README says (``python -m http.server -d media/slides``): loading the page,
    walking every slide and jumping to a chapter, no request fails or gets a 4xx/5xx (before
    the page had an icon of its own, the browser asked for /favicon.ico: 404)."""
    answered = RecordingHandler.answered = []
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 partial(RecordingHandler, directory=str(built / "slides")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    page = browser.new_page()
    failed = []
    page.on("requestfailed", lambda r: failed.append((r.url, r.failure)))
    page.on("response", lambda r: r.status >= 400 and failed.append((r.url, r.status)))
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/{HTML_NAME}")
        page.wait_for_function("window.Reveal && Reveal.isReady()")
        for _ in range(len(NOTES)):
            wait_played(page)
            page.keyboard.press("ArrowRight")
        page.keyboard.press("c")
        page.keyboard.press("1")
        wait_played(page)
        time.sleep(1.0)                              # let the browser ask for what it asks for
    finally:
        page.close()
        server.shutdown()
        server.server_close()
    assert any(path.endswith(HTML_NAME) for path, _ in answered), answered
    errors = [(path, code) for path, code in answered if code >= 400]
    assert not failed and not errors, (failed, errors)


def test_a_rebuild_with_nothing_changed_rewrites_nothing(built, scripts):
    """Nothing changed: the same bytes (lecture.pdf, lecture.html, every asset), and the very same
    files (same inode, same modification time) - a copy or a sync has nothing to do."""
    def state():
        return {p.relative_to(built / "slides"): (p.read_bytes(), p.stat().st_ino, p.stat().st_mtime_ns)
                for p in (built / "slides").rglob("*") if p.is_file()}
    before = state()
    time.sleep(1.1)                                  # a date in the files would now differ
    run = make_slides(built, "TINY", scripts)
    assert run.returncode == 0, run.stdout + run.stderr
    after = state()
    for name in (Path("lecture.pdf"), Path(HTML_NAME)):
        assert after[name][0] == before[name][0], f"{name} differs after a rebuild"
    assert after.keys() == before.keys()
    changed = [str(p) for p in before if after[p] != before[p]]
    assert not changed, f"rewritten though unchanged: {changed}"


def test_pdf_has_one_page_per_slide(built):
    from pypdf import PdfReader
    assert len(PdfReader(built / "slides" / "lecture.pdf").pages) == len(slide_files(built)) == 4


def test_a_failing_scene_leaves_the_last_presentation(built, scripts):
    before = {p.relative_to(built): p.read_bytes() for p in (built / "slides").rglob("*") if p.is_file()}
    run = make_slides(built, "TINY_BROKEN", scripts)
    assert run.returncode == 1, run.stdout + run.stderr
    errors = run.stderr.strip().splitlines()
    assert len(errors) == 1 and "Broken" in errors[0] and "deliberately broken" in errors[0], errors
    after = {p.relative_to(built): p.read_bytes() for p in (built / "slides").rglob("*") if p.is_file()}
    assert after == before
    assert not list(built.glob(".slides*")), "a temporary folder was left behind"


def test_a_page_that_would_go_online_is_refused():
    from toolchain.slides import offline_html
    local = '<link href="lecture_assets/reveal.js/dist/reveal.css"></body>'
    assert "LECTURE_CHAPTERS" in offline_html(local, [])
    for remote in ('<script src="https://cdn.jsdelivr.net/npm/reveal.js"></script></body>',
                   "<link rel=stylesheet href='//unpkg.com/x.css'></body>"):
        with pytest.raises(RuntimeError, match="offline"):
            offline_html(remote, [])


def test_notes_are_the_narration_escaped_for_html():
    from scenes.slides import beat_notes
    assert beat_notes("Sum <up>", "a < b  and\nc") == "### Sum &lt;up&gt;\n\na &lt; b and c"


SPANISH_TINY = """\
TinyShapes = Formas mínimas
TinyShapes-square =
    Aparece un cuadrado rojo a la izquierda.
    .title = Un cuadrado
TinyShapes-circle =
    Un círculo azul se une a la derecha.
    .title = Un círculo

TinyWords = Palabras mínimas
TinyWords-word =
    Aparece una palabra arriba.
    .title = Una palabra
TinyWords-triangle =
    Un gran triángulo verde llena el centro.
    .title = Un triángulo
"""


def test_slides_in_spanish_go_beside_the_english_with_spanish_notes(tmp_path):
    """make slides LECTURE_LANG=es: media/slides-es/, each slide's notes the Spanish beat with
    the where-line from the Spanish catalog; nothing English in the notes."""
    import html
    from scenes import i18n
    script = tmp_path / "es.ftl"
    script.write_text(SPANISH_TINY, encoding="utf-8")
    media = tmp_path / "media"
    # the words are what is checked here: beats timed from their text, not said (the Spanish
    # voice takes 2 s a sentence; tests/test_language_build.py hears it)
    run = make_slides(media, "TINY", {"TINY": script}, "--language", "es", LECTURE_PARAMS=silent(tmp_path))
    assert run.returncode == 0, run.stdout + run.stderr
    assert not (media / "slides").exists()
    page = html.unescape((media / "slides-es" / HTML_NAME).read_text(encoding="utf-8"))
    for said in ("Aparece un cuadrado rojo a la izquierda.", "Un gran triángulo verde llena el centro."):
        assert said in page
    assert not any(english in page for english in NOTES)
    where = i18n.translations("es").gettext("Chapter {n} of {chapters}: {title} · beat {k} of {beats}")
    assert where != "Chapter {n} of {chapters}: {title} · beat {k} of {beats}"
    assert where.format(n=2, chapters=2, title="Palabras mínimas", k=1, beats=2) in page
