"""The convolutions taught after the plain one, each computed with a full trace.

* **dilated**: ``conv2d(..., dilation=d)`` (``cnncore.trace``): the same weights, read with gaps.
* **transposed**: ``conv_transpose2d``: every input cell stamps the whole filter, scaled by its
  value, onto the output; overlapping stamps add up. It is the transpose of the unrolled matrix
  of the matching convolution (``matching_conv``).
* **grouped** / **depthwise**: ``grouped_conv2d``: the channels split into ``groups``; a filter
  sees only its group's channels (depthwise: ``groups = channels``, no channels mix).
* **pointwise**: ``conv2d`` with a 1x1 kernel: one weight per (filter, channel), at every position.
* **depthwise-separable**: ``separable_conv2d``: a depthwise step, then a pointwise step.
* **parameter counts** of every variant by formula: ``variant_param_counts``.

Weight identities follow PyTorch's tensors: a transposed layer's weights are ``(C_in, C_out,
FH, FW)`` (the matching convolution's ``(K, C, FH, FW)``), a grouped layer's ``(K, C/groups,
FH, FW)``. Pure numpy: no manim, no screens.

As strict as ``conv2d``: the arguments after the tensors are keyword-only, every argument is
checked and a wrong one is refused with a message that names it (``GeometryError`` for sizes,
``ValueError`` for arrays, ``IndexError`` for a cell outside the layer), and whole numbers are
computed exactly in int64 or refused when a sum could leave it.
"""
from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np

from .geometry import GeometryError, _check_int
from .trace import _X, LayerShapes, Trace, _as_array, _keys, _pair, _refuse_overflow, conv2d

_W = ("filters", "channels", "kernel rows", "kernel columns")


