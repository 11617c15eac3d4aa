"""Render a lecture scene for real, fast, and read back what it shows.

A scene is built under ``tempconfig`` with a tiny frame and ``skip_animations=True``: every
``play`` jumps to its end state without drawing, and the frame where the render stops is drawn
once (RGBA pixels of the scene as it is then). Tests then compare what the
scene shows (its mobjects, and sampled pixels) against the trace it was built from.

To look at a moment inside a scene, render ``upto`` one of its checkpoints (named moments such
as ``"after position 3"`` or ``"sweep done"``) and read the scene's objects through its
accessors (``scene.sweep.window``, ``scene.sweep.arithmetic``, ``scene.output.number(k, i, j)``),
never by counting plays.
"""
from __future__ import annotations

import os
from contextlib import contextmanager, nullcontext
from pathlib import Path

import numpy as np
from manim import VMobject, config, tempconfig

from scenes.manim_ext.quick_render import frames_on_demand, watching_morphs, whole_frame
from scenes.visual import palette as P
from scenes.visual.mobjects import Label

SMALL = {"pixel_width": 480, "pixel_height": 270, "frame_rate": 15, "dry_run": True,
         "disable_caching": True, "preview": False, "progress_bar": "none", "verbosity": "ERROR"}


@contextmanager
def params_file(path):
    """Point the scenes at another parameter file for the duration of the block."""
    old = os.environ.get("LECTURE_PARAMS")
    os.environ["LECTURE_PARAMS"] = str(path)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("LECTURE_PARAMS", None)
        else:
            os.environ["LECTURE_PARAMS"] = old


def render(scene_cls, tmp_path: Path, params: Path | None = None, upto: str | None = None,
           midway: float | None = None, looks: dict | None = None, checks: dict | None = None,
           every=None, **overrides):
    """Render ``scene_cls``; return (scene, frame RGBA uint8 array).

    Without ``upto``: the whole scene, and its last frame. With ``upto="after position 3"``:
    the render stops at that checkpoint (``scene.checkpoint(name)``) and the frame shows the
    scene at that moment; with ``midway=0.5`` as well, it stops halfway through the first play
    after the checkpoint (a frame in the middle of a move). A checkpoint the scene never
    reaches is an error that lists the ones it did.

    ``looks={"after position 9": check}`` calls ``check(scene, frame)`` at that checkpoint, with
    the frame as the scene shows it then, and renders on: one render checked at a moment and at
    its end. A look whose checkpoint never comes is an error too.

    ``checks={"after position 3": check, ...}`` is the same, except that a check that fails does
    not end the render: ``passed(scene, "after position 3")`` raises what it raised (or says that
    the checkpoint never came). A module's one render of a scene then serves a test per moment
    (``test_mid_sweep...[n]``) as if each had rendered up to its own.

    ``every=check`` calls ``check(scene, frame, name)`` at every checkpoint the scene passes.
    """
    cfg = dict(SMALL, media_dir=str(tmp_path / "media"), **overrides)
    morphs: list = []
    with tempconfig(cfg), (params_file(params) if params is not None else nullcontext()), \
            watching_morphs(morphs, lambda m: isinstance(m, Label)):
        scene = scene_cls(skip_animations=True)
        scene.morphs = morphs   # every Label a Transform turned into other text (should be none)
        if upto is not None:
            scene.stop_at(upto, midway=midway)
        scene.frame_size = (config.frame_width, config.frame_height)
        # Nothing is written (dry run) and only the frames looked at are drawn (frames_on_demand)
        with frames_on_demand(scene) as frame_now:
            if every is not None:
                scene.look_at_every(lambda s, name: every(s, frame_now(), name))
            for name, check in (looks or {}).items():
                scene.look_at(name, lambda s, check=check: check(s, frame_now()))
            scene.checked = {}
            for name, check in (checks or {}).items():
                if name in (looks or {}):
                    raise ValueError(f"checkpoint {name!r} both in looks and in checks")
                scene.look_at(name, lambda s, name=name, check=check: _keep_outcome(s, name, check, frame_now))
            scene.render()
        if upto is not None and scene.stopped_at != upto:
            raise AssertionError(f"{scene_cls.__name__} never reached checkpoint {upto!r};"
                                 f" it has: {scene.checkpoints}")
        missed = [name for name in (looks or {}) if name not in scene.looked_at]
        if missed:
            raise AssertionError(f"{scene_cls.__name__} never reached checkpoint(s) {missed} to look at;"
                                 f" it has: {scene.checkpoints}")
        frame = whole_frame(scene)   # the frame shows the scene as it is now
    return scene, frame


