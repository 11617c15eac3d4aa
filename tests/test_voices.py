"""The synthetic voices and the languages they speak: "auto" picks the lecture language's
voice, a voice that does not speak the language is refused in one line before anything renders,
and Spanish narration is said in Spanish words."""
from __future__ import annotations

import pytest

from cnncore.params import ParamError
from scenes.narration import narrator as N
from scenes.narration.spoken import spoken


@pytest.mark.parametrize("text, said", [
    ("w0[1,2,0] por x[:,:,0]", "w cero, uno, dos, cero por x, canal cero"),
    ("un filtro de 3x3, sesgo -1", "un filtro de tres por tres, sesgo menos uno"),
    ("o(0,1,0) = 7", "o en cero, uno, cero igual a siete"),
    ("10.000 pesos, de 64 a 128", "diez mil pesos, de sesenta y cuatro a ciento veintiocho"),
    ("dL/dw0", "d L entre d w cero"),
    ("81 pesos y 900 posiciones", "ochenta y un pesos y novecientas posiciones"),
    ("1 filtro, 1 fila, 21 pesos, 21 celdas", "un filtro, una fila, veintiún pesos, veintiuna celdas"),
    ("de 1 a 5, w0[1,2,0] = 1", "de uno a cinco, w cero, uno, dos, cero igual a uno"),
    ("89,9 millones", "ochenta y nueve coma nueve millones"),
])
def test_spanish_notation_and_numbers_are_said_in_spanish_words(text, said):
    assert spoken(text, "es") == said


def test_english_is_said_as_before():
    assert spoken("w0[1,2,0] times x[:,:,0], a 3x3 filter, bias -1, o(0,1,0)") == \
        "w zero, one, two, zero times x, channel zero, a three by three filter, bias minus one, o at zero, one, zero"
    assert spoken("1,234 weights") == "one thousand, two hundred thirty four weights"


@pytest.mark.parametrize("language, engine", [("en", "hibari"), ("es", "kokoro")])
def test_auto_is_the_language_s_own_voice(language, engine):
    assert N.voice_for("auto", language).engine == engine
    assert N.voice_problem("auto", language) is None


@pytest.mark.parametrize("name, language, words", [
    ("hibari", "es", ['"hibari" speaks en', "'es'", '"auto" or "kokoro"']),
    ("flite", "es", ['"flite" speaks en']),
    ("kokoro", "en", ['"kokoro" speaks es', '"auto" or "hibari" or "flite"']),
    ("auto", "de", ["LECTURE_LANG=de", 'voice = "none"', "recordings/de/"]),
])
def test_a_voice_that_does_not_speak_the_language_is_one_line(name, language, words):
    line = N.voice_problem(name, language)
    assert line and "\n" not in line
    for w in words:
        assert w in line
    with pytest.raises(N.NarrationError, match=name if name != "auto" else "LECTURE_LANG"):
        N.voice_for(name, language)


def test_no_voice_narrates_any_language():
    assert N.voice_problem("none", "de") is None and N.voice_for("none", "de").engine == "none"


def test_the_parameter_file_takes_the_voices_and_refuses_others(tmp_path):
    from cnncore.params import load
    for name in ("auto", "hibari", "kokoro", "flite", "none"):
        f = tmp_path / f"{name}.toml"
        f.write_text(f'[pace]\nvoice = "{name}"\n')
        assert load(f).pace.voice == name
    f = tmp_path / "bad.toml"
    f.write_text('[pace]\nvoice = "espeak"\n')
    with pytest.raises(ParamError, match="voice"):
        load(f)
    assert load(tmp_path / "auto.toml").pace.voice == "auto"


def test_the_build_refuses_an_english_voice_for_spanish_before_rendering(tmp_path):
    from tests.buildkit import run_build, snapshot
    params = tmp_path / "hibari.toml"
    params.write_text('[pace]\nvoice = "hibari"\n')
    media = tmp_path / "media"
    media.mkdir()
    (media / "kept.txt").write_text("published before")
    before = snapshot(media)
    r = run_build(["--quality", "l", "--media-dir", media, "--language", "es"],
                  env={"LECTURE_PARAMS": str(params)})
    assert r.returncode == 2
    lines = [l for l in r.stderr.splitlines() if l.strip()]
    voice_lines = [l for l in lines if "voice" in l]
    assert len(voice_lines) == 1 and '"hibari" speaks en' in voice_lines[0] and "hibari.toml" in voice_lines[0]
    assert "rendered" not in r.stdout
    assert snapshot(media) == before
