"""Showing arbitrary values in a one-line error message: ``printable``.

Everything a parameter file or an environment variable can hold ends up in an error line
sooner or later: a path with a newline in it, a key with an escape sequence, a string of a
million characters, a whole number of twenty thousand digits (which ``str`` refuses to
convert), arrays nested hundreds deep. ``printable`` shows any of them on one printable line
of bounded length, and never raises.
"""
from __future__ import annotations

import datetime
import os

LIMIT = 60          # characters shown of a value before it is cut with "..."
_DEPTH = 6          # nesting shown of lists and tables before "[...]" / "{...}"
_DIGITS_SHOWN = 30  # whole numbers with more digits are described, not written out


def _escape(text: str, backslash: bool = True) -> str:
    """``text`` with every non-printable character written as an escape (``\\n``, ``\\x1b``,
    ``\\u2028``, ``\\udcff`` for an undecodable byte of a path) and, if ``backslash``, every
    backslash doubled (so that the escapes are unambiguous)."""
    if text.isprintable() and not (backslash and "\\" in text):
        return text
    out = []
    for ch in text:
        if ch == "\\" and backslash:
            out.append("\\\\")
        elif ch.isprintable():
            out.append(ch)
        else:
            out.append(repr(ch)[1:-1])
    return "".join(out)


def _int(value: int) -> str:
    if value.bit_length() <= _DIGITS_SHOWN * 3:  # < 10**27: str() is quick and short
        return repr(value)
    digits = int(value.bit_length() * 0.30103) + 1  # about log10(2) digits per bit
    sign = "a negative" if value < 0 else "a"
    return f"<{sign} whole number of about {digits} digits>"


def _shown(value, budget: list[int], depth: int) -> str:
    """Bounded repr: stops writing once ``budget[0]`` characters are spent."""
    if budget[0] <= 0:
        return "..."
    if isinstance(value, bool) or value is None:
        text = repr(value)
    elif isinstance(value, int):
        text = _int(value)
    elif isinstance(value, float):
        text = repr(value)
    elif isinstance(value, str):  # repr already escapes whatever cannot be printed
        keep = max(budget[0] - 5, 1)
        text = repr(value[:keep])
        if len(value) > keep:
            text = text[:-1] + "..." + text[-1]
    elif isinstance(value, (datetime.date, datetime.time)):  # datetime is a date
        text = value.isoformat()
    elif isinstance(value, (list, tuple, dict)):
        opening, closing = ("{", "}") if isinstance(value, dict) else ("[", "]")
        if depth >= _DEPTH:
            text = f"{opening}...{closing}" if value else opening + closing
        else:
            budget[0] -= 1
            parts = []
            items = value.items() if isinstance(value, dict) else value
            for item in items:
                if budget[0] <= 0:
                    parts.append("...")
                    break
                if isinstance(value, dict):
                    key, v = item
                    part = f"{_shown(key, budget, depth + 1)}: {_shown(v, budget, depth + 1)}"
                else:
                    part = _shown(item, budget, depth + 1)
                budget[0] -= 2
                parts.append(part)
            return opening + ", ".join(parts) + closing
    else:
        try:
            text = repr(value)
        except Exception:  # noqa: BLE001 -- an error message must not fail in turn
            text = f"<{type(value).__name__}>"
        text = _escape(text[: budget[0] + 1], backslash=False)
    budget[0] -= len(text)
    return text


def printable(value, limit: int = LIMIT, quote: bool = True) -> str:
    """``value`` on one printable line, for an error message.

    A path (``os.PathLike``) is shown whole and unquoted, with escapes for what cannot be
    printed (a newline shows as ``\\n``, a backslash as ``\\\\``); so is a string with
    ``quote=False`` (cut to ``limit`` characters). Anything else is shown as Python shows it
    (``'three'``, ``2.0``, ``[0, 10]``, ``True``), dates as TOML writes them, cut to about
    ``limit`` characters with ``...``; a whole number too long to write out is described by its
    number of digits. Never raises, never contains a line break.
    """
    if isinstance(value, os.PathLike):
        try:
            return _escape(os.fsdecode(value))
        except Exception:  # noqa: BLE001
            return f"<{type(value).__name__}>"
    if isinstance(value, str) and not quote:
        return _escape(value[:limit]) + ("..." if len(value) > limit else "")
    text = _shown(value, [limit], 0)
    if len(text) > 4 * limit:  # escapes can lengthen what was cut to the limit: at most 4x
        text = text[: 4 * limit] + "..."
    return text


__all__ = ["printable"]
