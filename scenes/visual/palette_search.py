"""The offline search that makes the lecture's colours (the tables of ``palette.py``), and the
checker that says whether a palette keeps its promises.

    python -m scenes.visual.palette_search [--seed 11] [--steps 20000]   # prints the tables

What is searched (every number a CIEDE2000 distance, "normal" = normal vision, "CVD" = simulated
protanopia, deuteranopia and tritanopia, Machado et al. 2009 at severity 1, colour-science's
matrices):

* **weights**: one colour for every weight identity a lecture layer can have, (filter k, channel
  c, row u, column v) up to ``palette.FILTERS`` x ``palette.CHANNELS`` x ``palette.SIDE`` x
  ``palette.SIDE`` (the parameter file's bounds), plus each filter's 1-D kernel (k, v) (stored as
  channel ``palette.ONE_D``). A colour lies in its filter's lightness band (``palette.BANDS``: w0
  light, w1 dark, w2 between), stands off the background, is at most moderately saturated and
  takes a number at WCAG 4.5:1. Pairs must be at least (``requirements``):
  ``MIN_APART`` (10) normal for two weights of one slice (any kernel) and for two weights of one
  filter's 3x3x3 core; ``MIN_APART`` under every CVD too for two weights of one 3x3 slice;
  ``MIN_ON_SCREEN`` (5) normal for any other two. Simulated annealing over 8-bit sRGB maximises
  the smallest ratio distance / requirement, first over the 3x3 cores and the 1-D kernels' first
  three weights (what the lecture shows by default), then over the rest with the cores fixed, so
  the colour of an identity never depends on the kernel size a scene draws.
* **distinct colours** (``palette._DISTINCT``): for layers with no sharing (locally connected,
  dense) and values that are not the running layer's weights. A farthest-point sequence over a
  grid of valid colours, each at least ``MIN_ON_SCREEN`` from every weight colour: its first n
  are as far apart as the sequence gets (``palette._DISTINCT_MIN[n]``).
* **filter colours** (``palette._FILTER_COLOURS``): frames and titles of W_k and output slice k,
  readable text on the background, in the lightness order of the bands, as far apart as possible
  for every viewer.

Seeded and deterministic (numpy's PCG64). ``check`` measures a weight table against every rule,
``accepts`` says whether it passes. Needs colour-science (the test extra).
"""
from __future__ import annotations

import argparse
import math
import warnings

import numpy as np

from scenes.visual import palette as P

MIN_BACKGROUND = 20.0
MAX_CHROMA = 70.0       # CIELAB chroma, normal vision: moderately saturated
MIN_CONTRAST = 4.5      # WCAG AA for the numbers written on a colour
MIN_APART, MIN_ON_SCREEN = P.MIN_APART, P.MIN_ON_SCREEN
SEED = 11
STEPS = 20_000          # annealing steps of the cores (the rest: 3/5 of it): the stored tables are search(SEED, STEPS)
VISIONS = ("normal", "protanopia", "deuteranopia", "tritanopia")


