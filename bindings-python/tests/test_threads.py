"""One Policy shared by 8 threads at once: same reports as one thread, no crash."""

from __future__ import annotations

import json
import threading
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
