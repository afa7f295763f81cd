"""The dashboard card in headless Chromium, against the demo's real Home Assistant and stack.

What a person sees: every request drawn, live as real torrents move, the dry run's dialog naming
what the integration's own plan names, a confirmed deletion reaching the disk, no delete
controls for a plain user; and what it costs: a 500-episode request's first render, an update's
DOM mutations, the websocket messages after the first. Figures go to the run's summary.
"""

from __future__ import annotations

import asyncio
import copy
import json
from pathlib import Path
import statistics
import time
from typing import Any

import aiohttp
import pytest

from tests.support.demo.browser import Page
from tests.support.demo.dashboard import (
    card_text,
    card_tree,
    dialog,
    press,
    select_rows,
    wait_dashboard,
)
from tests.support.demo.hass import DemoError, Hass
from tests.support.demo.runner import Demo
from tests.support.live import apply_tree_patch
from tests.support.qbittorrent_driver import QbtDriver

from .conftest import FIGURES, OpenPage

DASHBOARD = "/status-tracker/requests"
LIVE_TIMEOUT = 150.0


def _cards(demo: Demo) -> int:
    return 1 + len(demo.rows)


async def _tree(admin: Hass, series_id: int) -> dict[str, Any]:
    event = await admin.subscribe_once("status_tracker/request/subscribe", series_id=series_id)
    tree: dict[str, Any] = event["full"]
    return tree


async def test_card_renders_every_request(demo: Demo, admin: Hass, open_page: OpenPage) -> None:
    """Each request's card shows its title, figures and seasons; the list names every one."""
    page = await open_page(DASHBOARD)
    await wait_dashboard(page, _cards(demo))
    listing = await card_text(page, None)
    for row in demo.rows:
        assert row["title"] in listing
        text = await card_text(page, row["series_id"])
        tree = await _tree(admin, row["series_id"])
        assert tree["title"] in text
        assert f"/{tree['episodes_total']} episodes" in text
        for season in tree["seasons"]:
            assert f"Season {season['season']}" in text
    assert not [line for line in page.console if "status-tracker" in line], page.console


@pytest.mark.timeout(LIVE_TIMEOUT + 60)
async def test_card_follows_a_real_download(
    demo: Demo, admin: Hass, open_page: OpenPage, session: aiohttp.ClientSession
) -> None:
    """Bytes arriving in the real qBittorrent move the card, through pushed patches only."""
    frames: list[tuple[str, str]] = []

    async def record(page: Any) -> None:
        await page.send("Network.enable")
        page.listen(
            lambda method, params: (
                frames.append((method, params["response"]["payloadData"]))
                if method in {"Network.webSocketFrameReceived", "Network.webSocketFrameSent"}
                else None
            )
        )

    page = await open_page(DASHBOARD, before=record)
    await wait_dashboard(page, _cards(demo))
    qbt = _qbt(session, demo)

    async def downloading() -> dict[tuple[int, str], tuple[int, float]]:
        """Every download the cards show as under way: its bytes and percent."""
        found = {}
        for row in demo.rows:
            tree = await card_tree(page, row["series_id"])
            for download in tree["downloads"]:
                if (download.get("downloaded") or 0) > 0 and download["progress"] < 100:
                    key = (row["series_id"], download["download_id"])
                    found[key] = (download["downloaded"], download["progress"])
        return found

    deadline = time.monotonic() + LIVE_TIMEOUT
    first: dict[tuple[int, str], tuple[int, float]] = {}
    while not first:
        assert time.monotonic() < deadline, f"no download under way in {LIVE_TIMEOUT:.0f} s"
        await asyncio.sleep(0.5)
        first = await downloading()
    moved: dict[tuple[int, str], tuple[int, float]] = {}
    while not moved:
        assert time.monotonic() < deadline, f"no download moved in {LIVE_TIMEOUT:.0f} s"
        await asyncio.sleep(0.5)
        now = await downloading()
        moved = {key: seen for key, seen in now.items() if seen[0] > first.get(key, seen)[0]}
    # What the card says was downloaded, qBittorrent itself had (it is polled, so it lags).
    for (_series, download_id), (_done, percent) in moved.items():
        torrents = await qbt.torrents_info([download_id.lower()])
        assert torrents, f"{download_id} is not in qBittorrent"
        assert percent <= torrents[0]["progress"] * 100 + 0.1
    sizes = _message_sizes(frames)
    FIGURES["websocket_messages_bytes"] = sizes
    assert sizes["request_full"], "no request feed seen"
    assert sizes["request_patches"], "no patch after the first message"
    _assert_patches_carry_only_changes(frames)


