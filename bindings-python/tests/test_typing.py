"""The stubs match the real API: `mypy --strict` on the example that uses all of it, and the
example runs."""

from __future__ import annotations

import ast
import inspect
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "preflight.py"


def test_mypy_strict_on_the_example() -> None:
    pytest.importorskip("mypy")
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(EXAMPLE)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_example_runs() -> None:
    done = subprocess.run(
        [sys.executable, str(EXAMPLE), str(EXAMPLES / "g2-rolesetting-get-response.json"),
         str(EXAMPLES / "g2-request-useradd-activate.json")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1, done.stderr  # the documented activation is denied
    assert "DurationExceedsMaximum" in done.stdout
    assert "hint: request at most PT8H" in done.stdout


def stub_parameters(tree: ast.Module, *names: str) -> list[tuple[str, str]]:
    """(name, kind) of the parameters of a function (or method) in the stub, `self` left out."""
    scope: list[ast.stmt] = tree.body
    for name in names:
        node = next(n for n in scope if isinstance(n, (ast.FunctionDef, ast.ClassDef)) and n.name == name)
        scope = node.body if isinstance(node, ast.ClassDef) else []
    assert isinstance(node, ast.FunctionDef)
    args = node.args
    out = [(a.arg, "POSITIONAL_OR_KEYWORD") for a in args.posonlyargs + args.args if a.arg != "self"]
    return out + [(a.arg, "KEYWORD_ONLY") for a in args.kwonlyargs]


def test_stubs_match_the_real_signatures() -> None:
    import pimcheck

    package = Path(pimcheck.__file__).parent
    assert (package / "py.typed").is_file()
    tree = ast.parse((package / "_native.pyi").read_text())
    for target, path in [
        (pimcheck.check, ("check",)),
        (pimcheck.convert, ("convert",)),
        (pimcheck.Policy, ("Policy", "__init__")),
        (pimcheck.Policy.check, ("Policy", "check")),
        (pimcheck.Policy.check_many, ("Policy", "check_many")),
    ]:
        try:
            signature = inspect.signature(target)
        except ValueError:  # Python 3.9 gives no signature of a native class
            assert sys.version_info < (3, 10), path
            continue
        real = [
            (p.name, "POSITIONAL_OR_KEYWORD" if p.kind is p.POSITIONAL_ONLY else p.kind.name)
            for p in signature.parameters.values()
            if p.name != "self"
        ]
        assert real == stub_parameters(tree, *path), path
    stub_names = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    assert set(pimcheck.__all__) - {"__version__"} <= stub_names
    for cls in (pimcheck.Report, pimcheck.Finding):
        body = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == cls.__name__).body
        stubbed = {n.name for n in body if isinstance(n, ast.FunctionDef)}
        public = {n for n in dir(cls) if not n.startswith("_")}
        assert public == stubbed, cls
