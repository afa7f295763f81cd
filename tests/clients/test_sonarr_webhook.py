"""Sonarr webhook payloads: every event type Sonarr sends, both Download shapes, bad input."""

from __future__ import annotations

import copy
import dataclasses
import re
from typing import Any

from hypothesis import HealthCheck, given, settings, strategies as st
import pytest

from custom_components.status_tracker.clients.payloads.sonarr_webhook import (
    IgnoredSonarrEvent,
    SonarrEventType,
    SonarrWebhookEpisode,
    SonarrWebhookEvent,
    parse_sonarr_webhook,
)
from tests.support.fakes.sonarr import WEBHOOK_TEST_PAYLOAD
from tests.support.sonarr_payloads import (
    DOWNLOAD_COMPLETE,
    DOWNLOAD_FILE,
    DOWNLOAD_UPGRADE,
    EPISODE_FILE_DELETE,
    FRIEREN_EPISODES,
    GRAB,
    HASH,
    HEALTH,
    MANUAL_INTERACTION,
    RENAME,
    SERIES,
    SERIES_ADD,
    SERIES_DELETE,
    TEST,
    VALID_PAYLOADS,
)


def test_grab() -> None:
    """A grab names the episodes, the release and the torrent hash as Sonarr sends it."""
    assert parse_sonarr_webhook(GRAB) == SonarrWebhookEvent(
        event_type=SonarrEventType.GRAB,
        series_id=12,
        series_title="Frieren: Beyond Journey's End",
        tvdb_id=424536,
        episodes=FRIEREN_EPISODES,
        download_id=HASH,
        release_title="[SubsPlease] Sousou no Frieren (01-03) (1080p) [Batch]",
    )


def test_grab_episode_ids_and_tuple_shape() -> None:
    """``episode_ids`` follows the payload order; episodes unpack as (id, season, number, title)."""
    event = parse_sonarr_webhook(GRAB)
    assert event.episode_ids == (1001, 1002, 1003)
    episode_id, season, number, title = event.episodes[0]
    assert (episode_id, season, number, title) == (1001, 1, 1, "The Journey's End")
    assert event.download_id is not None
    assert event.download_id.isupper()


def test_grab_with_release_type() -> None:
    """A Sonarr version that sends ``releaseType`` on grabs: it is kept in Sonarr's spelling."""
    payload = copy.deepcopy(GRAB)
    payload["release"]["releaseType"] = "seasonPack"
    assert parse_sonarr_webhook(payload).release_type == "seasonPack"


def test_download_per_file() -> None:
    """The per-file Download shape: the imported file, where it came from, not an upgrade."""
    event = parse_sonarr_webhook(DOWNLOAD_FILE)
    assert event.event_type is SonarrEventType.DOWNLOAD
    assert not event.import_complete
    assert event.episode_ids == (1002,)
    assert event.episode_file_ids == (501,)
    assert event.file_paths == (
        "/tv/Frieren - Beyond Journey's End/Season 01/Frieren - S01E02 - [WEBDL-1080p].mkv",
    )
    assert event.source_paths == (DOWNLOAD_FILE["episodeFile"]["sourcePath"],)
    assert event.download_id == HASH
    assert event.release_type == "seasonPack"
    assert event.release_title == "[SubsPlease] Sousou no Frieren (01-03) (1080p) [Batch]"
    assert not event.is_upgrade
    assert event.replaced_paths == ()


def test_download_upgrade() -> None:
    """An upgrade carries ``isUpgrade`` and the files it replaced."""
    event = parse_sonarr_webhook(DOWNLOAD_UPGRADE)
    assert event.is_upgrade
    assert event.episode_file_ids == (510,)
    assert event.replaced_paths == (
        "/tv/Frieren - Beyond Journey's End/Season 01/Frieren - S01E01 - [WEBDL-1080p].mkv",
    )
    assert event.release_type == "singleEpisode"


def test_download_import_complete() -> None:
    """The import-complete Download shape: every file of the download in one message."""
    event = parse_sonarr_webhook(DOWNLOAD_COMPLETE)
    assert event.event_type is SonarrEventType.DOWNLOAD
    assert event.import_complete
    assert event.episodes == FRIEREN_EPISODES
    assert event.episode_file_ids == (501, 502, 503)
    assert len(event.file_paths) == 3
    assert event.file_paths[2].endswith("S01E03 - [WEBDL-1080p].mkv")
    assert len(event.source_paths) == 3
    assert event.destination_path == "/tv/Frieren - Beyond Journey's End"
    assert event.release_type == "seasonPack"
    assert not event.is_upgrade


