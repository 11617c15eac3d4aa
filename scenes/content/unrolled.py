"""Scene 6: the layer written as one matrix o = W x. Every row of W is the filter, shifted;
the same colour runs along diagonals (doubly block Toeplitz). A fully connected layer fills
every entry with a weight of its own.

The contrast's colours promise only what the palette can keep: a layer with more weights than
``distinct_colors`` holds apart (the fully connected one: 144 at the defaults) is not drawn as
that many grey squares pretending to be colours; its panel is one grey block (every entry
filled) or its blanks' pattern in grey (locally connected), and the count says the rest.

    manim -qh scenes/content/unrolled.py UnrolledMatrix
"""
from __future__ import annotations

import numpy as np
from manim import DOWN, RIGHT, UP, UL, FadeIn, FadeOut, Line, Rectangle, Transform, VGroup, Write

from cnncore.examples import dense_layer, untied
from cnncore.params import Limit
from scenes.base import Beat, LectureScene
from scenes.i18n import _
from scenes.visual import palette as P
from scenes.visual.mobjects import (FilterBank, Grid, InputVolume, OutputVolume, Reveal, frame_box, label,
                                    matrix_grid, place)
from scenes.visual.sweep import Sweep
from scenes.visual.layout import BODY, SAFE, TITLE_BOX, title
from scenes.visual.words import mode_name, weights


# Inside the title-safe area, below the title (layout.BODY).
LEFT_COLUMN = (SAFE[0], -2.55)
MATRIX_BOX = (-2.2, SAFE[1], BODY[2], SAFE[3])
PANEL_GAP = 0.35


def block_lines(grid: Grid, trace) -> VGroup:
    """Lines between the blocks of the matrix: input rows / channels (columns), output rows /
    filters (rows). Thick between channels and filters, thin inside them."""
    c, h, w = trace.in_shape
    k, ho, wo = trace.out_shape
    rows, cols = grid.rows, grid.cols
    top = grid.cell(0, 0).get_corner(UL)
    s = grid.cell_size
    out = VGroup()
    for col in range(w, cols, w):
        thick = col % (h * w) == 0
        x = top[0] + col * s
        out.add(Line([x, top[1], 0], [x, top[1] - rows * s, 0], stroke_width=4 if thick else 1.5,
                     stroke_color=P.TEXT if thick else P.MUTED))
    for row in range(wo, rows, wo):
        thick = row % (ho * wo) == 0
        y = top[1] - row * s
        out.add(Line([top[0], y, 0], [top[0] + cols * s, y, 0], stroke_width=4 if thick else 1.5,
                     stroke_color=P.TEXT if thick else P.MUTED))
    return out


