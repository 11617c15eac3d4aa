"""A student's exercise video (issue #27): their own layer, the question, a pause to work it out,
then the worked solution animated from the trace, ending on the answer.

Not part of the lecture: one video per student and exercise, from a spec file that
``LECTURE_EXERCISE`` names, ``{"student": "<id>", "exercise": Exercise.to_json()}``
(``cnncore.exercises``)::

    LECTURE_EXERCISE=spec.json .venv/bin/python -m manim render -ql --disable_caching --media_dir DIR \\
        scenes/content/exercise.py ExerciseVideo

writes ``DIR/videos/exercise/480p15/ExerciseVideo.mp4`` with the narration's voice (AAC) and its
captions beside it (``ExerciseVideo.srt``). A spec that cannot be used (not set, missing, not
JSON, an unknown exercise, an answer that is not its layer's) stops the render in one line,
exit status 1, before Manim writes anything.

The picture is the lecture's: the input ``x[:,:,c]`` with its padding, the filters in their
weights' colours (colours of their own: none is a colour of the lecture's weights), the output
``o[:,:,d]`` (or the upstream gradient ``dL/do[:,:,d]``), the window tinted by the weights that
multiply it (``WindowTint``), the products grid of one cell (``CellArithmetic``). Every number on
screen is read from the trace; none is computed here.
"""
from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UL, UP, FadeIn, FadeOut, LaggedStart, SurroundingRectangle,
                   VGroup, Write, config)

from cnncore.exercises import Exercise
from cnncore.text import printable
from scenes.base import Beat, LectureScene
from scenes.files import exit_with
from scenes.i18n import _
from scenes.visual import palette as P
from scenes.visual.layout import BODY, title
from scenes.visual.mobjects import (CellArithmetic, FilterBank, Grid, InputVolume, OutputVolume, Replace,
                                    WindowTint, fmt, frame_box, label, place, tile)
from scenes.visual.words import signed

SPEC_ENV = "LECTURE_EXERCISE"
MAX_SPEC_BYTES = 1_000_000
STUDENT_SHOWN = 24          # characters of a student's id shown in the title

# The frame's regions (left, right, top, bottom), inside the title-safe area, under the title.
L, R, T, B = BODY
TOP_BOTTOM = -0.45                      # the layer above, the question / the solution below
INPUT_BOX = (L, -0.95, T, TOP_BOTTOM)
FILTER_BOX = (-0.7, 2.65, T, TOP_BOTTOM)
RIGHT_BOX = (2.95, R, T, TOP_BOTTOM)
LOWER_BOX = (L, R, TOP_BOTTOM - 0.2, B)
QUESTION_BOX = (L, 3.9, TOP_BOTTOM - 0.2, B)
COUNTDOWN_BOX = (4.4, R - 0.4, TOP_BOTTOM - 0.5, B + 0.3)
TEXT = 24                               # the question's and the solution's words
NUMBER_FONT_PER_CELL = 44               # Grid's default: a cell's number at cell_size * 44


class SpecError(ValueError):
    """An exercise spec that cannot be rendered: one line naming the file and what is wrong."""


