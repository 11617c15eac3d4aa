"""The lecturer's and the students' documents of an exercise batch (issue #27), read back with
other libraries than those that wrote them and checked against the core
(``cnncore.exercises``): each student's one-page sheet.pdf (pypdf: their layer's every number,
their questions), key.csv (csv), key.pdf (pypdf) and the QTI quiz (zipfile and ElementTree: one
numerical question per student and exercise, titled with the id, the exact answer).

No video is rendered here (``write_documents`` is what the command runs after the renders).
"""
from __future__ import annotations

import csv
import html
import io
import re
import zipfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pypdf import PdfReader

from cnncore import exercises as E
from toolchain.exercises import key, sheets
from toolchain.exercises.__main__ import write_documents

SECRET = "a course secret"
STUDENTS = ("s001", "ana.garcia", "b_2@x")


def plan_of(students, names=E.NAMES, secret=SECRET):
    return [(s, [E.exercise(n, E.student_seed(secret, s)) for n in names]) for s in students]


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    out = tmp_path_factory.mktemp("course") / "exercises" / "demo"
    plan = plan_of(STUDENTS)
    assert write_documents(out, out / ".batch", plan, "demo", "l")
    return out, plan


def text_of(pdf: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(str(pdf)).pages]


def flat(text: str) -> str:
    return " ".join(text.split())


def grid_after(lines: list[str], caption: str, start: int = 0) -> tuple[list[list[int]], int]:
    """The numbers of the grid captioned ``caption`` (its first at or after line ``start``), as
    the sheet lays them out: a caption, the column numbers, then per row its number and values."""
    at = lines.index(caption, start)
    cols = [int(v) for v in lines[at + 1].split()]
    rows, n = [], at + 2
    while n < len(lines) and re.fullmatch(r"-?\d+( -?\d+)+", lines[n]) and len(lines[n].split()) == len(cols) + 1:
        first, *values = (int(v) for v in lines[n].split())
        assert first == len(rows), f"{caption}: row {len(rows)} numbered {first}"
        rows.append(values)
        n += 1
    assert cols == list(range(len(cols)))
    return rows, n


def check_sheet(path: Path, student: str, exercises) -> None:
    pages = text_of(path)
    assert len(pages) == 1, f"{path}: {len(pages)} pages"
    lines = [line.strip() for line in pages[0].splitlines()]
    assert f"Student {student}" in pages[0]
    n = 0
    for ex, _ in sheets.layer_groups(exercises):
        t = ex.trace()
        for caption, grid in sheets.grids_of(ex):
            values, n = grid_after(lines, caption, n)
            assert values == grid.astype(int).tolist(), f"{student}: {caption} reads {values}"
        assert flat(", ".join(f"b{k} = {int(b)}" for k, b in enumerate(t.bias_values))) in flat(pages[0])
    for ex in exercises:
        assert flat(ex.question) in flat(pages[0]), f"{student}: question of {ex.name} missing"
        up = ex.upstream()
        if up is not None:   # the upstream gradient of the sheet's one weight-gradient question
            for k in range(up.shape[0]):
                values, _ = grid_after(lines, f"dL/do[:,:,{k}]")
                assert values == up[k].astype(int).tolist()


def test_every_sheet_is_one_page_with_the_students_own_numbers(course):
    out, plan = course
    for student, exercises in plan:
        check_sheet(out / student / "sheet.pdf", student, exercises)


def test_the_sheet_check_sees_a_wrong_number(course, tmp_path, monkeypatch):
    """Sabotage: a sheet that shows one input number wrong fails the check."""
    student, exercises = course[1][0]
    real = sheets.grids_of

    def one_wrong(ex):
        grids = real(ex)
        caption, g = grids[0]
        g = g.copy()
        g[0, 0] += 1
        return [(caption, g)] + grids[1:]

    monkeypatch.setattr(sheets, "grids_of", one_wrong)
    sheets.write_sheet(tmp_path / "sheet.pdf", student, "demo", exercises)
    monkeypatch.setattr(sheets, "grids_of", real)
    with pytest.raises(AssertionError):
        check_sheet(tmp_path / "sheet.pdf", student, exercises)


