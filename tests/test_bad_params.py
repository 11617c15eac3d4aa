"""Bad parameter files, table-driven: each is refused before anything renders, with one line that
names the file, the key, the value and what is allowed, and a non-zero exit. A file with several
mistakes is refused with all of them, one line each, in the file's order; a mistake that only
follows from another one is not reported (issue #26).

Every case goes through ``scenes.base.validate_or_exit``: the call every scene makes in
``setup``, so it is what ``manim scenes/<file>.py <Scene>`` runs before any frame is drawn. A few
cases also run the real ``manim`` command to check its exit status and that no file was written.
"""
import json
import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest

from cnncore.params import MAX_LINES
from cnncore.text import printable
from scenes.base import validate_or_exit
from scenes.content.gradient import SharedGradient
from scenes.content.transposed import TransposedConv
from scenes.content.unrolled import UnrolledMatrix
from scenes.content.sliding_filter import SlidingFilter

ROOT = Path(__file__).resolve().parents[1]
# Arrays nested this deep still parse (tomllib recurses about 2 frames a level); the validator
# must refuse them for their depth, without recursing and without handing them to numpy.
DEEP = 350

# name -> (file text, or None for a missing file; fragments the one-line error must contain)
CASES = {
 "missing file": (None, ["not found"]),
 "empty file": ("", ["empty"]),
 "TOML syntax error": ("[layer\nchannels = 3\n", ["not valid TOML"]),
 "layer is not a table": ('layer = 5\n', ["layer", "must be a table"]),
 "unknown top-level table": ("[colours]\nbg = 1\n", ["'colours'", "layer, pace, scenes"]),
 "unknown key (typo)": ("[layer]\nchanels = 3\n", ["'chanels'", "channels, input_size"]),
 "unknown pace key": ("[pace]\nspeed = 2\n", ["'speed'", "step, full_positions"]),
 "unknown scene": ("[scenes.slidingfilter]\nchannels = 1\n", ["'slidingfilter'", "sliding_filter"]),
 "string for a number": ('[layer]\nchannels = "three"\n', ["channels = 'three'", "whole number from 1 to 3"]),
 "float for a whole number": ("[layer]\nchannels = 2.0\n", ["channels = 2.0", "whole number from 1 to 3"]),
 "bool for a number": ("[layer]\nchannels = true\n", ["channels = True", "whole number from 1 to 3"]),
 "zero channels": ("[layer]\nchannels = 0\n", ["channels = 0", "from 1 to 3"]),
 "too many channels": ("[layer]\nchannels = 4\n", ["channels = 4", "from 1 to 3"]),
 "too many filters": ("[layer]\nfilters = 4\n", ["filters = 4", "from 1 to 3"]),
 "negative filters": ("[layer]\nfilters = -1\n", ["filters = -1", "from 1 to 3"]),
 "zero kernel": ("[layer]\nkernel_size = 0\n", ["kernel_size = 0", "from 1 to 5"]),
 "kernel too large to show": ("[layer]\nkernel_size = 6\n", ["kernel_size = 6", "from 1 to 5"]),
 "zero stride": ("[layer]\nstride = 0\n", ["stride = 0", "from 1 to 4"]),
 "non-integer stride": ("[layer]\nstride = 1.5\n", ["stride = 1.5", "whole number from 1 to 4"]),
 "negative padding": ("[layer]\npadding = -1\n", ["padding = -1", "from 0 to 2"]),
 "zero dilation": ("[layer]\ndilation = 0\n", ["dilation = 0", "from 1 to 3"]),
 "huge input": ("[layer]\ninput_size = 1000000000000\n", ["input_size = 1000000000000", "from 1 to 9"]),
 "infinite input size": ("[layer]\ninput_size = inf\n", ["input_size = inf", "whole number"]),
 "input too large to be legible": ("[layer]\ninput_size = 8\npadding = 1\nstride = 1\n",
                                   ["input_size + 2*padding = 10", "at most 9"]),
 "stride that does not tile": ("[layer]\ninput_size = 6\npadding = 0\nkernel_size = 3\nstride = 2\n",
                               ["stride=2", "does not tile", "allowed strides here"]),
 "kernel larger than the padded input": ("[layer]\ninput_size = 2\npadding = 0\nkernel_size = 4\nstride = 1\n",
                                         ["kernel_size=4", "too large"]),
 "negative seed": ("[layer]\nseed = -1\n", ["seed = -1", "from 0 to 4294967295"]),
 "seed too large": ("[layer]\nseed = 4294967296\n", ["seed = 4294967296", "from 0 to 4294967295"]),
 "NaN seed": ("[layer]\nseed = nan\n", ["seed = nan", "whole number"]),
 "NaN pace": ("[pace]\nstep = nan\n", ["step = nan", "finite number from 0.05 to 10.0"]),
 "infinite pace": ("[pace]\nfast_step = inf\n", ["fast_step = inf", "finite number"]),
 "negative hold": ("[pace]\nhold = -1\n", ["hold = -1", "from 0.0 to 30.0"]),
 "non-integer positions": ("[pace]\nfull_positions = 1.5\n", ["full_positions = 1.5", "whole number"]),
 "value out of range": ("[layer]\ninput_range = [0, 10]\n", ["input_range", "from -9 to 9; found 10"]),
 "range upside down": ("[layer]\ninput_range = [2, 0]\n", ["input_range = [2, 0]", "low <= high"]),
 "range of the wrong shape": ("[layer]\nweight_range = [1]\n", ["weight_range = [1]", "shape 2"]),
 "biases of the wrong shape": ("[layer]\nfilters = 2\nbiases = [1, 0, 1]\n", ["biases = [1, 0, 1]", "shape 2, got 3"]),
 "input of the wrong shape": ("[layer]\ninput = [[1, 2], [3, 4]]\n", ["input", "shape 3 x 5 x 5, got 2 x 2"]),
 "weights of the wrong shape": ("[layer]\nweights = [[[[1]]]]\n", ["weights", "shape 2 x 3 x 3 x 3, got 1 x 1 x 1 x 1"]),
 "ragged input": ("[layer]\ninput = [[[1, 2], [3]]]\n", ["input", "regular"]),
 "strict not a bool": ('[layer]\nstrict = "yes"\n', ["strict = 'yes'", "true or false"]),
 "bad value in a scene table": ("[scenes.channels]\nchannels = 5\n", ["[scenes.channels] channels = 5", "from 1 to 3"]),
 # Files that used to end in a traceback (issue #16): more digits than int() converts, deeper
 # than tomllib recurses, deeper than the validator recursed, a whole number float() cannot take.
 "more digits than Python converts": ("[layer]\nseed = " + "9" * 5000 + "\n", ["a number has more digits than Python converts"]),
 "arrays nested deeper than the TOML reader recurses": ("[layer]\ninput = " + "[" * 3000 + "1" + "]" * 3000 + "\n", ["nested too deeply"]),
 "inline tables nested deeper than the TOML reader recurses": ("[layer]\ninput = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n", ["nested too deeply"]),
 "array nested deeper than its shape": ("[layer]\ninput = " + "[" * DEEP + "1" + "]" * DEEP + "\n", ["[layer] input = [[[", "shape 3 x 5 x 5", "nested deeper"]),
 "a hexadecimal number float() cannot take": ("[pace]\nstep = 0x" + "f" * 5000 + "\n", ["[pace] step = <a whole number of about 6021 digits>", "from 0.05 to 10.0"]),
 "a hexadecimal number repr() cannot write": ("[layer]\nchannels = 0x" + "f" * 5000 + "\n", ["[layer] channels = <a whole number of about 6021 digits>", "from 1 to 3"]),
 "a string of 100,000 characters": ('[layer]\nchannels = "' + "x" * 100_000 + '"\n', ["channels = 'xxxx", "...'", "whole number from 1 to 3"]),
 "control characters in a string": ('[layer]\nchannels = "a\\u2028b\\u001bc"\n', ["channels = 'a\\u2028b\\x1bc'", "whole number"]),
 "a file too large to be a parameter file": ("#" * 1_000_001, ["1000001 bytes", "at most 1000000"]),
 "not UTF-8": (b"[layer]\nseed = 1 # \xff\n", ["not UTF-8 text: byte 0xff at offset 19"]),
 "groups that do not divide the channels": ("[layer]\ngroups = 2\n", ["[layer] groups = 2", "must divide both channels (3)"]),
 "groups that do not divide the filters": ("[layer]\nchannels = 2\nfilters = 3\ngroups = 2\nbiases = [0, 0, 0]\n",
                                           ["groups = 2", "filters (3)"]),
 "too many groups": ("[layer]\ngroups = 4\n", ["groups = 4", "from 1 to 3"]),
 "output_padding not smaller than the stride": ("[layer]\noutput_padding = 2\n",
                                                ["[layer] output_padding = 2", "smaller than stride (2)", "0..1"]),
 "transposed not a bool": ("[layer]\ntransposed = 1\n", ["transposed = 1", "true or false"]),
 "transposed layer cropped away by padding": ("[scenes.transposed]\ntransposed = true\ninput_size = 1\nkernel_size = 1\n"
                                              "stride = 1\npadding = 1\n", ["[scenes.transposed]", "padding=1",
                                                                            "crops the whole output"]),
}

