"""The lecture's small vocabulary, written once: how numbers, counts and names read on screen
and in the narration.

* ``fmt(3.0)`` -> ``"3"``; ``signed(-2)`` -> ``"(-2)"`` (a term inside a sum);
  ``sum_terms([1, -2])`` -> ``"1 + (-2)"``.
* ``weights(1)`` -> ``"1 weight"``, ``filters(2)``, ``depth_slices(2)``;
  ``times(1)`` -> ``"once"``; ``how_often(1, 9)`` -> ``"1 to 9 times"``.
* ``power(6)`` -> ``"10⁶"``; ``exact(483388)`` -> ``"483,388"``; ``readable(n)``: a count as said.
* ``position(0, 25)`` -> ``"position 1 of 25"`` (the sweep's counter).
* ``mode_name("shared")``: what each kind of layer is called ("convolution", ...).
* ``demo_address(k, i, j)``: a cell's address in the CS231n demo's notation, ``(x, y, d)``.

Words go through the lecture's language (``scenes.i18n``); a scene's title box is in
``scenes.visual.layout``.
"""
from __future__ import annotations

from babel.numbers import format_decimal

from scenes.i18n import N_, _, current, ngettext

# what each kind of layer is called (translated where used: ``mode_name``)
MODE_NAMES = {"shared": N_("convolution"), "local": N_("locally connected"), "dense": N_("fully connected")}


def mode_name(mode: str) -> str:
    """``MODE_NAMES[mode]`` in the lecture's language."""
    return _(MODE_NAMES[mode])



def fmt(value) -> str:
    """How a number is written on screen: integers plainly, others with two decimals at most."""
    v = float(value)
    if v.is_integer():
        return str(int(v))
    return f"{v:.2f}".rstrip("0").rstrip(".")


def signed(value, first: bool = False) -> str:
    """A term as it is written inside a sum: negatives in brackets (except a leading one)."""
    return fmt(value) if first or float(value) >= 0 else f"({fmt(value)})"


def sum_terms(values) -> str:
    """'1 + (-2) + 0' from a list of numbers, as the arithmetic is written on screen."""
    return " + ".join(signed(v) for v in values)


def weights(n: int) -> str:
    """'1 weight', '27 weights'."""
    return ngettext("{n} weight", "{n} weights", n).format(n=n)


def filters(n: int) -> str:
    """'1 filter', '2 filters'."""
    return ngettext("{n} filter", "{n} filters", n).format(n=n)


def depth_slices(n: int) -> str:
    """'1 output depth slice', '2 output depth slices'."""
    return ngettext("{n} output depth slice", "{n} output depth slices", n).format(n=n)


def times(n: int) -> str:
    """'once', '25 times'."""
    return ngettext("once", "{n} times", n).format(n=n)


def how_often(least: int, most: int) -> str:
    """'25 times' when every use count is the same, else '1 to 9 times'."""
    return times(most) if least == most else _("{least} to {most} times").format(least=least, most=most)


def position(n: int, total: int) -> str:
    """The sweep's counter for position ``n`` (0-based): 'position 1 of 25'."""
    return _("position {n} of {total}").format(n=n + 1, total=total)


def demo_address(k: int, i: int, j: int) -> str:
    """The demo's cell address (x, y, d): x is the column, y the row, d the depth slice."""
    return f"({j},{i},{k})"


def power(n: int) -> str:
    """10 to the n in plain text: 10⁶."""
    return "10" + str(n).translate(_SUP)


def exact(n: int) -> str:
    """Every digit, grouped in threes the language's way: 483,388,358,656."""
    return format_decimal(int(n), locale=current())


def readable(n: int) -> str:
    """How the size of a count is said: exact below a million, else three figures and a word
    (89.9 million, 483 billion)."""
    n = int(n)
    if n < 10 ** 6:
        return exact(n)
    for e in (12, 9, 6):
        if n >= 10 ** e:
            return f"{format_decimal(float(f'{n / 10 ** e:.3g}'), locale=current())} {_(POWER_WORDS[e])}"
    raise AssertionError(n)


_SUP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
POWER_WORDS = {3: N_("thousand"), 6: N_("million"), 9: N_("billion"), 12: N_("trillion")}
