"""The lecture's parameter file: load, validate, and hand scenes plain frozen values.

The file is TOML (``scenes/lecture.toml`` by default; ``LECTURE_PARAMS=path`` picks another).
It is validated completely before anything renders. Every error is one line naming the file,
the key, the value and what is allowed.

Layout of the file::

    [layer]                  # defaults for every scene's layer
    channels = 3 ...
    [pace]                   # timing of sweeps
    step = 0.8 ...
    [scenes.sliding_filter]  # per-scene overrides of [layer] keys
    channels = 1 ...
"""
from __future__ import annotations

import math
import os
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from .examples import example_1d, example_layer
from .geometry import GeometryError, output_size
from .trace import Trace

ENV_VAR = "LECTURE_PARAMS"

MAX_SEED = 2**32 - 1


@dataclass(frozen=True)
class Bounds:
    """The largest layer a caller accepts (the scenes pass what fits legibly on their frame)."""

    max_padded: int = 9       # input_size + 2 * padding: cells per side
    max_channels: int = 3
    max_filters: int = 3
    max_kernel: int = 5
    max_abs_value: int = 9    # inputs, weights and biases lie in -max_abs_value..max_abs_value


@dataclass(frozen=True)
class Limit:
    """A caller's own limit on a layer: ``what`` (as shown), ``value_of(layer)``, at most
    ``most``, and ``why`` (one clause, shown in the error)."""

    what: str
    value_of: object
    most: int
    why: str


class ParamError(ValueError):
    """A parameter file that cannot be rendered; the message is one line meant for the lecturer."""


@dataclass(frozen=True)
class LayerParams:
    channels: int = 3
    input_size: int = 5
    filters: int = 2
    kernel_size: int = 3
    stride: int = 2
    padding: int = 1
    dilation: int = 1
    seed: int = 0
    strict: bool = True
    input_range: tuple = (0, 2)
    weight_range: tuple = (-1, 1)
    biases: tuple | None = None
    input: tuple | None = None     # explicit values, nested tuples (C, H, W)
    weights: tuple | None = None   # explicit values, nested tuples (K, C, F, F)

    def trace(self) -> Trace:
        """The layer these parameters describe, with its full trace."""
        return example_layer(
            self.seed, channels=self.channels, input_size=self.input_size, filters=self.filters,
            kernel_size=self.kernel_size, stride=self.stride, padding=self.padding,
            dilation=self.dilation, input_range=self.input_range, weight_range=self.weight_range,
            biases=self.biases, strict=self.strict, input=self.input, weights=self.weights)

    def trace_1d(self) -> Trace:
        """The 1-D layer of these parameters: inputs x_1..x_n (n = input_size), one kernel."""
        return example_1d(self.seed, n=self.input_size, kernel_size=self.kernel_size,
                          padding=self.padding, input_range=self.input_range,
                          weight_range=self.weight_range, stride=self.stride,
                          dilation=self.dilation, strict=self.strict)

    @property
    def output_size(self) -> int:
        return output_size(self.input_size, self.kernel_size, self.padding, self.stride, self.dilation)


@dataclass(frozen=True)
class Pace:
    step: float = 0.8           # seconds per window position animated in full
    full_positions: int = 3     # positions animated in full at the start of each sweep
    fast_step: float = 0.25     # seconds per fast-forwarded position
    hold: float = 1.5           # pause at the end of a beat
    words_per_minute: float = 150.0   # a beat without audio lasts its narration at this rate
    pause: float = 0.4          # silence after each beat's narration
    voice: str = "hibari"       # narration voice: "hibari", "flite" or "none" (no audio)

    def step_time(self, index: int) -> float:
        """Run time of the ``index``-th position of a sweep (0-based)."""
        return self.step if index < self.full_positions else self.fast_step

    def in_full(self, index: int) -> bool:
        return index < self.full_positions


@dataclass(frozen=True)
class LectureParams:
    path: str
    base: LayerParams     # [layer]
    layers: dict          # table name -> LayerParams ([layer] with that table's changes)
    pace: Pace

    def layer(self, table: str) -> LayerParams:
        """The layer of one ``[scenes.<table>]`` (just ``[layer]`` if the file has no such table)."""
        return self.layers.get(table, self.base)

    def check(self, table: str, limits=()) -> None:
        """Refuse (ParamError, one line) a layer that breaks one of the caller's ``limits``."""
        p = self.layer(table)
        for lim in limits:
            value = lim.value_of(p)
            if value > lim.most:
                raise ParamError(f"{self.path}: [scenes.{table}] {lim.what} = {value}: at most {lim.most}"
                                 f" fit legibly in this scene ({lim.why})")