def _qbt(session: aiohttp.ClientSession, demo: Demo) -> QbtDriver:
    """The user's qBittorrent of the stack, logged in on first use."""
    qbt = demo.stack["qbittorrent"]
    return QbtDriver(session, qbt["url"], qbt["username"], qbt["password"])


def _messages(
    frames: list[tuple[str, str]],
) -> tuple[dict[int, dict[str, Any]], list[dict[str, Any]]]:
    """The card's subscriptions by id, and every message received, in order."""
    subscriptions: dict[int, dict[str, Any]] = {}
    received: list[dict[str, Any]] = []
    for method, payload in frames:
        try:
            data = json.loads(payload)
        except ValueError:
            continue
        # Home Assistant coalesces messages into a JSON array when the frontend allows it.
        for message in data if isinstance(data, list) else [data]:
            if method.endswith("Sent"):
                if str(message.get("type", "")).startswith("status_tracker/"):
                    subscriptions[message["id"]] = message
            else:
                received.append(message)
    return subscriptions, received


def _message_sizes(frames: list[tuple[str, str]]) -> dict[str, Any]:
    subscriptions, received = _messages(frames)
    sizes: dict[str, Any] = {
        "request_full": [],
        "request_patches": [],
        "list_full": [],
        "list_patches": [],
    }
    for message in received:
        command = subscriptions.get(message.get("id", -1), {}).get("type", "")
        if message.get("type") != "event" or not command.endswith("/subscribe"):
            continue
        kind = "request" if command.endswith("request/subscribe") else "list"
        size = len(json.dumps(message["event"], separators=(",", ":")))
        sizes[f"{kind}_full" if "full" in message["event"] else f"{kind}_patches"].append(size)
    for key in ("request_patches", "list_patches"):
        values = sizes[key]
        sizes[key + "_summary"] = (
            {"count": len(values), "max": max(values), "median": statistics.median(values)}
            if values
            else None
        )
    return sizes


def _assert_patches_carry_only_changes(frames: list[tuple[str, str]]) -> None:
    """Every episode and download row a patch carries differs from what the card had."""
    subscriptions, received = _messages(frames)
    trees: dict[int, dict[str, Any]] = {}
    for message in received:
        sub = subscriptions.get(message.get("id", -1), {})
        if message.get("type") != "event" or sub.get("type") != "status_tracker/request/subscribe":
            continue
        event = message["event"]
        if "full" in event:
            trees[message["id"]] = event["full"]
            continue
        if "patch" not in event or message["id"] not in trees:
            continue
        tree = trees[message["id"]]
        rows = {e["episode_id"]: e for s in tree["seasons"] for e in s["episodes"]}
        downloads = {d["download_id"]: d for d in tree["downloads"]}
        patch = event["patch"]
        # Bounded by what changed: the rows and fields it carries, plus the envelope's keys.
        carried = sum(
            len(json.dumps(item, separators=(",", ":")))
            for key in ("episodes", "downloads", "removed", "downloads_removed")
            for item in patch.get(key, ())
        ) + len(json.dumps(patch.get("changed", {}), separators=(",", ":")))
        size = len(json.dumps(event, separators=(",", ":")))
        assert size <= carried + 128, (size, carried)
        for row in patch.get("episodes", ()):
            assert rows.get(row["episode_id"]) != row, f"unchanged episode row sent: {row}"
        for row in patch.get("downloads", ()):
            assert downloads.get(row["download_id"]) != row, f"unchanged download sent: {row}"
        for key, value in patch.get("changed", {}).items():
            assert tree.get(key) != value, f"unchanged field sent: {key}"
        trees[message["id"]] = apply_tree_patch(tree, patch)


