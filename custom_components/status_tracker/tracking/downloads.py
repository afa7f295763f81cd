"""Downloads of one series: Sonarr's queue and grabs joined with qBittorrent by hash.

A download is keyed by Sonarr's ``downloadId`` (the qBittorrent hash upper-cased; qBittorrent
itself answers lower-case). Sources, in order:

* the queue: every record of a download (one per episode) gives Sonarr's mapping, its
  ``trackedDownloadState``, messages and, without qBittorrent, the bytes. Sonarr repeats the
  whole torrent's ``size``/``sizeleft`` on every record, so bytes are taken once per download;
* grabs in the history whose download Sonarr's queue no longer lists: the download still counts
  while the torrent is in qBittorrent ("a torrent Sonarr no longer knows": ``tracked`` False) for
  the episodes Sonarr has no file for, or for a few minutes after the grab (Sonarr's queue lags);
* qBittorrent: state, progress, bytes, speed and ETA, and the file list for packs.

Each download then gives every episode it covers one piece of evidence (see ``status``):
failed, importing, downloading or found, with the episode's own progress and bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Final

from custom_components.status_tracker.clients.payloads.qbittorrent import is_stopped_state

from .index import SnapshotIndex
from .model import IMPORTED, DownloadState, ReleaseType
from .numbering import Numbering
from .packs import EpisodeBytes, PackFile, episode_bytes, is_video, map_files, release_type
from .parsing import MemoParser
from .records import (
    EVENT_FAILED,
    EVENT_GRABBED,
    EVENT_IMPORTED,
    Episode,
    HistoryEvent,
    QueueItem,
    Series,
    Torrent,
)
from .release import ReleaseInfo
from .status import EpisodeStatus

GRAB_GRACE: Final = timedelta(minutes=10)
"""How long a grab counts without a queue record or torrent (Sonarr polls clients each minute)."""

# trackedDownloadState values.
_IMPORT_STATES: Final = frozenset({"importpending", "importing", "importblocked"})
_FAILED_STATES: Final = frozenset({"failed", "failedpending"})
_QBT_FAILED: Final = {"error": "qBittorrent: error", "missingFiles": "qBittorrent: files missing"}
_QBT_ACTIVE: Final = frozenset({"downloading", "forcedDL"})


@dataclass(frozen=True, slots=True)
class Evidence:
    """One source's claim about an episode: a status and what goes with it.

    Downloads give failed / importing / downloading / found; the episode itself gives available,
    importing (``awaiting_jellyfin``), failed (history), searching or pending. The precedence
    table in ``status`` picks the winner.
    """

    status: EpisodeStatus
    progress: float = 0.0
    size: int | None = None
    done: int | None = None
    download: DownloadState | None = None
    paused: bool = False
    stalled: bool = False
    import_blocked: bool = False
    awaiting_jellyfin: bool = False
    waiting_for_pack: bool = False
    messages: tuple[str, ...] = ()
    reason: str | None = None


@dataclass(slots=True)
class DownloadView:
    """A download with what is needed to judge each of its episodes."""

    state: DownloadState
    records: dict[int, QueueItem]
    files: list[PackFile]
    shares: dict[int, EpisodeBytes]
    torrent: Torrent | None
    files_unread: bool = False

    def share(self, episode_id: int) -> EpisodeBytes:
        """The episode's own bytes: its file(s) in a mapped pack, else the whole download's.

        Nothing yet while the torrent of several episodes has not had its file list read (the
        first cycles after a grab): the whole torrent's progress would put every episode at
        "downloading", and the file list then sends those whose files have not started back
        to "found". Unknown reads as not started, so an episode only ever moves forward.
        """
        share = self.shares.get(episode_id)
        if share is not None:
            return share
        if self.files_unread:
            return EpisodeBytes(size=0, done=0, progress=0.0)
        state = self.state
        size = state.size_bytes or 0
        return EpisodeBytes(size=size, done=state.downloaded_bytes or 0, progress=state.progress)

    def counted_bytes(self, episode_ids: Iterable[int]) -> tuple[int, int]:
        """(total, done) bytes of this download for a request, each byte counted once.

        Per file when the pack's files are mapped (only files holding ``episode_ids``), else
        once for the whole download.
        """
        if self.files:
            wanted = set(episode_ids)
            held = [f for f in self.files if wanted.intersection(f.episode_ids)]
            return sum(f.size for f in held), sum(f.done for f in held)
        return self.state.size_bytes or 0, self.state.downloaded_bytes or 0


@dataclass(slots=True)
class _Group:
    """Records of one download while collecting."""

    download_id: str
    records: dict[int, QueueItem] = field(default_factory=dict)
    grabs: list[HistoryEvent] = field(default_factory=list)
    tracked: bool = False


def collect(
    series: Series,
    episodes: Mapping[int, Episode],
    numbering: Numbering,
    index: SnapshotIndex,
    parse: MemoParser,
) -> list[DownloadView]:
    """Every live download of ``series`` (queue first, then untracked grabs), in a stable order."""
    now = index.snapshot.now
    groups: dict[str, _Group] = {}
    for item in index.queue.get(series.id, ()):
        if item.episode_id is None or item.episode_id not in episodes:
            continue
        key = item.download_id or f"QUEUE-{item.record_id or item.episode_id}"
        group = groups.get(key)
        if group is None:
            group = groups[key] = _Group(download_id=key, tracked=True)
        group.records.setdefault(item.episode_id, item)
    imported: set[tuple[str, int]] = set()
    failed: set[str] = set()
    history = index.history.get(series.id, ())
    for event in history:
        if event.download_id is None:
            continue
        if event.event == EVENT_IMPORTED:
            imported.add((event.download_id, event.episode_id))
        elif event.event == EVENT_FAILED:
            failed.add(event.download_id)
    for event in history:
        if event.event != EVENT_GRABBED or event.download_id is None:
            continue
        group = groups.get(event.download_id)
        if group is None:
            group = groups[event.download_id] = _Group(download_id=event.download_id)
        group.grabs.append(event)
    views = []
    for group in groups.values():
        view = _view(
            group,
            series=series,
            episodes=episodes,
            numbering=numbering,
            index=index,
            parse=parse,
            now=now,
            imported=imported,
            failed=failed,
        )
        if view is not None:
            views.append(view)
    return views


def _untracked_episodes(
    group: _Group,
    episodes: Mapping[int, Episode],
    imported: set[tuple[str, int]],
) -> list[int]:
    """Episodes an untracked download still matters for: grabbed, no file, not imported."""
    result = []
    for event in group.grabs:
        episode = episodes.get(event.episode_id)
        if (
            episode is not None
            and not episode.has_file
            and (group.download_id, event.episode_id) not in imported
        ):
            result.append(event.episode_id)
    return list(dict.fromkeys(result))


def _view(
    group: _Group,
    *,
    series: Series,
    episodes: Mapping[int, Episode],
    numbering: Numbering,
    index: SnapshotIndex,
    parse: MemoParser,
    now: datetime,
    imported: set[tuple[str, int]],
    failed: set[str],
) -> DownloadView | None:
    torrent = index.torrent(group.download_id.lower())
    grab_times = [event.date for event in group.grabs if event.date is not None]
    grabbed_at = min(grab_times) if grab_times else None
    if group.tracked:
        episode_ids = list(group.records)
    else:
        recent = grabbed_at is not None and now - grabbed_at <= GRAB_GRACE
        if group.download_id in failed or (torrent is None and not recent):
            return None  # gone: failures are judged per episode from the history
        episode_ids = _untracked_episodes(group, episodes, imported)
        if not episode_ids:
            return None
    first = next(iter(group.records.values()), None)
    title = _title(first, group.grabs, torrent)
    info = parse(title, series.anime) if title is not None else ReleaseInfo(title="")
    files = _pack_files(
        torrent,
        episode_ids,
        info=info,
        index=index,
        episodes=episodes,
        numbering=numbering,
        parse=parse,
        anime=series.anime,
    )
    shares = episode_bytes(files)
    sonarr_type = next((e.release_type for e in group.grabs if e.release_type), None)
    distinct_files = len({f.episode_ids for f in files})
    kind = release_type(sonarr_type, info, len(episode_ids), distinct_files)
    state = _download_state(
        group,
        first,
        torrent,
        title=title,
        info=info,
        kind=kind,
        episode_ids=episode_ids,
        now=now,
        grabbed_at=grabbed_at,
        files_mapped=len(files),
    )
    return DownloadView(
        state=state,
        records=group.records,
        files=files,
        shares=shares,
        torrent=torrent,
        files_unread=(
            torrent is not None and len(episode_ids) > 1 and torrent.hash not in index.files
        ),
    )


def _title(
    first: QueueItem | None, grabs: Sequence[HistoryEvent], torrent: Torrent | None
) -> str | None:
    if first is not None and first.title:
        return first.title
    for event in grabs:
        if event.source_title:
            return event.source_title
    return torrent.name if torrent is not None else None


def _pack_files(
    torrent: Torrent | None,
    episode_ids: Sequence[int],
    *,
    info: ReleaseInfo,
    index: SnapshotIndex,
    episodes: Mapping[int, Episode],
    numbering: Numbering,
    parse: MemoParser,
    anime: bool,
) -> list[PackFile]:
    """Map the torrent's files when it may hold several episodes (never for a lone file)."""
    if torrent is None:
        return []
    files = index.files.get(torrent.hash)
    if not files:
        return []
    videos = sum(1 for record in files if is_video(str(record.get("name", ""))))
    if videos < 2 and len(episode_ids) < 2:
        return []
    # The pack's seasons: from its title, else those of the episodes Sonarr mapped to it.
    seasons = info.seasons or tuple(
        sorted({episodes[e].season for e in episode_ids if e in episodes})
    )
    mapped = map_files(files, numbering, parse, anime=anime, seasons=seasons)
    # Only files holding an episode of this download count: a multi-season pack's other
    # seasons are not what Sonarr grabbed it for.
    wanted = set(episode_ids)
    return [f for f in mapped if wanted.intersection(f.episode_ids)]