def vision_matrices() -> np.ndarray:
    """(4, 3, 3): identity, then Machado 2009 protanopia, deuteranopia, tritanopia (severity 1)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import colour
        return np.stack([np.eye(3)] + [np.asarray(colour.matrix_cvd_Machado2009(kind, 1.0)) for kind in
                                       ("Protanomaly", "Deuteranomaly", "Tritanomaly")])


# ---- colour maths (numpy, vectorised; checked against colour-science in the tests) -------------

_M_XYZ = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
_WHITE = _M_XYZ.sum(axis=1)  # D65 as sRGB's white


def linear(rgb8: np.ndarray) -> np.ndarray:
    x = np.asarray(rgb8, dtype=float) / 255
    return np.where(x <= 0.04045, x / 12.92, ((x + 0.055) / 1.055) ** 2.4)


def lab_seen(rgb8: np.ndarray, matrices: np.ndarray) -> np.ndarray:
    """CIELAB (..., 3) of 8-bit sRGB colours (n, 3) as each simulated viewer sees them: (v, n, 3)."""
    lin = np.clip(np.einsum("vij,nj->vni", matrices, linear(rgb8)), 0, 1)
    xyz = lin @ _M_XYZ.T / _WHITE
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])], -1)


def ciede2000(lab1: np.ndarray, lab2: np.ndarray) -> np.ndarray:
    """CIEDE2000 colour difference (kL = kC = kH = 1), element-wise over (..., 3) arrays."""
    L1, a1, b1 = np.moveaxis(lab1, -1, 0)
    L2, a2, b2 = np.moveaxis(lab2, -1, 0)
    C1, C2 = np.hypot(a1, b1), np.hypot(a2, b2)
    Cm7 = ((C1 + C2) / 2) ** 7
    G = 0.5 * (1 - np.sqrt(Cm7 / (Cm7 + 25.0 ** 7)))
    a1p, a2p = (1 + G) * a1, (1 + G) * a2
    C1p, C2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p = np.degrees(np.arctan2(b1, a1p)) % 360
    h2p = np.degrees(np.arctan2(b2, a2p)) % 360
    dLp, dCp = L2 - L1, C2p - C1p
    dh = h2p - h1p
    dh = np.where(dh > 180, dh - 360, np.where(dh < -180, dh + 360, dh))
    dh = np.where(C1p * C2p == 0, 0, dh)
    dHp = 2 * np.sqrt(C1p * C2p) * np.sin(np.radians(dh / 2))
    Lpm, Cpm = (L1 + L2) / 2, (C1p + C2p) / 2
    hsum = h1p + h2p
    hpm = np.where(C1p * C2p == 0, hsum,
                   np.where(np.abs(h1p - h2p) <= 180, hsum / 2,
                            np.where(hsum < 360, (hsum + 360) / 2, (hsum - 360) / 2)))
    T = (1 - 0.17 * np.cos(np.radians(hpm - 30)) + 0.24 * np.cos(np.radians(2 * hpm))
         + 0.32 * np.cos(np.radians(3 * hpm + 6)) - 0.20 * np.cos(np.radians(4 * hpm - 63)))
    d_theta = 30 * np.exp(-(((hpm - 275) / 25) ** 2))
    Rc = 2 * np.sqrt(Cpm ** 7 / (Cpm ** 7 + 25.0 ** 7))
    Sl = 1 + 0.015 * (Lpm - 50) ** 2 / np.sqrt(20 + (Lpm - 50) ** 2)
    Sc, Sh = 1 + 0.045 * Cpm, 1 + 0.015 * Cpm * T
    Rt = -np.sin(np.radians(2 * d_theta)) * Rc
    return np.sqrt((dLp / Sl) ** 2 + (dCp / Sc) ** 2 + (dHp / Sh) ** 2 + Rt * (dCp / Sc) * (dHp / Sh))


def to_hex(rgb8) -> str:
    return "#" + "".join(f"{int(v):02X}" for v in rgb8)


def to_rgb8(hexes) -> np.ndarray:
    return np.array([[int(h[i:i + 2], 16) for i in (1, 3, 5)] for h in hexes])



# ---- the identities and what each pair of them must keep ---------------------------------------

def identities() -> np.ndarray:
    """(n, 4) every (k, c, u, v) of the weight table, in ``palette._WEIGHT_COLOURS``' order: 2-D
    weights k, c, u, v; then 1-D kernels (k, ONE_D, 0, v)."""
    two_d = [(k, c, u, v) for k in range(P.FILTERS) for c in range(P.CHANNELS)
             for u in range(P.SIDE) for v in range(P.SIDE)]
    one_d = [(k, P.ONE_D, 0, v) for k in range(P.FILTERS) for v in range(P.SIDE)]
    return np.array(two_d + one_d)


def requirements(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(normal, cvd): (n, n) the smallest distance each pair must keep for normal vision and
    under every simulated CVD (inf: no requirement; the diagonal is inf)."""
    k, c, u, v = keys.T
    same_k = k[:, None] == k[None]
    same_slice = same_k & (c[:, None] == c[None])
    core = (u < P.CORE) & (v < P.CORE)
    both_core = core[:, None] & core[None]
    two_d = c < P.ONE_D
    normal = np.full((len(keys),) * 2, MIN_ON_SCREEN)
    normal[same_slice] = P.MIN_RING_APART
    normal[(same_slice | (same_k & two_d[:, None] & two_d[None])) & both_core] = MIN_APART
    cvd = np.where(same_slice & both_core, P.MIN_CVD_DISTANCE, np.inf)
    np.fill_diagonal(normal, np.inf)
    np.fill_diagonal(cvd, np.inf)
    return normal, cvd


