"""CONTRIBUTING.md, followed to the letter: a new scene is its own file, its section of the
script, its own test file and one line of the lecture order (and the catalogs' template that
``make catalog`` writes), and nothing else; it then builds with the real lecture build.

The scene file and its test file are written to a temporary folder (standing for
``scenes/content/`` and ``tests/``); its section of the script is added to a copy of
``scenes/script/en.ftl`` that the renders read instead (``LECTURE_SCRIPT``); ``make catalog``'s
extraction is run as the Makefile writes it, on the new scene's folder, into a temporary
template; the lecture-order line is simulated by building the lecture list with the scene
appended, as ``scenes/lecture.py`` would with one more line in ``ORDER``.
"""
from __future__ import annotations

import re
import shlex
import subprocess
import sys
import textwrap
from pathlib import Path

import av
import srt
from babel.messages.pofile import read_po

from scenes.base import lecture_params
from scenes.lecture import ORDER, lecture
from scenes.narration import script as S
from tests.buildkit import load_module
from toolchain import build

LECTURE = list(lecture())
ROOT = Path(__file__).resolve().parents[1]
CHAPTER = "A scene added by following the contributor's page"

# Step 1 of CONTRIBUTING.md, as it stands there (only the names changed).
SCENE_FILE = '''
from manim import FadeIn

from scenes.base import Beat, LectureScene
from scenes.i18n import _
from scenes.visual import palette as P
from scenes.visual.layout import title
from scenes.visual.mobjects import FilterBank, place


class NewScene(LectureScene):
    params_key = "new_scene"
    beats = (Beat("the-filter", values=("weights",), marks=("colours",)),)
    limits = ()

    def construct(self):
        self.trace = self.layer.trace()
        self.show_filter()

    def show_filter(self):
        self.beat("the-filter", weights=self.trace.n_weights)
        self.add(title(_("One filter, its own colours")))
        self.filters = place(FilterBank(self.trace, P.weight_colors(self.trace), cell_size=0.6),
                             -6.9, 6.9, 3.2, -3.9)   # the frame below the title
        self.play(FadeIn(self.filters), run_time=1)
        self.until_mark("colours")
        self.point_at(self.filters)
'''

# Step 2: its section of the script, as the page shows it (only the names and chapter changed).
SCRIPT_SECTION = f'''
## 13. NewScene

NewScene = {CHAPTER}

NewScene-the-filter =
    Here is the filter: {{ $weights }} weights.
    <mark name="colours"/>Every weight has its own colour.
    .title = The filter
'''

# Step 6: its test file, as CONTRIBUTING.md shows it.
TEST_FILE = '''
from scenes.visual import palette as P
from tests.scenekit import assert_legible, render


def test_every_weight_in_its_colour(scene_cls, tmp_path):
    scene, frame = render(scene_cls, tmp_path)
    colors = P.weight_colors(scene.trace)
    for wid in range(scene.trace.n_weights):
        assert scene.filters.weight_cell(wid).get_fill_color().to_hex().upper() == colors[wid].upper()
    assert_legible(scene)
'''


