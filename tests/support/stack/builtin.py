"""The built-in scenarios: the cases that started the project, at demo pace and at test pace.

Names are invented; each case mirrors a real one:

* ``pack``: a 13-episode anime season pack (like Horimiya) whose files finish out of order;
* ``singles``: six per-episode releases of a running anime season, absolute numbering (like
  Link Click season 3: episodes 25–30);
* ``partial``: a 25-episode two-season request, season 1 available, season 2 downloading as a
  pack (like SPY x FAMILY);
* ``stalled``: a release nobody seeds, and one whose only seeder leaves mid-way;
* ``late``: an episode Sonarr imports that Jellyfin lists only much later;
* ``demo``: all of them at once, paced to show found → downloading → importing → available
  within a couple of minutes; ``quick``: the same world, small and fast (a smoke test).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Final

from .scenario import KIB, Release, Scenario, Season, Show


def _pack_show(*, at: float, speed: int, size: int) -> Show:
    return Show(
        id=1,
        title="Hanabi Hours",
        year=2026,
        tvdb_id=461_201,
        tmdb_id=281_301,
        anime=True,
        seasons=(Season(1, 13, first_aired_days_ago=120),),
        requested_by="maria",
        releases=(
            Release(season=1, episodes=tuple(range(1, 14)), at=at, speed=speed, file_size=size),
        ),
    )


def _singles_show(*, first_at: float, every: float, speed: int, size: int) -> Show:
    return Show(
        id=2,
        title="Chrono Lens",
        year=2021,
        tvdb_id=402_117,
        tmdb_id=215_402,
        anime=True,
        network="Bilibili",
        # Seasons 1 and 2 long available; season 3 is airing (6 of 12 aired so far).
        seasons=(
            Season(1, 12, first_aired_days_ago=1600),
            Season(2, 12, first_aired_days_ago=900),
            Season(3, 12, first_aired_days_ago=38),
        ),
        available=tuple((season, episode) for season in (1, 2) for episode in range(1, 13)),
        requested_seasons=(3,),
        requested_by="admin",
        releases=tuple(
            Release(
                season=3,
                episodes=(episode,),
                at=first_at + every * (episode - 1),
                speed=speed,
                file_size=size,
                group="Erai-raws",
            )
            for episode in range(1, 7)
        ),
    )


def _partial_show(*, at: float, speed: int, size: int) -> Show:
    return Show(
        id=3,
        title="Agent Household",
        year=2022,
        tvdb_id=405_920,
        tmdb_id=220_118,
        anime=True,
        network="TV Tokyo",
        seasons=(
            Season(1, 12, first_aired_days_ago=1500),
            Season(2, 13, first_aired_days_ago=400),
        ),
        available=tuple((1, episode) for episode in range(1, 13)),
        requested_seasons=(1, 2),
        requested_by="maria",
        releases=(
            Release(
                season=2,
                episodes=tuple(range(1, 14)),
                at=at,
                speed=speed,
                file_size=size,
                group="Judas",
            ),
        ),
    )


def _stalled_show(*, at: float, speed: int, size: int) -> Show:
    return Show(
        id=4,
        title="Northbound Signal",
        year=2026,
        tvdb_id=470_003,
        tmdb_id=290_014,
        network="HBO",
        seasons=(Season(1, 8, first_aired_days_ago=10),),
        requested_by="admin",
        releases=(
            Release(season=1, episodes=(1,), at=at, group="FLUX", stalled=True, file_size=64 * KIB),
            Release(
                season=1,
                episodes=(2,),
                at=at,
                group="FLUX",
                speed=speed,
                file_size=size,
                seeder_leaves_at=0.3,
            ),
        ),
    )


def _late_show(*, at: float, lag: float, speed: int, size: int) -> Show:
    return Show(
        id=5,
        title="Orchard Lane",
        year=2025,
        tvdb_id=455_610,
        tmdb_id=266_020,
        network="BBC One",
        seasons=(Season(1, 6, first_aired_days_ago=3),),
        requested_by="maria",
        releases=(
            Release(
                season=1,
                episodes=(1,),
                at=at,
                speed=speed,
                file_size=size,
                group="NTb",
                jellyfin_lag=lag,
            ),
        ),
    )


def _scenario(make: Callable[[], Scenario], *shows: Show) -> Scenario:
    """A test-pace scenario named after its function, its docstring the description."""
    return Scenario(name=make.__name__, description=make.__doc__ or "", shows=shows)


def pack() -> Scenario:
    """A 13-episode anime season pack, files finishing out of order (~10 s)."""
    return _scenario(pack, _pack_show(at=0.0, speed=64 * KIB, size=48 * KIB))


def singles() -> Scenario:
    """Six per-episode anime releases in parallel, absolute numbers 25–30 (~6 s)."""
    return _scenario(singles, _singles_show(first_at=0.0, every=0.3, speed=16 * KIB, size=64 * KIB))


def partial() -> Scenario:
    """Season 1 of 2 available, season 2's pack downloading (~8 s)."""
    return _scenario(partial, _partial_show(at=0.0, speed=64 * KIB, size=40 * KIB))


def stalled() -> Scenario:
    """A release nobody seeds, one whose seeder leaves at 30 %, one Jellyfin lists 8 s late."""
    return _scenario(
        stalled,
        _stalled_show(at=0.0, speed=32 * KIB, size=128 * KIB),
        _late_show(at=0.0, lag=8.0, speed=64 * KIB, size=48 * KIB),
    )


def late() -> Scenario:
    """An episode imported at once but listed by Jellyfin only 8 s later."""
    return _scenario(late, _late_show(at=0.0, lag=8.0, speed=64 * KIB, size=48 * KIB))


def demo() -> Scenario:
    """Everything at once, paced for a person watching: about two minutes to the end."""
    return Scenario(
        name="demo",
        description=demo.__doc__ or "",
        jellyfin_lag=3.0,
        import_delay=2.0,
        shows=(
            _pack_show(at=3.0, speed=192 * KIB, size=1024 * KIB),
            _singles_show(first_at=6.0, every=12.0, speed=128 * KIB, size=640 * KIB),
            _partial_show(at=10.0, speed=256 * KIB, size=768 * KIB),
            _stalled_show(at=15.0, speed=96 * KIB, size=1024 * KIB),
            _late_show(at=20.0, lag=45.0, speed=128 * KIB, size=1024 * KIB),
        ),
    )


def quick() -> Scenario:
    """The demo's world, small and fast: everything settles within ~15 s."""
    world = demo()
    shows = tuple(
        replace(
            show,
            releases=tuple(
                replace(
                    r,
                    at=r.at / 10,
                    speed=max(r.speed // 2, 32 * KIB),
                    file_size=32 * KIB,
                    jellyfin_lag=None if r.jellyfin_lag is None else r.jellyfin_lag / 10,
                )
                for r in show.releases
            ),
        )
        for show in world.shows
    )
    return replace(
        world,
        name="quick",
        description=quick.__doc__ or "",
        shows=shows,
        jellyfin_lag=1.0,
        import_delay=0.5,
    )


BUILTIN: Final[dict[str, Callable[[], Scenario]]] = {
    "demo": demo,
    "quick": quick,
    "pack": pack,
    "singles": singles,
    "partial": partial,
    "stalled": stalled,
    "late": late,
}


def scenario_named(name: str) -> Scenario:
    """A built-in scenario by name (``KeyError`` names the known ones)."""
    try:
        return BUILTIN[name]()
    except KeyError:
        raise KeyError(f"unknown scenario {name!r}; known: {', '.join(BUILTIN)}") from None
