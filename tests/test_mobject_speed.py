"""``scenes.manim_ext.speed``: Mobject.get_family and deep copies give what Manim's own
give, as do the scene's list after a removal and the list of what may move in a play, on random trees (members shared between
branches, cycles). A scene's frames with and without them: ``tests/test_manim_ext.py`` (every
checkpoint of SlidingFilter and a frame halfway into a move, on stock Manim and with every
extension)."""
from __future__ import annotations

import copy
from types import SimpleNamespace

import numpy as np
from hypothesis import given, settings, strategies as st
from manim import Animation, AnimationGroup, FadeIn, VGroup, VMobject, Wait
from manim.scene.scene import Scene

import scenes.base  # noqa: F401  (installs the helpers, as every lecture scene does)
from scenes.manim_ext import speed as ms
from scenes.visual.mobjects import Grid, label

MANIMS_FAMILY = ms._MANIMS["get_family"]


@st.composite
def trees(draw, cycles: bool = True):
    """A random mobject graph: nodes with submobjects drawn among the later nodes, some shared
    by several parents, and (``cycles``) sometimes an edge back up."""
    n = draw(st.integers(1, 14))
    nodes = [VGroup() if draw(st.booleans()) else VMobject() for _ in range(n)]
    for i, node in enumerate(nodes):
        later = list(range(i + 1, n))
        picks = draw(st.lists(st.sampled_from(later), max_size=4)) if later else []
        if cycles and draw(st.integers(0, 9)) == 0 and i > 0:
            picks.append(draw(st.integers(0, i - 1)))    # back to an ancestor or a sibling
        node.submobjects = [nodes[j] for j in picks]      # repeats allowed, as Manim allows
    return nodes


@settings(max_examples=300, deadline=None)
@given(trees())
def test_get_family_is_manims(nodes):
    for node in nodes:
        assert [id(m) for m in ms.get_family(node)] == [id(m) for m in MANIMS_FAMILY(node)]


@settings(max_examples=300, deadline=None)
@given(trees(cycles=False), st.data())
def test_restructuring_the_scene_list_is_manims(nodes, data):
    """Removing some mobjects from a scene's list (groups holding them give way to their other
    members) gives Manim's list, in Manim's order. (No cycles: Manim's own recursion never ends
    on a group that holds itself.)"""
    on_screen = data.draw(st.lists(st.sampled_from(nodes), min_size=1, max_size=6))
    removed = data.draw(st.lists(st.sampled_from(nodes), max_size=4))
    theirs = ms._MANIMS_SCENE["get_restructured_mobject_list"](None, on_screen, removed)
    assert [id(m) for m in ms.get_restructured_mobject_list(None, on_screen, removed)] == \
        [id(m) for m in theirs]
    assert Scene.get_restructured_mobject_list is ms.get_restructured_mobject_list   # installed


@settings(max_examples=300, deadline=None)
@given(trees(cycles=False), st.data())
def test_the_moving_mobjects_are_manims(nodes, data):
    """What may move in a play (from the first family member that is animated, has an updater,
    is in the foreground or holds one of those): Manim's list, in Manim's order."""
    scene = Scene.__new__(Scene)
    scene.renderer = SimpleNamespace(camera=SimpleNamespace(use_z_index=data.draw(st.booleans())))
    scene.mobjects = data.draw(st.lists(st.sampled_from(nodes), min_size=1, max_size=6))
    scene.foreground_mobjects = data.draw(st.lists(st.sampled_from(nodes), max_size=2))
    for node in data.draw(st.lists(st.sampled_from(nodes), max_size=2)):
        node.updaters = [lambda m: None]
    pick = st.sampled_from(nodes)
    animations = data.draw(st.lists(st.one_of(pick.map(FadeIn), pick.map(lambda m: AnimationGroup(FadeIn(m))),
                                              st.just(Wait())), max_size=3))
    theirs = ms._MANIMS_SCENE["get_moving_mobjects"](scene, *animations)
    assert [id(m) for m in ms.get_moving_mobjects(scene, *animations)] == [id(m) for m in theirs]
    assert Scene.get_moving_mobjects is ms.get_moving_mobjects   # installed


