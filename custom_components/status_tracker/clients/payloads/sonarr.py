"""Sonarr API v3 payloads (Sonarr v3 and v4): resources with Sonarr's own field names."""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict

# History eventType filter values (the API takes ints, answers strings).
HISTORY_GRABBED = 1
HISTORY_DOWNLOAD_FOLDER_IMPORTED = 3
HISTORY_DOWNLOAD_FAILED = 4


class SonarrSystemStatus(TypedDict, total=False):
    """GET /api/v3/system/status."""

    appName: str
    instanceName: str
    version: str
    urlBase: str
    isDocker: bool


class SonarrField(TypedDict, total=False):
    """One field of a provider resource (download client, notification)."""

    name: str
    value: Any


class SonarrDownloadClient(TypedDict, total=False):
    """GET /api/v3/downloadclient item."""

    id: int
    name: str
    enable: bool
    protocol: str
    implementation: str
    implementationName: str
    configContract: str
    fields: list[SonarrField]


class SonarrStatistics(TypedDict, total=False):
    """Series or season statistics."""

    seasonCount: int
    episodeFileCount: int
    episodeCount: int
    totalEpisodeCount: int
    sizeOnDisk: int
    percentOfEpisodes: float


class SonarrSeason(TypedDict, total=False):
    """One season of a series."""

    seasonNumber: int
    monitored: bool
    statistics: SonarrStatistics


class SonarrSeries(TypedDict, total=False):
    """GET /api/v3/series item."""

    id: int
    title: str
    sortTitle: str
    titleSlug: str
    path: str
    year: int
    tvdbId: int
    tmdbId: int
    imdbId: str
    tvMazeId: int
    seriesType: str
    monitored: bool
    useSceneNumbering: bool
    added: str
    seasons: list[SonarrSeason]
    statistics: SonarrStatistics


class SonarrEpisode(TypedDict, total=False):
    """GET /api/v3/episode item."""

    id: int
    seriesId: int
    tvdbId: int
    episodeFileId: int
    seasonNumber: int
    episodeNumber: int
    absoluteEpisodeNumber: int
    sceneAbsoluteEpisodeNumber: int
    sceneSeasonNumber: int
    sceneEpisodeNumber: int
    title: str
    airDate: str
    airDateUtc: str
    hasFile: bool
    monitored: bool
    grabDate: str


class SonarrEpisodeFile(TypedDict, total=False):
    """GET /api/v3/episodefile item."""

    id: int
    seriesId: int
    seasonNumber: int
    relativePath: str
    path: str
    size: int
    dateAdded: str
    sceneName: str
    releaseGroup: str


class SonarrStatusMessage(TypedDict, total=False):
    """A queue record's status message group."""

    title: str
    messages: list[str]


class SonarrQueueRecord(TypedDict, total=False):
    """GET /api/v3/queue record: one per episode; a pack's records share downloadId."""

    id: int
    seriesId: int
    episodeId: int
    seasonNumber: int
    title: str
    size: float
    sizeleft: float
    timeleft: str
    estimatedCompletionTime: str
    added: str
    status: str
    trackedDownloadStatus: str
    trackedDownloadState: str
    statusMessages: list[SonarrStatusMessage]
    errorMessage: str
    downloadId: str
    protocol: str
    downloadClient: str
    indexer: str
    outputPath: str
    episodeHasFile: bool


class SonarrHistoryRecord(TypedDict, total=False):
    """GET /api/v3/history record; eventType comes back as a string ("grabbed")."""

    id: int
    episodeId: int
    seriesId: int
    sourceTitle: str
    date: str
    downloadId: str
    eventType: str
    data: dict[str, str | None]


class SonarrCommand(TypedDict, total=False):
    """GET/POST /api/v3/command resource."""

    id: int
    name: str
    commandName: str
    status: str
    queued: str
    started: str
    ended: str
    body: dict[str, Any]


class SonarrNotification(TypedDict):
    """GET/POST/PUT /api/v3/notification resource (Connect); only the fields this project sets."""

    name: str
    implementation: str
    configContract: str
    fields: list[SonarrField]
    id: NotRequired[int]
    onGrab: NotRequired[bool]
    onDownload: NotRequired[bool]
    onUpgrade: NotRequired[bool]
    onImportComplete: NotRequired[bool]
    onSeriesDelete: NotRequired[bool]
    onEpisodeFileDelete: NotRequired[bool]
    onEpisodeFileDeleteForUpgrade: NotRequired[bool]
    includeHealthWarnings: NotRequired[bool]
    tags: NotRequired[list[int]]