def band_of(keys: np.ndarray) -> np.ndarray:
    """(n, 2) the CIELAB L* band (normal vision) each identity's colour must lie in."""
    return np.array([P.BANDS[int(k)] for k in keys[:, 0]], dtype=float)


# ---- what makes one colour acceptable ------------------------------------------------------------

class _Rules:
    def __init__(self):
        self.m = vision_matrices()
        self.bg = lab_seen(to_rgb8([P.BACKGROUND]), self.m)  # (4, 1, 3)

    def seen(self, rgb8: np.ndarray) -> np.ndarray:
        return lab_seen(np.atleast_2d(rgb8), self.m)

    def valid(self, lab: np.ndarray, rgb8: np.ndarray) -> np.ndarray:
        """(n,) colours (lab (4, n, 3) as seen) off the background for every viewer, moderately
        saturated, and readable under a number in one of the palette's text colours."""
        ok = ciede2000(lab, self.bg).min(axis=0) >= MIN_BACKGROUND
        ok &= np.hypot(lab[0, :, 1], lab[0, :, 2]) <= MAX_CHROMA
        return ok & (contrast_of(rgb8) >= MIN_CONTRAST)


def contrast_of(rgb8: np.ndarray) -> np.ndarray:
    """(n,) WCAG contrast of the better of the palette's two number colours on each colour."""
    lum = linear(np.atleast_2d(rgb8)) @ np.array([0.2126, 0.7152, 0.0722])
    dark, light = P.relative_luminance(P.DARK_TEXT), P.relative_luminance(P.TEXT)
    return np.maximum((lum + 0.05) / (dark + 0.05), (light + 0.05) / (lum + 0.05))


# ---- the weights: simulated annealing ------------------------------------------------------------

def _ratios(lab_i: np.ndarray, lab: np.ndarray, normal_i: np.ndarray, cvd_i: np.ndarray) -> np.ndarray:
    """(n,) distance / requirement of one colour (4, 3) to every colour (4, n, 3)."""
    d = ciede2000(np.broadcast_to(lab_i[:, None], lab.shape), lab)
    return _ratio(d, normal_i, cvd_i)


def _ratio(d: np.ndarray, normal: np.ndarray, cvd: np.ndarray) -> np.ndarray:
    """distance / requirement of pairs: d (4 visions, m pairs), requirements (m,) (inf: none)."""
    with np.errstate(invalid="ignore"):
        cv = np.where(np.isfinite(cvd), d[1:].min(axis=0) / cvd, np.inf)
    return np.minimum(d[0] / normal, cv)


def _score(rowmin: np.ndarray) -> float:
    """The smallest ratio, nudged by the next rows' smallest (a plateau has a slope)."""
    s = np.partition(rowmin, 6)[:7]
    s.sort()
    return float(s[0] + 0.05 * s[1:].mean()) if np.isfinite(s[0]) else math.inf


