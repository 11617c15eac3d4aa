"""A student's question sheet: one A4 page with their layer's numbers and the questions.

Written with fpdf2 (a well-kept pure-Python PDF writer: no LaTeX, no browser). The numbers are
the exercise's trace (``Exercise.trace()``): the input x[:,:,c] (without padding: the question says
how much there is), every filter's slices wk[:,:,c], the biases and, for weight-gradient, the
upstream gradient dL/do. Exercises drawn from the same seed and layer share one set of numbers.
Every grid has its row and column numbers, so a cell is found as the lecture names it
(x[r,s,c]: row r, column s of channel c; o(x,y,d): column x, row y of depth slice d).
"""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import numpy as np
from fpdf import FPDF
from fpdf.enums import XPos, YPos

PAGE_W, PAGE_H, MARGIN = 210.0, 297.0, 12.0
FIXED_DATE = datetime(2026, 1, 1, tzinfo=timezone.utc)  # same inputs, same bytes
VIDEO_NAME = "{name}.mp4"


def latin(text: str) -> str:
    """``text`` in the PDF core fonts' character set (the notation's × is in it)."""
    return text.replace("\u2212", "-").encode("latin-1", "replace").decode("latin-1")


def new_pdf(title: str) -> FPDF:
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_title(latin(title))
    pdf.set_creator("weight sharing lecture: toolchain.exercises")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, MARGIN)
    return pdf


def paragraph(pdf: FPDF, text: str, size: float, style: str = "", h: float | None = None,
              family: str = "Helvetica") -> None:
    pdf.set_font(family, style, size)
    pdf.multi_cell(0, h or size * 0.45, latin(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def layer_groups(exercises) -> list[tuple[object, list[int]]]:
    """The distinct layers of ``exercises`` (same seed and layer: same numbers), each with the
    numbers (from 1) of the exercises that use it, in sheet order."""
    groups: dict = {}
    for n, ex in enumerate(exercises, 1):
        key = (ex.seed, tuple(sorted(ex.layer.items())))
        groups.setdefault(key, (ex, []))[1].append(n)
    return list(groups.values())


def grids_of(ex) -> list[tuple[str, np.ndarray]]:
    """(caption, 2-D integer grid) of the layer's input channels and filter slices."""
    t = ex.trace()
    out = [(f"x[:,:,{c}]", t.x[c]) for c in range(t.x.shape[0])]
    k, (c, f, _) = t.out_shape[0], t.tap_shape
    w = t.weight_values.reshape(k, c, f, f)
    out += [(f"w{kk}[:,:,{cc}]", w[kk, cc]) for kk in range(k) for cc in range(c)]
    return out


def draw_grids(pdf: FPDF, grids, cell: float) -> None:
    """Grids side by side from the current line, wrapping at the right margin: each a caption,
    column numbers above, row numbers on the left, one number a cell."""
    x0, right = pdf.l_margin, PAGE_W - pdf.r_margin
    x, y, row_h = x0, pdf.get_y(), 0.0
    for caption, g in grids:
        rows, cols = g.shape
        w, h = (cols + 1) * cell, (rows + 2) * cell
        if x + w > right and x > x0:
            x, y, row_h = x0, y + row_h + cell * 0.5, 0.0
        pdf.set_xy(x, y)
        pdf.set_font("Helvetica", "B", cell * 1.7)
        pdf.cell(w, cell, latin(caption), align="L")
        pdf.set_font("Helvetica", "", cell * 1.3)
        pdf.set_text_color(120)
        for s in range(cols):
            pdf.set_xy(x + (s + 1) * cell, y + cell)
            pdf.cell(cell, cell, str(s), align="C")
        for r in range(rows):
            pdf.set_xy(x, y + (r + 2) * cell)
            pdf.set_text_color(120)
            pdf.set_font("Helvetica", "", cell * 1.3)
            pdf.cell(cell, cell, str(r), align="C")
            pdf.set_text_color(0)
            pdf.set_font("Helvetica", "", cell * 1.6)
            for s in range(cols):
                pdf.cell(cell, cell, str(int(g[r, s])), border=1, align="C")
        pdf.set_text_color(0)
        x += w + cell
        row_h = max(row_h, h)
    pdf.set_xy(x0, y + row_h + cell * 0.4)


def write_sheet(path: Path, student: str, course: str, exercises, cell: float = 6.0) -> None:
    """``student``'s sheet for ``exercises`` (``cnncore.exercises.Exercise``, in order) at ``path``:
    one page (the grids shrink until it is)."""
    for scale in (1.0, 0.85, 0.72, 0.6, 0.5):
        pdf = sheet_pdf(student, course, exercises, cell * scale)
        if pdf.page_no() == 1:
            break
    else:  # pragma: no cover - the exercises' layers are small (cnncore.exercises.LAYERS)
        raise ValueError(f"{student}: the sheet does not fit one page")
    pdf.output(str(path))


def sheet_pdf(student: str, course: str, exercises, cell: float) -> FPDF:
    pdf = new_pdf(f"Exercises for {student}")
    pdf.add_page()
    paragraph(pdf, "Weight sharing in CNNs: your exercises", 15, "B", h=7)
    paragraph(pdf, f"Student {student}   -   course {course}", 10, h=5)
    paragraph(pdf, "Notation as in the lecture: x[r,s,c] is the input at row r, column s of channel c"
                   " (slice x[:,:,c]); wk[u,v,c] is the weight at row u, column v of filter k's slice"
                   " wk[:,:,c], and bk its bias; o(x,y,d) is the output at column x, row y of depth"
                   " slice d. Every grid numbers its rows down the left and its columns along the top;"
                   " padding cells (not drawn) hold 0. Work each question out, then watch its video:"
                   " it asks, pauses, and works it out with these numbers.",
              8.5, h=4)
    pdf.ln(1.5)
    questions = {n: ex for n, ex in enumerate(exercises, 1)}
    shown = 0   # questions are numbered as they appear (a layer's questions together)
    for ex, numbers in layer_groups(exercises):
        layer = ex.layer
        f = layer["kernel_size"]
        used = ", ".join(str(shown + n) for n in range(1, len(numbers) + 1))
        paragraph(pdf, f"Your layer (question{'s' if len(numbers) > 1 else ''} {used}): input"
                       f" {layer['input_size']}x{layer['input_size']} with {layer['channels']}"
                       f" channel{'s' if layer['channels'] > 1 else ''}, padding {layer['padding']};"
                       f" {layer['filters']} filter{'s' if layer['filters'] > 1 else ''} {f}x{f},"
                       f" stride {layer['stride']}", 10, "B", h=5)
        draw_grids(pdf, grids_of(ex), cell)
        t = ex.trace()
        paragraph(pdf, "biases: " + ",  ".join(f"b{k} = {int(b)}" for k, b in enumerate(t.bias_values)),
                  cell * 1.6, h=cell)
        pdf.ln(1)
        for n in numbers:
            q = questions[n]
            shown += 1
            paragraph(pdf, f"{shown}. {q.question}   (video: {VIDEO_NAME.format(name=q.name)})", 9.5, h=4.6)
            up = q.upstream()
            if up is not None:
                draw_grids(pdf, [(f"dL/do[:,:,{k}]", up[k]) for k in range(up.shape[0])], cell)
            pdf.ln(1.5)
    return pdf
