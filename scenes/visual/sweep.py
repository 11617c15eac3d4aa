"""The filter's sweep over the input: one object that owns moving the window.

A ``Sweep`` visits output cells in order. At each position it draws what belongs there (the
``WindowTint`` on the input, a frame on the output cell, a frame on the filter, the cell's
arithmetic, the counter "position n of N", and whatever the scene adds through its hooks),
moves everything from the last position to this one, reveals the output number, and marks the
checkpoint ``"after position n"`` (n counted from 1, as the counter says). The scene says how
each position looks; the sweep decides how the pieces move::

    self.sweep = Sweep(self, self.input, self.output, colors=self.colors, filters=self.filters,
                       arithmetic=self._arithmetic, counter_box=(-6.9, -4.05, -1.5, -2.2), fade=True)
    self.sweep.first()          # position 1, faded in (or ``first_in_detail``: built up step by step)
    self.sweep.run()            # every other position; then the checkpoint "sweep done"
    self.play(*self.sweep.clear())

How the window moves: with ``fade=True`` nothing slides over the input's numbers (issue #24):
from one position to the next the old window, frames and extras fade out as the new ones fade in
(the filter's frame, when it stays where it is, stays on screen; the arithmetic and the counter
swap their text, old out then new in, on a position in full, at once on a fast-forwarded one),
and ``first_in_detail`` builds position 1 in place (each input cell takes its weight's colour
where it is as the weight's cell on the filter is framed; nothing flies). Without ``fade`` (the
default) the window and its frames slide from one position to the next (``Replace``) and
``first_in_detail`` flies each weight's colour from the filter onto the input.

Timing comes from the scene's ``pace``: the first ``pace.full_positions`` positions of each
filter's sweep are animated in full (``pace.step`` seconds; the arithmetic cross-fades), the rest
are fast-forwarded (``pace.fast_step``; the arithmetic and counter are swapped at once). A
position's move takes that long, its number's reveal ``reveal_time`` of it more (``reveal_time
=None``: the reveal plays with the move). ``run`` fits the fast-forwarded positions into what is
left of the beat's narration (or of the words up to a mark, ``run(by="w1")``; ``leave`` seconds
kept for what follows): each takes ``pace.fast_step``, or less when that would run on after the
voice has finished, never less than ``MIN_FAST_STEP``. With ``run(group=True)`` (and ``fade``),
when even ``MIN_FAST_STEP`` a position would outlast the words, consecutive fast-forwarded
positions are shown together (the window goes to the last of a group, all its numbers appear),
so the sweep ends with the voice; without it such a sweep runs on after its narration and its
frames hold without a voice, which ``tests/test_lecture_frames.py`` reports.

What the scene can read while it plays (and tests, at a checkpoint): ``window``, ``focus``,
``filter_frame``, ``arithmetic``, ``counter``, ``extras``, ``position`` (index of the position on
screen), ``cell`` ((k, i, j) there), ``visited`` (every position shown so far, in order; a group's
positions each get their checkpoint), ``fade``. ``attach(*mobjects)`` hands the sweep something
already on screen that leaves with the position on screen.

Hooks (each called with the sweep and the position's index n):

* ``arithmetic(cell_trace) -> Mobject``: the cell's arithmetic, already placed (or None).
* ``extras(sweep, n) -> list[Mobject]``: more things that move with the window (an address,
  a matrix row's frame...). Text in them cross-fades; shapes move (with ``fade``: cross-fade).
* ``reveals(sweep, n) -> list[Animation]``: played with the output number's reveal (a mosaic, a
  matrix row). ``sweep.window`` is already the window at n.
* ``revealed(sweep, n)``: called once position n is fully shown, before its checkpoint (e.g. to
  fold what was revealed into a cheaper drawing).

The Cairo speed rules it follows (see CONTRIBUTING.md): what moves is re-added last before a play,
so everything else is drawn once per play as a still background; text that changes is replaced by
a cross-fade (``Replace``), never morphed, and afterwards the on-screen object *is* the new one.
"""
from __future__ import annotations

import math

from manim import (config, UL, AnimationGroup, FadeIn, FadeOut, LaggedStart, Succession, TransformFromCopy, VGroup,
                   Write)

from scenes.visual import palette as P
from scenes.visual.mobjects import Replace, WindowTint, frame_box, label, place
from scenes.visual.words import position as position_text

