"""The compiled extraction modules (setup.py, facttrack.native): used only when built from the sources beside
them, pure Python on request, the same output either way, and sources that mypyc can still compile."""

from __future__ import annotations

import ast
import hashlib
import json
import os
import subprocess
import sys
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pytest

from facttrack import native

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"

# prints where each extraction module came from, then the extraction of the bundled sample articles
_EXTRACT_SAMPLES = """
import json, sys
from pathlib import Path
from facttrack import native
from facttrack.document import Document
from facttrack.extract import extract
texts = [Path(sys.argv[1], 'valdoria-floods.txt').read_text(encoding='utf-8')]
for name in ('toll-updates.jsonl', 'wire-roundup.jsonl'):
    texts += [json.loads(line)['text'] for line in Path(sys.argv[1], name).read_text(encoding='utf-8').splitlines()]
found = [extract(Document(text=t)).to_json() for t in texts]
files = sorted(m.__file__ for n, m in list(sys.modules.items()) if n.startswith('facttrack.extract.'))
print(json.dumps({'active': native.active(), 'files': files, 'found': found}, sort_keys=True, default=str))
"""


def _run_samples(pure: bool) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "FACTTRACK_PURE_PYTHON"}
    if pure:
        env["FACTTRACK_PURE_PYTHON"] = "1"
    done = subprocess.run([sys.executable, "-c", _EXTRACT_SAMPLES, str(DATA)], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_pure_python_on_request() -> None:
    got = _run_samples(pure=True)
    assert got["active"] is False
    assert len(got["files"]) > 10 and all(f.endswith(".py") for f in got["files"]), got["files"]


def test_compiled_modules_find_what_the_python_ones_find() -> None:
    compiled = _run_samples(pure=False)
    if not compiled["active"]:
        pytest.skip("the extraction modules are not compiled in this installation")
    assert not all(f.endswith(".py") for f in compiled["files"])
    pure = _run_samples(pure=True)
    assert sum(len(found["figures"]) for found in compiled["found"]) > 10
    assert compiled["found"] == pure["found"]


def _fake_build(folder: Path) -> Path:
    """A package folder as setup.py leaves it: sources, one extension file each, the shared library above,
    and the manifest of the sources' digests."""
    extract = folder / "facttrack" / "extract"
    (extract / "attribution").mkdir(parents=True)
    suffix = EXTENSION_SUFFIXES[0]
    sources = {"__init__.py": "X = 1\n", "rules.py": "Y = 2\n", "attribution/__init__.py": "Z = 3\n"}
    for name, text in sources.items():
        (extract / name).write_text(text)
        (extract / name).with_suffix(suffix).write_bytes(b"")
    (folder / f"facttrack_extract__mypyc{suffix}").write_bytes(b"")
    manifest = {"library": "../../facttrack_extract__mypyc",
                "sources": {name: hashlib.sha256(text.encode()).hexdigest() for name, text in sources.items()}}
    (extract / native.MANIFEST).write_text(json.dumps(manifest))
    return extract


def test_compiled_modules_only_from_their_own_sources(tmp_path: Path) -> None:
    extract = _fake_build(tmp_path)
    assert native.built_from_sources(extract)
    (extract / "rules.py").write_text("Y = 3\n")  # an edit after the build
    assert not native.built_from_sources(extract)


@pytest.mark.parametrize("damage", ["no manifest", "bad manifest", "no extension", "no library"])
def test_an_incomplete_build_is_not_used(tmp_path: Path, damage: str) -> None:
    extract = _fake_build(tmp_path)
    suffix = EXTENSION_SUFFIXES[0]
    if damage == "no manifest":
        (extract / native.MANIFEST).unlink()
    elif damage == "bad manifest":
        (extract / native.MANIFEST).write_text("{not json")
    elif damage == "no extension":
        (extract / "attribution" / f"__init__{suffix}").unlink()
    else:
        (tmp_path / f"facttrack_extract__mypyc{suffix}").unlink()
    assert not native.built_from_sources(extract)


def test_extraction_modules_type_check(tmp_path: Path) -> None:
    """mypyc compiles only code that mypy accepts: a rule edit it would refuse fails here, not silently
    as an installation that falls back to pure Python."""
    api = pytest.importorskip("mypy.api")
    out, err, status = api.run(["--config-file", str(ROOT / "pyproject.toml"), "--cache-dir", str(tmp_path),
                                str(ROOT / "src" / "facttrack" / "extract")])
    assert status == 0, out + err


def _written_out_inits() -> list[tuple[str, ast.ClassDef, ast.FunctionDef]]:
    found = []
    for path in sorted((ROOT / "src" / "facttrack" / "extract").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any("dataclass" in ast.unparse(d) for d in node.decorator_list):
                init = next((f for f in node.body if isinstance(f, ast.FunctionDef) and f.name == "__init__"), None)
                if init is not None:
                    found.append((path.name, node, init))
    return found


def test_written_out_dataclass_inits_match_their_fields() -> None:
    """A dataclass with its own ``__init__`` (so that mypyc compiles it) takes exactly its fields, in order,
    with their annotations and defaults, and sets each one: what @dataclass would have written."""
    inits = _written_out_inits()
    assert len(inits) >= 8
    for name, cls, init in inits:
        fields = [f for f in cls.body if isinstance(f, ast.AnnAssign)]
        args = init.args.args[1:]
        defaults = [None] * (len(args) - len(init.args.defaults)) + list(init.args.defaults)
        taken = [(a.arg, ast.unparse(a.annotation), d and ast.unparse(d)) for a, d in zip(args, defaults, strict=True)]
        declared = [(ast.unparse(f.target), ast.unparse(f.annotation), f.value and ast.unparse(f.value))
                    for f in fields]
        assert taken == declared, f"{name}: {cls.name}.__init__ does not take its fields"
        frozen = "frozen=True" in ast.unparse(cls.decorator_list[0])
        sets = [f'object.__setattr__(self, {f.arg!r}, {f.arg})' if frozen else f"self.{f.arg} = {f.arg}"
                for f in args]
        assert [ast.unparse(s) for s in init.body] == sets, f"{name}: {cls.name}.__init__ does not set its fields"
