"""Where captions are cut: a beat's narration into cues (``captions.split_cues``) and a cue into
its two lines (``captions.wrap``), at sentence ends and clause boundaries; never after a
preposition or an article, inside a number range or a formula ("from 64 to 128", "3 by 3",
"1 + 4 - 1"), inside brackets, or between a number and what it counts ("25 positions"); in
English and in Spanish (the words are per language: ``captions.WORDS``).

Checked on the hard cases, on random texts (hypothesis: the cues give back the text and fit
their limits; texts made of clauses are never cut badly), and on every beat of the lecture as its
scenes say it with the default parameters in each translation (every scene rendered,
framecheck's "cut" and "caption" instruments; English: in each scene's own tests); the lecture's
chapters are checked on the same renders (one per scene, at least 40 s each on average). The
cuts are judged by ``tests.cuts.bad_cut``, with word lists of its own (not the module's)."""
from __future__ import annotations

import tempfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scenes.lecture import lecture
from scenes.narration import captions as C
from scenes.narration import narrator as N
from scenes.narration import script as S
from tests.cuts import bad_cut, bad_cuts, scene_cue_problems
from toolchain import media_files as mf


def test_the_judge_sees_bad_cuts():
    """``bad_cut`` itself: each kind of bad cut is seen, good cuts pass."""
    assert bad_cut("a pattern worth finding in", "one place") == "ends on the preposition 'in'"
    assert bad_cut("A 3 by 3 layer from 64 to", "128 channels").startswith("ends on the preposition")
    assert bad_cut("A 3 by 3 layer from 64", "to 128 channels").startswith("inside a range")
    assert bad_cut("a filter of 3 by", "3 weights").startswith("ends on the preposition")
    assert bad_cut("the sums 1 + 4", "- 1").startswith("inside a formula")
    assert bad_cut("at every position the same", "9 colours") is None   # (the module's MODIFIER)
    assert bad_cut("and one more output number appears: 25", "positions").startswith("a number cut")
    assert bad_cut("the copy at output (0,", "0) is used once") == "inside brackets"
    assert bad_cut("each takes the", "colour") == "ends on the article 'the'"
    assert bad_cut("una capa de 64", "a 128 canales", "es").startswith("inside a range")
    for good in (("a pattern worth finding", "in one place"), ("from 64 to 128 channels:", "73,728 weights"),
                 ("25 positions,", "25 output numbers"), ("the window moves 2 cells at a time,", "and the same")):
        assert bad_cut(*good) is None, good


def test_the_cue_instruments_see_a_bad_cut_a_caption_over_the_limits_and_lost_words():
    """``tests.cuts.scene_cue_problems`` (framecheck's "cut" and "caption") on a scene's clips."""
    def cue(text, start, end):
        return SimpleNamespace(text=text, start=start, end=end, cps=len(text) / (end - start))

    def scene(*cues, text="A pattern worth finding in one place."):
        clip = SimpleNamespace(name="beat", text=text, cues=list(cues))
        return SimpleNamespace(language="en", narrator=SimpleNamespace(clips=[clip]))

    assert scene_cue_problems(scene(cue("A pattern worth finding", 0, 2), cue("in one place.", 2, 3))) == ([], [])
    cuts, limits = scene_cue_problems(scene(cue("A pattern worth finding in", 0, 2), cue("one place.", 2, 3)))
    assert [why for _, why in cuts] == ["'A pattern worth finding in' / 'one place.': ends on the preposition 'in'"]
    assert limits == []
    cuts, limits = scene_cue_problems(scene(cue("A pattern worth finding", 0, 0.5), cue("in one place.", 0.5, 1.5)))
    assert cuts == [] and [why for _, why in limits] == ["'A pattern worth finding' 0.50 s, 46.0 cps"]  # fast, short
    cuts, _ = scene_cue_problems(scene(cue("A pattern worth finding", 0, 2)))
    assert "are not the words" in cuts[0][1]


# ---- the hard cases -------------------------------------------------------------------------

def cut(text: str, max_chars: int = C.LINE * C.LINES, lang: str = "en") -> list[str]:
    cues = C.split_cues(text, max_chars=max_chars, lang=lang)
    assert " ".join(cues) == " ".join(text.split())
    return cues


