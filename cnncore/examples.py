"""Deterministic example layers: small integers at identities, and the CS231n demo's setting.

Every value is drawn from its **identity** and the seed alone, never from the shape of the layer
it is part of: weight ``(k, c, u, v)`` (filter k, channel c, row u, column v), bias ``k`` and
input ``(c, i, j)`` each come from a counter-based hash of ``(seed, kind, identity)``
(``drawn``). A layer with fewer channels or filters, a smaller input or kernel, is a sub-block
of the larger one: ``w0[1,2,0]`` is the same number in every layer drawn from one seed and one
value range. Each kind of value has its own identity space (``KINDS``): the locally connected
and dense contrast layers' weights are other weights than the convolution's, the 1-D layer's
x_i and w_j are its own, and so is the made-up upstream gradient.

Explicit values (``input``, ``weights``, ``biases``) are values at identities too: an array
given for a block of identities (starting at 0 along every axis, of any size) replaces the drawn
values where the layer has those identities; the layer's other identities are drawn (``at_identities``).
"""
from __future__ import annotations

import numpy as np

from .trace import Trace, conv1d, conv2d, fully_connected, locally_connected2d

# The CS231n convolution demo draws inputs from 0..2 and weights from -1..1, with b0 = 1, b1 = 0.
CS231N = dict(channels=3, input_size=5, filters=2, kernel_size=3, stride=2, padding=1,
              dilation=1, input_range=(0, 2), weight_range=(-1, 1), biases=(1, 0))

# Each kind of value has its own identity space: the same identity tuple in two kinds gives
# unrelated values. Identities: INPUT (c, i, j), WEIGHT (k, c, u, v), BIAS (k,); INPUT_1D (i,),
# WEIGHT_1D (j,); LOCAL_WEIGHT (k, i, j, c, u, v) and LOCAL_BIAS (k, i, j) (a locally connected
# layer: one weight per output position); DENSE_WEIGHT (k, i, j, c, r, s) and DENSE_BIAS (k, i, j);
# UPSTREAM (k, i, j) (a made-up dL/do). The numbers are part of the hash: never renumber them.
KINDS = dict(INPUT=1, WEIGHT=2, BIAS=3, INPUT_1D=4, WEIGHT_1D=5, LOCAL_WEIGHT=6, LOCAL_BIAS=7,
             DENSE_WEIGHT=8, DENSE_BIAS=9, UPSTREAM=10)
INPUT, WEIGHT, BIAS = KINDS["INPUT"], KINDS["WEIGHT"], KINDS["BIAS"]
INPUT_1D, WEIGHT_1D = KINDS["INPUT_1D"], KINDS["WEIGHT_1D"]
LOCAL_WEIGHT, LOCAL_BIAS = KINDS["LOCAL_WEIGHT"], KINDS["LOCAL_BIAS"]
DENSE_WEIGHT, DENSE_BIAS = KINDS["DENSE_WEIGHT"], KINDS["DENSE_BIAS"]
UPSTREAM = KINDS["UPSTREAM"]

_U = np.uint64
_GOLDEN = _U(0x9E3779B97F4A7C15)