def _big_tree(real: dict[str, Any], episodes: int = 500) -> dict[str, Any]:
    """A request of ``episodes`` episodes in 5 seasons, from a real tree's rows and shapes.

    Mostly runs of equal status (as long requests are), and every 9th episode downloading with a
    release of its own, every 25th failed: many single lines, as the card's worst case.
    """
    template = copy.deepcopy(next(e for s in real["seasons"] for e in s["episodes"]))
    download_template = copy.deepcopy(real["downloads"][0]) if real["downloads"] else None
    seasons: list[dict[str, Any]] = []
    downloads: list[dict[str, Any]] = []
    per_season = episodes // 5
    for season in range(1, 6):
        rows = []
        for number in range(1, per_season + 1):
            index = (season - 1) * per_season + number
            row = {
                **template,
                "episode_id": 100000 + index,
                "season": season,
                "episode": number,
                "absolute": index,
                "title": f"Episode {index}",
                "status": "available" if number <= per_season // 2 else "pending",
                "download_id": None,
                "progress": 0,
                "release": None,
                "release_type": None,
                "stalled": False,
                "reason": None,
                "messages": [],
            }
            if number % 9 == 0 and download_template is not None:
                download_id = f"{index:040x}"
                row |= {"status": "downloading", "download_id": download_id, "progress": 40.0}
                row |= {"release": f"Big.Show.S{season:02d}E{number:03d}.1080p.WEB-DL"}
                downloads.append(
                    {
                        **download_template,
                        "download_id": download_id,
                        "title": row["release"],
                        "progress": 40.0,
                        "release_type": "singleEpisode",
                    }
                )
            elif number % 25 == 0:
                row |= {"status": "failed", "reason": "No release found"}
            rows.append(row)
        seasons.append({"season": season, "episodes": rows})
    return {
        **real,
        "series_id": 999999,
        "title": "A very long show",
        "episodes_total": episodes,
        "episodes_available": sum(
            r["status"] == "available" for s in seasons for r in s["episodes"]
        ),
        "seasons": seasons,
        "downloads": downloads,
        "deletions": [],
    }


RENDER_SCRIPT = """
(async ([tree, patch, runs]) => {
  await customElements.whenDefined('status-tracker-card');
  const base = document.querySelector('home-assistant').hass;
  const renders = [];
  let last;
  for (let run = 0; run < runs; run++) {
    let feed;
    const connection = {subscribeMessage: async (cb) => { feed = cb; return async () => {}; }};
    const hass = {...base, connection};
    const card = document.createElement('status-tracker-card');
    card.setConfig({type: 'custom:status-tracker-card', series_id: tree.series_id});
    card.hass = hass;
    const host = document.createElement('div');
    host.style.cssText = 'position:absolute;top:0;left:0;width:480px;background:white;z-index:10';
    document.body.appendChild(host);
    host.appendChild(card);
    await card.updateComplete;
    const start = performance.now();
    feed({full: structuredClone(tree)});
    await card.updateComplete;
    const script = performance.now() - start;
    card.offsetHeight;  // style and layout, as the first paint needs them
    renders.push({script, layout: performance.now() - start,
                  rows: card.shadowRoot.querySelectorAll('.row').length});
    if (last) last.remove();
    last = host;
    if (run < runs - 1) { host.remove(); last = null; }
    else {
      // An update: which seasons' DOM changes when one download moves.
      const sections = [...card.shadowRoot.querySelectorAll('section.season')];
      const touched = new Set();
      let mutations = 0;
      const observer = new MutationObserver((records) => {
        for (const record of records) {
          mutations++;
          const section = sections.find((s) => s.contains(record.target));
          touched.add(section ? section.getAttribute('aria-label') : 'header');
        }
      });
      const all = {subtree: true, childList: true, characterData: true, attributes: true};
      observer.observe(card.shadowRoot, all);
      const begin = performance.now();
      feed({patch});
      await card.updateComplete;
      const update = performance.now() - begin;
      await new Promise((resolve) => setTimeout(resolve, 0));
      observer.disconnect();
      host.remove();
      return {renders, update, mutations, touched: [...touched].sort()};
    }
  }
})(ARGS)
"""


