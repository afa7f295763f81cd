// The part of Home Assistant's frontend object the card uses (the `hass` property of every card).

export interface HassMessage {
  type: string;
  [field: string]: unknown;
}

export interface HomeAssistant {
  connection: {
    subscribeMessage<T>(callback: (event: T) => void, message: HassMessage): Promise<() => Promise<void>>;
  };
  callWS<T>(message: HassMessage): Promise<T>;
  user?: { is_admin: boolean; name?: string };
  language?: string;
  locale?: { language: string };
}

/** A websocket error as Home Assistant's frontend hands it over. */
export function errorText(error: unknown): string {
  if (error && typeof error === "object" && "message" in error) return String(error.message);
  return String(error);
}
