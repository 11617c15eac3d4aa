"""What a bad cut of a caption is, in the tests' own words (not ``captions``'): a cue, or a line
of a cue, that ends on a preposition or an article, inside a number range or a formula ("from 64
to 128", "3 by 3", "1 + 4 - 1"), inside brackets, or between a number and what it counts
("25 positions"), in English and in Spanish. ``tests/test_cues.py`` holds the captions to it on
hard cases and random texts; ``tests.framecheck``'s ``"cut"`` instrument on every cue a scene says."""
from __future__ import annotations

import re

from scenes.narration import captions as C

PREPOSITIONS = {
    "en": set("about above across after against along among around at before behind below beside between"
              " beyond by during for from in inside into like near of on onto over per through to toward"
              " towards under until upon via with within without".split()),
    "es": set("a al ante bajo con contra de del desde durante en entre hacia hasta para por según sin sobre"
              " tras".split()),
}
ARTICLES = {"en": {"a", "an", "the"}, "es": {"el", "la", "los", "las", "un", "una", "unos", "unas", "lo"}}
JOINERS = {"en": {"to", "by", "x", "×", "and", "or", "plus", "minus", "times", "through"},
           "es": {"a", "por", "x", "×", "y", "o", "hasta", "más", "menos"}}
OPERATORS = {"+", "-", "−", "–", "=", "×", "·", "/"}
CLAUSE_WORDS = {"en": {"and", "or", "but", "so", "that", "which", "where", "who", "when", "while", "is", "are",
                       "was", "has", "have", "does", "can", "will"},
                "es": {"y", "o", "pero", "que", "donde", "cuando", "mientras", "es", "son", "está", "ha", "hay"}}


def is_term(word: str) -> bool:
    """A number or a symbol with digits: 3, 1,792, w0[1,2,0], o(0,1,0), x₁."""
    return any(ch.isdigit() for ch in word)


def ends_clean(word: str) -> bool:
    """No punctuation after it."""
    return word[-1:].isalnum() or word[-1:] in "₀₁₂₃₄₅₆₇₈₉]"


def bad_cut(before: str, after: str, lang: str = "en") -> str | None:
    """Why a cue (or a line) ending with ``before`` and followed by ``after`` is cut badly, or None."""
    a, b = before.split(), after.split()
    last, first = a[-1], b[0]
    if last.lower() in PREPOSITIONS[lang]:
        return f"ends on the preposition {last!r}"
    if last.lower() in ARTICLES[lang]:
        return f"ends on the article {last!r}"
    if last in OPERATORS or first in OPERATORS:
        return f"inside a formula ({last!r} / {first!r})"
    if is_term(last) and ends_clean(last) and first.lower() in JOINERS[lang] and len(b) > 1 and is_term(b[1]):
        return f"inside a range ({last!r} / {first} {b[1]})"
    if last.lower() in JOINERS[lang] and len(a) > 1 and is_term(a[-2]) and ends_clean(a[-2]) and is_term(first):
        return f"inside a range ({a[-2]} {last} / {first!r})"
    if is_term(last) and ends_clean(last) and is_term(first):
        return f"inside a formula ({last!r} / {first!r})"
    if (re.fullmatch(r"[-−]?\d+(?:[.,]\d+)*", last) and first.isalpha() and first.islower()
            and first not in PREPOSITIONS[lang] | ARTICLES[lang] | CLAUSE_WORDS[lang]):
        return f"a number cut from what it counts ({last} / {first})"
    if sum(before.count(c) for c in "([") > sum(before.count(c) for c in ")]"):
        return "inside brackets"
    return None


def bad_cuts(cues: list[str], lang: str = "en") -> list[str]:
    """Every bad cut between cues and between the two lines of a cue, one line each."""
    out = [f"{x!r} / {y!r}: {why}" for x, y in zip(cues, cues[1:]) if (why := bad_cut(x, y, lang))]
    for cue in cues:
        lines = C.wrap(cue, lang)
        if len(lines) == 2 and (why := bad_cut(*lines, lang)):
            out.append(f"lines {lines}: {why}")
    return out


def scene_cue_problems(scene) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """What a rendered scene's narration (``scene.narrator.clips``, in ``scene.language``) breaks:
    (bad cuts, captions over the limits), each a list of (beat, what). A bad cut: between two cues
    or a cue's two lines (``bad_cuts``), also when a cue of 60 characters or more is cut finer as
    the narrator cuts it for a slow voice (0.6 of its length), or cues that do not give back the
    beat's words. Over the limits: wider than 2 lines of ``C.LINE``, faster than ``C.MAX_CPS``
    characters a second or shorter than ``C.MIN_CUE`` (timed from the text at [pace]
    words_per_minute: the tests say no voice; a voice's cues are its own clips)."""
    lang = scene.language
    cuts, limits = [], []
    for clip in scene.narrator.clips:
        if not clip.text:
            continue
        # a declared pause's caption ("[pause: work it out]", pause and predict) is no words of the beat
        cues = [c.text for c in clip.cues if not (c.text.startswith("[") and c.text.endswith("]"))]
        if " ".join(cues) != " ".join(clip.text.split()):
            cuts.append((clip.name, f"the cues {cues} are not the words {clip.text!r}"))
        cuts += [(clip.name, why) for why in bad_cuts(cues, lang)]
        for cue in cues:
            if len(cue) >= 60:
                finer = C.split_cues(cue, max_chars=max(12, round(len(cue) * 0.6)), lang=lang)
                cuts += [(clip.name, f"cut finer: {why}") for why in bad_cuts(finer, lang)]
        for cue in clip.cues:
            lines = C.wrap(cue.text, lang)
            if len(lines) > C.LINES or any(len(line) > C.LINE for line in lines):
                limits.append((clip.name, f"{lines} is wider than {C.LINES} x {C.LINE}"))
            if cue.cps > C.MAX_CPS + 0.05 or cue.end - cue.start < C.MIN_CUE - 1e-3:
                limits.append((clip.name, f"{cue.text!r} {cue.end - cue.start:.2f} s, {cue.cps:.1f} cps"))
    return cuts, limits