def _index(name: str, value, n: int, what: str = "the output") -> int:
    """``value`` as an index 0..n-1 (IndexError naming it otherwise; no negative wrap-around)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not 0 <= value < n:
        raise IndexError(f"{name}={value!r} is outside {what} (0..{n - 1})")
    return int(value)


def _check_groups(groups, channels: int, filters: int) -> int:
    g = _check_int("groups", groups, 1)
    if channels % g or filters % g:
        raise GeometryError(f"groups={g} is not allowed: groups must divide the channels ({channels}) and"
                            f" the filters ({filters}); allowed: a common divisor, e.g. 1 or"
                            f" {math.gcd(channels, filters)}")
    return g

VARIANTS = ("standard", "dilated", "transposed", "grouped", "depthwise", "pointwise", "separable")


# ---- transposed convolution ---------------------------------------------------------------------

def transposed_output_size(n: int, f: int, padding: int = 0, stride: int = 1, dilation: int = 1,
                           output_padding: int = 0) -> int:
    """Dumoulin & Visin's relation: o = (i - 1)s - 2p + d(k - 1) + output_padding + 1.

    ``output_padding`` (0 .. stride - 1) adds the rows a strided convolution drops, so that every
    output size of the matching convolution can be reached."""
    n = _check_int("input_size", n, 1)
    f = _check_int("kernel_size", f, 1)
    p = _check_int("padding", padding, 0)
    s = _check_int("stride", stride, 1)
    d = _check_int("dilation", dilation, 1)
    a = _check_int("output_padding", output_padding, 0)
    if a >= s:
        raise GeometryError(f"output_padding={a} is not allowed with stride={s}: it adds the rows a "
                            f"stride-{s} convolution drops, so it must be smaller than the stride "
                            f"(allowed: 0..{s - 1})")
    o = (n - 1) * s - 2 * p + d * (f - 1) + a + 1
    if o < 1:
        raise GeometryError(f"padding={p} crops the whole output: (i-1)s - 2p + d(k-1) + output_padding + 1"
                            f" = ({n}-1)*{s} - 2*{p} + {d}*({f}-1) + {a} + 1 = {o}; allowed: a result of at least 1")
    return o


@dataclass(frozen=True)
class Stamp:
    """What input cell (k, i, j) adds to the output: its value times every weight of its filter
    slice, at full-canvas positions ``positions`` (c, r, s); ``inside`` marks those the padding
    does not crop away."""

    k: int
    i: int
    j: int
    value: object
    positions: np.ndarray   # (T, 3) full-canvas coordinates (c, r, s)
    weight_ids: np.ndarray  # (T,)
    products: np.ndarray    # (T,) value * weight
    inside: np.ndarray      # (T,) bool


@dataclass(frozen=True)
class TransposedCell:
    """Everything that made output cell (c, r, s): each contribution is one input cell
    ``sources[n]`` (k, i, j) times weight ``weight_ids[n]``."""

    c: int
    r: int
    s: int
    sources: np.ndarray       # (n, 3) input positions (k, i, j)
    weight_ids: np.ndarray    # (n,)
    weight_values: np.ndarray
    inputs: np.ndarray
    products: np.ndarray
    bias: object
    bias_id: int
    total: object

    @property
    def count(self) -> int:
        """How many stamps overlap here."""
        return len(self.weight_ids)


class TransposedTrace(LayerShapes):
    """A transposed convolution and the provenance of every output cell.

    Coordinates: the *full canvas* is where the stamps land before ``padding`` crops ``p`` rows
    and columns from every side; output cell (c, r, s) is canvas cell (c, r + p, s + p). The
    ``output_padding`` rows are added at the bottom and right of the canvas (as in PyTorch).
    """

    mode = "transposed"

    def __init__(self, x, weights, bias, *, stride, padding, dilation, output_padding):
        self.x = x                       # (K, H, W): K input channels
        self.weights = weights           # (K, C, FH, FW)
        self.bias_values = bias          # (C,)
        self.stride, self.padding, self.dilation = stride, padding, dilation
        self.output_padding = output_padding
        K, C, fh, fw = weights.shape
        _, h, w = x.shape
        self.tap_shape = (C, fh, fw)
        self.weight_keys = _keys(weights.shape)
        self.weight_values = weights.ravel()
        self.out_size = tuple(
            transposed_output_size(n, f, p, s, d, a)
            for n, f, p, s, d, a in zip((h, w), (fh, fw), padding, stride, dilation, output_padding))
        self.canvas_shape = (C,) + tuple(o + 2 * p for o, p in zip(self.out_size, padding))
        # every (input cell, tap): where it lands on the canvas, and with which weight
        cc, uu, vv = np.meshgrid(np.arange(C), np.arange(fh), np.arange(fw), indexing="ij")
        kk, ii, jj = np.meshgrid(np.arange(K), np.arange(h), np.arange(w), indexing="ij")
        (sh, sw), (dh, dw) = stride, dilation
        r = ii.reshape(K, h, w, 1) * sh + (uu.ravel() * dh)
        s = jj.reshape(K, h, w, 1) * sw + (vv.ravel() * dw)
        c = np.broadcast_to(cc.ravel(), r.shape)
        self.positions = np.stack([c, r, s], axis=-1)            # (K, H, W, T, 3) canvas coordinates
        T = C * fh * fw
        self.weight_ids = np.broadcast_to((np.arange(K) * T)[:, None, None, None] + np.arange(T),
                                          (K, h, w, T))          # (K, H, W, T)
        ph, pw = padding
        oh, ow = self.out_size
        self.inside = (r >= ph) & (r < ph + oh) & (s >= pw) & (s < pw + ow)
        # the output, computed by scatter-add (independently of ``cell``, which gathers)
        canvas = np.zeros(self.canvas_shape, dtype=np.result_type(x, weights, bias))
        prod = x[..., None] * self.weight_values[self.weight_ids]
        np.add.at(canvas, (c.ravel(), r.ravel(), s.ravel()), prod.ravel())
        self.canvas = canvas
        self.output = canvas[:, ph:ph + oh, pw:pw + ow] + bias[:, None, None]

    # ---- stamps and cells ----------------------------------------------------------------------
    def input_cells(self):
        """Every input cell in the order the stamps are laid: channel by channel, row by row."""
        K, h, w = self.x.shape
        return [(k, i, j) for k in range(K) for i in range(h) for j in range(w)]

    def stamp(self, k: int, i: int, j: int) -> Stamp:
        K, h, w = self.x.shape
        k, i, j = (_index(name, v, n, "the input")
                   for name, v, n in (("k", k, K), ("i", i, h), ("j", j, w)))
        ids = self.weight_ids[k, i, j]
        v = self.x[k, i, j]
        return Stamp(k, i, j, v.item(), self.positions[k, i, j], ids,
                     v * self.weight_values[ids], self.inside[k, i, j])

    @cached_property
    def _by_cell(self) -> dict:
        """Canvas cell (c, r, s) -> list of (k, i, j, tap), in stamp order."""
        out: dict = {}
        K, h, w, T, _ = self.positions.shape
        for k, i, j, t in np.ndindex(K, h, w, T):
            out.setdefault(tuple(int(v) for v in self.positions[k, i, j, t]), []).append((k, i, j, t))
        return out

    def cell(self, c: int, r: int, s: int) -> TransposedCell:
        """Output cell (c, r, s): every (input cell, weight) pair that landed on it."""
        C, oh, ow = self.out_shape
        c, r, s = (_index(name, v, n) for name, v, n in (("c", c, C), ("r", r, oh), ("s", s, ow)))
        ph, pw = self.padding
        hits = self._by_cell.get((c, r + ph, s + pw), [])
        src = np.array([(k, i, j) for k, i, j, _ in hits], dtype=np.int64).reshape(-1, 3)
        ids = np.array([self.weight_ids[k, i, j, t] for k, i, j, t in hits], dtype=np.int64)
        vals = self.weight_values[ids]
        ins = self.x[src[:, 0], src[:, 1], src[:, 2]]
        prods = vals * ins
        bias = self.bias_values[c]
        return TransposedCell(c, r, s, src, ids, vals, ins, prods, bias.item(), c,
                              (prods.sum() + bias).item())

    def cells(self):
        C, oh, ow = self.out_shape
        return [(c, r, s) for c in range(C) for r in range(oh) for s in range(ow)]

    @cached_property
    def overlap_counts(self) -> np.ndarray:
        """(C, Ho, Wo): how many stamps land on every output cell (stride 2: a checkerboard)."""
        counts = np.zeros(self.canvas_shape, dtype=np.int64)
        p = self.positions.reshape(-1, 3)
        np.add.at(counts, (p[:, 0], p[:, 1], p[:, 2]), 1)
        ph, pw = self.padding
        oh, ow = self.out_size
        return counts[:, ph:ph + oh, pw:pw + ow]

    def canvas_after(self, n: int) -> np.ndarray:
        """The canvas (no bias) after the first ``n`` input cells (``input_cells`` order) stamped."""
        canvas = np.zeros(self.canvas_shape, dtype=self.canvas.dtype)
        for k, i, j in self.input_cells()[:_index("n", n, self.x.size + 1, "the stamps")]:
            st = self.stamp(k, i, j)
            np.add.at(canvas, tuple(st.positions.T), st.products)
        return canvas

    def counts_after(self, n: int) -> np.ndarray:
        """(C, Hc, Wc) canvas: how many of the first ``n`` stamps landed on every cell."""
        counts = np.zeros(self.canvas_shape, dtype=np.int64)
        for k, i, j in self.input_cells()[:_index("n", n, self.x.size + 1, "the stamps")]:
            np.add.at(counts, tuple(self.stamp(k, i, j).positions.T), 1)
        return counts

    def unrolled(self) -> np.ndarray:
        """The layer as a (C*Ho*Wo) x (K*H*W) matrix of weight ids (-1 where empty): the
        transpose of the matching convolution's ``Trace.unrolled``."""
        C, oh, ow = self.out_shape
        K, h, w = self.x.shape
        ph, pw = self.padding
        m = np.full((C * oh * ow, K * h * w), -1, dtype=np.int64)
        p = self.positions
        rows = (p[..., 0] * oh + p[..., 1] - ph) * ow + p[..., 2] - pw
        cols = np.broadcast_to(np.arange(K * h * w).reshape(K, h, w, 1), rows.shape)
        m[rows[self.inside], cols[self.inside]] = self.weight_ids[self.inside]
        return m

    def unrolled_values(self) -> np.ndarray:
        ids = self.unrolled()
        return np.where(ids >= 0, self.weight_values[np.maximum(ids, 0)], 0).astype(self.weight_values.dtype)

    def key_label(self, weight_id: int) -> str:
        key = self.weight_keys[_index("weight_id", weight_id, self.n_weights, "the weights")]
        k, c, u, v = (int(x) for x in key)
        return f"w{k}[{u},{v},{c}]"


