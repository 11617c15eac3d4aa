"""The lecture's parameter file: load, validate, and hand scenes plain frozen values.

The file is TOML (``scenes/lecture.toml`` by default; ``LECTURE_PARAMS=path`` picks another).
It is validated completely before anything renders. Every mistake is one line naming the file,
the key, the value and what is allowed; a file with several mistakes is refused with all of them
(``ParamError.lines``), except what only follows from another mistake (a wrong key is left out,
its default used, and checks of sizes together wait for the sizes to be right).

Layout of the file::

    [layer]                  # defaults for every scene's layer
    channels = 3 ...
    [pace]                   # timing of sweeps
    step = 0.8 ...
    [scenes.<name>]          # per-scene overrides of [layer] keys (the callers name the tables)
    channels = 1 ...
"""
from __future__ import annotations

import math
import os
import stat
import sys
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from .examples import example_1d, example_layer, layer_values
from .geometry import GeometryError, output_size
from .text import printable
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
    """A parameter file that cannot be rendered, for the lecturer: ``lines`` holds one line per
    mistake (in the file's order); ``str()`` is those lines joined by newlines, so one mistake
    is one line. Made from one message (split at newlines) or from a list of lines."""

    def __init__(self, message):
        lines = message.split("\n") if isinstance(message, str) else [str(m) for m in message]
        super().__init__("\n".join(lines))
        self.lines = lines


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
    input: tuple | None = None     # explicit values at identities (c, i, j), nested tuples
    weights: tuple | None = None   # explicit values at identities (k, c, u, v), nested tuples
    groups: int = 1                # grouped convolution: channels and filters split into groups
    output_padding: int = 0        # transposed convolution: extra rows/columns (< stride)
    transposed: bool = False       # the sizes describe a transposed convolution (input_size: its input)

    # Values are values at identities (cnncore.examples): ``input``, ``weights`` and ``biases``
    # give the values of the identities they hold, whatever their size (a larger array: its
    # sub-block; a smaller one, or none: the other identities are drawn from ``seed``). A layer
    # loaded from a parameter file holds all of its values (``resolved``).
    def values(self) -> tuple:
        """(x (C,H,W), w (K,C,F,F), b (K,)): every value of this layer, explicit or drawn."""
        return layer_values(self.seed, channels=self.channels, input_size=self.input_size,
                            filters=self.filters, kernel_size=self.kernel_size,
                            input_range=self.input_range, weight_range=self.weight_range,
                            biases=self.biases, input=self.input, weights=self.weights)

    def resolved(self) -> "LayerParams":
        """These parameters with every value of the layer given: ``input``, ``weights`` and
        ``biases`` of exactly its shape (the explicit ones at their identities, the rest drawn)."""
        x, w, b = self.values()
        return replace(self, input=_to_tuple(np.asarray(x)), weights=_to_tuple(np.asarray(w)),
                       biases=_to_tuple(np.asarray(b)))

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

    # ---- the variants (cnncore.variants): drawn from the seed; an explicit ``input`` is used
    # where its shape fits, explicit ``weights`` where their shape fits (a loaded layer's
    # values are resolved, so they fit its own shape).
    def transposed_trace(self):
        """The transposed convolution: ``channels`` in, ``filters`` out, input_size x input_size in."""
        from .variants import example_transposed
        return example_transposed(self)

    @property
    def transposed_output_size(self) -> int:
        from .variants import transposed_output_size
        return transposed_output_size(self.input_size, self.kernel_size, self.padding, self.stride,
                                      self.dilation, self.output_padding)

    def as_transposed(self) -> "LayerParams":
        """The transposed layer these parameters describe: themselves when ``transposed``; else the
        transpose of this convolution (from its output size back to its input size, with the
        output_padding that restores the rows its stride dropped), one channel in and out."""
        if self.transposed:
            return self
        room = self.input_size + 2 * self.padding - self.dilation * (self.kernel_size - 1) - 1
        return replace(self, transposed=True, channels=1, filters=1, groups=1, input_size=self.output_size,
                       output_padding=room % self.stride, input=None, weights=None, biases=None)

    def grouped_trace(self):
        """The grouped convolution of these parameters (``groups``; depthwise when groups = channels)."""
        from .variants import example_grouped
        return example_grouped(self)


