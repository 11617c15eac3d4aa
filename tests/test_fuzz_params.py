"""The parameter loader, fuzzed: arbitrary files are either accepted, and then every scene's layer
builds its trace and every cell asked for adds up, or refused with one or more printable lines
(one per mistake, ``ParamError.lines``), each starting with the file's path, printed by the
command line as one ``error:`` line each. Nothing else: no traceback, no hang, nothing else on
stderr.

The files are random bytes, random text, TOML written from the real schema's keys and random keys
with values of every TOML type (whole numbers of thousands of digits, nan and inf, strings with
control characters, dates, inline tables, arrays of any length and nesting), and mutations of the
lecture's own file. The file names are random too (newlines and control characters included).

A few hundred examples run with the suite; ``make fuzz`` runs 10,000 (``FUZZ_EXAMPLES=n``).
"""
import io
import os
import tempfile
from contextlib import redirect_stderr
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from cnncore import dense_layer, param_counts, untied, upstream_gradient
from cnncore.params import LAYER_SCHEMA, MAX_LINES, PACE_SCHEMA, TOP_KEYS, ParamError
from cnncore.text import printable
from scenes.base import load_params as load
from scenes.files import exit_with
from scenes.lecture import lecture

SCENES = list(lecture())

ROOT = Path(__file__).resolve().parents[1]
LECTURE = ROOT / "scenes" / "lecture.toml"
LECTURE_TEXT = LECTURE.read_text(encoding="utf-8")
# The lecture's scene tables (read off the lecture's own scene classes).
SCENE_NAMES = tuple(s.params_key for s in SCENES)
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "300"))

FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much, HealthCheck.large_base_example])


# ---- TOML source fragments ---------------------------------------------------------------------

def _basic_string(s: str) -> str:
    out = []
    for ch in s:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _float(f: float) -> str:
    if f != f:
        return "nan"
    if f in (float("inf"), float("-inf")):
        return "inf" if f > 0 else "-inf"
    return repr(f)


ints = st.one_of(
    st.integers(-12, 12).map(str),
    st.integers(-(2**70), 2**70).map(str),
    st.integers(4200, 6000).map(lambda n: "9" * n),             # more digits than int() converts
    st.integers(1, 6000).map(lambda n: "0x" + "f" * n),         # as many hex digits as we like
    st.sampled_from(["+3", "-0", "0o17", "0b101", "1_000", "0x_1", "01", "1__0", "4294967296"]),
)
floats = st.one_of(st.floats(allow_nan=True, allow_infinity=True).map(_float),
                   st.sampled_from(["1e400", "-1e400", "0.0", "1.5", "1e-400", "6.02e23", ".5", "1."]))
strings = st.one_of(st.text(max_size=30).map(_basic_string),
                    st.text(alphabet=st.characters(blacklist_characters="'\n\r", blacklist_categories=("Cs",)),
                            max_size=20).map(lambda s: f"'{s}'"),
                    st.one_of(st.integers(0, 50), st.integers(0, 200_000)).map(lambda n: '"' + "x" * n + '"'),
                    st.text(max_size=20).map(lambda s: '"""' + s.replace("\\", "") + '"""'))
dates = st.one_of(st.dates().map(lambda d: d.isoformat()), st.datetimes().map(lambda d: d.isoformat()),
                  st.times().map(lambda t: t.isoformat()),
                  st.sampled_from(["1979-05-27T07:32:00-08:00", "2020-02-30", "1979-05-27 07:32:00Z"]))
scalars = st.one_of(ints, floats, strings, dates, st.sampled_from(["true", "false", "True", ""]))


def _nested(depth: int, leaf: str = "1") -> str:
    return "[" * depth + leaf + "]" * depth


arrays = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=6).map(lambda xs: "[" + ", ".join(xs) + "]"),
    st.lists(st.tuples(st.sampled_from(["a", "b", "channels"]), inner), max_size=3).map(
        lambda kv: "{" + ", ".join(f"{k} = {v}" for k, v in kv) + "}")), max_leaves=25)
deep = st.one_of(st.integers(1, 3000).map(_nested),
                 st.integers(1, 3000).map(lambda d: "{a = " * d + "1" + "}" * d))
garbage = st.text(max_size=20)


@st.composite
def grids(draw, shape=None, dims=3):
    """A nested list of small whole numbers of ``shape`` (else a random one), sometimes ragged."""
    if shape is None:
        shape = [draw(st.integers(1, 3 if i < dims - 2 else 9)) for i in range(dims)]
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    a = rng.integers(-9, 10, size=shape).tolist()
    if draw(st.integers(0, 9)) == 0:  # one row a number short: ragged
        row = a
        while isinstance(row[-1], list):
            row = row[-1]
        row.pop()
    return repr(a)


