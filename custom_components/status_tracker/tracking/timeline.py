"""Status transitions per episode and per request, as plain data the shell persists.

``Timeline`` is what one correlation hands the next: for every tracked request its status, since
when, its recent transitions, the scope it had (so a request does not drop out of view when its
grab ages out of Sonarr's history) and the same per episode. A transition is recorded only when
the status differs from the previous one: running the same snapshot twice adds nothing.

``Timeline.to_json`` / ``Timeline.from_json`` give a JSON-safe dict for the shell's store; the
reader is defensive like the rest of the core (a damaged entry is dropped, not fatal).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from . import coerce
from .model import Transition
from .status import EpisodeStatus, RequestStatus

MAX_EPISODE_TRANSITIONS: Final = 16
MAX_REQUEST_TRANSITIONS: Final = 64
JSON_VERSION: Final = 1

_EPISODE_VALUES: Final = frozenset(status.value for status in EpisodeStatus)
_REQUEST_VALUES: Final = frozenset(status.value for status in RequestStatus)


@dataclass(frozen=True, slots=True)
class EpisodeMemory:
    """An episode's status, since when, and its last transitions (oldest first)."""

    status: str
    since: datetime
    transitions: tuple[Transition, ...]


@dataclass(frozen=True, slots=True)
class RequestMemory:
    """A request's status and transitions, the scope it had, and its episodes' memories."""

    status: str
    since: datetime
    transitions: tuple[Transition, ...]
    seasons: tuple[int, ...]
    episode_ids: tuple[int, ...]
    episodes: Mapping[int, EpisodeMemory]


@dataclass(frozen=True, slots=True)
class Timeline:
    """The memory of every tracked request, keyed by Sonarr series id."""

    requests: Mapping[int, RequestMemory]

    def to_json(self) -> dict[str, Any]:
        """A JSON-safe dict (ISO timestamps, string keys)."""
        return {
            "version": JSON_VERSION,
            "requests": {
                str(series_id): {
                    "status": memory.status,
                    "since": memory.since.isoformat(),
                    "transitions": _dump_transitions(memory.transitions),
                    "seasons": list(memory.seasons),
                    "episode_ids": list(memory.episode_ids),
                    "episodes": {
                        str(episode_id): {
                            "status": episode.status,
                            "since": episode.since.isoformat(),
                            "transitions": _dump_transitions(episode.transitions),
                        }
                        for episode_id, episode in memory.episodes.items()
                    },
                }
                for series_id, memory in self.requests.items()
            },
        }

    @classmethod
    def from_json(cls, data: object) -> Timeline:
        """Read what ``to_json`` wrote; damaged entries are dropped one by one."""
        return cls.read(data)[0]

    @classmethod
    def read(cls, data: object) -> tuple[Timeline, int]:
        """``from_json`` and how many entries (requests, episodes) it had to drop.

        A timeline with dropped entries cannot tell what changed while Home Assistant was
        stopped: every dropped episode would look new. The shell then treats the next
        correlation as a baseline.
        """
        requests: dict[int, RequestMemory] = {}
        dropped = 0
        root = coerce.mapping(data)
        raw = coerce.mapping(root.get("requests")) if root is not None else None
        if data is not None and (raw is None or coerce.get_int(root, "version") != JSON_VERSION):
            dropped += 1  # not a timeline this version wrote
        for key, value in (raw or {}).items():
            series_id = _int_key(key)
            record = coerce.mapping(value)
            status = coerce.get_str(record, "status")
            since = coerce.get_time(record, "since")
            if (
                series_id is None
                or record is None
                or status not in _REQUEST_VALUES
                or since is None
            ):
                dropped += 1
                continue
            episodes: dict[int, EpisodeMemory] = {}
            for episode_key, episode_value in (
                coerce.mapping(record.get("episodes")) or {}
            ).items():
                episode = _load_episode(episode_key, episode_value)
                if episode is None:
                    dropped += 1
                else:
                    episodes[episode[0]] = episode[1]
            requests[series_id] = RequestMemory(
                status=status,
                since=since,
                transitions=_load_transitions(record, _REQUEST_VALUES),
                seasons=tuple(n for n in coerce.get_int_list(record, "seasons") if n >= 0),
                episode_ids=tuple(n for n in coerce.get_int_list(record, "episode_ids") if n > 0),
                episodes=episodes,
            )
        return cls(requests=requests), dropped


EMPTY_TIMELINE: Final = Timeline(requests={})


def step(
    memory: EpisodeMemory | RequestMemory | None, status: str, now: datetime, cap: int
) -> tuple[str | None, datetime, tuple[Transition, ...], Transition | None]:
    """Advance a memory to ``status`` at ``now``.

    Returns (previous status, since, transitions, the new transition or None when unchanged).
    """
    if memory is not None and memory.status == status:
        return memory.status, memory.since, memory.transitions, None
    previous = memory.status if memory is not None else None
    transition = Transition(at=now, status=status, previous=previous)
    transitions = (*memory.transitions, transition) if memory is not None else (transition,)
    return previous, now, transitions[-cap:], transition


def _dump_transitions(transitions: tuple[Transition, ...]) -> list[list[str | None]]:
    return [[t.at.isoformat(), t.status, t.previous] for t in transitions]


def _int_key(key: object) -> int | None:
    if isinstance(key, int) and not isinstance(key, bool):
        return key if key > 0 else None
    if isinstance(key, str) and key.isdigit():
        value = int(key)
        return value if value > 0 else None
    return None


def _load_transitions(
    record: Mapping[str, object], allowed: frozenset[str]
) -> tuple[Transition, ...]:
    raw = record.get("transitions")
    if not isinstance(raw, list):
        return ()
    result = []
    for item in raw:
        if not isinstance(item, list | tuple) or len(item) != 3:
            continue
        at_text, status, previous = item
        at = coerce.parse_time(at_text) if isinstance(at_text, str) else None
        if (
            at is None
            or status not in allowed
            or (previous is not None and previous not in allowed)
        ):
            continue
        result.append(Transition(at=at, status=status, previous=previous))
    return tuple(result)


def _load_episode(key: object, value: object) -> tuple[int, EpisodeMemory] | None:
    episode_id = _int_key(key)
    record = coerce.mapping(value)
    status = coerce.get_str(record, "status")
    since = coerce.get_time(record, "since")
    if episode_id is None or record is None or status not in _EPISODE_VALUES or since is None:
        return None
    return episode_id, EpisodeMemory(
        status=status,
        since=since,
        transitions=_load_transitions(record, _EPISODE_VALUES),
    )