def test_download_import_complete_source_path_fallback() -> None:
    """Files without their own ``sourcePath``: the download's ``sourcePath`` stands in."""
    payload = copy.deepcopy(DOWNLOAD_COMPLETE)
    for file in payload["episodeFiles"]:
        del file["sourcePath"]
    assert parse_sonarr_webhook(payload).source_paths == (DOWNLOAD_COMPLETE["sourcePath"],)
    del payload["sourcePath"]
    assert parse_sonarr_webhook(payload).source_paths == ()


def test_episode_file_delete() -> None:
    """A deleted file: its id, path and Sonarr's camelCase reason."""
    event = parse_sonarr_webhook(EPISODE_FILE_DELETE)
    assert event.event_type is SonarrEventType.EPISODE_FILE_DELETE
    assert event.episode_ids == (1003,)
    assert event.episode_file_ids == (503,)
    assert event.file_paths[0].endswith("S01E03 - [WEBDL-1080p].mkv")
    assert event.source_paths == ()
    assert event.delete_reason == "manual"


def test_series_delete() -> None:
    """A deleted series: no episodes, whether the files went too."""
    event = parse_sonarr_webhook(SERIES_DELETE)
    assert event == SonarrWebhookEvent(
        event_type=SonarrEventType.SERIES_DELETE,
        series_id=12,
        series_title="Frieren: Beyond Journey's End",
        tvdb_id=424536,
        deleted_files=True,
    )
    without = {k: v for k, v in SERIES_DELETE.items() if k != "deletedFiles"}
    assert not parse_sonarr_webhook(without).deleted_files


@pytest.mark.parametrize(
    ("payload", "event_type"),
    [
        (SERIES_ADD, SonarrEventType.SERIES_ADD),
        (RENAME, SonarrEventType.RENAME),
    ],
)
def test_series_only_events(payload: dict[str, Any], event_type: SonarrEventType) -> None:
    """SeriesAdd and Rename name only the series (episodes are not read there)."""
    event = parse_sonarr_webhook(payload)
    assert event.event_type is event_type
    assert event.series_id == 12
    assert event.episodes == ()


def test_manual_interaction_required() -> None:
    """A download Sonarr cannot import on its own: series, episodes and the hash."""
    event = parse_sonarr_webhook(MANUAL_INTERACTION)
    assert event.event_type is SonarrEventType.MANUAL_INTERACTION_REQUIRED
    assert event.episode_ids == (1001, 1002, 1003)
    assert event.download_id == HASH


@pytest.mark.parametrize("payload", [TEST, dict(WEBHOOK_TEST_PAYLOAD)], ids=["notes", "fake"])
def test_test_event(payload: dict[str, Any]) -> None:
    """Sonarr's Test payload (as documented, and as the fake sends it) parses as a Test."""
    event = parse_sonarr_webhook(payload)
    assert event.event_type is SonarrEventType.TEST
    assert event.series_id == 1
    assert event.series_title == "Test Title"
    assert event.tvdb_id == 1234
    assert event.episodes == (SonarrWebhookEpisode(123, 1, 1, "Test title"),)
    assert event.download_id is None


@pytest.mark.parametrize(
    "payload",
    [
        HEALTH,
        {**HEALTH, "eventType": "HealthRestored"},
        {
            "message": "Sonarr updated from 4.0.9.2244 to 4.0.10.2544",
            "previousVersion": "4.0.9.2244",
            "newVersion": "4.0.10.2544",
            "eventType": "ApplicationUpdate",
            "instanceName": "Sonarr",
        },
    ],
    ids=["health", "restored", "update"],
)
def test_instance_events_are_ignored(payload: dict[str, Any]) -> None:
    """Events about Sonarr itself are valid but not for the tracker."""
    with pytest.raises(IgnoredSonarrEvent) as err:
        parse_sonarr_webhook(payload)
    assert err.value.event_type == payload["eventType"]
    assert isinstance(err.value, ValueError)


def test_optional_fields_missing_or_null() -> None:
    """Sonarr omits nulls: a grab without hash, client, release or tvdb id still parses."""
    payload = copy.deepcopy(GRAB)
    for key in ("downloadId", "downloadClient", "release", "instanceName"):
        del payload[key]
    payload["series"]["tvdbId"] = 0
    payload["episodes"][0].pop("title")
    payload["episodes"][1]["title"] = None
    event = parse_sonarr_webhook(payload)
    assert event.download_id is None
    assert event.release_title is None
    assert event.release_type is None
    assert event.tvdb_id is None
    assert [e.title for e in event.episodes] == [None, None, "Killing Magic"]