# ---- schema ----------------------------------------------------------------------------------
# key -> (kind, lo, hi, description)
_INT, _BOOL, _RANGE, _LIST, _ARRAY, _FLOAT = "int", "bool", "range", "list", "array", "float"
_CHOICE = "choice"   # one of the strings in lo
def layer_schema(bounds: Bounds) -> dict:
    """key -> (kind, lo, hi) of every [layer] key, within ``bounds``."""
    v = bounds.max_abs_value
    return {
        "channels": (_INT, 1, bounds.max_channels),
        "input_size": (_INT, 1, bounds.max_padded),
        "filters": (_INT, 1, bounds.max_filters),
        "kernel_size": (_INT, 1, bounds.max_kernel),
        "stride": (_INT, 1, 4),
        "padding": (_INT, 0, 2),
        "dilation": (_INT, 1, 3),
        "seed": (_INT, 0, MAX_SEED),
        "strict": (_BOOL, None, None),
        "input_range": (_RANGE, -v, v),
        "weight_range": (_RANGE, -v, v),
        "biases": (_LIST, -v, v),
        "input": (_ARRAY, -v, v),
        "weights": (_ARRAY, -v, v),
    }


LAYER_SCHEMA = layer_schema(Bounds())
PACE_SCHEMA = {
    "step": (_FLOAT, 0.05, 10.0),
    "full_positions": (_INT, 0, 1000),
    "fast_step": (_FLOAT, 0.02, 10.0),
    "hold": (_FLOAT, 0.0, 30.0),
    "words_per_minute": (_FLOAT, 60.0, 400.0),
    "pause": (_FLOAT, 0.0, 5.0),
    "voice": (_CHOICE, ("hibari", "flite", "none"), None),
}
TOP_KEYS = ("layer", "pace", "scenes")


class _Checker:
    def __init__(self, path: str):
        self.path = path

    def fail(self, where: str, value, allowed: str):
        shown = value if not isinstance(value, (list, dict)) or len(repr(value)) < 60 else f"{repr(value)[:57]}..."
        raise ParamError(f"{self.path}: {where} = {shown!r}: {allowed}")

    def unknown(self, where: str, key: str, valid):
        raise ParamError(f"{self.path}: unknown key {where}{key!r}; valid keys here: {', '.join(valid)}")

    def table(self, where: str, value, schema_keys) -> dict:
        if not isinstance(value, dict):
            self.fail(where, value, "must be a table ([section] with key = value lines)")
        for key in value:
            if key not in schema_keys:
                self.unknown(f"in [{where}]: " if where else "", key, schema_keys)
        return value

    def scalar(self, where, value, kind, lo, hi):
        if kind == _BOOL:
            if not isinstance(value, bool):
                self.fail(where, value, "must be true or false")
            return value
        if kind == _INT:
            if isinstance(value, bool) or not isinstance(value, int):
                self.fail(where, value, f"must be a whole number from {lo} to {hi}")
            if not lo <= value <= hi:
                self.fail(where, value, f"must be a whole number from {lo} to {hi}")
            return value
        if kind == _FLOAT:
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                self.fail(where, value, f"must be a finite number from {lo} to {hi}")
            if not lo <= value <= hi:
                self.fail(where, value, f"must be a number from {lo} to {hi}")
            return float(value)
        if kind == _CHOICE:
            if value not in lo:
                self.fail(where, value, f"must be one of {', '.join(map(repr, lo))}")
            return value
        raise AssertionError(kind)

    def ints(self, where, value, lo, hi, shape=None):
        """Nested lists of whole numbers in [lo, hi], of the given shape when given."""
        def walk(v, depth):
            if isinstance(v, list):
                return [walk(e, depth + 1) for e in v]
            if isinstance(v, bool) or not isinstance(v, int) or not lo <= v <= hi:
                self.fail(where, value, f"must hold whole numbers from {lo} to {hi}; found {v!r}")
            return v
        if not isinstance(value, list):
            self.fail(where, value, "must be a list of whole numbers")
        nested = walk(value, 0)
        try:
            arr = np.array(nested, dtype=np.int64)
        except ValueError:
            self.fail(where, value, "must be a regular (rectangular) array of whole numbers")
        if shape is not None and arr.shape != tuple(shape):
            want = " x ".join(map(str, shape))
            got = " x ".join(map(str, arr.shape)) or "a single number"
            self.fail(where, value, f"must have shape {want}, got {got}")
        return arr


