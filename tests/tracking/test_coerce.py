"""Defensive field readers: every wrong shape reads as "unknown", never raises."""

from __future__ import annotations

from collections import UserDict
from datetime import UTC, datetime, timedelta, timezone
import math

import pytest

from custom_components.status_tracker.tracking import coerce


def test_mapping_and_records() -> None:
    assert coerce.mapping({"a": 1}) == {"a": 1}
    assert coerce.mapping(UserDict({"a": 1})) == {"a": 1}
    assert coerce.mapping([1]) is None
    assert coerce.records([{"a": 1}, None, 3, "x", UserDict(b=2)]) == [{"a": 1}, {"b": 2}]
    assert coerce.records(({"a": 1},)) == [{"a": 1}]
    assert coerce.records("abc") == []
    assert coerce.records({"a": 1}) == []
    assert coerce.records(None) == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (5, 5), (5.0, 5), (-3, -3), (True, None), (5.5, None), ("5", None), (None, None),
        (2**70, None), (1e300, None), (math.nan, None), (math.inf, None), ([5], None),
    ],
)  # fmt: skip
def test_get_int(value: object, expected: int | None) -> None:
    assert coerce.get_int({"k": value}, "k") == expected
    assert coerce.get_int(UserDict(k=value), "k") == expected


def test_get_int_of_non_mapping_and_ids() -> None:
    assert coerce.get_int([1], "k") is None
    assert coerce.get_int(None, "k") is None
    assert coerce.get_id({"id": 0}, "id") is None
    assert coerce.get_id({"id": -4}, "id") is None
    assert coerce.get_id({"id": 4}, "id") == 4


def test_get_float_size_str_bool() -> None:
    assert coerce.get_float({"k": 2}, "k") == 2.0
    assert coerce.get_float({"k": 0.5}, "k") == 0.5
    assert coerce.get_float({"k": False}, "k") is None
    assert coerce.get_float({"k": math.nan}, "k") is None
    assert coerce.get_float({"k": -math.inf}, "k") is None
    assert coerce.get_float({"k": 1e300}, "k") is None
    assert coerce.get_float({"k": "1"}, "k") is None
    assert coerce.get_size({"k": 1234.0}, "k") == 1234
    assert coerce.get_size({"k": -1.0}, "k") is None
    assert coerce.get_str({"k": "x"}, "k") == "x"
    assert coerce.get_str({"k": ""}, "k") is None
    assert coerce.get_str({"k": 3}, "k") is None
    assert coerce.get_bool({"k": True}, "k") is True
    assert coerce.get_bool({"k": 1}, "k") is None


def test_lists() -> None:
    record = {"s": ["a", "", 3, None, "b"], "i": [1, True, "2", 2**70, -3], "x": "ab"}
    assert coerce.get_str_list(record, "s") == ["a", "b"]
    assert coerce.get_int_list(record, "i") == [1, -3]
    assert coerce.get_str_list(record, "x") == []
    assert coerce.get_int_list(record, "x") == []
    assert coerce.get_str_list(None, "s") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-21T10:23:32Z", datetime(2026, 11, 21, 10, 23, 32, tzinfo=UTC)),
        ("2026-11-21T10:23:32", datetime(2026, 11, 21, 10, 23, 32, tzinfo=UTC)),
        ("2026-11-21T12:23:32+02:00", datetime(2026, 11, 21, 10, 23, 32, tzinfo=UTC)),
        # .NET / Jellyfin: seven fractional digits.
        ("2026-07-03T01:00:00.1234567Z", datetime(2026, 7, 3, 1, 0, 0, 123456, tzinfo=UTC)),
        ("2026-07-03", datetime(2026, 7, 3, tzinfo=UTC)),
        ("not a date", None),
        ("2026-13-40T00:00:00.12345678Z", None),
        ("", None),
    ],
)
def test_times(text: str, expected: datetime | None) -> None:
    assert coerce.get_time({"t": text}, "t") == expected


def test_parse_time_none_and_offsets() -> None:
    assert coerce.parse_time(None) is None
    moment = coerce.parse_time("2026-01-01T00:00:00-05:00")
    assert moment == datetime(2026, 1, 1, 5, tzinfo=UTC)
    assert moment is not None
    assert moment.utcoffset() == timedelta(0)
    assert moment.tzinfo == timezone.utc  # noqa: UP017 - the same object, said both ways


def test_clamp_unit() -> None:
    assert coerce.clamp_unit(-0.5) == 0.0
    assert coerce.clamp_unit(math.nan) == 0.0
    assert coerce.clamp_unit(0.25) == 0.25
    assert coerce.clamp_unit(7.0) == 1.0
    assert coerce.clamp_unit(math.inf) == 1.0
