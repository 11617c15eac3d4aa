"""Deterministic example layers: small integers from a seed, and the CS231n demo's setting."""
from __future__ import annotations

import numpy as np

from .trace import Trace, conv1d, conv2d, fully_connected, locally_connected2d

# The CS231n convolution demo draws inputs from 0..2 and weights from -1..1, with b0 = 1, b1 = 0.
CS231N = dict(channels=3, input_size=5, filters=2, kernel_size=3, stride=2, padding=1,
              dilation=1, input_range=(0, 2), weight_range=(-1, 1), biases=(1, 0))


def _ints(rng: np.random.Generator, lo_hi, shape) -> np.ndarray:
    lo, hi = lo_hi
    return rng.integers(lo, hi + 1, size=shape, dtype=np.int64)


def example_layer(seed: int = 0, *, channels: int = 3, input_size: int = 5, filters: int = 2,
                  kernel_size: int = 3, stride: int = 1, padding: int = 0, dilation: int = 1,
                  input_range=(0, 2), weight_range=(-1, 1), biases=None, strict: bool = False,
                  input=None, weights=None) -> Trace:
    """A shared (convolutional) layer with small integer values drawn from ``seed``.

    Explicit ``input`` (C,H,W), ``weights`` (K,C,F,F) or ``biases`` (K,) replace drawn ones.
    The same seed always gives the same numbers.
    """
    rng = np.random.default_rng(seed)
    x = _ints(rng, input_range, (channels, input_size, input_size))
    w = _ints(rng, weight_range, (filters, channels, kernel_size, kernel_size))
    b = _ints(rng, weight_range, (filters,))
    if input is not None:
        x = np.asarray(input, dtype=np.int64)
    if weights is not None:
        w = np.asarray(weights, dtype=np.int64)
    if biases is not None:
        b = np.asarray(biases, dtype=np.int64)
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
    """A locally connected layer over the same input and windows, with its own drawn weights."""
    rng = np.random.default_rng(seed)
    K, ho, wo = trace.out_shape
    w = _ints(rng, weight_range, (K, ho, wo) + trace.tap_shape)
    b = _ints(rng, weight_range, (K, ho, wo))
    return locally_connected2d(trace.x, w, b, stride=trace.stride, padding=trace.padding,
                               dilation=trace.dilation)


def dense_layer(trace: Trace, seed: int = 0, weight_range=(-1, 1)) -> Trace:
    """A fully connected layer from the same input to an output of the same shape."""
    rng = np.random.default_rng(seed)
    K, ho, wo = trace.out_shape
    w = _ints(rng, weight_range, (K, ho, wo) + trace.x.shape)
    b = _ints(rng, weight_range, (K, ho, wo))
    return fully_connected(trace.x, w, b)


def example_1d(seed: int = 0, n: int = 7, kernel_size: int = 3, padding: int = 1,
               input_range=(0, 2), weight_range=(-1, 1), stride: int = 1, dilation: int = 1,
               strict: bool = False) -> Trace:
    """Inputs x_1..x_n and one kernel of three weights, for the coloured-edge diagrams."""
    rng = np.random.default_rng(seed)
    x = _ints(rng, input_range, (n,))
    w = _ints(rng, weight_range, (kernel_size,))
    return conv1d(x, w, 0, stride=stride, padding=padding, dilation=dilation, strict=strict)


def upstream_gradient(trace: Trace, seed: int = 0, value_range=(-2, 2)) -> np.ndarray:
    """A made-up upstream gradient dL/do over the whole output (K, Ho, Wo): small whole
    numbers drawn from ``seed``, so the summed weight gradient can be checked by hand."""
    rng = np.random.default_rng([seed, 1])  # its own stream: independent of the layer's values
    return _ints(rng, value_range, trace.out_shape)
