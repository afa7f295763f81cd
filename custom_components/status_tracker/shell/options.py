"""The entry's options, read in one place with their defaults.

Poll intervals are not options (Home Assistant's appropriate-polling rule): each source has its
own, adaptive where it matters; ``status_tracker.refresh`` or ``homeassistant.update_entity``
poll at once for whoever needs more.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from datetime import timedelta
from typing import Any, Final

CONF_COMPLETED_RETENTION_HOURS: Final = "completed_retention_hours"
CONF_EPISODE_ENTITIES: Final = "episode_entities"
CONF_EPISODE_CAP: Final = "episode_cap"
CONF_WEBHOOK_AUTO_REGISTER: Final = "webhook_auto_register"
CONF_JELLYFIN_MISSING_HOURS: Final = "jellyfin_missing_hours"
CONF_PROTECTION_TAG: Final = "protection_tag"
CONF_DELETION_LOG_MAX: Final = "deletion_log_max"
CONF_DELETION_LOG_DAYS: Final = "deletion_log_days"

# Options of earlier versions that are no longer options (removed by the entry migration).
RETIRED_OPTIONS: Final = frozenset(
    {
        "sonarr_interval",
        "qbittorrent_active_interval",
        "qbittorrent_idle_interval",
        "jellyfin_interval",
    }
)


@dataclass(frozen=True, slots=True)
class Options:
    """Every option with its default; the field names are the keys in ``entry.options``."""

    completed_retention_hours: int = 48
    episode_entities: bool = True
    episode_cap: int = 100
    webhook_auto_register: bool = True
    jellyfin_missing_hours: int = 6
    protection_tag: str = "keep"
    deletion_log_max: int = 200
    deletion_log_days: int = 90

    @classmethod
    def from_mapping(cls, options: Mapping[str, Any]) -> Options:
        """Read stored options; a missing or unreadable value takes its default."""
        values: dict[str, Any] = {}
        for option in fields(cls):
            value = options.get(option.name)
            default = option.default
            if isinstance(default, bool):
                if isinstance(value, bool):
                    values[option.name] = value
            elif isinstance(default, str):
                if isinstance(value, str):
                    values[option.name] = value.strip()[:64]
            elif isinstance(value, int | float) and not isinstance(value, bool):
                values[option.name] = max(int(value), 0)
        return cls(**values)

    def as_dict(self) -> dict[str, Any]:
        """The options as ``entry.options`` stores them."""
        return asdict(self)

    @property
    def retention(self) -> timedelta:
        """How long a complete request stays tracked."""
        return timedelta(hours=self.completed_retention_hours)

    @property
    def jellyfin_patience(self) -> timedelta:
        """How long imported episodes may be missing from Jellyfin before a repair is raised."""
        return timedelta(hours=self.jellyfin_missing_hours)

    @property
    def deletion_log_age(self) -> timedelta:
        """How long a deletion's log is kept."""
        return timedelta(days=self.deletion_log_days)

    @property
    def episode_entity_cap(self) -> int:
        """How many episodes of a request get an entity (0 when episode entities are off)."""
        return self.episode_cap if self.episode_entities else 0
