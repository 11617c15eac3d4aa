"""PangoText: Manim's ``Text`` with Pango's SVG read by a small reader of its own.

What Manim does: ``Text`` has Pango write an SVG, parses it with svgelements and turns every
glyph into a ``VMobjectFromSVGPath`` (about two thirds of the cost of making a ``Text``).
What we do instead: read the few forms Pango writes for plain text ourselves, with the same float
operations in the same order, so the result is the same ``Text``, bit for bit; any other SVG is
parsed Manim's way. Why: 312 sample texts 18 -> 5.7 ms each (a test run makes ~2,400 outlines;
the lecture build a few hundred, kept on disk). Checked by: ``tests/test_label_cache.py``
(hypothesis over the lecture's characters, sizes, fonts, weights and colours: every glyph's
points and every field equal to Manim's ``Text`` with Manim's SVG parser disabled).
"""
from __future__ import annotations

import re

import numpy as np
import svgelements
from manim import RIGHT, Text, VMobject


class PangoText(Text):
    """Manim's ``Text``, with Pango's SVG read by a reader of its own few forms instead of the
    generic SVG parser (svgelements, then one ``VMobjectFromSVGPath`` per glyph: about two thirds
    of making a ``Text``). Pango writes each glyph once as a ``<symbol>`` path of absolute ``M``,
    ``L``, ``C`` and ``Z`` commands, and places it with ``<use x y>`` inside one ``<g>`` of fill
    colour: each glyph's points are computed here with the same float operations, in the same
    order, as svgelements' translation and Manim's path conversion, and styled as Manim styles
    an SVG path, so the result is the same ``Text``, bit for bit
    (``tests/test_label_cache.py`` compares them). An SVG in any other form is parsed Manim's way."""

    def generate_mobject(self):
        svg = self.get_file_path().read_text(encoding="utf-8")
        paths = dict(_SYMBOL.findall(svg))
        uses = _USE.findall(svg)
        fills = set(_FILL.findall(svg))
        if (set(_TAG.findall(svg)) - _TAGS or len(paths) != svg.count("<symbol") or len(fills) != 1
                or len(uses) != svg.count("<use") or svg.count("<path") != len(paths) or "transform" in svg
                or not all(_PATH_DATA.fullmatch(d) for d in paths.values())):
            return super().generate_mobject()   # not the form read here (or no glyph at all)
        colour, opacity = fills.pop()
        fill = svgelements.Color(colour)   # the fill as svgelements resolves it for each glyph
        fill.opacity = float(opacity)
        none = svgelements.Color("none")   # each glyph path says stroke:none
        glyphs = []
        for ref, x, y in uses:
            glyph = VMobject()
            glyph.points = _glyph_points(_path_commands(paths[ref]), float(x), float(y))
            if not glyph.has_points():
                continue
            # SVGMobject.apply_style_to_mobject, then handle_transform with the identity
            glyph.set_style(stroke_width=0, stroke_color=none.hexrgb, stroke_opacity=none.opacity,
                            fill_color=fill.hexrgb, fill_opacity=fill.opacity)
            glyph.apply_matrix(np.array([[1.0, 0.0], [0.0, 1.0]]))
            glyph.shift(np.array([0.0, 0.0, 0.0]))
            glyphs.append(glyph)
        self.add(*glyphs)
        self.id_to_vgroup_dict = {}
        self.flip(RIGHT)   # as SVGMobject.generate_mobject ends
        return self


_TAG = re.compile(r"<([A-Za-z][\w:-]*)")
_TAGS = {"svg", "defs", "g", "symbol", "path", "use"}   # all Pango writes for plain text
_SYMBOL = re.compile(r'<symbol[^>]*id="([^"]+)"[^>]*>\s*<path style="stroke:none;" d="([^"]*)"/>\s*</symbol>')
_USE = re.compile(r'<use xlink:href="#([^"]+)" x="([^"]+)" y="([^"]+)"/>')
_FILL = re.compile(r'<g style="fill:([^;"]+);fill-opacity:([^;"]+);">')
_PATH_DATA = re.compile(r"[MLCZ0-9eE.+\- ]*")   # absolute moves, lines, cubics and closes only
_TOKEN = re.compile(r"[MLCZ]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_COMMANDS: dict[str, list] = {}   # a glyph's path, read once: [(command, [numbers])]


def _path_commands(d: str) -> list:
    made = _COMMANDS.get(d)
    if made is None:
        made, command, numbers = [], None, []
        for token in _TOKEN.findall(d):
            if token in "MLCZ":
                if command is not None:
                    made.append((command, numbers))
                command, numbers = token, []
            else:
                numbers.append(float(token))
        if command is not None:
            made.append((command, numbers))
        _COMMANDS[d] = made
    return made


def _glyph_points(commands: list, e: float, f: float) -> np.ndarray:
    """A glyph's path placed at (e, f): svgelements' ``Matrix.point_in_matrix_space`` for the
    translation, then ``VMobjectFromSVGPath.handle_commands`` (Cairo: cubic curves), verbatim."""
    points: list = []
    last_move = last_true_move = None

    def at(x: float, y: float) -> np.ndarray:
        return np.array([x * 1.0 + y * 0.0 + 1 * e, x * 0.0 + y * 1.0 + 1 * f, 0.0])

    def add_cubic(start, cp1, cp2, end) -> None:
        nonlocal last_move
        points.extend((start, cp1, cp2, end))
        last_move = end

    def add_line(start, end) -> None:
        add_cubic(start, (start + start + end) / 3, (start + end + end) / 3, end)

    for command, n in commands:
        if command == "M":
            last_move = last_true_move = at(n[0], n[1])
        elif command == "L":
            add_line(last_move, at(n[0], n[1]))
        elif command == "C":
            add_cubic(last_move, at(n[0], n[1]), at(n[2], n[3]), at(n[4], n[5]))
        elif command == "Z" and abs(np.linalg.norm(last_move - last_true_move)) > 0.0001:
            add_line(last_move, last_true_move)
    made = np.array(points, ndmin=2, dtype="float64")
    return made if points else np.reshape(made, (0, 3))