def _mix(z: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser (Steele, Lea, Flood 2014), on uint64 arrays (wrapping)."""
    z = (z ^ (z >> _U(30))) * _U(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> _U(27))) * _U(0x94D049BB133111EB)
    return z ^ (z >> _U(31))


def _check_seed(seed) -> int:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= seed < 2**64:
        raise ValueError(f"seed must be a whole number from 0 to 2**64 - 1, got {seed!r}")
    return int(seed)


def _check_range(value_range) -> tuple[int, int]:
    lo, hi = value_range
    if any(isinstance(v, bool) or not isinstance(v, (int, np.integer)) for v in (lo, hi)) or lo > hi:
        raise ValueError(f"a value range must be two whole numbers [low, high] with low <= high, got {value_range!r}")
    return int(lo), int(hi)


def drawn(seed: int, kind: int, shape, value_range) -> np.ndarray:
    """An int64 array of ``shape`` whose entry at index ``idx`` is the value of identity ``idx``
    of ``kind``: a whole number in ``value_range`` (inclusive) that depends on ``seed``, ``kind``,
    ``idx`` and the range only, never on ``shape`` (a hash of them, SplitMix64-mixed per axis)."""
    seed, (lo, hi) = _check_seed(seed), _check_range(value_range)
    shape = tuple(int(n) for n in shape)
    with np.errstate(over="ignore"):
        h = np.full(shape, _mix(np.array([seed], dtype=_U) + _GOLDEN * _U(kind))[0], dtype=_U)
        for axis, idx in enumerate(np.indices(shape, dtype=np.int64, sparse=True)):
            h = _mix(h ^ (idx.astype(_U) + _GOLDEN * _U(axis + 1)))
    return (h % _U(hi - lo + 1)).astype(np.int64) + lo


def at_identities(seed: int, kind: int, shape, value_range, explicit=None) -> np.ndarray:
    """The values of identities ``shape`` of ``kind``: ``explicit`` where it has them (an array of
    the same rank holding the values of identities 0..n-1 along each axis, any size), drawn
    elsewhere. An ``explicit`` that covers the whole shape is returned as it is (its sub-block)."""
    shape = tuple(int(n) for n in shape)
    if explicit is None:
        return drawn(seed, kind, shape, value_range)
    e = np.asarray(explicit)
    if e.ndim != len(shape):
        raise ValueError(f"explicit values have shape {e.shape}: identities here have {len(shape)}"
                         f" indices (shape {shape})")
    block = tuple(slice(0, min(a, b)) for a, b in zip(shape, e.shape))
    if all(b >= a for a, b in zip(shape, e.shape)):
        return e[block]
    if e.dtype.kind not in "iuf":
        raise ValueError(f"explicit values must be numbers, got {e.dtype}")
    out = drawn(seed, kind, shape, value_range).astype(np.result_type(np.int64, e.dtype))
    out[block] = e[block]
    return out


def layer_values(seed: int = 0, *, channels: int = 3, input_size: int = 5, filters: int = 2,
                 kernel_size: int = 3, input_range=(0, 2), weight_range=(-1, 1), biases=None,
                 input=None, weights=None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(x (C,H,W), w (K,C,F,F), b (K,)) of a convolution: explicit values at their identities,
    the rest drawn from ``seed`` (inputs from ``input_range``; weights and biases from
    ``weight_range``)."""
    x = at_identities(seed, INPUT, (channels, input_size, input_size), input_range, input)
    w = at_identities(seed, WEIGHT, (filters, channels, kernel_size, kernel_size), weight_range, weights)
    b = at_identities(seed, BIAS, (filters,), weight_range, biases)
    return x, w, b


def example_layer(seed: int = 0, *, channels: int = 3, input_size: int = 5, filters: int = 2,
                  kernel_size: int = 3, stride: int = 1, padding: int = 0, dilation: int = 1,
                  input_range=(0, 2), weight_range=(-1, 1), biases=None, strict: bool = False,
                  input=None, weights=None) -> Trace:
    """A shared (convolutional) layer with small integer values at identities (``layer_values``).

    Explicit ``input`` (C,H,W), ``weights`` (K,C,F,F) or ``biases`` (K,) give the values of the
    identities they hold (a larger array: its sub-block; a smaller one: the rest is drawn).
    The same seed always gives the same numbers, whatever the layer's shape.
    """
    x, w, b = layer_values(seed, channels=channels, input_size=input_size, filters=filters,
                           kernel_size=kernel_size, input_range=input_range,
                           weight_range=weight_range, biases=biases, input=input, weights=weights)
    return conv2d(x, w, b, stride=stride, padding=padding, dilation=dilation, strict=strict)


def cs231n_layer(seed: int = 0) -> Trace:
    """The demo's setting: 5x5x3 input, padding 1, two 3x3x3 filters, stride 2, output 3x3x2."""
    return example_layer(seed, strict=True, **CS231N)


def untied(trace: Trace) -> Trace:
    """The locally connected twin of a shared layer: the same values, but every output
    position owns its copy of every weight (so the output is the same and nothing is shared)."""
    K, ho, wo = trace.out_shape
    w = trace.weight_values.reshape((K,) + trace.tap_shape)
    w_local = np.broadcast_to(w[:, None, None], (K, ho, wo) + trace.tap_shape).copy()
    b_local = np.broadcast_to(trace.bias_values[:, None, None], (K, ho, wo)).copy()
    return locally_connected2d(trace.x, w_local, b_local, stride=trace.stride,
                               padding=trace.padding, dilation=trace.dilation)


def local_layer(trace: Trace, seed: int = 0, weight_range=(-1, 1)) -> Trace:
    """A locally connected layer over the same input and windows, with its own weights
    (k, i, j, c, u, v) and biases (k, i, j), drawn from ``seed`` (their own identity space)."""
    K, ho, wo = trace.out_shape
    w = drawn(seed, LOCAL_WEIGHT, (K, ho, wo) + trace.tap_shape, weight_range)
    b = drawn(seed, LOCAL_BIAS, (K, ho, wo), weight_range)
    return locally_connected2d(trace.x, w, b, stride=trace.stride, padding=trace.padding,
                               dilation=trace.dilation)


def dense_layer(trace: Trace, seed: int = 0, weight_range=(-1, 1)) -> Trace:
    """A fully connected layer from the same input to an output of the same shape: weights
    (k, i, j, c, r, s) and biases (k, i, j) drawn from ``seed`` (their own identity space)."""
    K, ho, wo = trace.out_shape
    w = drawn(seed, DENSE_WEIGHT, (K, ho, wo) + trace.x.shape, weight_range)
    b = drawn(seed, DENSE_BIAS, (K, ho, wo), weight_range)
    return fully_connected(trace.x, w, b)


def example_1d(seed: int = 0, n: int = 7, kernel_size: int = 3, padding: int = 1,
               input_range=(0, 2), weight_range=(-1, 1), stride: int = 1, dilation: int = 1,
               strict: bool = False) -> Trace:
    """Inputs x_1..x_n and one kernel of three weights, for the coloured-edge diagrams: x_i and
    w_j drawn at their identities (i, j) from ``seed``: a shorter input is a prefix of a longer."""
    x = drawn(seed, INPUT_1D, (n,), input_range)
    w = drawn(seed, WEIGHT_1D, (kernel_size,), weight_range)
    return conv1d(x, w, 0, stride=stride, padding=padding, dilation=dilation, strict=strict)


def upstream_gradient(trace: Trace, seed: int = 0, value_range=(-2, 2)) -> np.ndarray:
    """A made-up upstream gradient dL/do over the whole output (K, Ho, Wo): small whole
    numbers drawn at the output's identities (k, i, j) from ``seed``, in their own identity
    space (independent of the layer's values), so the summed weight gradient can be checked by hand."""
    return drawn(seed, UPSTREAM, trace.out_shape, value_range)
