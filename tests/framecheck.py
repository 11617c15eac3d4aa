"""Instruments that measure a rendered lecture scene against issue #24's limits.

One render of a scene (``tests.scenekit.render``, at the test quality) is looked at after every
play (the frame a viewer sees when a move ends and while the scene holds) and inside every play
(at ``ALPHAS`` of its run time: frames in the middle of a transition)::

    report = framecheck(DepthSlices, tmp_path)
    report.of("ink")      # [Finding(check, moment, what, value, times), ...]

Checks (names as ``report.of`` takes them):

* ``"ink"``: every visible label's digit ink height at 1080p (its font size as made by
  ``label()`` times how much it has been scaled since, ``Label.effective_size``) is at least
  20 px (``layout.MIN_TEXT``);
* ``"safe"``: every visible label lies inside the title-safe area (``layout.SAFE``);
* ``"grid"``: the visible numbers of one ``Grid`` are all drawn at one size;
* ``"colour"``: any two different weights on screen together are at least 5 apart (CIEDE2000,
  colour-science), two weights of one filter at least 10 (7 when one is outside the 3x3 core
  of a 4x4 or 5x5 kernel: what the palette can promise, ``palette.MIN_RING_APART``). Weight tiles are read where the
  visual language draws them, each with its weight id (``FilterBank.weight_cell``,
  ``WindowTint`` through the sweep that placed it, ``UsageMarks.by_weight``,
  ``WeightMosaic.ids``, ``MosaicsByWeight.path``, ``matrix_grid``'s ``ids``); any other shape
  filled (or, a line, stroked) in a weight's colour is that weight (the scene's traces and
  colour lists say which);
* ``"cover"``: inside a play, no visible label is overlapped by a mobject that moves (one the
  play animates and whose place or size changes), drawn over it and not moving along with it;
* ``"hold"``: no stretch without narration longer than 1.5 s inside the scene (from its start
  to its end; not before its first or after its last words): from the scene's caption cues
  (``LectureScene.said``: the voice says each cue while it shows) and its clock. A declared
  pause (``LectureScene.pauses``: a countdown while the viewer works a question out,
  ``pause_and_predict``) is exempt, exactly its span: a silence before or after it still counts;
* ``"late"``: every mark the scene waits for (``until_mark``: a thing named is shown as its
  words are said) is reached within 0.5 s of its words (``LectureScene.marks_reached``);
* ``"cut"``: every caption cue the scene says (``scene.narrator.clips``, in its language) is cut
  at a boundary from the next and between its two lines, also when a long cue is cut finer for
  a slow voice, and the cues give back the beat's words (``tests.cuts``: the tests' own word
  lists);
* ``"caption"``: every cue within the caption limits (two lines of 42 characters, at most 17
  characters a second, at least 1 s).

For a built video, ``voiceless_holds_in_video(path)`` reads the voice itself (its AAC track,
decoded with PyAV) and ``voiceless_holds_in_audio`` does the same for samples; the declared
pauses there are read from the video's captions beside it (``declared_pauses``: the cues that
say ``scenes.base.PAUSE_CAPTION``, in any language the catalogs hold).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from scenes.visual import layout
from scenes.visual.mobjects import (FilterBank, Grid, Label, MosaicsByWeight, UsageMarks, WeightMosaic,
                                    WindowTint, weight_label)
from tests.cuts import scene_cue_problems
from tests.scenekit import render

CHECKS = ("ink", "safe", "grid", "colour", "cover", "hold", "late", "cut", "caption")
ALPHAS = (0.25, 0.5, 0.75)        # where inside each play the "cover" check looks
MAX_HOLD = 1.5                    # seconds without voice inside a scene, at most
MAX_LATE = 0.5                    # seconds from a thing's name being said to its appearing, at most
MIN_DISTANCE = 5.0                # CIEDE2000 between any two weights on screen together
MIN_FILTER_DISTANCE = 10.0        # ... between two weights of one filter (both in its slices' 3x3 cores)
MIN_RING_DISTANCE = 7.0           # ... of one filter, one of them outside the 3x3 core (a 4x4, 5x5 kernel):
                                  # 75 colours in one lightness band cannot all be 10 apart (palette.MIN_RING_APART)
GRID_SIZE_TOLERANCE = 0.01        # a grid's numbers' sizes may differ by this share
VISIBLE = 0.01                    # opacity above which a label is on screen
COVERING = 0.3                    # opacity from which a moving shape hides what is under it


@dataclass
class Finding:
    """One thing a check found: where first (``moment``), what, its measure, how often seen."""
    check: str
    moment: str
    what: str
    value: float | None = None
    times: int = 1

    def __str__(self) -> str:
        seen = f" (seen {self.times} times)" if self.times > 1 else ""
        return f"{self.what} at {self.moment}{seen}"


@dataclass
class Report:
    """What the instruments found in one scene's render."""
    scene: str
    findings: dict = field(default_factory=dict)   # check -> {key: Finding}
    samples: int = 0                              # frames looked at after plays
    probes: int = 0                               # frames looked at inside plays
    scene_object: object = None                   # the scene as the render left it
    frame: object = None                          # its last frame (RGB array), as ``render`` gives it

    def add(self, check: str, key, moment: str, what: str, value: float | None = None) -> None:
        found = self.findings.setdefault(check, {})
        if key in found:
            found[key].times += 1
        else:
            found[key] = Finding(check, moment, what, value)

    def of(self, check: str) -> list[Finding]:
        if check not in CHECKS:
            raise ValueError(f"no check {check!r} (the checks: {', '.join(CHECKS)})")
        return list(self.findings.get(check, {}).values())

    def summary(self, check: str, most: int = 12) -> str:
        found = self.of(check)
        lines = [f"{self.scene}: {len(found)} found by {check!r}"] + [f"  {f}" for f in found[:most]]
        if len(found) > most:
            lines.append(f"  ... and {len(found) - most} more")
        return "\n".join(lines)


