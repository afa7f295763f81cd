"""What a person does with the demo's dashboard, in the browser: wait for it, read it, act on it.

Shared by the browser tests and ``--screenshots``. The card's DOM is reached through every
shadow root (``window.__st``, installed by ``Page.login``).
"""

from __future__ import annotations

import asyncio
import json
from typing import Any, Final

from .browser import Page

CARD_TIMEOUT: Final = 30.0

# The card (or cards) of one request, by series id.
_CARD: Final = "__st.cards().filter(c => c._config?.series_id === {series_id})[0]"


async def wait_dashboard(page: Page, cards: int) -> int:
    """Until ``cards`` status-tracker cards show data (no "Loading", no error card).

    Home Assistant imports the card's module (an extra module of its index page) alongside its
    own; now and then (seen right after Home Assistant started) the dashboard is drawn first and
    keeps error cards where the card goes. A reload sets it right, as it would for a person: up to
    two are made. Returns how many were needed.
    """
    ready = f"""(() => {{
      if (!window.__st || !customElements.get('status-tracker-card')) return false;
      const cards = __st.cards();
      return cards.length >= {cards}
        && cards.every(c => c.shadowRoot?.querySelector('ha-card') && !/Loading/.test(__st.text(c)))
        && __st.all('hui-error-card').length === 0;
    }})()"""
    for reloads in range(3):
        try:
            await page.wait_for(ready, CARD_TIMEOUT / 2)
        except TimeoutError:
            if reloads == 2:
                why = await _why(page)
                raise TimeoutError(f"the dashboard did not draw its cards: {why}") from None
            await page.send("Page.reload", {"ignoreCache": True})
        else:
            return reloads
    return 2


async def _why(page: Page) -> str:
    """What the page says about the card's module, for a failure's message."""
    why: str = await page.evaluate(
        """(async () => {
          const url = [...document.querySelectorAll('script')].map(s => s.textContent)
            .join(' ').match(/import\\("([^"]*status_tracker[^"]*)"\\)/)?.[1];
          let imported;
          try { await import(url); imported = 'imports'; } catch (e) { imported = 'fails: ' + e; }
          const resources = performance.getEntriesByType('resource')
            .filter(e => e.name.includes('status_tracker'))
            .map(e => [e.name, e.responseStatus, Math.round(e.duration)]);
          const errors = window.__st ? __st.all('hui-error-card').length : null;
          const defined = !!customElements.get('status-tracker-card');
          return JSON.stringify({url, imported, defined, errors, resources});
        })()"""
    )
    return f"{why} console: {page.console[-5:]}"


async def card_text(page: Page, series_id: int | None) -> str:
    """The text of a request's card, or of the "All requests" card (``None``)."""
    if series_id is None:
        selector = "__st.cards().filter(c => c._config?.series_id === undefined)[0]"
    else:
        selector = _CARD.format(series_id=series_id)
    text: str = await page.evaluate(f"__st.text({selector})")
    return text


async def card_tree(page: Page, series_id: int) -> Any:
    """The tree a request's card holds now (what it has drawn)."""
    return await page.evaluate(
        f"JSON.parse(JSON.stringify({_CARD.format(series_id=series_id)}._tree))"
    )


async def select_rows(page: Page, series_id: int, status: str) -> list[str]:
    """Tick the first line of the request's card showing ``status``; its checkbox's label."""
    labels: list[str] = await page.evaluate(
        f"""(async () => {{
          const card = {_CARD.format(series_id=series_id)};
          const row = [...card.shadowRoot.querySelectorAll('.row')]
            .find(r => r.textContent.includes({json.dumps(status)})
              && r.querySelector('input[type=checkbox]'));
          if (!row) return [];
          const box = row.querySelector('input[type=checkbox]');
          box.click();
          await card.updateComplete;
          return [box.getAttribute('aria-label')];
        }})()"""
    )
    return labels


async def press(page: Page, series_id: int, text: str, scope: str = ".actions") -> None:
    """Click the card's button whose text is ``text`` (in ``scope``)."""
    clicked = await page.evaluate(
        f"""(() => {{
          const card = {_CARD.format(series_id=series_id)};
          const button = [...card.shadowRoot.querySelectorAll({json.dumps(scope + " button")})]
            .find(b => b.textContent.trim() === {json.dumps(text)} && !b.disabled);
          if (!button) return false;
          button.click();
          return true;
        }})()"""
    )
    if not clicked:
        raise AssertionError(f"no enabled button {text!r} in the card of series {series_id}")


async def dialog(page: Page, series_id: int, phase: str, within: float = 60.0) -> str:
    """The deletion dialog's text once it reaches ``phase`` (confirm, done, error)."""
    card = _CARD.format(series_id=series_id)
    await page.wait_for(f"{card}._dialog?.phase === {json.dumps(phase)}", within)
    await page.evaluate(f"{card}.updateComplete")
    text: str = await page.evaluate(f"__st.text({card}.shadowRoot.querySelector('[role=dialog]'))")
    return text


async def settle(page: Page, seconds: float = 0.5) -> None:
    """Let the page finish drawing (fonts, icons) before a screenshot."""
    await page.evaluate("document.fonts.ready.then(() => true)")
    await asyncio.sleep(seconds)


async def element_box(page: Page, expression: str, margin: int = 8) -> dict[str, float]:
    """The clip of an element (a JavaScript expression), with a margin, for a screenshot."""
    box: dict[str, float] = await page.evaluate(
        f"""(() => {{
          const el = {expression};
          const r = el.getBoundingClientRect();
          return {{x: Math.max(r.x - {margin}, 0), y: Math.max(r.y - {margin}, 0),
                   width: r.width + 2 * {margin}, height: r.height + 2 * {margin}, scale: 1}};
        }})()"""
    )
    return box
