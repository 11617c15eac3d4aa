"""Output-size arithmetic (cnncore.geometry): the formula against brute force, and the errors."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cnncore import GeometryError, conv2d, output_size

SETTINGS = settings(max_examples=100, deadline=None)


def brute_force_positions(n, f, p, s, d):
    """Count the start positions a dilated filter takes on a padded input, one by one."""
    span = d * (f - 1) + 1
    count, start = 0, 0
    while start + span <= n + 2 * p:
        count += 1
        start += s
    return count


def tiles_exactly(n, f, p, s, d):
    """True when the last window ends exactly on the padded input's last cell."""
    span = d * (f - 1) + 1
    last = (brute_force_positions(n, f, p, s, d) - 1) * s + span
    return last == n + 2 * p


@SETTINGS
@given(n=st.integers(1, 30), f=st.integers(1, 8), p=st.integers(0, 4), s=st.integers(1, 5),
       d=st.integers(1, 4))
def test_output_size_matches_brute_force(n, f, p, s, d):
    expected = brute_force_positions(n, f, p, s, d)
    if expected == 0:
        with pytest.raises(GeometryError):
            output_size(n, f, p, s, d)
        return
    assert output_size(n, f, p, s, d) == expected
    if tiles_exactly(n, f, p, s, d):
        assert output_size(n, f, p, s, d, strict=True) == expected
    else:
        with pytest.raises(GeometryError):
            output_size(n, f, p, s, d, strict=True)


def test_known_sizes():
    assert output_size(5, 3, padding=1, stride=2) == 3          # CS231n demo
    assert output_size(224, 3, padding=1, stride=1) == 224      # "same" padding
    assert output_size(227, 11, padding=0, stride=4) == 55      # AlexNet conv1
    assert output_size(7, 3, dilation=2) == 3                   # span 5
    assert output_size(3, 3) == 1
    assert output_size(1, 1) == 1


def test_geometry_error_is_a_value_error():
    assert issubclass(GeometryError, ValueError)
    with pytest.raises(ValueError):
        output_size(2, 5)


def message(**kw):
    with pytest.raises(GeometryError) as exc:
        output_size(**kw)
    return str(exc.value)


def test_kernel_too_large_message_names_parameter_value_limit_and_arithmetic():
    msg = message(n=4, f=7, padding=1)
    assert "kernel_size=7" in msg
    assert "input_size=4" in msg and "padding=1" in msg
    assert "allowed: a span of at most 6" in msg
    assert "1*(7-1)+1 = 7" in msg          # the filter's span, worked out
    assert "4+2*1 = 6" in msg              # the padded input, worked out


def test_dilated_kernel_too_large_message_shows_dilation():
    msg = message(n=5, f=3, dilation=3, axis="rows")
    assert "kernel_size=3" in msg and "dilation=3" in msg
    assert "3*(3-1)+1 = 7" in msg
    assert "along rows" in msg
    assert "at most 5" in msg


def test_stride_not_tiling_in_strict_mode_message():
    # 6 + 2*0 - 1*(3-1) - 1 = 3 leaves remainder 1 when divided by 2
    assert output_size(6, 3, stride=2) == 2  # not strict: the border is dropped
    msg = message(n=6, f=3, stride=2, strict=True, axis="columns")
    assert "stride=2" in msg
    assert "along columns" in msg
    assert "(6 + 2*0 - 1*(3-1) - 1) / 2" in msg
    assert "3/2 leaves remainder 1" in msg
    assert "allowed strides here: 1, 3" in msg


@pytest.mark.parametrize("kw, name, shown, allowed", [
    (dict(n=5, f=3, padding=-1), "padding", "-1", ">= 0"),
    (dict(n=5, f=3, stride=0), "stride", "0", ">= 1"),
    (dict(n=5, f=3, stride=-2), "stride", "-2", ">= 1"),
    (dict(n=5, f=3, dilation=0), "dilation", "0", ">= 1"),
    (dict(n=0, f=1), "input_size", "0", ">= 1"),
    (dict(n=5, f=0), "kernel_size", "0", ">= 1"),
    (dict(n=5.0, f=3), "input_size", "5.0", "whole number >= 1"),
    (dict(n=5, f=2.5), "kernel_size", "2.5", "whole number >= 1"),
    (dict(n=5, f=3, stride=1.5), "stride", "1.5", "whole number >= 1"),
    (dict(n=5, f=3, padding="1"), "padding", "'1'", "whole number >= 0"),
    (dict(n=5, f=3, stride=True), "stride", "True", "whole number >= 1"),
    (dict(n=5, f=3, padding=False), "padding", "False", "whole number >= 0"),
    (dict(n=5, f=3, dilation=None), "dilation", "None", "whole number >= 1"),
])
def test_bad_values_are_refused_naming_parameter_value_and_rule(kw, name, shown, allowed):
    msg = message(**kw)
    assert f"{name}={shown}" in msg
    assert "not allowed" in msg
    assert allowed in msg


def test_numpy_integers_are_whole_numbers():
    assert output_size(np.int64(5), np.int32(3), padding=np.int64(1), stride=np.int8(2)) == 3
    with pytest.raises(GeometryError):
        output_size(5, 3, stride=np.bool_(True))


@pytest.mark.parametrize("kw, name", [
    (dict(stride=1.5), "stride"), (dict(stride=True), "stride"), (dict(padding=0.5), "padding"),
    (dict(dilation=(1, 1.5)), "dilation"), (dict(padding=-1), "padding"), (dict(stride=0), "stride"),
    (dict(stride=(1, 2, 3)), "stride"), (dict(stride="2"), "stride"),
])
def test_conv2d_refuses_what_output_size_refuses(kw, name):
    """A layer must not silently truncate stride 1.5 to 1 (or True to 1)."""
    x = np.zeros((1, 5, 5), dtype=np.int64)
    w = np.zeros((1, 1, 3, 3), dtype=np.int64)
    with pytest.raises(GeometryError) as exc:
        conv2d(x, w, [0], **kw)
    assert name in str(exc.value)


def test_conv2d_strict_refuses_and_names_the_axis():
    x = np.zeros((1, 6, 5), dtype=np.int64)
    w = np.zeros((1, 1, 3, 3), dtype=np.int64)
    with pytest.raises(GeometryError) as exc:
        conv2d(x, w, [0], stride=2, strict=True)
    assert "along rows" in str(exc.value) and "stride=2" in str(exc.value)
    assert conv2d(x, w, [0], stride=2).out_shape == (1, 2, 2)