# ---- running a scene -----------------------------------------------------------------------------

def framecheck(scene_cls, tmp_path: Path, params: Path | None = None, checks=CHECKS, alphas=ALPHAS,
               moments: dict | None = None, **overrides) -> Report:
    """Render ``scene_cls`` (``tests.scenekit.render``, the test quality unless ``overrides`` say
    otherwise) with every check of ``checks`` looking; return what they found. ``moments`` are
    a test's own checks at checkpoints (``render(checks=...)``: ``passed(report.scene_object,
    name)``), so one render serves the instruments and the test's other checks."""
    report = Report(scene_cls.__name__)
    scene, report.frame = render(instrumented(scene_cls, report, checks, alphas), tmp_path, params=params,
                                 checks=moments, **overrides)
    if "hold" in checks:
        for start, end in voiceless_holds(scene):
            report.add("hold", (round(start, 2),), f"{start:.1f}-{end:.1f} s",
                       f"{end - start:.1f} s without voice", end - start)
    if "late" in checks:
        for m in late_marks(scene):
            report.add("late", (m.beat, m.mark), f"beat {m.beat!r}",
                       f"mark {m.mark!r} reached {m.late:.1f} s after its words", m.late)
    if "cut" in checks or "caption" in checks:
        cuts, limits = scene_cue_problems(scene)
        for check, found in (("cut", cuts), ("caption", limits)):
            if check in checks:
                for k, (beat, what) in enumerate(found):
                    report.add(check, (beat, k), f"beat {beat!r}", what)
    report.scene_object = scene
    return report


def timed(scene_cls) -> type:
    """A subclass of ``scene_cls`` (same name) recording, at every checkpoint, (name, clock, beat
    key) in ``scene.times``: when each thing arrived and which beat was being said."""
    def checkpoint(self, name):
        self.__dict__.setdefault("times", []).append((name, self._clock, self._beat.key))
        scene_cls.checkpoint(self, name)

    return type(scene_cls.__name__, (scene_cls,), {"checkpoint": checkpoint, "__module__": scene_cls.__module__})


def framecheck_table(scene_cls, tmp_path: Path, table: str, **kwargs) -> Report:
    """``framecheck`` of ``scene_cls`` with a parameter file of its own: ``table`` (TOML text,
    e.g. a lecturer's ``[scenes.<name>]``), written into ``tmp_path``."""
    f = tmp_path / "params.toml"
    f.write_text(table, encoding="utf-8")
    return framecheck(scene_cls, tmp_path, params=f, **kwargs)