def conv_transpose2d(x, weights, bias, *, stride=1, padding=0, dilation=1,
                     output_padding=0) -> TransposedTrace:
    """A transposed convolution: x (K,H,W), weights (K,C,FH,FW) as PyTorch's ConvTranspose2d, bias (C,).

    ``stride``, ``padding``, ``dilation`` and ``output_padding`` (one number, or a (rows, columns)
    pair) are keyword-only, in ``conv2d``'s order.
    """
    x = _as_array("x", x, _X)
    w = _as_array("weights", weights, _W)
    b = _as_array("bias", bias, ("output channels",))
    K, C, fh, fw = w.shape
    if K != x.shape[0]:
        raise ValueError(f"weights has shape {w.shape}: {K} input channels, but x has {x.shape[0]}"
                         f" (shape {x.shape})")
    if b.shape != (C,):
        raise ValueError(f"bias must have shape ({C},), one per output channel; got {b.shape}")
    # an output cell gets at most one stamp per (input channel, kernel row, kernel column)
    _refuse_overflow(f"{K * fh * fw} products", K * fh * fw, ("x", x), ("weights", w), ("bias", b))
    stride, padding, dilation = _pair("stride", stride), _pair("padding", padding), _pair("dilation", dilation)
    if isinstance(output_padding, (tuple, list)) and len(output_padding) != 2:
        raise GeometryError(f"output_padding={output_padding!r} is not allowed: give one number or a"
                            " (rows, cols) pair, each 0 .. stride - 1")
    pair = output_padding if isinstance(output_padding, (tuple, list)) else (output_padding,) * 2
    output_padding = tuple(_check_int("output_padding", a, 0) for a in pair)
    return TransposedTrace(x, w, b, stride=stride, padding=padding, dilation=dilation,
                           output_padding=output_padding)


