"""Labels are made once and kept on disk (``scenes.visual.mobjects.label``): a label loaded from
the cache is the label Pango makes, a damaged cache file is made again, and every setting that
shapes a label is in its key."""
from __future__ import annotations

import numpy as np
import pytest

from scenes.visual import mobjects as M


def _drawn(mob) -> tuple:
    return (mob.text, mob.points.tobytes(), mob.fill_rgbas.tobytes(), mob.stroke_rgbas.tobytes(),
            float(mob.stroke_width), mob.background_stroke_rgbas.tobytes())


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv(M.LABEL_CACHE_ENV, str(tmp_path / "labels"))
    monkeypatch.setattr(M, "_LABELS", {})
    return tmp_path / "labels"


def _no_pango(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("made with Pango again, not loaded from the cache")
    monkeypatch.setattr(M, "Text", refuse)


def test_a_stored_label_is_the_label_pango_makes(cache, monkeypatch):
    made = M.label("Σ w·x = -12", 20, M.P.MUTED, mono=True)
    assert len(list(cache.glob("*.pickle"))) == 1
    monkeypatch.setattr(M, "_LABELS", {})   # a new process
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
    monkeypatch.setattr(M, "_LABELS", {})
    assert _drawn(M.label("position 7 of 49", 20)) == _drawn(made)
    monkeypatch.setattr(M, "_LABELS", {})
    _no_pango(monkeypatch)
    assert _drawn(M.label("position 7 of 49", 20)) == _drawn(made)   # stored whole again


def test_every_setting_is_in_the_key(cache):
    variants = [("7", 24, M.P.TEXT, False, "NORMAL"), ("-7", 24, M.P.TEXT, False, "NORMAL"),
                ("7", 20, M.P.TEXT, False, "NORMAL"), ("7", 24, M.P.MUTED, False, "NORMAL"),
                ("7", 24, M.P.TEXT, True, "NORMAL"), ("7", 24, M.P.TEXT, False, "BOLD")]
    drawn = {_drawn(M.label(*v)) for v in variants}
    assert len(list(cache.glob("*.pickle"))) == len(variants) == len(drawn)
