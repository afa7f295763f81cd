"""What needs a person's attention: a stalled torrent, an import Jellyfin lists late."""

from __future__ import annotations

from tests.e2e.conftest import Track

STALLED_SERIES = 4  # Northbound Signal: nobody seeds S01E01; S01E02's seeder leaves at 30 %
LATE_SERIES = 5  # Orchard Lane: S01E01 imported, listed by Jellyfin 8 s later


async def test_stalled_torrent_is_flagged(track: Track) -> None:
    """A torrent whose seeder left is downloading, stalled and counted; the others go on."""
    tracked = await track("stalled")
    await tracked.stack.start()

    def flagged() -> bool:
        state = tracked.episode(STALLED_SERIES, 1, 2)
        attention = tracked.summary("episodes_attention")
        return (
            state is not None
            and state.state == "downloading"
            and state.attributes.get("stalled") is True
            and attention is not None
            and attention.state == "1"
        )

    await tracked.until(flagged, "the stalled episode flagged and counted")
    await tracked.until(
        lambda: tracked.episode_status(LATE_SERIES, 1, 1) == "available",
        "the seeded episode available meanwhile",
    )
    state = tracked.episode(STALLED_SERIES, 1, 2)
    assert state is not None
    assert state.state == "downloading"
    assert 0 < state.attributes["progress"] < 100
    # A release nothing ever arrived from is "found" (grabbed, waiting for peers), not stalled:
    # the integration's rule (tracking/status.py); qBittorrent calls both stalledDL.
    never = tracked.episode(STALLED_SERIES, 1, 1)
    assert never is not None
    assert never.state == "found"
    assert "stalled" not in never.attributes
    torrents = {
        t["name"]: t
        for t in tracked.stack.state()["torrents"]
        if t["series"] == "Northbound Signal"
    }
    assert all(t["progress"] < 1 and not t["imported"] for t in torrents.values())


async def test_late_jellyfin_resolves_to_available(track: Track) -> None:
    """Imported but not in Jellyfin is "importing", never "available", until Jellyfin lists it."""
    tracked = await track("late")
    stack = tracked.stack
    await stack.start()
    seen_waiting = False

    def in_jellyfin() -> bool:
        return any(
            i["in_jellyfin"]
            for i in stack.state()["imported"]
            if (i["series_id"], i["season"], i["episode"]) == (LATE_SERIES, 1, 1)
        )

    def resolved() -> bool:
        nonlocal seen_waiting
        status = tracked.episode_status(LATE_SERIES, 1, 1)
        listed = in_jellyfin()
        if status == "available":
            assert listed, "available before Jellyfin lists the episode"
            return True
        imported = any(
            (i["series_id"], i["season"], i["episode"]) == (LATE_SERIES, 1, 1)
            for i in stack.state()["imported"]
        )
        seen_waiting |= status == "importing" and imported and not listed
        return False

    await tracked.until(resolved, "the late episode available once Jellyfin lists it")
    assert seen_waiting, "the episode was never seen imported and waiting for Jellyfin"
    request = tracked.request(LATE_SERIES)
    assert request is not None
    assert request.state == "available"  # the only aired episode; the other five are pending
