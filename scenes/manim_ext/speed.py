"""Six of Manim's hottest bookkeeping helpers, made cheaper with the same results.

What Manim does, what we do instead, and why, helper by helper, below; the measured gain of the
whole module is in docs/performance.md (2026-12-03). Checked by: ``tests/test_mobject_speed.py``.

Profiling a large sweep (DepthSlices with a 5x5x3 filter over 75 positions) showed a third
of its time in two generic helpers of ``Mobject`` that every play calls many times:

* ``get_family`` walks a mobject's tree with a nested generator per level, so each member is
  handed up through every ancestor (19 million generator steps in that render). Here a plain
  recursive walk visits each member once, skips a mobject already on the path (Manim's guard
  against cycles) and keeps the last occurrence of a repeated member, as Manim's
  ``remove_list_redundancies`` does: the same list, in the same order.
* ``__deepcopy__`` (every ``copy()``, so every Transform's start and target) runs Python's
  generic ``copy.deepcopy`` on each attribute, colours and numbers included. Here attributes
  that cannot change in place are shared (numbers, strings, ``None``, ``ManimColor``, which Manim
  itself treats as a value: ``ManimColor(c)`` shares ``c``'s array), plain numeric arrays are
  copied with ``ndarray.copy`` (what ``ndarray.__deepcopy__`` does, kept in the memo so shared
  arrays stay shared), lists (submobjects, updaters) are copied member by member with the same
  memo entries, enum members (line joint and cap styles) and numpy scalars (opacities) are
  shared, and everything else still goes through ``copy.deepcopy``. A grid with labels copies
  in about half the time of the generic way.

Three of ``Scene``'s: every ``add`` and ``remove`` restructures the scene's list, asking each
mobject on screen which of the removed ones its family holds; Manim lists the whole family
(``get_family``) to intersect it with them. Here ``get_restructured_mobject_list`` walks each
family once (``_members_among``) and collects the removed ones it meets: the same sets, so the same
list. And every play asks which members may move (``get_moving_mobjects``): Manim asks each
member about its whole subtree again; here each member's answer is kept. And before each play,
Manim lists (de-duplicated, sorted) the whole scene to add what the play animates and the scene
lacks, even when nothing is looked up in it (every animation an introducer): here only a set of
the scene's members, and only when needed (``add_mobjects_from_animations``).

And one of ``Animation``'s: before each animation of a play, an introducer (FadeIn, Create...)
asks whether its mobject is on screen already, and Manim answers by listing, de-duplicating and
sorting every member of the scene; a play of many small fades (TransposedConv's stamps) spent
a fifth of its render there. Here ``on_screen`` walks the scene's families until it meets it.

``install()`` (``scenes.manim_ext.install``, unless ``LECTURE_STOCK_MANIM`` is set) puts them on
``Mobject``, ``Scene`` and ``Animation``; ``uninstall()`` restores Manim's. Checked by
``tests/test_mobject_speed.py``: each against Manim's own on random graphs (shared members,
cycles), deep copies of random mobjects included, and on a scene's frame, pixel for pixel.
"""
from __future__ import annotations

import copy
import enum

import numpy as np
from manim.animation.animation import Animation
from manim.mobject.mobject import Mobject
from manim.scene.scene import Scene
from manim.utils.color import ManimColor

_MANIMS = {"get_family": Mobject.get_family, "__deepcopy__": Mobject.__deepcopy__}
_MANIMS_ANIMATION = {"_setup_scene": Animation._setup_scene}
_MANIMS_SCENE = {"get_restructured_mobject_list": Scene.get_restructured_mobject_list,
                 "get_moving_mobjects": Scene.get_moving_mobjects,
                 "add_mobjects_from_animations": Scene.add_mobjects_from_animations}

# exact types whose values never change in place: shared by a copy, as deepcopy shares them
_VALUES = {int, float, bool, str, type(None), ManimColor}
_OTHERS: set = set()   # types seen that are not values


def _is_value(kind: type) -> bool:
    """Whether a copy may share a value of this exact type: the above, enum members (a line
    joint's or a cap's style: ``Enum.__deepcopy__`` returns the member itself) and numpy scalars
    (an opacity of type ``float64``: immutable, so sharing one is as good as copying it)."""
    if kind in _VALUES:
        return True
    if kind in _OTHERS:
        return False
    if issubclass(kind, (enum.Enum, np.number, np.bool_)):
        _VALUES.add(kind)
        return True
    _OTHERS.add(kind)
    return False


def _copy_list(value: list, memo: dict) -> list:
    """``copy.deepcopy`` of a list (a mobject's submobjects, its updaters...), with the same
    memo entries, without the generic dispatch for each member."""
    copied = memo[id(value)] = []
    for item in value:
        if _is_value(type(item)):
            copied.append(item)
            continue
        made = memo.get(id(item), memo)
        if made is memo:
            made = item.__deepcopy__(memo) if isinstance(item, Mobject) else copy.deepcopy(item, memo)
            if made is not item:
                memo[id(item)] = made
                memo.setdefault(id(memo), []).append(item)   # kept alive, as deepcopy does
        copied.append(made)
    memo.setdefault(id(memo), []).append(value)
    return copied


def get_family(self: Mobject, recurse: bool = True) -> list[Mobject]:
    """The mobject and all its submobjects, recursively (Manim's order and de-duplication)."""
    members: list[Mobject] = []
    on_path: set[Mobject] = set()

    def walk(mob: Mobject) -> None:
        if mob in on_path:
            return
        on_path.add(mob)
        members.append(mob)
        for sub in mob.submobjects:
            walk(sub)
        on_path.discard(mob)

    walk(self)
    if len(members) == len(set(members)):
        return members
    # a member reached twice keeps its last place (remove_list_redundancies)
    return list(reversed(dict.fromkeys(reversed(members))))


