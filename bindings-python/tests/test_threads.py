"""One Policy shared by 8 threads at once: same reports as one thread, no crash."""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pimcheck

from conftest import example

NOW = "2018-05-12T20:00:00Z"


def test_eight_threads_share_one_policy() -> None:
    policy = pimcheck.Policy(example("g2-rolesetting-get-response.json"))
    request: dict[str, Any] = example("g2-request-useradd-activate.json")
    expected = policy.check(request, now=NOW).to_json()
    barrier = threading.Barrier(8)

    def work(n: int) -> set[str]:
        barrier.wait()
        seen = set()
        for i in range(200):
            if i % 20 == 0:
                seen.update(r.to_json() for r in policy.check_many([request] * 300, now=NOW))
            else:
                seen.add(policy.check(request if n % 2 else json.dumps(request), now=NOW).to_json())
        return seen

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(work, range(8)))
    assert all(seen == {expected} for seen in results)


def test_check_many_lets_other_threads_run() -> None:
    """The GIL is released while a batch is checked (taken back only to convert the next chunk of
    requests): a Python thread keeps running during the call, with no pause near the call's length,
    as it would have if the GIL were held throughout."""
    policy = pimcheck.Policy(example("g2-rolesetting-get-response.json"))
    request: dict[str, Any] = example("g2-request-useradd-activate.json")
    requests = [json.dumps(request)] * 20_000
    policy.check_many(requests[:1000], now=NOW)  # warm up
    ticks: list[float] = []
    stop = threading.Event()

    def tick() -> None:
        while not stop.is_set():
            ticks.append(time.perf_counter())

    ticker = threading.Thread(target=tick)
    ticker.start()
    try:
        while not ticks:
            time.sleep(0.001)
        started = time.perf_counter()
        policy.check_many(requests, now=NOW)
        ended = time.perf_counter()
    finally:
        stop.set()
        ticker.join()
    during = [started] + [t for t in ticks if started < t < ended] + [ended]
    longest_pause = max(b - a for a, b in zip(during, during[1:]))
    assert ended - started > 0.05, "the batch is too short to tell"
    assert longest_pause < (ended - started) / 2, (longest_pause, ended - started)
