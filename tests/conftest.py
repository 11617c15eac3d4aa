import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scenes.toolchain.narration import CACHE_ENV  # noqa: E402

_VOICE_CACHE: list[str] = []


def pytest_configure(config):
    """One cache of synthesised speech for the whole run (every xdist worker inherits it): the
    tiny test lectures say the same sentences in dozens of builds, and each build would otherwise
    load the voice and synthesise them again. Tests about synthesis and its cache set their own
    (``LECTURE_VOICE_CACHE``)."""
    if os.environ.get(CACHE_ENV) or hasattr(config, "workerinput"):
        return
    path = tempfile.mkdtemp(prefix="lecture-voice-")
    _VOICE_CACHE.append(path)
    os.environ[CACHE_ENV] = path


def pytest_unconfigure(config):
    for path in _VOICE_CACHE:
        os.environ.pop(CACHE_ENV, None)
        shutil.rmtree(path, ignore_errors=True)
