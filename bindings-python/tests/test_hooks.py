"""The bench and test hooks exist only in a build with the cargo feature `bench-hooks`: a default
wheel exposes none of them. scripts/test.sh runs this file on a default build with
`PIMCHECK_BENCH_HOOKS=0`, then the whole suite on a `--features bench-hooks` build with
`PIMCHECK_BENCH_HOOKS=1`."""

from __future__ import annotations

import os

import pytest

import pimcheck
from conftest import MODULE_HOOKS, POLICY_HOOKS, hooks_present

ALL_HOOKS = set(POLICY_HOOKS) | set(MODULE_HOOKS)


def test_a_build_has_all_the_hooks_or_none() -> None:
    assert hooks_present() in (set(), ALL_HOOKS)


def test_the_build_exposes_the_hooks_it_was_built_with() -> None:
    expected = os.environ.get("PIMCHECK_BENCH_HOOKS")
    if expected not in ("0", "1"):
        pytest.skip("PIMCHECK_BENCH_HOOKS (0 or 1) says which build this is; scripts/test.sh sets it")
    assert hooks_present() == (ALL_HOOKS if expected == "1" else set())


def test_no_hook_is_public() -> None:
    """Whatever the build, the package's names (`pimcheck.*`, its `__all__`) hold no hook."""
    assert not ALL_HOOKS & set(dir(pimcheck))
    assert not ALL_HOOKS & set(pimcheck.__all__)
