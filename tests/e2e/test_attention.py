"""What needs a person's attention: a stalled torrent, an import Jellyfin lists late.

One stack for both (``stalled``): qBittorrent takes tens of seconds to call a torrent whose
seeder left stalled (its download rate decays to zero), and the late import is checked meanwhile.
"""

from __future__ import annotations

from tests.e2e.conftest import Track, Tracked

STALLED_SERIES = 4  # Northbound Signal: nobody seeds S01E01; S01E02's seeder leaves at 30 %
LATE_SERIES = 5  # Orchard Lane: S01E01 imported, listed by Jellyfin 8 s later


async def test_stalled_torrent_flagged_and_late_jellyfin_resolved(track: Track) -> None:
    """Stalled mid-way is flagged and counted; imported-but-unlisted is never "available"."""
    tracked = await track("stalled")
    await tracked.stack.start()
    await _late_import_resolves(tracked)
    await _stalled_download_is_flagged(tracked)


async def _late_import_resolves(tracked: Tracked) -> None:
    stack = tracked.stack
    seen_waiting = False

    def resolved() -> bool:
        nonlocal seen_waiting
        status = tracked.episode_status(LATE_SERIES, 1, 1)
        mine = [
            i
            for i in stack.state()["imported"]
            if (i["series_id"], i["season"], i["episode"]) == (LATE_SERIES, 1, 1)
        ]
        listed = any(i["in_jellyfin"] for i in mine)
        if status == "available":
            assert listed, "available before Jellyfin lists the episode"
            return True
        seen_waiting |= status == "importing" and bool(mine) and not listed
        return False

    await tracked.until(resolved, "the late episode available once Jellyfin lists it")
    assert seen_waiting, "the episode was never seen imported and waiting for Jellyfin"
    request = tracked.request(LATE_SERIES)
    assert request is not None
    assert request.state == "available"  # the only aired episode; the other five are pending


async def _stalled_download_is_flagged(tracked: Tracked) -> None:
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

    await tracked.until(flagged, "the stalled episode flagged and counted", within=120)
    state = tracked.episode(STALLED_SERIES, 1, 2)
    assert state is not None
    assert 0 < state.attributes["progress"] < 100
    # A release nothing ever arrived from is "found" (grabbed, waiting for peers), not stalled:
    # the integration's rule (tracking/status.py); qBittorrent calls both stalledDL.
    never = tracked.episode(STALLED_SERIES, 1, 1)
    assert never is not None
    assert never.state == "found"
    assert "stalled" not in never.attributes
    torrents = [t for t in tracked.stack.state()["torrents"] if t["series"] == "Northbound Signal"]
    assert all(t["progress"] < 1 and not t["imported"] for t in torrents)
