"""Defensive reads of JSON payloads: every helper takes ``object`` and never raises.

The snapshot is typed with the clients' ``TypedDict``s, but what actually arrives is whatever the
servers (or a half-merged qBittorrent delta) sent: fields go missing, come back ``null`` or with
the wrong type. The tracking core reads every field through these helpers so one bad record
degrades to "unknown" for that record alone instead of raising for the whole snapshot.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from functools import lru_cache
import math

# Upper bound for counts and sizes read from payloads: keeps arithmetic on corrupted values
# (1e300 bytes, huge episode numbers) finite and cheap.
MAX_INT = 1 << 62


# Every helper tests ``type(x) is dict`` / ``type(x) is int`` first: JSON gives exactly those
# types, and the exact-type test is several times cheaper than an ABC ``isinstance`` (this runs
# for every field of every record, 10,000 episodes a cycle).


def mapping(value: object) -> Mapping[str, object] | None:
    """The value as a mapping, or None."""
    if type(value) is dict or isinstance(value, Mapping):
        return value
    return None


def records(value: object) -> list[Mapping[str, object]]:
    """The mappings in a list-like value; anything else (None, a string, a dict) gives []."""
    if type(value) is list or (isinstance(value, Sequence) and not isinstance(value, str | bytes)):
        return [item for item in value if type(item) is dict or isinstance(item, Mapping)]
    return []


def _field(record: object, key: str) -> object:
    """``record[key]`` for a mapping, else None."""
    if type(record) is dict:
        return record.get(key)
    if isinstance(record, Mapping):
        return record.get(key)
    return None


def get_int(record: object, key: str) -> int | None:
    """An int field (floats with an integral value accepted, bools refused), or None."""
    value = _field(record, key)
    if type(value) is int:
        return value if -MAX_INT <= value <= MAX_INT else None
    if type(value) is float and value.is_integer() and abs(value) <= MAX_INT:
        return int(value)
    return None


def get_id(record: object, key: str) -> int | None:
    """A positive integer id (Sonarr ids start at 1), or None."""
    value = get_int(record, key)
    return value if value is not None and value > 0 else None


def get_float(record: object, key: str) -> float | None:
    """A finite number field as float (bools refused), or None."""
    value = _field(record, key)
    if type(value) is not float and type(value) is not int:
        return None
    result = float(value)
    return result if math.isfinite(result) and abs(result) <= MAX_INT else None


def get_size(record: object, key: str) -> int | None:
    """A byte count (non-negative; Sonarr sends sizes as floats), or None."""
    value = get_float(record, key)
    return int(value) if value is not None and value >= 0 else None


def get_str(record: object, key: str) -> str | None:
    """A non-empty string field, or None."""
    value = _field(record, key)
    return value if type(value) is str and value else None


def get_bool(record: object, key: str) -> bool | None:
    """A boolean field, or None."""
    value = _field(record, key)
    return value if type(value) is bool else None


def get_time(record: object, key: str) -> datetime | None:
    """An ISO 8601 timestamp field as an aware UTC datetime, or None."""
    return parse_time(get_str(record, key))


def parse_time(text: str | None) -> datetime | None:
    """Parse ``2026-11-21T10:23:32Z`` (or with offset or 7-digit fractions); naive means UTC."""
    if text is None:
        return None
    return _parse_time(text)


@lru_cache(maxsize=8192)
def _parse_time(text: str) -> datetime | None:
    """Cached: air dates and grab times repeat from one cycle to the next (a pure function)."""
    try:
        moment: datetime | None = datetime.fromisoformat(text)
    except ValueError:
        # Jellyfin and .NET write 7 fractional digits; Python accepts at most 6.
        moment = _parse_long_fraction(text)
    if moment is None:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _parse_long_fraction(text: str) -> datetime | None:
    """Retry a timestamp whose fraction has more than 6 digits, cut to microseconds."""
    dot = text.find(".")
    if dot < 0:
        return None
    end = dot + 1
    while end < len(text) and text[end].isdigit():
        end += 1
    try:
        return datetime.fromisoformat(text[: min(end, dot + 7)] + text[end:])
    except ValueError:
        return None


def get_str_list(record: object, key: str) -> list[str]:
    """The non-empty strings of a list field."""
    value = _field(record, key)
    if type(value) is list:
        return [item for item in value if type(item) is str and item]
    return []


def get_int_list(record: object, key: str) -> list[int]:
    """The ints of a list field (bools refused)."""
    value = _field(record, key)
    if type(value) is list:
        return [item for item in value if type(item) is int and abs(item) <= MAX_INT]
    return []


def clamp_unit(value: float) -> float:
    """Clamp a fraction into 0..1 (NaN becomes 0)."""
    if not value > 0:  # also catches NaN
        return 0.0
    return min(value, 1.0)