def instrumented(scene_cls, report: Report, checks=CHECKS, alphas=ALPHAS) -> type:
    """A subclass of ``scene_cls`` (same name: same narration, recordings and captions) that
    looks at itself after every play and inside every play. Looking changes nothing it draws
    (``tests/test_lecture_frames.py`` compares its frames with the scene's own)."""
    at_rest = [c for c in ("ink", "safe", "grid", "colour") if c in checks]

    def play(self, *args, **kwargs):
        scene_cls.play(self, *args, **kwargs)   # LectureScene.play, Checkpoints.play, Manim's
        self._framecheck_plays = getattr(self, "_framecheck_plays", 0) + 1
        if at_rest:
            report.samples += 1
            look_at_rest(self, report, at_rest, moment(self, f"play {self._framecheck_plays}, its end"))

    def play_internal(self, skip_rendering: bool = False):
        if "cover" in checks and alphas:
            probe_moves(self, report, alphas)
        scene_cls.play_internal(self, skip_rendering)

    return type(scene_cls.__name__, (scene_cls,), {
        "play": play, "play_internal": play_internal, "__module__": scene_cls.__module__,
        "__qualname__": scene_cls.__qualname__, "__doc__": scene_cls.__doc__})


def moment(scene, where: str) -> str:
    beat = getattr(getattr(scene, "_beat", None), "key", None)
    return f"{where} (beat {beat!r}, {getattr(scene, '_clock', 0.0):.1f} s)"


# ---- what is on screen -----------------------------------------------------------------------------

def family(scene) -> list:
    """Every mobject in the scene (each once), in the order the camera draws them (Manim's own
    ``extract_mobject_family_members``: a mobject held twice is drawn where it comes last)."""
    from manim.utils.family import extract_mobject_family_members

    return extract_mobject_family_members([*scene.mobjects, *scene.foreground_mobjects],
                                          use_z_index=scene.renderer.camera.use_z_index)


def shown_labels(scene, members=None) -> list[Label]:
    """Every label on screen: visible and not blank."""
    return [m for m in (members if members is not None else family(scene))
            if isinstance(m, Label) and m.get_fill_opacity() > VISIBLE and m.text.strip()]


def look_at_rest(scene, report: Report, checks, when: str) -> None:
    members = family(scene)
    labels = shown_labels(scene, members)
    if "ink" in checks:
        for f in small_labels(labels):
            report.add("ink", (f.what, round(f.value or 0, 1)), when, f.what, f.value)
    if "safe" in checks:
        for f in unsafe_labels(labels):
            report.add("safe", f.what, when, f.what)
    if "grid" in checks:
        for f in mixed_grids(members):
            report.add("grid", f.what, when, f.what, f.value)
    if "colour" in checks:
        for f in close_colours(scene, members):
            report.add("colour", f.what, when, f.what, f.value)


# ---- (a) ink height, (b) the title-safe area -----------------------------------------------------------

def small_labels(labels) -> list[Finding]:
    """Labels whose digits are less than 20 px tall at 1080p (or whose size is unknown)."""
    out = []
    for t in labels:
        px = layout.text_px(t)
        if px is None:
            out.append(Finding("ink", "", f"{t.text!r}: size unknown (not made by label())"))
        elif not layout.readable(t):
            out.append(Finding("ink", "", f"{t.text!r} {px:.1f} px", px))
    return out


def unsafe_labels(labels, box=layout.SAFE) -> list[Finding]:
    """Labels not wholly inside the title-safe area, with how far out they reach."""
    left, right, top, bottom = box
    out = []
    for t in labels:
        lo, hi = t.points[:, :2].min(0), t.points[:, :2].max(0)
        past = max(left - lo[0], hi[0] - right, bottom - lo[1], hi[1] - top)
        if past > 1e-6:
            out.append(Finding("safe", "", f"{t.text!r} {past * layout.PX_PER_UNIT:.0f} px outside", past))
    return out


# ---- (c) one grid, one size --------------------------------------------------------------------------

