"""A Home Assistant error as a websocket error the card can show in its user's language.

Its translation key and placeholders travel with the message: a user's mistake is answered to the
card, never logged as Home Assistant's error.
"""

from __future__ import annotations

from homeassistant.components.websocket_api.connection import ActiveConnection
from homeassistant.components.websocket_api.const import (
    ERR_HOME_ASSISTANT_ERROR,
    ERR_SERVICE_VALIDATION_ERROR,
)
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError


def send_translated_error(
    connection: ActiveConnection, msg_id: int, err: HomeAssistantError
) -> None:
    """The caller's input (``service_validation_error``) or a service's failure."""
    code = (
        ERR_SERVICE_VALIDATION_ERROR
        if isinstance(err, ServiceValidationError)
        else ERR_HOME_ASSISTANT_ERROR
    )
    connection.send_error(
        msg_id,
        code,
        str(err),
        translation_key=err.translation_key,
        translation_domain=err.translation_domain,
        translation_placeholders=err.translation_placeholders,
    )