@settings(max_examples=300, deadline=None)
@given(trees(cycles=False), st.data())
def test_adding_what_a_play_animates_is_manims(nodes, data):
    """Before a play, what it animates (not introducers: they add their own) and the scene lacks
    is added: the scene's list afterwards is the one Manim's own leaves, in Manim's order."""
    use_z = data.draw(st.booleans())
    shown = data.draw(st.lists(st.sampled_from(nodes), max_size=5))
    foreground = data.draw(st.lists(st.sampled_from(nodes), max_size=2))
    pick = st.sampled_from(nodes)
    animations = data.draw(st.lists(st.one_of(pick.map(Animation), pick.map(FadeIn), st.just(Wait()),
                                              pick.map(lambda m: AnimationGroup(Animation(m)))), max_size=4))
    after = []
    for add in (ms._MANIMS_SCENE["add_mobjects_from_animations"], ms.add_mobjects_from_animations):
        scene = Scene.__new__(Scene)
        scene.renderer = SimpleNamespace(camera=SimpleNamespace(use_z_index=use_z))
        scene.mobjects, scene.foreground_mobjects, scene.moving_mobjects = list(shown), list(foreground), []
        add(scene, animations)
        after.append([id(m) for m in scene.mobjects])
    assert after[0] == after[1]
    assert Scene.add_mobjects_from_animations is ms.add_mobjects_from_animations   # installed


@settings(max_examples=300, deadline=None)
@given(trees(), st.data())
def test_on_screen_is_manims_membership(nodes, data):
    """Whether an introducer's mobject is already on screen (so not added again): Manim's
    ``mob in scene.get_mobject_family_members()``, cycles included."""
    scene = Scene.__new__(Scene)
    scene.renderer = SimpleNamespace(camera=SimpleNamespace(use_z_index=False))
    scene.mobjects = data.draw(st.lists(st.sampled_from(nodes), max_size=5))
    family = {id(m) for top in scene.mobjects for m in MANIMS_FAMILY(top)}
    for node in nodes:
        assert ms.on_screen(scene, node) == (id(node) in family)
    assert Animation._setup_scene is ms._setup_scene   # installed


def _state(mob) -> list:
    """Everything a copy must reproduce, member by member, as plain values."""
    out = []
    for m in MANIMS_FAMILY(mob):
        row = [type(m).__name__]
        for key, value in sorted(m.__dict__.items()):
            if key == "original_id":
                continue
            if isinstance(value, np.ndarray):
                row.append((key, value.dtype.str, value.shape, value.tobytes(), value.flags.c_contiguous))
            elif isinstance(value, (list, tuple)) and value and all(hasattr(v, "points") for v in value):
                row.append((key, len(value)))
            else:
                row.append((key, repr(value)))
        out.append(row)
    return out


def test_a_copy_is_manims_copy_and_independent():
    grid = Grid([[1, -2], [3, None]], 0.5)
    shared = VMobject()
    shared.points = np.asfortranarray(np.arange(12.0).reshape(4, 3))   # not C-ordered
    mob = VGroup(grid, label("w0", 20), shared, VGroup(shared))   # a member in two places
    ms.uninstall()
    try:
        theirs = copy.deepcopy(mob)
    finally:
        ms.install()
    ours = copy.deepcopy(mob)
    assert _state(ours) == _state(theirs) == _state(mob)
    copied_shared = ours.submobjects[2]
    assert ours.submobjects[3].submobjects[0] is copied_shared and copied_shared is not shared
    before = _state(mob)
    for m in MANIMS_FAMILY(ours):
        m.points += 1   # arrays changed in place in the copy leave the original alone
        m.set_fill("#FF0000", 0.3)
    assert _state(mob) == before


# ---- deep copies of generated mobjects --------------------------------------------------------

def _canonical(root, layout: bool = True) -> list:
    """The object graph under ``root`` as plain values, with shared objects as back-references
    (("ref", n): the n-th object met): two graphs with the same canonical form have the same
    values *and* the same sharing. Functions (updaters) are compared by identity, as deepcopy
    keeps them. ``layout``: arrays' memory order too (a copy of a strided view is contiguous)."""
    seen: dict[int, int] = {}
    out: list = []

    def walk(v):
        if isinstance(v, (int, float, str, bool, type(None), complex, bytes)) or isinstance(v, np.generic):
            return (type(v).__name__, repr(v))
        if callable(v) and not hasattr(v, "__dict__") or type(v).__name__ == "function":
            return ("function", id(v))
        if id(v) in seen:
            return ("ref", seen[id(v)])
        seen[id(v)] = len(seen)
        if isinstance(v, np.ndarray):
            if v.dtype.hasobject:
                return ("objects", v.shape, [walk(x) for x in v.ravel()])
            order = (v.flags.c_contiguous, v.flags.f_contiguous) if layout else ()
            return ("array", v.dtype.str, v.shape, v.tobytes(), *order)
        if isinstance(v, (list, tuple)):
            return (type(v).__name__, [walk(x) for x in v])
        if isinstance(v, dict):
            return ("dict", [(walk(k), walk(x)) for k, x in v.items()])
        if hasattr(v, "__dict__"):
            return (type(v).__name__, [(k, walk(x)) for k, x in sorted(vars(v).items()) if k != "original_id"])
        return (type(v).__name__, repr(v))

    out.append(walk(root))
    return out


