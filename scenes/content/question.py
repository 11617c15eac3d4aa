"""Scene 1: the learner's question, and its answer in one sentence.

What the learner saw (``QUESTION.md``): a 1-D diagram in which every neuron reuses the same
three coloured edges, and a filter drawn alone with nine different colours: where is the
sharing? Then the two neurons of their question, o(0,0,0) and o(0,1,0) in the CS231n demo's
o(x, y, d) notation, each with w0 laid on its block of the input in w0's colours (the same
colours on both blocks), the notation said once, and the answer: every neuron of one depth
slice uses the same filter; another slice, another filter (o(0,0,1) uses w1); inside a filter
every weight differs, one slice per input channel. Every number is read from the trace.

    manim -qh scenes/content/question.py TheQuestion
"""
from __future__ import annotations

import dataclasses

from manim import DOWN, LEFT, RIGHT, UL, UP, FadeIn, FadeOut, VGroup, Write

from cnncore.params import Limit
from scenes.base import Beat, LectureScene
from scenes.i18n import _
from scenes.visual import palette as P
from scenes.visual.layout import BODY, SAFE, title
from scenes.visual.mobjects import (FilterBank, InputVolume, OutputVolume, Replace, WindowTint, fmt, frame_box,
                                    label, place)
from scenes.visual.edges import EdgeDiagram, weight_name
from scenes.visual.words import demo_address

# The frame's regions: (left, right, top, bottom), inside the title-safe area.
L, R, TOP, BOTTOM = SAFE[0], SAFE[1], BODY[2], SAFE[3]
DIAGRAM = (L + 0.1, -0.9, 2.35, 0.35)       # the 1-D diagram (beat "question")
SLICE = (0.4, R, 2.45, -0.05)               # the filter drawn alone
ASK = (L, R, -1.2, -2.4)                    # the question
VOLUMES = (L, 1.35)                         # the two copies of the input (beat "two-neurons")
RIGHT_SIDE = (1.65, R)
NOTATION = (L, R, -2.7, BOTTOM)             # the demo's notation, said once
ANSWER = (L, R, -0.05, BOTTOM)              # the answer, line by line


def address(cell) -> str:
    """A neuron's address in the CS231n demo's notation: o(x, y, d), x the column."""
    return f"o{demo_address(*cell)}"


