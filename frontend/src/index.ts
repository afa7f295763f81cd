// The module Home Assistant loads on every dashboard: defines the card and offers it in the picker.

import { StatusTrackerCard } from "./card.js";
import { StatusTrackerCardEditor } from "./editor.js";
import { en } from "./translations/en.js";

declare global {
  interface Window {
    customCards?: { type: string; name: string; description: string; preview?: boolean }[];
  }
}

// Defined once per registry, even if the module is loaded twice (an old and a new URL during an
// update). Subclasses: a constructor can be defined in one registry only.
function define(): void {
  if (customElements.get("status-tracker-card")) return;
  customElements.define("status-tracker-card", class extends StatusTrackerCard {});
  customElements.define("status-tracker-card-editor", class extends StatusTrackerCardEditor {});
  window.customCards = window.customCards ?? [];
  if (!window.customCards.some((card) => card.type === "status-tracker-card")) {
    window.customCards.push({
      type: "status-tracker-card",
      name: en.card.name,
      description: en.card.description,
      preview: false,
    });
  }
}

define();

// Home Assistant's app module installs a scoped custom-element registry (a polyfill that replaces
// window.customElements), and imports this module alongside it: when this one runs first, its
// definitions stay in the replaced registry and every card shows "Configuration error" (seen in
// the browser tests, about one page load in three). Define again in the registry in place once
// the app has replaced it (checked for the first 30 s of the page).
const initial = window.customElements;
let checks = 0;
const timer = setInterval(() => {
  if (window.customElements !== initial) define();
  if (window.customElements !== initial || ++checks >= 300) clearInterval(timer);
}, 100);
// Node (the card's unit tests) would otherwise wait for the timer before exiting.
(timer as unknown as { unref?: () => void }).unref?.();