def load_spec(path_text: str | None) -> tuple[str, Exercise]:
    """(student id, exercise) of the spec at ``path_text``; SpecError (one line) if unusable."""
    if not path_text:
        raise SpecError(f"{SPEC_ENV} is not set: give the path of the exercise's spec, a JSON file"
                        ' {"student": "<id>", "exercise": {...}} (cnncore.exercises.Exercise.to_json)')
    shown = printable(Path(path_text))
    try:
        st = os.stat(path_text)
    except OSError as e:
        raise SpecError(f"{shown}: cannot read the exercise spec ({e.strerror or e})") from None
    if not stat.S_ISREG(st.st_mode):
        raise SpecError(f"{shown}: the exercise spec is not a file")
    if st.st_size > MAX_SPEC_BYTES:
        raise SpecError(f"{shown}: the exercise spec has {st.st_size} bytes; at most {MAX_SPEC_BYTES}")
    try:
        text = Path(path_text).read_bytes().decode("utf-8")
        spec = json.loads(text)
    except OSError as e:
        raise SpecError(f"{shown}: cannot read the exercise spec ({e.strerror or e})") from None
    except UnicodeDecodeError:
        raise SpecError(f"{shown}: the exercise spec is not UTF-8 text") from None
    except json.JSONDecodeError as e:
        raise SpecError(f"{shown}: the exercise spec is not JSON ({e.msg}, line {e.lineno}"
                        f" column {e.colno})") from None
    except RecursionError:
        raise SpecError(f"{shown}: the exercise spec is nested too deep to read") from None
    if not isinstance(spec, dict) or set(spec) != {"student", "exercise"}:
        got = sorted(spec) if isinstance(spec, dict) else type(spec).__name__
        raise SpecError(f'{shown}: the exercise spec must be {{"student": ..., "exercise": ...}},'
                        f" got {printable(got)}")
    student = spec["student"]
    if not isinstance(student, str) or not student.strip():
        raise SpecError(f"{shown}: student must be a non-empty string, got {printable(student)}")
    try:
        exercise = Exercise.from_json(spec["exercise"])
    except (ValueError, TypeError) as e:
        raise SpecError(f"{shown}: {' '.join(str(e).split())}") from None
    return student, exercise


def shown_student(student: str) -> str:
    """The student's id as the title shows it: printable, at most ``STUDENT_SHOWN`` characters."""
    text = printable(" ".join(student.split()), limit=STUDENT_SHOWN, quote=False)
    return text if len(text) <= STUDENT_SHOWN else text[:STUDENT_SHOWN - 3] + "..."


# ---- notation (the lecture's: o(x,y,d) with x the column; wk[u,v,c]; x[r,s,c]) ---------------

def out_name(k: int, i: int, j: int) -> str:
    return f"o({j},{i},{k})"


def weight_name(key) -> str:
    k, c, u, v = (int(x) for x in key)
    return f"w{k}[{u},{v},{c}]"


def input_name(c: int, r: int, s: int) -> str:
    return f"x[{r},{s},{c}]"


def fit_cell(box, rows: int, cols: int, around_h: float, around_w: float, most: float = 0.55) -> float:
    """The largest cell (at most ``most``) at which ``rows`` x ``cols`` cells and ``around_h`` /
    ``around_w`` units of titles and gaps fit ``box``."""
    left, right, top, bottom = box
    return min(most, (top - bottom - around_h) / rows, (right - left - around_w) / cols)