def _keep_outcome(scene, name: str, check, frame_now) -> None:
    try:
        check(scene, frame_now())
        scene.checked[name] = None
    except Exception as e:   # an assertion, or a check that could not run: its test reports it
        scene.checked[name] = e


def passed(scene, name: str) -> None:
    """Raise what the check at checkpoint ``name`` (``render(checks=...)``) raised, if anything."""
    if name not in scene.checked:
        raise AssertionError(f"{type(scene).__name__} never reached checkpoint {name!r} to check;"
                             f" it has: {scene.checkpoints}")
    if scene.checked[name] is not None:
        raise scene.checked[name]


def half_formed_labels(scene) -> list[str]:
    """Labels among what is moving now (e.g. halfway through a play, ``render(midway=...)``)
    whose outline is not their own text's, however scaled and moved: a morph caught mid-way."""
    from scenes.visual.mobjects import label

    bad = []
    moving = {id(m) for mob in scene.moving_mobjects for m in mob.get_family()}
    for m in scene.get_mobject_family_members():
        if not isinstance(m, Label) or id(m) not in moving or not m.text.strip():
            continue
        if not any(_same_outline(m.points, label(m.text, 24, mono=mono, weight=w).points)
                   for mono in (False, True) for w in ("NORMAL", "BOLD")):
            bad.append(m.text)
    return bad


def _same_outline(a: np.ndarray, b: np.ndarray) -> bool:
    if a.shape != b.shape:
        return False
    a, b = a[:, :2] - a[:, :2].mean(0), b[:, :2] - b[:, :2].mean(0)
    sa, sb = np.abs(a).max(), np.abs(b).max()
    return bool(sa > 0 and sb > 0 and np.allclose(a / sa, b / sb, atol=1e-2))


def pixel_at(scene, frame: np.ndarray, point) -> np.ndarray:
    """RGB of the frame pixel under scene point (x, y)."""
    fw, fh = scene.frame_size
    h, w = frame.shape[:2]
    col = int(round((point[0] + fw / 2) / fw * (w - 1)))
    row = int(round((fh / 2 - point[1]) / fh * (h - 1)))
    return frame[row, col, :3].astype(int)


def near(scene, frame, point, color, tol=40) -> bool:
    """Some pixel within one pixel of ``point`` shows ``color`` (lines are thin at test size)."""
    fw, fh = scene.frame_size
    step = np.array([fw / frame.shape[1], fh / frame.shape[0], 0])
    return any(close(pixel_at(scene, frame, point + step * (dx, dy, 0)), color, tol)
               for dx in (-1, 0, 1) for dy in (-1, 0, 1))


def fill_of(scene, frame: np.ndarray, cell) -> np.ndarray:
    """RGB a cell shows on screen: the most common pixel colour in its inner part (the number
    written on a cell covers its centre, so one pixel there would read the glyph, not the fill)."""
    fw, fh = scene.frame_size
    h, w = frame.shape[:2]
    (x0, y0), (x1, y1) = cell.get_corner(np.array([-1, 1, 0]))[:2], cell.get_corner(np.array([1, -1, 0]))[:2]
    inset = 0.15 * (x1 - x0)
    c0, c1 = (int(round((x + fw / 2) / fw * (w - 1))) for x in (x0 + inset, x1 - inset))
    r0, r1 = (int(round((fh / 2 - y) / fh * (h - 1))) for y in (y0 - inset, y1 + inset))
    patch = frame[r0:r1 + 1, c0:c1 + 1, :3].reshape(-1, 3)
    colours, counts = np.unique(patch, axis=0, return_counts=True)
    return colours[counts.argmax()].astype(int)


