"""The lecture in another language, built as a lecturer builds it (``make video LECTURE_LANG=es``):
it goes beside the English one, never over it, with its captions, chapters and ``script.md`` in
that language and its narration said by that language's voice."""
from __future__ import annotations

from pathlib import Path

import av
import srt

from scenes.narration import captions as C
from scenes.narration import script as S
from tests.buildkit import run_build, snapshot, tiny_lecture
from toolchain.build import publication_name

SPANISH = """\
TinyA = Primera escena mínima
TinyA-square =
    Aparece un cuadrado amarillo, con un peso, w0[0,1,0] = -1.
    .title = El cuadrado
TinyA-move =
    Se mueve un paso a la derecha.
    .title = El paso
"""


def test_a_spanish_lecture_is_built_beside_the_english_one_with_its_own_words_and_voice(tmp_path):
    # one scene of two beats: the Spanish voice takes about 7 s of CPU a sentence
    scenes = tiny_lecture(tmp_path / "scenes", names=("TinyA",))
    spanish = tmp_path / "es.ftl"
    spanish.write_text(SPANISH, encoding="utf-8")
    for scene in scenes:
        scene.test_script = spanish
    media = tmp_path / "media"
    english = media / "lecture"
    english.mkdir(parents=True)
    (english / "lecture.mp4").write_bytes(b"the English lecture, published before")
    before = snapshot(english)

    r = run_build(["--quality", "l", "--media-dir", media, "--language", "es", "--publish"], lecture=scenes)
    assert r.returncode == 0, r.stderr[-2000:]
    out = media / publication_name("es")
    assert out.name == "lecture-es" and snapshot(english) == before

    # captions and chapters in Spanish, within the limits
    cues = list(srt.parse((out / "lecture.srt").read_text(encoding="utf-8")))
    text = " ".join(c.content.replace("\n", " ") for c in cues)
    assert "Aparece un cuadrado amarillo" in text and "Se mueve un paso a la derecha." in text
    for c in cues:
        seconds = (c.end - c.start).total_seconds()
        assert all(len(line) <= C.LINE for line in c.content.splitlines()) and len(c.content.splitlines()) <= C.LINES
        assert C.MIN_CUE - 0.05 <= seconds <= C.MAX_CUE + 0.05, c
        assert len(c.content.replace("\n", " ")) / seconds <= C.MAX_CPS + 0.1, c
    chapters = (out / "chapters.txt").read_text(encoding="utf-8").splitlines()
    assert chapters[0] == "0:00 Primera escena mínima"

    # script.md: the Spanish words, each with the file to record it to, under recordings/es/
    script_md = (out / "script.md").read_text(encoding="utf-8")
    assert "Se mueve un paso a la derecha." in script_md and "recordings/es/" in script_md
    assert "recordings/en/" not in script_md

    # the Spanish voice: AAC-LC 48 kHz, as long as the video, speaking where the beats are
    with av.open(str(out / "lecture.mp4")) as c:
        a = c.streams.audio[0]
        assert a.codec_context.name == "aac" and a.rate == 48000
        samples = [f.to_ndarray() for f in c.decode(a)]
    import numpy as np
    audio = np.concatenate([s.reshape(-1) for s in samples])
    assert np.abs(audio).max() > 0.1, "the voice is heard"
    plan = (media / "narration").rglob("*.json")
    assert any('"kokoro"' in p.read_text(encoding="utf-8") for p in plan), "narrated by the Spanish voice"