def _mutable_members(root) -> set[int]:
    """Ids of every mobject, list, dict and array reachable from ``root``."""
    found, todo = {}, [root]
    while todo:
        v = todo.pop()
        if id(v) in found or isinstance(v, (int, float, str, bool, type(None), np.generic)):
            continue
        if isinstance(v, (list, dict, np.ndarray)) or hasattr(v, "submobjects"):
            found[id(v)] = v
        if isinstance(v, (list, tuple)):
            todo += list(v)
        elif isinstance(v, dict):
            todo += list(v.values())
        elif hasattr(v, "submobjects"):
            todo += list(vars(v).values())
    return set(found)


@st.composite
def mobject_graphs(draw):
    """A random mobject graph with the kinds of attributes Manim's mobjects hold: points (some
    arrays shared, some not C-ordered, some views), colours and opacities (floats, numpy
    scalars), enum line joints, updaters, extra attributes (lists, dicts, tuples, a reference
    to another node: a cycle), submobjects shared between parents."""
    from manim import Dot, LineJointType, ManimColor, Square

    n = draw(st.integers(1, 7))
    makers = [VMobject, VGroup, lambda: Square(0.5), lambda: Dot(), lambda: label("w0[1,2,0]", 20)]
    nodes = [makers[draw(st.integers(0, len(makers) - 1))]() for _ in range(n)]
    arrays = [np.arange(12.0).reshape(4, 3), np.asfortranarray(np.ones((4, 3))),
              np.arange(24.0).reshape(8, 3)[::2]]
    floats = st.one_of(st.floats(0, 1), st.floats(0, 1).map(np.float64))
    for i, node in enumerate(nodes):
        if draw(st.booleans()) and not node.submobjects:
            node.points = draw(st.sampled_from(arrays))    # shared between nodes, or a view
        if draw(st.booleans()):
            node.set_fill(draw(st.sampled_from(["#FFD54A", "#39BBFF", ManimColor("#AFFFA4")])), draw(floats))
        if draw(st.booleans()):
            node.set_stroke(width=draw(st.floats(0, 8)), opacity=draw(floats))
        if draw(st.booleans()):
            node.joint_type = draw(st.sampled_from(list(LineJointType)))
        if draw(st.booleans()):
            node.add_updater(lambda m, dt=0: None)
        if draw(st.booleans()):
            node.extra = [draw(floats), (1, "a"), {"k": np.float32(2.5)}, [np.zeros(2)]]
        if draw(st.booleans()):
            node.partner = draw(st.sampled_from(nodes))    # any node: itself, an ancestor (a cycle)
        later = nodes[i + 1:]
        if later and not isinstance(node, VMobject) or (later and isinstance(node, VGroup)):
            node.submobjects = draw(st.lists(st.sampled_from(later), max_size=3))
    return nodes[0]


@settings(max_examples=150, deadline=None)
@given(mobject_graphs())
def test_copies_of_generated_mobjects_are_manims(root):
    """``copy.deepcopy`` with our ``Mobject.__deepcopy__``: the same values and the same sharing
    as Manim's own, and nothing mutable shared with the original."""
    ms.uninstall()
    try:
        theirs = copy.deepcopy(root)
    finally:
        ms.install()
    ours = copy.deepcopy(root)
    assert _canonical(ours) == _canonical(theirs)
    assert _canonical(ours, layout=False) == _canonical(root, layout=False)
    assert not _mutable_members(ours) & _mutable_members(root)


def test_the_copy_check_sees_a_wrong_copy():
    """The comparison can fail: a copy that shares one array with its original, or loses the
    sharing of an array between two members, is caught."""
    a, b = VMobject(), VMobject()
    a.points = b.points = np.arange(12.0).reshape(4, 3)
    root = VGroup(a, b)
    right = copy.deepcopy(root)
    wrong = copy.deepcopy(root)
    wrong.submobjects[1].points = wrong.submobjects[1].points.copy()    # sharing lost
    assert _canonical(wrong) != _canonical(right) == _canonical(root)
    leaky = copy.deepcopy(root)
    leaky.submobjects[0].points = a.points
    assert _mutable_members(leaky) & _mutable_members(root)