def code_blocks(page: str, lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", page, flags=re.S)


def renamed(text: str) -> str:
    return text.replace("MyScene", "NewScene").replace("my_scene", "new_scene")


def lines(s: str) -> list[str]:
    """The lines of ``s`` that say something (comments and blank lines dropped, right-trimmed)."""
    return [l.split("#")[0].rstrip() for l in s.strip().splitlines() if l.split("#")[0].strip()]


def catalog_extract(sources: Path, template: Path) -> list[str]:
    """``make catalog``'s extraction (the Makefile's own command line), run on ``sources`` into
    ``template`` instead of on the project into ``scenes/locale/lecture.pot``."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8").replace("\\\n", " ")
    recipe = makefile.split("\ncatalog:", 1)[1]
    command = next(l for l in recipe.splitlines() if "extract" in l).strip()
    assert command.endswith("-o scenes/locale/lecture.pot scenes toolchain"), command
    command = command[: -len("-o scenes/locale/lecture.pot scenes toolchain")]
    babel = Path(sys.executable).with_name("pybabel")
    argv = [str(babel)] + shlex.split(command.replace("$(BABEL)", "", 1)) + ["-o", str(template), str(sources)]
    subprocess.run(argv, cwd=ROOT, check=True, capture_output=True, text=True)
    with open(template, "rb") as f:
        return [m.id for m in read_po(f) if m.id]


def test_the_page_shows_the_scene_script_and_test_this_test_follows():
    page = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "(CONTRIBUTING.md)" in (ROOT / "README.md").read_text(encoding="utf-8")  # linked
    py = [textwrap.dedent(b) for b in code_blocks(page, "python")]
    assert lines(renamed(py[0])) == lines(SCENE_FILE)
    ftl = [textwrap.dedent(b) for b in code_blocks(page, "ftl")]
    section = re.sub(r"(?m)^NewScene = .*$", f"NewScene = {CHAPTER}", renamed(ftl[0]))
    assert section.strip() == SCRIPT_SECTION.strip()
    assert '"my_scene:MyScene",' in page and "[scenes.my_scene]" in page
    assert "scenes/script/en.ftl" in page and "make catalog" in page
    # the page's scene uses the new vocabulary, and none of the old
    for old in ("chapter =", "until_said", "said=", 'self.beat("The filter"'):
        assert old not in page, old


def test_a_new_scene_is_its_file_its_words_its_test_and_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("LECTURE_PARAMS", raising=False)
    monkeypatch.delenv(S.LANG_ENV, raising=False)
    real_script = S.SCRIPT_DIR / "en.ftl"
    script_before = real_script.read_bytes()
    content, tests = tmp_path / "content", tmp_path / "tests"
    content.mkdir(), tests.mkdir()

    # step 1: its file
    (content / "new_scene.py").write_text(SCENE_FILE)
    scene_cls = load_module(content / "new_scene.py").NewScene
    # step 2: its section of the script (in a copy the renders read), then make catalog
    script = tmp_path / "en.ftl"
    script.write_text(real_script.read_text(encoding="utf-8").rstrip("\n") + "\n" + SCRIPT_SECTION,
                      encoding="utf-8")
    monkeypatch.setenv(S.SCRIPT_ENV, str(script))
    assert "One filter, its own colours" in catalog_extract(content, tmp_path / "lecture.pot")
    # step 3: one line of the lecture order: the lecture list with it appended
    lecture = LECTURE + [scene_cls]
    assert len(lecture) == len(ORDER) + 1
    assert S.Script("en", script).problems(lecture) == []   # the script fits the lecture, and the scene
    # step 6: its test file, and its test passes (run here, with the scene class handed in)
    (tests / "test_scene_new_scene.py").write_text(TEST_FILE)
    load_module(tests / "test_scene_new_scene.py").test_every_weight_in_its_colour(scene_cls, tmp_path / "t")

    media = tmp_path / "media"
    rc = build.main(["-q", "l", "--scenes", "NewScene", "--media-dir", str(media)], lecture=lecture)
    out = capsys.readouterr().out
    assert rc == 0, out
    stem = f"{len(lecture):02d}_NewScene"
    assert "[1/1] NewScene ... rendered in" in out
    draft = media / "drafts" / "ql-lecture"
    assert {p.name for p in draft.iterdir()} == {f"{stem}{e}" for e in (".mp4", ".srt", ".vtt", ".png", ".gif")} | {
        "lecture.mp4", "lecture.srt", "lecture.vtt", "chapters.txt", "script.md"}
    with av.open(str(draft / f"{stem}.mp4")) as c:
        assert c.streams.video[0].codec_context.height == 480
        frames = sum(1 for _ in c.decode(video=0))
        assert c.streams.audio, "narrated"
        # its animations (1 s, then the gesture's 0.5 + 1 + 0.4 s; 15 fps), held until its
        # beat's narration is said
        audio = float(c.streams.audio[0].duration * c.streams.audio[0].time_base)
        assert frames >= 2.9 * 15 and frames / 15 >= audio - 0.2
    # the captions say the script's words, its value filled in from the layer, its mark unsaid
    weights = lecture_params().layer("new_scene").trace().n_weights
    said = f"Here is the filter: {weights} weights. Every weight has its own colour."
    subs = list(srt.parse((draft / f"{stem}.srt").read_text()))
    assert " ".join(" ".join(s.content.split()) for s in subs) == said
    assert "mark" not in (draft / f"{stem}.srt").read_text()
    assert (draft / "chapters.txt").read_text() == f"0:00 {CHAPTER}\n"
    assert said in (draft / "script.md").read_text(encoding="utf-8")

    # nothing else of the repository was touched
    status = subprocess.run(["git", "status", "--porcelain", "--", "scenes", "cnncore"], cwd=ROOT,
                            capture_output=True, text=True).stdout
    assert "new_scene" not in status
    assert real_script.read_bytes() == script_before
