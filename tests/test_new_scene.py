"""CONTRIBUTING.md, followed to the letter: a new scene is its own file, its own test file and
one line of the lecture order, and nothing else; it then builds with the real lecture build.

The scene file and its test file are written to a temporary folder (standing for
``scenes/content/`` and ``tests/``); the lecture-order line is simulated by building the lecture
list with the scene appended, as ``scenes/lecture.py`` would with one more line in ``ORDER``.
"""
from __future__ import annotations

import re
import subprocess
import textwrap
from pathlib import Path

import av
import srt

from scenes.lecture import ORDER, lecture

LECTURE = list(lecture())
from toolchain import build
from tests.buildkit import load_module

ROOT = Path(__file__).resolve().parents[1]

# Step 1 of CONTRIBUTING.md, as it stands there (only the names changed).
SCENE_FILE = '''
from manim import FadeIn

from scenes.base import LectureScene
from scenes.visual import palette as P
from scenes.visual.mobjects import FilterBank, label, place


class NewScene(LectureScene):
    params_key = "new_scene"
    chapter = "A scene added by following the contributor's page"
    limits = ()

    def construct(self):
        self.trace = self.layer.trace()
        self.show_filter()

    def show_filter(self):
        self.beat("The filter", "Here is the filter: every weight has its own colour.")
        self.filters = FilterBank(self.trace, P.weight_colors(self.trace), cell_size=0.6)
        self.play(FadeIn(self.filters), run_time=1)
'''

# Step 5: its test file, as CONTRIBUTING.md shows it.
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


def test_the_page_shows_the_scene_and_test_this_test_follows():
    page = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "(CONTRIBUTING.md)" in (ROOT / "README.md").read_text(encoding="utf-8")  # linked
    py = [textwrap.dedent(b) for b in code_blocks(page, "python")]
    scene = py[0].replace("MyScene", "NewScene").replace('"my_scene"', '"new_scene"')
    scene = re.sub(r"chapter = .*", 'chapter = "A scene added by following the contributor\'s page"', scene)
    strip = lambda s: [l.split("#")[0].rstrip() for l in s.strip().splitlines() if l.split("#")[0].strip()]
    assert strip(scene) == strip(SCENE_FILE)
    assert '"my_scene:MyScene",' in page and "[scenes.my_scene]" in page


def test_a_new_scene_is_its_file_its_test_and_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("LECTURE_PARAMS", raising=False)
    content, tests = tmp_path / "content", tmp_path / "tests"
    content.mkdir(), tests.mkdir()
    (content / "new_scene.py").write_text(SCENE_FILE)
    (tests / "test_scene_new_scene.py").write_text(TEST_FILE)
    scene_cls = load_module(content / "new_scene.py").NewScene

    # its test passes (run here, with the scene class handed in)
    load_module(tests / "test_scene_new_scene.py").test_every_weight_in_its_colour(scene_cls, tmp_path / "t")

    # one line of the lecture order: the lecture list with it appended
    lecture = LECTURE + [scene_cls]
    assert len(lecture) == len(ORDER) + 1
    media = tmp_path / "media"
    rc = build.main(["-q", "l", "--scenes", "NewScene", "--media-dir", str(media)], lecture=lecture)
    out = capsys.readouterr().out
    assert rc == 0, out
    stem = f"{len(lecture):02d}_NewScene"
    assert f"[1/1] NewScene ... rendered in" in out
    draft = media / "drafts" / "ql-lecture"
    assert {p.name for p in draft.iterdir()} == {f"{stem}{e}" for e in (".mp4", ".srt", ".vtt", ".png", ".gif")} | {
        "lecture.mp4", "lecture.srt", "lecture.vtt", "chapters.txt", "script.md"}
    with av.open(str(draft / f"{stem}.mp4")) as c:
        assert c.streams.video[0].codec_context.height == 480
        frames = sum(1 for _ in c.decode(video=0))
        assert c.streams.audio, "narrated"
        # its 1 s animation (15 frames at 15 fps), held until its beat's narration is said
        assert frames >= 15 and frames / 15 >= float(c.streams.audio[0].duration * c.streams.audio[0].time_base) - 0.2
    subs = list(srt.parse((draft / f"{stem}.srt").read_text()))
    assert [" ".join(s.content.split()) for s in subs] == ["Here is the filter: every weight has its own colour."]  # one cue, on up to two lines
    assert (draft / "chapters.txt").read_text() == "0:00 A scene added by following the contributor's page\n"

    # nothing else of the repository was touched
    status = subprocess.run(["git", "status", "--porcelain", "--", "scenes", "cnncore"], cwd=ROOT,
                            capture_output=True, text=True).stdout
    assert "new_scene" not in status
