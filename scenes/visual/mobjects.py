"""The lecture's visual language: one mobject per concept, all drawn from a cnncore trace.

* ``Grid``          -- the one way to draw a 2-D array of numbers as cells.
* ``InputVolume``   -- the input's channels (padding dimmed), ``x[:,:,d]`` in the demo's notation.
* ``FilterBank``    -- every filter as its channel slices; each weight in its own colour + label.
* ``OutputVolume``  -- the output's depth slices; numbers appear as they are computed.
* ``WindowTint``    -- the filter laid on the input: every input cell under the window tinted
                       with the colour of the weight it is multiplied by.
* ``CellArithmetic``-- products, per-channel partial sums, bias and total of one output cell.

Scenes do no arithmetic: every number and colour here is read from the trace.
Building a ``Text`` costs 10-50 ms (Pango, then parsing its SVG), so every label is made once:
kept in memory for the process and on disk for later runs (``label``).
"""
from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

import manim
import manimpango
import numpy as np
from manim import (DOWN, LEFT, ORIGIN, RIGHT, UP, AnimationGroup, FadeIn, FadeOut, Rectangle, Square, SurroundingRectangle, Text,
                   Transform, VGroup, VMobject, smooth)

from scenes import manim_ext
from scenes.files import atomic_write_bytes
from scenes.visual import palette as P
from scenes.visual.words import fmt, signed, sum_terms, times  # noqa: F401  (re-exported)

FONT = "DejaVu Sans"
MONO = "DejaVu Sans Mono"

_LABELS: dict[tuple, "Label"] = {}
LABEL_CACHE_ENV = "LECTURE_LABEL_CACHE"   # another folder for made labels (tests share one)
_LABEL_FORMAT = 2   # bump when Label changes: stored labels are keyed on it (2: one per outline, any colour)


class Label(VMobject):
    """Text as one path: every glyph outline of a cached Pango ``Text``, copied into a single
    ``VMobject``.

    Building a ``Text`` costs ~10 ms, and so does copying one (a deep copy drags its SVG
    parse along); a ``Label`` is built from the cached outlines in a fraction of that. Being one
    path rather than a group of glyphs, it is one Cairo draw per frame instead of one per glyph,
    which is most of what a frame costs when numbers move. ``text`` keeps the string it shows.

    ``size`` is the font size it was made at (``label``) and ``made_span`` the distance then
    between two points of its outline (``span``), so ``effective_size()`` reads the size it
    shows at now, however it was scaled since (``scenes.visual.layout`` turns that into pixels
    at 1080p).
    """

    size: float | None = None    # the font size it was made at (None: not made by label())
    made_span: tuple | None = None   # (i, j, distance): its outline's points i and j, as made

    def span(self) -> tuple | None:
        """Two points of the outline far apart (its lowest-left and its highest-right) and their
        distance: a scale that moving or turning the label leaves alone (None: a blank label)."""
        pts = self.points[:, :2]
        if len(pts) < 2:
            return None
        diagonal = pts.sum(1)
        i, j = int(diagonal.argmin()), int(diagonal.argmax())
        d = float(np.hypot(*(pts[j] - pts[i])))
        return (i, j, d) if d > 0 else None

    def effective_size(self) -> float | None:
        """The font size this label shows at now: the size it was made at times how much it has
        been scaled since (None for a label not made by ``label()``, or a blank one)."""
        if self.size is None or self.made_span is None:
            return None
        i, j, d = self.made_span
        pts = self.points
        if len(pts) <= max(i, j):   # its outline was remade with other points: measure it again
            now = self.span()
            return None if now is None else self.size * now[2] / d
        return self.size * float(np.hypot(*(pts[j, :2] - pts[i, :2]))) / d

    def __init__(self, text: str, proto: Text, **kwargs):
        super().__init__(**kwargs)
        self.text = text
        glyphs = [g for g in proto.submobjects if g.has_points()]
        if glyphs:
            self.set_points(np.concatenate([g.points for g in glyphs]))
            self.match_style(glyphs[0])
        else:   # blank text: an invisible point where the text would be
            self.set_points(np.repeat(proto.get_center()[None, :], 4, axis=0))
            self.set_fill(proto.get_color(), 0).set_stroke(width=0)


