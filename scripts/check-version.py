#!/usr/bin/env python3
"""Fails when the release version differs between Cargo, Python and npm metadata.

The workspace's `[workspace.package] version` is the one version; every crate must inherit it,
pyproject must take it from Cargo (`dynamic = ["version"]`), and the npm package, its lock file and
every per-platform package under bindings-node/npm/ must carry it.
"""
import json
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    workspace = tomllib.loads((ROOT / "Cargo.toml").read_text())
    version = workspace["workspace"]["package"]["version"]
    problems = []
    for member in workspace["workspace"]["members"]:
        package = tomllib.loads((ROOT / member / "Cargo.toml").read_text())["package"]
        if package.get("version") != {"workspace": True}:
            problems.append(f"{member}/Cargo.toml: version is `{package.get('version')}`, expected `version.workspace = true`")
    project = tomllib.loads((ROOT / "bindings-python/pyproject.toml").read_text())["project"]
    if "version" in project or "version" not in project.get("dynamic", []):
        problems.append("bindings-python/pyproject.toml: expected `dynamic = [\"version\"]` (the version comes from Cargo)")
    node = ROOT / "bindings-node"
    manifests = [node / "package.json", *sorted(node.glob("npm/*/package.json"))]
    for manifest in manifests:
        found = json.loads(manifest.read_text()).get("version")
        if found != version:
            problems.append(f"{manifest.relative_to(ROOT)}: version is `{found}`, expected `{version}`")
    lock = json.loads((node / "package-lock.json").read_text())
    for where, found in (("version", lock.get("version")), ("packages[\"\"].version", lock.get("packages", {}).get("", {}).get("version"))):
        if found != version:
            problems.append(f"bindings-node/package-lock.json: {where} is `{found}`, expected `{version}`")
    for problem in problems:
        print(f"check-version: {problem}", file=sys.stderr)
    if not problems:
        print(f"check-version: every manifest is at {version}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