def _download_state(
    group: _Group,
    first: QueueItem | None,
    torrent: Torrent | None,
    *,
    title: str | None,
    info: ReleaseInfo,
    kind: ReleaseType,
    episode_ids: Sequence[int],
    now: datetime,
    grabbed_at: datetime | None,
    files_mapped: int,
) -> DownloadState:
    messages: tuple[str, ...] = ()
    sonarr_state = None
    status = None
    if first is not None:
        messages = first.messages
        sonarr_state = first.tracked_state
        status = first.status
    if torrent is not None:
        progress = torrent.progress
        size = torrent.size
        if size is None:
            done = None
        elif torrent.amount_left is not None:
            done = max(size - torrent.amount_left, 0)
        else:
            done = int(size * progress)
        speed = torrent.dlspeed
        eta = (
            now + timedelta(seconds=torrent.eta_seconds)
            if torrent.eta_seconds is not None
            else None
        )
        state = torrent.state
        incomplete = progress < 1
        paused = incomplete and state is not None and is_stopped_state(state)
        stalled = incomplete and (
            state == "stalledDL" or (state in _QBT_ACTIVE and not speed and eta is None)
        )
        failed_reason = _QBT_FAILED.get(state or "")
    else:
        size = first.size if first is not None else None
        left = first.size_left if first is not None else None
        if size and left is not None:
            done = max(size - left, 0)
            progress = min(done / size, 1.0)
        else:
            done = None
            progress = 1.0 if (status or "").lower() == "completed" else 0.0
        speed = None
        eta = first.estimated_completion if first is not None else None
        state = status
        paused = (status or "").lower() == "paused"
        stalled = any("stall" in message.lower() for message in messages)
        failed_reason = None
    if first is not None and (
        (sonarr_state or "").lower() in _FAILED_STATES or (status or "").lower() == "failed"
    ):
        failed_reason = _sonarr_reason(first)
    return DownloadState(
        download_id=group.download_id,
        title=title,
        release_type=kind,
        release_group=info.release_group,
        resolution=info.resolution,
        episode_ids=tuple(episode_ids),
        tracked=group.tracked,
        in_client=torrent is not None,
        client_state=state,
        sonarr_state=sonarr_state,
        progress=progress,
        size_bytes=size,
        downloaded_bytes=done,
        speed=speed,
        eta=eta,
        paused=paused,
        stalled=stalled,
        failed_reason=failed_reason,
        messages=messages,
        grabbed_at=grabbed_at,
        files_mapped=files_mapped,
        seeds=torrent.seeds if torrent is not None else None,
    )