def matching_conv(t: TransposedTrace, *, x=None, bias=None) -> Trace:
    """The convolution whose unrolled matrix, transposed, is ``t``'s: same weights, stride,
    padding and dilation, from an input of ``t``'s output shape (``x``, zeros by default) to
    ``t``'s input shape. ``x`` and ``bias`` (one per filter, ``t``'s input channels) are
    keyword-only."""
    if not isinstance(t, TransposedTrace):
        raise TypeError(f"t must be a TransposedTrace (from conv_transpose2d), got {type(t).__name__}")
    K = t.x.shape[0]
    dtype = t.weight_values.dtype
    x = np.zeros(t.out_shape, dtype=dtype) if x is None else _as_array("x", x, _X)
    if x.shape != t.out_shape:
        raise ValueError(f"x has shape {x.shape}; the matching convolution reads t's output shape"
                         f" {t.out_shape} (channels, rows, columns)")
    bias = np.zeros(K, dtype=dtype) if bias is None else _as_array("bias", bias, ("filters",))
    return conv2d(x, t.weights, bias, stride=t.stride, padding=t.padding, dilation=t.dilation)


# ---- grouped, depthwise, pointwise, separable ----------------------------------------------------

class GroupedTrace(LayerShapes):
    """A grouped convolution as ``groups`` plain convolutions side by side: filter k (in group
    g = k // (K/groups)) reads only input channels g*C/groups .. (g+1)*C/groups - 1.

    ``parts[g]`` is group g's own ``Trace`` (its channels, its filters); ``cell`` answers in
    global coordinates. Weight ids follow the weight tensor (K, C/groups, FH, FW) in C order.
    """

    mode = "shared"

    def __init__(self, x, weights, bias, *, groups, parts):
        self.x, self.weights, self.groups, self.parts = x, weights, groups, parts
        self.bias_values = bias
        K, cg, fh, fw = weights.shape
        self.tap_shape = (cg, fh, fw)
        self.weight_keys = _keys(weights.shape)   # (k, c within the group, u, v)
        self.weight_values = weights.ravel()
        self.output = np.concatenate([p.output for p in parts])
        self.stride, self.padding, self.dilation = parts[0].stride, parts[0].padding, parts[0].dilation
        self.x_padded = np.concatenate([p.x_padded for p in parts])

    @property
    def group_channels(self) -> int:
        return self.x.shape[0] // self.groups

    @property
    def group_filters(self) -> int:
        return self.out_shape[0] // self.groups

    def group_of(self, k: int) -> int:
        return _index("k", k, self.out_shape[0], "the filters") // self.group_filters

    def channels_of(self, k: int) -> list[int]:
        """The input channels filter k (and output slice k) reads."""
        g = self.group_of(k)
        return list(range(g * self.group_channels, (g + 1) * self.group_channels))

    def weight_channel(self, weight_id: int) -> int:
        """The input channel weight ``weight_id`` multiplies."""
        key = self.weight_keys[_index("weight_id", weight_id, self.n_weights, "the weights")]
        k, c = int(key[0]), int(key[1])
        return self.group_of(k) * self.group_channels + c

    def cell(self, k: int, i: int, j: int):
        """Output cell (k, i, j), its positions and weight ids in global coordinates."""
        g = self.group_of(k)
        kl = k - g * self.group_filters
        ct = self.parts[g].cell(kl, i, j)
        shift = np.array([g * self.group_channels, 0, 0])
        id_shift = g * self.group_filters * int(np.prod(self.tap_shape))
        ids = ct.weight_ids + id_shift
        return replace(ct, k=k, positions=ct.positions + shift, input_positions=ct.input_positions + shift,
                       channels=ct.channels + shift[0], weight_ids=ids, weight_keys=self.weight_keys[ids])

    def cells(self):
        K, ho, wo = self.out_shape
        return [(k, i, j) for k in range(K) for i in range(ho) for j in range(wo)]

    def channels_read(self) -> np.ndarray:
        """(K, C) bool: which input channels every output slice reads."""
        K, C = self.out_shape[0], self.x.shape[0]
        m = np.zeros((K, C), dtype=bool)
        for k in range(K):
            m[k, self.channels_of(k)] = True
        return m

    def key_label(self, weight_id: int) -> str:
        key = self.weight_keys[_index("weight_id", weight_id, self.n_weights, "the weights")]
        k, c, u, v = (int(x) for x in key)
        return f"w{k}[{u},{v},{c}]"