async def test_500_episodes_render_fast_and_updates_touch_only_what_changed(
    demo: Demo, admin: Hass, open_page: OpenPage
) -> None:
    """The first render of a 500-episode request in < 100 ms; a moved download changes one line."""
    page = await open_page(DASHBOARD)
    await wait_dashboard(page, _cards(demo))
    real = await _tree(admin, demo.rows[0]["series_id"])
    if not real["downloads"]:
        trees = [await _tree(admin, r["series_id"]) for r in demo.rows]
        real = next((t for t in trees if t["downloads"]), real)
    tree = _big_tree(real)
    moved = copy.deepcopy(next(e for e in tree["seasons"][2]["episodes"] if e["download_id"]))
    moved["progress"] = 41.5
    download = {**next(d for d in tree["downloads"] if d["download_id"] == moved["download_id"])}
    download["progress"] = 41.5
    patch = {"episodes": [moved], "downloads": [download]}
    args = json.dumps([tree, patch, 5])
    result = await page.evaluate(RENDER_SCRIPT.replace("ARGS", args))
    renders = result["renders"]
    first = renders[0]
    figures = {
        "episodes": 500,
        "lines_drawn": first["rows"],
        "first_render_ms": round(first["script"], 1),
        "first_render_with_layout_ms": round(first["layout"], 1),
        "median_render_ms": round(statistics.median(r["script"] for r in renders), 1),
        "median_render_with_layout_ms": round(statistics.median(r["layout"] for r in renders), 1),
        "update_ms": round(result["update"], 2),
        "update_dom_mutations": result["mutations"],
        "update_touched": result["touched"],
    }
    FIGURES["render_500_episodes"] = figures
    # The median of five fresh cards: the very first also pays for compiling the card's code,
    # and on a loaded two-core CI machine it has come within 15 % of the bound (reported above).
    assert figures["median_render_with_layout_ms"] < 100, figures
    # One season's lines change (Season 3's); the others and the header are not touched.
    assert result["touched"] == ["Season 3"], figures


# What each case of the demo scenario (one show per built-in scenario) looks like on its card
# (lower case: a stalled download reads "Stalled", or its reason "… is stalled with no connection").
HALLMARKS = {
    "season pack": "pack: ",
    "per-episode releases": "single: ",
    "a stalled download": "stalled",
    "imported, not yet in Jellyfin": "imported, waiting for jellyfin",
    "an episode made available": "available",
}


@pytest.mark.timeout(LIVE_TIMEOUT + 60)
async def test_card_shows_every_case_of_the_scenario(demo: Demo, open_page: OpenPage) -> None:
    """Over the scenario's run, the cards show each case it plays (some only for seconds)."""
    page = await open_page(DASHBOARD)
    await wait_dashboard(page, _cards(demo))
    seen: dict[str, float] = {}
    began = time.monotonic()
    while len(seen) < len(HALLMARKS):
        elapsed = time.monotonic() - began
        missing = sorted(set(HALLMARKS) - set(seen))
        assert elapsed < LIVE_TIMEOUT, f"never shown: {missing}"
        texts = [await card_text(page, row["series_id"]) for row in demo.rows]
        text = " ".join(texts).lower()
        for case, hallmark in HALLMARKS.items():
            if hallmark in text:
                seen.setdefault(case, round(elapsed, 1))
        await asyncio.sleep(0.3)
    FIGURES["scenario_cases_seen_after_s"] = seen


