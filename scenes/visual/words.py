"""The lecture's small vocabulary, written once: how numbers, counts and names read on screen
and in the narration.

* ``fmt(3.0)`` -> ``"3"``; ``signed(-2)`` -> ``"(-2)"`` (a term inside a sum);
  ``sum_terms([1, -2])`` -> ``"1 + (-2)"``.
* ``plural(9, "weight")`` -> ``"9 weights"``; ``weights(1)`` -> ``"1 weight"``;
  ``times(1)`` -> ``"once"``; ``how_often(1, 9)`` -> ``"1 to 9 times"``.
* ``position(0, 25)`` -> ``"position 1 of 25"`` (the sweep's counter).
* ``MODE_NAMES``: what each kind of layer is called ("convolution", ...).
* ``title("...")``: a scene's title, in the title box at the top of the frame.

Pure strings except ``title`` (which builds a ``Label``).
"""
from __future__ import annotations

MODE_NAMES = {"shared": "convolution", "local": "locally connected", "dense": "fully connected"}

# where a scene's title goes: (left, right, top, bottom) in frame units
TITLE_BOX = (-6.95, 6.95, 3.93, 3.45)
TITLE_SIZE = 28


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


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 weight', '9 weights' (``many`` for an irregular plural)."""
    return f"{n} {word}" if n == 1 else f"{n} {many or word + 's'}"


def weights(n: int) -> str:
    """'1 weight', '27 weights'."""
    return plural(n, "weight")


def times(n: int) -> str:
    """'once', '25 times'."""
    return "once" if n == 1 else f"{n} times"


def how_often(least: int, most: int) -> str:
    """'25 times' when every use count is the same, else '1 to 9 times'."""
    return times(most) if least == most else f"{least} to {most} times"


def position(n: int, total: int) -> str:
    """The sweep's counter for position ``n`` (0-based): 'position 1 of 25'."""
    return f"position {n + 1} of {total}"


def title(text: str, box=TITLE_BOX, size: float = TITLE_SIZE):
    """A scene's title: one line of text, shrunk (never enlarged) into the title box."""
    from scenes.visual import palette as P
    from scenes.visual.mobjects import label, place

    return place(label(text, size, P.TEXT), *box)
