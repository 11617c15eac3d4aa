"""Exercises with a student's own numbers (issue #27): a small layer drawn from the student's
seed, one question about it, its answer and its worked solution, all read from the trace.

``student_seed(secret, id)`` turns the course's secret and a student's id into a seed;
``exercise(name, seed)`` gives that student's exercise ``name`` (one of ``NAMES``):

* ``output-cell``     -- compute o(x,y,d): the sum of the window's products plus the bias;
* ``weight-reach``    -- how many input cells (not padding) weight wk[u,v,c] multiplies over
  the whole sweep;
* ``weight-gradient`` -- given the upstream gradient dL/do, dL/dw for weight wk[u,v,c]: the sum,
  over every use, of input x dL/do.

The layer's shape is chosen from the seed among small layers that are drawn whole on a phone
screen or a PDF page (``LAYERS``); its values are ``cnncore.examples.example_layer``'s, drawn at
identities from the same seed (inputs 0..3, weights and biases -2..2), and the upstream gradient
is ``upstream_gradient``'s (-2..2). An exercise is never degenerate (``degenerate``): if a seed's
exercise is, the seed is re-drawn from it (``_next_seed``) until one is not, deterministically, and
``Exercise.seed`` is the seed the layer was drawn from, so ``exercise(e.name, e.seed) == e``.
"""
from __future__ import annotations

import hashlib
import itertools
import numbers
from dataclasses import dataclass, field

import numpy as np

from .examples import example_layer, upstream_gradient
from .geometry import output_size
from .trace import Trace

NAMES = ("output-cell", "weight-reach", "weight-gradient")

INPUT_RANGE = (0, 3)
WEIGHT_RANGE = (-2, 2)
UPSTREAM_RANGE = (-2, 2)

LAYER_KEYS = ("channels", "input_size", "filters", "kernel_size", "stride", "padding")
# What each key may be, and how many output positions a side may have: 2 or 3, so a sweep has
# at least four positions and a weight's gradient at most nine terms.
CHOICES = dict(channels=(1, 2), input_size=(4, 5), filters=(1, 2), kernel_size=(2, 3),
               stride=(1, 2), padding=(0, 1))
OUTPUT_SIDES = (2, 3)

MAX_SEED = 2**64 - 1
MAX_REDRAWS = 1000  # never reached in practice (tests: 2,000 seeds redraw a handful of times)


def _out(layer: dict) -> int:
    return output_size(layer["input_size"], layer["kernel_size"], layer["padding"], layer["stride"])


# Every layer an exercise may use, in a fixed order (the seed picks one).
LAYERS = tuple(
    layer for layer in (dict(zip(LAYER_KEYS, v)) for v in itertools.product(*CHOICES.values()))
    if layer["kernel_size"] <= layer["input_size"] + 2 * layer["padding"]
    and _out(layer) in OUTPUT_SIDES
)


# ---- seeds ---------------------------------------------------------------------------------

