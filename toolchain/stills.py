"""The README's stills (``make stills``): each lecture scene's last frame at -ql, into
``media/stills/<Scene>.png`` (committed)."""
from __future__ import annotations

import inspect
import shutil
import subprocess
import sys
from pathlib import Path

from scenes.lecture import lecture


ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    out = ROOT / "media" / "stills"
    out.mkdir(parents=True, exist_ok=True)
    for scene in lecture():
        name, path = scene.__name__, Path(inspect.getfile(scene)).relative_to(ROOT)
        print(f"still: {name}", flush=True)
        subprocess.run([sys.executable, "-m", "manim", "-s", "-ql", "--progress_bar", "none",
                        "--media_dir", "media", str(path), name], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        made = sorted((ROOT / "media" / "images" / path.stem).glob(f"{name}_ManimCE_*.png"))
        shutil.copy(made[-1], out / f"{name}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