def deepcopy(self: Mobject, memo: dict[int, object]):
    """A deep copy of the mobject (the same result as Manim's ``Mobject.__deepcopy__``)."""
    cls = self.__class__
    result = cls.__new__(cls)
    memo[id(self)] = result
    for key, value in self.__dict__.items():
        kind = type(value)
        if _is_value(kind):
            copied = value
        elif kind is np.ndarray and not value.dtype.hasobject:
            copied = memo.get(id(value))
            if copied is None:
                copied = memo[id(value)] = value.copy(order="K")
        elif kind is list:
            copied = memo.get(id(value), memo)
            if copied is memo:
                copied = _copy_list(value, memo)
        else:
            copied = copy.deepcopy(value, memo)
        setattr(result, key, copied)
    result.original_id = str(id(self))
    return result


def _members(roots):
    """Every member of the families of ``roots``, each once, in no particular order (a visited
    set: ends on cycles too)."""
    seen, todo = set(), list(roots)
    while todo:
        m = todo.pop()
        if m not in seen:
            seen.add(m)
            yield m
            todo.extend(m.submobjects)


def _members_among(mob: Mobject, wanted: set) -> set:
    """The members of ``mob``'s family (itself included) that are in ``wanted`` (the walk of
    ``_members`` written out: every add and remove runs it over the whole scene)."""
    found, seen, todo = set(), {mob}, [mob]
    while todo:
        m = todo.pop()
        if m in wanted:
            found.add(m)
        for sub in m.submobjects:
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
    return found


def get_restructured_mobject_list(self: Scene, mobjects, to_remove) -> list[Mobject]:
    """``mobjects`` without ``to_remove``: a group holding a removed member is replaced by its
    other members (Manim's ``Scene.get_restructured_mobject_list``, the same list)."""
    kept: list[Mobject] = []

    def keep_safe(examine, remove: set) -> None:
        for mob in examine:
            if mob in remove:
                continue
            inside = _members_among(mob, remove)
            if inside:
                keep_safe(mob.submobjects, inside)
            else:
                kept.append(mob)

    keep_safe(mobjects, set(to_remove))
    return kept


def get_moving_mobjects(self: Scene, *animations) -> list[Mobject]:
    """The scene's family members from the first one that may move on (Manim's
    ``Scene.get_moving_mobjects``, the same list): Manim asks each member whether it or anything
    below it moves, walking the subtree again for every member; here each answer is kept."""
    from manim.animation.composition import AnimationGroup

    animated: set = set()
    todo = list(animations)
    while todo:
        anim = todo.pop()
        animated.update(anim.mobject.get_family())
        if isinstance(anim, AnimationGroup):
            todo.extend(anim.animations)
    foreground = set(self.foreground_mobjects)
    known: dict = {}

    def moves(mob: Mobject) -> bool:
        answer = known.get(mob)
        if answer is None:
            answer = known[mob] = (mob in animated or len(mob.updaters) > 0 or mob in foreground
                                   or any(moves(m) for m in mob.submobjects))
        return answer

    mobjects = self.get_mobject_family_members()
    i = next((i for i, mob in enumerate(mobjects) if moves(mob)), None)
    return [] if i is None else mobjects[i:]


def add_mobjects_from_animations(self: Scene, animations) -> None:
    """Add what a play animates and the scene does not show yet (Manim's
    ``Scene.add_mobjects_from_animations``): Manim lists, de-duplicates and sorts the whole
    scene first, even when every animation is an introducer and nothing is looked up; here the
    scene's members are collected (as a set) only when needed."""
    members = None
    for animation in animations:
        if animation.is_introducer():
            continue
        mob = animation.mobject
        if mob is None:
            continue
        if members is None:
            members = set(_members(self.mobjects))
        if mob not in members:
            self.add(mob)
            members.update(mob.get_family())


def on_screen(scene: Scene, mob: Mobject) -> bool:
    """Whether ``mob`` is in the family of one of the scene's mobjects (Manim's
    ``mob in scene.get_mobject_family_members()``, without listing, de-duplicating and sorting
    every member of the scene to answer it)."""
    return any(m is mob for m in _members(scene.mobjects))


def _setup_scene(self: Animation, scene: Scene) -> None:
    """An introducer's mobject is added to the scene unless it is on screen already (Manim's
    ``Animation._setup_scene``; it listed the whole scene for every animation of a play)."""
    if scene is None:
        return
    if self.is_introducer() and not on_screen(scene, self.mobject):
        scene.add(self.mobject)


def install() -> None:
    """Put the faster helpers on ``Mobject``, ``Scene`` and ``Animation`` (idempotent)."""
    Mobject.get_family = get_family
    Mobject.__deepcopy__ = deepcopy
    Scene.get_restructured_mobject_list = get_restructured_mobject_list
    Scene.get_moving_mobjects = get_moving_mobjects
    Scene.add_mobjects_from_animations = add_mobjects_from_animations
    Animation._setup_scene = _setup_scene


def uninstall() -> None:
    """Manim's own helpers again (the tests compare the two)."""
    for name, method in _MANIMS.items():
        setattr(Mobject, name, method)
    for name, method in _MANIMS_SCENE.items():
        setattr(Scene, name, method)
    for name, method in _MANIMS_ANIMATION.items():
        setattr(Animation, name, method)
