"""The precedence table and the request status rules."""

from __future__ import annotations

import pytest

from custom_components.status_tracker.tracking.status import (
    EPISODE_PRECEDENCE,
    EPISODE_RANK,
    EpisodeStatus as E,
    RequestStatus as R,
    request_status,
)


def test_the_exact_statuses() -> None:
    assert [s.value for s in E] == [
        "pending", "searching", "found", "downloading", "importing", "available", "failed",
    ]  # fmt: skip
    assert [s.value for s in R] == [
        "requested", "searching", "found", "downloading", "importing", "partially_available",
        "available", "failed",
    ]  # fmt: skip


def test_precedence_table() -> None:
    assert EPISODE_PRECEDENCE == (
        E.AVAILABLE, E.IMPORTING, E.DOWNLOADING, E.FOUND, E.FAILED, E.SEARCHING, E.PENDING,
    )  # fmt: skip
    assert sorted(E, key=EPISODE_RANK.__getitem__) == list(EPISODE_PRECEDENCE)


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({}, R.REQUESTED),
        ({E.PENDING: 3}, R.REQUESTED),
        ({E.SEARCHING: 2, E.PENDING: 3}, R.SEARCHING),
        ({E.FOUND: 1, E.SEARCHING: 2}, R.FOUND),  # grabbed, nothing arriving yet
        ({E.FOUND: 3, E.DOWNLOADING: 1}, R.DOWNLOADING),
        ({E.FOUND: 1, E.IMPORTING: 2, E.AVAILABLE: 4}, R.FOUND),
        ({E.DOWNLOADING: 1, E.IMPORTING: 4}, R.DOWNLOADING),
        ({E.IMPORTING: 4, E.AVAILABLE: 2, E.SEARCHING: 1}, R.IMPORTING),
        ({E.AVAILABLE: 2, E.SEARCHING: 1}, R.PARTIALLY_AVAILABLE),
        ({E.AVAILABLE: 12}, R.AVAILABLE),
        ({E.AVAILABLE: 3, E.PENDING: 9}, R.AVAILABLE),  # unaired episodes do not block
        ({E.AVAILABLE: 11, E.FAILED: 1}, R.FAILED),
        ({E.DOWNLOADING: 5, E.FAILED: 1}, R.FAILED),  # needs attention first
    ],
)
def test_request_status_rules(counts: dict[E, int], expected: R) -> None:
    assert request_status(counts) is expected
