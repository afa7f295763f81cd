"""The ``live_stack`` fixture: a running ``LiveStack`` in the test's event loop (a plugin).

``stack = await live_stack("pack")`` (a built-in name or a ``Scenario``) starts every simulated
service and both qbittorrent-nox below the test's ``tmp_path``; the object is the same control
the CLI serves over HTTP (``await stack.start()``, ``stack.state()``). At teardown each stack is
stopped, then the test fails when the stack saw problems: an error in a step, an answer not
matching the real API's spec, or a request a real app would refuse.

The stack reads ``datetime.now``: under the suite's frozen ticking clock its "now" is the test's.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from tests.support.qbittorrent_nox import Launcher

from .builtin import scenario_named
from .scenario import Scenario
from .stack import LiveStack

type StartStack = Callable[[str | Scenario], Awaitable[LiveStack]]


@pytest.fixture
async def live_stack(
    socket_enabled: None,
    qbittorrent_launcher: Launcher,
    qbittorrent_workdir: Path,
    tmp_path: Path,
) -> AsyncIterator[StartStack]:
    """Factory of running stacks; each is stopped and checked after the test."""
    stacks: list[LiveStack] = []

    async def start(scenario: str | Scenario) -> LiveStack:
        chosen = scenario_named(scenario) if isinstance(scenario, str) else scenario
        stack = LiveStack(
            chosen,
            tmp_path / f"stack-{len(stacks)}-{chosen.name}",
            launcher=qbittorrent_launcher,
            bind_dir=qbittorrent_workdir,
        )
        stacks.append(stack)
        await stack.start_services()
        return stack

    try:
        yield start
    finally:
        for stack in stacks:
            await stack.stop()
    problems = [problem for stack in stacks for problem in stack.problems()]
    if problems:
        pytest.fail(
            f"the live stack saw {len(problems)} problem(s):\n" + "\n".join(problems),
            pytrace=False,
        )
