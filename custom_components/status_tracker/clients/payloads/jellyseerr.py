"""Jellyseerr (and Seerr) API v1 payloads: requests, media, TV details, users, status codes."""

from __future__ import annotations

from typing import Literal, TypedDict

# MediaRequestStatus (server/constants/media.ts); COMPLETED exists from v2.6.0.
REQUEST_PENDING = 1
REQUEST_APPROVED = 2
REQUEST_DECLINED = 3
REQUEST_FAILED = 4
REQUEST_COMPLETED = 5

# MediaStatus; DELETED exists from v2.6.0.
MEDIA_UNKNOWN = 1
MEDIA_PENDING = 2
MEDIA_PROCESSING = 3
MEDIA_PARTIALLY_AVAILABLE = 4
MEDIA_AVAILABLE = 5
MEDIA_BLOCKLISTED = 6
MEDIA_DELETED = 7

# The statuses POST /api/v1/media/{id}/{status} sets (server/routes/media.ts). The spec also lists
# "deleted", which the route accepts and ignores (the media is saved unchanged).
type MediaStatusAction = Literal["available", "partial", "processing", "pending", "unknown"]


class JellyseerrStatus(TypedDict, total=False):
    """GET /api/v1/status."""

    version: str
    commitTag: str
    updateAvailable: bool
    commitsBehind: int


class JellyseerrUser(TypedDict, total=False):
    """requestedBy / auth/me."""

    id: int
    displayName: str
    username: str
    jellyfinUsername: str
    email: str


class JellyseerrSeason(TypedDict, total=False):
    """A season of a request (MediaRequest status codes) or of a media item (MediaStatus codes)."""

    id: int
    seasonNumber: int
    status: int
    status4k: int
    createdAt: str
    updatedAt: str


class JellyseerrMedia(TypedDict, total=False):
    """Media entity (server/entity/Media.ts); `id` is Jellyseerr's own id, not the TMDB id.

    The OpenAPI schema (MediaInfo) lists only id, tmdbId, tvdbId, status, requests and the dates;
    the server sends every column. `requests` is there only where the route loads it (the
    `mediaInfo` of GET /tv/{id}), never in GET /media or the answer of a status update.
    """

    id: int
    mediaType: str
    tmdbId: int
    tvdbId: int | None
    imdbId: str | None
    status: int
    status4k: int
    seasons: list[JellyseerrSeason]
    requests: list[JellyseerrRequest]
    serviceId: int | None
    externalServiceId: int | None
    externalServiceSlug: str | None
    jellyfinMediaId: str | None
    createdAt: str
    updatedAt: str
    mediaAddedAt: str | None


class JellyseerrRequest(TypedDict, total=False):
    """MediaRequest entity (the OpenAPI schema omits `seasons`; the server sends it)."""

    id: int
    status: int
    type: str
    is4k: bool
    createdAt: str
    updatedAt: str
    media: JellyseerrMedia
    seasons: list[JellyseerrSeason]
    requestedBy: JellyseerrUser


class JellyseerrPageInfo(TypedDict, total=False):
    """pageInfo of the paged lists (`page` is 1-based; `pages` is ceil(results / pageSize))."""

    page: int
    pages: int
    pageSize: int
    results: int


class JellyseerrTmdbSeason(TypedDict, total=False):
    """A season as TMDB describes it (TvDetails.seasons), not Jellyseerr's season status."""

    id: int
    seasonNumber: int
    episodeCount: int
    name: str
    airDate: str | None


class JellyseerrExternalIds(TypedDict, total=False):
    """TvDetails.externalIds, as TMDB knows them."""

    tvdbId: int | None
    imdbId: str | None


class JellyseerrTvDetails(TypedDict, total=False):
    """GET /api/v1/tv/{tmdbId}: TMDB's details plus `mediaInfo`, absent when Jellyseerr has none."""

    id: int
    name: str
    originalName: str
    firstAirDate: str
    numberOfSeasons: int
    numberOfEpisodes: int
    seasons: list[JellyseerrTmdbSeason]
    externalIds: JellyseerrExternalIds
    mediaInfo: JellyseerrMedia