class UnrolledMatrix(LectureScene):
    params_key = "unrolled"
    beats = (
        Beat("one-matrix", values=("rows", "cols"), marks=("rows", "cols", "product")),
        Beat("rows"),
        Beat("diagonal", values=("weight",), marks=("every",)),
        Beat("against", values=("local", "dense", "shared")),
    )
    limits = (
        Limit("matrix rows = filters * output_size^2", lambda p: p.filters * p.output_size ** 2, 18,
              "the unrolled matrix has one row per output cell"),
        Limit("matrix columns = channels * input_size^2", lambda p: p.channels * p.input_size ** 2, 27,
              "the unrolled matrix has one column per input cell"),
    )

    def construct(self):
        self.trace = self.layer.trace()
        self.colors = P.weight_colors(self.trace)
        self.local = untied(self.trace)
        self.dense = dense_layer(self.trace, self.layer.seed)
        self.local_colors = P.weight_colors(self.local)
        self.dense_colors = P.weight_colors(self.dense)
        self.lay_out_layer_and_matrix()
        self.each_row_is_the_filter_shifted()
        self.same_colour_same_diagonal()
        self.against_fully_connected()

    # ---- beats ---------------------------------------------------------------------------
    def lay_out_layer_and_matrix(self):
        t = self.trace
        rows, cols = t.unrolled().shape
        self.beat("one-matrix", rows=rows, cols=cols)
        self.title = title(_("The layer as one matrix: o = W x"))
        left, right = LEFT_COLUMN
        self.input = place(InputVolume(t, direction=RIGHT if t.in_shape[0] > 1 else DOWN),
                           left, right, BODY[2], 0.35, align=UP)
        self.filters = place(FilterBank(t, self.colors, direction=DOWN, show_bias=False),
                             left, (left + right) / 2 - 0.1, 0.0, SAFE[3], align=UL)
        self.output = place(OutputVolume(t, direction=DOWN), (left + right) / 2 + 0.1, right, 0.0, SAFE[3],
                            align=UP)
        self.build_matrix()
        self.sweep = Sweep(self, self.input, self.output, self.colors, focus_buff=0.02, fade=True,
                           extras=self._row_frames, reveals=self._row_and_output, reveal_time=None)
        self.add(self.title)
        self.play(FadeIn(self.input), FadeIn(self.filters), FadeIn(self.output), run_time=1)
        self.play(FadeIn(self.matrix_frame), run_time=1)
        for mark, part in (("rows", self.output), ("cols", self.input), ("product", self.matrix_frame)):
            self.until_mark(mark)
            self.point_at(part)   # as it is named

    def build_matrix(self):
        """W (blank, filled row by row), x flattened above it, o flattened to its right."""
        t = self.trace
        ids = t.unrolled()
        rows, cols = ids.shape
        left, right, top, bottom = MATRIX_BOX
        cell = min(0.6, (right - left - 1.0) / (cols + 1.4), (top - bottom - 1.4) / (rows + 1.4))
        self.cell = cell
        self.matrix = matrix_grid(t, self.colors, cell)
        self.blank = Grid([[None] * cols for _row in range(rows)], cell)
        self.x_row = Grid([t.x.ravel().tolist()], cell)
        self.o_col = Grid([[v] for v in t.output.ravel().tolist()], cell)
        for row in self.o_col.numbers:
            row[0].set_opacity(0)
        self.lines = block_lines(self.matrix, t)
        x_title = label(_("input x, flattened"), 20, P.MUTED)
        o_title = label("o", 22, P.MUTED, mono=True)
        w_title = VGroup(label(f"W: {rows} × {cols}", 22, P.TEXT),
                         label(_("blank entry = 0: no connection"), 18, P.MUTED)).arrange(RIGHT, buff=0.4)
        body = VGroup(self.blank, self.matrix, self.lines)
        self.matrix.move_to(self.blank)
        self.lines.shift(self.blank.get_center() - self.matrix.get_center())
        self.x_row.next_to(self.blank, UP, buff=cell * 0.4)
        self.o_col.next_to(self.blank, RIGHT, buff=cell * 0.4)
        x_title.next_to(self.x_row, UP, buff=0.1)
        o_title.next_to(self.o_col, UP, buff=0.1).align_to(x_title, DOWN)
        w_title.next_to(self.blank, DOWN, buff=0.15)
        group = VGroup(body, self.x_row, self.o_col, x_title, o_title, w_title)
        place(group, left, right, top, bottom)
        self.matrix_frame = VGroup(self.blank, self.lines, self.x_row, self.o_col, x_title, o_title, w_title)
        self.x_title, self.o_title, self.w_title = x_title, o_title, w_title

    def row_of(self, n: int) -> VGroup:
        return VGroup(*self.matrix.cells[n], *[v for v in self.matrix.numbers[n] if v is not None])

    def header_tint(self, n: int) -> VGroup:
        """The input cells row n reads, tinted above their columns with their weights' colours."""
        tiles = VGroup()
        for col, wid in enumerate(self.matrix.ids[n]):
            if wid >= 0:
                sq = self.x_row.cell(0, col).copy().set_fill(self.colors[wid], 1)
                num = self.x_row.numbers[0][col].copy().set_color(P.text_on(self.colors[wid]))
                tiles.add(VGroup(sq, num))
        return tiles

    def _row_frames(self, sweep, n):
        """What goes with the window besides it (cross-fading from row to row, nothing slides over
        a number): row n of W framed, the input cells it reads tinted above it, its entry of o
        framed."""
        return [frame_box(VGroup(*self.matrix.cells[n]), buff=0.02), self.header_tint(n),
                frame_box(self.o_col.cell(n, 0), buff=0.02)]

    def _row_and_output(self, sweep, n):
        """Row n of W appears with its entry of o (and the output number, shown by the sweep)."""
        return [FadeIn(self.row_of(n)), Reveal(self.o_col.numbers[n][0])]

    def each_row_is_the_filter_shifted(self):
        self.beat("rows")
        self.sweep.run()
        self.hold(0.5)
        self.play(*self.sweep.clear(), run_time=0.5)

    def same_colour_same_diagonal(self):
        t = self.trace
        ids = self.matrix.ids
        wid = 0
        self.beat("diagonal", weight=t.key_label(wid))
        others = VGroup(*[self.matrix.cells[r][c] for r in range(ids.shape[0]) for c in range(ids.shape[1])
                          if ids[r, c] >= 0 and ids[r, c] != wid])
        nums = VGroup(*[self.matrix.numbers[r][c] for r in range(ids.shape[0]) for c in range(ids.shape[1])
                        if ids[r, c] >= 0 and ids[r, c] != wid])
        note = label(_("{weight}: one colour, one diagonal").format(weight=t.key_label(wid)), 22, self.colors[wid])
        note.next_to(self.w_title, DOWN, buff=0.15)
        self.play(others.animate.set_fill(opacity=0.15), nums.animate.set_opacity(0.15), FadeIn(note), run_time=1)
        self.until_mark("every")
        self.play(others.animate.set_fill(opacity=1), nums.animate.set_opacity(1), FadeOut(note), run_time=0.8)

    @staticmethod
    def panel_body(trace, colors, cell: float):
        """A contrast panel's matrix: in its weights' colours when the palette tells them apart;
        else no colours pretending to: the blanks' pattern in ``UNSHARED`` grey, or (every entry
        filled, the fully connected layer) one grey block with its size written on it."""
        if P.UNSHARED not in colors:
            return matrix_grid(trace, colors, cell, numbers=False)
        ids = trace.unrolled()
        rows, cols = ids.shape
        if (ids >= 0).all():
            block = Rectangle(width=cols * cell, height=rows * cell, fill_color=P.UNSHARED, fill_opacity=0.35,
                              stroke_color=P.UNSHARED, stroke_width=2)
            size = label(f"{rows} × {cols}", 24, P.TEXT)
            place(size, *(np.array([-1, 1, 1, -1]) * (np.array([cols, cols, rows, rows]) * cell / 2 - 0.1)))
            return VGroup(block, size.move_to(block))
        fills = [[P.UNSHARED if i >= 0 else P.CELL_FILL for i in row] for row in ids]
        return Grid([[None] * cols for _row in range(rows)], cell, fills=fills)

    def against_fully_connected(self):
        t, loc, d = self.trace, self.local, self.dense
        self.beat("against", local=loc.n_weights, dense=d.n_weights, shared=t.n_weights)
        rows, cols = t.unrolled().shape
        width = (SAFE[1] - SAFE[0] - 2 * PANEL_GAP) / 3
        cell = min(self.cell, width / cols, 4.4 / rows)
        grey = (_("each used once: too many"), _("to colour apart, so grey"))
        specs = ((t, self.colors, mode_name(t.mode), (_("its weights repeat"), _("along diagonals"))),
                 (loc, self.local_colors, mode_name(loc.mode),
                  (_("same blanks, no repeats"),) if P.UNSHARED not in self.local_colors else grey),
                 (d, self.dense_colors, mode_name(d.mode),
                  (_("every entry its own weight"),) if P.UNSHARED not in self.dense_colors else grey))
        self.panels = []
        for n, (tr, colors, name, notes) in enumerate(specs):
            g = self.panel_body(tr, colors, cell)
            g.move_to(np.array([SAFE[0] + width * (n + 0.5) + PANEL_GAP * n, 0.1, 0]))
            head = label(name, 24, P.MUTED).next_to(g, UP, buff=0.2)
            count = label(weights(tr.n_weights), 30, P.HIGHLIGHT, weight="BOLD").next_to(g, DOWN, buff=0.2)
            why = VGroup(*[label(note, 18, P.TEXT) for note in notes]).arrange(DOWN, buff=0.06)
            why.next_to(count, DOWN, buff=0.12)
            panel = VGroup(head, g, count, why)
            panel.grid, panel.count, panel.why = g, count, why
            panel.grey = P.UNSHARED in colors
            self.panels.append(panel)
        conv, local, dense = self.panels
        top = max(p[0].get_top()[1] for p in self.panels)
        for p in self.panels:
            p[0].align_to(np.array([0, top, 0]), UP)
        # what goes, goes first: the matrix then shrinks into its panel over an empty frame (nothing
        # moves over the input grid or a label), and the panel's words come once it is there
        self.play(FadeOut(self.input), FadeOut(self.filters), FadeOut(self.output),
                  FadeOut(self.matrix_frame), FadeOut(self.matrix.number_group), run_time=0.8)
        self.play(Transform(self.matrix.squares, conv.grid.squares), run_time=1.2)
        self.remove(self.matrix)
        self.add(conv.grid)
        self.play(FadeIn(conv[0]), FadeIn(conv[2:]), run_time=0.6)
        self.checkpoint("convolution panel")
        for panel in (local, dense):
            self.play(FadeIn(panel[:2]), run_time=1.0)
            self.play(Write(panel.count), FadeIn(panel.why), run_time=0.8)
        self.hold()
