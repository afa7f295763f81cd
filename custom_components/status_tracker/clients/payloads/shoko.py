"""Shoko Server 5.x API v3 payloads, PascalCase as Shoko's Newtonsoft serialiser sends them.

Models read from ShokoServer v5.3.3: ``Shoko.Server/API/v3/Models/Shoko/Series.cs``,
``File.cs`` and ``FileCrossReference.cs``.
"""

from __future__ import annotations

from typing import TypedDict


class ShokoTmdbIds(TypedDict, total=False):
    """TMDB ids linked to a series (SeriesIDs.TmdbSeriesIDs)."""

    Movie: list[int]
    Show: list[int]


class ShokoTmdbEpisodeIds(TypedDict, total=False):
    """TMDB ids linked to an episode (EpisodeIDs.TmdbEpisodeIDs)."""

    Episode: list[int]
    Movie: list[int]
    Show: list[int]


class ShokoSeriesIds(TypedDict, total=False):
    """Series.IDs: `ID` is Shoko's own id, `AniDB` the anime's.

    From 5.1 Shoko has no TvDB links of its own: `TvDB` lists the TvDB ids of the linked TMDB
    shows.
    """

    ID: int
    ParentGroup: int
    TopLevelGroup: int
    AniDB: int
    TvDB: list[int]
    IMDB: list[str]
    TMDB: ShokoTmdbIds
    MAL: list[int]


class ShokoSeries(TypedDict, total=False):
    """A Shoko series (one AniDB anime): `IDs.ID` is Shoko's own id; `Size` counts its files."""

    IDs: ShokoSeriesIds
    Name: str
    Size: int
    HasCustomName: bool
    Description: str
    Created: str
    Updated: str


class ShokoFileLocation(TypedDict, total=False):
    """File.Location: one place a file is in (a file may be in several import folders).

    `IsAccessible` is checked on disk at every read; `AbsolutePath` is only sent when asked for
    (include=AbsolutePaths) and is the path as the Shoko server sees it.
    """

    ID: int
    FileID: int
    ImportFolderID: int
    RelativePath: str
    AbsolutePath: str
    IsAccessible: bool


class ShokoFileHashes(TypedDict, total=False):
    """File.Hashes; only ED2K is always known."""

    ED2K: str
    SHA1: str | None
    CRC32: str | None
    MD5: str | None


class ShokoCrossReferencePercentage(TypedDict, total=False):
    """Which part of an episode a file holds (several files may make one episode)."""

    Start: int
    End: int
    Size: int
    Group: int


class ShokoEpisodeCrossReference(TypedDict, total=False):
    """FileCrossReference.EpisodeIDs[]: an episode the file holds (all or part of)."""

    ID: int | None
    AniDB: int
    TMDB: ShokoTmdbEpisodeIds
    ReleaseGroup: int | None
    ED2K: str
    FileSize: int
    Percentage: ShokoCrossReferencePercentage
    Source: str


class ShokoSeriesCrossReference(TypedDict, total=False):
    """FileCrossReference.SeriesID: the series of the episodes that follow it."""

    ID: int | None
    AniDB: int
    TMDB: ShokoTmdbIds


class ShokoFileCrossReference(TypedDict, total=False):
    """File.SeriesIDs[] (sent with include=XRefs): episodes of one series the file holds."""

    SeriesID: ShokoSeriesCrossReference
    EpisodeIDs: list[ShokoEpisodeCrossReference]


class ShokoFile(TypedDict, total=False):
    """A file Shoko knows (a VideoLocal), with every location it is at.

    `ID` is what ``DELETE /api/v3/File/{id}`` takes; `SeriesIDs` only with include=XRefs.
    """

    ID: int
    Size: int
    IsVariation: bool
    IsIgnored: bool
    Hashes: ShokoFileHashes
    Locations: list[ShokoFileLocation]
    SeriesIDs: list[ShokoFileCrossReference]
    Resolution: str | None
    Duration: str
    Imported: str | None
    Created: str
    Updated: str
