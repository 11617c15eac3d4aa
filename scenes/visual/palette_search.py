"""The search that makes the weight colours (``palette._SLICE_COLOURS``), and the checker that
says whether a palette is acceptable.

    python -m scenes.visual.palette_search [--seed 11] [--steps 5000]   # prints a palette

Simulated annealing over 8-bit sRGB, one filter slice (nine colours) at a time, in the order
filter 0 channel 0, 0/1, ..., 2/2. It maximises the smallest CIEDE2000 distance between two
colours of the slice as seen with normal vision and with simulated protanopia, deuteranopia and
tritanopia (Machado et al. 2009, severity 1, the matrices of colour-science). A colour may only
be one that:

* stands off the background (CIEDE2000 >= ``MIN_BACKGROUND`` under every one of those visions);
* is moderately saturated (CIELAB chroma <= ``MAX_CHROMA``) and light enough to read as a lit tile
  on the dark background (CIELAB L* >= ``MIN_LIGHTNESS``);
* takes a number in a text colour of the palette at >= ``MIN_CONTRAST`` (WCAG AA);
* is at least ``MIN_ALL`` (normal vision) from every colour of the slices already chosen, so
  all 81 colours of a 3x3x3 bank of three filters are their own.

Seeded and deterministic (numpy's PCG64): the same seed and budget give the same palette.
``check`` measures a palette against all of the above; ``accepts`` says whether it passes.
Needs colour-science (the test extra).
"""
from __future__ import annotations

import argparse
import math
import warnings
from itertools import combinations

import numpy as np

from scenes.visual import palette as P

MIN_BACKGROUND = 20.0
MAX_CHROMA = 70.0
MIN_LIGHTNESS = 40.0    # CIELAB L* (normal vision): a weight's tile reads as lit on the dark background
MIN_CONTRAST = 4.5
MIN_ALL = 4.0
SEED = 11
STEPS = 1_000           # annealing steps per slice: the stored palette is search(SEED, STEPS)
VISIONS = ("normal", "protanopia", "deuteranopia", "tritanopia")

_PAIRS = np.array(list(combinations(range(9), 2)))


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


# ---- what makes a colour, a slice, a palette acceptable ----------------------------------------

class _Rules:
    def __init__(self):
        self.m = vision_matrices()
        self.bg = lab_seen(to_rgb8([P.BACKGROUND]), self.m)  # (4, 1, 3)

    def colour_ok(self, rgb8: np.ndarray) -> bool:
        """One colour: off the background for every viewer, moderately saturated, readable."""
        lab = lab_seen(rgb8[None], self.m)
        if ciede2000(lab, self.bg).min() < MIN_BACKGROUND:
            return False
        if math.hypot(lab[0, 0, 1], lab[0, 0, 2]) > MAX_CHROMA or lab[0, 0, 0] < MIN_LIGHTNESS:
            return False
        h = to_hex(rgb8)
        return P.contrast_ratio(P.text_on(h), h) >= MIN_CONTRAST

    def slice_distances(self, rgb8: np.ndarray) -> np.ndarray:
        """(4 visions, 36 pairs) CIEDE2000 between the nine colours of a slice."""
        lab = lab_seen(rgb8, self.m)
        return ciede2000(lab[:, _PAIRS[:, 0]], lab[:, _PAIRS[:, 1]])


def check(slices) -> dict:
    """A palette (3 x 3 slices of nine hex colours) measured against every rule: the smallest
    value of each, and the numbers of colours (and duplicates) found."""
    rules = _Rules()
    flat = [h for k in slices for c in k for h in c]
    rgb = to_rgb8(flat)
    per_slice = np.array([rules.slice_distances(to_rgb8(c)).min(axis=1) for k in slices for c in k])
    lab = lab_seen(rgb, rules.m)
    i, j = np.triu_indices(len(flat), 1)
    return {
        "colours": len(flat), "distinct": len(set(h.upper() for h in flat)),
        "slice_min": {v: float(per_slice[:, n].min()) for n, v in enumerate(VISIONS)},
        "all_min_normal": float(ciede2000(lab[0, i], lab[0, j]).min()),
        "background_min": float(ciede2000(lab, rules.bg).min()),
        "chroma_max": float(np.hypot(lab[0, :, 1], lab[0, :, 2]).max()),
        "lightness_min": float(lab[0, :, 0].min()),
        "contrast_min": min(P.contrast_ratio(P.text_on(h), h) for h in flat),
    }