def valid_value(key: str, spill: int = 1):
    """Values of the right kind for a schema key, up to ``spill`` either side of what is allowed."""
    kind, lo, hi = {**LAYER_SCHEMA, **PACE_SCHEMA}[key]
    if kind == "int":
        top = lo + 12 if hi - lo > 12 and key != "seed" else hi
        return st.integers(lo - spill, top + spill).map(str)
    if kind == "bool":
        return st.sampled_from(["true", "false"])
    if kind == "float":
        return st.floats(lo - spill / 10, hi + spill / 10).map(_float)
    if kind == "range":
        r = 9 + spill
        return st.tuples(st.integers(-r, r), st.integers(-r, r)).map(lambda t: f"[{min(t)}, {max(t)}]")
    if kind == "list":
        return st.lists(st.integers(-9 - spill, 9 + spill), min_size=1, max_size=3).map(repr)
    return grids(dims=3 if key == "input" else 4)


# A layer that fits: most generated files should be accepted, not only refused.
FITTING = st.sampled_from([
    {"channels": "1", "filters": "1", "input_size": "4", "kernel_size": "2", "stride": "1", "padding": "0"},
    {"channels": "2", "input_size": "5", "kernel_size": "3", "stride": "2", "padding": "1"},
    {"channels": "3", "filters": "3", "input_size": "7", "kernel_size": "5", "stride": "1", "padding": "1",
     "dilation": "1", "strict": "false"},
    {"input_size": "3", "kernel_size": "1", "padding": "0", "stride": "3", "strict": "false"},
    {"input_size": "6", "kernel_size": "2", "dilation": "3", "padding": "0", "stride": "1"},
    {},
])


DEFAULTS = {"channels": 3, "input_size": 5, "filters": 2, "kernel_size": 3}


@st.composite
def table_lines(draw, header: str, keys, tame: bool = False):
    """``header`` and key = value lines: mostly schema keys with values of their kind (from a
    layer that fits, with arrays of its shapes), sometimes (never if ``tame``) anything at all."""
    lines = [header] if header else []
    layer = header == "[layer]" or header.startswith("[scenes.")
    values = dict(draw(FITTING)) if layer and draw(st.integers(0, 3)) else {}
    if layer and draw(st.integers(0, 3)) == 0:  # explicit arrays of the shapes this table implies
        size = {k: int(values.get(k, v)) for k, v in DEFAULTS.items()}
        c, n, k, f = size["channels"], size["input_size"], size["filters"], size["kernel_size"]
        values["input"] = draw(grids((c, n, n)))
        values["weights"] = draw(grids((k, c, f, f)))
        values["biases"] = draw(grids((k,)))
    for _ in range(draw(st.integers(0, 5))):
        if tame or draw(st.integers(0, 9)) < 7:
            key = draw(st.sampled_from(keys))
            values[key] = draw(valid_value(key, spill=0 if tame else 1))
        else:
            key = draw(st.one_of(st.sampled_from(list(LAYER_SCHEMA) + list(PACE_SCHEMA)),
                                 st.from_regex(r"[A-Za-z_][A-Za-z0-9_-]{0,10}", fullmatch=True),
                                 st.text(max_size=8).map(_basic_string)))
            values[key] = draw(st.one_of(scalars, arrays))
    if not tame and draw(st.integers(0, 19)) == 0:
        values[draw(st.sampled_from(keys))] = draw(st.one_of(deep, garbage))
    lines += [f"{k} = {v}" for k, v in values.items()]
    return lines


@st.composite
def toml_files(draw, tame: bool = False):
    """A file made of tables from the real schema and (unless ``tame``) some that are not."""
    lines = []
    if draw(st.booleans()):
        lines += draw(table_lines("[layer]", list(LAYER_SCHEMA), tame))
    if draw(st.booleans()):
        lines += draw(table_lines("[pace]", list(PACE_SCHEMA), tame))
    names = st.sampled_from(SCENE_NAMES)
    if not tame and draw(st.integers(0, 4)) == 0:
        names = st.one_of(names, st.from_regex(r"[a-z_]{1,12}", fullmatch=True))
    for name in draw(st.lists(names, max_size=4, unique=True)):
        lines += draw(table_lines(f"[scenes.{name}]", list(LAYER_SCHEMA), tame))
    if tame:
        return "\n".join(lines) + "\n"
    if draw(st.integers(0, 9)) == 0:
        header = draw(st.sampled_from(["[[layer]]", "[colours]", "[scenes]", "[layer.input]",
                                       "[pace.step]", "", "[scenes.cs231n.x]"] + [f"[{k}]" for k in TOP_KEYS]))
        lines += draw(table_lines(header, list(LAYER_SCHEMA)))
    if draw(st.integers(0, 19)) == 0:
        draw(st.randoms()).shuffle(lines)
    return "\n".join(lines) + "\n"