class ExerciseVideo(LectureScene):
    """One student's exercise: see the module's docstring. ``student`` and ``exercise`` are the
    spec's; ``trace`` the student's layer; the accessors tests read are named in each beat."""

    params_key = "exercise"
    beats = (
        Beat("layer", values=("size", "channels", "padding", "filters", "kernel", "stride"),
             marks=("filters",)),
        Beat("output-cell-question", values=("cell", "column", "row", "slice", "filter")),
        Beat("output-cell-products", values=("filter",), marks=("products", "sum", "bias")),
        Beat("output-cell-answer", values=("cell", "answer")),
        Beat("weight-reach-question", values=("filter", "weight")),
        Beat("weight-reach-sweep", values=("positions", "padding")),
        Beat("weight-reach-answer", values=("weight", "answer")),
        Beat("weight-gradient-question", values=("weight",)),
        Beat("weight-gradient-terms", values=("weight", "uses")),
        Beat("weight-gradient-answer", values=("weight", "terms", "answer")),
    )

    def __init__(self, *args, **kwargs):
        # the spec is read before Manim makes its file writer: a bad one writes nothing
        try:
            self.student, self.exercise = load_spec(os.environ.get(SPEC_ENV))
        except SpecError as e:
            exit_with(str(e), status=1)
        # Render it with --disable_caching (toolchain/exercises does): one video per student, so
        # Manim's cache of animations would only fill the disk, and a cached animation advances
        # Manim's clock by its exact run time, not whole frames (the voice, laid on that clock,
        # would drift from the picture). Configuring Manim is not a scene's business
        # (tests/test_layout.py: Manim is changed only in scenes/manim_ext).
        super().__init__(*args, **kwargs)

    def construct(self):
        ex = self.exercise
        self.trace = ex.trace()
        # The student's layer is not the lecture's: its weights wear colours of their own, none of
        # the lecture's w_k colours (a colour means one weight; the lecture's w0[0,0,0] has other
        # values), as the depthwise and 1x1 filters of the separable scene do.
        self.colors = list(P.distinct_colors(len(self.trace.weight_keys)))
        self.show_layer()
        {"output-cell": self.output_cell, "weight-reach": self.weight_reach,
         "weight-gradient": self.weight_gradient}[ex.name]()
        self.checkpoint("end")
        self.hold(1.0)

    def render(self, *args, **kwargs):
        super().render(*args, **kwargs)
        # Manim encodes the voice from a WAV it leaves beside the video: the MP4 holds it (AAC)
        movie = getattr(self.renderer.file_writer, "movie_file_path", None)
        if movie:
            Path(movie).with_suffix(".wav").unlink(missing_ok=True)

    # ---- the voice: each beat's clip laid on the video at the beat's start -------------------
    def beat(self, key: str, **values):
        super().beat(key, **values)
        clip = self._beat_clip
        if clip.audio and not config.dry_run:
            self.add_sound(clip.audio, time_offset=0.0)

    # ---- the layer ---------------------------------------------------------------------------
    def show_layer(self):
        t, ex = self.trace, self.exercise
        L_ = ex.layer
        self.beat("layer", size=L_["input_size"], channels=L_["channels"], padding=L_["padding"],
                  filters=L_["filters"], kernel=L_["kernel_size"], stride=L_["stride"])
        heads = {"output-cell": _("Your exercise: one output"),
                 "weight-reach": _("Your exercise: where one weight lands"),
                 "weight-gradient": _("Your exercise: the gradient of one weight")}
        self.heading = title(_("{exercise}, for {student}").format(exercise=heads[ex.name],
                                                                    student=shown_student(self.student)))
        c_n, hp, wp = t.x_padded.shape
        cell = fit_cell(INPUT_BOX, hp, c_n * wp, 0.45, (c_n - 1) * 0.45)
        self.input = place(InputVolume(t, cell_size=cell, direction=RIGHT, buff=0.45, title_size=20),
                           *INPUT_BOX, align=UP)
        K = t.out_shape[0]
        fh, fw = t.tap_shape[1:]
        cell = fit_cell(FILTER_BOX, c_n * fh, K * fw, c_n * 0.45 + 0.5, (K - 1) * 0.4, most=0.5)
        self.filters = place(FilterBank(t, self.colors, cell_size=cell, slice_buff=0.25, filter_buff=0.4,
                                        title_size=18), *FILTER_BOX, align=UP)
        _k, ho, wo = t.out_shape
        cell = fit_cell(RIGHT_BOX, K * ho, wo, K * 0.45 + 0.1, 0.0, most=0.6)
        if ex.name == "weight-gradient":
            self.upstream = ex.upstream()
            grids = []
            for k in range(K):
                g = Grid(self.upstream[k], cell)
                head = label(f"dL/do[:,:,{k}]", 18, P.filter_color(k), mono=True).next_to(g, UP, buff=0.1)
                grids.append(VGroup(head, g))
            self.upstream_grids = [g[1] for g in grids]
            self.right = place(VGroup(*grids).arrange(DOWN, buff=0.3), *RIGHT_BOX, align=UP)
            self.output = None
        else:
            self.output = place(OutputVolume(t, cell_size=cell, title_size=18), *RIGHT_BOX, align=UP)
            self.right = self.output
        self.add(self.heading)
        self.play(FadeIn(self.input), run_time=1)
        self.until_mark("filters")
        self.play(FadeIn(self.filters), run_time=1)
        self.play(FadeIn(self.right), run_time=0.8)
        self.checkpoint("layer shown")

    # ---- the question, the pause ----------------------------------------------------------------
    def question_lines(self, lines: list[str]) -> VGroup:
        """The question, one label a line, in the lower left."""
        group = VGroup(*[label(line, TEXT, P.TEXT) for line in lines]).arrange(DOWN, buff=0.16,
                                                                               aligned_edge=LEFT)
        return place(group, *QUESTION_BOX, align=UL)

    def ask(self, lines: list[str], *targets):
        """Show the question and frame what it is about; ``self.question`` holds its labels."""
        self.question = self.question_lines(lines)
        self.target_frames = VGroup(*[frame_box(m, buff=0.04) for m in targets])
        self.play(Write(self.question), FadeIn(self.target_frames), run_time=1.5)

    def pause_to_work_it_out(self, question, answer, lines, targets, reveal):
        """The question, the countdown (a declared pause: ``LectureScene.pause_and_predict``), then
        the solution: everything of the exercise's pause is in this one method."""
        def solve():
            self.play(FadeOut(self.question), run_time=0.4)   # the solution takes its place
            reveal()

        self.pause_and_predict(question, answer, ask=lambda: self.ask(lines, *targets), reveal=solve,
                               countdown_box=COUNTDOWN_BOX)

    # ---- output-cell ----------------------------------------------------------------------------
    def output_cell(self):
        t, ex = self.trace, self.exercise
        k, i, j = ex.target
        cell = t.cell(k, i, j)
        name = out_name(k, i, j)
        question = ("output-cell-question", dict(cell=name, column=j, row=i, slice=k, filter=f"w{k}"))
        lines = [_("Compute {cell}: column {column}, row {row}").format(cell=name, column=j, row=i),
                 _("of depth slice {slice}.").format(slice=k),
                 _("Filter {filter} times its window, plus {bias}.").format(filter=f"w{k}", bias=f"b{k}")]
        self.pause_to_work_it_out(question, ("output-cell-products", dict(filter=f"w{k}")), lines,
                                  [self.output.cell(k, i, j)], lambda: self.reveal_output_cell(cell))

    def reveal_output_cell(self, cell):
        t, ex = self.trace, self.exercise
        k, i, j = ex.target
        self.window = WindowTint(self.input, cell, self.colors)
        self.filter_frame = frame_box(self.filters.filters[k], P.filter_color(k), buff=0.06)
        self.play(FadeIn(self.window), FadeIn(self.filter_frame), run_time=1)
        c_n = t.tap_shape[0]
        names = [f"x[:,:,{c}]" for c in range(c_n)]
        self.arithmetic = place(CellArithmetic(t, cell, self.colors, cell_size=0.42, font_size=22,
                                               direction=RIGHT, names=names,
                                               head="w{k}[:,:,{c}] × x[:,:,{c}]"),
                                *LOWER_BOX, align=UL)
        a = self.arithmetic
        self.until_mark("products")
        self.play(LaggedStart(*[FadeIn(VGroup(*row[:2])) for row in a.rows], lag_ratio=0.4), run_time=1.2)
        self.checkpoint("products shown")
        self.until_mark("sum")
        self.play(*[FadeIn(row[2]) for row in a.rows], run_time=0.8)
        self.until_mark("bias")
        self.play(FadeIn(a.total), run_time=0.8)
        self.checkpoint("sum shown")
        self.beat("output-cell-answer", cell=out_name(k, i, j), answer=fmt(ex.answer))
        self.answer_frame = frame_box(a.result, P.HIGHLIGHT, buff=0.08)
        self.play(self.output.reveal(k, i, j), FadeIn(self.answer_frame), run_time=0.8)
        self.answer_label = a.result

    # ---- weight-reach ---------------------------------------------------------------------------
    def weight_reach(self):
        ex = self.exercise
        k = ex.target[0]
        wname = weight_name(ex.target)
        self.weight_id = ex.weight_id()
        lines = [_("Over the whole sweep of filter {filter},").format(filter=f"w{k}"),
                 _("how many input cells (not padding)"),
                 _("does {weight} multiply?").format(weight=wname)]
        uses = self.trace.weight_uses(self.weight_id)
        self.pause_to_work_it_out(("weight-reach-question", dict(filter=f"w{k}", weight=wname)),
                                  ("weight-reach-sweep", dict(positions=len(uses),
                                                              padding=int(self.trace.padding[0]))),
                                  lines, [self.filters.weight_cell(self.weight_id)],
                                  lambda: self.reveal_weight_reach(uses, wname))

    def _use_marks(self, k, i, j, tap, counted: bool):
        """The window's outline in the weight's channel at output (k, i, j), the output cell's (or
        upstream's) frame, and the input cell the weight multiplies there: a tile in the weight's
        colour with the input's number on it, or, on padding, a dashed grey frame."""
        t = self.trace
        c, r, s = (int(v) for v in t.positions[i, j, tap])
        ct = t.cell(k, i, j)
        cells = [self.input.cell(int(cc), int(rr), int(ss)) for cc, rr, ss in ct.positions if cc == c]
        outline = SurroundingRectangle(VGroup(*cells), color=P.HIGHLIGHT, buff=0.0, stroke_width=4)
        target = self.input.cell(c, r, s)
        where = (self.output.cell(k, i, j) if self.output is not None else self.upstream_grids[k].cell(i, j))
        focus = frame_box(where, buff=0.03)
        if counted:
            color = self.colors[self.weight_id]
            sq = tile(target.width, color, P.GRID_LINE, 1.5).move_to(target)
            num = self.input.number(c, r, s).copy().set_fill(P.text_on(color), 1).move_to(target)
            mark = VGroup(sq, num)
        else:
            mark = SurroundingRectangle(target, color=P.MUTED, buff=0.0, stroke_width=5)
        return VGroup(outline, focus), mark

    def walk_uses(self, uses, also) -> None:
        """Every use of the weight, in order: its window framed on the input and the input cell it
        multiplies lit in the weight's colour (a padding cell: framed grey, then gone), with the
        animations ``also(n, (k, i, j), counted)`` gives; the lit cells stay (``self.reached``);
        checkpoint "after use n" after each."""
        t = self.trace
        self.reached, moving = [], None
        for n, (k, i, j, tap) in enumerate(uses):
            k, i, j, tap = int(k), int(i), int(j), int(tap)
            counted = not bool(t.is_padding[i, j, tap])
            marks, mark = self._use_marks(k, i, j, tap, counted)
            anims = [FadeIn(marks), FadeIn(mark)] + ([] if moving is None else [FadeOut(moving)])
            self.play(*anims, *also(n, (k, i, j), counted), run_time=max(0.5, self.pace.step_time(n)))
            if not counted:
                self.play(FadeOut(mark), run_time=0.3)
            else:
                self.reached.append(mark)
            self.bring_to_front(marks)
            moving = marks
            self.checkpoint(f"after use {n + 1}")
        self.play(FadeOut(moving), run_time=0.4)

    def reveal_weight_reach(self, uses, wname):
        t, ex = self.trace, self.exercise
        self.play(FadeIn(frame_box(self.filters.weight_cell(self.weight_id), buff=0.04)), run_time=0.3)
        self.count_label = place(label(_("cells reached: {n}").format(n=0), TEXT, P.TEXT), *LOWER_BOX, align=UL)
        self.play(FadeIn(self.count_label), run_time=0.4)
        count = 0

        def count_up(n, kij, counted):
            nonlocal count
            if not counted:
                return []
            count += 1
            old, self.count_label = self.count_label, place(
                label(_("cells reached: {n}").format(n=count), TEXT, P.TEXT), *LOWER_BOX, align=UL)
            return [Replace(old, self.count_label)]

        self.walk_uses(uses, count_up)
        self.beat("weight-reach-answer", weight=wname, answer=ex.answer)
        answer = label(_("{weight} multiplies {n} input cells").format(weight=wname, n=ex.answer), TEXT + 4,
                       P.HIGHLIGHT, weight="BOLD")
        self.answer_label = place(answer, *LOWER_BOX, align=UL).shift(DOWN * 0.7)
        self.answer_frame = frame_box(self.answer_label, P.HIGHLIGHT, buff=0.1)
        self.play(Write(self.answer_label), FadeIn(self.answer_frame), run_time=1)

    # ---- weight-gradient -----------------------------------------------------------------------
    def weight_gradient(self):
        ex = self.exercise
        k = ex.target[0]
        wname = weight_name(ex.target)
        self.weight_id = ex.weight_id()
        uses = self.trace.weight_uses(self.weight_id)
        lines = [_("Given the upstream gradient dL/do,"),
                 _("what is {gradient}?").format(gradient=f"dL/d{wname}"),
                 _("Add up every use of the weight.")]
        self.pause_to_work_it_out(("weight-gradient-question", dict(weight=wname)),
                                  ("weight-gradient-terms", dict(weight=wname, uses=len(uses))),
                                  lines, [self.filters.weight_cell(self.weight_id), self.right],
                                  lambda: self.reveal_weight_gradient(uses, wname))

    def reveal_weight_gradient(self, uses, wname):
        t, ex = self.trace, self.exercise
        g = self.upstream
        color = self.colors[self.weight_id]
        self.play(FadeIn(frame_box(self.filters.weight_cell(self.weight_id), buff=0.04)), run_time=0.3)
        lead = label(f"dL/d{wname} =", TEXT, P.TEXT, mono=True)
        # one term a use, laid out as the output is: the term of output (i, j) in row i, column j
        _k, ho, wo = t.out_shape
        self.terms, first = {}, True
        cells = []
        for k, i, j, tap in uses:
            k, i, j, tap = int(k), int(i), int(j), int(tap)
            if t.is_padding[i, j, tap]:
                cells.append(None)
                continue
            x, up = t.inputs[i, j, tap].item(), g[k, i, j].item()
            value = label(signed(x * up, first), TEXT, P.TEXT, mono=True)
            product = VGroup(label(fmt(x), 17, color, mono=True, weight="BOLD"), label("×", 17, P.MUTED, mono=True),
                             label(signed(up), 17, P.HIGHLIGHT, mono=True)).arrange(RIGHT, buff=0.05)
            term = VGroup(value, product.next_to(value, DOWN, buff=0.06))
            term.value, term.product, term.ij = value, product, (i, j)
            self.terms[(i, j)] = term
            cells.append(term)
            first = False
        col_w = max(x.width for x in self.terms.values()) + 0.55
        row_h = max(x.height for x in self.terms.values()) + 0.12
        plus = {}
        for n, ((i, j), term) in enumerate(self.terms.items()):
            term.move_to(np.array([lead.width + 0.4 + col_w * (j + 0.5), -row_h * i, 0]), aligned_edge=UP)
            if n:
                plus[(i, j)] = label("+", TEXT, P.TEXT, mono=True).move_to(
                    np.array([lead.width + 0.4 + col_w * j, term.value.get_y(), 0]))
        top = next(iter(self.terms.values()))
        lead.move_to(np.array([0, top.value.get_y(), 0]), aligned_edge=LEFT)
        equals = label("=", TEXT, P.TEXT, mono=True)
        self.total = label(fmt(ex.answer), TEXT + 4, color, mono=True, weight="BOLD")
        result = VGroup(equals, self.total).arrange(RIGHT, buff=0.2)
        result.next_to(VGroup(*self.terms.values()), RIGHT, buff=0.5).set_y(top.value.get_y() - row_h * (ho - 1) / 2)
        self.ledger = VGroup(lead, *self.terms.values(), *plus.values(), result)
        place(self.ledger, *LOWER_BOX, align=UL)
        self.play(FadeIn(lead), run_time=0.4)
        self.walk_uses(uses, lambda n, kij, counted: [FadeIn(cells[n])] + (
            [FadeIn(plus[kij[1:]])] if kij[1:] in plus else []) if counted else [])
        self.beat("weight-gradient-answer", weight=wname, terms=len(self.terms), answer=fmt(ex.answer))
        self.answer_label = self.total
        self.answer_frame = frame_box(result, color, buff=0.08)
        self.play(Write(result), FadeIn(self.answer_frame), run_time=1)
