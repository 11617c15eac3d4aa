"""The two small things every part of the toolchain does the same way: write a file so that it
is complete whenever it exists under its name, and stop with one clear line.
"""
from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path

TMP_SUFFIX = ".tmp"


def temp_name(final: Path) -> Path:
    """A hidden temporary name beside ``final`` (same directory, so os.replace is atomic)."""
    return final.with_name(f".{final.name}.{os.getpid()}{TMP_SUFFIX}")


@contextmanager
def atomic(final: Path):
    """Yield a temporary path to write; move it onto ``final`` only if the block succeeds."""
    final = Path(final)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_name(final)
    try:
        yield tmp
        os.replace(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)


def atomic_write_text(final: Path, text: str) -> None:
    with atomic(final) as tmp:
        tmp.write_text(text, encoding="utf-8")


def atomic_write_bytes(final: Path, data: bytes) -> None:
    with atomic(final) as tmp:
        tmp.write_bytes(data)


def remove_stale_temps(directory: Path) -> None:
    """Remove temporary files a killed build may have left behind."""
    if directory.is_dir():
        for p in directory.glob(f".*{TMP_SUFFIX}"):
            p.unlink(missing_ok=True)


def exit_with(message: str, status: int = 2):
    """Print ``error: <line>`` on stderr for each line of ``message`` and exit (status 2: bad
    input). A one-line message is one line; a message of several mistakes (a parameter file's,
    ``ParamError``) gives one line each; blank lines are left out."""
    lines = [line for line in str(message).split("\n") if line.strip()] or [""]
    print("\n".join(f"error: {line}" for line in lines), file=sys.stderr, flush=True)
    raise SystemExit(status)
