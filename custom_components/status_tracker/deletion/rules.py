"""The safety rules of deletion: what may be removed where, and what must stay.

==========================================  =================================================
rule                                        applied in
==========================================  =================================================
A torrent Sonarr did not grab for the       ``inventory`` reads only torrents the series'
series is never touched.                    queue or grabs name.
A torrent is removed (with its data when    ``plan._torrents``
files are deleted) only when every episode
it carries is selected or already gone.
A torrent still downloading that carries    ``plan._torrents``: its files holding only
kept episodes goes on for them.             selected episodes get priority 0 (``SKIP_FILES``).
A finished torrent that carries kept        ``plan._torrents`` (``Kept``): Sonarr imports by
episodes stays.                             hardlink or copy, its data is the seed.
A Sonarr file holding a kept episode too    ``plan._episode_files`` (a warning says which).
(a multi-episode file) is not deleted.
Jellyfin deletes files with its items:      ``plan._library``: only for items whose files
its delete is used only where Sonarr did    Sonarr will not delete, and only when files are
not delete the file.                        to be deleted; else Jellyfin is told the path
                                            is gone. When Sonarr's delete fails, Jellyfin
                                            is neither told nor asked (the shell's runner).
A service's failure never makes another     The runner: Shoko forgets and Jellyfin is told
service delete in its place.                only after Sonarr's delete succeeded.
Jellyseerr never says "available" for a     ``plan._seerr``: partially available while some
series something was deleted from.          of it remains, else unknown (processing when
                                            Sonarr will grab it again). Its API cannot lower
                                            a season's own status: a warning says which
                                            seasons keep their badge.
Jellyseerr's "delete file" is never         (no step calls it; the client has no such call)
called: it deletes the whole series.
Shoko forgets files, never deletes them.    ``FORGET_FILES`` (the client sends
                                            ``removeFiles=false`` always).
A protected series (tag) needs ``force``.   ``plan.make_plan`` raises ``Refused``.
Running the same deletion again changes     ``plan`` plans nothing for what is gone, and
nothing.                                    says so per item (``Plan.gone``).
==========================================  =================================================

An episode is *gone* when Sonarr has no file for it and does not want it (not monitored):
nothing backs it and nothing will fetch it.
"""

from __future__ import annotations

from typing import Final

from .model import Episode, Place

PROTECTION_TAG: Final = "keep"

# Jellyseerr's MediaStatus values (server/constants/media.ts).
SEERR_PARTIALLY_AVAILABLE: Final = 4
SEERR_AVAILABLE: Final = 5
SEERR_SHOWN_AVAILABLE: Final = frozenset({SEERR_PARTIALLY_AVAILABLE, SEERR_AVAILABLE})

# Where each kind of item lives, for the per-episode checks of ``verify``.
PLACES: Final = (Place.SONARR, Place.QBITTORRENT, Place.JELLYFIN, Place.JELLYSEERR, Place.SHOKO)


def is_gone(episode: Episode) -> bool:
    """Nothing backs the episode and nothing will fetch it."""
    return episode.file_id is None and not episode.monitored
