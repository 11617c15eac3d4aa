"""A convolution layer computed together with its trace.

The trace records, for every output cell ``(k, i, j)``, which input positions were read
(including which of them are padding), which weights by identity multiplied them, the
products, the per-channel partial sums, the bias and the total. Scenes draw from it and
do no arithmetic of their own.

Three modes share one representation, so contrast views are the same code:

* ``shared``  -- a convolution: weight ``(k, c, u, v)`` is reused at every position;
* ``local``   -- locally connected: the same windows, but a distinct weight
  ``(k, i, j, c, u, v)`` at every output position (nothing shared);
* ``dense``   -- fully connected: every input ``(c, r, s)`` reaches every output cell
  through its own weight ``(k, i, j, c, r, s)``.

Every output cell has the same number ``T`` of *taps* (input x weight pairs). Tap ``t`` of a
shared or local layer is filter position ``(c, u, v)`` in C order, so per-tap arrays reshape
to ``trace.tap_shape``; for a dense layer a tap is an input position ``(c, r, s)``.

Numbers are computed exactly or refused. Whole numbers of any integer dtype (int8, uint8,
int16, ...) are widened to int64 before anything is multiplied, so nothing wraps around, and a
layer whose largest possible sum (taps x max|x| x max|w| + max|bias|) would not fit in int64 is
refused; real numbers are computed in float64 (or wider). Booleans, complex numbers, objects and
strings are refused. Every array must have every dimension at least 1.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .geometry import GeometryError, _check_int, output_size

MODES = ("shared", "local", "dense")


def _pair(name: str, value) -> tuple[int, int]:
    # Checked, not int()-cast: stride 1.5 or True must be refused, not silently become 1.
    lo = 0 if name == "padding" else 1
    if isinstance(value, (tuple, list)):
        if len(value) != 2:
            raise GeometryError(f"{name}={value!r} is not allowed: give one number or a (rows, cols) pair")
        return _check_int(name, value[0], lo), _check_int(name, value[1], lo)
    return _check_int(name, value, lo), _check_int(name, value, lo)


@dataclass(frozen=True)
class CellTrace:
    """Everything that made output cell ``(k, i, j)``; per-tap arrays have length ``T``."""

    k: int
    i: int
    j: int
    positions: np.ndarray       # (T, 3) input coordinates (c, r, s) in the padded input
    input_positions: np.ndarray  # (T, 3) the same in unpadded coordinates (padding: outside 0..H-1)
    is_padding: np.ndarray      # (T,) bool
    weight_ids: np.ndarray      # (T,) weight identities (index into trace.weight_keys)
    weight_keys: np.ndarray     # (T, d) the identity tuples, e.g. (k, c, u, v)
    weight_values: np.ndarray   # (T,)
    inputs: np.ndarray          # (T,) input values (0 on padding)
    products: np.ndarray        # (T,)
    channels: np.ndarray        # (T,) the input channel of each tap
    partial_sums: np.ndarray    # (C,) sum of the products of each channel
    bias: object
    bias_id: int
    total: object


@dataclass(frozen=True)
class Contribution:
    """One use of a weight: at output cell (k, i, j) it multiplied the input at ``position``."""

    k: int
    i: int
    j: int
    position: tuple[int, int, int]  # (c, r, s), padded coordinates
    input: object
    upstream: object
    value: object  # input * upstream: this use's share of the weight's gradient


@dataclass(frozen=True)
class Gradient:
    """Gradients of every weight and bias for one upstream gradient over the output."""

    trace: "Trace"
    upstream: np.ndarray  # (K, Ho, Wo)
    weights: np.ndarray   # (n_weights,) dL/dw by weight id: the sum over every use
    bias: np.ndarray      # (n_biases,) dL/db by bias id

    def contributions(self, weight_id: int) -> list[Contribution]:
        """Every use of ``weight_id``, in output order; their ``value``s add up to ``weights[weight_id]``."""
        t = self.trace
        ks, ii, jj, taps = np.nonzero(t.weight_ids == weight_id)
        out = []
        for k, i, j, tap in zip(ks, ii, jj, taps):
            pos = tuple(int(v) for v in t.positions[i, j, tap])
            x = t.inputs[i, j, tap].item()
            g = self.upstream[k, i, j].item()
            out.append(Contribution(int(k), int(i), int(j), pos, x, g, x * g))
        return out


class LayerShapes:
    """Shapes and counts every computed layer reports the same way: needs ``x``, ``output``,
    ``weight_values`` and ``bias_values``."""

    @property
    def out_shape(self) -> tuple[int, int, int]:
        return self.output.shape

    @property
    def in_shape(self) -> tuple[int, int, int]:
        return self.x.shape

    @property
    def n_weights(self) -> int:
        return len(self.weight_values)

    @property
    def n_biases(self) -> int:
        return len(self.bias_values)

    def param_count(self) -> dict[str, int]:
        return {"weights": self.n_weights, "biases": self.n_biases,
                "total": self.n_weights + self.n_biases}


class Trace(LayerShapes):
    """A layer's output and the provenance of every output cell."""

    def __init__(self, *, mode, x, x_padded, padding, stride, dilation, tap_shape, positions,
                 weight_ids, weight_keys, weight_values, bias_ids, bias_values, output):
        self.mode = mode
        self.x = x                      # (C, H, W)
        self.x_padded = x_padded        # (C, Hp, Wp)
        self.padding = padding          # (ph, pw)
        self.stride = stride
        self.dilation = dilation
        self.tap_shape = tap_shape      # (C, FH, FW) or, dense, (C, H, W)
        self.positions = positions      # (Ho, Wo, T, 3) padded coordinates of every tap
        self.weight_ids = weight_ids    # (K, Ho, Wo, T)
        self.weight_keys = weight_keys  # (n_weights, d)
        self.weight_values = weight_values  # (n_weights,)
        self.bias_ids = bias_ids        # (K, Ho, Wo)
        self.bias_values = bias_values  # (n_biases,)
        self.output = output            # (K, Ho, Wo), computed vectorised, independently of the taps

    # ---- per-tap arrays -------------------------------------------------------------------
    @cached_property
    def is_padding(self) -> np.ndarray:
        """(Ho, Wo, T): True where a tap reads a padding cell."""
        _, h, w = self.x.shape
        ph, pw = self.padding
        r = self.positions[..., 1] - ph
        s = self.positions[..., 2] - pw
        return (r < 0) | (r >= h) | (s < 0) | (s >= w)

    @cached_property
    def inputs(self) -> np.ndarray:
        """(Ho, Wo, T): the input value each tap read (0 on padding)."""
        p = self.positions
        return self.x_padded[p[..., 0], p[..., 1], p[..., 2]]

    @cached_property
    def products(self) -> np.ndarray:
        """(K, Ho, Wo, T): weight x input for every tap."""
        return self.weight_values[self.weight_ids] * self.inputs[None]

    @cached_property
    def tap_channels(self) -> np.ndarray:
        """(T,): the input channel of every tap."""
        return self.positions[0, 0, :, 0]

    @cached_property
    def partial_sums(self) -> np.ndarray:
        """(K, Ho, Wo, C): the sum of each channel's products."""
        k, ho, wo, t = self.products.shape
        c = self.x.shape[0]
        return self.products.reshape(k, ho, wo, c, t // c).sum(-1)

    @property
    def bias(self) -> np.ndarray:
        """(K, Ho, Wo): the bias value added at every output cell."""
        return self.bias_values[self.bias_ids]

    # ---- one output cell ----------------------------------------------------------------------
    def cell(self, k: int, i: int, j: int) -> CellTrace:
        K, ho, wo = self.out_shape
        for name, v, n in (("k", k, K), ("i", i, ho), ("j", j, wo)):
            if not 0 <= v < n:
                raise IndexError(f"{name}={v} is outside the output (0..{n - 1})")
        pos = self.positions[i, j]
        ids = self.weight_ids[k, i, j]
        ph, pw = self.padding
        return CellTrace(
            k=k, i=i, j=j,
            positions=pos,
            input_positions=pos - np.array([0, ph, pw]),
            is_padding=self.is_padding[i, j],
            weight_ids=ids,
            weight_keys=self.weight_keys[ids],
            weight_values=self.weight_values[ids],
            inputs=self.inputs[i, j],
            products=self.products[k, i, j],
            channels=self.tap_channels,
            partial_sums=self.partial_sums[k, i, j],
            bias=self.bias[k, i, j].item(),
            bias_id=int(self.bias_ids[k, i, j]),
            total=self.output[k, i, j].item(),
        )

    def cells(self):
        """All output cells in the order a sweep visits them: slice by slice, row by row."""
        K, ho, wo = self.out_shape
        return [(k, i, j) for k in range(K) for i in range(ho) for j in range(wo)]

    # ---- whole-layer views ------------------------------------------------------------------
    @cached_property
    def usage(self) -> np.ndarray:
        """(C, Hp, Wp, n_weights) bool: which weights each padded input position was multiplied by."""
        c, hp, wp = self.x_padded.shape
        use = np.zeros((c, hp, wp, self.n_weights), dtype=bool)
        pos = np.broadcast_to(self.positions[None], self.weight_ids.shape + (3,))
        use[pos[..., 0], pos[..., 1], pos[..., 2], self.weight_ids] = True
        return use

    def weight_ids_at(self, c: int, r: int, s: int) -> np.ndarray:
        """Sorted ids of every weight that input position (c, r, s) (padded coordinates) met."""
        return np.flatnonzero(self.usage[c, r, s])

    def weight_uses(self, weight_id: int) -> np.ndarray:
        """(n, 4) rows (k, i, j, tap): every place weight ``weight_id`` was used."""
        return np.argwhere(self.weight_ids == weight_id)

    @cached_property
    def use_counts(self) -> np.ndarray:
        """(n_weights,): how many multiplications each weight took part in."""
        return np.bincount(self.weight_ids.ravel(), minlength=self.n_weights)

    def unrolled(self) -> np.ndarray:
        """The layer as a (K*Ho*Wo) x (C*H*W) matrix of weight ids, -1 where empty.

        Padding taps multiply zeros and are left out. In shared mode the same id repeats along
        diagonals (doubly block Toeplitz).
        """
        K, ho, wo = self.out_shape
        c, h, w = self.x.shape
        ph, pw = self.padding
        m = np.full((K * ho * wo, c * h * w), -1, dtype=np.int64)
        shape = self.weight_ids.shape
        p = self.positions
        cols = (p[..., 0] * h + (p[..., 1] - ph)) * w + (p[..., 2] - pw)
        rows = np.broadcast_to(np.arange(K * ho * wo).reshape(K, ho, wo, 1), shape)
        real = np.broadcast_to(~self.is_padding[None], shape)
        m[rows[real], np.broadcast_to(cols[None], shape)[real]] = self.weight_ids[real]
        return m

    def unrolled_values(self) -> np.ndarray:
        """The unrolled matrix with weight values (0 where empty)."""
        ids = self.unrolled()
        vals = np.where(ids >= 0, self.weight_values[np.maximum(ids, 0)], 0)
        return vals.astype(self.weight_values.dtype)

    def weight_gradient(self, upstream) -> Gradient:
        """dL/dw for every weight: the sum, over every use, of upstream gradient x input."""
        g = _exact_dtype("upstream", _array("upstream", upstream))
        if g.shape != self.out_shape:
            raise ValueError(f"upstream has shape {g.shape}; the output has shape {self.out_shape}")
        if g.dtype.kind == "i":  # sums of up to ``uses`` terms upstream x input, or upstream alone
            uses = max(int(self.use_counts.max()), int(np.bincount(self.bias_ids.ravel()).max()))
            mx = _magnitude(self.x) if self.x.dtype.kind == "i" else 1
            if uses * _magnitude(g) * max(mx, 1) > _INT64_MAX:
                raise ValueError(f"upstream is too large to compute exactly: {uses} uses of"
                                 f" |upstream| <= {_magnitude(g)} times |x| <= {mx} could leave"
                                 " int64 (2**63 - 1)")
        contrib = g[..., None] * self.inputs[None]
        gw = np.zeros(self.n_weights, dtype=contrib.dtype)
        np.add.at(gw, self.weight_ids.ravel(), contrib.ravel())
        gb = np.zeros(self.n_biases, dtype=g.dtype)
        np.add.at(gb, self.bias_ids.ravel(), g.ravel())
        return Gradient(self, g, gw, gb)

    def key_label(self, weight_id: int) -> str:
        """Short label of a weight, e.g. ``w0[1,2,0]`` (filter 0, channel 1, row 2, column 0)."""
        key = [int(v) for v in self.weight_keys[weight_id]]
        return f"w{key[0]}[{','.join(map(str, key[1:]))}]"


# ---- building layers ---------------------------------------------------------------------------

def _window_positions(c, hp, wp, ho, wo, fh, fw, stride, dilation) -> np.ndarray:
    """(Ho, Wo, C*FH*FW, 3): padded coordinates read by every tap of every window."""
    sh, sw = stride
    dh, dw = dilation
    cc, uu, vv = np.meshgrid(np.arange(c), np.arange(fh), np.arange(fw), indexing="ij")
    ii, jj = np.meshgrid(np.arange(ho), np.arange(wo), indexing="ij")
    r = ii[..., None] * sh + (uu.ravel() * dh)[None, None]
    s = jj[..., None] * sw + (vv.ravel() * dw)[None, None]
    ch = np.broadcast_to(cc.ravel(), r.shape)
    return np.stack([ch, r, s], axis=-1)


def _keys(shape) -> np.ndarray:
    return np.stack(np.unravel_index(np.arange(int(np.prod(shape))), shape), axis=-1)


def _geometry(x, fh, fw, stride, padding, dilation, strict):
    c, h, w = x.shape
    ph, pw = padding
    ho = output_size(h, fh, ph, stride[0], dilation[0], strict, axis="rows")
    wo = output_size(w, fw, pw, stride[1], dilation[1], strict, axis="columns")
    xp = np.pad(x, ((0, 0), (ph, ph), (pw, pw)))
    return ho, wo, xp


def _windows(xp, fh, fw, ho, wo, stride, dilation) -> np.ndarray:
    """(C, Ho, Wo, FH, FW) strided view of every window (no copy, no Python loop)."""
    sh, sw = stride
    dh, dw = dilation
    span_h, span_w = dh * (fh - 1) + 1, dw * (fw - 1) + 1
    v = sliding_window_view(xp, (span_h, span_w), axis=(1, 2))[:, ::sh, ::sw, ::dh, ::dw]
    return v[:, :ho, :wo]


_INT64_MAX = int(np.iinfo(np.int64).max)

# The dimensions of every array argument, named in errors.
_X = ("channels", "rows", "columns")
_LOCAL = ("filters", "output rows", "output columns", "channels", "kernel rows", "kernel columns")


def _array(name, value) -> np.ndarray:
    try:
        return np.asarray(value)
    except (ValueError, TypeError) as e:  # a ragged nested list
        raise ValueError(f"{name} must be a regular array of numbers: {e}") from None


def _exact_dtype(name, a: np.ndarray) -> np.ndarray:
    """``a`` in a dtype products and sums cannot wrap around in: int64 for every integer dtype,
    float64 for narrower floats; ValueError for anything that is not a real number."""
    kind = a.dtype.kind
    if kind in "iu":
        if kind == "u" and a.dtype.itemsize >= 8 and a.size and int(a.max()) > _INT64_MAX:
            raise ValueError(f"{name} holds {int(a.max())}, more than int64 holds (2**63 - 1):"
                             " too large to compute exactly")
        return a.astype(np.int64, copy=False)
    if kind == "f":
        return a.astype(np.float64, copy=False) if a.dtype.itemsize < 8 else a
    what = {"b": "booleans", "c": "complex numbers", "O": "Python objects", "U": "strings",
            "S": "bytes"}.get(kind, f"dtype {a.dtype}")
    raise ValueError(f"{name} must hold whole or real numbers, got {what} (dtype {a.dtype})")


def _as_array(name, value, dims) -> np.ndarray:
    """``value`` as an array with one dimension per name in ``dims``, none of them empty, in an
    exact dtype (see ``_exact_dtype``)."""
    a = _array(name, value)
    if a.ndim != len(dims):
        raise ValueError(f"{name} must have {len(dims)} dimensions ({', '.join(dims)}),"
                         f" got shape {a.shape}")
    for size, dim in zip(a.shape, dims):
        if size == 0:
            raise ValueError(f"{name} has shape {a.shape}: its {dim} dimension is 0;"
                             " every dimension must be at least 1")
    return _exact_dtype(name, a)


def _magnitude(a: np.ndarray) -> int:
    return max(abs(int(a.min())), abs(int(a.max())))


def _refuse_overflow(what: str, terms: int, a, b, c=None) -> None:
    """Refuse whole numbers whose sums could leave int64: ``terms`` products of ``a`` and ``b``
    (each ``(name, array)``) plus ``c``. Checked in Python integers, which cannot overflow."""
    arrays = [a, b] + ([c] if c is not None else [])
    if any(arr.dtype.kind != "i" for _, arr in arrays[:2]):
        return  # a real factor: the products are float64, which does not wrap around
    bound = terms * _magnitude(a[1]) * _magnitude(b[1])
    if c is not None and c[1].dtype.kind == "i":
        bound += _magnitude(c[1])
    if bound > _INT64_MAX:
        names = ", ".join(name for name, _ in arrays[:-1]) + " and " + arrays[-1][0]
        raise ValueError(f"{names} are too large to compute exactly: {what} of |{a[0]}| <= "
                         f"{_magnitude(a[1])} and |{b[0]}| <= {_magnitude(b[1])}"
                         + (f" plus |{c[0]}| <= {_magnitude(c[1])}" if c is not None else "")
                         + f" could reach {bound}, beyond int64 (2**63 - 1)")


def conv2d(x, weights, bias, *, stride=1, padding=0, dilation=1, strict=False) -> Trace:
    """A convolution (cross-correlation, as in CNNs): x (C,H,W), weights (K,C,FH,FW), bias (K,).

    ``stride``, ``padding`` and ``dilation`` (one number, or a (rows, columns) pair) and
    ``strict`` are keyword-only, in the same order as ``conv1d``'s.
    """
    x = _as_array("x", x, _X)
    w = _as_array("weights", weights, ("filters", "channels", "kernel rows", "kernel columns"))
    b = _as_array("bias", bias, ("filters",))
    K, c, fh, fw = w.shape
    if c != x.shape[0]:
        raise ValueError(f"weights has shape {w.shape}: {c} channels, but x has {x.shape[0]}"
                         f" (shape {x.shape})")
    if b.shape != (K,):
        raise ValueError(f"bias must have shape ({K},), one per filter; got {b.shape}")
    _refuse_overflow(f"{c * fh * fw} products", c * fh * fw, ("x", x), ("weights", w), ("bias", b))
    stride, padding, dilation = _pair("stride", stride), _pair("padding", padding), _pair("dilation", dilation)
    ho, wo, xp = _geometry(x, fh, fw, stride, padding, dilation, strict)
    win = _windows(xp, fh, fw, ho, wo, stride, dilation)
    out = np.einsum("cijuv,kcuv->kij", win, w) + b[:, None, None]
    T = c * fh * fw
    ids = np.broadcast_to((np.arange(K)[:, None] * T + np.arange(T))[:, None, None, :], (K, ho, wo, T))
    return Trace(
        mode="shared", x=x, x_padded=xp, padding=padding, stride=stride, dilation=dilation,
        tap_shape=(c, fh, fw),
        positions=_window_positions(c, *xp.shape[1:], ho, wo, fh, fw, stride, dilation),
        weight_ids=np.ascontiguousarray(ids), weight_keys=_keys(w.shape), weight_values=w.ravel(),
        bias_ids=np.broadcast_to(np.arange(K)[:, None, None], (K, ho, wo)), bias_values=b,
        output=out,
    )


def locally_connected2d(x, weights, bias, *, stride=1, padding=0, dilation=1, strict=False) -> Trace:
    """Convolution's windows with nothing shared: weights (K,Ho,Wo,C,FH,FW), bias (K,Ho,Wo)."""
    x = _as_array("x", x, _X)
    w = _as_array("weights", weights, _LOCAL)
    b = _as_array("bias", bias, _LOCAL[:3])
    K, ho_w, wo_w, c, fh, fw = w.shape
    _refuse_overflow(f"{c * fh * fw} products", c * fh * fw, ("x", x), ("weights", w), ("bias", b))
    stride, padding, dilation = _pair("stride", stride), _pair("padding", padding), _pair("dilation", dilation)
    ho, wo, xp = _geometry(x, fh, fw, stride, padding, dilation, strict)
    if (ho_w, wo_w) != (ho, wo) or c != x.shape[0] or b.shape != (K, ho, wo):
        raise ValueError(f"locally connected weights must have shape {(K, ho, wo, x.shape[0], fh, fw)}"
                         f" and bias {(K, ho, wo)}; got {w.shape} and {b.shape}")
    win = _windows(xp, fh, fw, ho, wo, stride, dilation)
    out = np.einsum("cijuv,kijcuv->kij", win, w) + b
    T = c * fh * fw
    return Trace(
        mode="local", x=x, x_padded=xp, padding=padding, stride=stride, dilation=dilation,
        tap_shape=(c, fh, fw),
        positions=_window_positions(c, *xp.shape[1:], ho, wo, fh, fw, stride, dilation),
        weight_ids=np.arange(w.size).reshape(K, ho, wo, T), weight_keys=_keys(w.shape),
        weight_values=w.ravel(), bias_ids=np.arange(b.size).reshape(b.shape), bias_values=b.ravel(),
        output=out,
    )


def fully_connected(x, weights, bias) -> Trace:
    """Every input reaches every output cell: weights (K,Ho,Wo,C,H,W), bias (K,Ho,Wo)."""
    x = _as_array("x", x, _X)
    w = _as_array("weights", weights, _LOCAL[:3] + _X)
    b = _as_array("bias", bias, _LOCAL[:3])
    K, ho, wo = w.shape[:3]
    if w.shape[3:] != x.shape or b.shape != (K, ho, wo):
        raise ValueError(f"fully connected weights must have shape (K,Ho,Wo)+{x.shape} and bias (K,Ho,Wo);"
                         f" got {w.shape} and {b.shape}")
    _refuse_overflow(f"{x.size} products", x.size, ("x", x), ("weights", w), ("bias", b))
    c, h, wd = x.shape
    out = np.tensordot(w, x, axes=3) + b
    T = c * h * wd
    tap = _keys(x.shape)
    return Trace(
        mode="dense", x=x, x_padded=x, padding=(0, 0), stride=(1, 1), dilation=(1, 1),
        tap_shape=x.shape,
        positions=np.ascontiguousarray(np.broadcast_to(tap, (ho, wo, T, 3))),
        weight_ids=np.arange(w.size).reshape(K, ho, wo, T), weight_keys=_keys(w.shape),
        weight_values=w.ravel(), bias_ids=np.arange(b.size).reshape(b.shape), bias_values=b.ravel(),
        output=out,
    )


def conv1d(x, weights, bias=0, *, stride=1, padding=0, dilation=1, strict=False) -> Trace:
    """A 1-D layer, inputs x_1..x_n (shape (n,)) and one kernel (F,) or K kernels (K, F), as a
    2-D layer of height 1. ``bias`` is one number (used by every kernel) or one per kernel (K,).

    ``stride``, ``padding``, ``dilation`` and ``strict`` are keyword-only, in ``conv2d``'s order;
    each is one number (along the row of inputs).
    """
    x = _array("x", x)
    if x.ndim != 1:
        raise ValueError(f"x must be a row of inputs x_1..x_n, shape (n,); got shape {x.shape}"
                         " (conv2d takes a (channels, rows, columns) input)")
    if x.size == 0:
        raise ValueError("x has shape (0,): at least one input is needed")
    w = _array("weights", weights)
    if w.ndim not in (1, 2):
        raise ValueError(f"weights must be one kernel (F,) or K kernels (K, F); got shape {w.shape}"
                         " (conv2d takes (filters, channels, rows, columns) weights)")
    w = w[None] if w.ndim == 1 else w
    if w.size == 0:
        raise ValueError(f"weights has shape {_array('weights', weights).shape}: at least one kernel"
                         " of at least one weight is needed")
    b = _array("bias", bias)
    if b.ndim == 0 or b.shape == (1,):
        b = np.repeat(b.reshape(1), w.shape[0])
    elif b.shape != (w.shape[0],):
        raise ValueError(f"bias must be one number or one per kernel, shape ({w.shape[0]},);"
                         f" got shape {b.shape}")
    for name, value in (("stride", stride), ("padding", padding), ("dilation", dilation)):
        if isinstance(value, (tuple, list)):
            raise GeometryError(f"{name}={value!r} is not allowed: a 1-D layer takes one number")
    return conv2d(x.reshape(1, 1, -1), w.reshape(w.shape[0], 1, 1, w.shape[1]), b,
                  stride=(1, stride), padding=(0, padding), dilation=(1, dilation), strict=strict)


def param_counts(channels, size, filters, kernel_size, stride=1, padding=0, dilation=1) -> dict[str, dict]:
    """Parameters of the shared, locally connected and fully connected versions of one layer.

    Computed by formula, so a realistic layer (224x224x3, 64 filters) costs nothing. Local and
    dense layers have a bias per output cell, as Keras' LocallyConnected2D does.
    """
    ho = output_size(size, kernel_size, padding, stride, dilation)
    n_out = filters * ho * ho
    per_filter = channels * kernel_size * kernel_size
    counts = {
        "shared": (filters * per_filter, filters),
        "local": (n_out * per_filter, n_out),
        "dense": (n_out * channels * size * size, n_out),
    }
    return {m: {"weights": w, "biases": b, "total": w + b} for m, (w, b) in counts.items()}