def mixed_grids(members) -> list[Finding]:
    """Grids whose visible numbers are drawn at more than one size."""
    out = []
    for g in members:
        if not isinstance(g, Grid):
            continue
        sizes = [(n.effective_size(), n.text) for row in g.numbers for n in row
                 if n is not None and n.get_fill_opacity() > VISIBLE and n.text.strip()
                 and n.effective_size() is not None]
        if len(sizes) < 2:
            continue
        (small, a), (large, b) = min(sizes), max(sizes)
        if large > small * (1 + GRID_SIZE_TOLERANCE):
            out.append(Finding("grid", "", f"a {g.rows}x{g.cols} grid writes {a!r} at {small:.1f} and"
                               f" {b!r} at {large:.1f}", large / small))
    return out


# ---- (d) colours of the weights on screen together -------------------------------------------------------

@dataclass(frozen=True)
class Tile:
    """A shape on screen in a weight's colour: which weight (``key``: its layer and id), its
    filter (``group``; None where filters do not apply), its colour, its name."""
    key: tuple
    group: tuple | None
    colour: str
    name: str
    core: bool = True      # in the 3x3 core of its slice (a 4x4 or 5x5 kernel's ring: False)


def colour_sources(scene) -> list[tuple]:
    """(trace, colours) pairs the scene draws weights from: its traces (attributes, or in dicts)
    with the colour lists it holds for them (same length), else the palette's."""
    from scenes.visual import palette as P

    traces, lists = [], []

    def visit(v, name):
        if hasattr(v, "weight_keys") and hasattr(v, "mode"):
            traces.append((name, v))
        elif isinstance(v, (list, tuple)) and v and all(isinstance(c, str) and c.startswith("#") for c in v):
            lists.append((name, list(v)))

    for name, v in vars(scene).items():
        if isinstance(v, dict):
            for k, w in v.items():
                visit(w, (name, k))
        else:
            visit(v, (name,))
    out = []
    for tname, trace in traces:
        n = len(trace.weight_keys)
        # a list kept under the same dict key as the trace, or any list of the right length
        own = [c for lname, c in lists if len(c) == n and lname[1:] == tname[1:]]
        for colours in own or [c for _, c in lists if len(c) == n]:
            out.append((trace, colours))
        try:
            out.append((trace, P.weight_colors(trace)))
        except Exception:   # a palette without this function or signature: the scene's own lists only
            pass
    return out


def _hex(mob, stroke: bool = False) -> str:
    """The colour a shape is filled (or stroked) with, as ``#RRGGBB`` (rounded: the hex string it
    was given)."""
    rgba = (mob.get_stroke_rgbas() if stroke else mob.get_fill_rgbas())[0]
    return "#" + "".join(f"{int(round(float(v) * 255)):02X}" for v in rgba[:3])


def _trace_of(sources, wid: int, colour: str):
    for trace, colours in sources:
        if wid < len(colours) and colours[wid].upper() == colour:
            return trace
    return None


def _tile(sources, wid: int, colour: str, fallback_group=None) -> Tile:
    """The tile of weight ``wid`` in ``colour``: its layer is the trace whose colour list gives
    ``wid`` that colour (its filter then is the trace's), else unknown (``fallback_group``)."""
    trace = _trace_of(sources, wid, colour)
    if trace is None:
        return Tile(("?", wid, colour), fallback_group, colour, f"weight {wid}")
    group = (id(trace), int(trace.weight_keys[wid][0])) if trace.mode == "shared" else None
    return Tile((id(trace), wid), group, colour, weight_label(trace, wid), in_core(trace, wid))


def in_core(trace, wid: int) -> bool:
    """Whether a weight of a shared layer sits in its slice's 3x3 core (rows and columns 0-2)."""
    key = trace.weight_keys[wid]
    return trace.mode != "shared" or len(key) < 4 or max(int(key[-2]), int(key[-1])) < 3


def _shows_fill(m) -> bool:
    return m.has_points() and m.get_fill_opacity() > 0.1