def test_ids_missing_or_zero() -> None:
    """A series without tvdb id and a file without id: None and skipped, not errors."""
    payload = copy.deepcopy(DOWNLOAD_FILE)
    del payload["series"]["tvdbId"]
    del payload["episodeFile"]["id"]
    event = parse_sonarr_webhook(payload)
    assert event.tvdb_id is None
    assert event.episode_file_ids == ()
    payload["episodeFile"]["id"] = 0
    assert parse_sonarr_webhook(payload).episode_file_ids == ()


def test_non_json_python_objects() -> None:
    """Whatever the caller passes, the error names its type and stays a ValueError."""
    with pytest.raises(ValueError, match="expected a JSON object, got object"):
        parse_sonarr_webhook(object())
    with pytest.raises(ValueError, match="'id' must be an integer, got set"):
        parse_sonarr_webhook({**GRAB, "series": {**SERIES, "id": {12}}})


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("seasonPack", "seasonPack"),
        ("multiEpisode", "multiEpisode"),
        ("singleEpisode", "singleEpisode"),
        ("unknown", None),
        ("", None),
        (3, "seasonPack"),
        (0, None),
        ("someFutureType", "someFutureType"),
    ],
)
def test_release_types(value: object, expected: str | None) -> None:
    """Sonarr's ReleaseType: its spelling kept, ``unknown`` dropped, the number understood."""
    payload = copy.deepcopy(DOWNLOAD_FILE)
    payload["release"]["releaseType"] = value
    assert parse_sonarr_webhook(payload).release_type == expected


def test_event_is_frozen_and_hashable() -> None:
    """Events are values: immutable, comparable, usable as dict keys."""
    event = parse_sonarr_webhook(DOWNLOAD_COMPLETE)
    with pytest.raises(dataclasses.FrozenInstanceError):
        event.series_id = 1  # type: ignore[misc]
    assert {event: 1}[parse_sonarr_webhook(copy.deepcopy(DOWNLOAD_COMPLETE))] == 1


def test_newer_sonarr_extra_fields_are_tolerated() -> None:
    """Unknown properties (a newer Sonarr) change nothing."""
    payload = copy.deepcopy(GRAB)
    payload["somethingNew"] = {"nested": [1, 2]}
    payload["series"]["newField"] = None
    payload["episodes"][0]["finaleType"] = "season"
    assert parse_sonarr_webhook(payload) == parse_sonarr_webhook(GRAB)


def _without(payload: dict[str, Any], *path: str | int) -> dict[str, Any]:
    result = copy.deepcopy(payload)
    target: Any = result
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]
    return result


