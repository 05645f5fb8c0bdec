"""Shared helpers: where the repository's vectors and documented payloads are, and the CLI."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Iterator

import pytest

REPO = Path(__file__).resolve().parents[2]
VECTORS = REPO / "vectors"
# The documented payloads (Microsoft's own JSON): the repository's copy where the lead has put it,
# else the shared folder beside the repository.
EXAMPLES = next(
    (p for p in (REPO / "examples" / "payloads", REPO.parent / "shared" / "examples") if p.is_dir()),
    REPO.parent / "shared" / "examples",
)


def vector_cases() -> Iterator[tuple[str, dict[str, Any]]]:
    """Every case of every ``*.json`` file below ``vectors/``, read where it is (never copied)."""
    for path in sorted(VECTORS.rglob("*.json")):
        if path.relative_to(VECTORS).parts[0] == "audit":  # the audit's cases (test_audit.py)
            continue
        if path.relative_to(VECTORS).parts[0] == "plan":  # `pimcheck plan` cases: test_plan.py
            continue
        document = json.loads(path.read_text(encoding="utf-8"))
        for case in document if isinstance(document, list) else [document]:
            # A case without `expect` belongs to an extension of the format (vectors/README.md),
            # run by its own test.
            if "expect" in case:
                yield f"{path.relative_to(VECTORS)}::{case['name']}", case


def example(name: str) -> Any:
    """A documented payload, parsed."""
    path = EXAMPLES / name
    if not path.is_file():
        pytest.skip(f"documented payload {name} not found under {EXAMPLES}")
    return json.loads(path.read_text(encoding="utf-8"))


def cli_path() -> Path:
    """The pimcheck CLI: `PIMCHECK_CLI`, else `../target/debug/pimcheck` from bindings-python."""
    configured = os.environ.get("PIMCHECK_CLI")
    return Path(configured) if configured else REPO / "target" / "debug" / "pimcheck"


# The hooks built only with the cargo feature `bench-hooks` (scripts/test.sh and scripts/bench.sh
# turn it on): methods of `Policy` and functions of the native module.
POLICY_HOOKS = ("_call_floor", "_visit_floor", "_convert_floor")
MODULE_HOOKS = ("_panic_for_tests",)


def hooks_present() -> set[str]:
    """The hooks this build of the native module exposes."""
    from pimcheck import _native

    return {name for name in POLICY_HOOKS if hasattr(_native.Policy, name)} | {
        name for name in MODULE_HOOKS if hasattr(_native, name)
    }


needs_hooks = pytest.mark.skipif(
    not hooks_present(),
    reason="a default build has no bench or test hooks: build with `maturin develop --features bench-hooks`",
)
