"""The lecture build keeps one consistent publication, whatever else happens (issue 16, 4 and 6;
issue 11, 5): drafts go elsewhere; scenes built in parallel give the same files and lines as
one at a time; a truncated piece of Manim's cache is rendered again, never published; a second
build at the same time, a full disk, or a file where the media folder should be, end in one line
with the published files untouched. The words are the script's (issue #26): a reworded sentence
re-renders only its scene; a script, catalog or language that cannot be used is refused before
anything renders, one line each, as is every mistake of the parameter file beside them.

Real builds (``toolchain.build.main``, Manim run by the build's Manim server) of a tiny lecture of
two or three 0.8-second scenes (tests/buildkit.py) and their script (``LECTURE_SCRIPT``), at
-ql, -qm and -qh.
"""
from __future__ import annotations

import errno
import os
import re
import shutil
from pathlib import Path

import av
import numpy as np
import pytest

from scenes import i18n
from scenes.narration.script import Beat
from toolchain import build
from toolchain import media_files as mf
from tests.buildkit import environment, script_env, snapshot, tiny_lecture
from tests.scriptkit import SCRIPT_ENV, fluent, write_script

NAMES = ("TinyA", "TinyB")


def run(capsys, lecture, media: Path, *args, env: dict | None = None) -> tuple[int, list[str], str]:
    """Build (the renders read the tiny lecture's script, unless ``env`` says otherwise); (exit
    status, progress lines, stderr)."""
    try:
        with environment({**script_env(lecture), **(env or {})}):
            rc = build.main(["--media-dir", str(media), *args], lecture=lecture)
    except SystemExit as e:
        rc = e.code
    out, err = capsys.readouterr()
    return rc, out.splitlines(), err


def frames(path: Path) -> int:
    with av.open(str(path)) as c:
        return sum(1 for _ in c.decode(video=0))


def heights(directory: Path) -> set[int]:
    out = set()
    for p in directory.glob("*.mp4"):
        with av.open(str(p)) as c:
            out.add(c.streams.video[0].codec_context.height)
    return out


@pytest.fixture(scope="module")
def lecture(tmp_path_factory):
    return tiny_lecture(tmp_path_factory.mktemp("scenes"), NAMES)


@pytest.fixture
def clean_env(monkeypatch):
    monkeypatch.delenv("LECTURE_PARAMS", raising=False)


@pytest.fixture(scope="module")
def published(lecture, tmp_path_factory):
    """The tiny lecture published with make video's defaults (every scene, -qh, lecture.toml)."""
    media = tmp_path_factory.mktemp("media")
    old = os.environ.pop("LECTURE_PARAMS", None)
    try:
        with environment(script_env(lecture)):
            assert build.main(["--media-dir", str(media)], lecture=lecture) == 0
    finally:
        if old is not None:
            os.environ["LECTURE_PARAMS"] = old
    return media


EXPECTED = {f"{i:02d}_{n}{ext}" for i, n in enumerate(NAMES, 1) for ext in (".mp4", ".srt", ".vtt", ".png", ".gif")} | {
    "lecture.mp4", "lecture.srt", "lecture.vtt", "chapters.txt", "script.md"}


def test_defaults_publish_a_whole_lecture(published):
    assert {p.name for p in (published / "lecture").iterdir()} == EXPECTED
    assert heights(published / "lecture") == {1080}
    assert not (published / "drafts").exists()


def test_a_draft_never_touches_the_publication(published, lecture, capsys, clean_env, tmp_path, monkeypatch):
    before = snapshot(published / "lecture")
    # another quality and a subset of scenes (the issue's `make video QUALITY=l SCENES=...`)
    rc, lines, err = run(capsys, lecture, published, "-q", "l", "--scenes", "TinyB")
    assert rc == 0, err
    assert any("drafts/ql-lecture (a draft)" in l for l in lines), lines
    assert snapshot(published / "lecture") == before
    draft = published / "drafts" / "ql-lecture"
    assert {p.name for p in draft.iterdir()} == {f"02_TinyB{e}" for e in (".mp4", ".srt", ".vtt", ".png", ".gif")} | {
        "lecture.mp4", "lecture.srt", "lecture.vtt", "chapters.txt", "script.md"}
    assert heights(draft) == {480}
    # every scene, at the published quality, from another parameter file
    other = tmp_path / "myparams.toml"
    other.write_text((Path(build.ROOT) / "scenes" / "lecture.toml").read_text())
    monkeypatch.setenv("LECTURE_PARAMS", str(other))
    rc, lines, err = run(capsys, lecture, published, "-q", "m")
    assert rc == 0, err
    assert heights(published / "drafts" / "qm-myparams") == {720}
    assert snapshot(published / "lecture") == before