def label(text: str, size: float = 24, color: str = P.TEXT, mono: bool = False, weight: str = "NORMAL") -> Label:
    """The one way to put words or numbers on screen (Pango ``Text`` underneath, no LaTeX).

    Each distinct label is made once per process and kept on disk (``label_cache_dir``): a later
    run, or another scene of the build, loads it in a fraction of a millisecond instead of
    running Pango and parsing its SVG again. A copy of the made label is returned."""
    key = (text, round(size, 3), color, mono, weight)
    made = _LABELS.get(key)
    if made is None:
        made = _LABELS[key] = _stored_label(key)
        made.size, made.made_span = key[1], made.span()   # its size, read after any scaling
    return made.copy()


def label_cache_dir() -> Path:
    """Where made labels are kept: ``$LECTURE_LABEL_CACHE``, else beside Manim's own cache of
    text (``<media_dir>/texts/labels``), shared by every scene and run of a build."""
    return Path(os.environ.get(LABEL_CACHE_ENV) or Path(manim.config.get_dir("text_dir")) / "labels")


def _stored_label(key: tuple) -> Label:
    """The label for ``key``: its outline made once per text, size and font (in this process, or
    from disk), in the colour asked for. The colour is only the fill (a ``Text`` in another
    colour has the same points and the same white, zero-width stroke), so one outline serves every
    colour (``tests/test_label_cache.py`` checks that the result equals a ``Text`` made in that
    colour)."""
    text, size, color, mono, weight = key
    shape = (text, size, mono, weight)
    made = _SHAPES.get(shape)
    if made is None:
        made = _SHAPES[shape] = _stored_shape(shape, color)
    return made.copy().set_fill(color)


_SHAPES: dict[tuple, Label] = {}   # (text, size, mono, weight) -> a label of that outline