# The shortest a fast-forwarded position's move may take, in seconds (its reveal adds
# ``reveal_time`` of it): 9 frames at 60 fps, still long enough to follow the window from one
# position to the next and to see the colours land, where pace.fast_step (0.25 s) is what it
# takes when the narration leaves the time.
MIN_FAST_STEP = 0.15


class Position(VGroup):
    """Everything drawn for one position of the sweep, with a name for each part."""

    def __init__(self, n, cell, window, focus, filter_frame, extras, arithmetic, counter):
        self.n, self.cell = n, cell
        self.window, self.focus, self.filter_frame = window, focus, filter_frame
        self.extras, self.arithmetic, self.counter = list(extras), arithmetic, counter
        super().__init__(*[p for p in self.parts(text=True) if p is not None])

    def parts(self, text: bool) -> list:
        """What moves with the window; with ``text``, also the arithmetic and the counter."""
        movers = [self.window, self.focus, self.filter_frame, *self.extras]
        if text:
            movers += [self.arithmetic, self.counter]
        return [p for p in movers if p is not None]


class Sweep:
    """Moves the window over ``input_volume`` through ``cells`` (default: every output cell, in
    the trace's order), revealing each number of ``output``. See the module docstring."""

    def __init__(self, scene, input_volume, output, colors, cells=None, *, filters=None,
                 frame_filter: bool = True, arithmetic=None, counter_box=None, extras=None,
                 reveals=None, revealed=None, reveal_time: float | None = 0.5,
                 focus_buff: float = 0.05, fade: bool = False, name: str = ""):
        self.scene, self.trace, self.pace = scene, scene.trace, scene.pace
        self.input, self.output, self.colors = input_volume, output, colors
        self.cells = list(cells if cells is not None else self.trace.cells())
        self.filters, self.frame_filter = filters, frame_filter and filters is not None
        self._arithmetic, self.counter_box = arithmetic, counter_box
        self._extras, self._more_reveals, self._revealed = extras, reveals, revealed
        self.reveal_time, self.focus_buff, self.fade = reveal_time, focus_buff, fade
        self.prefix = f"{name}: " if name else ""
        _, ho, wo = self.trace.out_shape
        self.per_filter = ho * wo
        self.current: Position | None = None
        self.visited: list[int] = []
        self._fitted: dict[int, float] = {}   # position -> its run time, fitted to the narration

    # ---- accessors ---------------------------------------------------------------------------
    @property
    def window(self) -> WindowTint | None:
        return None if self.current is None else self.current.window

    @property
    def focus(self):
        return None if self.current is None else self.current.focus

    @property
    def filter_frame(self):
        return None if self.current is None else self.current.filter_frame

    @property
    def arithmetic(self):
        return None if self.current is None else self.current.arithmetic

    @property
    def counter(self):
        return None if self.current is None else self.current.counter

    @property
    def extras(self) -> list:
        return [] if self.current is None else self.current.extras

    @property
    def position(self) -> int | None:
        return None if self.current is None else self.current.n

    @property
    def cell(self):
        return None if self.current is None else self.current.cell

    def index(self, n: int) -> int:
        """Position n's place within its own filter's sweep (each filter starts in full)."""
        return n % self.per_filter

    def in_full(self, n: int) -> bool:
        return self.pace.in_full(self.index(n))

    def run_time(self, n: int) -> float:
        """Run time of position n's move (its reveal takes ``reveal_time`` of it more):
        ``pace.step_time``, or what ``run`` fitted it to."""
        return self._fitted.get(n, self.pace.step_time(self.index(n)))

    def fit_fast_step(self, n: int, stop: int, by: str | None = None, leave: float = 0.0) -> float:
        """The run time of fast-forwarded position n that makes positions n..stop-1 end when the
        beat's narration does (``by``: when the voice comes to that mark), ``leave`` seconds
        before it: ``pace.fast_step`` if they fit at that pace, else less, never less than
        ``MIN_FAST_STEP``; whole frames."""
        fast = self.pace.fast_step
        left_of = getattr(self.scene, "narration_left", None)
        if left_of is None:   # not a lecture scene (no narration to fit)
            return fast
        share = 1 + (self.reveal_time or 0.0)
        todo = range(n, stop)
        fixed = sum(self.pace.step * share for m in todo if self.in_full(m))
        count = sum(1 for m in todo if not self.in_full(m))
        left = left_of(by) - leave - fixed
        if count == 0 or left >= count * fast * share:
            return fast
        fps = config.frame_rate
        step = math.floor(max(0.0, left) / (count * share) * fps + 1e-6) / fps
        return max(MIN_FAST_STEP, step)

    def checkpoint_name(self, n: int) -> str:
        """The checkpoint marked once position n (0-based) is shown: 'after position n+1'."""
        return f"{self.prefix}after position {n + 1}"

    # ---- what one position looks like --------------------------------------------------------
    def build(self, n: int) -> Position:
        k, i, j = self.cells[n]
        cell = self.trace.cell(k, i, j)
        window = WindowTint(self.input, cell, self.colors)
        focus = frame_box(self.output.cell(k, i, j), buff=self.focus_buff)
        filt = (frame_box(self.filters.filters[k], P.filter_color(k), buff=0.08)
                if self.frame_filter else None)
        arith = self._arithmetic(cell) if self._arithmetic else None
        counter = None
        if self.counter_box is not None:
            counter = place(label(position_text(n, len(self.cells)), 20, P.MUTED), *self.counter_box,
                            align=UL)
        extras = self._extras(self, n) if self._extras else []
        return Position(n, (k, i, j), window, focus, filt, extras, arith, counter)

    # ---- playing -----------------------------------------------------------------------------
    def first(self, run_time: float | None = None) -> None:
        """Position 1: everything fades in (in ``run_time`` seconds, default ``run_time(0)``);
        then its number is revealed."""
        pos = self._enter(0)
        if run_time is not None:
            self._fitted[0] = run_time
        self.scene.play(FadeIn(pos), *self._reveal_with_move(0), run_time=self.run_time(0))
        self._reveal_after_move(0)
        self._arrived(0)

    def attach(self, *mobjects) -> None:
        """Mobjects on screen that leave with the position on screen: they fade out as the window
        moves on (with ``fade``), or with ``clear``. (A frame the narration put round the filter
        while the first position was explained, say.)"""
        self.current.extras.extend(mobjects)
        self.current.add(*mobjects)

    def first_in_detail(self, lag_ratio: float | None = None) -> None:
        """Position 1, built up step by step: each weight's colour lands on the input ("taps"),
        the window is outlined, the products and frames appear ("products"), the sum is written
        ("sum") and its result goes to the output cell ("result"). A step waits for the voice
        when the beat's script has a mark of its name (``<mark name="sum"/>``:
        ``LectureScene.until_mark``).

        How the colours and the result land: without ``fade`` each weight's colour flies from the
        filter onto the input and the result flies to its cell (``lag_ratio`` 0.08); with
        ``fade`` nothing moves over a number: each input cell takes its weight's colour in place
        while the weight's cell on the filter is framed, and the result is framed, then its cell
        shows it (``lag_ratio`` 0.3)."""
        scene, run = self.scene, self.pace.step
        if lag_ratio is None:
            lag_ratio = 0.3 if self.fade else 0.08

        def when(step):
            if scene.has_mark(step):
                scene.until_mark(step)

        pos = self._enter(0)
        w, arith = pos.window, pos.arithmetic
        cell = self.trace.cell(*pos.cell)
        if self.fade:
            taps = [AnimationGroup(FadeIn(sq), FadeIn(num), self._flash(self.filters.weight_cell(int(wid))))
                    for wid, sq, num in zip(cell.weight_ids, w.squares, w.numbers)]
        else:
            taps = [AnimationGroup(TransformFromCopy(self.filters.weight_cell(int(wid)), sq), FadeIn(num))
                    for wid, sq, num in zip(cell.weight_ids, w.squares, w.numbers)]
        when("taps")
        scene.play(LaggedStart(*taps, lag_ratio=lag_ratio), run_time=2 * run)
        scene.play(FadeIn(w.outlines), run_time=run / 2)
        shown = [p for p in (pos.focus, pos.filter_frame, *pos.extras, pos.counter) if p is not None]
        when("products")
        scene.play(FadeIn(arith.rows), *[FadeIn(p) for p in shown], run_time=run)
        when("sum")
        scene.play(Write(arith.total), run_time=run)
        when("result")
        if self.fade:   # the result, then its cell: nothing flies
            box = frame_box(arith.result, buff=0.08)
            scene.play(FadeIn(box), run_time=0.5 * run)
            scene.play(FadeOut(box), self.output.reveal(*pos.cell), run_time=0.5 * run)
        else:
            number = self.output.number(*pos.cell)
            flying = arith.result.copy()
            scene.play(flying.animate.scale(number.height / flying.height).move_to(number),
                       run_time=0.7 * run)
            scene.play(FadeOut(flying), self.output.reveal(*pos.cell), run_time=0.3 * run)
        self._settle(pos)
        self._arrived(0)

    @staticmethod
    def _flash(cell):
        """A frame that lights up around a filter cell and goes (it does not move)."""
        box = frame_box(cell, buff=0.04)
        return Succession(FadeIn(box, run_time=0.5), FadeOut(box, run_time=0.5))

    def visit(self, n: int) -> None:
        """Move from the position on screen to position n, then reveal its number."""
        if self.fade:
            self.visit_group([n])
            return
        old, new = self.current, self.build(n)
        full = self.in_full(n)
        scene = self.scene
        scene.remove(old)
        if not full:   # fast-forwarded: the new arithmetic and counter replace the old at once
            scene.add(*[p for p in (new.arithmetic, new.counter) if p is not None])
        movers = VGroup(*old.parts(text=full))
        scene.add(movers)   # last: only what moves is redrawn in every frame
        move = Replace(movers, VGroup(*new.parts(text=full)))
        self.current = new
        scene.play(move, *self._reveal_with_move(n), run_time=self.run_time(n))
        self._settle(new)
        self._reveal_after_move(n)
        self._arrived(n)

    def visit_group(self, ns: list[int], run_time: float | None = None) -> None:
        """Cross-fade (``fade``) from the position on screen to the last of ``ns`` in
        ``run_time`` seconds (default: ``run_time`` of it) and reveal every number of ``ns``.
        The old window fades out as the new one fades in; the filter's frame stays when it does
        not move (the same filter); the arithmetic and the counter swap their text (old out, then
        new in) on a position in full and at once on a fast-forwarded one."""
        old, new = self.current, self.build(ns[-1])
        if run_time is not None:
            for n in ns:
                self._fitted[n] = run_time
        run_time = self.run_time(ns[-1])
        keep = (old.filter_frame is not None and new.filter_frame is not None
                and abs(old.filter_frame.get_center() - new.filter_frame.get_center()).max() < 1e-6)
        if keep:   # the same filter: its frame stays on screen as it is
            new = Position(new.n, new.cell, new.window, new.focus, old.filter_frame, new.extras,
                           new.arithmetic, new.counter)
        going = [p for p in old.parts(text=False) if not (keep and p is old.filter_frame)]
        coming = [p for p in new.parts(text=False) if not (keep and p is new.filter_frame)]
        texts = [(a, b) for a, b in ((old.arithmetic, new.arithmetic), (old.counter, new.counter))
                 if a is not None and b is not None]
        scene = self.scene
        self.current = new
        scene.remove(old)
        if keep:
            scene.add(old.filter_frame)
        if len(ns) == 1 and self.in_full(ns[0]):   # old text out, then new text in
            swaps = [Replace(a, b) for a, b in texts]
        else:                                      # fast-forwarded: swapped at once
            scene.add(*[b for _, b in texts])
            swaps = []
        reveals = [a for n in ns for a in self._reveals(n)]
        scene.add(*going)     # last: only what changes is redrawn in every frame
        scene.play(*[FadeOut(p) for p in going], *[FadeIn(p) for p in coming], *swaps,
                   *(reveals if self.reveal_time is None else []), run_time=run_time)
        scene.remove(*going)
        self._settle(new)
        if self.reveal_time is not None:
            scene.play(*reveals, run_time=run_time * self.reveal_time)
        for n in ns:
            self._arrived(n)

    def groups(self, todo: list[int], budget: float) -> tuple[list[list[int]], float]:
        """The fast-forwarded positions ``todo`` in groups shown together (``fade`` only), and
        the run time of each group's move, so that they take at most ``budget`` seconds:
        ``pace.fast_step`` a position if they fit at that pace, else less, never less than
        ``MIN_FAST_STEP`` a move (then several positions at once); whole frames."""
        share = 1 + (self.reveal_time or 0.0)
        fast, fps = self.pace.fast_step, config.frame_rate
        if not todo:
            return [], fast
        if len(todo) * fast * share <= budget:
            return [[n] for n in todo], fast
        steps = max(1, min(len(todo), math.floor(max(0.0, budget) / (MIN_FAST_STEP * share) + 1e-9)))
        size = math.ceil(len(todo) / steps)
        groups = [todo[g:g + size] for g in range(0, len(todo), size)]
        step = math.floor(max(0.0, budget) / (len(groups) * share) * fps + 1e-6) / fps
        return groups, min(fast, max(MIN_FAST_STEP, step))

    def run(self, stop: int | None = None, between=None, by: str | None = None, leave: float = 0.0,
            group: bool = False) -> None:
        """Visit every position after the one on screen (from position 1 if none is) up to
        ``stop`` (default: the end); ``between(sweep, n)`` runs after each (e.g. a note after a
        filter's last position). Marks "sweep done" at the end.

        The fast-forwarded positions are fitted into what is left of the beat's narration
        (``fit_fast_step``, again before each position, so time ``between`` takes is made up
        for): ``by="w1"`` fits them into the words before the mark ``w1`` instead (when the
        scene waits for it next), ``leave`` keeps that many seconds of the narration for what
        the beat shows after the sweep. With ``group`` (and ``fade``) a run of fast-forwarded
        positions that would outlast the narration even at ``MIN_FAST_STEP`` is shown in groups
        (``groups``: the window goes to the last of each, all its numbers appear), so the sweep
        ends with the words."""
        stop = len(self.cells) if stop is None else stop
        n = 0 if self.current is None else self.current.n + 1
        while n < stop:
            if self.current is None:
                self.first()
                done = [n]
            elif self.in_full(n):
                self.visit(n)
                done = [n]
            elif group and self.fade:
                todo = []
                while n + len(todo) < stop and not self.in_full(n + len(todo)):
                    todo.append(n + len(todo))
                later = range(n + len(todo), stop)
                fixed = sum(self.pace.step * (1 + (self.reveal_time or 0.0)) for m in later if self.in_full(m))
                left_of = getattr(self.scene, "narration_left", None)
                budget = math.inf if left_of is None else left_of(by) - leave - fixed
                groups, step = self.groups(todo, budget)
                for g in groups:
                    self.visit_group(g, step)
                    if between:
                        for m in g:
                            between(self, m)
                n += len(todo)
                continue
            else:
                self._fitted[n] = self.fit_fast_step(n, stop, by=by, leave=leave)
                self.visit(n)
                done = [n]
            if between:
                for m in done:
                    between(self, m)
            n += 1
        if stop == len(self.cells):
            self.scene.checkpoint(f"{self.prefix}sweep done")

    def clear(self) -> list:
        """Animations that take the window and everything with it off the screen."""
        pos, self.current = self.current, None
        if pos is None:
            return []
        self.scene.add(pos)   # last: only what fades is redrawn
        return [FadeOut(pos)]

    # ---- steps -----------------------------------------------------------------------------
    def _enter(self, n: int) -> Position:
        pos = self.current = self.build(n)
        return pos

    def _settle(self, pos: Position) -> None:
        """Make the position's parts one mobject in the scene again (animations may have added
        them piece by piece), last in the list. (``Scene.add`` first takes every part of ``pos``
        out of wherever it is in the scene.)"""
        self.scene.add(pos)

    def _reveals(self, n: int) -> list:
        extra = self._more_reveals(self, n) if self._more_reveals else []
        return [self.output.reveal(*self.cells[n]), *extra]

    def _reveal_with_move(self, n: int) -> list:
        return self._reveals(n) if self.reveal_time is None else []

    def _reveal_after_move(self, n: int) -> None:
        if self.reveal_time is not None:
            self.scene.play(*self._reveals(n), run_time=self.run_time(n) * self.reveal_time)

    def _arrived(self, n: int) -> None:
        if self._revealed:
            self._revealed(self, n)
        self.visited.append(n)
        self.scene.checkpoint(self.checkpoint_name(n))


__all__ = ["Position", "Sweep"]