@st.composite
def mutated(draw):
    """The lecture's own file (or a generated one) with a few random edits."""
    text = LECTURE_TEXT if draw(st.booleans()) else draw(toml_files())
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(text)))
        j = draw(st.integers(i, min(len(text), i + 40)))
        op = draw(st.sampled_from(["delete", "insert", "replace value", "duplicate line"]))
        if op == "delete":
            text = text[:i] + text[j:]
        elif op == "insert":
            text = text[:i] + draw(st.one_of(garbage, scalars, arrays)) + text[i:]
        elif op == "replace value":
            lines = text.split("\n")
            n = draw(st.integers(0, max(0, len(lines) - 1)))
            if " = " in lines[n]:
                key = lines[n].split(" = ")[0]
                lines[n] = f"{key} = {draw(st.one_of(scalars, arrays, deep))}"
            text = "\n".join(lines)
        else:
            lines = text.split("\n")
            n = draw(st.integers(0, max(0, len(lines) - 1)))
            text = "\n".join(lines[: n + 1] + lines[n:])
    return text


contents = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300),
    toml_files(tame=True), toml_files(tame=True), toml_files(tame=True), toml_files(), toml_files(),
    mutated(), mutated(),
)
file_names = st.text(st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)),
                     min_size=1, max_size=12).filter(lambda s: s not in (".", "..") and len(s.encode()) < 200)


# ---- what must hold --------------------------------------------------------------------------

def adds_up(t):
    """A first, a middle and a last cell: the products, partial sums, bias and total agree."""
    cells = t.cells()
    C = t.x.shape[0]
    for k, i, j in {cells[0], cells[len(cells) // 2], cells[-1]}:
        cell = t.cell(k, i, j)
        products = cell.products.tolist()
        assert sum(products) + cell.bias == cell.total == t.output[k, i, j].item()
        for c in range(C):
            assert cell.partial_sums[c].item() == sum(p for p, ch in zip(products, cell.channels) if ch == c)
        assert sum(cell.partial_sums.tolist()) + cell.bias == cell.total


def every_scene_builds(params):
    for scene in SCENES:   # a scene's own limits refuse in one line, like the file's
        try:
            scene.check_params(params)
        except ParamError as e:
            assert str(e).isprintable() and str(e).startswith(printable(Path(params.path)) + ": ")
            continue
        layer = params.layer(scene.params_key)   # accepted: the layer it draws can be computed
        if scene.draws_transposed:
            layer.as_transposed().transposed_trace()
        else:
            layer.trace()
    for name, layer in params.layers.items():
        if layer.transposed:   # sizes of a transposed convolution: only its scene takes them
            t = layer.transposed_trace()
            side = layer.transposed_output_size
            assert t.out_shape == (layer.filters, side, side)
            for c, r, s in {t.cells()[0], t.cells()[-1]}:
                cell = t.cell(c, r, s)
                assert sum(cell.products.tolist()) + cell.bias == cell.total == t.output[c, r, s].item()
            continue
        t = layer.trace()
        assert t.in_shape == (layer.channels, layer.input_size, layer.input_size)
        assert t.out_shape == (layer.filters, layer.output_size, layer.output_size)
        adds_up(t)
        t1 = layer.trace_1d()
        adds_up(t1)
        if name == "edges_1d":
            adds_up(untied(t1))
            adds_up(dense_layer(t1, layer.seed))
        if name == "unrolled":
            adds_up(untied(t))
            adds_up(dense_layer(t, layer.seed))
            assert t.unrolled().shape == (int(np.prod(t.out_shape)), t.x.size)
        if name == "gradient":
            g = t.weight_gradient(upstream_gradient(t, layer.seed))
            assert len(g.weights) == t.n_weights
        if name == "param_counts":
            param_counts(layer.channels, layer.input_size, layer.filters, layer.kernel_size,
                         stride=layer.stride, padding=layer.padding, dilation=layer.dilation)


@pytest.fixture(scope="module")
def folder():
    with tempfile.TemporaryDirectory(prefix="fuzz-params-") as d:
        yield Path(d)


@FUZZ
@given(content=contents, name=file_names)
@example(content="[layer]\ninput_size=2\ntransposed=true", name="0")   # found by this test once
def test_any_file_is_accepted_and_builds_or_refused_in_printable_lines(folder, content, name):
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    try:
        stderr = io.StringIO()
        try:
            with redirect_stderr(stderr):
                params = load(path)
        except ParamError as e:
            assert stderr.getvalue() == "", "loading writes nothing to stderr"
            lines = e.lines
            assert 1 <= len(lines) <= MAX_LINES and str(e) == "\n".join(lines), repr(str(e)[:3000])
            for line in lines:
                assert line.isprintable(), f"not a printable line: {line[:3000]!r}"
                assert line.startswith(printable(path) + ": "), line[:3000]
                assert len(line) < 1000, f"{len(line)} characters: {line[:3000]!r}"
            # what the command line prints (scenes.base.validate_or_exit): these lines, nothing else
            with redirect_stderr(stderr), pytest.raises(SystemExit) as stop:
                exit_with(str(e))
            assert stop.value.code == 2
            assert stderr.getvalue() == "".join(f"error: {line}\n" for line in lines)
            event("refused" if len(lines) == 1 else "refused, several lines")
            return
        assert stderr.getvalue() == "", "loading writes nothing to stderr"
        event("accepted")
        every_scene_builds(params)
    finally:
        path.unlink()