# Limits of one scene's own picture, checked when that scene renders (its key is passed on).
SCENE_CASES = {
    "unrolled matrix too wide": (UnrolledMatrix, "[scenes.unrolled]\nchannels = 2\nfilters = 1\ninput_size = 4\n"
                                 "kernel_size = 3\nstride = 1\npadding = 0\nstrict = false\n",
                                 ["[scenes.unrolled]", "matrix columns", "= 32", "at most 27"]),
    "gradient with too many terms": (SharedGradient, "[scenes.gradient]\ninput_size = 5\nkernel_size = 1\n"
                                     "stride = 1\npadding = 0\n", ["[scenes.gradient]", "output_size = 5", "at most 4"]),
    "transposed output too large for the screen": (TransposedConv, "[scenes.transposed]\nchannels = 1\nfilters = 1\ntransposed = true\ninput_size = 4\nstride = 3\n",
                                                   ["[scenes.transposed]", "transposed output size", "= 12", "at most 9"]),
    # transposed sizes (input 2 of a stride-2 transposed layer) a convolution cannot take: before
    # this was refused, SlidingFilter validated and then failed mid-build (found by the fuzz test)
    "transposed sizes given to a convolution's scene": (SlidingFilter, "[layer]\ninput_size = 2\ntransposed = true\n",
                                                        ["[scenes.sliding_filter] transposed = true",
                                                         "plain convolution", "allowed: false"]),
}


