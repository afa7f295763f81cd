"""Calling the integration's actions as a given user, with their response."""

from __future__ import annotations

from typing import Any

from homeassistant.core import Context, HomeAssistant
from pytest_homeassistant_custom_component.common import MockUser

from custom_components.status_tracker.const import DOMAIN


async def call_action(
    hass: HomeAssistant, user: MockUser, service: str, data: dict[str, Any]
) -> Any:
    """``status_tracker.<service>`` as ``user`` (blocking), returning its response."""
    return await hass.services.async_call(
        DOMAIN,
        service,
        data,
        blocking=True,
        return_response=True,
        context=Context(user_id=user.id),
    )