def test_the_largest_layers_still_fit_one_page(tmp_path):
    """Each exercise at the largest layer the core draws (the most numbers on the page),
    three different layers on one sheet."""
    def size(ex):
        L = ex.layer
        return L["channels"] * (L["input_size"] ** 2 + L["filters"] * L["kernel_size"] ** 2)

    drawn = [ex for n in range(300) for ex in plan_of([f"s{n}"])[0][1]]
    exercises = []
    for name in E.NAMES:   # each from another student: three layers to draw
        exercises.append(max((ex for ex in drawn if ex.name == name and ex.seed not in {e.seed for e in exercises}),
                             key=size))
    assert len({(ex.seed, str(ex.layer)) for ex in exercises}) == 3
    assert max(size(ex) for ex in exercises) == 2 * (25 + 2 * 9)
    sheets.write_sheet(tmp_path / "sheet.pdf", "s_largest", "demo", exercises)
    check_sheet(tmp_path / "sheet.pdf", "s_largest", exercises)


def test_key_csv_holds_the_cores_answers_and_working(course):
    out, plan = course
    rows = list(csv.DictReader(io.StringIO((out / "key.csv").read_text(encoding="utf-8"), newline="")))
    assert [(r["student"], r["exercise"]) for r in rows] == [(s, ex.name) for s, exs in plan for ex in exs]
    for r in rows:
        ex = E.exercise(r["exercise"], E.student_seed(SECRET, r["student"]))
        assert int(r["answer"]) == ex.answer
        assert r["working"].split(" | ") == list(ex.working)
        assert r["question"] == ex.question
        assert E.exercise(r["exercise"], int(r["seed"])) == ex   # the seed the layer was drawn from
        assert r["video"] == f"{r['student']}/{r['exercise']}.mp4"


def test_key_pdf_lists_every_answer_in_roster_order(course):
    out, plan = course
    text = flat(" ".join(text_of(out / "key.pdf")))
    found = re.findall(r"Student (\S+)|(output-cell|weight-reach|weight-gradient): answer (-?\d+)", text)
    got, student = [], None
    for s, name, answer in found:
        if s:
            student = s
        else:
            got.append((student, name, int(answer)))
    assert got == [(s, ex.name, ex.answer) for s, exs in plan for ex in exs]
    for _, exs in plan:
        for ex in exs:
            assert flat(ex.working[-1]) in text


def qti_items(path: Path) -> list[tuple[str, str, list[str]]]:
    """(title, question text, the exact values marked correct) of every item of a QTI package."""
    ns = {"q": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"}
    with zipfile.ZipFile(path) as z:
        assert "imsmanifest.xml" in z.namelist()
        (name,) = [n for n in z.namelist() if n.endswith(".xml") and "/" in n and not n.endswith("assessment_meta.xml")]
        root = ET.fromstring(z.read(name))
    items = []
    for item in root.iterfind(".//q:item", ns):
        html = item.find(".//q:mattext", ns).text
        exact = [v.text for v in item.iterfind(".//q:varequal", ns)]
        kind = [f.find("q:fieldentry", ns).text for f in item.iterfind(".//q:qtimetadatafield", ns)
                if f.find("q:fieldlabel", ns).text == "question_type"]
        assert kind == ["numerical_question"]
        items.append((item.get("title"), re.sub(r"<[^>]+>", "", html), exact))
    return items


def test_the_qti_quiz_has_one_question_per_student_and_exercise(course):
    out, plan = course
    items = qti_items(out / key.QTI_NAME)
    assert [t for t, _, _ in items] == [f"{s}: {ex.name}" for s, exs in plan for ex in exs]
    for (title, text, exact), ex in zip(items, [ex for _, exs in plan for ex in exs]):
        assert exact == [str(ex.answer)], title
        shown = flat(html.unescape(text).replace("\u2019", "'"))
        assert f"Student {title.split(':')[0]}, exercise {ex.name}: {flat(ex.question)}" in shown


def test_unchanged_documents_are_not_written_again(course):
    out, plan = course
    names = [out / s / "sheet.pdf" for s, _ in plan] + [out / d for d in ("key.csv", "key.pdf", key.QTI_NAME)]
    before = [p.stat().st_mtime_ns for p in names]
    assert not write_documents(out, out / ".batch", plan, "demo", "l")
    assert [p.stat().st_mtime_ns for p in names] == before