def weight_tiles(scene, members=None) -> list[Tile]:
    """Every shape on screen drawn in a weight's colour, with its weight."""
    members = family(scene) if members is None else members
    on = {id(m) for m in members}
    sources = colour_sources(scene)
    tiles, done = [], set()

    def take(wid, m, group=None):
        done.add(id(m))
        if id(m) in on and _shows_fill(m):
            tiles.append(_tile(sources, int(wid), _hex(m), group))

    sweep_windows = {}
    for v in vars(scene).values():   # a sweep knows which output cell its window is at
        window, cell = getattr(v, "window", None), getattr(v, "cell", None)
        if isinstance(window, WindowTint) and cell is not None and hasattr(v, "trace"):
            sweep_windows[id(window)] = v.trace.cell(*cell).weight_ids
    for m in members:
        if isinstance(m, FilterBank):
            for k, f in enumerate(m.filters):
                inside_k = {id(x) for x in f.get_family()}
                for wid, sq in m._cells.items():
                    if id(sq) in inside_k:
                        take(wid, sq, ("bank", id(m), k))
        elif isinstance(m, WeightMosaic):
            for wid, sq in zip(m.ids, m.squares):
                take(wid, sq)
        elif isinstance(m, UsageMarks):
            for wid, path in m.by_weight.items():
                take(wid, path)
        elif isinstance(m, MosaicsByWeight):
            for wid in range(len(m.submobjects)):
                take(wid, m.path(wid))
        elif isinstance(m, Grid) and getattr(m, "ids", None) is not None:
            for r, row in enumerate(m.cells):
                for c, sq in enumerate(row):
                    if m.ids[r][c] >= 0:
                        take(m.ids[r][c], sq)
        elif isinstance(m, WindowTint) and id(m) in sweep_windows:
            for wid, sq in zip(sweep_windows[id(m)], m.squares):
                take(wid, sq)
    # anything else in a weight's colour: that weight (by colour: the scene's colours are keyed on ids)
    by_colour = {}
    for trace, colours in sources:
        for wid, c in enumerate(colours):
            by_colour.setdefault(c.upper(), (trace, wid))
    for m in members:
        if id(m) in done or isinstance(m, Label) or not m.has_points() or m.submobjects:
            continue
        for stroke in (False, True):
            if stroke and not (m.get_stroke_opacity() > 0.1 and m.get_stroke_width() > 0):
                continue
            if not stroke and not _shows_fill(m):
                continue
            hit = by_colour.get(_hex(m, stroke))
            if hit is not None:
                trace, wid = hit
                group = (id(trace), int(trace.weight_keys[wid][0])) if trace.mode == "shared" else None
                tiles.append(Tile((id(trace), wid), group, _hex(m, stroke), weight_label(trace, wid),
                                  in_core(trace, wid)))
    return tiles


_LAB: dict[str, np.ndarray] = {}


def lab(colour: str) -> np.ndarray:
    """CIE Lab (D65) of an sRGB colour, as colour-science computes it."""
    if colour not in _LAB:
        import colour as cs

        rgb = np.array([int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)])
        _LAB[colour] = cs.XYZ_to_Lab(cs.RGB_to_XYZ(rgb, "sRGB", apply_cctf_decoding=True))
    return _LAB[colour]


def delta_e(a: str, b: str) -> float:
    """CIEDE2000 between two sRGB colours (colour-science)."""
    import colour as cs

    return float(cs.delta_E(lab(a.upper()), lab(b.upper()), method="CIE 2000"))


def least_delta_e(colours, others=None) -> float:
    """The smallest CIEDE2000 between a colour of ``colours`` and one of ``others`` or, without
    ``others``, between any two of ``colours`` (``delta_e`` of every pair, in one array call)."""
    import colour as cs

    a = np.array([lab(c.upper()) for c in colours])
    if others is None:
        i, j = np.triu_indices(len(a), k=1)
        a, b = a[i], a[j]
    else:
        b = np.array([lab(c.upper()) for c in others])
        a, b = np.repeat(a, len(b), axis=0), np.tile(b, (len(a), 1))
    return float(np.min(cs.delta_E(a, b, method="CIE 2000")))


_CLOSE: dict[tuple, list] = {}   # the weights on screen -> what close_colours found (frames repeat)


