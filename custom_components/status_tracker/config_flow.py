"""Config flow: Sonarr, qBittorrent, Jellyfin, then optional Jellyseerr and Shoko."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.components.webhook import async_generate_path
from homeassistant.config_entries import (
    ConfigFlow,
    ConfigFlowResult,
    OptionsFlow,
)
from homeassistant.const import (
    CONF_API_KEY,
    CONF_PASSWORD,
    CONF_URL,
    CONF_USERNAME,
    CONF_WEBHOOK_ID,
)
from homeassistant.core import callback
from homeassistant.helpers.selector import (
    BooleanSelector,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
import probatio
from yarl import URL

from .clients.urls import normalize_url, parse_service_url
from .const import CONF_VERIFY_SSL, DOMAIN, OPTIONAL_SERVICES, SERVICE_NAMES, Service
from .coordinator import StatusTrackerConfigEntry
from .shell.connection import async_entry_title, async_validate
from .shell.options import (
    CONF_COMPLETED_RETENTION_HOURS,
    CONF_DELETION_LOG_DAYS,
    CONF_DELETION_LOG_MAX,
    CONF_EPISODE_CAP,
    CONF_EPISODE_ENTITIES,
    CONF_JELLYFIN_MISSING_HOURS,
    CONF_PROTECTION_TAG,
    CONF_WEBHOOK_AUTO_REGISTER,
    Options,
)
from .shell.webhook_ids import webhook_url

_URL = TextSelector(TextSelectorConfig(type=TextSelectorType.URL))
_SECRET = TextSelector(TextSelectorConfig(type=TextSelectorType.PASSWORD))
_TEXT = TextSelector()

# Where each service usually listens, offered as the suggestion in its form.
_DEFAULT_URLS = {
    Service.SONARR: "http://127.0.0.1:8989",
    Service.QBITTORRENT: "http://127.0.0.1:8080",
    Service.JELLYFIN: "http://127.0.0.1:8096",
    Service.JELLYSEERR: "http://127.0.0.1:5055",
    Service.SHOKO: "http://127.0.0.1:8111",
}


def _url_placeholders(service: Service) -> dict[str, str]:
    """The service's name and example URLs for its form's help texts (no URL in a string)."""
    port = URL(_DEFAULT_URLS[service]).port
    return {
        "service": SERVICE_NAMES[service],
        "example_url": f"http://192.168.1.10:{port}",
        "proxy_url": f"https://example.com/{service.value}",
    }


def _credential_fields(service: Service) -> dict[probatio.Marker, Any]:
    if service is Service.QBITTORRENT:
        # Empty credentials are valid: qBittorrent can bypass authentication for local clients.
        return {
            probatio.Optional(CONF_USERNAME, default=""): _TEXT,
            probatio.Optional(CONF_PASSWORD, default=""): _SECRET,
        }
    return {probatio.Required(CONF_API_KEY): _SECRET}


def _service_schema(service: Service, *, url_required: bool = True) -> probatio.Schema:
    url_marker = probatio.Required(CONF_URL) if url_required else probatio.Optional(CONF_URL)
    return probatio.Schema(
        {
            url_marker: _URL,
            **_credential_fields(service),
            probatio.Optional(CONF_VERIFY_SSL, default=True): BooleanSelector(),
        }
    )


OPTIONS_SCHEMA = probatio.Schema(
    {
        probatio.Required(CONF_COMPLETED_RETENTION_HOURS): NumberSelector(
            NumberSelectorConfig(
                min=0, max=720, step=1, mode=NumberSelectorMode.BOX, unit_of_measurement="h"
            )
        ),
        probatio.Required(CONF_EPISODE_ENTITIES): BooleanSelector(),
        probatio.Required(CONF_EPISODE_CAP): NumberSelector(
            NumberSelectorConfig(min=0, max=500, step=1, mode=NumberSelectorMode.BOX)
        ),
        probatio.Required(CONF_WEBHOOK_AUTO_REGISTER): BooleanSelector(),
        probatio.Optional(CONF_PROTECTION_TAG): _TEXT,
        probatio.Required(CONF_DELETION_LOG_MAX): NumberSelector(
            NumberSelectorConfig(min=1, max=5000, step=1, mode=NumberSelectorMode.BOX)
        ),
        probatio.Required(CONF_DELETION_LOG_DAYS): NumberSelector(
            NumberSelectorConfig(
                min=1, max=3650, step=1, mode=NumberSelectorMode.BOX, unit_of_measurement="d"
            )
        ),
        probatio.Required(CONF_JELLYFIN_MISSING_HOURS): NumberSelector(
            NumberSelectorConfig(
                min=1, max=168, step=1, mode=NumberSelectorMode.BOX, unit_of_measurement="h"
            )
        ),
    }
)


def _sections(data: Mapping[str, Any]) -> dict[str, Any]:
    """A working copy of the entry data: each service's section copied, other keys as they are."""
    return {
        key: dict(value) if isinstance(value, Mapping) else value for key, value in data.items()
    }


