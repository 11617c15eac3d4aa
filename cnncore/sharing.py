"""How much a layer shares, read off its trace: weight reuse, and the weights output cells have
in common. Pure numpy; scenes print these numbers instead of computing them.

* ``reuse(trace)``              -- how many weights, how often each is used, how many
                                   multiplications in all ("9 weights, each used 25 times").
* ``weight_overlap(trace, a, b)`` -- the weights two output cells ``(k, i, j)`` both use
                                   ("same 27 weights" / "0 weights in common").
* ``slice_weights(trace, k)``   -- the weights the neurons of output depth slice ``k`` use, and
                                   whether every neuron of the slice uses the same set.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Reuse:
    """Weight reuse over a whole layer (padding taps count as uses: the weight still multiplies)."""

    n_weights: int
    uses_min: int     # the least-used weight's number of multiplications
    uses_max: int     # the most-used weight's
    total_uses: int   # multiplications in the whole layer

    @property
    def uniform(self) -> bool:
        """True when every weight is used equally often (always, for a convolution)."""
        return self.uses_min == self.uses_max


def reuse(trace) -> Reuse:
    counts = np.asarray(trace.use_counts)
    return Reuse(int(trace.n_weights), int(counts.min()), int(counts.max()), int(counts.sum()))


@dataclass(frozen=True)
class Overlap:
    """The weight identities of two output cells and what they have in common."""

    a: tuple
    b: tuple
    ids_a: np.ndarray    # sorted distinct weight ids output cell a uses
    ids_b: np.ndarray
    common: np.ndarray   # sorted ids both use

    @property
    def n_a(self) -> int:
        return len(self.ids_a)

    @property
    def n_b(self) -> int:
        return len(self.ids_b)

    @property
    def n_common(self) -> int:
        return len(self.common)

    @property
    def same(self) -> bool:
        """True when both cells use exactly the same set of weights."""
        return bool(np.array_equal(self.ids_a, self.ids_b))


def _cell_ids(trace, cell) -> np.ndarray:
    k, i, j = (int(v) for v in cell)
    K, ho, wo = trace.out_shape
    if not (0 <= k < K and 0 <= i < ho and 0 <= j < wo):
        raise IndexError(f"output cell {(k, i, j)} is outside the output {trace.out_shape}")
    return np.unique(trace.weight_ids[k, i, j])


def weight_overlap(trace, a, b) -> Overlap:
    """The weights output cells ``a`` and ``b`` (each ``(k, i, j)``) share."""
    ids_a, ids_b = _cell_ids(trace, a), _cell_ids(trace, b)
    return Overlap(tuple(int(v) for v in a), tuple(int(v) for v in b), ids_a, ids_b,
                   np.intersect1d(ids_a, ids_b))


@dataclass(frozen=True)
class SliceWeights:
    """The weights used by the neurons of one output depth slice."""

    k: int
    n_neurons: int
    ids: np.ndarray      # sorted distinct ids used anywhere in the slice
    all_same: bool       # every neuron of the slice uses exactly ``ids``

    @property
    def n_weights(self) -> int:
        return len(self.ids)


def slice_weights(trace, k: int) -> SliceWeights:
    K, ho, wo = trace.out_shape
    if not 0 <= k < K:
        raise IndexError(f"k={k} is outside the output depth (0..{K - 1})")
    per_cell = trace.weight_ids[k].reshape(ho * wo, -1)
    ids = np.unique(per_cell)
    all_same = all(np.array_equal(np.unique(row), ids) for row in per_cell)
    return SliceWeights(int(k), ho * wo, ids, bool(all_same))


__all__ = ["Overlap", "Reuse", "SliceWeights", "reuse", "slice_weights", "weight_overlap"]