def grouped_conv2d(x, weights, bias, *, groups=1, stride=1, padding=0, dilation=1,
                   strict=False) -> GroupedTrace:
    """A grouped convolution: x (C,H,W), weights (K, C/groups, FH, FW), bias (K,).

    ``groups`` and then ``conv2d``'s ``stride``, ``padding``, ``dilation`` and ``strict`` are
    keyword-only."""
    x = _as_array("x", x, _X)
    w = _as_array("weights", weights, _W)
    b = _as_array("bias", bias, ("filters",))
    C, (K, cg_w, fh, fw) = x.shape[0], w.shape
    g = _check_groups(groups, C, K)
    cg, kg = C // g, K // g
    if cg_w != cg:
        raise ValueError(f"weights has shape {w.shape}: {cg_w} channels, but groups={g} gives each filter"
                         f" {cg} of x's {C} channels (channels / groups)")
    if b.shape != (K,):
        raise ValueError(f"bias must have shape ({K},), one per filter; got {b.shape}")
    _refuse_overflow(f"{cg * fh * fw} products", cg * fh * fw, ("x", x), ("weights", w), ("bias", b))
    parts = [conv2d(x[n * cg:(n + 1) * cg], w[n * kg:(n + 1) * kg], b[n * kg:(n + 1) * kg],
                    stride=stride, padding=padding, dilation=dilation, strict=strict) for n in range(g)]
    return GroupedTrace(x, w, b, groups=g, parts=parts)


def depthwise_conv2d(x, weights, bias, *, stride=1, padding=0, dilation=1, strict=False) -> GroupedTrace:
    """Depthwise: groups = channels, each channel its own 2-D filter(s): weights (C*m, 1, FH, FW).
    ``stride``, ``padding``, ``dilation`` and ``strict`` are keyword-only."""
    x = _as_array("x", x, _X)
    w = _as_array("weights", weights, _W)
    C = x.shape[0]
    if w.shape[0] % C or w.shape[1] != 1:
        raise ValueError(f"weights has shape {w.shape}: a depthwise layer over x's {C} channels takes"
                         f" (C*m, 1, FH, FW) weights, m filters of one channel each per channel")
    return grouped_conv2d(x, w, bias, groups=C, stride=stride, padding=padding, dilation=dilation,
                          strict=strict)