def close_colours(scene, members=None, tiles=None) -> list[Finding]:
    """Pairs of different weights on screen together closer than ``MIN_DISTANCE`` (CIEDE2000),
    or closer than ``MIN_FILTER_DISTANCE`` when both belong to one filter."""
    tiles = weight_tiles(scene, members) if tiles is None else tiles
    weights: dict[tuple, Tile] = {}
    for t in tiles:
        weights.setdefault((t.key, t.colour), t)
    memo = tuple(sorted(weights.values(), key=repr))
    if memo not in _CLOSE:
        if len(_CLOSE) > 4096:
            _CLOSE.clear()
        _CLOSE[memo] = _close(list(weights.values()))
    return list(_CLOSE[memo])


def _close(shown: list) -> list[Finding]:
    if len(shown) < 2:
        return []
    import colour as cs

    labs = np.array([lab(t.colour) for t in shown])
    i, j = np.triu_indices(len(shown), k=1)
    d = np.asarray(cs.delta_E(labs[i], labs[j], method="CIE 2000"), dtype=float)
    out = []
    for a, b, dist in zip(i, j, d):
        ta, tb = shown[a], shown[b]
        if ta.key == tb.key:
            continue
        one_filter = ta.group is not None and ta.group == tb.group
        limit = MIN_DISTANCE
        if one_filter:   # the palette's promise: 10 in a 3x3 core, 7 where a 4x4 or 5x5 ring is in the pair
            limit = MIN_FILTER_DISTANCE if ta.core and tb.core else MIN_RING_DISTANCE
        if dist < limit:
            pair = " and ".join(sorted([f"{ta.name} {ta.colour}", f"{tb.name} {tb.colour}"]))
            out.append(Finding("colour", "", f"{pair}: {dist:.1f} apart"
                               f"{f' (one filter: at least {limit:g})' if one_filter else ''}", float(dist)))
    return out


# ---- (e) moving things over labels -------------------------------------------------------------------

def _box(m) -> np.ndarray:
    p = m.points[:, :2]
    return np.concatenate([p.min(0), p.max(0)])


def animated_leaves(animations) -> list:
    """Every drawn mobject the animations hold (nested groups included), once."""
    seen, out, todo = set(), [], list(animations)
    while todo:
        a = todo.pop()
        for m in a.mobject.get_family():
            if id(m) not in seen and m.has_points():
                seen.add(id(m))
                out.append(m)
        todo.extend(getattr(a, "animations", []) or [])
    return out


def _motion(before: np.ndarray, now: np.ndarray) -> np.ndarray:
    """How a box moved: its centre's shift and its width's and height's change."""
    return np.array([(now[0] + now[2] - before[0] - before[2]) / 2, (now[1] + now[3] - before[1] - before[3]) / 2,
                     (now[2] - now[0]) - (before[2] - before[0]), (now[3] - now[1]) - (before[3] - before[1])])


def _curve_samples(m, per_curve: int = 8) -> np.ndarray:
    """Points along ``m``'s outline (its cubic Bézier curves sampled)."""
    p = m.points
    n = len(p) // 4
    if not n:
        return p[:, :2]
    c = p[: n * 4].reshape(n, 4, 3)[:, :, :2]
    t = np.linspace(0, 1, per_curve)[None, :, None]
    return ((1 - t) ** 3 * c[:, None, 0] + 3 * (1 - t) ** 2 * t * c[:, None, 1]
            + 3 * (1 - t) * t ** 2 * c[:, None, 2] + t ** 3 * c[:, None, 3]).reshape(-1, 2)


