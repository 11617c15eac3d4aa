"""Narration without a build: the words a voice is given, captions cut to readable cues,
loudness, and every kind of bad recording refused with one line naming the file."""
from __future__ import annotations

import wave
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pyloudnorm
import pytest

from scenes.narration import captions as C
from scenes.narration import narrator as N
from scenes.narration.script import Beat
from scenes.narration.spoken import spoken

PACE = SimpleNamespace(voice="none", words_per_minute=150.0, pause=0.4)


@pytest.mark.parametrize("text, said", [
    ("w0[1,2,0]", "w zero, one, two, zero"),
    ("a 3x3 filter", "a three by three filter"),
    ("bias -1", "bias minus one"),
    ("o(0,1,0)", "o at zero, one, zero"),
    ("x[:,:,0]", "x, channel zero"),
    ("dL/do[:,:,1]", "d L by d o, slice one"),
    ("x₁ to xₙ", "x one to x n"),
    ("An input of 5 by 5", "An input of five by five"),
    ("1,728 parameters", "one thousand, seven hundred twenty eight parameters"),
    ("input × dL/do", "input times d L by d o"),
])
def test_numbers_and_names_are_said_in_words(text, said):
    assert spoken(text) == said


LONG = ("Mark every input cell with the colours of all the weights that touched it. The same filter "
        "was used at every position, but each channel only ever met its own slice: weights are shared "
        "across positions, never across channels.")


@pytest.mark.parametrize("text", [LONG, "Slide the filter 1 at a time.", "a " * 80,
                                  "Supercalifragilisticexpialidocious-and-then-some-more-words-glued " * 3])
def test_cues_fit_two_lines_and_keep_every_word(text):
    cues = C.split_cues(text)
    assert " ".join(cues).split() == text.split()
    for cue in cues:
        lines = C.wrap(cue)
        assert 1 <= len(lines) <= 2 and all(len(l) <= 42 for l in lines), lines


def test_timed_from_text_at_the_pace_without_a_voice(tmp_path):
    n = N.Narrator("NoSuchScene", PACE, tmp_path)
    clip = n.beat_clip("A beat", LONG)
    words = len(LONG.split())
    assert clip.duration >= words / 150 * 60 - 1e-6
    assert clip.audio is None and clip.cues[0].start == 0 and clip.cues[-1].end == pytest.approx(clip.duration)
    assert all(c.cps <= C.MAX_CPS and C.MIN_CUE <= c.end - c.start <= C.MAX_CUE for c in clip.cues)


def test_loudness_minus_16_lufs_and_peaks_limited():
    rng = np.random.default_rng(0)
    t = np.arange(3 * N.RATE) / N.RATE
    quiet = (0.05 * np.sin(2 * np.pi * 220 * t) * (1 + np.sin(2 * np.pi * 3 * t))
             + 0.01 * rng.standard_normal(len(t))).astype(np.float32)
    quiet[N.RATE: N.RATE + 50] = 0.9   # a click far above the rest: the limiter must catch it
    out = N.normalise(quiet)
    assert pyloudnorm.Meter(N.RATE).integrated_loudness(out.astype(float)) == pytest.approx(-16, abs=0.3)
    assert 20 * np.log10(np.abs(out).max()) <= N.CEILING_DB + 0.01


