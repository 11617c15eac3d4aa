"""The lecturer's words are data: no narration in the scene files, every on-screen phrase through
the translations, every shipped script and catalog complete and right.

* Scene and visual modules hold no prose outside ``_()``, ``ngettext()`` and ``N_()`` (a string
  of two or more words; docstrings, error messages and font names aside).
* Every scene declares its beats, and every script (``scenes/script/<language>.ftl``) fits them:
  no beat, mark or placeholder missing or unused (``Script.problems``), and each check can fail.
* The catalogs' template holds exactly the phrases the code marks, and every shipped language
  translates all of them with the same placeholders.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from scenes import i18n
from scenes.lecture import lecture
from scenes.narration import script as S

ROOT = Path(__file__).resolve().parents[1]
SCANNED = [*sorted((ROOT / "scenes" / "content").glob("*.py")), *sorted((ROOT / "scenes" / "visual").glob("*.py")),
           ROOT / "scenes" / "base.py"]
NOT_SCANNED = {"palette_search.py"}   # a developer's command: prints measurements, draws nothing
TRANSLATING = {"_", "N_", "ngettext"}
QUIET = {"exit_with", "ValueError", "TypeError", "RuntimeError", "AssertionError", "KeyError", "IndexError",
         "ParamError", "ScriptError", "NarrationError", "GeometryError", "Limit", "Setting", "print",
         "checkpoint", "look_at", "stop_at", "__init__"}   # errors (an exception's super().__init__) and
                                                           # checkpoints' names: not on screen
ALLOWED = {"DejaVu Sans", "DejaVu Sans Mono"}   # font names
PROSE = re.compile(r"[A-Za-z]{2,}[,:;]?\s+[A-Za-z]{2,}")
KEYWORDS = ["_", "N_", ("ngettext", (1, 2))]


def prose_in(source: str) -> list[str]:
    """String constants of ``source`` that read as prose and are neither translated, nor a
    docstring, nor an error message."""
    tree = ast.parse(source)
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                skip.add(id(body[0].value))
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name in TRANSLATING or name in QUIET:
                skip.update(id(n) for arg in [*node.args, *[k.value for k in node.keywords]] for n in ast.walk(arg))
        if isinstance(node, ast.FunctionDef) and ("checkpoint" in node.name or node.name.startswith("check_")):
            # a checkpoint's name; a check's findings for tests (layout.check_label)
            skip.update(id(n) for n in ast.walk(node))
        if isinstance(node, (ast.Raise, ast.Assert)):
            skip.update(id(n) for n in ast.walk(node))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            if PROSE.search(node.value) and node.value not in ALLOWED:
                found.append(f"{node.lineno}: {node.value[:60]!r}")
    return found


def test_no_prose_outside_the_translations():
    found = {}
    for path in SCANNED:
        if path.name in NOT_SCANNED:
            continue
        hits = prose_in(path.read_text(encoding="utf-8"))
        if hits:
            found[str(path.relative_to(ROOT))] = hits
    assert not found, f"words on screen or in the narration must come from the script or _(): {found}"


@pytest.mark.parametrize("source, caught", [
    ('self.beat("Sliding", "Slide the filter one cell at a time.")', True),
    ('label(f"{n} colours on the whole input", 22)', True),
    ('label(_("{n} colours on the whole input").format(n=n), 22)', False),
    ('x = N_("locally connected")', False),
    ('raise ValueError(f"{path}: not a valid file")', False),
    ('label("w0[:,:,0]", 20); label("o(0,1,0)", 20)', False),
    ('def f():\n    """A docstring of words."""', False),
])
def test_the_prose_check_sees_prose(source, caught):
    assert bool(prose_in(source)) == caught


# ---- the scripts ---------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", S.languages())
def test_every_script_fits_the_scenes(lang):
    assert S.Script(lang).problems(lecture()) == []


def test_every_scene_declares_its_beats_and_has_a_chapter():
    english = S.Script("en")
    for scene in lecture():
        assert scene.beats, scene.__name__
        keys = [b.key for b in scene.beats]
        assert len(keys) == len(set(keys)), scene.__name__
        assert english.chapter(scene.__name__)


@pytest.mark.parametrize("edit, expected", [
    (lambda t: t.replace('<mark name="colours"/>', "", 1), 'SlidingFilter-one-filter: lacks the mark <mark name="colours"/>'),
    (lambda t: t.replace("{ $rows }", "three", 1), "SlidingFilter-one-filter: lacks the placeholder { $rows }"),
    (lambda t: t.replace("{ $rows }", "{ $rows } { $size }", 1), "SlidingFilter-one-filter: uses the placeholder { $size }"),
    (lambda t: t.replace("Lay the filter", '<mark name="extra"/>Lay the filter', 1), 'SlidingFilter-lands: has the mark <mark name="extra"/>'),
    (lambda t: t.replace("SlidingFilter-slide =", "SlidingFilter-glide =", 1), "SlidingFilter-slide: missing"),
    (lambda t: t + "\nSlidingFilter-coda = A beat nobody plays.\n    .title = Coda\n", "SlidingFilter-coda: no scene has this beat"),
    (lambda t: t.replace("    .title = Sliding\n", "", 1), "SlidingFilter-slide: lacks its .title"),
    (lambda t: t.replace("SlidingFilter-slide =", "SlidingFilter-slide = {", 1), "line "),
])
def test_a_script_that_does_not_fit_is_refused_in_one_line_each(tmp_path, edit, expected):
    path = tmp_path / "en.ftl"
    path.write_text(edit(S.script_path("en").read_text(encoding="utf-8")), encoding="utf-8")
    problems = S.Script("en", path).problems(lecture())
    assert problems and all("\n" not in p and p.startswith(str(path)) for p in problems)
    assert any(expected in p for p in problems), problems


def test_an_unknown_language_is_refused_in_one_line(monkeypatch):
    monkeypatch.setenv(S.LANG_ENV, "xx")
    with pytest.raises(S.ScriptError) as e:
        S.load()
    assert "LECTURE_LANG=xx" in str(e.value) and "\n" not in str(e.value)


def test_marks_are_where_the_words_after_them_begin():
    plain, marks = S.strip_marks('One.  <mark name="a"/>Two <mark name="b"/>three\n   four.<mark name="c"/>')
    assert plain == "One. Two three four."
    assert [plain[marks[k]:] for k in "abc"] == ["Two three four.", "three four.", ""]


# ---- the catalogs ----------------------------------------------------------------------------------

def marked_phrases() -> set:
    found = set()
    for path in [*sorted((ROOT / "scenes").rglob("*.py")), *sorted((ROOT / "toolchain").rglob("*.py"))]:
        for _, message, _, _ in extract_from_file("python", str(path), keywords={"_": None, "N_": None,
                                                                                 "ngettext": (1, 2)}):
            found.add(message)
    return found


def test_the_template_holds_exactly_the_marked_phrases():
    with open(i18n.TEMPLATE, "rb") as f:
        template = {m.id for m in read_po(f) if m.id}
    assert template == marked_phrases(), "run make catalog"


@pytest.mark.parametrize("lang", [p.parent.parent.name for p in sorted(i18n.LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))])
def test_every_catalog_is_complete_and_keeps_the_placeholders(lang):
    assert i18n.catalog_problems(lang) == []


def test_a_broken_catalog_is_refused_in_one_line(tmp_path, monkeypatch):
    (tmp_path / "xx" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "xx" / "LC_MESSAGES" / "lecture.po").write_text('msgid "a"\nmsgstr "b"\nfoo bar\n', encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    problems = i18n.catalog_problems("xx")
    assert len(problems) == 1 and "not a gettext catalog" in problems[0] and "\n" not in problems[0]