def _stored_shape(shape: tuple, color: str) -> Label:
    """A label of outline ``shape`` from disk, or made (in ``color``) and stored, atomically
    (scenes render in parallel). Keyed on its text, size and font and on Manim's and Pango's
    versions; not on the font files (as Manim's own text cache is not): after changing fonts,
    delete the folder."""
    name = hashlib.sha256(repr((_LABEL_FORMAT, shape, manim.__version__, manimpango.__version__))
                          .encode()).hexdigest()[:32]
    path = label_cache_dir() / f"{name}.pickle"
    try:
        made = pickle.loads(path.read_bytes())
        if isinstance(made, Label) and made.text == shape[0]:
            return made
    except Exception:   # not there yet, or unreadable: make it again
        pass
    text, size, mono, weight = shape
    make = manim_ext.text_class()   # PangoText (Manim's Text, read faster) or, on stock Manim, Text
    made = Label(text, make(text, font=MONO if mono else FONT, font_size=size, color=color, weight=weight))
    try:
        atomic_write_bytes(path, pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:   # a read-only or full disk: the label is still right, only not kept
        pass
    return made


NUMBER_FIT = 0.74   # a number takes at most this share of its cell's width and height


_UNIT_SQUARE: Square | None = None
_TILES: dict[tuple, Square] = {}


def tile(side: float, fill: str, stroke_color: str = P.GRID_LINE, stroke_width: float = 0.0) -> Square:
    """A filled square of ``side``, centred on the origin: a copy of one unit Square made once
    (the same points and style as ``Square(side, ...)``, at a third of the cost; grids and
    windows make thousands), scaled and coloured once per size and style, then copied."""
    global _UNIT_SQUARE
    key = (side, fill, stroke_color, stroke_width)
    made = _TILES.get(key)
    if made is None:
        if _UNIT_SQUARE is None:
            _UNIT_SQUARE = Square(1.0, fill_opacity=1)
        made = _TILES[key] = _UNIT_SQUARE.copy().scale(side)
        made.set_fill(fill, 1).set_stroke(stroke_color, stroke_width)
    return made.copy()


class Grid(VGroup):
    """A rows x cols array of square cells, each with an optional number on top (shrunk to fit
    its cell when it is long).

    ``values`` may hold ``None`` for an empty cell. ``fills`` gives a fill colour per cell
    (default: ``palette.CELL_FILL``). Numbers are coloured for contrast with their fill.
    ``cells[r][c]`` is the square, ``numbers[r][c]`` its Text (or None).
    """

    def __init__(self, values, cell_size: float = 0.5, fills=None, font_size: float | None = None,
                 number_color: str | None = None, stroke_color: str = P.GRID_LINE, **kwargs):
        super().__init__(**kwargs)
        arr = np.asarray(values, dtype=object)
        rows, cols = arr.shape
        self.rows, self.cols, self.cell_size = rows, cols, cell_size
        size = font_size or cell_size * 44
        self.cells = []
        self.numbers = []
        squares, numbers = VGroup(), VGroup()
        for r in range(rows):
            row_cells, row_numbers = [], []
            for c in range(cols):
                fill = fills[r][c] if fills is not None else P.CELL_FILL
                sq = tile(cell_size, fill, stroke_color, 1.5)
                sq.move_to(np.array([c * cell_size, -r * cell_size, 0]))
                squares.add(sq)
                row_cells.append(sq)
                v = arr[r, c]
                if v is None:
                    row_numbers.append(None)
                    continue
                t = label(fmt(v), size, number_color or P.text_on(fill))
                # long numbers (e.g. -182) shrink to fit their cell with a visible margin, clear
                # of the grid line and of a highlight frame (tests/test_numbers_in_cells.py)
                fit = min(NUMBER_FIT * cell_size / t.width, NUMBER_FIT * cell_size / max(t.height, 1e-9))
                if fit < 1:
                    t.scale(fit)
                t.move_to(sq)
                numbers.add(t)
                row_numbers.append(t)
            self.cells.append(row_cells)
            self.numbers.append(row_numbers)
        self.squares, self.number_group = squares, numbers
        self.add(squares, numbers)
        self.move_to(ORIGIN)

    def cell(self, r: int, c: int) -> Square:
        return self.cells[r][c]


def matrix_grid(trace, colors, cell: float, numbers: bool = True) -> Grid:
    """The unrolled matrix of a trace: entry (row, col) in the colour of its weight id, its
    value on it; empty entries (no connection: a zero) blank."""
    ids = trace.unrolled()
    vals = trace.unrolled_values()
    fills = [[colors[i] if i >= 0 else P.CELL_FILL for i in row] for row in ids]
    values = [[vals[r, c] if ids[r, c] >= 0 and numbers else None for c in range(ids.shape[1])]
              for r in range(ids.shape[0])]
    g = Grid(values, cell, fills=fills)
    g.ids = ids
    return g


def _titled(body: VMobject, title: str, size: float, color: str = P.TEXT, buff: float = 0.12) -> VGroup:
    t = label(title, size, color, mono=True)
    t.next_to(body, UP, buff=buff)
    return VGroup(t, body)


class InputVolume(VGroup):
    """The (padded) input, one grid per channel, titled ``x[:,:,d]`` as in the CS231n demo.

    Padding cells are dimmed zeros. ``cell(c, r, s)`` takes padded coordinates, as the trace does.
    """

    def __init__(self, trace, cell_size: float = 0.42, direction=DOWN, buff: float = 0.35,
                 title: str = "x[:,:,{c}]", title_size: float = 20, **kwargs):
        super().__init__(**kwargs)
        c_n, hp, wp = trace.x_padded.shape
        ph, pw = trace.padding
        h, w = trace.x.shape[1:]
        self.grids = []
        for c in range(c_n):
            pad = [[not (ph <= r < ph + h and pw <= s < pw + w) for s in range(wp)] for r in range(hp)]
            fills = [[P.PADDING_FILL if pad[r][s] else P.CELL_FILL for s in range(wp)] for r in range(hp)]
            g = Grid(trace.x_padded[c], cell_size, fills=fills)
            for r in range(hp):
                for s in range(wp):
                    if pad[r][s]:
                        g.numbers[r][s].set_color(P.MUTED)  # dimmed, still 4.5:1 on its cell
            self.grids.append(g)
            self.add(_titled(g, title.format(c=c), title_size))
        self.arrange(direction, buff=buff)

    def cell(self, c: int, r: int, s: int) -> Square:
        return self.grids[c].cell(r, s)

    def number(self, c: int, r: int, s: int) -> Label:
        return self.grids[c].numbers[r][s]


class FilterBank(VGroup):
    """Every filter as its channel slices; each weight cell filled with its own colour.

    ``filters[k]`` is filter k (its slices stacked like the input's channels) with its title
    ``w{k}[:,:,d]`` and its bias ``b{k} = ...``. ``weight_cell(wid)`` finds the cell of a weight id.
    ``slices[k][c]`` is the (title, grid) group of slice c of filter k, ``grids[k][c]`` its grid.

    ``labels=True`` writes each weight's name (``weight_label``) under its value, so colour is
    never the only cue (give cells of ~0.7 or more); ``weight_labels[wid]`` is that label.
    """

    def __init__(self, trace, colors=None, cell_size: float = 0.42, slice_buff: float = 0.35,
                 filter_buff: float = 0.5, direction=DOWN, title_size: float = 20,
                 show_bias: bool = True, labels: bool = False, title: str = "w{k}[:,:,{c}]",
                 **kwargs):
        super().__init__(**kwargs)
        assert trace.mode == "shared", "a filter bank draws a shared (convolutional) layer"
        colors = colors or P.weight_colors(trace)
        K = trace.out_shape[0]
        c_n, fh, fw = trace.tap_shape
        w = trace.weight_values.reshape((K, c_n, fh, fw))
        self.filters, self._cells = [], {}
        self.slices, self.grids, self.weight_labels = [], [], {}
        for k in range(K):
            slices = VGroup()
            self.slices.append([])
            self.grids.append([])
            for c in range(c_n):
                base = (k * c_n + c) * fh * fw
                fills = [[colors[base + u * fw + v] for v in range(fw)] for u in range(fh)]
                g = Grid(w[k, c], cell_size, fills=fills,
                         font_size=cell_size * 34 if labels else None)
                for u in range(fh):
                    for v in range(fw):
                        self._cells[base + u * fw + v] = g.cell(u, v)
                        if labels:
                            sq, wid = g.cell(u, v), base + u * fw + v
                            g.numbers[u][v].move_to(sq.get_center() + UP * cell_size * 0.16)
                            name = label(weight_label(trace, wid), cell_size * 11.5, P.text_on(fills[u][v]),
                                         mono=True)
                            name.move_to(sq.get_center() + DOWN * cell_size * 0.27)
                            g.number_group.add(name)
                            self.weight_labels[wid] = name
                s = _titled(g, title.format(k=k, c=c), title_size, P.filter_color(k))
                slices.add(s)
                self.slices[k].append(s)
                self.grids[k].append(g)
            slices.arrange(direction, buff=slice_buff)
            parts = [slices]
            if show_bias:
                b = label(f"b{k} = {fmt(trace.bias_values[k])}", title_size, P.filter_color(k), mono=True)
                b.next_to(slices, DOWN if direction is DOWN else RIGHT, buff=0.25)
                parts.append(b)
            f = VGroup(*parts)
            self.filters.append(f)
            self.add(f)
        if direction is DOWN:
            self.arrange(RIGHT, buff=filter_buff, aligned_edge=UP)
        else:
            self.arrange(DOWN, buff=filter_buff, aligned_edge=LEFT)

    def weight_cell(self, weight_id: int) -> Square:
        return self._cells[int(weight_id)]


class OutputVolume(VGroup):
    """The output's depth slices ``o[:,:,k]``; numbers are built hidden and shown by ``reveal``
    (or made visible with ``set_opacity(1)``)."""

    def __init__(self, trace, cell_size: float = 0.42, direction=DOWN, buff: float = 0.35,
                 title_size: float = 20, **kwargs):
        super().__init__(**kwargs)
        self.grids = []
        for k in range(trace.out_shape[0]):
            g = Grid(trace.output[k], cell_size)
            for row in g.numbers:
                for t in row:
                    t.set_opacity(0)
            self.grids.append(g)
            self.add(_titled(g, f"o[:,:,{k}]", title_size, P.filter_color(k)))
        self.arrange(direction, buff=buff)

    def cell(self, k: int, i: int, j: int) -> Square:
        return self.grids[k].cell(i, j)

    def reveal(self, k: int, i: int, j: int, **kwargs) -> "Reveal":
        """The animation that shows output number (k, i, j)."""
        return Reveal(self.number(k, i, j), **kwargs)

    def number(self, k: int, i: int, j: int) -> Text:
        return self.grids[k].numbers[i][j]


class Reveal(FadeIn):
    """Show a hidden part of a larger mobject (an output number inside its volume).

    Animating the part in place would make Cairo redraw, every frame, everything added to the
    scene after that larger mobject; instead a copy fades in on top, and when it is in place
    the part itself is made visible and the copy goes. The end state is the part, shown.
    """

    def __init__(self, hidden: VMobject, **kwargs):
        self.hidden = hidden
        super().__init__(hidden.copy().set_opacity(1), **kwargs)

    def clean_up_from_scene(self, scene) -> None:
        super().clean_up_from_scene(scene)
        scene.remove(self.mobject)
        self.hidden.set_opacity(1)


class Replace(AnimationGroup):
    """``old`` becomes ``new`` without any half-formed text: its shapes move and recolour into
    ``new``'s shapes (a ``Transform``), while its labels fade out in the first half of the play and
    ``new``'s labels fade in, in place, in the second: no frame shows two texts on top of each
    other either. A label whose text, place and size are the same in both stays on screen (only
    its colour may change). Afterwards the scene holds ``new`` itself (as after ``ReplacementTransform``), last in
    its mobject list, so its labels' ``text`` is what they show.

    Use it for anything with text in it that changes (a window with its numbers, a counter, an
    arithmetic block, an address); use ``ReplacementTransform`` only for pure shapes.
    """

    def __init__(self, old: VMobject, new: VMobject, **kwargs):
        self.old, self.new = old, new
        shapes = [_leaves(old, lambda m: not isinstance(m, Label)),
                  _leaves(new, lambda m: not isinstance(m, Label))]
        old_text, new_text = list(_leaves(old, _is_label)), list(_leaves(new, _is_label))
        # a label with the same text at the same place stays (it may change colour)
        waiting: dict = {}
        for m in old_text:
            waiting.setdefault(_where(m), []).append(m)
        kept = [], []
        for m in new_text:
            same = waiting.get(_where(m))
            if same:
                kept[0].append(same.pop(0))
                kept[1].append(m)
        gone = [m for m in old_text if not any(m is k for k in kept[0])]
        come = [m for m in new_text if not any(m is k for k in kept[1])]
        parts = []
        if len(shapes[0]) or len(shapes[1]):
            parts.append(Transform(*shapes))
        if kept[0]:
            parts.append(Transform(VGroup(*kept[0]), VGroup(*kept[1])))
        if gone:
            parts.append(FadeOut(VGroup(*gone), rate_func=_first_half))
        if come:
            parts.append(FadeIn(VGroup(*come), rate_func=_second_half))
        super().__init__(*parts, **kwargs)

    def clean_up_from_scene(self, scene) -> None:
        super().clean_up_from_scene(scene)
        scene.remove(self.mobject, self.old, *[a.mobject for a in self.animations])
        scene.add(self.new)


def _first_half(t: float) -> float:
    return smooth(min(1.0, 2 * t))


def _second_half(t: float) -> float:
    return smooth(max(0.0, 2 * t - 1))


def _where(m: "Label") -> tuple:
    """A label's text and place, for finding the same label in two versions of a picture."""
    x, y = m.get_center()[:2]
    return m.text, round(float(x), 3), round(float(y), 3), round(float(m.height), 3)


def _is_label(m) -> bool:
    return isinstance(m, Label)


def _leaves(mob: VMobject, keep) -> VGroup:
    """The drawn parts of ``mob`` that ``keep`` accepts, as one group (they stay in ``mob`` too)."""
    return VGroup(*[m for m in mob.get_family() if m.has_points() and keep(m)])


class WindowTint(VGroup):
    """The filter laid on the input at one output cell: every input cell the window reads is
    covered by a tile in the colour of the weight that multiplies it (the input's number stays
    readable on it), with an outline around the window in every channel.

    ``squares[t]`` is tap t's coloured tile, ``numbers[t]`` the input's number written on it,
    ``outlines`` the frames around the window (one per channel). Tiles and outlines are shapes,
    numbers are text: moving the window (``Replace``) slides the shapes and cross-fades the
    numbers, so no digit ever morphs into another.

    This is the one place that turns a trace cell into highlights on the input.
    """

    def __init__(self, input_volume: InputVolume, cell_trace, colors, **kwargs):
        super().__init__(**kwargs)
        self.squares, self.numbers = VGroup(), VGroup()
        for (c, r, s), wid in zip(cell_trace.positions, cell_trace.weight_ids):
            target = input_volume.cell(int(c), int(r), int(s))
            color = colors[int(wid)]
            square = tile(target.width, color, P.GRID_LINE, 1.5).move_to(target)
            # the input's own number, as large as on its cell, coloured for 4.5:1 on the tile
            number = input_volume.number(int(c), int(r), int(s)).copy().set_fill(P.text_on(color), 1)
            self.squares.add(square)
            self.numbers.add(number.move_to(target))
        self.outlines = VGroup()
        for c in sorted(set(int(c) for c in cell_trace.channels)):
            taps = [t for t, ch in zip(self.squares, cell_trace.channels) if ch == c]
            self.outlines.add(SurroundingRectangle(VGroup(*taps), color=P.HIGHLIGHT, buff=0.0, stroke_width=4))
        self.add(self.squares, self.numbers, self.outlines)


class CellArithmetic(VGroup):
    """The arithmetic of one output cell, from its trace.

    One row per channel: the products as a small grid, each product in the colour of its weight,
    then the channel's partial sum. Last row: partial sums + bias = total.

    ``direction=RIGHT`` puts the channel blocks side by side instead (each block: its heading
    over its products grid, the partial sum to the right), so a scene can set each block under
    its channel. ``names`` (e.g. ``("R", "G", "B")``) turns the total into a labelled sum: every
    partial sum with its channel's name under it, then the bias ``b{k}``, then ``= total``.
    ``grids[c]``, ``sums[c]`` are channel c's products grid and partial-sum label;
    ``terms`` (labelled sum only) are the (value, name) columns and ``result`` the total's label.
    """

    def __init__(self, trace, cell_trace, colors, cell_size: float = 0.36, font_size: float = 20,
                 direction=DOWN, names=None, head: str = "w{k}[:,:,{c}] · x[:,:,{c}]", **kwargs):
        super().__init__(**kwargs)
        c_n, fh, fw = trace.tap_shape
        k = cell_trace.k
        rows = VGroup()
        self.grids, self.sums = [], []
        prods = cell_trace.products.reshape(c_n, fh * fw)
        ids = cell_trace.weight_ids.reshape(c_n, fh * fw)
        for c in range(c_n):
            fills = [[colors[int(ids[c, u * fw + v])] for v in range(fw)] for u in range(fh)]
            g = Grid(prods[c].reshape(fh, fw), cell_size, fills=fills, font_size=font_size * 0.8)
            h = label(head.format(k=k, c=c), font_size * 0.8, P.MUTED, mono=True)
            res = label(f"= {fmt(cell_trace.partial_sums[c])}", font_size, P.TEXT, mono=True)
            if direction is RIGHT:
                res.next_to(g, RIGHT, buff=0.15)
                h.next_to(VGroup(g, res), UP, buff=0.12)
                row = VGroup(h, g, res)
            else:
                row = VGroup(h, g, res).arrange(RIGHT, buff=0.2)
            self.grids.append(g)
            self.sums.append(res)
            rows.add(row)
        if direction is RIGHT:
            rows.arrange(RIGHT, buff=0.4, aligned_edge=UP)
        else:
            rows.arrange(DOWN, buff=0.15, aligned_edge=LEFT)
        if names is None:
            total = label(f"{sum_terms(cell_trace.partial_sums)} + b{k} {fmt(cell_trace.bias)}"
                          f" = {fmt(cell_trace.total)}", font_size, P.HIGHLIGHT, mono=True)
            self.terms, self.result = [], total
        else:
            total = LabelledSum(list(cell_trace.partial_sums) + [cell_trace.bias],
                                 [names[c] for c in range(c_n)] + [f"b{k}"], cell_trace.total,
                                 font_size)
            self.terms, self.result = total.terms, total.result
        total.next_to(rows, DOWN, buff=0.25, aligned_edge=LEFT)
        self.rows, self.total = rows, total
        self.add(rows, total)


class LabelledSum(VGroup):
    """``3 + (-1) + 2 + 1 = 5`` with a name under every term (``R G B b0``).

    ``terms[n]`` is the (value, name) column of term n, ``result`` the label of the total.
    """

    def __init__(self, values, names, total, font_size: float = 20, color: str = P.HIGHLIGHT, **kwargs):
        super().__init__(**kwargs)
        parts, self.terms = [], []
        for n, (v, name) in enumerate(zip(values, names)):
            if n:
                parts.append(label("+", font_size, color, mono=True))
            value = label(signed(v, first=n == 0), font_size, color, mono=True)
            col = VGroup(value, label(name, font_size * 0.7, P.MUTED, mono=True).next_to(value, DOWN, buff=0.08))
            self.terms.append(col)
            parts.append(col)
        parts.append(label("=", font_size, color, mono=True))
        self.result = label(fmt(total), font_size * 1.15, color, mono=True, weight="BOLD")
        parts.append(self.result)
        row = VGroup(*parts).arrange(RIGHT, buff=0.14)
        for p in parts:  # the operators and the result sit on the values' line
            if not any(p is t for t in self.terms):
                p.set_y(self.terms[0][0].get_y())
        self.add(row)


def weight_label(trace, weight_id: int) -> str:
    """A weight's name in the demo's index order: ``w0[u,v,d]`` is row u, column v of the slice
    titled ``w0[:,:,d]`` (numpy indexing of the demo's arrays). Unshared layers: ``key_label``."""
    if trace.mode != "shared":
        return trace.key_label(weight_id)
    k, c, u, v = (int(x) for x in trace.weight_keys[weight_id])
    return f"w{k}[{u},{v},{c}]"


class UsageMarks(VGroup):
    """The summary picture of a sweep: inside every input cell, one small square for every weight
    that cell was multiplied by (``trace.usage``), in that weight's colour.

    The squares are laid out like the filter (weight (u, v) at position (u, v) of a small grid),
    so a cell the whole filter passed over shows the whole filter in miniature; with several
    filters each small square is split into one stripe per filter. ``by_cell[(c, r, s)]`` lists
    the (weight id, square) pairs in input cell (c, r, s) (padded coordinates).

    All the squares of one weight are drawn as one path, ``by_weight[wid]`` (the submobjects, in
    weight order): one weight lights up everywhere it was used at once, and a frame costs one
    Cairo draw per weight rather than one per square (thousands on a large input).
    """

    def __init__(self, input_volume: InputVolume, trace, colors, fill: float = 0.84, **kwargs):
        super().__init__(**kwargs)
        assert trace.mode == "shared", "usage marks are laid out by filter position"
        c_n, fh, fw = trace.tap_shape
        K = trace.out_shape[0]
        self.by_cell = {}
        paths: dict[int, list] = {}
        # one Rectangle made per weight and size, copied and moved for each use: the same points
        # and style as a new Rectangle moved there, at a tenth of the cost (thousands on a large layer)
        made: dict[tuple, tuple[Rectangle, np.ndarray]] = {}
        for c, r, s in np.ndindex(*trace.x_padded.shape):
            ids = trace.weight_ids_at(c, r, s)
            if not len(ids):
                continue
            target = input_volume.cell(c, r, s)
            pitch = target.width * fill / max(fh, fw)
            stripe = pitch * 0.86 / K
            centre = target.get_center()
            here = []
            for wid in ids:
                k, _, u, v = (int(x) for x in trace.weight_keys[wid])
                key = (int(wid), stripe, pitch)
                if key not in made:
                    proto = Rectangle(width=stripe, height=pitch * 0.86, stroke_width=0,
                                      fill_color=colors[int(wid)], fill_opacity=1)
                    made[key] = (proto, proto.get_center())
                proto, proto_centre = made[key]
                sq = proto.copy().shift(centre + np.array([(v - (fw - 1) / 2) * pitch + (k - (K - 1) / 2) * stripe,
                                                           -(u - (fh - 1) / 2) * pitch, 0]) - proto_centre)
                here.append((int(wid), sq))
                paths.setdefault(int(wid), []).append(sq.points)
            self.by_cell[(int(c), int(r), int(s))] = here
        self.by_weight = {}
        for wid in sorted(paths):
            path = VMobject(stroke_width=0, fill_color=colors[wid], fill_opacity=1)
            path.set_points(np.concatenate(paths[wid]))
            self.by_weight[wid] = path
            self.add(path)


class WeightMosaic(VGroup):
    """A neuron's fingerprint: the colours of the weights it used, one small square per tap,
    laid out as its filter is (channel slices side by side, each FH x FW).

    Two neurons with the same weights show the same mosaic; ``squares[t]`` is tap t's square and
    ``ids[t]`` its weight id.
    """

    def __init__(self, trace, weight_ids, colors, pitch: float = 0.12, slice_gap: float = 0.5, **kwargs):
        super().__init__(**kwargs)
        c_n, fh, fw = trace.tap_shape
        self.ids = [int(w) for w in weight_ids]
        self.squares = []
        for t, wid in enumerate(self.ids):
            c, rest = divmod(t, fh * fw)
            u, v = divmod(rest, fw)
            sq = tile(pitch * 0.88, colors[wid], stroke_width=0)
            sq.move_to(np.array([(c * (fw + slice_gap) + v) * pitch, -u * pitch, 0]))
            self.squares.append(sq)
            self.add(sq)
        self.move_to(ORIGIN)


class MosaicsByWeight(VGroup):
    """Many neurons' ``WeightMosaic``s drawn as one path per weight: ``absorb(mosaic)`` moves a
    mosaic's squares into the paths of their weights (it looks the same, and is then drawn
    with one Cairo call per weight instead of one per square: thousands on a large layer).

    ``path(wid)`` is weight wid's path (no points until a square of that weight is absorbed);
    ``absorbed`` lists the mosaics it holds, in order.
    """

    def __init__(self, colors, **kwargs):
        super().__init__(**kwargs)
        self._paths = {}
        for wid, color in enumerate(colors):
            path = VMobject(stroke_width=0, fill_color=color, fill_opacity=1)
            self._paths[wid] = path
            self.add(path)
        self.absorbed = []

    def path(self, weight_id: int) -> VMobject:
        return self._paths[int(weight_id)]

    def absorb(self, mosaic: "WeightMosaic") -> None:
        by_weight: dict[int, list] = {}
        for wid, sq in zip(mosaic.ids, mosaic.squares):
            by_weight.setdefault(wid, []).append(sq.points)
        for wid, points in by_weight.items():
            path = self._paths[wid]
            path.set_points(np.concatenate([path.points, *points]) if path.has_points()
                            else np.concatenate(points))
        self.absorbed.append(mosaic)


def place(mob: VMobject, left: float, right: float, top: float, bottom: float, align=ORIGIN) -> VMobject:
    """Shrink ``mob`` (never enlarge) to fit the box, then put it in the box (centred, or
    against the side ``align`` points to)."""
    w, h = right - left, top - bottom
    factor = min(1.0, w / mob.width, h / mob.height)
    if factor < 1.0:
        mob.scale(factor)
    centre = np.array([(left + right) / 2, (top + bottom) / 2, 0.0])
    mob.move_to(centre)
    if align[0] < 0:
        mob.align_to(np.array([left, 0, 0]), LEFT)
    elif align[0] > 0:
        mob.align_to(np.array([right, 0, 0]), RIGHT)
    if align[1] > 0:
        mob.align_to(np.array([0, top, 0]), UP)
    elif align[1] < 0:
        mob.align_to(np.array([0, bottom, 0]), DOWN)
    return mob


def frame_box(mob: VMobject, color: str = P.HIGHLIGHT, buff: float = 0.05) -> Rectangle:
    return SurroundingRectangle(mob, color=color, buff=buff, stroke_width=5)


__all__ = ["CellArithmetic", "FilterBank", "Grid", "matrix_grid", "InputVolume", "MosaicsByWeight", "OutputVolume", "Replace", "Reveal", "UsageMarks", "tile",
           "WeightMosaic", "WindowTint", "fmt", "frame_box", "label", "LabelledSum", "place",
           "sum_terms", "times", "weight_label", "FONT", "MONO", "LEFT", "RIGHT", "UP", "DOWN"]
