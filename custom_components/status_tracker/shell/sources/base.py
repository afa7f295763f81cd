"""What every source coordinator shares: polling one service, errors mapped for Home Assistant."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any, cast

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryAuthFailed
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed

from custom_components.status_tracker.clients import ClientError, Forbidden, InvalidAuth
from custom_components.status_tracker.clients.http import HttpApi
from custom_components.status_tracker.const import DOMAIN, LOGGER, SERVICE_NAMES, Service


class SourceCoordinator[DataT](DataUpdateCoordinator[DataT]):
    """Polls one service; maps client errors to reauth or a translated UpdateFailed.

    Home Assistant's coordinator logs once when the service goes down and once when it is back.
    """

    def __init__(
        self,
        hass: HomeAssistant,
        entry: Any,
        service: Service,
        client: HttpApi,
        interval: timedelta,
    ) -> None:
        """Poll ``client`` every ``interval``."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=f"{DOMAIN} {service}",
            update_interval=interval,
            always_update=True,
        )
        self.service = service
        self.client = client
        self.requests_last_cycle = 0
        self.last_error: str | None = None
        # Polls failed since the last good one: one failure is a blip, two an outage.
        self.failures_in_a_row = 0

    async def _async_update_data(self) -> DataT:
        before = self.client.request_count
        placeholders = {"service": SERVICE_NAMES[self.service]}
        try:
            data = await self._async_fetch()
        except InvalidAuth as err:
            self.last_error = str(err)
            raise ConfigEntryAuthFailed(
                translation_domain=DOMAIN,
                translation_key="invalid_auth",
                translation_placeholders=placeholders,
            ) from err
        except ClientError as err:
            self.last_error = str(err)
            self.failures_in_a_row += 1
            # Home Assistant tells listeners only of the first failure in a row; those that make
            # an outage of a blip (the coordinator) must hear of the next ones too.
            self.hass.loop.call_soon(self.async_update_listeners)
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="forbidden"
                if isinstance(err, Forbidden)
                else "service_unavailable",
                translation_placeholders={**placeholders, "error": str(err)},
            ) from err
        finally:
            self.requests_last_cycle = self.client.request_count - before
        self.last_error = None
        self.failures_in_a_row = 0
        return data

    async def _async_fetch(self) -> DataT:
        raise NotImplementedError


def well_formed[RecordT](records: Iterable[RecordT]) -> list[RecordT]:
    """The records that are JSON objects: a number, a string or null in a list costs itself only.

    The payload types say every item is an object; a service (or a proxy) may still send
    anything, and one bad item must not fail the whole poll.
    """
    return cast(
        list[RecordT], [item for item in cast(Iterable[object], records) if isinstance(item, dict)]
    )
