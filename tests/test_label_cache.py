"""Labels are made once and kept on disk (``scenes.visual.mobjects.label``): a label loaded from
the cache is the label Pango makes, a damaged cache file is made again, and every setting that
shapes a label is in its key."""
from __future__ import annotations

import numpy as np
import pytest
import svgelements
from hypothesis import given, settings, strategies as st
from manim import Text

from scenes import manim_ext
from scenes.manim_ext import pango_text as PT
from scenes.visual import mobjects as M


def _drawn(mob) -> tuple:
    return (mob.text, mob.points.tobytes(), mob.fill_rgbas.tobytes(), mob.stroke_rgbas.tobytes(),
            float(mob.stroke_width), mob.background_stroke_rgbas.tobytes())


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv(M.LABEL_CACHE_ENV, str(tmp_path / "labels"))
    _new_process(monkeypatch)
    return tmp_path / "labels"


def _new_process(monkeypatch):
    """What a new process starts from: no label made yet in memory (the disk cache stays)."""
    monkeypatch.setattr(M, "_LABELS", {})
    monkeypatch.setattr(M, "_SHAPES", {})


def _no_pango(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("made with Pango again, not loaded from the cache")
    monkeypatch.setattr(manim_ext, "text_class", lambda: refuse)


def test_a_stored_label_is_the_label_pango_makes(cache, monkeypatch):
    made = M.label("Σ w·x = -12", 20, M.P.MUTED, mono=True)
    assert len(list(cache.glob("*.pickle"))) == 1
    _new_process(monkeypatch)
    _no_pango(monkeypatch)
    loaded = M.label("Σ w·x = -12", 20, M.P.MUTED, mono=True)
    assert _drawn(loaded) == _drawn(made)
    again = M.label("Σ w·x = -12", 20, M.P.MUTED, mono=True)
    assert again is not loaded and _drawn(again) == _drawn(made)   # each call gets its own copy
    again.shift(np.array([1.0, 0, 0]))
    assert _drawn(M.label("Σ w·x = -12", 20, M.P.MUTED, mono=True)) == _drawn(made)


def test_a_damaged_file_is_made_again(cache, monkeypatch):
    made = M.label("position 7 of 49", 20)
    (path,) = cache.glob("*.pickle")
    path.write_bytes(path.read_bytes()[:100])   # as a killed process or a full disk leaves it
    _new_process(monkeypatch)
    assert _drawn(M.label("position 7 of 49", 20)) == _drawn(made)
    _new_process(monkeypatch)
    _no_pango(monkeypatch)
    assert _drawn(M.label("position 7 of 49", 20)) == _drawn(made)   # stored whole again


def test_every_setting_is_in_the_key(cache):
    variants = [("7", 24, M.P.TEXT, False, "NORMAL"), ("-7", 24, M.P.TEXT, False, "NORMAL"),
                ("7", 20, M.P.TEXT, False, "NORMAL"), ("7", 24, M.P.MUTED, False, "NORMAL"),
                ("7", 24, M.P.TEXT, True, "NORMAL"), ("7", 24, M.P.TEXT, False, "BOLD")]
    drawn = {_drawn(M.label(*v)) for v in variants}
    assert len(drawn) == len(variants)
    # one outline per text, size and font: the colour is only the fill (next test)
    assert len(list(cache.glob("*.pickle"))) == len(variants) - 1


def _pango(text, size, color, mono=False, weight="NORMAL"):
    """The label as Manim's own Text makes it in that colour, no cache involved."""
    return M.Label(text, Text(text, font=M.MONO if mono else M.FONT, font_size=size, color=color, weight=weight))


@pytest.mark.parametrize("text, mono, weight", [("-182", False, "NORMAL"), ("Σ w·x = -12", True, "BOLD"), (" ", False, "NORMAL")])
def test_one_outline_in_every_colour_is_the_label_pango_makes_in_that_colour(cache, monkeypatch, text, mono, weight):
    colours = [M.P.TEXT, M.P.MUTED, M.P.HIGHLIGHT, "#000000"]
    first = M.label(text, 22, colours[0], mono=mono, weight=weight)
    _no_pango(monkeypatch)   # the other colours come from the first one's outline
    others = [M.label(text, 22, c, mono=mono, weight=weight) for c in colours[1:]]
    _new_process(monkeypatch)
    loaded = [M.label(text, 22, c, mono=mono, weight=weight) for c in colours]   # from disk
    monkeypatch.undo()
    for c, made, from_disk in zip(colours, [first, *others], loaded):
        assert _drawn(made) == _drawn(from_disk) == _drawn(_pango(text, 22, c, mono, weight)), c


LECTURE_CHARACTERS = "0123456789-+=.,:;()[]{}<>/ abcdefghijklmnopqrstuvwxyzAVWTo×·Σ−→≈…√²"


@settings(max_examples=60, deadline=None)
@given(text=st.text(LECTURE_CHARACTERS, min_size=1, max_size=24).filter(str.strip),
       size=st.floats(6, 60).map(lambda s: round(s, 3)), mono=st.booleans(), bold=st.booleans(),
       colour=st.sampled_from([M.P.TEXT, M.P.MUTED, M.P.HIGHLIGHT, "#1B1F27", "#39BBFF"]))
def test_pango_text_is_manims_text_bit_for_bit(text, size, mono, bold, colour):
    """Labels are made from ``PangoText``, which reads Pango's SVG itself: every glyph's points
    (bytes) and the label's every field equal those from Manim's own ``Text``, and Manim's SVG
    parser was not used for them."""
    kw = dict(font=M.MONO if mono else M.FONT, font_size=size, color=colour, weight="BOLD" if bold else "NORMAL")
    theirs = Text(text, **kw)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(svgelements.SVG, "parse", None)   # PangoText reads the SVG itself (calling this would fail)
        ours = PT.PangoText(text, **kw)
    assert [g.points.tobytes() for g in ours.submobjects] == [g.points.tobytes() for g in theirs.submobjects]
    assert _state(M.Label(text, ours)) == _state(M.Label(text, theirs))


def _state(mob) -> dict:
    return {k: (v.tobytes(), v.shape) if isinstance(v, np.ndarray) else repr(v)
            for k, v in mob.__dict__.items() if k != "original_id"}


def test_an_svg_in_another_form_is_parsed_manims_way(monkeypatch):
    """An SVG with a tag the reader does not know (here: ``use``, as if it were unknown) is
    handed to Manim's own parser, and the Text is still Manim's."""
    calls = []
    parse = svgelements.SVG.parse
    monkeypatch.setattr(PT, "_TAGS", PT._TAGS - {"use"})
    monkeypatch.setattr(svgelements.SVG, "parse", lambda *a, **k: calls.append(1) or parse(*a, **k))
    ours = PT.PangoText("w0 = -3", font=M.FONT, font_size=20, color=M.P.TEXT)
    assert calls == [1]
    theirs = Text("w0 = -3", font=M.FONT, font_size=20, color=M.P.TEXT)
    assert [g.points.tobytes() for g in ours.submobjects] == [g.points.tobytes() for g in theirs.submobjects]