def test_publish_replaces_the_publication_whole(published, lecture, capsys, clean_env, tmp_path):
    media = tmp_path / "media"
    shutil.copytree(published, media)
    rc, _, err = run(capsys, lecture, media, "-q", "l", "--scenes", "TinyA", "--publish")
    assert rc == 2 and err.count("\n") == 1 and "--publish publishes the whole lecture" in err
    rc, lines, err = run(capsys, lecture, media, "-q", "l", "--publish")
    assert rc == 0, err
    assert {p.name for p in (media / "lecture").iterdir()} == EXPECTED
    assert heights(media / "lecture") == {480}  # every scene at the one quality, none left at 1080p
    whole = frames(media / "lecture" / "lecture.mp4")
    assert whole == sum(frames(media / "lecture" / f"{i:02d}_{n}.mp4") for i, n in enumerate(NAMES, 1))


def test_parallel_and_serial_builds_give_the_same_files_and_lines(tmp_path, capsys, clean_env):
    names = ("TinyC", "TinyD", "TinyE")
    lecture = tiny_lecture(tmp_path / "scenes", names)
    results = {}
    for jobs in ("1", "3"):
        media = tmp_path / f"media-{jobs}"
        rc, lines, err = run(capsys, lecture, media, "-q", "l", "--publish", "--jobs", jobs)
        assert rc == 0, err
        shown = [re.sub(r"\d+ s\b", "N s", l.replace(str(media), "MEDIA")) for l in lines]
        results[jobs] = (shown, snapshot(media / "lecture"))
    assert results["1"][0] == results["3"][0]
    assert [l.split(" ... ")[0] for l in results["3"][0] if l.startswith("[")] == [
        f"[{n}/3] {name}" for n, name in enumerate(names, 1)]
    assert results["1"][1] == results["3"][1]  # byte for byte