def refuse(tmp_path, text, scenes=(), capsys=None):
    """Run the import-time check on a file with ``text``; return (path, the error line)."""
    path, err = refuse_all(tmp_path, text, scenes, capsys)
    assert err.count("\n") == 1, f"one line, got: {err[:2000]!r}"
    assert len(err) < 600, f"short, got {len(err)} characters: {err[:2000]!r}"
    return path, err.strip()


def refuse_all(tmp_path, text, scenes=(), capsys=None):
    """Run the import-time check on a file with ``text``; return (path, stderr): printable
    ``error: <path>: ...`` lines and nothing else."""
    path = tmp_path / ("missing.toml" if text is None else "lecture.toml")
    if isinstance(text, bytes):
        path.write_bytes(text)
    elif text is not None:
        path.write_text(text, encoding="utf-8")
    old = os.environ.get("LECTURE_PARAMS")
    os.environ["LECTURE_PARAMS"] = str(path)
    try:
        with pytest.raises(SystemExit) as exc:
            validate_or_exit(*scenes)
    finally:
        if old is None:
            os.environ.pop("LECTURE_PARAMS")
        else:
            os.environ["LECTURE_PARAMS"] = old
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.endswith("\n"), err[:2000]
    for line in err[:-1].split("\n"):
        assert line.isprintable(), f"printable, got: {line[:2000]!r}"
        assert line.startswith(f"error: {printable(path)}: "), f"names the file, got: {line[:2000]!r}"
    return path, err