def student_seed(secret: str, student_id: str) -> int:
    """The seed of a student's exercises: the first 8 bytes (big-endian) of
    sha256(secret + "\\0" + id), so 0 <= seed < 2**64; the same for the same pair, and not
    guessable from the id without the course's secret."""
    for what, v in (("secret", secret), ("student_id", student_id)):
        if not isinstance(v, str):
            raise ValueError(f"{what} must be a string, got {v!r}")
    digest = hashlib.sha256((secret + "\0" + student_id).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big")


def _draw(seed: int, what: str, n: int) -> int:
    """A whole number in 0..n-1 from ``seed`` and ``what`` (sha256: the same on every machine)."""
    digest = hashlib.sha256(f"exercise:{seed}:{what}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % n


def _next_seed(seed: int) -> int:
    """The seed tried after ``seed`` gave a degenerate exercise."""
    digest = hashlib.sha256(f"exercise-redraw:{seed}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def _check_seed(seed) -> int:
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or not 0 <= seed <= MAX_SEED:
        raise ValueError(f"seed must be a whole number from 0 to 2**64 - 1, got {seed!r}")
    return int(seed)


def _check_name(name) -> str:
    if name not in NAMES:
        raise ValueError(f"exercise must be one of {', '.join(NAMES)}, got {name!r}")
    return name


# ---- notation: the lecture's, which is the CS231n demo's ----------------------------------
# An output cell is o(x, y, d): x its column, y its row, d its depth slice (the trace's (k, i, j)
# = (d, y, x)); weight (k, c, u, v) is wk[u,v,c], row u and column v of slice wk[:,:,c]; the input
# cell at row r, column s of channel c is x[r,s,c], in slice x[:,:,c]; dL/do(x,y,d) the upstream
# gradient at o(x,y,d). Unpadded coordinates, from 0.

def _o(k, i, j) -> str:
    return f"o({j},{i},{k})"


def _x(c, r, s) -> str:
    return f"x[{r},{s},{c}]"


def _w(key) -> str:
    k, c, u, v = key
    return f"w{k}[{u},{v},{c}]"


def _layer_words(layer: dict) -> str:
    c, n, f = layer["channels"], layer["input_size"], layer["kernel_size"]
    ch = "1 channel" if c == 1 else f"{c} channels"
    return (f"input {n}x{n} with {ch}, padding {layer['padding']}; filters {f}x{f}, "
            f"stride {layer['stride']}")


def _sum_line(terms) -> str:
    """'3 + -2 + 0' written as '3 - 2 + 0'."""
    out = ""
    for n, t in enumerate(int(v) for v in terms):
        out += (str(t) if n == 0 else (f" - {-t}" if t < 0 else f" + {t}"))
    return out or "0"


# ---- one exercise --------------------------------------------------------------------------

@dataclass(frozen=True)
class Exercise:
    """One student's exercise: the question, its answer and the worked solution (``working``,
    short lines for the answer key), all computed from the layer ``trace()`` rebuilds."""

    name: str
    seed: int
    layer: dict          # LAYER_KEYS -> int
    target: tuple        # (k, i, j) for output-cell; the weight's identity (k, c, u, v) otherwise
    question: str
    answer: int
    working: tuple
    # The numbers that add up to the answer (not in the JSON; rebuilt from the trace): the
    # window's products off padding, then the bias (output-cell); 1 per input cell reached
    # (weight-reach); input x dL/do per use off padding (weight-gradient).
    terms: tuple = field(default=(), compare=False, repr=False)

    def trace(self) -> Trace:
        """The student's layer, rebuilt from ``seed`` and ``layer``."""
        return example_layer(self.seed, **self.layer, input_range=INPUT_RANGE,
                             weight_range=WEIGHT_RANGE)

    def upstream(self) -> np.ndarray | None:
        """The made-up upstream gradient dL/do (K, Ho, Wo) of weight-gradient; None otherwise."""
        if self.name != "weight-gradient":
            return None
        return upstream_gradient(self.trace(), self.seed, UPSTREAM_RANGE)

    def weight_id(self) -> int | None:
        """The trace's id of the target weight (weight-reach, weight-gradient); None otherwise."""
        if self.name == "output-cell":
            return None
        keys = self.trace().weight_keys
        return int(np.flatnonzero((keys == np.array(self.target)).all(axis=1))[0])

    def to_json(self) -> dict:
        return dict(name=self.name, seed=self.seed, layer=dict(self.layer), target=list(self.target),
                    question=self.question, answer=self.answer, working=list(self.working))

    @classmethod
    def from_json(cls, d) -> "Exercise":
        """The exercise ``to_json`` wrote, rebuilt from its name, seed, layer and target (the
        question and working are recomputed); its ``answer`` must equal the rebuilt one. Anything
        wrong raises ValueError in one line."""
        if not isinstance(d, dict):
            raise ValueError(f"an exercise must be a JSON object, got {type(d).__name__}")
        missing = [k for k in ("name", "seed", "layer", "target", "answer") if k not in d]
        if missing:
            raise ValueError(f"exercise lacks {', '.join(missing)}")
        name, seed = _check_name(d["name"]), _check_seed(d["seed"])
        layer = _check_layer(d["layer"])
        target = _check_target(name, d["target"], layer)
        ex = _build(name, seed, layer, target)
        if isinstance(d["answer"], bool) or d["answer"] != ex.answer:
            raise ValueError(f"exercise answer {d['answer']!r} is not its layer's: {name} of seed"
                             f" {seed} gives {ex.answer}")
        return ex


def _check_layer(layer) -> dict:
    if not isinstance(layer, dict) or set(layer) != set(LAYER_KEYS):
        raise ValueError(f"exercise layer must have exactly the keys {', '.join(LAYER_KEYS)},"
                         f" got {layer!r}")
    for key, allowed in CHOICES.items():
        v = layer[key]
        if isinstance(v, bool) or not isinstance(v, numbers.Integral) or not allowed[0] <= v <= allowed[-1]:
            raise ValueError(f"exercise layer {key}={v!r} is not allowed: {key} must be"
                             f" {allowed[0]} to {allowed[-1]}")
    layer = {k: int(layer[k]) for k in LAYER_KEYS}
    if layer not in LAYERS:
        raise ValueError(f"exercise layer {layer} is not allowed: its output must have"
                         f" {OUTPUT_SIDES[0]} to {OUTPUT_SIDES[-1]} positions a side")
    return layer


def _check_target(name, target, layer) -> tuple:
    out = _out(layer)
    if name == "output-cell":
        what, bounds = "(k, i, j)", (layer["filters"], out, out)
    else:
        f = layer["kernel_size"]
        what, bounds = "(k, c, u, v)", (layer["filters"], layer["channels"], f, f)
    if (not isinstance(target, (list, tuple)) or len(target) != len(bounds)
            or any(isinstance(t, bool) or not isinstance(t, numbers.Integral) or not 0 <= t < b
                   for t, b in zip(target, bounds))):
        raise ValueError(f"exercise target {target!r} is not allowed: {name} takes {what} with"
                         f" each below {bounds}")
    return tuple(int(t) for t in target)


def _choose(name: str, seed: int) -> tuple[dict, tuple]:
    """The layer and the target ``seed`` picks for exercise ``name``."""
    layer = dict(LAYERS[_draw(seed, "layer", len(LAYERS))])
    out, f = _out(layer), layer["kernel_size"]
    bounds = ((layer["filters"], out, out) if name == "output-cell"
              else (layer["filters"], layer["channels"], f, f))
    return layer, tuple(_draw(seed, f"target:{name}:{n}", b) for n, b in enumerate(bounds))


def _build(name: str, seed: int, layer: dict, target: tuple) -> Exercise:
    """The exercise at ``target`` of the layer ``layer`` drawn from ``seed``: answer and working
    read from the trace."""
    trace = example_layer(seed, **layer, input_range=INPUT_RANGE, weight_range=WEIGHT_RANGE)
    shape = _layer_words(layer)
    if name == "output-cell":
        k, i, j = target
        cell = trace.cell(k, i, j)
        answer = int(cell.total)
        question = (f"Your layer: {shape}. Compute the output {_o(k, i, j)} (column {j}, row {i} of"
                    f" depth slice {k}): filter w{k}'s products with its window, plus the bias b{k}.")
        working = [f"{_w(key)} × {_x(*pos)} = {int(w)} × {int(x)} = {int(p)}"
                   for key, pos, pad, w, x, p in zip(cell.weight_keys, cell.input_positions,
                                                     cell.is_padding, cell.weight_values,
                                                     cell.inputs, cell.products) if not pad]
        if cell.is_padding.any():
            working.append(f"{int(cell.is_padding.sum())} taps on padding: each adds 0")
        real = cell.products[~cell.is_padding]
        working.append(f"sum of products = {_sum_line(real)} = {int(real.sum())}")
        working.append(f"{_o(k, i, j)} = {int(real.sum())} + b{k} = {int(real.sum())}"
                       f" {'-' if cell.bias < 0 else '+'} {abs(int(cell.bias))} = {answer}")
        terms = tuple(int(p) for p in real) + (int(cell.bias),)
        return Exercise(name, seed, layer, target, question, answer, tuple(working), terms)

    key = target
    wid = int(np.flatnonzero((trace.weight_keys == np.array(key)).all(axis=1))[0])
    ph, pw = trace.padding
    uses = trace.weight_uses(wid)  # (k, i, j, tap) in sweep order
    if name == "weight-reach":
        working = []
        for k, i, j, tap in uses:
            c, r, s = trace.positions[i, j, tap] - np.array([0, ph, pw])
            where = "padding" if trace.is_padding[i, j, tap] else _x(c, r, s)
            working.append(f"at {_o(k, i, j)}: {where}")
        answer = int((~trace.is_padding[uses[:, 1], uses[:, 2], uses[:, 3]]).sum())
        working.append(f"{answer} input cells (not padding)")
        question = (f"Your layer: {shape}. Over the whole sweep of filter w{key[0]}, how many input"
                    f" cells (not padding) does weight {_w(key)} (row {key[2]}, column {key[3]} of"
                    f" slice w{key[0]}[:,:,{key[1]}]) multiply?")
        return Exercise(name, seed, layer, target, question, answer, tuple(working), (1,) * answer)

    g = upstream_gradient(trace, seed, UPSTREAM_RANGE)
    grad = trace.weight_gradient(g)
    working, terms = [], []
    for (_, i, j, tap), use in zip(uses, grad.contributions(wid)):
        c, r, s = np.array(use.position) - np.array([0, ph, pw])
        at = _o(use.k, use.i, use.j)
        if trace.is_padding[i, j, tap]:
            working.append(f"at {at}: padding × dL/d{at} = 0")
        else:
            working.append(f"at {at}: {_x(c, r, s)} × dL/d{at} = {int(use.input)} ×"
                           f" {int(use.upstream)} = {int(use.value)}")
            terms.append(int(use.value))
    answer = int(grad.weights[wid])
    working.append(f"dL/d{_w(key)} = {_sum_line(terms)} = {answer}")
    question = (f"Your layer: {shape}. Given the upstream gradient dL/do shown, what is"
                f" dL/d{_w(key)} (row {key[2]}, column {key[3]} of slice w{key[0]}[:,:,{key[1]}])?"
                f" Add up every use of the weight.")
    return Exercise(name, seed, layer, target, question, answer, tuple(working), tuple(terms))


def degenerate(ex: Exercise) -> str | None:
    """Why ``ex`` is not a fair exercise (None when it is): an answer of 0, fewer than two
    non-zero terms, an answer equal to one of its terms (or the bias alone), an output cell whose
    bias is 0 (forgetting it would not show)."""
    t = list(ex.terms)
    if ex.name == "output-cell":
        products, bias = t[:-1], t[-1]
        if bias == 0:
            return "bias 0"
        if ex.answer == bias:
            return "answer is the bias alone"
        t = products
    if ex.answer == 0:
        return "answer 0"
    if sum(1 for v in t if v != 0) < 2:
        return "fewer than two non-zero terms"
    if ex.name != "weight-reach" and ex.answer in t:
        return "answer equals one term"
    return None


def exercise(name: str, seed: int) -> Exercise:
    """Exercise ``name`` (one of ``NAMES``) of the student whose seed is ``seed``: deterministic,
    never degenerate (a degenerate draw is re-drawn from a seed derived from it)."""
    _check_name(name)
    seed = _check_seed(seed)
    for _ in range(MAX_REDRAWS):
        layer, target = _choose(name, seed)
        ex = _build(name, seed, layer, target)
        if degenerate(ex) is None:
            return ex
        seed = _next_seed(seed)
    raise RuntimeError(f"no fair {name} exercise after {MAX_REDRAWS} draws")  # pragma: no cover