def _with(payload: dict[str, Any], value: object, *path: str | int) -> dict[str, Any]:
    result = copy.deepcopy(payload)
    target: Any = result
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return result


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (None, "payload: expected a JSON object, got null"),
        ([GRAB], "payload: expected a JSON object, got array"),
        ("Grab", "payload: expected a JSON object, got string"),
        ({}, "'eventType' is missing"),
        (_with(GRAB, 1, "eventType"), "'eventType' is missing or not a string"),
        (_with(GRAB, "grab", "eventType"), "unknown eventType 'grab'"),
        (_with(GRAB, "EpisodeGrabbed", "eventType"), "unknown eventType 'EpisodeGrabbed'"),
        (_without(GRAB, "series"), "series: expected a JSON object, got null"),
        (_with(GRAB, [SERIES], "series"), "series: expected a JSON object, got array"),
        (_without(GRAB, "series", "id"), "series: 'id' must be an integer, got null"),
        (_with(GRAB, "12", "series", "id"), "series: 'id' must be an integer, got string"),
        (_with(GRAB, True, "series", "id"), "series: 'id' must be an integer, got boolean"),
        (_with(GRAB, 12.0, "series", "id"), "series: 'id' must be an integer, got number"),
        (_with(GRAB, 0, "series", "id"), "series: 'id' must be a positive id, got 0"),
        (_without(GRAB, "series", "title"), "series: 'title' must be a string, got null"),
        (_with(GRAB, "1234", "series", "tvdbId"), "series: 'tvdbId' must be an integer"),
        (_without(GRAB, "episodes"), "episodes: expected a JSON array, got null"),
        (_with(GRAB, {"id": 1}, "episodes"), "episodes: expected a JSON array, got object"),
        (_with(GRAB, [None], "episodes"), "episodes[0]: expected a JSON object, got null"),
        (_without(GRAB, "episodes", 1, "id"), "episodes[1]: 'id' must be an integer"),
        (_with(GRAB, -5, "episodes", 1, "id"), "episodes[1]: 'id' must be a positive id"),
        (_without(GRAB, "episodes", 2, "seasonNumber"), "episodes[2]: 'seasonNumber' must be"),
        (_with(GRAB, "3", "episodes", 2, "episodeNumber"), "episodes[2]: 'episodeNumber' must"),
        (_with(GRAB, 7, "episodes", 0, "title"), "episodes[0]: 'title' must be a string"),
        (_with(GRAB, 0x4F2A, "downloadId"), "payload: 'downloadId' must be a string"),
        (_with(GRAB, ["A94C"], "downloadId"), "payload: 'downloadId' must be a string"),
        (_with(GRAB, "release", "release"), "release: expected a JSON object, got string"),
        (_with(GRAB, 42, "release", "releaseTitle"), "release: 'releaseTitle' must be a string"),
        (_with(DOWNLOAD_FILE, True, "release", "releaseType"), "'releaseType' must be a string"),
        (_without(DOWNLOAD_FILE, "episodeFile"), "exactly one of 'episodeFile' and"),
        (
            {**DOWNLOAD_FILE, "episodeFiles": DOWNLOAD_COMPLETE["episodeFiles"]},
            "exactly one of 'episodeFile' and 'episodeFiles'",
        ),
        (_with(DOWNLOAD_FILE, None, "episodeFile"), "episodeFile: expected a JSON object"),
        (_with(DOWNLOAD_FILE, "yes", "isUpgrade"), "payload: 'isUpgrade' must be a boolean"),
        (_with(DOWNLOAD_FILE, 501, "episodeFile", "path"), "episodeFile: 'path' must be a string"),
        (_with(DOWNLOAD_FILE, "501", "episodeFile", "id"), "episodeFile: 'id' must be an integer"),
        (_with(DOWNLOAD_UPGRADE, {}, "deletedFiles"), "deletedFiles: expected a JSON array"),
        (_with(DOWNLOAD_UPGRADE, [1], "deletedFiles"), "deletedFiles[0]: expected a JSON object"),
        (_with(DOWNLOAD_COMPLETE, {}, "episodeFiles"), "episodeFiles: expected a JSON array"),
        (_with(DOWNLOAD_COMPLETE, [[]], "episodeFiles"), "episodeFiles[0]: expected a JSON"),
        (_with(DOWNLOAD_COMPLETE, 3, "destinationPath"), "'destinationPath' must be a string"),
        (_without(EPISODE_FILE_DELETE, "episodeFile"), "episodeFile: expected a JSON object"),
        (_with(EPISODE_FILE_DELETE, 1, "deleteReason"), "'deleteReason' must be a string"),
        (_with(SERIES_DELETE, "true", "deletedFiles"), "'deletedFiles' must be a boolean"),
        (_without(TEST, "episodes"), "episodes: expected a JSON array, got null"),
    ],
)
def test_malformed_payloads(payload: object, message: str) -> None:
    """Each malformed shape raises ValueError naming where the problem is."""
    with pytest.raises(ValueError, match=re.escape(message)) as err:
        parse_sonarr_webhook(payload)
    assert not isinstance(err.value, IgnoredSonarrEvent)


def test_error_message_does_not_echo_huge_values() -> None:
    """A giant bogus eventType is cut in the message (it ends up in a log line)."""
    with pytest.raises(ValueError, match="unknown eventType") as err:
        parse_sonarr_webhook({"eventType": "X" * 100_000})
    assert len(str(err.value)) < 100


# -- anything at all: a parse either succeeds or raises ValueError, never anything else ---------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)


def _paths_of(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside a JSON document (the root excluded)."""
    paths: list[tuple[Any, ...]] = []
    items: list[tuple[Any, Any]] = []
    if isinstance(value, dict):
        items = list(value.items())
    elif isinstance(value, list):
        items = list(enumerate(value))
    for key, child in items:
        paths.append((*prefix, key))
        paths.extend(_paths_of(child, (*prefix, key)))
    return paths


def _check(payload: object) -> None:
    try:
        event = parse_sonarr_webhook(payload)
    except ValueError:
        return
    assert isinstance(event, SonarrWebhookEvent)
    assert event.series_id > 0


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(payload=JSON_VALUES)
def test_arbitrary_json_only_raises_value_error(payload: object) -> None:
    """Random JSON documents never crash the parser."""
    _check(payload)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_payloads_only_raise_value_error(data: st.DataObject) -> None:
    """A real payload with any one value replaced by random JSON never crashes the parser."""
    payload = copy.deepcopy(data.draw(st.sampled_from(VALID_PAYLOADS)))
    path = data.draw(st.sampled_from(_paths_of(payload)))
    _check(_with(payload, data.draw(JSON_VALUES), *path))
