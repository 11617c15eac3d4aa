"""A lecture scene as slides: one slide per beat, the beat's narration as its speaker notes.

No scene is written twice: ``slide_class(SlidingFilter)`` is a new class that inherits from the
scene and from manim-slides' ``Slide`` (through ``scenes.manim_ext.slides_compat.CompatSlide``,
which makes manim-slides 5.7.0 run on Manim 0.22). ``LectureScene.beat`` opens a section; under ``Slide`` a section is a
slide, and ``BeatSlides`` hands the beat's narration to that slide as its notes.

Run by ``toolchain.slides`` for each scene (through ``toolchain.renders``, as the build runs Manim):

    python -m scenes.slides sliding_filter:SlidingFilter l media/slides-render/l media

(``<module in scenes.content, or a dotted module>:<class>``, quality letter, manim-slides folder,
media folder).
The animations are the scene's own, so they come from the same Manim cache as the lecture's
render (``media/videos/<module>/<quality>/partial_movie_files/<Scene>``); the joined scene video
Manim writes goes to ``media/slides-render/...``, never over the lecture's.
"""
from __future__ import annotations

import html
import sys
from importlib import import_module
from pathlib import Path
from typing import Any

from manim import tempconfig

from scenes.manim_ext.slides_compat import CompatSlide

QUALITY = {"l": "low_quality", "m": "medium_quality", "h": "high_quality",
           "p": "production_quality", "k": "fourk_quality"}


def beat_notes(name: str, text: str | None) -> str:
    """A beat's speaker notes (Markdown, HTML-escaped: the converter pastes them into HTML)."""
    body = f"### {name}"
    if text:
        body += "\n\n" + " ".join(text.split())
    return html.escape(body, quote=False)


class BeatSlides:
    """Mixin: every beat starts a new slide whose notes are the beat's title and narration
    (``LectureScene.beat`` opens a section, with ``current_beat`` set, for each beat)."""

    skip_reversing = True          # the HTML presentation never plays a slide backwards

    def next_section(self, name: str = "unnamed", *args: Any, **kwargs: Any) -> None:
        title, text = getattr(self, "current_beat", (name, ""))
        self.next_slide(name, *args, notes=beat_notes(title, text), **kwargs)


def slide_class(scene: type) -> type:
    """``scene`` as slides, by inheritance; same class name (Manim names its cache folder and
    partial movies after it, so the lecture's renders are reused)."""
    return type(scene.__name__, (BeatSlides, CompatSlide, scene),
                {"__module__": scene.__module__, "__qualname__": scene.__qualname__})


def scene_spec(scene: type) -> str:
    return f"{scene.__module__}:{scene.__qualname__}"


def load_scene(spec: str) -> type:
    module, name = spec.split(":")
    if "." not in module:
        module = f"scenes.content.{module}"
    return getattr(import_module(module), name)


def render_slides(scene: type, quality: str, slides_dir: Path, media_dir: Path = Path("media")) -> Path:
    """Render ``scene`` as slides: ``<slides_dir>/<Scene>.json`` and its slide videos."""
    source = Path(sys.modules[scene.__module__].__file__).resolve()
    media_dir = Path(media_dir).resolve()
    settings = {
        "quality": QUALITY[quality],
        "input_file": str(source),
        "media_dir": str(media_dir),
        # Manim's joined scene video and captions: beside, never over, the lecture's render ...
        "video_dir": str(media_dir / "slides-render" / "videos" / "{module_name}" / "{quality}"),
        # ... while the animations come from (and go to) the lecture's own cache.
        "partial_movie_dir": str(media_dir / "videos" / "{module_name}" / "{quality}"
                                 / "partial_movie_files" / "{scene_name}"),
        "progress_bar": "none",
        "verbosity": "WARNING",
        "preview": False,
    }
    with tempconfig(settings):
        slides = slide_class(scene)(output_folder=Path(slides_dir))
        slides.render()
    return Path(slides_dir) / f"{scene.__name__}.json"


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    spec, quality, slides_dir = args[:3]
    media_dir = Path(args[3]) if len(args) > 3 else Path("media")
    render_slides(load_scene(spec), quality, Path(slides_dir).resolve(), media_dir)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