@dataclass(frozen=True)
class Pace:
    step: float = 0.8           # seconds per window position animated in full
    full_positions: int = 3     # positions animated in full at the start of each sweep
    fast_step: float = 0.25     # seconds per fast-forwarded position
    hold: float = 1.5           # pause at the end of a beat
    words_per_minute: float = 150.0   # a beat without audio lasts its narration at this rate
    pause: float = 0.4          # silence after each beat's narration
    voice: str = "auto"         # narration voice: "auto" (the language's clearest), "hibari", "kokoro", "flite" or "none"

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
    settings: dict = field(default_factory=dict)   # table name -> {setting: value} (scenes' own settings)

    def settings_of(self, table: str) -> dict:
        """The validated values of a scene's own settings (defaults filled in; {} if it has none)."""
        return dict(self.settings.get(table, {}))

    def layer(self, table: str) -> LayerParams:
        """The layer of one ``[scenes.<table>]`` (just ``[layer]`` if the file has no such table)."""
        return self.layers.get(table, self.base)

    def check(self, table: str, limits=(), transposed: bool = False) -> None:
        """Refuse (ParamError, one line) a layer that breaks one of the caller's ``limits``, or
        whose sizes describe a transposed convolution (``transposed = true``) when the caller
        draws a convolution (``transposed=False``: only the convolution's sizes were checked)."""
        p = self.layer(table)
        if p.transposed and not transposed:
            raise ParamError(f"{printable(Path(self.path))}: [scenes.{table}] transposed = true: this scene"
                             f" draws a plain convolution (allowed: false; transposed sizes belong in"
                             f" the table of a transposed convolution)")
        for lim in limits:
            value = lim.value_of(p)
            if value > lim.most:
                raise ParamError(f"{printable(Path(self.path))}: [scenes.{table}] {lim.what} = {value}: at most {lim.most}"
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
        "groups": (_INT, 1, bounds.max_channels),
        "output_padding": (_INT, 0, 3),
        "transposed": (_BOOL, None, None),
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
    "voice": (_CHOICE, ("auto", "hibari", "kokoro", "flite", "none"), None),
}
TOP_KEYS = ("layer", "pace", "scenes")


MAX_LINES = 50   # a file with more mistakes than this shows the first ones and how many more


class _Bad(Exception):
    """A mistake, already recorded: the check of that value stops there."""


def _order(table) -> dict:
    """key -> its place in the table (the file's order: tomllib keeps it)."""
    return {k: i for i, k in enumerate(table)} if isinstance(table, dict) else {}


