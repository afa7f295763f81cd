"""A two-season request, season 1 available and season 2 downloading as a pack."""

from __future__ import annotations

from tests.e2e.conftest import Track

SERIES = 3  # Agent Household: 12 + 13 episodes


async def test_partly_available_request_completes(track: Track) -> None:
    """Partially available before the grab; available, with Jellyseerr agreeing, after it."""
    tracked = await track("partial")
    stack = tracked.stack
    assert stack.jellyseerr is not None
    media = next(m for m in stack.jellyseerr.media.values() if m["externalServiceId"] == SERIES)
    request = next(
        r for r in stack.jellyseerr.media_requests.values() if r["mediaId"] == media["id"]
    )

    def status() -> str | None:
        state = tracked.request(SERIES)
        return state.state if state else None

    await tracked.until(
        lambda: (
            status() == "partially_available"
            and all(tracked.episode_status(SERIES, 1, e) == "available" for e in range(1, 13))
        ),
        "season 1 available, the request partially available",
    )
    assert all(tracked.episode_status(SERIES, 2, e) != "available" for e in range(1, 14))
    available = tracked.request(SERIES, "progress")
    assert available is not None
    assert float(available.state) == round(12 / 25 * 100, 1)
    assert media["status"] == 4  # PARTIALLY_AVAILABLE

    await stack.start()
    await tracked.until(
        lambda: any(tracked.episode_status(SERIES, 2, e) == "downloading" for e in range(1, 14)),
        "season 2 downloading",
    )
    await tracked.until(lambda: status() == "available", "the whole request available")
    assert all(tracked.episode_status(SERIES, 2, e) == "available" for e in range(1, 14))
    # Jellyseerr followed Jellyfin: media and its request complete.
    assert media["status"] == 5
    assert request["status"] == 5