@dataclass(frozen=True)
class SeparableTrace:
    """A depthwise-separable block: ``depthwise`` (a GroupedTrace), then ``pointwise`` (a 1x1
    Trace over the depthwise output). ``output`` is the pointwise step's."""

    depthwise: GroupedTrace
    pointwise: Trace

    @property
    def output(self) -> np.ndarray:
        return self.pointwise.output

    @property
    def n_weights(self) -> int:
        return self.depthwise.n_weights + self.pointwise.n_weights

    @property
    def n_biases(self) -> int:
        return self.depthwise.n_biases + self.pointwise.n_biases


def separable_conv2d(x, depthwise_weights, depthwise_bias, pointwise_weights, pointwise_bias, *,
                     stride=1, padding=0, dilation=1, strict=False) -> SeparableTrace:
    """Depthwise (weights (C*m, 1, FH, FW), bias (C*m,)) then pointwise (weights (K, C*m, 1, 1),
    bias (K,)); ``stride``, ``padding``, ``dilation`` and ``strict`` (the depthwise step's) are
    keyword-only."""
    x = _as_array("x", x, _X)
    dw_w = _as_array("depthwise_weights", depthwise_weights, _W)
    dw_b = _as_array("depthwise_bias", depthwise_bias, ("filters",))
    pw_w = _as_array("pointwise_weights", pointwise_weights, _W)
    pw_b = _as_array("pointwise_bias", pointwise_bias, ("filters",))
    C, M, K = x.shape[0], dw_w.shape[0], pw_w.shape[0]
    if M % C or dw_w.shape[1] != 1:
        raise ValueError(f"depthwise_weights has shape {dw_w.shape}: over x's {C} channels it must be"
                         f" (C*m, 1, FH, FW), m filters of one channel each per channel")
    if dw_b.shape != (M,):
        raise ValueError(f"depthwise_bias must have shape ({M},), one per depthwise filter;"
                         f" got {dw_b.shape}")
    if pw_w.shape[1:] != (M, 1, 1):
        raise ValueError(f"pointwise_weights has shape {pw_w.shape}: it must be 1x1 over the {M} depthwise"
                         f" outputs, shape ({K}, {M}, 1, 1)")
    if pw_b.shape != (K,):
        raise ValueError(f"pointwise_bias must have shape ({K},), one per pointwise filter;"
                         f" got {pw_b.shape}")
    fh, fw = dw_w.shape[2:]
    _refuse_overflow(f"{fh * fw} products", fh * fw, ("x", x), ("depthwise_weights", dw_w),
                     ("depthwise_bias", dw_b))
    dw = depthwise_conv2d(x, dw_w, dw_b, stride=stride, padding=padding, dilation=dilation, strict=strict)
    _refuse_overflow(f"{M} products", M, ("the depthwise output", dw.output), ("pointwise_weights", pw_w),
                     ("pointwise_bias", pw_b))
    return SeparableTrace(dw, conv2d(dw.output, pw_w, pw_b))


# ---- parameter counts -----------------------------------------------------------------------------

