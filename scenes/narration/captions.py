"""Captions a viewer can read: a beat's narration cut into cues, written as .srt and .vtt.

A cue holds at most two lines of at most ``LINE`` characters; it shows for ``MIN_CUE`` to
``MAX_CUE`` seconds at no more than ``MAX_CPS`` characters per second (``HARD_CPS`` at most),
and never overlaps the next (the narrator times the cues; this module cuts them).

Where a cue or a line may end is decided per gap between two words (``gap_costs``): best at a
sentence end, then after a colon, semicolon, comma or dash, then before a conjunction or a
relative word ("and", "but", "which", "that"...), then before a preposition, then anywhere
else; never after a preposition, an article or a determiner, inside a number range or a
formula ("from 64 to 128", "3 by 3", "1 + 4 - 1", "x₁, x₂, x₃"), inside brackets, or between a
number and the word it counts ("25 positions"). The words that mark these are per language, in
``WORDS`` (English and Spanish; another language without a row there is cut by punctuation and
numbers only). ``split_cues`` then picks the cheapest cut of the whole beat that fits every cue
(dynamic programming over the gaps), rather than filling cues greedily.
"""
from __future__ import annotations

import math
import re
import textwrap
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import srt
import webvtt

from scenes.files import atomic

LINE = 42          # characters per caption line
LINES = 2          # lines per cue
MIN_CUE = 1.0      # seconds on screen, at least
MAX_CUE = 7.0      # ... and at most
MAX_CPS = 17.0     # characters per second a viewer reads comfortably
HARD_CPS = 20.0    # never faster than this


@dataclass
class Cue:
    start: float   # seconds
    end: float
    text: str      # one line of text; wrap() gives the lines shown

    @property
    def cps(self) -> float:
        return len(self.text) / max(self.end - self.start, 1e-9)


# ---- where a cue or a line may end ------------------------------------------------------------

# One row per language: the words that decide where a caption may be cut.
#   prepositions  never the last word of a cue or a line; a good place to cut is before them
#   determiners   articles, possessives, quantifiers, clitics: need the next word, never last
#   modifiers     adjectives that come before their noun: last only if nothing better
#   conjunctions  and relatives start a clause: cut before them, never after them
#   verbs         auxiliaries and "to be": cut before them (between a subject and its verb)
#   ranges        join two numbers or symbols into one term: "3 by 3", "64 to 128", "x₁ to xₙ"
#   numbers       said as words; like digits, they count the word after them ("one filter")
WORDS = {
    "en": {
        "prepositions": "about above across after against along among around as at before behind below"
                        " beneath beside besides between beyond by despite during except for from in inside"
                        " into like near of on onto outside over per since than through throughout to toward"
                        " towards under unlike until upon via with within without",
        "determiners": "a an the each every its their his her our your my this these those some any no all"
                       " both either neither another such",
        "modifiers": "same own other whole first last next only",
        "conjunctions": "and or but nor yet so because although though while whereas unless if",
        "relatives": "which that where who whom whose when what whenever wherever",
        "verbs": "is are was were be been being has have had does do did can could will would shall"
                 " should may might must",
        "ranges": "to by and or through plus minus times",
        "numbers": "one two three four five six seven eight nine ten",
    },
    "es": {
        "prepositions": "a al ante bajo con contra de del desde durante en entre hacia hasta mediante para"
                        " por según sin sobre tras como",
        "determiners": "el la lo los las un una unos unas cada todo toda todos todas su sus mi mis tu tus"
                       " nuestro nuestra nuestros nuestras este esta estos estas ese esa esos esas aquel"
                       " aquella ningún ninguna algún alguna ambos ambas cualquier se me te nos le les",
        "modifiers": "otro otra otros otras mismo misma mismos mismas propio propia propios propias"
                     " primer primero primera último última siguiente solo sola",
        "conjunctions": "y e o u ni pero sino aunque porque pues mientras si",
        "relatives": "que cual cuales donde cuando quien quienes cuyo cuya cuyos cuyas",
        "verbs": "es son era eran fue fueron está están estaba ha han había hay puede pueden debe deben"
                 " será serán sería",
        "ranges": "a por y e o u hasta más menos",
        "numbers": "uno un una dos tres cuatro cinco seis siete ocho nueve diez",
    },
}

