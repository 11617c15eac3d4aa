"""Transposed convolution: sharing in the other direction. Every input cell stamps the whole
filter, scaled by its value, onto the output; where stamps overlap they add up (with stride 2,
a checkerboard of overlaps). It is the transpose of the unrolled matrix of the matching
convolution: row n of that W, laid out as the output, is the stamp of input cell n.

    manim -qh scenes/content/transposed.py TransposedConv
"""
from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, UL, UP, FadeIn, FadeOut, Square, VGroup

from cnncore.params import Limit
from cnncore.variants import matching_conv
from scenes.base import Beat, LectureScene
from scenes.i18n import _
from scenes.visual import palette as P
from scenes.visual.layout import BODY, SAFE, title
from scenes.visual.mobjects import FilterBank, Grid, fmt, frame_box, label, matrix_grid, place, sum_terms


# Inside the title-safe area, below the title (layout.BODY, SAFE).
LEFT_BOX = (SAFE[0], -3.75)   # input, then the filter
SUMS_BOX = (-3.45, 1.55)      # the output: running sums
MARKS_BOX = (1.95, SAFE[1])   # the output: which weights landed where
TOP, BOTTOM = BODY[2], -1.05
MATRIX_BOX = (SAFE[0], SAFE[1], -1.35, SAFE[3])


def _canvas(p) -> int:
    """The stamped canvas per side: the transposed output plus what padding crops from it."""
    p = p.as_transposed()
    return p.transposed_output_size + 2 * p.padding


def size_formula(i: int, s: int, k: int, d: int, p: int, a: int, out: int) -> str:
    """The output's side, symbols then this layer's numbers, without the terms that are zero:
    (i-1)·s + d(k-1) + 1 - 2p + a."""
    span = ("k", f"{k}") if d == 1 else ("d·(k-1) + 1", f"{d}·({k}-1) + 1")
    terms = [("(i-1)·s", f"({i}-1)·{s}"), span]
    if p:
        terms.append(("- 2p", f"- 2·{p}"))
    if a:
        terms.append(("+ a", f"+ {a}"))
    join = lambda parts: " ".join(x if x.startswith(("-", "+")) else (f"+ {x}" if n else x)
                                  for n, x in enumerate(parts))
    side = _("output side")
    return f"{side} = {join([sym for sym, _n in terms])} = {join([num for _s, num in terms])} = {out}"