def _sonarr_reason(first: QueueItem) -> str:
    if first.error:
        return first.error
    if first.messages:
        return first.messages[0]
    return "Sonarr: download failed"


def evidence(view: DownloadView, episode_id: int) -> Evidence | None:
    """What this download says about one of its episodes (None: nothing, e.g. ignored)."""
    state = view.state
    record = view.records.get(episode_id)
    tracked_state = (record.tracked_state if record is not None else state.sonarr_state) or ""
    tracked_state = tracked_state.lower()
    if tracked_state == "ignored":
        return None
    messages = record.messages if record is not None else state.messages
    share = view.share(episode_id)
    status = EpisodeStatus.FOUND
    progress = share.progress
    import_blocked = awaiting = waiting = False
    if state.failed_reason is not None:
        status = EpisodeStatus.FAILED
    elif tracked_state in _IMPORT_STATES:
        status, progress = EpisodeStatus.IMPORTING, 1.0
        import_blocked = tracked_state == "importblocked"
    elif tracked_state == IMPORTED:
        status, progress, awaiting = EpisodeStatus.IMPORTING, 1.0, True
    elif share.progress >= 1:
        # The episode's own file is complete; in a pack Sonarr waits for the whole torrent.
        status, waiting = EpisodeStatus.IMPORTING, state.progress < 1
    elif share.progress > 0 and (view.torrent is None or view.torrent.has_metadata):
        status = EpisodeStatus.DOWNLOADING
    return Evidence(
        status,
        progress=progress,
        size=share.size or None,
        done=share.done if share.size else None,
        download=state,
        paused=state.paused and status in {EpisodeStatus.DOWNLOADING, EpisodeStatus.FOUND},
        stalled=state.stalled and status is EpisodeStatus.DOWNLOADING,
        import_blocked=import_blocked,
        awaiting_jellyfin=awaiting,
        waiting_for_pack=waiting,
        messages=messages,
        reason=state.failed_reason,
    )