async def test_dry_run_dialog_then_delete_reaches_the_disk(
    demo: Demo, admin: Hass, open_page: OpenPage, session: aiohttp.ClientSession
) -> None:
    """The dialog names every step and kept item of the integration's plan; Delete removes them.

    The episode deleted came through a real torrent (the stack imported it): the plan then
    reaches qBittorrent too, and the torrent and its data go with the library's file.
    """
    page = await open_page(DASHBOARD)
    await wait_dashboard(page, _cards(demo))
    series_id, text, shown = await _dry_run_of_an_imported_torrent(page, demo)
    # The integration's own dry run of the same selection is the plan the dialog shows.
    plan = await admin.ws(
        "status_tracker/deletion/plan", series_id=series_id, episodes=shown["episodes"]
    )
    # (Its id also fingerprints how the selection was written: compare what it does.)
    assert (plan["steps"], plan["kept"]) == (shown["steps"], shown["kept"])
    for step in plan["steps"]:
        # Named for a person (file and torrent names), one label per target the service takes.
        assert len(step["labels"]) == len(step["targets"]), step
        assert ", ".join(step["labels"]) in text, f"{step} not in the dialog: {text}"
    for kept in plan["kept"]:
        assert kept["label"] in text
    named = [
        label
        for step in plan["steps"]
        if step["action"] in {"delete_episode_files", "remove_torrent"}
        for label in step["labels"]
    ]
    assert named, plan["steps"]
    assert all(not label.isdigit() for label in named), f"ids, not names: {named}"
    files = await _episode_files(session, demo, plan)
    assert files, f"the plan deletes no episode file: {plan['steps']}"
    assert [f for f in files if not f.exists()] == [], "the files to delete are not on disk"
    qbt = _qbt(session, demo)
    removed = {
        target.lower()
        for step in plan["steps"]
        if step["service"] == "qbittorrent" and step["action"] == "remove_torrent"
        for target in step["targets"]
    }
    assert removed, f"the plan removes no torrent: {plan['steps']}"
    data = [
        Path(torrent["content_path"])
        for torrent in await qbt.torrents_info()
        if {torrent["hash"], torrent["name"].lower()} & removed
    ]
    assert data, f"the torrents {removed} are not in qBittorrent"
    assert all(path.exists() for path in data), data

    # The card's own plan is confirmed, as a person would. A plan is refused when what it read
    # changed meanwhile (the live stack moves: a download of the series got further); the card
    # says so, and the person plans again.
    for _attempt in range(3):
        await press(page, series_id, "Delete", scope="[role=dialog] .actions")
        phase = await page.wait_for(
            f"['done', 'error'].includes({_card(series_id)}._dialog?.phase)"
            f" && {_card(series_id)}._dialog.phase",
            90,
        )
        if phase == "done":
            break
        FIGURES.setdefault("deletion_replanned", []).append(await dialog(page, series_id, "error"))
        await press(page, series_id, "Close", scope="[role=dialog] .actions")
        await press(page, series_id, "Delete selected")  # the selection is kept
        await dialog(page, series_id, "confirm")
    done = await dialog(page, series_id, "done")
    assert "Deleted" in done, done
    assert [f for f in files if f.exists()] == [], "a deleted episode's file is still on disk"
    left = await qbt.torrents_info()
    assert not [t for t in left if {t["hash"], t["name"].lower()} & removed]
    assert [p for p in data if p.exists()] == [], "the torrent's data is still on disk"
    # The card's tree follows: the deleted episodes are no longer available.
    await page.wait_for(
        f"""(() => {{
          const tree = {_card(series_id)}._tree;
          const gone = new Set({json.dumps(sorted(shown["episodes"]))});
          const code = (e) => 'S' + String(e.season).padStart(2, '0')
            + 'E' + String(e.episode).padStart(2, '0');
          return !tree.seasons.some(s => s.episodes.some(e => e.status === 'available'
            && gone.has(code(e))));
        }})()""",
        60,
    )