def variant_param_counts(channels: int, filters: int, kernel_size: int, *, groups: int = 1,
                         depth_multiplier: int = 1) -> dict[str, dict]:
    """Weights and biases of every variant of one layer (``channels`` in, ``filters`` out, a
    ``kernel_size`` square kernel), by formula in Python integers (exact at any size).
    Dilation and transposition change where the weights are used, not how many there are.
    ``separable`` also gives its two steps. ``groups`` and ``depth_multiplier`` are keyword-only."""
    c, k, f, m = (_check_int(name, v, 1) for name, v in (
        ("channels", channels), ("filters", filters), ("kernel_size", kernel_size),
        ("depth_multiplier", depth_multiplier)))
    g = _check_groups(groups, c, k)
    std = (k * c * f * f, k)
    dw = (c * m * f * f, c * m)
    pw = (k * c * m, k)
    counts = {
        "standard": std,
        "dilated": std,
        "transposed": (c * k * f * f, k),          # c in, k out: the same weight tensor, transposed
        "grouped": (k * (c // g) * f * f, k),
        "depthwise": dw,
        "pointwise": (k * c, k),
        "separable": (dw[0] + pw[0], dw[1] + pw[1]),
    }
    out = {name: {"weights": w, "biases": b, "total": w + b} for name, (w, b) in counts.items()}
    out["separable"]["steps"] = {"depthwise": {"weights": dw[0], "biases": dw[1], "total": sum(dw)},
                                 "pointwise": {"weights": pw[0], "biases": pw[1], "total": sum(pw)}}
    return out


__all__ = ["receptive_field", "example_grouped", "example_separable", "example_transposed", "GroupedTrace", "SeparableTrace", "Stamp", "TransposedCell", "TransposedTrace", "VARIANTS",
           "conv_transpose2d", "depthwise_conv2d", "grouped_conv2d", "matching_conv",
           "separable_conv2d", "transposed_output_size", "variant_param_counts"]


# ---- example layers from the parameter file (cnncore.params.LayerParams) ---------------------------

def _draw(seed, lo_hi, shape, stream):
    rng = np.random.default_rng([seed, stream])
    return rng.integers(lo_hi[0], lo_hi[1] + 1, size=shape, dtype=np.int64)


def _input(p, shape):
    """The input of ``p``: explicit where its shape fits, else drawn as ``example_layer`` draws it
    (so a variant and the plain layer of the same parameters read the same input)."""
    if p.input is not None and np.shape(p.input) == shape:
        return np.asarray(p.input, dtype=np.int64)
    lo, hi = p.input_range
    return np.random.default_rng(p.seed).integers(lo, hi + 1, size=shape, dtype=np.int64)


def example_transposed(p) -> TransposedTrace:
    """``p.channels`` input channels of ``p.input_size`` squared, ``p.filters`` output channels;
    weights (channels, filters, k, k) drawn from ``p.seed`` (or ``p.weights`` when that shape)."""
    x = _input(p, (p.channels, p.input_size, p.input_size))
    wshape = (p.channels, p.filters, p.kernel_size, p.kernel_size)
    w = (np.asarray(p.weights, dtype=np.int64) if p.weights is not None and np.shape(p.weights) == wshape
         else _draw(p.seed, p.weight_range, wshape, 1))
    b = (np.asarray(p.biases, dtype=np.int64) if p.biases is not None and np.shape(p.biases) == (p.filters,)
         else np.zeros(p.filters, dtype=np.int64))
    return conv_transpose2d(x, w, b, stride=p.stride, padding=p.padding, dilation=p.dilation,
                            output_padding=p.output_padding)


def example_grouped(p) -> GroupedTrace:
    """The grouped layer of ``p`` (``p.groups``): weights (filters, channels / groups, k, k)."""
    x = _input(p, (p.channels, p.input_size, p.input_size))
    w = _draw(p.seed, p.weight_range, (p.filters, p.channels // p.groups, p.kernel_size, p.kernel_size), 1)
    b = (np.asarray(p.biases, dtype=np.int64) if p.biases is not None and np.shape(p.biases) == (p.filters,)
         else np.zeros(p.filters, dtype=np.int64))
    return grouped_conv2d(x, w, b, groups=p.groups, stride=p.stride, padding=p.padding,
                          dilation=p.dilation, strict=p.strict)


def example_separable(p, seed_offset: int = 0) -> SeparableTrace:
    """A depthwise-separable block on ``p``'s input: one k x k filter per channel, then
    ``p.filters`` 1x1 filters over the channels (biases zero)."""
    x = _input(p, (p.channels, p.input_size, p.input_size))
    dw = _draw(p.seed, p.weight_range, (p.channels, 1, p.kernel_size, p.kernel_size), 2)
    pw = _draw(p.seed, p.weight_range, (p.filters, p.channels, 1, 1), 3)
    return separable_conv2d(x, dw, np.zeros(p.channels, dtype=np.int64), pw,
                            np.zeros(p.filters, dtype=np.int64), stride=p.stride, padding=p.padding,
                            dilation=p.dilation, strict=p.strict)


def receptive_field(trace) -> tuple[int, int]:
    """(rows, columns) of input one output cell of a shared layer reads: d(k-1)+1 per side,
    measured from the trace's own tap positions."""
    if not isinstance(trace, Trace):
        raise TypeError(f"trace must be a Trace (from conv2d), got {type(trace).__name__}")
    pos = trace.positions[0, 0]
    return (int(pos[:, 1].max() - pos[:, 1].min() + 1), int(pos[:, 2].max() - pos[:, 2].min() + 1))