@pytest.mark.parametrize("rate", [24_000, 22_050, 16_000, 44_100, 8_000])
def test_resampled_to_48_khz_as_scipy_does(rate):
    """The voices' and recordings' rates to 48 kHz (FFmpeg's resampler) against scipy's
    ``resample_poly`` (the reference): the same length, no delay, peaks within -45 dB, RMS -50 dB, on speech-like
    tones and noise (the two filters differ most near the old rate's Nyquist, where speech has
    little)."""
    from scipy.signal import resample_poly

    rng = np.random.default_rng(rate)
    t = np.arange(int(rate * 1.7)) / rate
    x = (0.4 * np.sin(2 * np.pi * 180 * t) * (1 + 0.5 * np.sin(2 * np.pi * 4 * t))
         + 0.2 * np.sin(2 * np.pi * min(3000, rate / 3) * t) + 0.02 * rng.standard_normal(len(t))).astype(np.float32)
    got = N.resample(x, rate)
    g = np.gcd(rate, N.RATE)
    want = resample_poly(x, N.RATE // g, rate // g)
    assert got.dtype == np.float32 and len(got) == len(want)
    inner = slice(200, len(want) - 200)        # the two filters' edges differ
    diff = got[inner] - want[inner]
    assert 20 * np.log10(np.abs(diff).max()) < -45
    assert 20 * np.log10(np.sqrt(np.mean(diff ** 2)) / np.sqrt(np.mean(want[inner] ** 2))) < -50
    assert np.array_equal(N.resample(x[:0], rate), np.zeros(0, np.float32))


# ---- recordings: every bad one refused with one line naming the file --------------------------
# A recording is ``recordings/<language>/<Scene>/<place>_<beat key>.<tag of its words>.<format>``:
# checked before anything renders (``recording_problems``) and again when its beat is said.

SAY = "Something to say."
DEMO = type("Demo", (), {"__module__": __name__, "beats": (Beat("the-beat"), Beat("second-beat"))})


def rec(place: int, key: str, text: str, ext: str = "wav") -> str:
    """The name a beat's recording is saved under (as script.md gives it)."""
    return f"{N.recording_name(place, key, 1, text)}.{ext}"


def write_wav(path: Path, seconds: float, rate=22050, channels=2):
    path.parent.mkdir(parents=True, exist_ok=True)
    n = int(seconds * rate)
    t = np.arange(n) / rate
    pcm = (0.3 * np.sin(2 * np.pi * 440 * t) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(channels), w.setsampwidth(2), w.setframerate(rate)
        w.writeframes(np.repeat(pcm, channels).tobytes())


@pytest.fixture
def recordings(tmp_path, monkeypatch):
    root = tmp_path / "recordings"
    monkeypatch.setenv(N.RECORDINGS_ENV, str(root))
    monkeypatch.setenv(N.CACHE_ENV, str(tmp_path / "cache"))
    return root / "en" / "Demo"


def narrate(tmp_path, *beats, language="en"):
    """A narrator of the scene Demo saying ``beats`` ((title, text), keyed by the title's slug)."""
    n = N.Narrator("Demo", PACE, tmp_path / "media", language=language)
    for place, (name, text) in enumerate(beats, 1):
        n.beat_clip(name, text, key=N.slug(name), place=place)
    return n


def one_line(line: str, path: Path, words) -> None:
    assert "\n" not in line and str(path) in line, line   # the path whole
    assert not line.startswith("error:"), line             # the build adds it, once
    assert "Errno" not in line, line
    for w in words:
        assert w in line, line


def refused(tmp_path, recordings, filename, make, *words, at_render=True):
    """The recording ``filename`` (made by ``make``) is refused with one line naming it: before
    anything renders, and (``at_render``) when its beat is said."""
    path = recordings / filename
    make(path)
    lines = N.recording_problems([DEMO], "en", tmp_path / "media")
    assert len(lines) == 1, lines
    one_line(lines[0], path, words)
    if at_render:
        with pytest.raises(N.NarrationError) as e:
            narrate(tmp_path, ("The beat", SAY)).finish()
        one_line(str(e.value), path, words)


def test_a_recording_replaces_the_voice_and_sets_the_length(tmp_path, recordings):
    text = "Something to say, at length, over a tone."
    write_wav(recordings / rec(1, "the-beat", text), 6.0)
    assert N.recording_problems([DEMO], "en", tmp_path / "media") == []
    n = narrate(tmp_path, ("The beat", text))
    clip = n.clips[0]
    assert clip.source == "recording" and clip.duration == pytest.approx(6.0, abs=0.01)
    assert clip.cues[0].start == pytest.approx(0, abs=0.05) and clip.cues[-1].end == pytest.approx(6, abs=0.05)


def test_missing_recordings_are_listed(tmp_path, recordings):
    write_wav(recordings / rec(1, "the-beat", "One."), 1.0)
    n = narrate(tmp_path, ("The beat", "One."), ("Second beat", "Two."))
    n.finish(write=False)
    assert any("1 of 2 beats recorded" in note and rec(2, "second-beat", "Two.") in note for note in n.notes), n.notes


def test_with_no_recording_at_all_every_beat_is_listed_to_record(tmp_path, recordings):
    n = narrate(tmp_path, ("The beat", "One."), ("Second beat", "Two."))
    n.finish(write=False)
    todo = [note for note in n.notes if "still to record" in note]
    assert len(todo) == 1 and "0 of 2 beats recorded" in todo[0], n.notes
    for name in (rec(1, "the-beat", "One."), rec(2, "second-beat", "Two.")):
        assert str(recordings / name) in todo[0], todo


def test_a_recording_of_other_words_is_not_used_and_said_to_be_stale(tmp_path, recordings):
    """The reported case: a beat recorded for a parameter file whose text said 'thirty-six
    positions'; the text now says 'nine': the recording is not used, the beat is to record."""
    old, new = "The filter visits thirty-six positions.", "The filter visits nine positions."
    stale = recordings / rec(1, "the-beat", old)
    write_wav(stale, 2.0)
    assert N.recording_problems([DEMO], "en", tmp_path / "media") == []   # a good recording, of other words
    n = narrate(tmp_path, ("The beat", new))
    assert n.clips[0].source != "recording" and n.clips[0].recording is None
    assert n.clips[0].file == str(recordings / rec(1, "the-beat", new))
    n.finish(write=False)
    said = [note for note in n.notes if str(stale) in note]
    assert len(said) == 1 and "recorded for other words" in said[0] and "'The beat'" in said[0], n.notes
    assert "not used" in said[0] and rec(1, "the-beat", new).rsplit(".", 1)[0] in said[0]
    assert any("0 of 1 beats recorded" in note for note in n.notes), n.notes
    # the same file is used again once the words are those it was recorded for
    assert narrate(tmp_path, ("The beat", old)).clips[0].source == "recording"


def test_a_recording_is_for_its_own_language(tmp_path, recordings):
    write_wav(recordings / rec(1, "the-beat", SAY), 1.0)
    assert narrate(tmp_path, ("The beat", SAY)).clips[0].source == "recording"
    assert narrate(tmp_path, ("The beat", SAY), language="fr").clips[0].source != "recording"


def test_empty_file_refused(tmp_path, recordings):
    refused(tmp_path, recordings, rec(1, "the-beat", SAY),
            lambda p: (p.parent.mkdir(parents=True), p.write_bytes(b"")), "empty")


def test_corrupt_file_refused(tmp_path, recordings):
    refused(tmp_path, recordings, rec(1, "the-beat", SAY, "mp3"),
            lambda p: (p.parent.mkdir(parents=True), p.write_bytes(b"\x00garbage" * 500)), "cannot read")


def test_zero_length_recording_refused(tmp_path, recordings):
    refused(tmp_path, recordings, rec(1, "the-beat", SAY), lambda p: write_wav(p, 0.0), "no sound")


def write_flac(path: Path, seconds: float, claim_seconds=None, rate=22050):
    """A FLAC file of a tone; with ``claim_seconds``, its STREAMINFO says it is that long (a
    10-hour recording without writing 10 hours)."""
    import av

    path.parent.mkdir(parents=True, exist_ok=True)
    with av.open(str(path), "w", format="flac") as c:
        s = c.add_stream("flac", rate=rate, layout="mono")
        t = np.arange(int(seconds * rate)) / rate
        frame = av.AudioFrame.from_ndarray((0.3 * 32767 * np.sin(2 * np.pi * 440 * t)).astype("<i2")[None],
                                           format="s16", layout="mono")
        frame.sample_rate = rate
        for p in s.encode(frame):
            c.mux(p)
        for p in s.encode(None):
            c.mux(p)
    if claim_seconds is not None:
        data = bytearray(path.read_bytes())
        assert data[:4] == b"fLaC" and data[4] & 0x7F == 0   # STREAMINFO first
        info = 8                                              # STREAMINFO body
        bits = int.from_bytes(data[info + 10: info + 18], "big")
        bits = (bits & ~((1 << 36) - 1)) | int(claim_seconds * rate)
        data[info + 10: info + 18] = bits.to_bytes(8, "big")
        data[info + 18: info + 34] = bytes(16)                # no MD5 to check
        path.write_bytes(bytes(data))


def test_ten_hour_recording_refused(tmp_path, recordings):
    refused(tmp_path, recordings, rec(1, "the-beat", SAY, "flac"),
            lambda p: write_flac(p, 1.0, claim_seconds=36000), "at most 10 minutes")


def test_flac_recording_read(tmp_path, recordings):
    write_flac(recordings / rec(1, "the-beat", "A tone.", "flac"), 2.0)
    assert narrate(tmp_path, ("The beat", "A tone.")).clips[0].duration == pytest.approx(2.0, abs=0.01)


def test_wrong_format_refused(tmp_path, recordings):
    refused(tmp_path, recordings, rec(1, "the-beat", SAY, "ogg"), lambda p: write_wav(p, 1.0), "WAV, FLAC, MP3, M4A")


def test_text_file_named_wav_refused(tmp_path, recordings):
    refused(tmp_path, recordings, rec(1, "the-beat", SAY),
            lambda p: (p.parent.mkdir(parents=True), p.write_text("not audio at all\n" * 20)), "cannot read")


def test_recording_matching_no_beat_refused(tmp_path, recordings):
    """Refused before anything renders; a render of the scene alone (``manim``) notes it and
    does not use it."""
    name = rec(2, "no-such-beat", SAY)
    refused(tmp_path, recordings, name, lambda p: write_wav(p, 1.0), "names no beat", "the-beat",
            at_render=False)
    n = narrate(tmp_path, ("The beat", SAY))
    n.finish(write=False)
    assert any(name in note and "not used" in note for note in n.notes), n.notes


def test_a_name_not_of_a_recording_refused(tmp_path, recordings):
    """A file named as recordings were before their names carried the words' tag."""
    refused(tmp_path, recordings, "01_the-beat.wav", lambda p: write_wav(p, 1.0), "not a recording's name",
            "<NN>_<beat>.<tag>.<format>", at_render=False)


def test_two_recordings_for_one_beat_refused(tmp_path, recordings):
    write_wav(recordings / rec(1, "the-beat", SAY, "flac"), 1.0)
    refused(tmp_path, recordings, rec(1, "the-beat", SAY), lambda p: write_wav(p, 1.0), "keep one",
            at_render=False)
    with pytest.raises(N.NarrationError, match="two recordings for the beat 'The beat'"):
        narrate(tmp_path, ("The beat", SAY))


def test_empty_narration_is_a_silent_beat_with_one_line(tmp_path, recordings):
    n = narrate(tmp_path, ("Quiet", "  "))
    assert n.clips[0].duration == 0 and n.clips[0].cues == []
    assert len(n.notes) == 1 and "'Quiet'" in n.notes[0] and "no narration text" in n.notes[0]


def test_a_recordings_captions_change_at_the_readers_pauses(tmp_path, recordings):
    """Three phrases of very different lengths (1.5 s, 4 s, 1.5 s of tone, 0.4 s pauses between)
    read for three sentences of the same length: spread by characters, the boundaries would fall
    at a third and two thirds of the speech, nearly a second from the pauses; they must move
    into the pauses."""
    rate = 22050
    parts, t = [], 0.0
    gaps = []
    for k, seconds in enumerate((1.5, 4.0, 1.5)):
        n = int(seconds * rate)
        parts.append(0.3 * np.sin(2 * np.pi * 440 * np.arange(n) / rate))
        t += seconds
        if k < 2:
            parts.append(np.zeros(int(0.4 * rate)))
            gaps.append((t, t + 0.4))
            t += 0.4
    pcm = (np.concatenate(parts) * 32767).astype("<i2")
    text = "The first one is short. The second is as long. The third is short too."
    path = recordings / rec(1, "the-beat", text)
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(rate)
        w.writeframes(pcm.tobytes())
    clip = narrate(tmp_path, ("The beat", text)).clips[0]
    assert [c.text for c in clip.cues] == ["The first one is short.", "The second is as long.",
                                           "The third is short too."]
    for cue, (g0, g1) in zip(clip.cues, gaps):
        assert g0 - 0.05 <= cue.end <= g1 + 0.05, (cue, (g0, g1))
    spread = C.spread([c.text for c in clip.cues], clip.cues[0].start, clip.cues[-1].end)
    assert abs(spread[0].end - gaps[0][0]) > 0.5   # without the pauses, the first cue would run 0.5 s too long
    for a, b in zip(clip.cues, clip.cues[1:]):
        assert a.end == b.start and C.MIN_CUE <= a.end - a.start <= C.MAX_CUE


def test_a_pause_is_not_taken_when_it_would_make_a_cue_too_short():
    cues = [C.Cue(0.0, 3.0, "A sentence of some length."), C.Cue(3.0, 6.0, "Another of some length.")]
    assert C.snap(cues, [(5.4, 5.6)], reach=3.0) == cues   # the second cue would last 0.5 s
    assert C.snap(cues, [(2.2, 2.4)])[0].end == pytest.approx(2.3)


# ---- the lecture's voice, encoded in pieces cut at the scenes' starts ---------------------------

def _speechlike(seconds: float, seed: int) -> np.ndarray:
    """Bursts of tones and noise with silences between (a scene's voice), silent for its first
    0.1 s as every scene's voice is (``narration_media.LEAD``)."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * N.RATE)) / N.RATE
    x = (0.3 * np.sin(2 * np.pi * rng.uniform(120, 260) * t) + 0.05 * rng.standard_normal(len(t)))
    x *= (np.sin(2 * np.pi * 0.7 * t + seed) > 0.2)          # words and gaps
    x[: int(0.1 * N.RATE)] = 0
    x[-int(0.2 * N.RATE):] = 0                               # a scene ends on a held frame
    return x.astype(np.float32)


def _placed(voices: list[np.ndarray], plan: list[tuple[int, int]], length: int) -> np.ndarray:
    """The voice the pieces should decode to: each scene's at its planned frame, as many
    frames as the plan keeps (the test's own layout of ``piece_plan``)."""
    track = np.zeros(length, np.float32)
    for v, (frame, keep) in zip(voices, plan):
        a = frame * 1024
        n = max(0, min(len(v), keep * 1024, length - a))
        track[a:a + n] = v[:n]
    return track


def _aac_file(path: Path, audio: np.ndarray, voices=None, cache=None) -> np.ndarray:
    """``audio`` as an .m4a, whole (``encode_aac``) or one piece per voice; decoded back."""
    import av

    from toolchain import narration_media as nm

    out = av.open(str(path), "w", format="mp4")
    try:
        packets = nm.encode_aac(out, audio) if cache is None else nm.aac_in_pieces(out, audio, voices, cache)
        for p in list(packets):
            out.mux(p)
    finally:
        out.close()
    return nm.decode_audio(path)


def test_the_voice_in_pieces_is_the_whole_voice_and_an_edit_encodes_one_piece(tmp_path):
    """Three scenes' voices (4.13 s, 2.7 s, 3.31 s: starts on no AAC frame), one piece each:
    each voice within half a frame (10.7 ms) of its scene's start, decoded as long as the whole
    encode, as faithful, with no click where pieces meet; the second scene said again, longer,
    encodes its piece only (the third, now later, is kept); a voice sounding at its scene's
    start makes no pieces: the voice is encoded whole."""
    from toolchain import narration_media as nm

    voices = [_speechlike(4.13, 1), _speechlike(2.7, 2), _speechlike(3.31, 3)]
    durations = [len(v) / N.RATE for v in voices]
    track = nm.lecture_track(voices, durations)
    starts = np.cumsum([0] + [len(v) for v in voices[:-1]])
    plan = nm.piece_plan(voices)
    assert plan is not None and all(abs(f * nm.AAC_FRAME - s) <= nm.AAC_FRAME // 2 for (f, _), s in zip(plan, starts))
    cache = tmp_path / "pieces"
    whole = _aac_file(tmp_path / "whole.m4a", track)
    pieces = _aac_file(tmp_path / "pieces.m4a", track, voices, cache)
    assert len(list(cache.glob("*.m4a"))) == 3 and len(pieces) == len(whole) >= len(track)
    ref = _placed(voices, plan, len(track))

    def snr(got, want):
        return 10 * np.log10(np.sum(want ** 2) / np.sum((got[:len(want)] - want) ** 2))

    assert snr(pieces, ref) > 15 and abs(snr(pieces, ref) - snr(whole, track)) < 1, (snr(pieces, ref), snr(whole, track))
    for (frame, _), v in zip(plan, voices):                               # inside each scene, voiced
        at = frame * nm.AAC_FRAME + max(0, int(np.argmax(np.abs(v))) - N.RATE // 8)
        seg = ref[at: at + N.RATE // 4]
        assert np.abs(seg).max() > 0.1
        lags = {lag: float(np.dot(pieces[at + lag: at + lag + len(seg)], seg)) for lag in range(-64, 65)}
        assert max(lags, key=lags.get) == 0
    for frame, _ in plan[1:]:                                             # silence stays silence
        meet = frame * nm.AAC_FRAME
        assert np.abs(pieces[meet - 2048: meet + 2048]).max() < 1e-3

    kept = {p.name: p.stat().st_mtime_ns for p in cache.glob("*.m4a")}
    longer = [voices[0], _speechlike(2.9, 9), voices[2]]
    _aac_file(tmp_path / "edited.m4a", nm.lecture_track(longer, [len(v) / N.RATE for v in longer]), longer, cache)
    now = {p.name: p.stat().st_mtime_ns for p in cache.glob("*.m4a")}
    assert len(now) == 3 and len(set(now) & set(kept)) == 2                # one piece new, one gone
    assert all(now[name] == kept[name] for name in set(now) & set(kept))  # the others not rewritten

    loud = [voices[0], voices[1].copy(), voices[2]]
    loud[1][:500] = 0.3                                                   # sound at the second scene's start
    assert nm.piece_plan(loud) is None
    track = nm.lecture_track(loud, durations)
    assert np.array_equal(_aac_file(tmp_path / "loud.m4a", track, loud, tmp_path / "other"),
                          _aac_file(tmp_path / "loud-whole.m4a", track))