def test_there_are_at_least_30_cases():
    assert len(CASES) + len(SCENE_CASES) >= 50


@pytest.mark.parametrize("name", CASES)
def test_a_bad_file_is_refused_with_one_clear_line(tmp_path, capsys, name):
    text, fragments = CASES[name]
    path, line = refuse(tmp_path, text, capsys=capsys)
    assert line.startswith(f"error: {path}:"), "the line names the file"
    for f in fragments:
        assert f in line, f"{f!r} not in {line!r}"


@pytest.mark.parametrize("name", SCENE_CASES)
def test_a_layer_too_large_for_its_scene_is_refused(tmp_path, capsys, name):
    scene, text, fragments = SCENE_CASES[name]
    path, line = refuse(tmp_path, text, scenes=(scene,), capsys=capsys)
    assert line.startswith(f"error: {path}:")
    for f in fragments:
        assert f in line, f"{f!r} not in {line!r}"


def test_huge_sizes_are_refused_fast_without_allocating_them(tmp_path, capsys):
    text = "[layer]\ninput_size = 1000000000000\nchannels = 3\nkernel_size = 5\n"
    tracemalloc.start()
    start = time.perf_counter()
    refuse(tmp_path, text, capsys=capsys)
    took = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert took < 1.0
    assert peak < 2_000_000, f"{peak} bytes allocated while refusing"


@pytest.mark.parametrize("name", ["unknown key (typo)", "huge input"])
def test_manim_exits_non_zero_before_rendering(tmp_path, name):
    text, fragments = CASES[name]
    params = tmp_path / "lecture.toml"
    params.write_text(text, encoding="utf-8")
    media = tmp_path / "media"
    r = subprocess.run([sys.executable, "-m", "manim", "-ql", "--media_dir", str(media),
                        "scenes/content/depth_slices.py", "DepthSlices"], cwd=ROOT, capture_output=True, text=True,
                       env=dict(os.environ, LECTURE_PARAMS=str(params)), timeout=120)
    assert r.returncode != 0
    lines = [ln for ln in r.stderr.splitlines() if ln.startswith("error: ")]
    assert len(lines) == 1 and all(f in lines[0] for f in fragments), r.stderr
    assert not [p for p in media.rglob("*") if p.is_file()], "nothing is written"


# ---- several mistakes: all of them, one line each, in the file's order (issue #26) ---------------

# An unknown key in [layer], a value out of range in [pace], a value of the wrong type in a scene
# table: three independent mistakes, three lines.
THREE = '[layer]\nchannels = 3\nchanels = 1\n\n[pace]\npause = -1\n\n[scenes.gradient]\nstride = "2"\n'
THREE_LINES = [["unknown key in [layer]: 'chanels'", "valid keys here: channels, input_size"],
               ["[pace] pause = -1", "from 0.0 to 5.0"],
               ["[scenes.gradient] stride = '2'", "whole number from 1 to 4"]]