# What a cut costs, by the gap it is made in (lower is better).
SENTENCE = 0        # after . ! ? …
CLAUSE = 1          # after : ;
COMMA = 2           # after , or a dash
BEFORE_CLAUSE = 3   # before a conjunction, a relative word or a dash
BEFORE_VERB = 4     # before an auxiliary or "is": "a pattern worth finding in one place / is..."
BEFORE_PREP = 5     # before a preposition
ANYWHERE = 15       # between two other words (dearer than one more cue)
MODIFIER = 30       # after "same", "own"...: "the same / colours"
BRACKETS = 40       # inside brackets of words: "(doubly / block)"
LABEL = 60          # before a number or symbol that ends a phrase: "stride / 2", "gradient / dL/do"
NEVER = 1000        # after a preposition, a determiner or a conjunction; inside a range or a
                    # formula; between a number and what it counts ("25 / positions")

_OPEN = "([{¿¡«“‘\"'"
_STOPS = ".!?…"
_OPERATORS = set("+−=×·÷*/<>≤≥≈→±^")
_DASHES = {"-", "–", "—", "--"}
_NUMBER = re.compile(r"[-+−±]?\d")   # 25, 1,792, -1, 89.9, 3x3, 3-D
_FORMULA = set("[]()/=+×·^_")

# the cheapest cut: a cue costs CUE, a sentence end inside it SENTENCE_INSIDE (two sentences in
# one cue), a cue under SHORT characters SHORT_COST (a word or two alone reads badly, and a text
# timed by its length would show it less than MIN_CUE), its line break LINE_WEIGHT times that gap's
# cost, two lines of unequal length BALANCE a character
CUE = 4.0
SENTENCE_INSIDE = 6.0
SHORT, SHORT_COST = 16, 30.0
LINE_WEIGHT = 0.3
BALANCE = 0.1
UNFIT = 10_000.0    # a word longer than a cue: it is a cue of its own, whatever it costs


KINDS = ("conjunctions", "relatives", "prepositions", "determiners", "modifiers", "verbs")


def words_of(lang: str) -> dict[str, frozenset[str]]:
    """The language's row of ``WORDS`` (``"es-MX"`` reads ``"es"``) as sets; a language with no
    row gets empty sets: it is cut at punctuation and around numbers only."""
    row = WORDS.get(lang, WORDS.get(lang.split("-")[0].split("_")[0].lower(), {}))
    return {k: frozenset(row.get(k, "").split()) for k in KINDS + ("ranges", "numbers")}


def tokens(text: str) -> list[str]:
    """The words of ``text``, split at ASCII white space only (a no-break space stays inside)."""
    return [w for w in re.split(r"[ \t\n\r\f\v]+", text) if w]


@dataclass
class _Word:
    raw: str
    core: str = ""        # lower case, without the punctuation around it
    tail: str = ""        # the punctuation after it
    kind: str = ""        # the first of KINDS it is one of, or ""
    number: bool = False  # a number: 25, 1,792, -1, 89.9, "one"
    term: bool = False    # a number or a symbol: w0[1,2,0], o(0,1,0), x₁, W, dL/do
    operator: bool = False
    dash: bool = False
    in_range: bool = False   # a range word between two terms ("to" in "64 to 128")
    depth: int = 0        # brackets opened by it, minus those it closes


def _is_index(ch: str) -> bool:
    return 0x2070 <= ord(ch) <= 0x209F   # superscripts and subscripts: x₁, xₙ, x²