class TransposedConv(LectureScene):
    params_key = "transposed"
    draws_transposed = True   # its table says transposed = true (or gives a convolution to transpose)
    limits = (
        Limit("channels", lambda p: p.as_transposed().channels, 1, "the stamps of one input channel are shown"),
        Limit("filters", lambda p: p.as_transposed().filters, 1, "one output channel is shown"),
        Limit("transposed input_size", lambda p: p.as_transposed().input_size, 5,
              "every input cell's stamp is animated"),
        Limit("transposed output size + 2*padding = (i-1)s + d(k-1) + output_padding + 1", _canvas, 9,
              "the whole stamped canvas is drawn twice side by side"),
    )
    beats = (
        # the output's side said: (in - 1) x stride + span (d(k-1) + 1), - cropped (2 x padding), + extra (output padding)
        Beat("other-way", values=("in_rows", "in_cols", "out_rows", "out_cols", "stride", "span", "cropped", "extra"),
             marks=("becomes", "size", "stamps", "filter")),
        Beat("stamps", values=("stride",), marks=("multiply",)),
        # kinds: how many different stamp counts there are; others: all but the largest ("1, 2"), last: the largest
        Beat("overlaps", values=("stride", "kinds", "others", "last", "most"), marks=("stride", "adds")),
        Beat("matrix", values=("out_rows", "out_cols", "in_rows", "in_cols", "row"),
             marks=("matrix", "row", "laid", "transposed")),
    )

    def construct(self):
        self.trace = self.layer.as_transposed().transposed_trace()
        self.conv = matching_conv(self.trace)
        self.colors = P.weight_colors(self.conv)   # the same weight ids as the transposed layer
        self.lay_out()
        self.stamps()
        self.overlaps_add_up()
        self.the_transposed_matrix()

    # ---- layout ------------------------------------------------------------------------------
    def lay_out(self):
        t = self.trace
        (h, w), (oh, ow) = t.in_shape[1:], t.out_shape[1:]
        s, pad, d, a = t.stride[0], t.padding[0], t.dilation[0], t.output_padding[0]
        k = t.tap_shape[1]
        self.beat("other-way", in_rows=h, in_cols=w, out_rows=oh, out_cols=ow, stride=s, span=d * (k - 1) + 1,
                  cropped=2 * pad, extra=a)
        self.title = title(_("Transposed convolution: every input cell stamps the filter"))
        x = Grid(t.x[0], 0.6)
        self.input_grid = x
        x_group = VGroup(label(_("input x"), 20, P.TEXT, mono=True).next_to(x, UP, buff=0.12), x)
        # w0's channel-0 slice of the running layer, named as everywhere else
        self.filters = FilterBank(self.conv, self.colors, cell_size=0.6, show_bias=False, title_size=20)
        left = VGroup(x_group, self.filters).arrange(DOWN, buff=0.45, aligned_edge=LEFT)
        place(left, *LEFT_BOX, TOP, MATRIX_BOX[2] + 0.05, align=UL)
        hc, wc = t.canvas_shape[1:]
        cell = min(0.62, (SUMS_BOX[1] - SUMS_BOX[0]) / wc, (TOP - BOTTOM - 0.5) / hc)
        self.cell_size = cell
        ph, pw = t.padding
        self.cropped = [[not (ph <= r < ph + oh and pw <= q < pw + ow) for q in range(wc)] for r in range(hc)]
        fills = [[P.PADDING_FILL if self.cropped[r][q] else P.CELL_FILL for q in range(wc)] for r in range(hc)]
        self.sums = Grid([[None] * wc for _ in range(hc)], cell, fills=fills)
        self.marks_grid = Grid([[None] * wc for _ in range(hc)], cell, fills=fills)
        for g, box, head in ((self.sums, SUMS_BOX, _("output o: the stamps add up")),
                             (self.marks_grid, MARKS_BOX, _("which weights landed here"))):
            g.move_to(np.array([(box[0] + box[1]) / 2, 0, 0])).align_to(np.array([0, TOP - 0.45, 0]), UP)
            g.head = place(label(head, 20, P.TEXT), box[0], box[1], TOP + 0.1, TOP - 0.35)
        self.size_text = place(label(size_formula(h, s, k, d, pad, a, oh), 24, P.TEXT, mono=True),
                               SUMS_BOX[0], MARKS_BOX[1], BOTTOM - 0.1, BOTTOM - 0.62, align=LEFT)
        parts = [self.sums, self.sums.head, self.marks_grid, self.marks_grid.head, self.size_text]
        if pad:   # the canvas is drawn whole: its border, dimmed, is what padding crops away
            self.sums.head = place(label(_("output o (dim border: cropped by padding {pad})").format(pad=pad),
                                         20, P.TEXT),
                                   SUMS_BOX[0], SUMS_BOX[1], TOP + 0.1, TOP - 0.35)
            parts[1] = self.sums.head
        self.sum_labels = {}   # canvas cell (c, r, s) -> the running sum shown there
        self.marks = {}        # canvas cell (r, s) -> [(weight id, square)], in stamp order
        self.add(self.title)
        self.play(FadeIn(x_group), run_time=0.8)
        self.until_mark("becomes")
        self.play(*[FadeIn(m) for m in parts if m is not self.size_text], run_time=1.0)
        self.until_mark("size")
        self.play(FadeIn(self.size_text), run_time=0.6)
        self.until_mark("stamps")
        self.play(FadeIn(self.filters), run_time=0.8)
        self.until_mark("filter")
        self.point_at(self.filters, buff=0.08, hold=0.8)

    def stamp_tiles(self, st) -> VGroup:
        """The stamp of one input cell: a tile in each weight's colour, value x weight written on it."""
        tiles = VGroup()
        for (c, r, q), wid, prod in zip(st.positions, st.weight_ids, st.products):
            target = self.sums.cell(int(r), int(q))
            color = self.colors[int(wid)]
            sq = Square(target.width, stroke_color=P.GRID_LINE, stroke_width=1.5, fill_color=color, fill_opacity=1)
            num = label(fmt(prod), self.cell_size * 40, P.text_on(color))
            if num.width > 0.8 * target.width:
                num.scale(0.8 * target.width / num.width)
            tiles.add(VGroup(sq, num.move_to(sq)).move_to(target))
        return tiles

    def mark(self, r: int, q: int, wid: int) -> Square:
        """The next weight to land in canvas cell (r, q): one tile of the cell split n x n (n x n
        at least the most stamps any cell receives), in the weight's colour, in landing order:
        as large as the cell allows, so a viewer sees on a phone which weights met there."""
        side = self.mark_side
        row, col = divmod(len(self.marks.get((r, q), [])), side)
        target = self.marks_grid.cell(r, q)
        pitch = target.width * 0.92 / side
        sq = Square(pitch * 0.88, stroke_width=0, fill_color=self.colors[wid], fill_opacity=1)
        return sq.move_to(target.get_center() + np.array([(col - (side - 1) / 2) * pitch,
                                                          -(row - (side - 1) / 2) * pitch, 0]))

    # ---- beats -------------------------------------------------------------------------------
    def stamps(self):
        t = self.trace
        cells = t.input_cells()
        self.mark_side = int(np.ceil(np.sqrt(t.counts_after(len(cells)).max())))
        self.beat("stamps", stride=t.stride[0])
        box = None
        self.stamps_shown = []
        self.sums_after = []   # after every stamp: canvas cell -> the running sum written there
        for n, (k, i, j) in enumerate(cells):
            run = self.pace.step_time(n)
            st = t.stamp(k, i, j)
            tiles = self.stamp_tiles(st)
            new_box = frame_box(self.input_grid.cell(i, j), buff=0.02)
            note = place(label(_("stamp {n} of {total}: {cell} = {value}, times every weight").format(
                n=n + 1, total=len(cells), cell=f"x[{i},{j}]", value=fmt(st.value)),
                22, P.TEXT), SUMS_BOX[0], MARKS_BOX[1], BOTTOM - 0.65, BOTTOM - 1.05, align=LEFT)
            swap = [FadeIn(note)] if box is None else [FadeOut(self.stamp_note), FadeIn(note)]
            # nothing slides over a number: the box cross-fades to the next cell, and the stamp
            # (every weight's colour, value x weight written on it) fades in where it lands
            move = [FadeIn(new_box)] + ([FadeOut(box)] if box is not None else [])
            self.stamp_note, box = note, new_box
            if n == 0:   # the first cell is taken, then its stamp is laid as the voice says so
                self.play(*move, *swap, run_time=run * 0.5)
                self.until_mark("multiply")
                move, swap = [], []
            self.play(*move, *swap, *[FadeIn(tile) for tile in tiles], run_time=run)
            # the stamp settles: the running sums of the cells it touched, and its weights' marks
            after = t.canvas_after(n + 1)
            updates, new_marks = [], VGroup()
            for (c, r, q), wid in zip(st.positions, st.weight_ids):
                c, r, q, wid = int(c), int(r), int(q), int(wid)
                text = label(fmt(after[c, r, q]), self.cell_size * 40, P.MUTED if self.cropped[r][q] else P.TEXT)
                if text.width > 0.86 * self.cell_size:
                    text.scale(0.86 * self.cell_size / text.width)
                text.move_to(self.sums.cell(r, q))
                old = self.sum_labels.get((c, r, q))
                updates += [FadeIn(text)] + ([FadeOut(old)] if old is not None else [])
                self.sum_labels[(c, r, q)] = text
                sq = self.mark(r, q, wid)
                self.marks.setdefault((r, q), []).append((wid, sq))
                new_marks.add(sq)
            self.play(*updates, FadeIn(new_marks), *[FadeOut(part) for tile in tiles for part in tile],
                      run_time=run * 0.7)
            self.sums_after.append({key: text.text for key, text in self.sum_labels.items()})
            self.stamps_shown.append((k, i, j))
        prev = box
        self.play(FadeOut(prev), FadeOut(self.stamp_note), run_time=0.4)
        self.hold(0.5)

    def overlaps_add_up(self):
        t = self.trace
        counts = t.overlap_counts[0]
        most = int(counts.max())
        C, oh, ow = t.out_shape
        ph, pw = t.padding
        r, q = (int(v) for v in np.argwhere(counts == most)[len(np.argwhere(counts == most)) // 2])
        cell = t.cell(0, r, q)
        kinds = sorted(set(int(v) for v in np.unique(counts)))   # how many stamps output cells receive
        self.beat("overlaps", stride=t.stride[0], kinds=len(kinds), others=", ".join(str(v) for v in kinds[:-1]),
                  last=kinds[-1], most=most)
        self.count_labels = {}
        dim, nums = [], VGroup()
        for rr in range(oh):
            for qq in range(ow):
                n = int(counts[rr, qq])
                text = label(str(n), self.cell_size * 40, P.HIGHLIGHT, weight="BOLD")
                text.move_to(self.marks_grid.cell(rr + ph, qq + pw))
                self.count_labels[(rr, qq)] = text
                nums.add(text)
        marks = VGroup(*[sq for here in self.marks.values() for _, sq in here])
        self.until_mark("stride")
        self.play(marks.animate.set_fill(opacity=0.3), FadeIn(nums), run_time=1.0)
        # one cell's sum, written out from its trace
        self.focus_cell = (r, q)
        boxes = VGroup(frame_box(self.sums.cell(r + ph, q + pw), buff=0.02),
                       frame_box(self.marks_grid.cell(r + ph, q + pw), buff=0.02))
        bias = f" + b {fmt(cell.bias)}" if cell.bias != 0 else ""
        self.sum_text = place(label(f"o[{r},{q}] = {sum_terms(cell.products)}{bias} = {fmt(cell.total)}", 22,
                                    P.HIGHLIGHT, mono=True), SUMS_BOX[0], MARKS_BOX[1], BOTTOM - 0.65,
                              BOTTOM - 1.05, align=LEFT)
        self.until_mark("adds")
        self.play(FadeIn(boxes), FadeIn(self.sum_text), run_time=1.0)
        self.hold()
        self.play(FadeOut(boxes), run_time=0.4)

    def the_transposed_matrix(self):
        t, conv = self.trace, self.conv
        K, h, w = t.in_shape
        n = len(t.input_cells()) // 2
        k, i, j = t.input_cells()[n]
        rows, cols = conv.unrolled().shape
        self.beat("matrix", out_rows=t.out_shape[1], out_cols=t.out_shape[2], in_rows=h, in_cols=w, row=n + 1)
        left, right, top, bottom = MATRIX_BOX
        cell = min(0.3, (right - left) / (cols + 1), (top - bottom - 0.9) / rows)
        self.matrix = matrix_grid(conv, self.colors, cell, numbers=False)
        head = label(_("W of the convolution {out_rows}×{out_cols} → {in_rows}×{in_cols} ({rows} × {cols}):"
                       " its row {row} (boxed) is the stamp of {cell};   o = Wᵀ x").format(
            out_rows=t.out_shape[1], out_cols=t.out_shape[2], in_rows=h, in_cols=w, rows=rows, cols=cols,
            row=n + 1, cell=f"x[{i},{j}]"), 20, P.TEXT)
        group = VGroup(head, self.matrix).arrange(DOWN, buff=0.12)
        place(group, left, right, top, bottom)
        self.matrix_head = head
        self.play(FadeOut(self.sum_text), FadeOut(self.size_text), run_time=0.4)
        self.until_mark("matrix")
        self.play(FadeIn(group), run_time=1.0)
        row = VGroup(*self.matrix.cells[n])
        self.row_box = frame_box(row, buff=0.02)
        self.until_mark("row")
        self.play(FadeIn(self.row_box), FadeIn(frame_box(self.input_grid.cell(i, j), buff=0.02)), run_time=0.8)
        # row n of W, cell by cell, on the output cells it connects: the stamp of input cell n
        C, oh, ow = t.out_shape
        ph, pw = t.padding
        ids = self.matrix.ids[n]
        moved, self.row_on_output = [], {}
        for col, wid in enumerate(ids):
            if wid < 0:
                continue
            c, rest = divmod(col, oh * ow)
            r, q = divmod(rest, ow)
            target = self.sums.cell(r + ph, q + pw)
            color = self.colors[int(wid)]
            tile = Square(target.width, stroke_color=P.GRID_LINE, stroke_width=1.5,
                          fill_color=color, fill_opacity=1).move_to(target)
            value = label(fmt(t.weight_values[wid]), self.cell_size * 40, P.text_on(color)).move_to(target)
            tile = VGroup(tile, value)
            self.row_on_output[(r, q)] = (int(wid), tile)
            moved.append(FadeIn(tile))   # appears in place: nothing flies over the sums
        under = [self.sum_labels[(c, r + ph, q + pw)] for c in range(C) for r in range(oh) for q in range(ow)
                 if (r, q) in self.row_on_output and (c, r + ph, q + pw) in self.sum_labels]
        self.until_mark("laid")
        self.play(*moved, *[FadeOut(m) for m in under], run_time=1.5)   # the stamp covers those sums
        self.until_mark("transposed")
        self.point_at(head, buff=0.06, hold=1.5)
        self.hold()