def test_a_truncated_cached_piece_is_rendered_again(published, lecture, capsys, clean_env, tmp_path):
    media = tmp_path / "media"
    shutil.copytree(published, media)
    good = media / "lecture" / "01_TinyA.mp4"
    with av.open(str(good)) as c:
        packets = [bytes(p) for p in c.demux(video=0) if p.dts is not None]
    pieces = sorted((media / "videos").glob("*/1080p60/partial_movie_files/TinyA/*.mp4"))
    assert len(pieces) >= 2   # its animations (and the holds that let its narration finish)
    data = pieces[0].read_bytes()
    pieces[0].write_bytes(data[: len(data) // 2])  # as a full disk or a killed process leaves it
    assert mf.broken_pieces(pieces) == [pieces[0]]
    rc, lines, err = run(capsys, lecture, media, "--force")
    assert rc == 0, err
    line = next(l for l in lines if l.startswith("[1/2]"))
    assert "1 broken cached piece(s) rendered again" in line, line
    published_now = media / "lecture" / "01_TinyA.mp4"
    with av.open(str(published_now)) as c:
        assert [bytes(p) for p in c.demux(video=0) if p.dts is not None] == packets  # whole again
    assert frames(published_now) == len(packets)
    assert mf.broken_pieces(sorted((media / "videos").glob("*/1080p60/partial_movie_files/TinyA/*.mp4"))) == []


def test_the_video_check_refuses_short_or_cut_videos(published, tmp_path):
    """What stands between a broken render and the publication: a video must decode end to end
    into exactly the frames its pieces hold."""
    good = published / "lecture" / "01_TinyA.mp4"
    n = frames(good)
    mf.check_video(good, n)
    with pytest.raises(mf.BrokenVideo, match="expected"):
        mf.check_video(good, n + 1)  # a piece's frames missing
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size * 2 // 3])
    with pytest.raises(mf.BrokenVideo):
        mf.check_video(cut, n)


# ---- lecture.mp4: proved from its scenes' packets, not decoded again (issue 25, 7) -----------

def scene_videos(directory: Path) -> list[Path]:
    return [directory / f"{i:02d}_{n}.mp4" for i, n in enumerate(NAMES, 1)]


def video_packets(path: Path) -> list:
    """(position in the file, size) of every video packet, in file order."""
    with av.open(str(path)) as c:
        return [(p.pos, p.size) for p in c.demux(video=0) if p.dts is not None]


def remux_without(src: Path, dest: Path, drop: int) -> None:
    """``src`` remuxed (every stream) without its video packet number ``drop``."""
    with av.open(str(src)) as c, av.open(str(dest), "w", format="mp4") as out:
        streams = {s.index: out.add_stream_from_template(s) for s in c.streams}
        k = 0
        for p in c.demux():
            if p.dts is None:
                continue
            if p.stream.type == "video":
                k += 1
                if k - 1 == drop:
                    continue
            p.stream = streams[p.stream.index]
            out.mux(p)


def tiny_clip(path: Path, level: str, colour: int) -> Path:
    """Six 64x36 frames encoded with libx264 at an H.264 ``level`` (in the avcC extradata)."""
    with av.open(str(path), "w", format="mp4") as out:
        v = out.add_stream("libx264", rate=15, options={"level": level})
        v.width, v.height, v.pix_fmt = 64, 36, "yuv420p"
        for k in range(6):
            frame = av.VideoFrame.from_ndarray(np.full((36, 64, 3), (colour + 20 * k) % 256, np.uint8), format="rgb24")
            out.mux(v.encode(frame.reformat(format="yuv420p")))
        out.mux(v.encode())
    return path


def test_the_join_check_refuses_a_changed_byte_or_a_missing_packet(published, tmp_path):
    scenes = scene_videos(published / "lecture")
    joined = published / "lecture" / "lecture.mp4"
    n = sum(mf.header_frames(s) for s in scenes)
    mf.check_join(joined, scenes, n)  # the published lecture passes
    with pytest.raises(mf.BrokenVideo, match="expected"):
        mf.check_join(joined, scenes, n + 1)  # a piece's frames missing
    packets = video_packets(joined)
    pos, size = packets[len(video_packets(scenes[0])) + 2]  # the second scene's third packet
    data = bytearray(joined.read_bytes())
    data[pos + size // 2] ^= 0x01
    (tmp_path / "flipped.mp4").write_bytes(bytes(data))
    with pytest.raises(mf.BrokenVideo, match=r"packet \d+ \(02_TinyB.mp4's packet 2\) is not the scene's \(payload"):
        mf.check_join(tmp_path / "flipped.mp4", scenes, n)
    remux_without(joined, tmp_path / "dropped.mp4", drop=len(packets) - 1)   # its last frame
    with pytest.raises(mf.BrokenVideo, match="fewer packets than its scenes"):
        mf.check_join(tmp_path / "dropped.mp4", scenes, n)


def test_the_join_check_refuses_scenes_whose_extradata_differ_or_not_starting_on_a_keyframe(tmp_path):
    a = tiny_clip(tmp_path / "a.mp4", "3.0", 40)
    b = tiny_clip(tmp_path / "b.mp4", "4.0", 200)
    for clip in (a, b):
        mf.check_video(clip, 6)  # each decodes whole
    mf.join_mp4([a, a], tmp_path / "aa.mp4")
    mf.check_join(tmp_path / "aa.mp4", [a, a], 12)
    mf.join_mp4([a, b], tmp_path / "ab.mp4")   # the same codec, size, pixel format and time base
    with pytest.raises(mf.BrokenVideo, match="b.mp4's video extradata is not the joined stream's"):
        mf.check_join(tmp_path / "ab.mp4", [a, b], 12)
    remux_without(a, tmp_path / "cut.mp4", drop=0)   # its first frame, the keyframe
    mf.join_mp4([tmp_path / "cut.mp4", a], tmp_path / "cuta.mp4")
    with pytest.raises(mf.BrokenVideo, match="cut.mp4 does not start on a keyframe"):
        mf.check_join(tmp_path / "cuta.mp4", [tmp_path / "cut.mp4", a], 11)


def test_a_join_that_fails_its_check_publishes_nothing(published, lecture, capsys, clean_env, tmp_path, monkeypatch):
    media = tmp_path / "media"
    shutil.copytree(published, media)
    (media / "build" / "lecture" / "lecture.json").unlink()   # the lecture is joined again
    before = snapshot(media / "lecture")
    real = mf.join_mp4

    def flipping(sources, dest, audio=True):
        durations = real(sources, dest, audio)
        if len(sources) > 1:   # the lecture's join: one byte of a packet changed on the way
            pos, size = video_packets(dest)[5]
            with open(dest, "r+b") as f:
                f.seek(pos + size // 2)
                byte = f.read(1)[0]
                f.seek(pos + size // 2)
                f.write(bytes([byte ^ 0x01]))
        return durations

    monkeypatch.setattr(mf, "join_mp4", flipping)
    rc, lines, err = run(capsys, lecture, media)
    assert rc == 1
    assert err.count("\n") == 1 and err.startswith("error: the joined lecture is broken: lecture.mp4: packet 5 "), err
    assert "nothing published" in err
    assert snapshot(media / "lecture") == before
    assert not list(media.glob(".lecture.*"))  # no staging copy left


def test_a_second_build_at_the_same_time_gets_one_line(published, lecture, capsys, clean_env):
    before = snapshot(published / "lecture")
    with build.build_lock(published):  # a build is running
        rc, lines, err = run(capsys, lecture, published, "-q", "l")
    assert rc == 1 and lines == []
    assert err.count("\n") == 1 and err.startswith("error: another build is running in "), err
    assert snapshot(published / "lecture") == before


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS])
def test_a_full_or_read_only_media_folder_gets_one_line_and_keeps_the_publication(
        published, lecture, capsys, clean_env, tmp_path, monkeypatch, code):
    media = tmp_path / "media"
    shutil.copytree(published, media)
    before = snapshot(media / "lecture")
    real = os.replace

    def failing(src, dst, *a, **k):
        if ".lecture.staging" in str(dst):
            raise OSError(code, os.strerror(code), str(dst))
        return real(src, dst, *a, **k)

    monkeypatch.setattr(os, "replace", failing)
    rc, _, err = run(capsys, lecture, media, "--force")
    assert rc == 1
    assert err.count("\n") == 1 and err.startswith("error: cannot write "), err
    assert ("the disk is full" if code == errno.ENOSPC else "read-only") in err
    assert snapshot(media / "lecture") == before
    assert not list(media.glob(".lecture.*"))  # no staging copy left


def test_a_file_where_the_media_folder_should_be_gets_one_line(lecture, capsys, clean_env, tmp_path):
    media = tmp_path / "media"
    media.write_text("not a folder")
    rc, lines, err = run(capsys, lecture, media, "-q", "l")
    assert rc == 1 and err.count("\n") == 1 and err.startswith("error: cannot write "), err
    assert media.read_text() == "not a folder"



# ---- the script (issue #26) -------------------------------------------------------------------

REWORDED = "It moves to the right, one cell, and stops there."


def test_a_reworded_sentence_re_renders_only_its_scene(published, lecture, capsys, clean_env, tmp_path):
    """A copy of the script with one beat of TinyB said otherwise: TinyA is not even handed to
    Manim, TinyB is rendered again and its captions say the new words."""
    media = tmp_path / "media"
    shutil.copytree(published, media)
    before = snapshot(media / "lecture")
    text = fluent(lecture)
    at = text.index("TinyB-move =")
    assert "It moves." in text[at:]
    reworded = tmp_path / "reworded.ftl"
    reworded.write_text(text[:at] + text[at:].replace("It moves.", REWORDED, 1), encoding="utf-8")
    rc, lines, err = run(capsys, lecture, media, env={SCRIPT_ENV: str(reworded)})
    assert rc == 0, err
    progress = [l for l in lines if l.startswith("[")]
    assert progress[0].startswith("[1/2] TinyA ... unchanged") and "inputs unchanged" in progress[0], progress
    assert progress[1].startswith("[2/2] TinyB ... rendered in"), progress
    after = snapshot(media / "lecture")
    a_files = [n for n in before if n.startswith("01_TinyA")]
    assert a_files and {n: after[n] for n in a_files} == {n: before[n] for n in a_files}
    assert after["02_TinyB.mp4"] != before["02_TinyB.mp4"]
    for name in ("02_TinyB.srt", "02_TinyB.vtt", "lecture.srt", "script.md"):
        said = " ".join((media / "lecture" / name).read_text(encoding="utf-8").split())
        assert REWORDED in said, (name, said)
        assert "TinyB appears." in said
        assert ("It moves." in said) == (name in ("lecture.srt", "script.md")), (name, said)   # TinyA's only


def marked(lecture):
    """The tiny lecture with TinyA's first beat waiting for a mark its words do not have."""
    first = lecture[0]
    waits = type(first.__name__, (first,), {"__module__": first.__module__,
                                            "beats": (Beat("square", marks=("there",)), Beat("move"))})
    return [waits, *lecture[1:]]


def broken_catalog(tmp_path, monkeypatch):
    """Catalogs read from a folder whose ``xx`` catalog is not a gettext catalog."""
    po = tmp_path / "locale" / "xx" / "LC_MESSAGES" / "lecture.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid "Chapters"\nmsgstr "Kapitel"\nthis is not a catalog line\n', encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path / "locale")
    return po


# name -> (the script's text after the tiny lecture's words, build arguments, what the line says)
REFUSED = {
    "a script lacking a mark": ("", [], ['TinyA-square: lacks the mark <mark name="there"/> (the scene waits for it)']),
    "a script with an unused beat": ("TinyA-spin =\n    It spins.\n    .title = Spin\n", [],
                                     ["TinyA-spin: no scene has this beat (TinyA's beats: square, move)"]),
    "a script that is not Fluent": ("this line is not Fluent\n", [], ["line {junk}: not Fluent (", "'this line is not Fluent'"]),
    "a broken catalog": ("", ["--language", "xx"], ["xx/LC_MESSAGES/lecture.po: not a gettext catalog ("]),
    "a missing catalog": ("", ["--language", "xy"], ["xy/LC_MESSAGES/lecture.po: missing (the on-screen words of 'xy'"]),
    "an unknown --language": (None, ["--language", "xx"], ["--language xx: no script for this language (there is one for: en, es;"]),
}


@pytest.mark.parametrize("name", REFUSED)
def test_a_script_catalog_or_language_that_cannot_be_used_is_one_line_and_nothing_renders(
        published, lecture, capsys, clean_env, tmp_path, monkeypatch, name):
    extra, args, says = REFUSED[name]
    script = tmp_path / "script.ftl"
    junk = (fluent(lecture) + "\n").count("\n") + 1   # the first line after the tiny lecture's words
    if extra is None:   # no script of the test's own: the lecture's languages
        env = {SCRIPT_ENV: ""}
    else:
        script.write_text(fluent(lecture) + "\n" + extra, encoding="utf-8")
        env = {SCRIPT_ENV: str(script)}
    if name == "a broken catalog":
        broken_catalog(tmp_path, monkeypatch)
    if "--language" in args:   # a language without a voice of its own: narrated by a lecturer (else one more line)
        params = tmp_path / "unvoiced.toml"
        params.write_text('[pace]\nvoice = "none"\n', encoding="utf-8")
        env = {**env, "LECTURE_PARAMS": str(params)}
    scenes = marked(lecture) if name == "a script lacking a mark" else lecture
    before, records = snapshot(published / "lecture"), snapshot(published / "build")
    rc, lines, err = run(capsys, scenes, published, *args, env=env)
    assert rc == 2, err
    assert lines == []   # nothing rendered, not even started
    assert err.count("\n") == 1 and err.count("error:") == 1 and err.startswith("error: "), err
    for fragment in says:
        assert fragment.format(junk=junk) in err, (fragment, err)
    if extra:
        assert err.startswith(f"error: {script}"), err
    assert snapshot(published / "lecture") == before and snapshot(published / "build") == records
    assert not list(published.glob("lecture-*"))   # no publication of another language begun


def test_every_mistake_of_the_parameter_file_and_the_script_in_one_run(
        published, lecture, capsys, clean_env, tmp_path):
    """Two independent mistakes of the parameter file and an unused beat of the script: three
    lines, the file's first, in one run; nothing rendered, the publication kept."""
    params = tmp_path / "two.toml"
    params.write_text((Path(build.ROOT) / "scenes" / "lecture.toml").read_text()
                      .replace("[pace]\n", "[pace]\nspeed = 2\n", 1)
                      + "\n[scenes.test]\nchannels = 9\n", encoding="utf-8")
    script = tmp_path / "script.ftl"
    script.write_text(fluent(lecture) + "\nTinyB-spin =\n    It spins.\n    .title = Spin\n", encoding="utf-8")
    before, records = snapshot(published / "lecture"), snapshot(published / "build")
    rc, lines, err = run(capsys, lecture, published, env={SCRIPT_ENV: str(script), "LECTURE_PARAMS": str(params)})
    assert rc == 2 and lines == [], err
    got = err.splitlines()
    assert len(got) == 3, err
    assert got[0].startswith(f"error: {params}: ") and "'speed'" in got[0], got
    assert got[1].startswith(f"error: {params}: ") and "[scenes.test] channels = 9" in got[1], got
    assert got[2].startswith(f"error: {script}: TinyB-spin: no scene has this beat"), got
    assert snapshot(published / "lecture") == before and snapshot(published / "build") == records