def together(cues: list[str], phrase: str) -> bool:
    return any(phrase in cue for cue in cues)


def test_never_after_a_preposition_even_when_it_would_balance():
    """The issue's "worth finding in / one place"."""
    text = ("Sharing assumes that a pattern worth finding in one place is worth finding everywhere. "
            "So a detector that should behave differently in one corner cannot.")
    cues = cut(text)
    assert together(cues, "in one place") and together(cues, "in one corner"), cues
    assert not bad_cuts(cues), bad_cuts(cues)
    assert cues[-1] == "So a detector that should behave differently in one corner cannot."


@pytest.mark.parametrize("max_chars", [84, 60, 45, 40])
def test_a_number_range_stays_whole(max_chars):
    """The issue's "from 64 to / 128", at the lecture's cue size and at the finer sizes the
    narrator asks for when a voice is slow."""
    text = ("A 3 by 3 layer from 64 to 128 channels: 73,728 weights standard; 18,432 with 4 groups; "
            "depthwise-separable, 576 plus 8,192, that is 8,768. Biases not counted.")
    cues = cut(text, max_chars)
    assert together(cues, "A 3 by 3 layer from 64 to 128 channels:"), cues
    assert together(cues, "576 plus 8,192") and together(cues, "18,432 with 4 groups"), cues
    assert not bad_cuts(cues), bad_cuts(cues)
    assert all(c.endswith((":", ";", ",", ".")) for c in cues), cues


@pytest.mark.parametrize("phrase", ["3 by 3", "5 by 5 by 3", "w0[1,2,0]", "o(0, 1, 0)", "1 + 4 - 1 = 4",
                                    "x₁, x₂, x₃", "25 positions", "dL/do[:,:,0]", "x₁ to x₇"])
def test_formulas_and_counted_numbers_are_not_cut(phrase):
    """Each phrase put in a sentence that must be cut fine (20 characters a cue): never inside it."""
    text = f"Here the lecture writes {phrase} on the screen, and the narrator says it aloud."
    for max_chars in (20, 30, 84):
        cues = cut(text, max_chars)
        assert together(cues, phrase), (max_chars, cues)


def test_sentences_first_then_clauses():
    text = ("Take one input cell. Multiply every weight of the filter by its value and lay the result on "
            "the output, the filter's colours in place.")
    cues = cut(text)
    assert cues[0] == "Take one input cell.", cues
    assert cues[1:] == ["Multiply every weight of the filter by its value",
                        "and lay the result on the output, the filter's colours in place."], cues


def test_a_word_or_two_is_not_left_alone():
    cues = cut("A depthwise convolution gives each channel its own 3 by 3 filter. Output slice k reads "
               "channel k only: the cells off the diagonal stay empty, no channels mix. 27 weights.")
    assert all(len(c) >= 16 for c in cues), cues
    assert cues[-1].endswith("no channels mix. 27 weights."), cues


def test_lines_of_a_cue_break_at_a_boundary_too():
    assert C.wrap("Each input cell under it takes the colour of the weight it is multiplied by.") == [
        "Each input cell under it takes the colour", "of the weight it is multiplied by."]
    assert C.wrap("Now 2 filters look at the same 5 by 5 by 3 input.") == [
        "Now 2 filters look", "at the same 5 by 5 by 3 input."]
    assert C.wrap("A short line.") == ["A short line."]
    for text in ("Supercalifragilisticexpialidocious-and-then-some-more-words-glued " * 2, "a " * 40):
        assert all(len(line) <= C.LINE for line in C.wrap(text))


SPANISH = [
    ("Compartir supone que un patrón que vale la pena buscar en un lugar vale la pena buscarlo en "
     "todas partes.", ["en un lugar", "en todas partes"]),
    ("Una capa de 3 por 3 de 64 a 128 canales: 73.728 pesos en la versión estándar; 18.432 con 4 "
     "grupos; separable en profundidad, 576 más 8.192, es decir 8.768.", ["de 64 a 128 canales:",
                                                                         "576 más 8.192", "3 por 3"]),
    ("Cada celda de la entrada toma el color del peso por el que se multiplica, y el mapa se mueve "
     "exactamente lo mismo.", []),
]


