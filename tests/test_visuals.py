"""The drawing shortcuts of scenes/visuals.py keep what is on screen the same while Cairo
draws less: a Label is one path, usage marks one path per weight, and a revealed output
number is the only thing redrawn while it fades in."""
import numpy as np
from manim import Scene, Text, tempconfig

from cnncore.examples import example_layer
from scenes.visual import palette as P
from scenes.visual.mobjects import (FONT, InputVolume, MosaicsByWeight, OutputVolume, Replace, UsageMarks,
                                   WeightMosaic, WindowTint, label)
from scenes import i18n
from scenes.visual import layout, words


def test_a_label_is_one_path_with_every_glyph_of_its_text():
    text = Text("-182 w0[1,2,0]", font=FONT, font_size=24)
    lab = label("-182 w0[1,2,0]", 24)
    assert lab.get_family() == [lab] and lab.text == "-182 w0[1,2,0]"
    assert np.allclose(lab.points, np.concatenate([g.points for g in text.submobjects]))
    # one subpath per glyph contour: as many as the Text's glyphs have together
    assert len(lab.get_subpaths()) == sum(len(g.get_subpaths()) for g in text.submobjects)
    assert lab.get_fill_opacity() == 1 and lab.get_stroke_width() == 0


def test_usage_marks_are_one_path_per_weight_with_a_square_per_cell_it_met():
    t = example_layer(3, channels=2, input_size=5, filters=2, padding=1)
    colors = P.weight_colors(t)
    marks = UsageMarks(InputVolume(t), t, colors)
    assert [m for m in marks.submobjects] == [marks.by_weight[w] for w in sorted(marks.by_weight)]
    assert sorted(marks.by_weight) == list(range(t.n_weights))
    for wid, path in marks.by_weight.items():
        squares = [sq for here in marks.by_cell.values() for w, sq in here if w == wid]
        assert len(squares) == int(t.usage[..., wid].sum()) == len(path.get_subpaths())
        assert np.allclose(path.points, np.concatenate([sq.points for sq in squares]))
        assert path.get_fill_color().to_hex().upper() == colors[wid].upper()


class _RevealOne(Scene):
    def construct(self):
        self.output = OutputVolume(example_layer(1, channels=1, input_size=4, filters=2))
        self.add(self.output)
        reveal = self.output.reveal(1, 0, 1)
        self.play(reveal)
        self.moving = [m for m in self.moving_mobjects if m.has_points()]
        self.copy = reveal.mobject


def test_reveal_redraws_only_the_number_and_leaves_it_shown(tmp_path):
    with tempconfig({"quality": "low_quality", "media_dir": str(tmp_path), "dry_run": True,
                     "disable_caching": True, "progress_bar": "none", "verbosity": "ERROR"}):
        scene = _RevealOne()
        scene.render()
    shown = scene.output.number(1, 0, 1)
    assert scene.moving == [scene.copy], "only the fading copy is redrawn each frame"
    assert scene.copy not in scene.mobjects
    assert shown.get_fill_opacity() == 1 and shown in scene.output.get_family()
    others = [scene.output.number(k, i, j) for k in range(2) for i in range(2) for j in range(2)
              if (k, i, j) != (1, 0, 1)]
    assert all(n.get_fill_opacity() == 0 for n in others)


class _MoveWindow(Scene):
    def construct(self):
        t = example_layer(2, channels=1, input_size=4, filters=1)
        colors = P.weight_colors(t)
        volume = InputVolume(t)
        self.old, self.new = (WindowTint(volume, t.cell(*cell), colors) for cell in t.cells()[:2])
        self.add(volume, self.old)
        self.play(Replace(self.old, self.new))


def test_replace_leaves_the_new_object_itself_on_screen_and_the_old_gone(tmp_path):
    with tempconfig({"quality": "low_quality", "media_dir": str(tmp_path), "dry_run": True,
                     "disable_caching": True, "progress_bar": "none", "verbosity": "ERROR"}):
        scene = _MoveWindow()
        scene.render()
    family = scene.get_mobject_family_members()
    assert scene.mobjects[-1] is scene.new
    assert not any(m in family for m in scene.old.get_family())
    assert all(n.get_fill_opacity() == 1 for n in scene.new.numbers)


def test_mosaics_by_weight_draw_the_same_squares_one_path_per_weight():
    t = example_layer(3, channels=2, input_size=4, filters=2)
    colors = P.weight_colors(t)
    mosaics = [WeightMosaic(t, t.weight_ids[k, i, j], colors).shift((i + 3 * j, k, 0))
               for k, i, j in t.cells()[:3]]
    paths = MosaicsByWeight(colors)
    for m in mosaics:
        paths.absorb(m)
    for wid in range(t.n_weights):
        squares = [sq.points for m in mosaics for w, sq in zip(m.ids, m.squares) if w == wid]
        if squares:
            assert np.array_equal(paths.path(wid).points, np.concatenate(squares))
            assert paths.path(wid).get_fill_color().to_hex().upper() == colors[wid].upper()
        else:
            assert not paths.path(wid).has_points()
    assert paths.absorbed == mosaics


def test_the_vocabulary():
    i18n.use("en")   # the lecture's words in English (the other languages: their catalogs)
    assert [words.weights(1), words.weights(9), words.depth_slices(1), words.depth_slices(2)] == \
        ["1 weight", "9 weights", "1 output depth slice", "2 output depth slices"]
    assert [words.filters(1), words.filters(2), words.mode_name("local")] == ["1 filter", "2 filters", "locally connected"]
    assert [words.exact(483388358656), words.readable(12000), words.readable(2500000), words.readable(483388358656)] == \
        ["483,388,358,656", "12,000", "2.5 million", "483 billion"]
    assert [words.times(1), words.times(25), words.how_often(3, 3), words.how_often(1, 9)] == \
        ["once", "25 times", "3 times", "1 to 9 times"]
    assert [words.signed(-2), words.signed(-2, first=True), words.signed(3.5)] == ["(-2)", "-2", "3.5"]
    assert words.sum_terms([1, -2, 0]) == "1 + (-2) + 0"
    assert words.position(0, 25) == "position 1 of 25"
    assert layout.title("A title").text == "A title"