def accepts(slices, min_slice: float = P.MIN_CVD_DISTANCE) -> bool:
    """Whether a palette meets every rule, its slices at least ``min_slice`` apart for every viewer."""
    r = check(slices)
    return (r["colours"] == r["distinct"] == 81 and min(r["slice_min"].values()) >= min_slice
            and r["all_min_normal"] >= MIN_ALL and r["background_min"] >= MIN_BACKGROUND
            and r["chroma_max"] <= MAX_CHROMA and r["lightness_min"] >= MIN_LIGHTNESS
            and r["contrast_min"] >= MIN_CONTRAST)


# ---- the search ---------------------------------------------------------------------------------

def _score(d: np.ndarray) -> float:
    """The smallest distance, nudged by the few next smallest (a plateau has a slope)."""
    s = np.sort(d, axis=None)
    return float(s[0] + 0.05 * s[1:6].mean())


def anneal_slice(rules: _Rules, rng: np.random.Generator, chosen: np.ndarray, steps: int) -> np.ndarray:
    """Nine colours for one slice, far apart for every viewer and at least MIN_ALL from ``chosen``."""
    chosen_lab = lab_seen(chosen, rules.m[:1])[0] if len(chosen) else np.zeros((0, 3))

    def lab_if_allowed(c):
        """The colour as the four viewers see it (4, 3), or None if it breaks a rule."""
        lab = lab_seen(c[None], rules.m)[:, 0]
        if ciede2000(lab, rules.bg[:, 0]).min() < MIN_BACKGROUND:
            return None
        if math.hypot(lab[0, 1], lab[0, 2]) > MAX_CHROMA or lab[0, 0] < MIN_LIGHTNESS:
            return None
        h = to_hex(c)
        if P.contrast_ratio(P.text_on(h), h) < MIN_CONTRAST:
            return None
        if len(chosen_lab) and ciede2000(lab[0][None], chosen_lab).min() < MIN_ALL:
            return None
        return lab

    def distances(lab):
        return ciede2000(lab[:, _PAIRS[:, 0]], lab[:, _PAIRS[:, 1]])

    cur, cur_lab = np.zeros((9, 3), dtype=int), np.zeros((4, 9, 3))
    for i in range(9):
        while (lab := lab_if_allowed(c := rng.integers(0, 256, 3))) is None:
            pass
        cur[i], cur_lab[:, i] = c, lab
    cur_d = distances(cur_lab)
    cur_s = _score(cur_d)
    best, best_s = cur.copy(), cur_s
    for step in range(steps):
        frac = step / steps
        temp = 1.0 * (0.002 / 1.0) ** frac        # 1 -> 0.002 (CIEDE2000 units)
        sigma = 48.0 * (2.0 / 48.0) ** frac       # 48 -> 2 (8-bit steps)
        # half the moves go to a colour of the closest pair (the one that sets the score)
        i = _PAIRS[int(cur_d.argmin()) % len(_PAIRS)][rng.integers(2)] if rng.random() < 0.5 else rng.integers(9)
        c = np.clip(np.rint(cur[i] + rng.normal(0, sigma, 3)), 0, 255).astype(int)
        lab = lab_if_allowed(c)
        if lab is None:
            continue
        cand, cand_lab = cur.copy(), cur_lab.copy()
        cand[i], cand_lab[:, i] = c, lab
        d = distances(cand_lab)
        s = _score(d)
        if s >= cur_s or rng.random() < math.exp((s - cur_s) / temp):
            cur, cur_lab, cur_d, cur_s = cand, cand_lab, d, s
            if s > best_s:
                best, best_s = cand.copy(), s
    return best


def search(seed: int = SEED, steps: int = STEPS):
    """The palette: ((nine hex colours) per channel) per filter, 3 x 3 slices."""
    rules = _Rules()
    rng = np.random.default_rng(seed)
    chosen = np.zeros((0, 3), dtype=int)
    out = []
    for k in range(3):
        row = []
        for c in range(3):
            colours = anneal_slice(rules, rng, chosen, steps)
            chosen = np.vstack([chosen, colours])
            row.append(tuple(to_hex(x) for x in colours))
        out.append(tuple(row))
    return tuple(out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--steps", type=int, default=STEPS, help="annealing steps per slice")
    args = ap.parse_args(argv)
    palette = search(args.seed, args.steps)
    print("_SLICE_COLOURS = (")
    for k in palette:
        print("    (")
        for c in k:
            print("        (" + ", ".join(f'"{h}"' for h in c) + "),")
        print("    ),")
    print(")")
    r = check(palette)
    print("# " + ", ".join(f"{k} {v:.1f}" if isinstance(v, float) else f"{k} {v}"
                           for k, v in r.items() if k != "slice_min"))
    print("# slice_min " + ", ".join(f"{v} {d:.1f}" for v, d in r["slice_min"].items()))
    print(f"# accepted: {accepts(palette)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
