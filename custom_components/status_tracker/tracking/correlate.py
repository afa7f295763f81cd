"""Entry point: ``correlate(snapshot, previous) -> TrackingState``, pure and deterministic.

One pass per Sonarr series (in id order): decide whether it is a request (``request_scope``),
join its downloads (``downloads``, ``packs``), see what Jellyfin has (``jellyfin_match``), judge
every in-scope episode (``episode_state`` with the table in ``status``), sum up (``aggregate``)
and record transitions (``timeline``).

Robustness: records are read defensively (``coerce``), so a malformed snapshot degrades record by
record. As a last resort each series is built on its own: if building one request still fails,
that request alone is left out and the failure is listed in ``problems``; every other request is
unaffected.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Final

from .aggregate import summarize
from .downloads import DownloadView, Evidence, collect, evidence
from .episode_state import AVAILABLE, episode_state, judge, upgrade_in_transit
from .index import SnapshotIndex, build_index, read_episode
from .jellyfin_match import JellyfinMatcher, JellyfinView
from .model import (
    EpisodeState,
    RequestState,
    TimelineEvent,
    TrackingState,
)
from .numbering import Numbering
from .parsing import MemoParser, ReleaseParser, default_parser
from .records import EVENT_FAILED, EVENT_GRABBED, Episode, SearchCommand, Series
from .request_scope import Scope, carried, episodes_in_scope, match_seerr, scope_for
from .snapshot import Snapshot
from .status import EpisodeStatus, RequestStatus, request_status
from .timeline import (
    EMPTY_TIMELINE,
    MAX_EPISODE_TRANSITIONS,
    MAX_REQUEST_TRANSITIONS,
    EpisodeMemory,
    RequestMemory,
    Timeline,
    step,
)

_TICK: Final = timedelta(microseconds=1)


def correlate(
    snapshot: Snapshot,
    previous: TrackingState | Timeline | None = None,
    *,
    parse: ReleaseParser | None = None,
) -> TrackingState:
    """Turn one snapshot (and the previous result, for the timeline) into requests."""
    memo = MemoParser(parse if parse is not None else default_parser())
    index = build_index(snapshot)
    if isinstance(previous, TrackingState):
        timeline = previous.timeline
    else:
        timeline = previous if previous is not None else EMPTY_TIMELINE
    run = _Run(index, memo, timeline)
    requests: dict[int, RequestState] = {}
    memories: dict[int, RequestMemory] = {}
    events: list[TimelineEvent] = []
    failed: set[int] = set()
    for series_id in sorted(index.series):
        try:
            built = run.request(index.series[series_id])
        except Exception as err:  # the last resort: one broken request, not an empty result
            index.problem(f"series {series_id}: internal error {type(err).__name__}: {err}")
            failed.add(series_id)
            # Keep its memory as it was, so the next good run records no false transitions.
            kept = timeline.requests.get(series_id)
            if kept is not None:
                memories[series_id] = kept
            continue
        if built is not None:
            requests[series_id], memories[series_id], new_events = built
            events.extend(new_events)
    return TrackingState(
        now=index.snapshot.now,
        requests=requests,
        events=tuple(events),
        timeline=Timeline(requests=memories),
        untracked_torrents=tuple(index.untracked_torrents()),
        problems=tuple(index.problems + memo.problems),
        failed_series=frozenset(failed),
        pushed_grabs=tuple(index.pushed),
    )


class _Run:
    """State shared by the series of one correlation (indexes built once)."""

    def __init__(self, index: SnapshotIndex, parse: MemoParser, timeline: Timeline) -> None:
        self.index = index
        self.parse = parse
        self.timeline = timeline
        self.now = index.snapshot.now
        self.retention = index.snapshot.retention
        self.seerr = match_seerr(index.series, index.seerr)
        self.jellyfin = JellyfinMatcher(index, parse)

    def request(
        self, series: Series
    ) -> tuple[RequestState, RequestMemory, list[TimelineEvent]] | None:
        """Build the request of one series, or None when it is not one."""
        index = self.index
        memory = self.timeline.requests.get(series.id)
        seerr = self.seerr.get(series.id, [])
        queue = index.queue.get(series.id)
        history = index.history.get(series.id)
        recently_added = series.added is not None and self.now - series.added <= self.retention
        if not (
            seerr or queue or history or recently_added or carried(memory, self.now, self.retention)
        ):
            return None  # cheap exit: most of a large library is no request at all
        episodes = self._episodes(series)
        numbering = Numbering.of(episodes.values())
        downloads = (
            collect(series, episodes, numbering, index, self.parse) if (queue or history) else []
        )
        scope = scope_for(
            series,
            episodes,
            seerr=seerr,
            activity=self._activity(series, downloads),
            memory=memory,
            now=self.now,
            retention=self.retention,
        )
        if scope is None:
            return None
        return self._build(
            series, episodes, numbering=numbering, downloads=downloads, scope=scope, memory=memory
        )

    def _episodes(self, series: Series) -> dict[int, Episode]:
        episodes: dict[int, Episode] = {}
        for record in self.index.raw_episodes.get(series.id, ()):
            episode = read_episode(record, series.id)
            if episode is None:
                self.index.problem(f"series {series.id}: unreadable episode skipped")
            elif episode.id not in episodes:
                episodes[episode.id] = episode
        return episodes

    def _activity(self, series: Series, downloads: list[DownloadView]) -> list[int]:
        """Episodes with a live download or a grab within the retention window."""
        active = [e for view in downloads for e in view.state.episode_ids]
        horizon = self.now - self.retention
        for event in self.index.history.get(series.id, ()):
            if event.event == EVENT_GRABBED and (event.date is None or event.date >= horizon):
                active.append(event.episode_id)
        return active

    def _build(
        self,
        series: Series,
        episodes: Mapping[int, Episode],
        *,
        numbering: Numbering,
        downloads: list[DownloadView],
        scope: Scope,
        memory: RequestMemory | None,
    ) -> tuple[RequestState, RequestMemory, list[TimelineEvent]]:
        index = self.index
        chosen = episodes_in_scope(episodes, scope)
        view: JellyfinView | None = None
        if index.jellyfin_known:
            view = self.jellyfin.view(series, numbering)
        evidence_by_episode: dict[int, list[Evidence]] = {}
        for download in downloads:
            for episode_id in download.state.episode_ids:
                found = evidence(download, episode_id)
                if found is not None:
                    evidence_by_episode.setdefault(episode_id, []).append(found)
        failures = self._failures(series)
        searching = _Searching(index.searches, series.id)
        old_episodes = memory.episodes if memory is not None else {}
        events: list[TimelineEvent] = []
        states: list[EpisodeState] = []
        episode_memories: dict[int, EpisodeMemory] = {}
        now = self.now
        jellyfin_known = view is not None
        covered = view.episodes if view is not None else {}
        no_evidence: tuple[Evidence, ...] = ()
        counts: dict[EpisodeStatus, int] = {}
        for episode in chosen:
            episode_id = episode.id
            jellyfin_id = covered.get(episode_id)
            downloads_said = evidence_by_episode.get(episode_id, no_evidence)
            if jellyfin_id is not None:
                best = AVAILABLE  # first in the table; most episodes of a library
            else:
                best = judge(
                    episode,
                    now=now,
                    jellyfin_known=jellyfin_known,
                    jellyfin_id=jellyfin_id,
                    downloads=downloads_said,
                    failure=failures.get(episode_id),
                )
            counts[best.status] = counts.get(best.status, 0) + 1
            upgrade = None
            if downloads_said and best.status is EpisodeStatus.AVAILABLE:
                upgrade = upgrade_in_transit(downloads_said)
            old = old_episodes.get(episode_id)
            # A StrEnum member equals its value: no ``.value`` lookup on the common path.
            if old is not None and old.status == best.status:
                since = old.since  # unchanged: keep the memory as it is (the common case)
                episode_memories[episode_id] = old
            else:
                status = best.status.value
                previous, since, transitions, _ = step(old, status, now, MAX_EPISODE_TRANSITIONS)
                episode_memories[episode_id] = EpisodeMemory(status, since, transitions)
                events.append(TimelineEvent(series.id, episode_id, status, previous, now))
            states.append(
                episode_state(
                    episode,
                    best,
                    upgrade,
                    since=since,
                    jellyfin_id=jellyfin_id,
                    search_running=searching.any and searching(episode),
                )
            )
        overall = request_status(counts)
        previous, since, transitions, new = step(
            memory, overall.value, self.now, MAX_REQUEST_TRANSITIONS
        )
        if new is not None:
            events.append(TimelineEvent(series.id, None, overall.value, previous, self.now))
        used = [d for d in downloads if any(e in episode_memories for e in d.state.episode_ids)]
        request = RequestState(
            series_id=series.id,
            title=series.title,
            series_type=series.series_type,
            tvdb_id=series.tvdb_id,
            tmdb_id=series.tmdb_id,
            imdb_id=series.imdb_id,
            jellyfin_id=view.series_id if view is not None else None,
            reasons=scope.reasons,
            request_ids=scope.request_ids,
            requested_by=scope.requested_by,
            requested_seasons=scope.requested_seasons,
            requested_at=scope.requested_at,
            seasons=scope.seasons,
            status=overall,
            since=since,
            complete=overall is RequestStatus.AVAILABLE,
            episodes=tuple(states),
            downloads=tuple(d.state for d in used),
            progress=summarize(states, used, counts),
            transitions=transitions,
        )
        kept = RequestMemory(
            status=overall.value,
            since=since,
            transitions=transitions,
            seasons=scope.seasons,
            episode_ids=scope.extra_episode_ids,
            episodes=episode_memories,
        )
        return request, kept, events

    def _failures(self, series: Series) -> dict[int, str]:
        """Episodes whose last grab within the retention window was followed by a failure."""
        horizon = self.now - self.retention
        grabbed: dict[int, datetime] = {}
        failed: dict[int, tuple[datetime, str]] = {}
        for event in self.index.history.get(series.id, ()):
            moment = event.date
            if moment is None or moment < horizon:
                continue
            if event.event == EVENT_GRABBED:
                if moment > grabbed.get(event.episode_id, moment - _TICK):
                    grabbed[event.episode_id] = moment
            elif event.event == EVENT_FAILED:
                seen = failed.get(event.episode_id)
                if seen is None or moment > seen[0]:
                    failed[event.episode_id] = (moment, event.message or "download failed")
        return {
            episode_id: reason
            for episode_id, (moment, reason) in failed.items()
            if episode_id not in grabbed or moment >= grabbed[episode_id]
        }


class _Searching:
    """Whether a queued or running Sonarr search covers an episode."""

    __slots__ = ("_episode_ids", "_seasons", "_whole", "any")

    def __init__(self, searches: list[SearchCommand], series_id: int) -> None:
        # SeriesSearch names the series; MissingEpisodeSearch names nothing and covers all.
        self._whole = any(
            s.series_id in {series_id, None} and s.season is None and not s.episode_ids
            for s in searches
        )
        self._seasons = {
            s.season for s in searches if s.series_id == series_id and s.season is not None
        }
        self._episode_ids = {e for s in searches for e in s.episode_ids}
        self.any = bool(self._whole or self._seasons or self._episode_ids)

    def __call__(self, episode: Episode) -> bool:
        return self._whole or episode.season in self._seasons or episode.id in self._episode_ids