def anneal(rules: _Rules, rng: np.random.Generator, rgb: np.ndarray, movable: np.ndarray, fixed: np.ndarray,
           bands: np.ndarray, normal: np.ndarray, cvd: np.ndarray, steps: int) -> np.ndarray:
    """Move the ``movable`` colours of ``rgb`` (n, 3) to maximise the smallest ratio distance /
    requirement over every pair of a movable colour and a movable or ``fixed`` one; every colour
    stays valid and in its band. Colours neither movable nor fixed are not yet chosen."""
    rgb = rgb.copy()

    def allowed(c, i):
        lab = rules.seen(c)
        if not rules.valid(lab, c[None])[0]:
            return None
        return lab[:, 0] if bands[i, 0] <= lab[0, 0, 0] <= bands[i, 1] else None

    for i in np.flatnonzero(movable):        # a valid start
        while (lab := allowed(c := rng.integers(0, 256, 3), i)) is None:
            pass
        rgb[i] = c
    lab = rules.seen(rgb)
    n = len(rgb)
    placed = movable | fixed
    live = (movable[:, None] | movable[None]) & placed[:, None] & placed[None]
    np.fill_diagonal(live, False)
    r = np.full((n, n), np.inf)
    for i in np.flatnonzero(placed):
        r[i] = np.where(live[i], _ratios(lab[:, i], lab, normal[i], cvd[i]), np.inf)
    rowmin = r.min(axis=1)
    cur = _score(rowmin)
    best, best_s = rgb.copy(), cur
    idx = np.flatnonzero(movable)
    for step in range(steps):
        frac = step / steps
        temp = 0.02 * (0.01 ** frac)             # 0.02 -> 0.0002 (ratio units)
        sigma = 40.0 * (2.0 / 40.0) ** frac      # 40 -> 2 (8-bit steps)
        if rng.random() < 0.5:                   # half the moves go to the closest pair
            a = int(rowmin.argmin())
            b = int(r[a].argmin())
            pair = [x for x in (a, b) if movable[x]]
            i = pair[rng.integers(len(pair))]
        else:
            i = idx[rng.integers(len(idx))]
        c = np.clip(np.rint(rgb[i] + rng.normal(0, sigma, 3)), 0, 255).astype(int)
        lab_i = allowed(c, i)
        if lab_i is None:
            continue
        row = np.where(live[i], _ratios(lab_i, lab, normal[i], cvd[i]), np.inf)
        old_row, old_min = r[i].copy(), rowmin.copy()
        r[i], r[:, i] = row, row
        rowmin = np.minimum(rowmin, row)
        rowmin[i] = row.min()
        stale = (row > old_row) & (old_row <= old_min)
        stale[i] = False
        for j in np.flatnonzero(stale):
            rowmin[j] = r[j].min()
        s = _score(rowmin)
        if s >= cur or rng.random() < math.exp((s - cur) / temp):
            rgb[i], lab[:, i], cur = c, lab_i, s
            if s > best_s:
                best, best_s = rgb.copy(), s
        else:
            r[i], r[:, i], rowmin = old_row, old_row, old_min
    return best