def covered_labels(scene, moved: dict, shrink: float = 0.02) -> list[Finding]:
    """Visible labels that a moving mobject (``moved``: id -> (mobject, motion)) overlaps while
    drawn over them, not moving along with them: a filled shape or a label by its box, a line
    (no fill) where its outline passes over the label."""
    members = family(scene)
    order = {id(m): n for n, m in enumerate(members)}
    labels = shown_labels(scene, members)
    movers = []
    for mob, motion in moved.values():
        if id(mob) not in order or not mob.has_points():
            continue
        filled = mob.get_fill_opacity() >= COVERING
        stroked = mob.get_stroke_opacity() >= COVERING and mob.get_stroke_width() > 0
        if isinstance(mob, Label):
            filled, stroked = mob.get_fill_opacity() > VISIBLE, False
        if filled or stroked:
            movers.append((mob, motion, filled))
    if not movers or not labels:
        return []
    boxes = np.array([_box(t) for t in labels]) + np.array([shrink, shrink, -shrink, -shrink])
    still = np.zeros(4)
    own = np.array([moved[id(t)][1] if id(t) in moved else still for t in labels])
    label_order = np.array([order[id(t)] for t in labels])
    mboxes = np.array([_box(m) for m, _, _ in movers])
    motions = np.array([mo for _, mo, _ in movers])
    mover_order = np.array([order[id(m)] for m, _, _ in movers])
    hit = ((mboxes[None, :, 0] < boxes[:, None, 2]) & (boxes[:, None, 0] < mboxes[None, :, 2])
           & (mboxes[None, :, 1] < boxes[:, None, 3]) & (boxes[:, None, 1] < mboxes[None, :, 3])
           & (mover_order[None, :] > label_order[:, None])                     # drawn over it
           & (np.abs(motions[None, :, :] - own[:, None, :]).max(-1) >= 1e-3))  # not moving along with it
    out = []
    for a, b in zip(*np.nonzero(hit)):
        t, (mob, _, filled) = labels[a], movers[b]
        if mob is t:
            continue
        if not filled:
            box = boxes[a]
            pts = _curve_samples(mob)
            if not ((pts[:, 0] > box[0]) & (pts[:, 0] < box[2]) & (pts[:, 1] > box[1]) & (pts[:, 1] < box[3])).any():
                continue
        what = getattr(mob, "text", None)
        mover = f"{what!r}" if what is not None else f"a {type(mob).__name__} ({_hex(mob, not filled)})"
        out.append(Finding("cover", "", f"{mover} moves over {t.text!r}"))
    return out


def probe_moves(scene, report: Report, alphas=ALPHAS) -> None:
    """Inside the play the scene is about to run (its animations begun, at their start): step
    to each of ``alphas`` of its run time and record every label a moving mobject covers. The
    play then runs to its end as it would have."""
    leaves = animated_leaves(scene.animations)
    start = {id(m): _box(m) for m in leaves}
    duration = scene.duration
    plays = getattr(scene, "_framecheck_plays", 0) + 1
    for alpha in alphas:
        scene.update_to_time(duration * alpha)
        report.probes += 1
        moved = {}
        for m in leaves:
            if m.has_points() and id(m) in start and start[id(m)].shape == (4,):
                motion = _motion(start[id(m)], _box(m))
                if np.abs(motion).max() > 1e-3:
                    moved[id(m)] = (m, motion)
        if not moved:
            continue
        when = f"play {plays} at {alpha:.2f} of {duration:.2f} s"
        for f in covered_labels(scene, moved):
            report.add("cover", f.what, moment(scene, when), f.what)


# ---- (f) voice: holds without it, things shown late -----------------------------------------------------

def voiceless_holds(scene, longest: float = MAX_HOLD) -> list[tuple[float, float]]:
    """Stretches of the scene (its clock, seconds) longer than ``longest`` in which no caption cue
    is said, between its first words and its last (a test render's beats are timed from their
    text, so cues stand for the voice). The scene's declared pauses count as said."""
    spans = sorted([(s.start, s.end) for s in scene.said]
                   + [(p.start, p.end) for p in getattr(scene, "pauses", ())])   # declared: exempt
    out = []
    if not spans:
        return out
    reach = spans[0][1]
    for start, end in spans[1:]:
        if start - reach > longest:
            out.append((reach, start))
        reach = max(reach, end)
    return out


def late_marks(scene, latest: float = MAX_LATE) -> list:
    """Marks the scene waited for but reached more than ``latest`` seconds after their words."""
    return [m for m in scene.marks_reached if m.late > latest]