# name -> (file text, fragments of each line, in order)
SEVERAL = {
 "three mistakes in three tables": (THREE, THREE_LINES),
 "in the file's order, not the order they are checked in":
     ('[scenes.gradient]\nstride = "2"\n[pace]\npause = -1\n[layer]\nchanels = 1\n', THREE_LINES[::-1]),
 "every unknown key, in every table":
     ("[layer]\nchanels = 1\nfilter = 1\n[pace]\nspeed = 2\n[colours]\nbg = 1\n[scenes.unrolled]\nsize = 2\n",
      [["'chanels'"], ["'filter'"], ["'speed'"], ["'colours'"], ["in [scenes.unrolled]: 'size'"]]),
 "every wrong value of one table, in the file's order":
     ("[layer]\nseed = -1\nchannels = 0\nstrict = 1\n", [["seed = -1"], ["channels = 0"], ["strict = 1"]]),
 "every bad array":
     ("[layer]\ninput_range = [0, 10]\nweight_range = [2, 0]\nbiases = [1, 0, 1]\ninput = [[1, 2], [3, 4]]\n",
      [["input_range", "found 10"], ["weight_range = [2, 0]", "low <= high"], ["biases = [1, 0, 1]", "shape 2, got 3"],
       ["input", "shape 3 x 5 x 5, got 2 x 2"]]),
 "two independent size checks of one layer":
     ("[layer]\ninput_size = 8\npadding = 1\nstride = 1\ngroups = 2\n",
      [["input_size + 2*padding = 10"], ["groups = 2", "must divide both channels (3)"]]),
 "a scene's own sizes beside [layer]'s":
     ("[layer]\ninput_size = 8\npadding = 1\n[scenes.sliding_filter]\ninput_size = 3\npadding = 0\nkernel_size = 5\n",
      [["[layer] input_size + 2*padding = 10"], ["[scenes.sliding_filter] kernel_size=5", "too large"]]),
 "a scene's settings and its layer keys":
     ("[scenes.why_share]\nimage = \"lena\"\nchannels = 9\nshift = [2, 9]\n",
      [["image = 'lena'"], ["[scenes.why_share] channels = 9"], ["shift = [2, 9]", "from -4 to 4"]]),
 # reported once, not twice: what a mistake makes meaningless is not checked
 "a size too large for the frame is not also a stride that does not tile (nor in every scene)":
     ("[layer]\ninput_size = 8\npadding = 1\nstride = 2\n", [["input_size + 2*padding = 10"]]),
 "a wrong channels is not also a wrong input shape":
     ("[layer]\nchannels = 5\ninput = " + repr([[[1] * 5] * 5] * 5) + "\n", [["channels = 5"]]),
 "a wrong channels, and an input not even nested as deep as an input is":
     ("[layer]\nchannels = 5\ninput = [[1, 2], [3, 4]]\n",
      [["channels = 5"], ["input = [[1, 2], [3, 4]]: must be lists nested 3 deep, got 2 x 2"]]),
 "a misspelt key is not also a wrong weights shape (it may be the key the shape comes from)":
     ("[layer]\nfilter = 1\nweights = " + repr([[[[1] * 3] * 3] * 3]) + "\n", [["unknown key", "'filter'"]]),
 "a wrong stride is not also the output size it was left out of":
     ('[scenes.gradient]\ninput_size = 6\nkernel_size = 3\npadding = 0\nstride = "1"\n', [["stride = '1'"]]),
 "a mistake in [layer] is not repeated in the scene tables that inherit it":
     ("[layer]\ngroups = 2\n[scenes.sliding_filter]\nchannels = 1\nfilters = 1\n", [["[layer] groups = 2"]]),
 "a wrong value in [layer] is not judged again, as its default, in every scene table":
     ("[layer]\nchannels = 4\nfilters = 2\ngroups = 2\n", [["[layer] channels = 4", "from 1 to 3"]]),
 "a wrong setting is not also the check that reads it":
     ("[scenes.why_share]\npixels = 99\ncrop = [0, 0, 250]\n", [["pixels = 99", "from 16 to 40"]]),
}


@pytest.mark.parametrize("name", SEVERAL)
def test_several_mistakes_are_one_line_each_in_the_files_order(tmp_path, capsys, name):
    text, expected = SEVERAL[name]
    _, err = refuse_all(tmp_path, text, capsys=capsys)
    lines = err.splitlines()
    assert len(lines) == len(expected), err
    for line, fragments in zip(lines, expected):
        for f in fragments:
            assert f in line, f"{f!r} not in {line!r}"


