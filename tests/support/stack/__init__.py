"""A living simulated media stack: Sonarr, Jellyfin, Jellyseerr, Shoko, and real downloads.

Used by ``scripts/demo`` (a real Home Assistant in front of it) and the end-to-end tests
(``tests/e2e``, through the ``live_stack`` fixture of ``tests.support.stack.fixtures``).

What is real: two qbittorrent-nox on 127.0.0.1 — a *seeder* holding every release of the
scenario (small generated media files) and the *user's* qBittorrent, to which the simulated
Sonarr adds torrents with a per-torrent download limit, so progress moves over seconds; the
files on disk (downloads, then hard links in the library folder). What is simulated, with the
real APIs' shapes: Sonarr (grabs, queue from qBittorrent's real state, imports, history, its
webhook), Jellyfin (lists the library after a scan delay), Jellyseerr (requests; availability
follows Jellyfin), Shoko (empty, its import folder the library). See ``stack.py``,
``sonarr_sim.py``, ``library_view.py``; scenarios in ``builtin.py`` (format in ``scenario.py``).

Command line contract (kept stable: ``scripts/demo`` depends on it)::

    python -m tests.support.stack --scenario demo --workdir DIR --ready-file FILE
        [--control-port N] [--start]

Run in the project's environment (``scripts/lib/env.sh``'s ``st_run``). It starts every service
on 127.0.0.1 (ephemeral ports) and both qbittorrent-nox, and once all answer writes FILE
atomically (a temporary file renamed) as JSON::

    {"sonarr": {"url", "api_key"}, "qbittorrent": {"url", "username", "password"},
     "jellyfin": {"url", "api_key"}, "jellyseerr": {"url", "api_key"},
     "shoko": {"url", "api_key"}, "control": {"url"},
     "library": "<abs path of the library folder>",
     "downloads": "<abs path of the user's qBittorrent save path>",
     "pids": {"qbittorrent_seeder": N, "qbittorrent": N}}

Control endpoint:

* ``POST {control.url}/start`` starts the scenario's clock (idempotent). Before it the world is
  the scenario's initial state: episodes already available are in the library and Jellyfin,
  requests are approved in Jellyseerr, nothing is grabbed. Integrations may be set up before
  it (the config flow registers its webhook in Sonarr, which sends it ``Test`` first, as Sonarr
  does); grabs and imports then reach it by webhook.
* ``GET {control.url}/state`` returns ``{"scenario", "started", "time" (seconds since start,
  null before), "torrents": [{"series", "name", "hash", "grab_at", "grabbed", "state",
  "progress", "files": {name: progress}, "imported", "gone", "stalled"}], "imported":
  [{"series_id", "season", "episode", "absolute", "path", "in_jellyfin"}], "webhooks": [...],
  "errors": [...]}``.

SIGINT or SIGTERM stops everything it started (the fakes, then each qbittorrent-nox by its PID)
and exits 0. Dates in the services are relative to the moment it starts (``datetime.now``).
"""

from .builtin import BUILTIN, scenario_named
from .scenario import Release, Scenario, Season, Show
from .stack import LiveStack

__all__ = ["BUILTIN", "LiveStack", "Release", "Scenario", "Season", "Show", "scenario_named"]