class _Checker:
    """Records every mistake as one line, with where it is in the file (``at``, a tuple of
    places: table, sub-table, key) so that the lines can be given in the file's order."""

    def __init__(self, path: str):
        self.path = path  # already printable (see ``printable``)
        self.found = []   # (at, number, line)
        self.at = ()

    def say(self, text: str) -> None:
        self.found.append((self.at, len(self.found), f"{self.path}: {text}"))

    def fail(self, where: str, value, allowed: str):
        self.say(f"{where} = {printable(value)}: {allowed}")
        raise _Bad

    def unknown(self, where: str, key: str, valid):
        self.say(f"unknown key {where}{printable(key)}; valid keys here: {', '.join(valid)}")

    def table(self, where: str, value, schema_keys, at: tuple) -> dict:
        """The table's known keys and values (each unknown key recorded); _Bad if not a table."""
        self.at = at
        if not isinstance(value, dict):
            self.fail(where, value, "must be a table ([section] with key = value lines)")
        known = {}
        for i, (key, v) in enumerate(value.items()):
            if key in schema_keys:
                known[key] = v
            else:
                self.at = at + (i,)
                self.unknown(f"in [{where}]: " if where else "", key, schema_keys)
        return known

    def lines(self) -> list[str]:
        """Every mistake, in the file's order (at most MAX_LINES lines)."""
        lines = [line for _, _, line in sorted(self.found, key=lambda f: f[:2])]
        if len(lines) > MAX_LINES:
            more = len(lines) - (MAX_LINES - 1)
            lines = lines[:MAX_LINES - 1] + [f"{self.path}: and {more} more mistakes (fix these first)"]
        return lines

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
            # Compared before any float() or isfinite(): a whole number of 5,000 digits is a
            # valid TOML integer that float() cannot convert.
            if isinstance(value, bool) or not isinstance(value, (int, float)) or (
                    isinstance(value, float) and not math.isfinite(value)):
                self.fail(where, value, f"must be a finite number from {lo} to {hi}")
            if not lo <= value <= hi:
                self.fail(where, value, f"must be a number from {lo} to {hi}")
            return float(value)
        if kind == _CHOICE:
            if value not in lo:
                self.fail(where, value, f"must be one of {', '.join(map(repr, lo))}")
            return value
        raise AssertionError(kind)

    def ints(self, where, value, lo, hi, shape, exact=True):
        """Nested lists of whole numbers in [lo, hi], of the given shape (``exact=False``: only
        as deeply nested, when the sizes the shape comes from are themselves wrong).

        Walked with an explicit stack, never deeper than ``len(shape)`` lists: arrays nested
        hundreds deep (which tomllib still parses) are refused with one line, not a
        RecursionError, and nothing ragged or oversized reaches numpy.
        """
        if not isinstance(value, list):
            self.fail(where, value, "must be a list of whole numbers")
        want = f"have shape {' x '.join(map(str, shape))}" if exact else f"be lists nested {len(shape)} deep"
        stack = [(value, 0)]
        while stack:
            v, depth = stack.pop()
            if isinstance(v, list):
                if depth == len(shape):
                    self.fail(where, value, f"must {want}: it is nested deeper"
                                            f" ({depth + 1} levels or more)")
                stack.extend((e, depth + 1) for e in reversed(v))
            elif isinstance(v, bool) or not isinstance(v, int) or not lo <= v <= hi:
                self.fail(where, value, f"must hold whole numbers from {lo} to {hi};"
                                        f" found {printable(v)}")
        try:
            arr = np.array(value, dtype=np.int64)
        except ValueError:
            self.fail(where, value, "must be a regular (rectangular) array of whole numbers")
        if (arr.shape != tuple(shape)) if exact else (arr.ndim != len(shape)):
            got = " x ".join(map(str, arr.shape)) or "a single number"
            self.fail(where, value, f"must {want}, got {got}")
        return arr


def _to_tuple(a: np.ndarray):
    return a.item() if a.ndim == 0 else tuple(_to_tuple(e) for e in a)


_SCALARS = ("channels", "input_size", "filters", "kernel_size", "stride", "padding", "dilation",
            "seed", "strict", "groups", "output_padding", "transposed")
_RANGES = ("input_range", "weight_range")
# array -> the keys its shape comes from
_SHAPED_BY = {"biases": ("filters",), "input": ("channels", "input_size"),
              "weights": ("filters", "channels", "kernel_size")}


def _padded(p: LayerParams, bounds: Bounds):
    padded = p.input_size + 2 * p.padding
    if padded > bounds.max_padded:
        return (f"input_size + 2*padding = {padded}: at most {bounds.max_padded} cells per side fit"
                f" legibly on a 1080p frame (input_size={p.input_size}, padding={p.padding})")


def _output_padding(p: LayerParams, bounds: Bounds):
    if p.output_padding >= p.stride:
        return (f"output_padding = {p.output_padding}: must be smaller than stride ({p.stride}): it adds"
                f" back rows a stride-{p.stride} convolution drops (allowed: 0..{p.stride - 1})")


def _output(p: LayerParams, bounds: Bounds):
    try:
        if p.transposed:
            from .variants import transposed_output_size
            transposed_output_size(p.input_size, p.kernel_size, p.padding, p.stride, p.dilation, p.output_padding)
        else:
            output_size(p.input_size, p.kernel_size, p.padding, p.stride, p.dilation, strict=p.strict)
    except GeometryError as e:
        return str(e)


