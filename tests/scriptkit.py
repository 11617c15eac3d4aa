"""Words for test scenes. A test scene declares its beats as a lecture scene does, and its words
beside them: ``CHAPTER = "..."`` and ``WORDS = {key: (title, text)}``; ``write_script(path,
scenes)`` writes them as a script (``scenes/script/<language>.ftl``'s format) and
``SCRIPT_ENV`` (``LECTURE_SCRIPT``) makes the renders read it instead of the lecture's."""
from __future__ import annotations

from pathlib import Path

from fluent.syntax import FluentParser, FluentSerializer
from fluent.syntax import ast as fast

from scenes.narration import script as S
from scenes.narration.script import SCRIPT_ENV  # noqa: F401  (re-exported)


def fluent(scenes) -> str:
    out = []
    for scene in scenes:
        name = scene.script_name()
        out.append(f"{name} = {scene.CHAPTER}")
        for key, (title, text) in scene.WORDS.items():
            body = "\n    ".join(text.splitlines()) if text else '{ "" }'
            out.append(f"{name}-{key} =\n    {body}\n    .title = {title}")
    return "\n\n".join(out) + "\n"


def write_script(path: Path, scenes) -> Path:
    path.write_text(fluent(scenes), encoding="utf-8")
    return path


def lecture_script(path: Path, scenes) -> Path:
    """The lecture's English script with the words of ``scenes`` (test scenes standing in for
    the lecture's, with ``CHAPTER`` and ``WORDS``) in place of theirs."""
    names = {s.script_name() for s in scenes}
    words = FluentParser().parse((S.SCRIPT_DIR / "en.ftl").read_text(encoding="utf-8"))
    words.body = [e for e in words.body
                  if not (isinstance(e, fast.Message) and e.id.name.split("-")[0] in names)]
    path.write_text(FluentSerializer().serialize(words) + "\n" + fluent(scenes), encoding="utf-8")
    return path
