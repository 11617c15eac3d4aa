"""Narration as it is spoken: the caption's text with its symbols and numbers said in words.

Captions keep the notation a viewer reads on screen (``w0[1,2,0]``, ``3x3``, ``dL/dw``); a voice
reading that would spell it out or skip it. ``spoken`` rewrites it the way a lecturer says it:

    >>> spoken("w0[1,2,0] times x[:,:,0], a 3x3 filter, bias -1, o(0,1,0)")
    'w zero, one, two, zero times x, channel zero, a three by three filter, bias minus one, o at zero, one, zero'

Numbers become words with ``num2words``; the rules below only find the notation around them.
"""
from __future__ import annotations

import re

from num2words import num2words

_SUBSCRIPTS = str.maketrans({**dict(zip("₀₁₂₃₄₅₆₇₈₉", "0123456789")),
                             **{c: " " + n for c, n in zip("ₙᵢⱼₖ", "nijk")}})
_SYMBOLS = {"≠": " is not equal to ", "×": " times ", "·": " times ", "=": " equals ", "≈": " about ",
            "→": " to ", "…": " ", "+": " plus ", "%": " percent", "&": " and "}


def _number(match: re.Match) -> str:
    text = match.group(0).replace(",", "")
    value = float(text) if "." in text else int(text)
    words = num2words(value)
    return words.replace("-", " ").replace(" and ", " ")


def _list(items: str) -> str:
    return ", ".join(part.strip() for part in items.split(",") if part.strip())


def _slice(match: re.Match) -> str:
    name, k = match.group(1), match.group(2)
    return f"{name}, {'channel' if name.lower() == 'x' else 'slice'} {k}"


def spoken(text: str) -> str:
    """``text`` as a voice should say it (numbers and symbols in words)."""
    s = text.translate(_SUBSCRIPTS)
    s = re.sub(r"\bd([A-Za-z])/d([A-Za-z]\w*)", r"d \1 by d \2", s)             # dL/dw0
    s = re.sub(r"\b([A-Za-z]\w*)\[\s*:\s*,\s*:\s*,\s*(-?\d+)\s*\]", _slice, s)    # x[:,:,0]
    s = re.sub(r"\b([A-Za-z]\w*)\[([-\d,\s]+)\]", lambda m: f"{m.group(1)}, {_list(m.group(2))}", s)
    s = re.sub(r"\b([A-Za-z])\(([-\d,\s]+)\)", lambda m: f"{m.group(1)} at {_list(m.group(2))}", s)
    s = re.sub(r"\(([-\d,\s]+)\)", lambda m: _list(m.group(1)), s)               # (0, 1)
    s = re.sub(r"(\d)\s*[x×]\s*(?=\d)", r"\1 by ", s)                             # 3x3, 5x5x3
    s = re.sub(r"(\d)-D\b", r"\1 D", s)                                           # 3-D
    s = re.sub(r"\b([A-Za-z])(\d+)\b", r"\1 \2", s)                               # w0, x1
    s = re.sub(r"(?<![\w)\]])-\s*(?=\d)", " minus ", s)                           # -1
    s = re.sub(r"\.\.+", " to ", s)
    for sym, words in _SYMBOLS.items():
        s = s.replace(sym, words)
    s = re.sub(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?", _number, s)
    s = re.sub(r"[\[\]{}_/\\|^~`*#<>]", " ", s)
    s = re.sub(r"\s+([,.:;!?])", r"\1", s)
    return re.sub(r"\s+", " ", s).strip()
