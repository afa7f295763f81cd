// The module Home Assistant loads on every dashboard: defines the card and offers it in the picker.

import { StatusTrackerCard } from "./card.js";
import { StatusTrackerCardEditor } from "./editor.js";
import { en } from "./translations/en.js";

declare global {
  interface Window {
    customCards?: { type: string; name: string; description: string; preview?: boolean }[];
  }
}

// Defined once even if the module is loaded twice (an old and a new URL during an update).
if (!customElements.get("status-tracker-card")) {
  customElements.define("status-tracker-card", StatusTrackerCard);
  customElements.define("status-tracker-card-editor", StatusTrackerCardEditor);
  window.customCards = window.customCards ?? [];
  window.customCards.push({
    type: "status-tracker-card",
    name: en.card.name,
    description: en.card.description,
    preview: false,
  });
}