async def _dry_run_of_an_imported_torrent(page: Page, demo: Demo) -> tuple[int, str, Any]:
    """Tick an available episode of a series the stack imported a torrent for, and plan.

    Tried series by series (a run of episodes in the library from the start plans no torrent):
    the series id, the dialog's text and the plan the card holds.
    """
    titles = {row["title"]: row["series_id"] for row in demo.rows}
    deadline = time.monotonic() + LIVE_TIMEOUT
    tried: set[int] = set()
    while time.monotonic() < deadline:
        state = await demo.stack_state()
        for torrent in state["torrents"]:
            series_id = titles.get(torrent["series"])
            if not torrent["imported"] or torrent["gone"] or series_id in (None, *tried):
                continue
            assert series_id is not None
            if not await select_rows(page, series_id, "Available"):
                continue  # not in Jellyfin yet
            tried.add(series_id)
            await press(page, series_id, "Delete selected")
            text = await dialog(page, series_id, "confirm")
            shown = await page.evaluate(f"{_card(series_id)}._dialog.plan")
            if any(step["service"] == "qbittorrent" for step in shown["steps"]):
                return series_id, text, shown
            await press(page, series_id, "Cancel", scope="[role=dialog] .actions")
            await select_rows(page, series_id, "Available")  # untick
        await asyncio.sleep(1)
    raise AssertionError(f"no available episode imported from a torrent (tried {tried})")


def _card(series_id: int) -> str:
    return f"__st.cards().filter(c => c._config?.series_id === {series_id})[0]"


async def _episode_files(
    session: aiohttp.ClientSession, demo: Demo, plan: dict[str, Any]
) -> list[Path]:
    """Where the files the plan deletes in Sonarr lie on disk (Sonarr's own paths)."""
    ids = {
        int(target)
        for step in plan["steps"]
        if step["service"] == "sonarr" and step["action"] == "delete_episode_files"
        for target in step["targets"]
    }
    sonarr = demo.stack["sonarr"]
    async with session.get(
        f"{sonarr['url']}/api/v3/episodefile",
        params={"seriesId": str(plan["series_id"])},
        headers={"X-Api-Key": sonarr["api_key"]},
    ) as response:
        response.raise_for_status()
        files = await response.json()
    return [Path(f["path"]) for f in files if f["id"] in ids]


async def test_plain_user_sees_no_delete_controls(
    demo: Demo, admin: Hass, open_page: OpenPage, session: aiohttp.ClientSession
) -> None:
    """A non-admin gets the same cards without checkboxes or delete buttons (and is refused)."""
    await admin.create_user("Guest", "guest", "guest-password", admin=False)
    guest = Hass(demo.base, session)
    tokens = await guest.login("guest", "guest-password")
    guest.token = tokens.access_token
    page = await open_page(DASHBOARD, tokens=tokens)
    await wait_dashboard(page, _cards(demo))
    controls = await page.evaluate(
        """__st.cards().map(c => [...c.shadowRoot.querySelectorAll('input[type=checkbox], button')]
             .map(b => b.textContent.trim() || b.type)).flat()
             .filter(t => /delete|checkbox/i.test(t))"""
    )
    assert controls == []
    text = " ".join([await card_text(page, r["series_id"]) for r in demo.rows])
    assert "Delete selected" not in text
    assert "Delete series" not in text
    with pytest.raises(DemoError, match=r"unauthorized|admin"):
        await guest.ws(
            "status_tracker/deletion/plan", series_id=demo.rows[0]["series_id"], cascade=True
        )
    await guest.close()
