"""Live websocket subscriptions for the dashboard card: every request's row, or one request's tree.

``status_tracker/requests/subscribe`` (no fields): every request of every loaded entry.
``status_tracker/request/subscribe`` (``config_entry_id`` + ``series_id``, or ``device_id`` or
``entity_id``, as the actions): one request's tree, as ``status_tracker.get_request`` answers.

After the usual empty result, events on the subscription's id:

- ``{"full": [row, ...]}`` / ``{"full": tree}``: the whole picture, first, and again for one
  request that was gone and is back;
- ``{"patch": {...}}``: only what changed since the previous event (format in
  ``tracking/live_patch.py``);
- ``{"gone": true}`` (one request): no longer tracked, or its entry is not loaded.

Events follow the coordinators' publications (their listeners) and the entries' loading and
unloading; nothing is polled, and nothing is sent when nothing the subscriber sees changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from homeassistant.components.websocket_api import async_register_command
from homeassistant.components.websocket_api.connection import ActiveConnection
from homeassistant.components.websocket_api.decorators import websocket_command
from homeassistant.components.websocket_api.messages import event_message
from homeassistant.config_entries import (
    SIGNAL_CONFIG_ENTRY_CHANGED,
    ConfigEntry,
    ConfigEntryChange,
    ConfigEntryState,
)
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers.dispatcher import async_dispatcher_connect
import probatio

from . import calls
from .const import DOMAIN
from .coordinator import StatusTrackerConfigEntry
from .shell.targets import resolve
from .tracking import RowKey, request_row, row_key, rows_patch, tree_patch
from .websocket_errors import send_translated_error


def _loaded(hass: HomeAssistant) -> list[StatusTrackerConfigEntry]:
    return [
        cast(StatusTrackerConfigEntry, entry)
        for entry in hass.config_entries.async_entries(DOMAIN)
        if entry.state is ConfigEntryState.LOADED
    ]


class _Feed:
    """One subscription: follows the loaded entries' coordinators, sends what changed."""

    def __init__(self, hass: HomeAssistant, connection: ActiveConnection, msg_id: int) -> None:
        self._hass = hass
        self._connection = connection
        self._msg_id = msg_id
        self._listeners: list[CALLBACK_TYPE] = []
        self._entries = async_dispatcher_connect(
            hass, SIGNAL_CONFIG_ENTRY_CHANGED, self._entry_changed
        )

    def entries(self) -> list[StatusTrackerConfigEntry]:
        """The entries this feed reads (every loaded one unless narrowed)."""
        return _loaded(self._hass)

    def start(self) -> None:
        """Listen to the coordinators and send the first picture."""
        self._listen()
        self.update()

    def update(self) -> None:
        """Send what changed since the last event (subclasses)."""
        raise NotImplementedError

    def send(self, payload: dict[str, Any]) -> None:
        """One event on the subscription."""
        self._connection.send_message(event_message(self._msg_id, payload))

    @callback
    def _listen(self) -> None:
        self._forget_listeners()
        # A coordinator calls its listeners on every publication: the new data is there.
        self._listeners = [
            entry.runtime_data.coordinator.async_add_listener(self.update)
            for entry in self.entries()
        ]

    @callback
    def _entry_changed(self, change: ConfigEntryChange, entry: ConfigEntry) -> None:
        # A reload makes a new coordinator: follow the entries as they are loaded and unloaded.
        if entry.domain == DOMAIN:
            self._listen()
            self.update()

    def _forget_listeners(self) -> None:
        for remove in self._listeners:
            remove()
        self._listeners = []

    @callback
    def close(self) -> None:
        """Unsubscribed, or the connection closed: stop listening."""
        self._forget_listeners()
        self._entries()


class _RequestsFeed(_Feed):
    """Every request's summary row."""

    _rows: dict[RowKey, dict[str, Any]] | None = None

    def update(self) -> None:
        """The rows of every loaded entry's requests, then a patch against the last ones."""
        rows: dict[RowKey, dict[str, Any]] = {}
        for entry in self.entries():
            data = entry.runtime_data.coordinator.data
            for request in data.state.requests.values() if data is not None else ():
                row = request_row(request, entry.entry_id)
                rows[row_key(row)] = row
        previous, self._rows = self._rows, rows
        if previous is None:
            self.send({"full": list(rows.values())})
        elif (patch := rows_patch(previous, rows)) is not None:
            self.send({"patch": patch})


class _RequestFeed(_Feed):
    """One request's tree."""

    def __init__(
        self,
        hass: HomeAssistant,
        connection: ActiveConnection,
        msg_id: int,
        entry_id: str,
        series_id: int,
    ) -> None:
        super().__init__(hass, connection, msg_id)
        self._entry_id = entry_id
        self._series_id = series_id
        self._tree: dict[str, Any] | None = None
        self._gone = False

    def entries(self) -> list[StatusTrackerConfigEntry]:
        """Only the entry the request belongs to, while it is loaded."""
        return [entry for entry in _loaded(self._hass) if entry.entry_id == self._entry_id]

    def update(self) -> None:
        """The request's tree, then a patch against the last one; "gone" once when it is."""
        entries = self.entries()
        tree = calls.request_view(entries[0], self._series_id) if entries else None
        previous, self._tree = self._tree, tree
        if tree is None:
            if not self._gone:
                self._gone = True
                self.send({"gone": True})
        elif previous is None:
            self._gone = False
            self.send({"full": tree})
        elif (patch := tree_patch(previous, tree)) is not None:
            self.send({"patch": patch})


def _subscribe(connection: ActiveConnection, msg_id: int, feed: _Feed) -> None:
    connection.subscriptions[msg_id] = feed.close
    connection.send_result(msg_id)
    feed.start()


@websocket_command({probatio.Required("type"): f"{DOMAIN}/requests/subscribe"})
@callback
def ws_subscribe_requests(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Every request's row, live."""
    _subscribe(connection, msg["id"], _RequestsFeed(hass, connection, msg["id"]))


@websocket_command(
    {probatio.Required("type"): f"{DOMAIN}/request/subscribe", **calls.TARGET_FIELDS}
)
@callback
def ws_subscribe_request(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """One request's tree, live; a target that names no tracked request is a translated error."""
    try:
        entry, series_id = resolve(hass, msg)
        if calls.request_view(cast(StatusTrackerConfigEntry, entry), series_id) is None:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="request_not_found",
                translation_placeholders={"series_id": str(series_id)},
            )
    except ServiceValidationError as err:
        send_translated_error(connection, msg["id"], err)
        return
    feed = _RequestFeed(hass, connection, msg["id"], entry.entry_id, series_id)
    _subscribe(connection, msg["id"], feed)


@callback
def async_setup_websocket_subscriptions(hass: HomeAssistant) -> None:
    """Register the subscriptions (once, with the other websocket commands)."""
    commands: tuple[Callable[..., Any], ...] = (ws_subscribe_requests, ws_subscribe_request)
    for command in commands:
        async_register_command(hass, command)
