"""``scenes.toolchain.mobject_speed``: Mobject.get_family and deep copies give what Manim's own
give, as do the scene's list after a removal and the list of what may move in a play, on random trees (members shared between
branches, cycles) and on a scene's frames."""
from __future__ import annotations

import copy
import hashlib
from types import SimpleNamespace

import numpy as np
from hypothesis import given, settings, strategies as st
from manim import Animation, AnimationGroup, FadeIn, VGroup, VMobject, Wait
from manim.scene.scene import Scene

import scenes.base  # noqa: F401  (installs the helpers, as every lecture scene does)
from scenes.content.sliding_filter import SlidingFilter
from scenes.toolchain import mobject_speed as ms
from scenes.visual.mobjects import Grid, label
from tests.scenekit import render

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


def _frames(tmp) -> list[str]:
    """Hashes of a frame halfway through a move and of the last frame."""
    out = []
    for upto, midway in (("after position 2", 0.5), (None, None)):
        _, frame = render(SlidingFilter, tmp, upto=upto, midway=midway)
        out.append(hashlib.sha256(frame.tobytes()).hexdigest())
    return out


def test_a_scene_draws_the_same_pixels(tmp_path):
    ours = _frames(tmp_path / "ours")
    ms.uninstall()
    try:
        theirs = _frames(tmp_path / "manims")
    finally:
        ms.install()
    assert ours == theirs