def _to_tuple(a: np.ndarray):
    return a.item() if a.ndim == 0 else tuple(_to_tuple(e) for e in a)


def _layer(chk: _Checker, where: str, raw: dict, base: LayerParams, bounds: Bounds) -> LayerParams:
    schema = layer_schema(bounds)
    v = bounds.max_abs_value
    chk.table(where, raw, list(schema))
    vals = {}
    for key in ("channels", "input_size", "filters", "kernel_size", "stride", "padding",
                "dilation", "seed", "strict"):
        if key in raw:
            kind, lo, hi = schema[key]
            vals[key] = chk.scalar(f"[{where}] {key}", raw[key], kind, lo, hi)
    for key in ("input_range", "weight_range"):
        if key in raw:
            arr = chk.ints(f"[{where}] {key}", raw[key], -v, v, shape=(2,))
            if arr[0] > arr[1]:
                chk.fail(f"[{where}] {key}", raw[key], "must be [low, high] with low <= high")
            vals[key] = (int(arr[0]), int(arr[1]))
    p = replace(base, **vals)
    # Explicit arrays from a base table are only kept while the shapes still match.
    keep = {}
    for key, shape in (("biases", (p.filters,)),
                       ("input", (p.channels, p.input_size, p.input_size)),
                       ("weights", (p.filters, p.channels, p.kernel_size, p.kernel_size))):
        if key in raw:
            keep[key] = _to_tuple(chk.ints(f"[{where}] {key}", raw[key], -v, v, shape))
        elif getattr(p, key) is not None and np.shape(getattr(p, key)) != shape:
            keep[key] = None
    p = replace(p, **keep)
    padded = p.input_size + 2 * p.padding
    if padded > bounds.max_padded:
        chk.fail(f"[{where}] input_size + 2*padding", padded,
                 f"at most {bounds.max_padded} cells per side fit legibly on a 1080p frame"
                 f" (input_size={p.input_size}, padding={p.padding})")
    try:
        output_size(p.input_size, p.kernel_size, p.padding, p.stride, p.dilation, strict=p.strict)
    except GeometryError as e:
        raise ParamError(f"{chk.path}: [{where}] {e}") from None
    return p


def load(path, tables=(), bounds: Bounds = Bounds()) -> LectureParams:
    """Read and validate a parameter file; raise ParamError (one line) on anything wrong.

    ``tables`` names the ``[scenes.<name>]`` tables the file may hold (the caller's scenes);
    ``bounds`` the largest layer accepted."""
    path = Path(path)
    shown = str(path)
    chk = _Checker(shown)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ParamError(f"{shown}: parameter file not found (set {ENV_VAR} to an existing .toml file)") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ParamError(f"{shown}: cannot read the parameter file: {e}") from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ParamError(f"{shown}: not valid TOML: {e}") from None
    if not raw:
        raise ParamError(f"{shown}: the parameter file is empty; expected tables {', '.join('[' + k + ']' for k in TOP_KEYS)}")
    chk.table("", raw, TOP_KEYS)
    base = _layer(chk, "layer", raw.get("layer", {}), LayerParams(), bounds)
    pace_raw = chk.table("pace", raw.get("pace", {}), list(PACE_SCHEMA))
    pace = Pace(**{k: chk.scalar(f"[pace] {k}", v, *PACE_SCHEMA[k]) for k, v in pace_raw.items()})
    scenes_raw = chk.table("scenes", raw.get("scenes", {}), list(tables))
    layers = {name: _layer(chk, f"scenes.{name}", scenes_raw.get(name, {}), base, bounds) for name in tables}
    return LectureParams(shown, base, layers, pace)


__all__ = ["Bounds", "ENV_VAR", "LAYER_SCHEMA", "LayerParams", "LectureParams", "Limit", "PACE_SCHEMA",
           "Pace", "ParamError", "layer_schema", "load"]