def search_weights(seed: int = SEED, steps: int = STEPS) -> tuple[str, ...]:
    """The weight table (hex colours in ``identities()`` order)."""
    rules = _Rules()
    rng = np.random.default_rng(seed)
    keys = identities()
    normal, cvd = requirements(keys)
    bands = band_of(keys)
    core = (keys[:, 2] < P.CORE) & (keys[:, 3] < P.CORE)
    rgb = np.zeros((len(keys), 3), dtype=int)
    none = np.zeros(len(keys), dtype=bool)
    rgb = anneal(rules, rng, rgb, core, none, bands, normal, cvd, steps)    # what the lecture shows first
    rgb = anneal(rules, rng, rgb, ~core, core, bands, normal, cvd, steps * 3 // 5)   # larger kernels, cores fixed
    return tuple(to_hex(x) for x in rgb)


# ---- distinct colours for unshared layers: a farthest-point sequence ---------------------------------

DISTINCT_GRID = 8       # 8-bit step of the grid of candidates
DISTINCT_MIN_L = 52.0   # light enough for thin lines and dark numbers


def search_distinct(weights, rules: _Rules | None = None) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """(colours, mins): a sequence of valid colours at least MIN_ON_SCREEN (normal vision) from
    every weight colour, each the farthest from those before it; ``mins[n]`` is the smallest
    distance among the first n (inf for n < 2). It stops before that falls below MIN_ON_SCREEN."""
    rules = rules or _Rules()
    g = np.arange(0, 256, DISTINCT_GRID)
    rgb = np.stack(np.meshgrid(g, g, g, indexing="ij"), -1).reshape(-1, 3)
    lab = rules.seen(rgb)
    ok = rules.valid(lab, rgb) & (lab[0, :, 0] >= DISTINCT_MIN_L)
    wlab = rules.seen(to_rgb8(weights))[0]
    near = np.full(len(rgb), np.inf)
    for w in wlab:
        near = np.minimum(near, ciede2000(lab[0], np.broadcast_to(w, lab[0].shape)))
    ok &= near >= MIN_ON_SCREEN
    cand, clab = rgb[ok], lab[0, ok]
    chosen, mins = [int(np.argmax(near[ok]))], [math.inf, math.inf]
    dist = ciede2000(clab, np.broadcast_to(clab[chosen[0]], clab.shape))
    while True:
        j = int(np.argmax(dist))
        if dist[j] < MIN_ON_SCREEN:
            break
        mins.append(min(mins[-1], float(dist[j])))
        chosen.append(j)
        dist = np.minimum(dist, ciede2000(clab, np.broadcast_to(clab[j], clab.shape)))
    return tuple(to_hex(cand[j]) for j in chosen), tuple(round(m, 2) for m in mins)


# ---- filter colours ------------------------------------------------------------------------------

FILTER_TEXT_CONTRAST = 4.5      # filter colours are text on the background (titles)
FILTER_L = ((88.0, 97.0), (58.0, 66.0), (72.0, 80.0))   # w0 lightest, w1 darkest, w2 between: as the bands


def search_filters(seed: int = SEED, rules: _Rules | None = None, tries: int = 4000) -> tuple[str, ...]:
    """Three text colours for filters 0, 1, 2: as far apart as possible under every vision, and
    from the palette's own text, muted and highlight colours."""
    rules = rules or _Rules()
    rng = np.random.default_rng(seed)
    fixed = rules.seen(to_rgb8([P.TEXT, P.MUTED, P.HIGHLIGHT]))
    pools = []
    for lo, hi in FILTER_L:
        c = rng.integers(0, 256, (tries, 3))
        lab = rules.seen(c)
        lum = linear(c) @ np.array([0.2126, 0.7152, 0.0722])
        ok = ((lum + 0.05) / (P.relative_luminance(P.BACKGROUND) + 0.05) >= FILTER_TEXT_CONTRAST)
        ok &= (lab[0, :, 0] >= lo) & (lab[0, :, 0] <= hi) & (np.hypot(lab[0, :, 1], lab[0, :, 2]) <= MAX_CHROMA)
        pools.append((c[ok], lab[:, ok]))
    pick = [0, 0, 0]

    def worst(choice):
        labs = [pools[f][1][:, choice[f]] for f in range(3)]
        d = [ciede2000(labs[a], labs[b]).min() for a, b in ((0, 1), (0, 2), (1, 2))]
        d += [0.5 * ciede2000(np.broadcast_to(x[:, None], fixed.shape), fixed).min() for x in labs]
        return min(d)
    for _ in range(4):       # coordinate ascent: each filter's best colour given the others
        for f in range(3):
            scores = [worst(pick[:f] + [j] + pick[f + 1:]) for j in range(len(pools[f][0]))]
            pick[f] = int(np.argmax(scores))
    return tuple(to_hex(pools[f][0][pick[f]]) for f in range(3))


# ---- the checker ---------------------------------------------------------------------------------

def check(weights) -> dict:
    """A weight table (hex colours in ``identities()`` order) measured against every rule: the
    smallest ratio distance / requirement over all pairs (>= 1: every pair keeps its distance),
    the smallest distance of each kind of pair, and the per-colour rules."""
    rules = _Rules()
    keys = identities()
    rgb = to_rgb8(weights)
    lab = rules.seen(rgb)
    normal, cvd = requirements(keys)
    i, j = np.triu_indices(len(keys), 1)
    d = ciede2000(lab[:, i], lab[:, j])
    ratio = _ratio(d, normal[i, j], cvd[i, j])
    apart = normal[i, j] == MIN_APART
    bands = band_of(keys)
    L = lab[0, :, 0]
    return {
        "colours": len(weights), "distinct": len(set(h.upper() for h in weights)),
        "ratio_min": float(ratio.min()),
        "apart_min_normal": float(d[0][apart].min()),
        "core_slice_min_cvd": float(d[1:][:, np.isfinite(cvd[i, j])].min()),
        "all_min_normal": float(d[0].min()),
        "in_bands": bool(((L >= bands[:, 0] - 1e-9) & (L <= bands[:, 1] + 1e-9)).all()),
        "background_min": float(ciede2000(lab, rules.bg).min()),
        "chroma_max": float(np.hypot(lab[0, :, 1], lab[0, :, 2]).max()),
        "contrast_min": float(contrast_of(rgb).min()),
    }


def accepts(weights) -> bool:
    """Whether a weight table keeps every promise of ``palette.py``."""
    r = check(weights)
    return (r["colours"] == r["distinct"] == len(identities()) and r["ratio_min"] >= 1 and r["in_bands"]
            and r["background_min"] >= MIN_BACKGROUND and r["chroma_max"] <= MAX_CHROMA
            and r["contrast_min"] >= MIN_CONTRAST)


def search(seed: int = SEED, steps: int = STEPS) -> dict:
    """Every table of the palette: {"weights", "distinct", "distinct_min", "filters"}."""
    rules = _Rules()
    weights = search_weights(seed, steps)
    distinct, mins = search_distinct(weights, rules)
    return {"weights": weights, "distinct": distinct, "distinct_min": mins,
            "filters": search_filters(seed, rules)}


def _rows(values, per_line: int, fmt) -> list[str]:
    return ["    " + " ".join(fmt(v) + "," for v in values[i:i + per_line]) for i in range(0, len(values), per_line)]


def render(tables: dict) -> str:
    """The tables as palette.py stores them (Python source)."""
    q = lambda h: f'"{h}"'  # noqa: E731
    out = ["_WEIGHT_COLOURS = ("] + _rows(tables["weights"], P.SIDE, q) + [")"]
    out += ["_DISTINCT = ("] + _rows(tables["distinct"], 8, q) + [")"]
    out += ["_DISTINCT_MIN = ("] + _rows(tables["distinct_min"], 8, lambda m: "math.inf" if math.isinf(m) else f"{m}") + [")"]
    out += ["_FILTER_COLOURS = (" + ", ".join(q(h) for h in tables["filters"]) + ")"]
    return "\n".join(out) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--steps", type=int, default=STEPS, help="annealing steps of the cores (the rest: 3/5 of it)")
    args = ap.parse_args(argv)
    tables = search(args.seed, args.steps)
    print(render(tables), end="")
    r = check(tables["weights"])
    print("# " + ", ".join(f"{k} {v:.2f}" if isinstance(v, float) else f"{k} {v}" for k, v in r.items()))
    print(f"# distinct colours: {len(tables['distinct'])}, the first 35 at least {tables['distinct_min'][35]}")
    print(f"# accepted: {accepts(tables['weights'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