@pytest.mark.parametrize("text, phrases", SPANISH)
@pytest.mark.parametrize("max_chars", [84, 50, 36])
def test_spanish(text, phrases, max_chars):
    cues = cut(text, max_chars, lang="es")
    assert not bad_cuts(cues, "es"), bad_cuts(cues, "es")
    for phrase in phrases:
        assert together(cues, phrase), (phrase, cues)


def test_the_language_decides():
    """The same Spanish text cut with the English words ends a cue on "de" or "en"; with the
    Spanish ones it does not. A language with no words of its own is cut at its punctuation."""
    text = SPANISH[1][0]
    assert bad_cuts(cut(text, 36, lang="en"), "es")
    assert not bad_cuts(cut(text, 36, lang="es"), "es")
    assert C.split_cues(text, 36, lang="es-MX") == C.split_cues(text, 36, lang="es")
    french = "Une couche de 3 par 3, de 64 à 128 canaux: 73 728 poids; avec 4 groupes, 18 432."
    cues = cut(french, 40, lang="fr")
    assert all(c.endswith((",", ":", ";", ".")) for c in cues), cues


# ---- random texts ---------------------------------------------------------------------------

VOCABULARY = ("the filter slides over every input cell and one weight is used at 25 positions of a "
              "3 by 3 window from 64 to 128 channels w0[1,2,0] o(0,1,0) x₁ dL/do[:,:,0] which that "
              "so but in el la de en que y por 1,792 89.9 Supercalifragilisticexpialidocious").split()
PUNCTUATION = ["", "", "", "", ",", ".", ":", ";", "?"]

words = st.tuples(st.sampled_from(VOCABULARY), st.sampled_from(PUNCTUATION)).map("".join)
texts = st.lists(words, min_size=1, max_size=70).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(texts, st.integers(12, 84), st.sampled_from(["en", "es", "xx"]))
def test_cues_give_back_the_text_and_fit(text, max_chars, lang):
    cues = C.split_cues(text, max_chars=max_chars, lang=lang)
    assert " ".join(cues) == text
    for cue in cues:
        assert len(cue) <= max_chars or " " not in cue, cue   # only a word longer than a cue is longer
        lines = C.wrap(cue, lang)
        assert 1 <= len(lines) <= 2 and all(len(line) <= C.LINE for line in lines), lines
        assert " ".join(lines) == cue or "".join(lines) == cue.replace(" ", ""), lines


# Texts made of clauses (16 to 42 characters, ending with punctuation), themselves made of phrases
# that must not be cut: a good cut always exists, so none may be bad.
SUBJECTS = ["the filter", "every weight", "one output number", "a pattern worth finding", "the 3 by 3 window",
            "o(0,1,0)", "the map", "each of the 25 positions", "w0[1,2,0]", "the sum 1 + 4 - 1"]
VERBS = ["slides", "is used", "appears", "moves", "is shared", "adds up", "lands"]
TAILS = ["in one place", "over the input", "from 64 to 128 channels", "at 25 positions", "by 2 cells",
         "with the same colours", "on the output", "", "", "and moves on", "which is w0", "to x₇"]
clauses = st.tuples(st.sampled_from(SUBJECTS), st.sampled_from(VERBS), st.sampled_from(TAILS),
                    st.sampled_from([",", ";", ":", "."])).map(
    lambda t: " ".join(w for w in t[:3] if w) + t[3]).filter(lambda c: 16 <= len(c) <= 42)


@settings(max_examples=300, deadline=None)
@given(st.lists(clauses, min_size=1, max_size=12).map(" ".join))
def test_texts_of_clauses_are_never_cut_badly(text):
    cues = C.split_cues(text)
    assert " ".join(cues) == text
    assert not bad_cuts(cues), bad_cuts(cues)


