"""Per-episode releases of a running anime season: torrents in parallel, absolute numbers."""

from __future__ import annotations

from tests.e2e.conftest import Track

SERIES = 2  # Chrono Lens: seasons 1–2 long available, season 3 airing (25–30 aired)
AIRED = range(1, 7)


async def test_parallel_singles_with_absolute_numbers(track: Track) -> None:
    """Six torrents move at once; each episode follows its own and ends available."""
    tracked = await track("singles")
    stack = tracked.stack
    await tracked.until(
        lambda: tracked.episode_status(SERIES, 3, 1) in {"pending", "searching"},
        "season 3 tracked before anything is grabbed",
    )
    # The request is for season 3 only: seasons 1 and 2 are no part of it.
    assert tracked.episode(SERIES, 1, 1) is None
    await stack.start()

    downloading_at_once = 0

    def count_downloading() -> bool:
        nonlocal downloading_at_once
        now = sum(tracked.episode_status(SERIES, 3, e) == "downloading" for e in AIRED)
        downloading_at_once = max(downloading_at_once, now)
        return downloading_at_once >= 3

    await tracked.until(count_downloading, "three single-episode torrents downloading at once")
    for episode in AIRED:
        state = tracked.episode(SERIES, 3, episode)
        assert state is not None
        assert state.attributes["absolute"] == 24 + episode
        assert state.attributes["episode"] == episode
        if state.state == "downloading":
            assert state.attributes["release_type"] == "single_episode"
            hashes = {m.hash for m in stack.releases if m.release.episodes == (episode,)}
            assert state.attributes["torrent_hash"] in hashes

    await tracked.until(
        lambda: all(tracked.episode_status(SERIES, 3, e) == "available" for e in AIRED),
        "every aired episode of season 3 available",
    )
    # Episodes 7–12 have not aired: they stay out of the way, the request is complete.
    request = tracked.request(SERIES)
    assert request is not None
    assert request.state == "available"
    imported = {(i["season"], i["episode"]): i["absolute"] for i in stack.state()["imported"]}
    assert {imported[(3, e)] for e in AIRED} == set(range(25, 31))