def hex_rgb(color: str) -> np.ndarray:
    return np.array([round(v * 255) for v in P.hex_to_rgb(color)])


def close(rgb, color: str, tol: int = 12) -> bool:
    return bool(np.all(np.abs(np.asarray(rgb) - hex_rgb(color)) <= tol))


def visible_family(scene):
    """Every visible leaf mobject on screen at the end of the scene."""
    out = []
    for m in scene.mobjects:
        for sub in m.get_family():
            if isinstance(sub, VMobject) and not sub.submobjects and sub.has_points():
                if sub.get_fill_opacity() > 0.01 or sub.get_stroke_opacity() > 0.01:
                    out.append(sub)
    return out


def outside_frame(scene, margin: float = 0.0):
    """Visible mobjects that stick out of the frame."""
    fw, fh = scene.frame_size
    bad = []
    for m in visible_family(scene):
        pts = m.points
        if (np.abs(pts[:, 0]).max() > fw / 2 - margin + 1e-6) or (np.abs(pts[:, 1]).max() > fh / 2 - margin + 1e-6):
            bad.append(m)
    return bad


def label_opacity(text: Label) -> float:
    """How visible a Label is: its fill opacity (a Label is one path of all its glyphs)."""
    return text.get_fill_opacity()


def visible_texts(scene):
    """Every Label on screen with opacity > 0."""
    seen, out = set(), []
    for m in scene.mobjects:
        for sub in m.get_family():
            if isinstance(sub, Label) and id(sub) not in seen:
                seen.add(id(sub))
                if label_opacity(sub) > 0.01:
                    out.append(sub)
    return out


def overlapping_texts(scene, shrink: float = 0.02):
    """Pairs of visible Texts whose bounding boxes overlap (shrunk a little, so touching is fine),
    in the order of ``itertools.combinations`` over ``visible_texts``. Each box is measured once
    and all pairs compared at once (a large layer shows hundreds of labels)."""
    texts = visible_texts(scene)
    if len(texts) < 2:
        return []
    lo = np.array([t.get_corner(np.array([-1, -1, 0]))[:2] for t in texts]) + shrink
    hi = np.array([t.get_corner(np.array([1, 1, 0]))[:2] for t in texts]) - shrink
    centre = np.array([t.get_center() for t in texts])
    words = np.array([t.text for t in texts], dtype=object)
    overlap = (lo[:, None] < hi[None, :]).all(-1) & (lo[None, :] < hi[:, None]).all(-1)
    # the same number drawn again on top of itself (a tile over its cell) is not an overlap
    same = (words[:, None] == words[None, :]) & np.isclose(centre[:, None], centre[None, :], atol=0.02).all(-1)
    i, j = np.nonzero(np.triu(overlap & ~same, k=1))
    return [(texts[a].text, texts[b].text) for a, b in zip(i, j)]


def assert_legible(scene, margin: float = 0.1):
    """Nothing on screen sticks out of the frame (by more than ``margin`` inside it) and no two
    labels lie on top of each other."""
    cut = [getattr(m, "text", type(m).__name__) for m in outside_frame(scene, margin)]
    assert not cut, f"cut off by the frame's edge: {cut}"
    pairs = overlapping_texts(scene)
    assert not pairs, f"labels on top of each other: {pairs}"


def overlap_check_sees(scene, text: Label) -> bool:
    """The overlap check is live on this scene: a stray label laid on ``text`` is reported."""
    from scenes.visual.mobjects import label

    stray = label("stray", 30).move_to(text)
    scene.add(stray)
    try:
        return {"stray", text.text} in [set(p) for p in overlapping_texts(scene)]
    finally:
        scene.remove(stray)