@settings(max_examples=150, deadline=None)
@given(st.lists(clauses, min_size=1, max_size=12).map(" ".join))
def test_cues_timed_from_their_text_keep_the_limits(text):
    """The narrator without a voice spreads a beat over its cues by their length: no cue shorter
    than ``MIN_CUE`` (the cut leaves no short cue a neighbour could take), faster than ``MAX_CPS``
    or wider than two lines. (``MAX_CUE`` is the narrator's: it times a voiceless beat by its
    words, 150 a minute, and spreads that over the cues by their characters, so a cue of many
    short words can last more than 7 s whatever the cut; every cue is at most 84 characters.)"""
    pace = SimpleNamespace(voice="none", words_per_minute=150.0, pause=0.4)
    with tempfile.TemporaryDirectory() as d:
        clip = N.Narrator("NoSuchScene", pace, Path(d)).beat_clip("A beat", text)
    assert [c.text for c in clip.cues] == C.split_cues(text)
    for cue in clip.cues:
        assert cue.end - cue.start >= C.MIN_CUE - 1e-3 and cue.cps <= C.MAX_CPS + 0.05, cue
        assert len(cue.text) <= C.LINE * C.LINES and all(len(line) <= C.LINE for line in C.wrap(cue.text))


# ---- the lecture, as its scenes say it, in the languages it is translated into ----------------
#
# English is checked in each scene's own tests (tests/test_scene_*.py): their render with the
# default parameters, and lecturers' layers where a module has them (and SharedGradient's largest),
# with framecheck's "cut" and "caption" instruments (tests/cuts.py) and "ink" and "safe" looking,
# each finding nothing.

TRANSLATED = [lang for lang in S.languages() if lang != "en"]


@pytest.fixture(scope="module", params=TRANSLATED)
def said(request, tmp_path_factory):
    """Every scene of the lecture rendered with the default parameters in one translated language
    (the test render: tests/scenekit.py; ``LECTURE_LANG`` as ``make video LECTURE_LANG=..`` sets
    it), framecheck's instruments looking at its cues, its caption limits and its labels after
    every play (size and the title-safe area): (language, [(scene class, chapter title, length in
    seconds, frame report)])."""
    from tests.framecheck import framecheck

    lang = request.param
    words = S.Script(lang)
    out = []
    mp = pytest.MonkeyPatch()
    mp.setenv(S.LANG_ENV, lang)
    try:
        for cls in lecture():
            report = framecheck(cls, tmp_path_factory.mktemp(f"{cls.__name__}-{lang}"),
                                checks=("ink", "safe", "cut", "caption"), alphas=())
            scene = report.scene_object
            assert scene.language == lang
            out.append((cls, words.chapter(cls.script_name()), scene.renderer.time, report))
    finally:
        mp.undo()
    return lang, out


def test_the_lecture_ships_in_a_translation():
    assert TRANSLATED, S.languages()


def test_every_cue_of_the_lecture_is_cut_at_a_boundary(said):
    lang, scenes = said
    beats = sum(1 for _, _, _, report in scenes for clip in report.scene_object.narrator.clips if clip.text)
    assert beats >= 40
    bad = [report.summary("cut") for _, _, _, report in scenes if report.of("cut")]
    assert not bad, "\n".join(bad)


def test_every_cue_of_the_lecture_keeps_the_caption_limits(said):
    lang, scenes = said
    bad = [report.summary("caption") for _, _, _, report in scenes if report.of("caption")]
    assert not bad, "\n".join(bad)


def test_the_lecture_has_one_chapter_per_scene_and_no_more_than_one_per_40_s(said):
    """On a translation's lengths (the English lecture's chapters: tests/test_build.py on two of
    its scenes; ``media_files.chapters`` is the same for every language)."""
    lang, scenes = said
    parts, t = [], 0.0
    for _, title, length, _ in scenes:
        parts.append(mf.Part(title, t, length))
        t += length
    chs = mf.chapters(parts)
    titles = [title for _, title in chs]
    assert len(set(titles)) == len(titles)
    assert titles == [title for _, title, length, _ in scenes if length >= mf.MIN_CHAPTER]
    assert t / len(chs) >= 40, (t, chs)
    starts = [s for s, _ in chs] + [t]
    assert all(b - a >= mf.MIN_CHAPTER for a, b in zip(starts, starts[1:])), chs


@pytest.mark.parametrize("check", ["ink", "safe"])
def test_no_text_overflows_its_region_in_another_language(said, check):
    """A translation's longer words do not push text out of the title-safe area or shrink it
    below the readable size (``layout.MIN_TEXT``): no label found too small or outside the area,
    as each scene's own tests find none in English."""
    lang, scenes = said
    bad = [report.summary(check) for _, _, _, report in scenes if report.of(check)]
    assert not bad, "\n".join(bad)
