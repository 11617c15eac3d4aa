"""Captions a viewer can read: a beat's narration cut into cues, written as .srt and .vtt.

A cue holds at most two lines of at most ``LINE`` characters; it shows for ``MIN_CUE`` to
``MAX_CUE`` seconds at no more than ``MAX_CPS`` characters per second (``HARD_CPS`` at most),
and never overlaps the next. The narration is cut at sentence ends first, then at commas,
colons and semicolons, then between words, into pieces as long as fit two lines.
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


def wrap(text: str) -> list[str]:
    """``text`` broken into lines of at most ``LINE`` characters, balanced in length."""
    lines = textwrap.wrap(text, LINE, break_long_words=True, break_on_hyphens=False)
    if len(lines) == 2:   # balance two lines: the shortest longer line that still gives two
        for width in range(math.ceil(len(text) / 2), LINE + 1):
            even = textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False)
            if len(even) == 2:
                return even
    return lines


def fits(text: str, max_chars: int = LINE * LINES) -> bool:
    return len(text) <= max_chars and len(wrap(text)) <= LINES


def _pieces(sentence: str, max_chars: int) -> list[str]:
    """A sentence cut at its commas, colons and semicolons, then between words, into pieces
    that each fit a cue; short neighbours are put back together."""
    phrases = [p for p in re.split(r"(?<=[,;:])\s+", sentence) if p]
    out: list[str] = []
    for phrase in phrases:
        if fits(phrase, max_chars):
            out.append(phrase)
            continue
        words = phrase.split()
        n = math.ceil(len(phrase) / max_chars)
        while True:   # n pieces of about equal length, each fitting
            size = len(phrase) / n
            chunks, cur = [], []
            for w in words:
                if cur and len(" ".join(cur + [w])) > size + 6:
                    chunks.append(" ".join(cur))
                    cur = []
                cur.append(w)
            chunks.append(" ".join(cur))
            if all(fits(c, max_chars) for c in chunks) or n > len(words):
                break
            n += 1
        out += chunks
    return out


def split_cues(text: str, max_chars: int = LINE * LINES) -> list[str]:
    """A beat's narration as caption texts, in order, each fitting two lines."""
    text = " ".join(text.split())
    if not text:
        return []
    sentences = [s for s in re.split(r"(?<=[.!?])\s+(?=\S)", text) if s]
    pieces = [p for s in sentences for p in _pieces(s, max_chars)]
    merged: list[str] = []
    for p in pieces:   # greedy: join a piece to the one before while they fit one cue together
        if merged and fits(f"{merged[-1]} {p}", max_chars) and not merged[-1].endswith((".", "!", "?")):
            merged[-1] = f"{merged[-1]} {p}"
        else:
            merged.append(p)
    # a very short cue (a word or two) reads badly alone: join it to a neighbour if they fit
    i = 0
    while i < len(merged):
        if len(merged[i]) < 16 and len(merged) > 1:
            j = i - 1 if i > 0 and fits(f"{merged[i - 1]} {merged[i]}", max_chars) else \
                i + 1 if i + 1 < len(merged) and fits(f"{merged[i]} {merged[i + 1]}", max_chars) else None
            if j is not None:
                a, b = min(i, j), max(i, j)
                merged[a:b + 1] = [f"{merged[a]} {merged[b]}"]
                continue
        i += 1
    return merged


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