def test_a_file_of_many_mistakes_shows_the_first_ones_and_counts_the_rest(tmp_path, capsys):
    text = "[layer]\n" + "".join(f"typo_{i} = 1\n" for i in range(MAX_LINES + 10))
    _, err = refuse_all(tmp_path, text, capsys=capsys)
    lines = err.splitlines()
    assert len(lines) == MAX_LINES
    assert "'typo_0'" in lines[0] and f"'typo_{MAX_LINES - 2}'" in lines[-2]
    assert lines[-1].endswith(": and 11 more mistakes (fix these first)")


def test_three_mistakes_are_three_lines_from_the_build_and_nothing_renders(tmp_path):
    """``make video``'s command line: exit 2 before anything renders, one line per mistake."""
    params = tmp_path / "three.toml"
    params.write_text(THREE, encoding="utf-8")
    media = tmp_path / "media"
    r = subprocess.run([sys.executable, "-m", "toolchain.build", "--quality", "l", "--media-dir", str(media)],
                       cwd=ROOT, capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False,
                       env=dict(os.environ, LECTURE_PARAMS=str(params)), timeout=180)
    assert r.returncode == 2, r.stderr[-3000:]
    lines = r.stderr.splitlines()
    assert len(lines) == 3, r.stderr[-3000:]
    for line, fragments in zip(lines, THREE_LINES):
        assert line.startswith(f"error: {params}: "), line
        for f in fragments:
            assert f in line, f"{f!r} not in {line!r}"
    assert not [p for p in media.rglob("*") if p.is_file()], "nothing is rendered"


# ---- paths that are not plain files, through the real command line, in bounded time ----------

# One Python imports the scenes once (2 s), then forks a child per path, as the Manim server forks a
# render: each child runs validate_or_exit with its own LECTURE_PARAMS and its own stdout and
# stderr files; a child still running after TIMEOUT is killed (a read that blocks). Prints, as
# JSON: path -> [exit status or None, stdout, stderr].
VALIDATE = """
import json, os, sys, time, traceback
from scenes.base import validate_or_exit
folder, timeout, paths = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
children = {}
for n, path in enumerate(paths):
    out, err = (os.path.join(folder, f"{n}.{kind}") for kind in ("out", "err"))
    pid = os.fork()
    if pid == 0:
        os.environ["LECTURE_PARAMS"] = path
        for fd, name in ((1, out), (2, err)):
            os.dup2(os.open(name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), fd)
        sys.stdout = open(1, "w", closefd=False)
        sys.stderr = open(2, "w", closefd=False)
        status = 0
        try:
            validate_or_exit()
        except SystemExit as e:
            status = e.code if isinstance(e.code, int) else 1
        except BaseException:          # never back into the loop: the child ends here
            traceback.print_exc()
            status = 1
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
    children[pid] = (path, out, err)
deadline, codes = time.monotonic() + timeout, {}
while len(codes) < len(children) and time.monotonic() < deadline:
    pid, status = os.waitpid(-1, os.WNOHANG)
    if pid:
        codes[pid] = os.waitstatus_to_exitcode(status)
    else:
        time.sleep(0.02)
result = {}
for pid, (path, out, err) in children.items():
    if pid not in codes:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
    read = lambda name: open(name, encoding="utf-8", errors="replace").read()
    result[path] = [codes.get(pid), read(out), read(err)]
print(json.dumps(result))
"""
TIMEOUT = 60  # a hung read would never end; a refusal takes a few milliseconds after the import


