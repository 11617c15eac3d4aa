"""The lecturer's files: the answer key (CSV and PDF) and the quiz for a learning management
system (QTI, with text2qti).

* ``key.csv``: one row per student and exercise: the answer, the question, the worked solution
  (its lines joined by `` | ``), the seed and layer it was drawn from, the video's path.
* ``key.pdf``: the same for reading and printing, a block per student.
* ``quiz-qti.zip``: a QTI 1.2 package (Canvas: Settings > Import course content > QTI .zip;
  also read by Blackboard, D2L and Moodle's QTI importers): one numerical question per student
  and exercise, titled ``<id>: <exercise>``, the exact integer answer. text2qti (Geoffrey Poore,
  maintained, on PyPI) writes it from its plain-text quiz format, which we generate.
"""
from __future__ import annotations

import csv
import io
import json
import re

from text2qti.config import Config
from text2qti.qti import QTI
from text2qti.quiz import Quiz

from toolchain.exercises.sheets import new_pdf, paragraph

CSV_COLUMNS = ("student", "exercise", "answer", "question", "working", "seed", "layer", "target", "video")
QTI_NAME = "quiz-qti.zip"


def rows_of(plan) -> list[dict]:
    """One row per (student, exercise), in the roster's order: ``plan`` is a list of
    (student, [Exercise, ...])."""
    return [dict(student=student, exercise=ex.name, answer=ex.answer, question=ex.question,
                 working=" | ".join(ex.working), seed=str(ex.seed),
                 layer=json.dumps(ex.layer, separators=(",", ":")),
                 target=",".join(str(t) for t in ex.target), video=f"{student}/{ex.name}.mp4")
            for student, exercises in plan for ex in exercises]


def key_csv(rows) -> bytes:
    out = io.StringIO(newline="")
    w = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\r\n")
    w.writeheader()
    w.writerows(rows)
    return out.getvalue().encode("utf-8")


def key_pdf(plan, course: str, quality: str):
    """The key as a PDF (an ``FPDF``: ``.output(path)``)."""
    pdf = new_pdf(f"Answer key: {course}")
    pdf.add_page()
    paragraph(pdf, f"Answer key - {course}", 15, "B", h=7)
    n = sum(len(exs) for _, exs in plan)
    paragraph(pdf, f"{len(plan)} students, {n} exercises; videos at -q{quality}. Seeds come from the"
                   f" course's secret: keep this key and the secret private.", 9, h=4.5)
    pdf.ln(2)
    for student, exercises in plan:
        if pdf.get_y() > 250:
            pdf.add_page()
        paragraph(pdf, f"Student {student}", 12, "B", h=6)
        for ex in exercises:
            paragraph(pdf, f"{ex.name}: answer {ex.answer}", 10, "B", h=5)
            paragraph(pdf, ex.question, 8.5, h=4)
            paragraph(pdf, "\n".join(ex.working), 8, family="Courier", h=3.7)
            pdf.ln(1)
        pdf.ln(2)
    return pdf


_MARKDOWN = re.compile(r"([\\`*_{}\[\]<>#|!])")


def md(text: str) -> str:
    """``text`` as Markdown that shows it as it is (text2qti renders questions as Markdown)."""
    return _MARKDOWN.sub(r"\\\1", text)


def quiz_text(rows, course: str) -> str:
    """The quiz in text2qti's plain-text format: one numerical question per row."""
    lines = [f"Quiz title: {course}: weight sharing exercises",
             "Quiz description: One question per student and exercise, titled with the student's id;"
             " each student answers their own (their numbers are on their sheet).", ""]
    for n, r in enumerate(rows, 1):
        lines += [f"Title: {r['student']}: {r['exercise']}", "Points: 1",
                  f"{n}.  " + md(f"Student {r['student']}, exercise {r['exercise']}: {r['question']}"
                                 f" (Your numbers are on your sheet.)"),
                  f"=   {int(r['answer'])}", ""]
    return "\n".join(lines)


def qti_zip(rows, course: str) -> bytes:
    return QTI(Quiz(quiz_text(rows, course), config=Config(), source_name=QTI_NAME)).zip_bytes()

