"""Output-size arithmetic of a convolution, with errors that say what went wrong."""
from __future__ import annotations

import numbers


class GeometryError(ValueError):
    """A layer whose sizes do not fit together.

    The message names the parameter, its value, what is allowed and the arithmetic
    that failed, so a lecturer can fix the parameter file without reading code.
    """


FORMULA = "(n + 2p - d(f-1) - 1) // s + 1"


def _check_int(name: str, value, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):  # numpy ints count
        raise GeometryError(
            f"{name}={value!r} is not allowed: {name} must be a whole number >= {minimum}"
        )
    value = int(value)
    if value < minimum:
        raise GeometryError(f"{name}={value} is not allowed: {name} must be >= {minimum}")
    return value


def output_size(n: int, f: int, padding: int = 0, stride: int = 1, dilation: int = 1,
                strict: bool = False, axis: str = "") -> int:
    """Number of positions a filter of size ``f`` takes along an input of size ``n``.

    ``strict`` refuses sizes where the filter does not tile the padded input exactly
    (the CS231n demo's rule), instead of silently dropping the leftover border.
    """
    where = f" along {axis}" if axis else ""
    n = _check_int("input_size", n, 1)
    f = _check_int("kernel_size", f, 1)
    p = _check_int("padding", padding, 0)
    s = _check_int("stride", stride, 1)
    d = _check_int("dilation", dilation, 1)
    span = d * (f - 1) + 1
    room = n + 2 * p - span
    if room < 0:
        raise GeometryError(
            f"kernel_size={f} (dilation={d}) is too large for input_size={n} with padding={p}"
            f"{where}: the filter spans d(f-1)+1 = {d}*({f}-1)+1 = {span} cells but the padded "
            f"input has n+2p = {n}+2*{p} = {n + 2 * p}; allowed: a span of at most {n + 2 * p}"
        )
    if strict and room % s != 0:
        ok = [k for k in range(1, room + 1) if room % k == 0] or [1]
        raise GeometryError(
            f"stride={s} does not tile the padded input exactly{where}: (n + 2p - d(f-1) - 1) / s"
            f" = ({n} + 2*{p} - {d}*({f}-1) - 1) / {s} = {room}/{s} leaves remainder {room % s};"
            f" allowed strides here: {', '.join(map(str, ok))} (or change input_size/padding)"
        )
    return room // s + 1