def _classify(words: list[str], row: dict) -> list[_Word]:
    every = set().union(*row.values())
    out = []
    for raw in words:
        w = _Word(raw)
        core = raw.lstrip(_OPEN)
        end = len(core)   # the tail: the punctuation after the word, and brackets it did not open
        while end and (core[end - 1] in _STOPS + ",;:\"'»”’" or core[end - 1] in ")]}" and
                       sum(core[:end].count(c) for c in ")]}") > sum(core[:end].count(c) for c in "([{")):
            end -= 1
        w.tail, w.core = core[end:], core[:end].lower()
        w.depth = sum(raw.count(c) for c in "([{") - sum(raw.count(c) for c in ")]}")
        if raw in _DASHES:
            w.dash = True
        elif raw and all(c in _OPERATORS for c in raw):
            w.operator = True
        w.kind = next((k for k in KINDS if w.core in row[k]), "")
        w.number = bool(_NUMBER.match(w.core)) or w.core in row["numbers"]
        w.term = w.number or any(c.isdigit() or _is_index(c) or c in _FORMULA for c in w.core) or (
            len(w.core) == 1 and w.core.isalpha() and w.core not in every)
        out.append(w)
    for k, w in enumerate(out):   # what sits between two terms: "1 + 4 - 1", "3 by 3", "64 to 128"
        between = 0 < k < len(out) - 1 and out[k - 1].term and not out[k - 1].tail and out[k + 1].term
        if w.dash and between:
            w.dash, w.operator = False, True
        w.in_range = between and w.core in row["ranges"] and not w.tail
    return out


def _ends_phrase(w: _Word, after: _Word | None) -> bool:
    """A term that closes its phrase ("stride 2 the...", "is 16.", "slice 0 of"), as opposed to
    one that starts a noun phrase ("25 positions", "3 by 3")."""
    return w.term and (bool(w.tail) or after is None or (after.kind not in ("", "modifiers") and not after.in_range))


def gap_costs(words: list[str], lang: str = "en") -> list[float]:
    """The cost of cutting between ``words[k]`` and ``words[k + 1]``, for every k (see the
    constants above)."""
    row = words_of(lang)
    ws = _classify(words, row)
    costs, depth = [], 0
    for k in range(len(ws) - 1):
        a, b = ws[k], ws[k + 1]
        c = ws[k + 2] if k + 2 < len(ws) else None
        depth = max(0, depth + a.depth)
        costs.append(_gap(a, b, c, depth))
    return costs


def _gap(a: _Word, b: _Word, c: _Word | None, depth: int) -> float:
    if a.operator or b.operator or a.in_range or b.in_range:
        return NEVER
    if depth > 0:                                  # inside brackets
        return NEVER if a.term or b.term else BRACKETS
    if a.term and b.term and a.tail in ("", ","):  # "5 x 5", "x₁, x₂, x₃", "dilation 2, 5 by 5"
        return NEVER
    if a.dash:
        return COMMA
    if b.dash:
        return BEFORE_CLAUSE
    if any(ch in _STOPS for ch in a.tail):
        return SENTENCE
    if any(ch in ":;" for ch in a.tail):
        return CLAUSE
    if "," in a.tail:
        return COMMA
    if a.kind in ("prepositions", "determiners", "conjunctions", "relatives"):   # "of / the", "por el / que"
        return NEVER
    if b.kind in ("conjunctions", "relatives"):
        return BEFORE_CLAUSE
    if a.number and not a.tail and b.kind in ("", "modifiers"):   # "25 / positions", "9 / more"
        return NEVER
    if a.number and not a.tail and b.kind == "prepositions":      # "18,432 / with 4 groups"
        return ANYWHERE
    if _ends_phrase(b, c):
        return LABEL
    if a.kind == "modifiers":
        return MODIFIER
    if b.kind == "verbs":
        return BEFORE_VERB
    if b.kind == "prepositions" and not b.tail:   # not "from the layers / above,"
        return BEFORE_PREP
    return ANYWHERE


