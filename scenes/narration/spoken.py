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
# What the rules say in words, per language (the notation is the same in every language).
WORDS = {
    "en": dict(symbols={"≠": " is not equal to ", "×": " times ", "·": " times ", "=": " equals ", "≈": " about ",
                        "→": " to ", "…": " ", "+": " plus ", "%": " percent", "&": " and "},
               by="by", at="at", channel="channel", slice="slice", minus="minus", to="to", d_by="by"),
    "es": dict(symbols={"≠": " no es igual a ", "×": " por ", "·": " por ", "=": " igual a ", "≈": " aproximadamente ",
                        "→": " a ", "…": " ", "+": " más ", "%": " por ciento", "&": " y "},
               by="por", at="en", channel="canal", slice="corte", minus="menos", to="a", d_by="entre"),
}
_SYMBOLS = WORDS["en"]["symbols"]


def _number(match: re.Match, lang: str = "en") -> str:
    text = match.group(0)
    if lang == "es":   # 10.000 and 89,9 (Babel's Spanish number formats)
        text = text.replace(".", "").replace("\u00a0", "").replace(",", ".")
    else:
        text = text.replace(",", "")
    value = float(text) if "." in text else int(text)
    words = num2words(value, lang=lang)
    if lang == "es":
        words = words.replace(" punto ", " coma ")
    return words.replace("-", " ").replace(" and ", " ")


# Spanish numbers agree with the noun they count: "un peso", "veintiún pesos", "una fila",
# "novecientas posiciones" (num2words gives the bare number: "uno", "novecientos").
_ES_FEMININE = set("""posición posiciones fila filas columna columnas celda celdas casilla casillas neurona
    neuronas vez veces salida salidas entrada entradas capa capas conexión conexiones arista aristas
    multiplicación multiplicaciones operación operaciones suma sumas ventana ventanas imagen imágenes
    dimensión dimensiones unidad unidades""".split())
_ES_NOT_NOUN = set("a al ante con contra de del desde en entre hacia hasta para por sin sobre y o u e ni "
                   "más menos igual es son que como coma".split())


def _es_agreement(s: str) -> str:
    words = s.split(" ")
    for n, w in enumerate(words[:-1]):
        nxt = words[n + 1].strip(",.;:!?").lower()
        if not nxt or not nxt.isalpha() or nxt in _ES_NOT_NOUN:
            continue
        feminine = nxt in _ES_FEMININE
        if w in ("uno", "veintiuno"):
            words[n] = w[:-1] + "a" if feminine else ("veintiún" if w == "veintiuno" else "un")
        elif feminine and w.endswith("cientos"):
            words[n] = w[:-2] + "as"
    return " ".join(words)


def _list(items: str) -> str:
    return ", ".join(part.strip() for part in items.split(",") if part.strip())


def _slice(match: re.Match, w: dict) -> str:
    name, k = match.group(1), match.group(2)
    return f"{name}, {w['channel'] if name.lower() == 'x' else w['slice']} {k}"


def spoken(text: str, lang: str = "en") -> str:
    """``text`` as a voice should say it in ``lang`` (numbers and symbols in words)."""
    w = WORDS.get(lang, WORDS["en"])
    s = text.translate(_SUBSCRIPTS)
    s = re.sub(r"\bd([A-Za-z])/d([A-Za-z]\w*)", rf"d \1 {w['d_by']} d \2", s)      # dL/dw0
    s = re.sub(r"\b([A-Za-z]\w*)\[\s*:\s*,\s*:\s*,\s*(-?\d+)\s*\]", lambda m: _slice(m, w), s)  # x[:,:,0]
    s = re.sub(r"\b([A-Za-z]\w*)\[([-\d,\s]+)\]", lambda m: f"{m.group(1)}, {_list(m.group(2))}", s)
    s = re.sub(r"\b([A-Za-z])\(([-\d,\s]+)\)", lambda m: f"{m.group(1)} {w['at']} {_list(m.group(2))}", s)
    s = re.sub(r"\(([-\d,\s]+)\)", lambda m: _list(m.group(1)), s)               # (0, 1)
    s = re.sub(r"(\d)\s*[x×]\s*(?=\d)", rf"\1 {w['by']} ", s)                     # 3x3, 5x5x3
    s = re.sub(r"(\d)-D\b", r"\1 D", s)                                           # 3-D
    s = re.sub(r"\b([A-Za-z])(\d+)\b", r"\1 \2", s)                               # w0, x1
    s = re.sub(r"(?<![\w)\]])-\s*(?=\d)", f" {w['minus']} ", s)                    # -1
    s = re.sub(r"\.\.+", f" {w['to']} ", s)
    for sym, words in w["symbols"].items():
        s = s.replace(sym, words)
    if lang == "es":
        number = r"\d{1,3}(?:[.\u00a0]\d{3})+(?:,\d+)?|\d+(?:,\d+)?"   # 10.000, 89,9 (lists have spaces by now)
    else:
        number = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
    s = re.sub(number, lambda m: _number(m, lang), s)
    if lang == "es":
        s = _es_agreement(s)
    s = re.sub(r"[\[\]{}_/\\|^~`*#<>]", " ", s)
    s = re.sub(r"\s+([,.:;!?])", r"\1", s)
    return re.sub(r"\s+", " ", s).strip()