class TheQuestion(LectureScene):
    params_key = "question"
    beats = (
        Beat("question", values=("first", "same", "taps", "colours"), marks=("edges", "filter", "where", "ask")),
        Beat("two-neurons", values=("first", "first_value", "same", "same_value", "row", "col"),
             marks=("first", "second", "colours", "notation")),
        Beat("answer", values=("other", "other_filter", "has_other"), marks=("other", "channels", "proof")),
    )
    # two copies of the input, one above the other, each channel's numbers at a readable size
    limits = (Limit("input_size + 2*padding", lambda p: p.input_size + 2 * p.padding, 7,
                    "two copies of the input are drawn one above the other"),)

    def construct(self):
        self.trace = self.layer.trace()
        self.colors = P.weight_colors(self.trace)
        # the learner's 1-D diagram: the layer's kernel size, enough inputs for three outputs
        k = self.layer.kernel_size
        self.trace_1d = dataclasses.replace(self.layer, input_size=k + 2, padding=0, stride=1,
                                            dilation=1, strict=False).trace_1d()
        self.colors_1d = P.weight_colors(self.trace_1d)
        K, ho, wo = self.trace.out_shape
        self.first = (0, 0, 0)
        self.same = (0, 1, 0) if ho > 1 else (0, 0, 1) if wo > 1 else None   # same depth slice
        self.other = (1, 0, 0) if K > 1 else None                            # same place, next slice
        self.ask_the_question()
        self.two_neurons()
        self.the_answer()

    # ---- beats ---------------------------------------------------------------------------
    def ask_the_question(self):
        t = self.trace
        same = self.same or self.first
        self.beat("question", first=address(self.first), same=address(same), taps=self.trace_1d.n_weights,
                  colours=t.tap_shape[1] * t.tap_shape[2])
        self.heading = title(_("A learner's question"))
        self.add(self.heading)
        # (1) the 1-D diagram: every neuron reuses the same colours
        self.edges = EdgeDiagram(self.trace_1d, self.colors_1d, DIAGRAM, font=20)
        legend = VGroup(*[label(weight_name(self.trace_1d, w), 24, c, weight="BOLD") for w, c in enumerate(self.colors_1d)])
        legend.arrange(RIGHT, buff=0.35)
        same_colour = label(_("same colour = same weight"), 22, P.TEXT)
        self.legend = VGroup(legend, same_colour).arrange(DOWN, buff=0.15)
        self.legend.next_to(self.edges, DOWN, buff=0.25)
        left_head = label(_("A 1-D layer"), 22, P.MUTED).next_to(self.edges, UP, buff=0.3)
        # (2) the filter drawn alone: one slice of w0, every weight its own colour
        bank = FilterBank(t, self.colors, cell_size=0.62, show_bias=False, title_size=22)
        self.slice = bank.slices[0][0]
        place(self.slice, *SLICE)
        self.slice_grid = bank.grids[0][0]
        right_head = label(_("A filter drawn alone"), 22, P.MUTED)
        right_head.next_to(self.slice, UP, buff=0.3).set_y(left_head.get_y())
        self.where = label(_("Where is the sharing?"), 26, P.HIGHLIGHT).next_to(self.slice, DOWN, buff=0.3)
        self.where.set_y(self.legend.get_y())
        # (3) the question
        self.question = place(label(_("Do {first} and {same} share weights?").format(
            first=address(self.first), same=address(same)), 34, P.HIGHLIGHT, weight="BOLD"), *ASK)
        self.until_mark("edges")
        self.play(FadeIn(left_head), FadeIn(self.edges.nodes), run_time=0.6)
        self.play(*[Write(line) for line in self.edges.lines], FadeIn(self.legend), run_time=1.0)
        self.until_mark("filter")
        self.play(FadeIn(right_head), FadeIn(self.slice), run_time=0.8)
        self.until_mark("where")
        self.play(FadeIn(self.where), run_time=0.5)
        self.until_mark("ask")
        self.play(FadeIn(self.question), run_time=0.6)
        self.firsts = VGroup(left_head, self.edges, self.legend, right_head, self.slice, self.where, self.question)
        self.checkpoint("question asked")

    def two_neurons(self):
        t = self.trace
        a, b = self.first, self.same
        self.beat("two-neurons", first=address(a), first_value=fmt(t.cell(*a).total),
                  same=address(b) if b else "", same_value=fmt(t.cell(*b).total) if b else "",
                  row=b[1] if b else 0, col=b[2] if b else 0)
        self.play(FadeOut(self.firsts), run_time=0.5)
        # two copies of the input: the block of each neuron, w0 laid on it in w0's colours
        def volume(top):
            return place(InputVolume(t, cell_size=0.33, direction=RIGHT, buff=0.3, title_size=20),
                         *VOLUMES, top, top - 2.9, align=UL)
        self.inputs = [volume(TOP)]
        self.output = place(OutputVolume(t, cell_size=0.5, direction=RIGHT, buff=0.4, title_size=20),
                            *RIGHT_SIDE, TOP, 1.0, align=UP)
        cells = [a] + ([b] if b else [])
        if b:
            self.inputs.append(volume(self.inputs[0].get_bottom()[1] - 0.25))
        self.tints = [WindowTint(v, t.cell(*c), self.colors) for v, c in zip(self.inputs, cells)]
        self.results = []
        for v, c in zip(self.inputs, cells):
            r = label(f"{address(c)} = {fmt(t.cell(*c).total)}", 30, P.HIGHLIGHT, mono=True, weight="BOLD")
            r.move_to([(RIGHT_SIDE[0] + RIGHT_SIDE[1]) / 2, v.grids[0].get_center()[1], 0])
            self.results.append(r)
        if len(self.results) == 2:   # clear of the output volume
            self.results[0].set_y(min(self.results[0].get_y(), self.output.get_bottom()[1] - 0.5))
        self.play(FadeIn(VGroup(*self.inputs)), FadeIn(self.output), run_time=0.8)
        self.boxes = []
        for n, (tint, c, r) in enumerate(zip(self.tints, cells, self.results)):
            self.until_mark("first" if n == 0 else "second")
            box = frame_box(self.output.cell(*c))
            self.boxes.append(box)
            self.play(FadeIn(tint), FadeIn(box), self.output.reveal(*c), FadeIn(r), run_time=0.8)
        self.checkpoint("both neurons shown")
        self.until_mark("colours")
        self.point_at(*[tint.squares for tint in self.tints], hold=0.8)
        self.until_mark("notation")
        lines = VGroup(label(_("The demo writes o(x, y, d): x is the column, y the row, d the depth slice."),
                             20, P.TEXT))
        if b:
            lines.add(label(_("This lecture writes (row, column, channel): {cell} is row {row}, column {col}"
                              " of depth slice {k}.").format(cell=address(b), row=b[1], col=b[2], k=b[0]),
                            20, P.HIGHLIGHT))
        self.notation = place(lines.arrange(DOWN, buff=0.15, aligned_edge=LEFT), *NOTATION, align=UL)
        self.play(FadeIn(self.notation), run_time=0.6)
        self.checkpoint("notation said")

    def the_answer(self):
        t = self.trace
        c = self.other
        self.beat("answer", other=address(c) if c else "", other_filter=f"w{c[0]}" if c else "",
                  has_other="yes" if c else "no")
        gone = [self.notation, *self.inputs[1:], *self.tints[1:], *self.results[1:], *self.boxes[1:]]
        lines = [label(_("Every neuron of one depth slice uses the same filter;"), 26, P.HIGHLIGHT, weight="BOLD")]
        if c:
            lines.append(label(_("another slice, another filter: {cell} uses {filter};").format(
                cell=address(c), filter=f"w{c[0]}"), 26, P.filter_color(c[0])))
        lines += [label(_("inside a filter every weight differs, and each input channel"), 26, P.TEXT),
                  label(_("has its own slice: nothing is shared across channels."), 26, P.TEXT)]
        proof = label(_("The rest of the lecture is the proof."), 24, P.MUTED)
        self.answer = VGroup(*lines, proof).arrange(DOWN, buff=0.18, aligned_edge=LEFT)
        proof.shift(DOWN * 0.15)
        place(self.answer, *ANSWER, align=UL)
        self.play(FadeOut(VGroup(*gone)), run_time=0.5)
        self.play(FadeIn(lines[0]), run_time=0.6)
        if c:
            self.until_mark("other")
            tint = WindowTint(self.inputs[0], t.cell(*c), self.colors)
            result = label(f"{address(c)} = {fmt(t.cell(*c).total)}", 30, P.filter_color(c[0]), mono=True,
                           weight="BOLD").move_to(self.results[0])
            box = frame_box(self.output.cell(*c), P.filter_color(c[0]))
            self.play(Replace(self.tints[0], tint), Replace(self.results[0], result), FadeOut(self.boxes[0]),
                      FadeIn(box), self.output.reveal(*c), FadeIn(lines[1]), run_time=0.8)
            self.tints[0], self.results[0], self.boxes[0] = tint, result, box
        self.checkpoint("other filter shown")
        self.until_mark("channels")
        self.play(FadeIn(VGroup(*lines[-2:])), run_time=0.6)
        self.point_at(*self.tints[0].outlines, hold=0.8)
        self.until_mark("proof")
        self.play(FadeIn(proof), run_time=0.5)
        self.checkpoint("answered")