def _groups(p: LayerParams, bounds: Bounds):
    if p.channels % p.groups or p.filters % p.groups:
        return (f"groups = {p.groups}: must divide both channels ({p.channels}) and filters ({p.filters}):"
                f" every group gets the same number of each")


# The checks of a layer's sizes together, in order, each with the keys it reads: it is skipped
# when one of them is in doubt (wrong, or read by a check that failed before it).
_GEOMETRY = ((("input_size", "padding"), _padded),
             (("output_padding", "stride"), _output_padding),
             (("input_size", "kernel_size", "padding", "stride", "dilation", "strict", "transposed",
               "output_padding"), _output),
             (("channels", "filters", "groups"), _groups))


def _layer(chk: _Checker, where: str, raw, base: LayerParams, bounds: Bounds, at: tuple,
           doubt_in=frozenset(), extra=()) -> tuple[LayerParams, frozenset]:
    """The layer of one table: ``base`` with the table's valid values (a wrong one is recorded
    and left out), and the keys in doubt for a table that inherits from it.

    Keys in doubt (``doubt_in``: those the table inherits from a table with mistakes) are not
    used to judge anything else: an array whose shape comes from one is checked for its values
    and nesting only, and a size check that reads one is skipped. A table with a mistake of its
    own has none of its size checks run (a misspelt key may be any key: all are in doubt).
    ``extra``: more keys the table may hold (the scene's own settings, checked elsewhere)."""
    schema = layer_schema(bounds)
    v = bounds.max_abs_value
    found = len(chk.found)
    try:
        known = chk.table(where, raw, [*schema, *extra], at)
    except _Bad:
        return base, frozenset(doubt_in)
    place = _order(raw)
    own = {k: x for k, x in known.items() if k in schema}
    doubt = set(doubt_in) - set(own)
    if len(known) < len(raw):
        doubt |= set(schema)
    vals = {}
    for key, value in own.items():
        if key not in _SCALARS and key not in _RANGES:
            continue
        chk.at = at + (place[key],)
        try:
            if key in _SCALARS:
                kind, lo, hi = schema[key]
                vals[key] = chk.scalar(f"[{where}] {key}", value, kind, lo, hi)
            else:
                arr = chk.ints(f"[{where}] {key}", value, -v, v, shape=(2,))
                if arr[0] > arr[1]:
                    chk.fail(f"[{where}] {key}", value, "must be [low, high] with low <= high")
                vals[key] = (int(arr[0]), int(arr[1]))
        except _Bad:
            doubt.add(key)
    p = replace(base, **vals)
    # Explicit arrays are values at identities: those of a base table are kept whatever this
    # table's sizes (a smaller layer takes their sub-block, a larger one draws the rest); this
    # table's own arrays (which must have its exact shape) replace them.
    keep = {}
    for key, shape in (("biases", (p.filters,)),
                       ("input", (p.channels, p.input_size, p.input_size)),
                       ("weights", (p.filters, p.channels, p.kernel_size, p.kernel_size))):
        if key in own:
            chk.at = at + (place[key],)
            exact = doubt.isdisjoint(_SHAPED_BY[key])
            try:
                arr = chk.ints(f"[{where}] {key}", own[key], -v, v, shape, exact=exact)
                keep[key] = _to_tuple(arr) if exact else None
            except _Bad:
                keep[key] = None
                doubt.add(key)
    p = replace(p, **keep)
    if len(chk.found) > found:   # a mistake here: its sizes are not judged together
        return p, frozenset(doubt | set(own))
    chk.at = at + (len(place),)
    for keys, check in _GEOMETRY:
        if doubt.isdisjoint(keys):
            problem = check(p, bounds)
            if problem:
                chk.say(f"[{where}] {problem}")
                doubt.update(keys)
    return p, frozenset(doubt)


MAX_FILE_BYTES = 1_000_000  # a parameter file is a few hundred bytes; refuse anything near this
_FILE_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
               (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
               (stat.S_ISSOCK, "a socket"))


def _reason(e: BaseException) -> str:
    """An exception's message (an OSError's strerror, without the path) on one line."""
    return printable(getattr(e, "strerror", None) or str(e) or type(e).__name__, limit=200, quote=False)