def _line_break(words: list[str], costs: list[float], i: int, j: int) -> tuple[int, float] | None:
    """The best place to break words[i:j] into two lines of at most ``LINE`` characters: (the
    gap: the first line ends with words[k], its cost) or None if no gap gives two such lines."""
    total = sum(len(w) for w in words[i:j]) + (j - i - 1)
    best, first = None, -1
    for k in range(i, j - 1):
        first += len(words[k]) + 1
        second = total - first - 1
        if first > LINE:
            break
        if second <= LINE:
            cost = costs[k] + BALANCE * abs(first - second)
            if best is None or cost < best[1]:
                best = (k, cost)
    return best


def wrap(text: str, lang: str = "en") -> list[str]:
    """``text`` in lines of at most ``LINE`` characters: one line if it fits, else two broken at
    the best gap (as cues are cut: a clause boundary rather than after "the"), of about equal
    length; a text that does not fit two lines is wrapped by ``textwrap`` (long words broken)."""
    words = tokens(text)
    text = " ".join(words)
    if len(text) <= LINE:
        return [text] if text else []
    cut = _line_break(words, gap_costs(words, lang), 0, len(words))
    if cut is not None:
        return [" ".join(words[:cut[0] + 1]), " ".join(words[cut[0] + 1:])]
    lines = textwrap.wrap(text, LINE, break_long_words=True, break_on_hyphens=False)
    if len(lines) == 2:   # balance two lines: the shortest longer line that still gives two
        for width in range(math.ceil(len(text) / 2), LINE + 1):
            even = textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False)
            if len(even) == 2:
                return even
    return lines


def fits(text: str, max_chars: int = LINE * LINES, lang: str = "en") -> bool:
    return len(text) <= max_chars and len(wrap(text, lang)) <= LINES


def split_cues(text: str, max_chars: int = LINE * LINES, lang: str = "en") -> list[str]:
    """A beat's narration as caption texts, in order, each fitting two lines of ``LINE`` and
    ``max_chars`` characters (the narrator asks for fewer to cut a slow cue finer): the cut of
    least cost (``gap_costs``; ``CUE`` a cue, ``SENTENCE_INSIDE``, ``SHORT_COST``, the lines'
    breaks), found over every cut by dynamic programming. Joined with spaces, the cues are the
    text with its white space collapsed; a word longer than a cue is a cue of its own."""
    words = tokens(text)
    if not words:
        return []
    costs = gap_costs(words, lang)
    n = len(words)
    best = [0.0] + [math.inf] * n   # best[j]: the cheapest cut of words[:j]
    back = [0] * (n + 1)
    for j in range(1, n + 1):
        length = -1
        for i in range(j - 1, -1, -1):
            length += len(words[i]) + 1
            if length > max_chars and i < j - 1:
                break
            cost = CUE + (costs[j - 1] if j < n else 0.0)
            cost += SENTENCE_INSIDE * sum(1 for k in range(i, j - 1) if costs[k] == SENTENCE)
            if length < SHORT:
                cost += SHORT_COST
            if length > max_chars:
                cost += UNFIT
            elif length > LINE:
                cut = _line_break(words, costs, i, j)
                cost += UNFIT if cut is None else LINE_WEIGHT * cut[1]
            cost += ((max_chars - min(length, max_chars)) / max_chars) ** 2
            if best[i] + cost < best[j]:
                best[j], back[j] = best[i] + cost, i
    cues, j = [], n
    while j > 0:
        cues.append(" ".join(words[back[j]:j]))
        j = back[j]
    return cues[::-1]