def voiced(samples: np.ndarray, rate: int, window: float = 0.02, floor_db: float = -50.0) -> np.ndarray:
    """Per window of ``window`` seconds: whether the audio there is louder than ``floor_db`` dBFS
    (RMS; the narration is at -16 LUFS, the silence between beats digital zero plus AAC's noise)."""
    samples = np.asarray(samples, dtype=np.float64)
    if samples.ndim > 1:
        samples = samples.mean(axis=0) if samples.shape[0] < samples.shape[1] else samples.mean(axis=1)
    n = int(round(window * rate))
    frames = len(samples) // n
    if not frames:
        return np.zeros(0, bool)
    rms = np.sqrt((samples[: frames * n].reshape(frames, n) ** 2).mean(1))
    return 20 * np.log10(np.maximum(rms, 1e-12)) > floor_db


def voiceless_holds_in_audio(samples: np.ndarray, rate: int, longest: float = MAX_HOLD,
                             window: float = 0.02, pauses=()) -> list[tuple[float, float]]:
    """Silent stretches longer than ``longest`` seconds between the first and the last voiced
    moment of ``samples`` (mono or channels), as (start, end) seconds; ``pauses`` ((start, end)
    seconds, declared silences) count as voiced."""
    on = voiced(samples, rate, window)
    for start, end in pauses:
        on[max(0, int(start / window)): max(0, int(np.ceil(end / window)))] = True
    where = np.flatnonzero(on)
    if not len(where):
        return []
    out = []
    last = where[0]
    for w in where[1:]:
        if (w - last - 1) * window > longest:
            out.append(((last + 1) * window, w * window))
        last = w
    return out


def read_audio(path: Path) -> tuple[np.ndarray, int]:
    """The first audio track of a video (a published mp4: AAC-LC), decoded with PyAV: mono float
    samples and their rate."""
    import av

    with av.open(str(path)) as container:
        if not container.streams.audio:
            raise ValueError(f"{path}: no audio track")
        stream = container.streams.audio[0]
        parts = []
        for frame in container.decode(stream):
            a = frame.to_ndarray()
            if a.dtype.kind in "iu":
                a = a / float(np.iinfo(a.dtype).max)
            if frame.format.is_planar:
                a = a.reshape(len(frame.layout.channels), -1).mean(0)
            else:
                a = a.reshape(-1, len(frame.layout.channels)).mean(1)
            parts.append(a.astype(np.float32))
        return (np.concatenate(parts) if parts else np.zeros(0, np.float32)), stream.rate


def pause_captions() -> set[str]:
    """The caption of a declared pause (``scenes.base.PAUSE_CAPTION``) in every language the
    catalogs hold, and in English."""
    from scenes import i18n
    from scenes.base import PAUSE_CAPTION

    langs = [p.name for p in i18n.LOCALE_DIR.iterdir() if (p / "LC_MESSAGES").is_dir()]
    return {PAUSE_CAPTION} | {i18n.translations(lang).gettext(PAUSE_CAPTION) for lang in langs}


def declared_pauses(captions: Path) -> list[tuple[float, float]]:
    """The declared pauses of a built video, (start, end) seconds: its caption cues (an .srt)
    that say the pause caption."""
    from scenes.narration.captions import read_srt_cues

    said = pause_captions()
    return [(c.start, c.end) for c in read_srt_cues(captions) if c.text in said]


def voiceless_holds_in_video(path: Path, longest: float = MAX_HOLD, pauses=None) -> list[tuple[float, float]]:
    """Stretches longer than ``longest`` seconds without voice in a built video's audio, between
    its first and last words. The declared pauses (``pauses``, else ``declared_pauses`` of the
    captions beside the video, ``<name>.srt``, when there are some) are not holds."""
    samples, rate = read_audio(path)
    if pauses is None:
        captions = Path(path).with_suffix(".srt")
        pauses = declared_pauses(captions) if captions.exists() else []
    return voiceless_holds_in_audio(samples, rate, longest, pauses=pauses)


__all__ = ["ALPHAS", "CHECKS", "Finding", "Report", "Tile", "close_colours", "covered_labels", "declared_pauses",
           "delta_e", "least_delta_e", "pause_captions",
           "framecheck", "instrumented", "late_marks", "mixed_grids", "probe_moves", "read_audio",
           "small_labels", "unsafe_labels", "voiced", "voiceless_holds", "voiceless_holds_in_audio",
           "voiceless_holds_in_video", "weight_tiles"]