def _read_text(path: Path, shown: str) -> str:
    """The file's text, read without ever blocking: only a regular file is opened, and it is
    opened non-blocking (a FIFO swapped in after the check opens at once and reads nothing)."""
    def refuse(what):
        raise ParamError(f"{shown}: {what}") from None

    try:
        st = os.stat(path)
    except FileNotFoundError:
        refuse(f"parameter file not found (set {ENV_VAR} to an existing .toml file)")
    except (OSError, ValueError) as e:  # ValueError: a NUL byte in the path
        refuse(f"cannot read the parameter file: {_reason(e)}")
    if not stat.S_ISREG(st.st_mode):
        kind = next((name for test, name in _FILE_KINDS if test(st.st_mode)), "not a regular file")
        refuse(f"cannot read the parameter file: it is {kind}, not a regular file")
    if st.st_size > MAX_FILE_BYTES:
        refuse(f"the parameter file has {st.st_size} bytes; at most {MAX_FILE_BYTES} are read")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0)
                     | getattr(os, "O_CLOEXEC", 0))
    except (OSError, ValueError) as e:
        refuse(f"cannot read the parameter file: {_reason(e)}")
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # replaced between stat() and open()
            refuse("cannot read the parameter file: it is not a regular file")
        chunks, size = [], 0
        while size <= MAX_FILE_BYTES:
            chunk = os.read(fd, MAX_FILE_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as e:
        refuse(f"cannot read the parameter file: {_reason(e)}")
    finally:
        os.close(fd)
    if size > MAX_FILE_BYTES:
        refuse(f"the parameter file has more than {MAX_FILE_BYTES} bytes")
    data = b"".join(chunks)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        refuse(f"not UTF-8 text: byte 0x{data[e.start]:02x} at offset {e.start}")


def _parse(text: str, shown: str) -> dict:
    """tomllib.loads, with every way it can fail turned into one line."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ParamError(f"{shown}: not valid TOML: {_reason(e)}") from None
    except RecursionError:
        raise ParamError(f"{shown}: arrays or inline tables nested too deeply to read"
                         " (a parameter file needs at most 4 levels)") from None
    except ValueError as e:  # int("9" * 5000): more digits than Python converts
        if "digits" in str(e):
            raise ParamError(f"{shown}: a number has more digits than Python converts"
                             f" (at most {sys.get_int_max_str_digits()})") from None
        raise ParamError(f"{shown}: not valid TOML: {_reason(e)}") from None
    except MemoryError:
        raise ParamError(f"{shown}: too large to read as TOML") from None


# ---- a scene's own settings -------------------------------------------------------------------
@dataclass(frozen=True)
class Setting:
    """A setting a scene declares for its own table, beside the [layer] keys.

    ``kind``: ``"choice"`` (one of ``choices``), ``"int"`` (a whole number ``lo..hi``) or
    ``"ints"`` (a list of ``length`` whole numbers ``lo..hi``). ``default`` is used when the
    table leaves it out. ``check(value, values)`` (optional) sees all of the table's settings
    and returns a one-clause complaint (or None) for what the kinds cannot say on their own."""

    kind: str
    default: object
    choices: tuple = ()
    lo: int = 0
    hi: int = 0
    length: int = 0
    check: object = None


def _setting(chk: _Checker, where: str, value, s: Setting):
    if s.kind == "choice":
        if not isinstance(value, str) or value not in s.choices:
            chk.fail(where, value, f"must be one of {', '.join(s.choices)}")
        return value
    if s.kind == "int":
        return chk.scalar(where, value, _INT, s.lo, s.hi)
    if s.kind == "ints":
        return tuple(int(v) for v in chk.ints(where, value, s.lo, s.hi, shape=(s.length,)))
    raise AssertionError(s.kind)


def _settings(chk: _Checker, where: str, raw, own: dict, at: tuple) -> dict:
    """The table's own settings, validated, defaults filled in (the [layer] keys and the unknown
    keys are left to _layer). A setting's ``check`` runs only when none of the table's settings
    is wrong and it has no unknown key (it may read any of them, or a misspelt one)."""
    if not own or not isinstance(raw, dict):
        return {}
    place = _order(raw)
    values, sound = {}, all(k in own or k in LAYER_SCHEMA for k in raw)
    for name, s in own.items():
        values[name] = s.default
        if name in raw:
            chk.at = at + (place[name],)
            try:
                values[name] = _setting(chk, f"[{where}] {name}", raw[name], s)
            except _Bad:
                sound = False
    for name, s in own.items():
        problem = s.check(values[name], values) if s.check and sound else None
        if problem:
            value = list(values[name]) if isinstance(values[name], tuple) else values[name]
            chk.at = at + (place.get(name, len(place)),)
            chk.say(f"[{where}] {name} = {printable(value)}: {problem}")
    return values


def _pace(chk: _Checker, raw, at: tuple) -> Pace:
    """[pace], its wrong values left out (recorded)."""
    try:
        known = chk.table("pace", raw, list(PACE_SCHEMA), at)
    except _Bad:
        return Pace()
    place, values = _order(raw), {}
    for key, value in known.items():
        chk.at = at + (place[key],)
        try:
            values[key] = chk.scalar(f"[pace] {key}", value, *PACE_SCHEMA[key])
        except _Bad:
            pass
    return Pace(**values)


def load(path, tables=(), bounds: Bounds = Bounds(), settings=None) -> LectureParams:
    """Read and validate a parameter file; raise ParamError on anything wrong: one line per
    mistake (``ParamError.lines``, in the file's order), every independent mistake of the file.

    ``tables`` names the ``[scenes.<name>]`` tables the file may hold (the caller's scenes);
    ``bounds`` the largest layer accepted; ``settings`` maps a table to its scene's own
    settings (``{name: Setting}``), accepted in that table beside the [layer] keys.

    A wrong key is left out (its default used) so that the rest of the file is still checked;
    what only follows from a mistake is not reported (see ``_layer``). A file that cannot be
    read as TOML (or is empty) is refused with that one line. Every line starts with the file's
    path shown by ``printable`` (one line, escapes for newlines and other control characters).
    Only a regular file of at most MAX_FILE_BYTES is read (a FIFO, a directory or a device is
    refused before it is opened).
    """
    path = Path(path)
    shown = printable(path)
    chk = _Checker(shown)
    raw = _parse(_read_text(path, shown), shown)
    if not raw:
        raise ParamError(f"{shown}: the parameter file is empty; expected tables {', '.join('[' + k + ']' for k in TOP_KEYS)}")
    top = _order(raw)
    chk.table("", raw, TOP_KEYS, ())
    base, doubt = _layer(chk, "layer", raw.get("layer", {}), LayerParams(), bounds, (top.get("layer", -1),))
    pace = _pace(chk, raw.get("pace", {}), (top.get("pace", -1),))
    at = (top.get("scenes", -1),)
    try:
        scenes_raw = chk.table("scenes", raw.get("scenes", {}), list(tables), at)
    except _Bad:
        scenes_raw = {}
    place = _order(raw.get("scenes"))
    settings = settings or {}
    own, layers = {}, {}
    for name in tables:
        table, mine = scenes_raw.get(name, {}), settings.get(name, {})
        where, at_table = f"scenes.{name}", at + (place.get(name, len(place)),)
        layers[name], _ = _layer(chk, where, table, base, bounds, at_table, doubt, extra=mine)
        own[name] = _settings(chk, where, table, mine, at_table)
    if chk.found:
        raise ParamError(chk.lines())
    # Every layer holds all of its values: [layer]'s explicit ones at their identities, the rest
    # drawn (from each table's own seed and ranges) once, here.
    return LectureParams(str(path), base.resolved(), {name: p.resolved() for name, p in layers.items()},
                         pace, own)


__all__ = ["Bounds", "ENV_VAR", "LAYER_SCHEMA", "LayerParams", "LectureParams", "Limit", "MAX_LINES", "PACE_SCHEMA",
           "Pace", "ParamError", "Setting", "layer_schema", "load"]