def snap(cues: list[Cue], gaps: list[tuple[float, float]], reach: float = 1.2) -> list[Cue]:
    """Move each boundary between two cues into the middle of the nearest gap in the speech
    (a pause, (start, end) seconds) within ``reach`` seconds, so a cue ends where its phrase
    ends and the next one starts with the next phrase; a boundary stays where it is when no gap
    is near or moving it would leave either cue outside ``MIN_CUE``..``MAX_CUE`` seconds or
    faster than ``HARD_CPS``."""
    cues = [Cue(c.start, c.end, c.text) for c in cues]

    def ok(cue: Cue, start: float, end: float) -> bool:
        return MIN_CUE <= end - start <= MAX_CUE and len(cue.text) / (end - start) <= HARD_CPS

    for a, b in zip(cues, cues[1:]):
        here = a.end
        near = sorted((abs((g0 + g1) / 2 - here), (g0 + g1) / 2) for g0, g1 in gaps
                      if abs((g0 + g1) / 2 - here) <= reach and a.start < (g0 + g1) / 2 < b.end)
        for _, mid in near:
            if ok(a, a.start, mid) and ok(b, mid, b.end):
                a.end = b.start = mid
                break
    return cues


def spread(texts: list[str], start: float, end: float) -> list[Cue]:
    """Cues for ``texts`` laid over [start, end] in proportion to their length (characters)."""
    if not texts:
        return []
    total = sum(len(t) + 1 for t in texts)
    cues, t = [], start
    for text in texts:
        d = (end - start) * (len(text) + 1) / total
        cues.append(Cue(t, t + d, text))
        t += d
    cues[-1].end = end
    return cues


# ---- files ---------------------------------------------------------------------------------

def to_srt(cues: list[Cue]) -> str:
    return srt.compose([srt.Subtitle(i, timedelta(seconds=round(c.start, 3)), timedelta(seconds=round(c.end, 3)),
                                     "\n".join(wrap(c.text))) for i, c in enumerate(cues, 1)], reindex=False)


def _vtt_time(seconds: float) -> str:
    ms = round(seconds * 1000)
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    return f"{h:02d}:{m:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def to_vtt(cues: list[Cue]) -> str:
    vtt = webvtt.WebVTT()
    for c in cues:
        vtt.captions.append(webvtt.Caption(_vtt_time(c.start), _vtt_time(c.end), wrap(c.text)))
    return vtt.content if cues else "WEBVTT\n"


def write_captions(cues: list[Cue], srt_path: Path) -> Path:
    """``srt_path`` and a WebVTT file beside it (same name, .vtt); returns the .vtt path."""
    vtt_path = Path(srt_path).with_suffix(".vtt")
    for path, text in ((Path(srt_path), to_srt(cues)), (vtt_path, to_vtt(cues))):
        with atomic(path) as tmp:
            tmp.write_text(text, encoding="utf-8")
    return vtt_path


def read_srt_cues(path: Path) -> list[Cue]:
    return [Cue(s.start.total_seconds(), s.end.total_seconds(), " ".join(s.content.split()))
            for s in srt.parse(Path(path).read_text(encoding="utf-8"))]


def problems(cues: list[Cue]) -> list[str]:
    """Every way the cues break the limits above, one line each (empty: all readable)."""
    out = []
    for i, c in enumerate(cues):
        lines = wrap(c.text)
        d = c.end - c.start
        where = f"cue {i + 1} ({c.start:.2f}-{c.end:.2f} s, {c.text[:30]!r})"
        if len(lines) > LINES or any(len(l) > LINE for l in lines):
            out.append(f"{where}: {len(lines)} lines, longest {max(map(len, lines))} characters")
        if d < MIN_CUE - 1e-3 or d > MAX_CUE + 1e-3:
            out.append(f"{where}: on screen {d:.2f} s (allowed {MIN_CUE}-{MAX_CUE})")
        if c.cps > MAX_CPS + 0.05:
            out.append(f"{where}: {c.cps:.1f} characters per second (at most {MAX_CPS})")
        if i + 1 < len(cues) and c.end > cues[i + 1].start + 1e-3:
            out.append(f"{where}: overlaps the next cue")
    return out