class StatusTrackerConfigFlow(ConfigFlow, domain=DOMAIN):
    """Connect the media stack, one service per step, each checked with a real call."""

    VERSION = 1
    MINOR_VERSION = 2

    def __init__(self) -> None:
        """Start with nothing configured."""
        self._data: dict[str, Any] = {}
        self._reauth_errors: dict[Service, str] = {}

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: StatusTrackerConfigEntry) -> StatusTrackerOptionsFlow:
        """Retention, per-episode entities, webhook registration and the Jellyfin repair delay."""
        return StatusTrackerOptionsFlow()

    async def _async_check_service(
        self, service: Service, user_input: Mapping[str, Any]
    ) -> tuple[dict[str, Any], dict[str, str]]:
        """Return the cleaned service config and the form errors (empty when it works)."""
        config = {key: value for key, value in user_input.items() if value is not None}
        config[CONF_URL] = str(config.get(CONF_URL, "")).strip()
        url = parse_service_url(config[CONF_URL])
        if url is None:
            return config, {CONF_URL: "invalid_url"}
        if url.user is not None or url.password is not None:
            # They would end up in log lines and links; services here take keys or fields.
            return config, {CONF_URL: "url_credentials"}
        error = await async_validate(self.hass, service, config)
        return config, ({"base": error} if error else {})

    def _show_service_form(
        self,
        step_id: str,
        service: Service,
        user_input: Mapping[str, Any] | None,
        errors: dict[str, str],
        *,
        url_required: bool = True,
    ) -> ConfigFlowResult:
        suggested = user_input or self._data.get(service) or {CONF_URL: _DEFAULT_URLS[service]}
        return self.async_show_form(
            step_id=step_id,
            data_schema=self.add_suggested_values_to_schema(
                _service_schema(service, url_required=url_required), suggested
            ),
            errors=errors,
            description_placeholders=_url_placeholders(service),
        )

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Connect Sonarr, the service that identifies this entry."""
        errors: dict[str, str] = {}
        if user_input is not None:
            url = parse_service_url(str(user_input.get(CONF_URL, "")))
            if url is not None:
                await self.async_set_unique_id(normalize_url(str(url)))
                self._abort_if_unique_id_configured()
            config, errors = await self._async_check_service(Service.SONARR, user_input)
            if not errors:
                self._data[Service.SONARR] = config
                return await self.async_step_qbittorrent()
        return self._show_service_form("user", Service.SONARR, user_input, errors)

    async def async_step_qbittorrent(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Connect qBittorrent, where Sonarr sends its downloads."""
        return await self._async_setup_step(
            Service.QBITTORRENT, user_input, self.async_step_jellyfin
        )

    async def async_step_jellyfin(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Connect Jellyfin, where episodes become available."""
        return await self._async_setup_step(Service.JELLYFIN, user_input, self.async_step_extras)

    async def async_step_jellyseerr(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Connect the optional Jellyseerr, which knows who requested what."""
        return await self._async_setup_step(Service.JELLYSEERR, user_input, self.async_step_extras)

    async def async_step_shoko(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Connect the optional Shoko Server, for anime libraries."""
        return await self._async_setup_step(Service.SHOKO, user_input, self.async_step_extras)

    async def _async_setup_step(
        self, service: Service, user_input: dict[str, Any] | None, next_step: Any
    ) -> ConfigFlowResult:
        errors: dict[str, str] = {}
        if user_input is not None:
            config, errors = await self._async_check_service(service, user_input)
            if not errors:
                self._data[service] = config
                result: ConfigFlowResult = await next_step()
                return result
        return self._show_service_form(service.value, service, user_input, errors)

    async def async_step_extras(self, user_input: None = None) -> ConfigFlowResult:
        """Offer the optional services not added yet, or finish."""
        options = [str(s) for s in OPTIONAL_SERVICES if s not in self._data]
        return self.async_show_menu(step_id="extras", menu_options=[*options, "finish"])

    async def async_step_finish(self, user_input: None = None) -> ConfigFlowResult:
        """Create the entry with every connected service."""
        url = parse_service_url(self._data[Service.SONARR][CONF_URL])
        assert url is not None  # checked by the Sonarr step
        host = url.host or "Sonarr"
        title = await async_entry_title(self.hass, self._data[Service.SONARR], host)
        if title in {entry.title for entry in self._async_current_entries()}:
            title = f"{title} ({host})"
        return self.async_create_entry(title=title, data=self._data, options=Options().as_dict())

    async def async_step_reauth(self, entry_data: Mapping[str, Any]) -> ConfigFlowResult:
        """Check every configured service again; ask only for the ones that fail."""
        self._data = _sections(entry_data)
        self._reauth_errors = {}
        for service in Service:
            if service in self._data:
                error = await async_validate(self.hass, service, self._data[service])
                if error:
                    self._reauth_errors[service] = error
        return await self.async_step_reauth_confirm()

    async def async_step_reauth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for new credentials of the first failing service, then the next one."""
        if not self._reauth_errors:
            return self.async_update_reload_and_abort(self._get_reauth_entry(), data=self._data)
        service = next(iter(self._reauth_errors))
        errors = {"base": self._reauth_errors[service]}
        if user_input is not None:
            config = {**self._data[service], **user_input}
            error = await async_validate(self.hass, service, config)
            if error is None:
                self._data[service] = config
                del self._reauth_errors[service]
                return await self.async_step_reauth_confirm()
            errors = {"base": error}
        return self.async_show_form(
            step_id="reauth_confirm",
            data_schema=probatio.Schema(_credential_fields(service)),
            errors=errors,
            description_placeholders={
                "service": SERVICE_NAMES[service],
                "url": self._data[service][CONF_URL],
            },
        )

    async def async_step_reconfigure(self, user_input: None = None) -> ConfigFlowResult:
        """Let the user pick the service to change."""
        entry = self._get_reconfigure_entry()
        self._data = _sections(entry.data)
        return self.async_show_menu(
            step_id="reconfigure", menu_options=[f"reconfigure_{s}" for s in Service]
        )

    async def async_step_reconfigure_sonarr(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change Sonarr's URL or key (the entry follows the new URL)."""
        return await self._async_reconfigure(Service.SONARR, user_input)

    async def async_step_reconfigure_qbittorrent(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change qBittorrent's URL or credentials."""
        return await self._async_reconfigure(Service.QBITTORRENT, user_input)

    async def async_step_reconfigure_jellyfin(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change Jellyfin's URL or key."""
        return await self._async_reconfigure(Service.JELLYFIN, user_input)

    async def async_step_reconfigure_jellyseerr(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Add, change or (empty URL) remove Jellyseerr."""
        return await self._async_reconfigure(Service.JELLYSEERR, user_input)

    async def async_step_reconfigure_shoko(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Add, change or (empty URL) remove Shoko."""
        return await self._async_reconfigure(Service.SHOKO, user_input)

    async def _async_reconfigure(
        self, service: Service, user_input: dict[str, Any] | None
    ) -> ConfigFlowResult:
        entry = self._get_reconfigure_entry()
        optional = service in OPTIONAL_SERVICES
        errors: dict[str, str] = {}
        if user_input is not None:
            if optional and not str(user_input.get(CONF_URL) or "").strip():
                self._data.pop(service, None)
                return self.async_update_reload_and_abort(entry, data=self._data)
            config, errors = await self._async_check_service(service, user_input)
            unique_id = entry.unique_id
            if not errors and service is Service.SONARR:
                unique_id = normalize_url(config[CONF_URL])
                if any(
                    other.unique_id == unique_id and other.entry_id != entry.entry_id
                    for other in self._async_current_entries(include_ignore=False)
                ):
                    return self.async_abort(reason="already_configured")
                if (
                    unique_id != entry.unique_id
                    and config[CONF_API_KEY] != entry.data[Service.SONARR][CONF_API_KEY]
                ):
                    # A new address and a new key: another Sonarr, not this one moved. Its
                    # requests are others; that is a new entry, never a silent switch.
                    return self.async_abort(reason="unique_id_mismatch")
            if not errors:
                self._data[service] = config
                return self.async_update_reload_and_abort(
                    entry, unique_id=unique_id, data=self._data
                )
        return self._show_service_form(
            f"reconfigure_{service}", service, user_input, errors, url_required=not optional
        )


class StatusTrackerOptionsFlow(OptionsFlow):
    """Retention of completed requests, per-episode entities, webhook, Jellyfin repair delay."""

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Show one form for every option."""
        if user_input is not None:
            # A cleared text field is left out of the input: no tag means no protection.
            options = Options.from_mapping({CONF_PROTECTION_TAG: "", **user_input})
            return self.async_create_entry(data=options.as_dict())
        path = async_generate_path(self.config_entry.data[CONF_WEBHOOK_ID])
        return self.async_show_form(
            step_id="init",
            data_schema=self.add_suggested_values_to_schema(
                OPTIONS_SCHEMA, Options.from_mapping(self.config_entry.options).as_dict()
            ),
            description_placeholders={
                # Only an admin sees this form: the full URL (its id is the secret) may show.
                "webhook_url": webhook_url(self.hass, self.config_entry)
                or f"<Home Assistant URL>{path}",
            },
        )
