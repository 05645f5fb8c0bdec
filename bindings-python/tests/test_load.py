"""Load: the GIL-free batch on 100,000 requests, five rounds, with the resident memory measured after
each round and required to stay flat (no leak); and hostile inputs from eight threads at once.

One request shape (a JSON ``str``), so that five rounds of a debug build stay near 20 s.
"""

from __future__ import annotations

import gc
import json
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

import pimcheck

from conftest import REPO

MANIFEST = json.loads((REPO / "tests" / "bad-inputs" / "manifest.json").read_text(encoding="utf-8"))
DEFAULTS = MANIFEST["defaults"]
OPTS: dict[str, Any] = {"now": DEFAULTS["context"]["now"], "mfa": DEFAULTS["context"]["mfa"]}
MB = 1024 * 1024


def rss() -> int:
    """The resident set size now, in bytes (``/proc/self/statm``; Linux)."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/statm")
def test_check_many_of_100_000_five_times_in_flat_memory() -> None:
    policy = pimcheck.Policy(DEFAULTS["policy"])
    requests = [json.dumps(DEFAULTS["request"])] * 100_000
    figures = []
    for _ in range(5):
        started = time.monotonic()
        reports = policy.check_many(requests, **OPTS)
        assert len(reports) == 100_000 and reports[-1].allowed
        del reports
        gc.collect()
        figures.append((rss(), time.monotonic() - started))
    print(
        "check_many, 100,000 requests a round; RSS after each round (MB) and time (s): "
        + ", ".join(f"{r / MB:.1f} ({s:.1f} s)" for r, s in figures)
    )
    second, last = figures[1][0], figures[-1][0]
    assert last <= max(second * 1.2, second + 50 * MB), [r // MB for r, _ in figures]


def hostile_outcomes() -> list[tuple[str, str]]:
    """Each small case of the manifest through ``Policy.check``: ``(name, code or verdict)``."""
    policy = pimcheck.Policy(DEFAULTS["policy"])
    out = []
    for case in MANIFEST["cases"]:
        spec = case["request"]
        if case["policy"] != "default" or not isinstance(spec, dict) or "json" not in spec:
            continue
        try:
            out.append((case["name"], str(policy.check(json.dumps(spec["json"]), **OPTS).allowed)))
        except pimcheck.InputError as error:
            out.append((case["name"], f"{error.code} {error.path}"))
    return out


def test_eight_threads_of_hostile_inputs_agree_with_one() -> None:
    expected = hostile_outcomes()
    assert len(expected) >= 15
    barrier = threading.Barrier(8)

    def work(_: int) -> list[list[tuple[str, str]]]:
        barrier.wait()
        return [hostile_outcomes() for _ in range(20)]

    with ThreadPoolExecutor(8) as pool:
        for rounds in pool.map(work, range(8)):
            assert all(got == expected for got in rounds)
