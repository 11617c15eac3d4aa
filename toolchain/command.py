"""How a tool of the toolchain runs as a command (``python -m toolchain.build``, ``-m
toolchain.exercises``): SIGTERM (a closed terminal, a CI timeout) is handled as Ctrl-C, and an
interrupted run ends with one line saying what is kept and exit status 130."""
from __future__ import annotations

import signal
import sys


def _terminate(signum, frame):
    raise KeyboardInterrupt


def run(main, interrupted: str) -> None:
    """``sys.exit(main())``; on Ctrl-C or SIGTERM print ``interrupted`` (what the tool keeps
    whole) and exit 130."""
    signal.signal(signal.SIGTERM, _terminate)
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print(f"\ninterrupted: {interrupted}", file=sys.stderr)
        sys.exit(130)