def _special_paths(tmp: Path) -> dict:
    """name -> (path, what the line must say, how the path is shown)."""
    fifo = tmp / "fifo.toml"
    os.mkfifo(fifo)
    newline = tmp / "two\nlines" / "lecture.toml"
    newline.parent.mkdir()
    newline.write_text("[layer]\nchannels = 9\n", encoding="utf-8")
    deep = tmp / "deep.toml"
    deep.write_text("[layer]\ninput = " + "[" * 3000 + "1" + "]" * 3000 + "\n", encoding="utf-8")
    digits = tmp / "digits.toml"
    digits.write_text("[layer]\nseed = " + "9" * 5000 + "\n", encoding="utf-8")
    directory = tmp / "directory.toml"
    directory.mkdir()
    regular = tmp / "regular"
    regular.write_text("", encoding="utf-8")
    loop = tmp / "loop.toml"
    loop.symlink_to(loop)
    return {
        "a FIFO": (fifo, ["FIFO", "not a regular file"], str(fifo)),
        "a path holding a newline": (newline, ["channels = 9", "from 1 to 3"], str(newline).replace("\n", "\\n")),
        "arrays nested 3000 deep": (deep, ["nested too deeply"], str(deep)),
        "a number of 5000 digits": (digits, ["more digits than Python converts"], str(digits)),
        "a directory": (directory, ["a directory, not a regular file"], str(directory)),
        "a path through a regular file": (regular / "lecture.toml", ["cannot read", "Not a directory"],
                                          str(regular / "lecture.toml")),
        "a symlink loop": (loop, ["cannot read", "symbolic links"], str(loop)),
    }


@pytest.fixture(scope="module")
def special_runs(tmp_path_factory):
    """Every special path through ``validate_or_exit``, each in a Python of its own (``VALIDATE``)."""
    tmp = tmp_path_factory.mktemp("special")
    cases = _special_paths(tmp)
    proc = subprocess.run([sys.executable, "-c", VALIDATE, str(tmp), str(TIMEOUT),
                           *[str(path) for path, _, _ in cases.values()]],
                          cwd=ROOT, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          timeout=TIMEOUT + 60)
    assert proc.returncode == 0, proc.stderr[-3000:]
    by_path = json.loads(proc.stdout)
    return cases, {name: tuple(by_path[str(path)]) for name, (path, _, _) in cases.items()}


@pytest.mark.parametrize("name", ["a FIFO", "a path holding a newline", "arrays nested 3000 deep",
                                  "a number of 5000 digits", "a directory",
                                  "a path through a regular file", "a symlink loop"])
def test_a_special_path_ends_in_one_line_and_exit_2(special_runs, name):
    cases, runs = special_runs
    _, fragments, shown = cases[name]
    code, out, err = runs[name]
    assert code is not None, f"still running after {TIMEOUT} s: a read that blocks"
    assert code == 2, err[-3000:]
    assert out == ""
    assert err.count("\n") == 1 and err.endswith("\n"), f"one line, got: {err[-3000:]!r}"
    assert err[:-1].isprintable()
    assert err.startswith(f"error: {shown}: "), err
    for f in fragments:
        assert f in err, f"{f!r} not in {err!r}"


def test_a_fifo_is_refused_without_opening_it(tmp_path):
    """In-process, with a deadline: ``load`` returns at once instead of waiting for a writer."""
    import threading

    from cnncore.params import ParamError, load
    fifo = tmp_path / "lecture.toml"
    os.mkfifo(fifo)
    result = []

    def run():
        try:
            load(fifo)
        except ParamError as e:
            result.append(str(e))

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout=5)
    if worker.is_alive():  # unblock the stuck open() so the thread can end
        with open(fifo, "w"):
            pass
        pytest.fail("load() blocked on a FIFO")
    assert result and "FIFO" in result[0]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its mode")
def test_an_unreadable_file_is_refused_with_one_line(tmp_path, capsys):
    path = tmp_path / "lecture.toml"
    path.write_text("[layer]\n", encoding="utf-8")
    path.chmod(0)
    old = os.environ.get("LECTURE_PARAMS")
    os.environ["LECTURE_PARAMS"] = str(path)
    try:
        with pytest.raises(SystemExit) as exc:
            validate_or_exit()
    finally:
        os.environ.pop("LECTURE_PARAMS") if old is None else os.environ.update(LECTURE_PARAMS=old)
    err = capsys.readouterr().err
    assert exc.value.code == 2 and err.count("\n") == 1 and "Permission denied" in err
