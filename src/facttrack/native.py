"""Whether the extraction modules run compiled.

setup.py compiles most modules of facttrack.extract to C extensions with mypyc when it can, and writes
beside them ``native.json``: the SHA-256 of each source it compiled. The compiled modules are imported
only when every one of them was built from the source that stands beside it now. After an edit, a
checkout, a failed build, or with FACTTRACK_PURE_PYTHON set (to anything but "" or "0"), every module
of facttrack.extract is imported from its .py file instead: all or none, because compiled modules call
each other directly and expect each other's compiled classes.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from functools import cache
from importlib.abc import MetaPathFinder
from importlib.machinery import EXTENSION_SUFFIXES, ModuleSpec
from importlib.util import spec_from_file_location
from pathlib import Path
from types import ModuleType

PACKAGE = "facttrack.extract"
MANIFEST = "native.json"
_EXTRACT = Path(__file__).resolve().parent / "extract"


def built_from_sources(folder: Path) -> bool:
    """True when ``folder`` holds a compiled module for every source its manifest lists (and their shared
    library, named relative to ``folder``), each built from the source as it reads now."""
    import hashlib  # here, not at the top: every facttrack command imports this module, few extract
    import json

    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        library, sources = manifest["library"], manifest["sources"]
        if not _extension(folder / library):
            return False
        for name, digest in sources.items():
            source = folder / name
            if not _extension(source.with_suffix("")) or hashlib.sha256(source.read_bytes()).hexdigest() != digest:
                return False
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False
    return True


def _extension(stem: Path) -> bool:
    """A C extension of this interpreter named ``stem`` ("actors" -> actors.cpython-311-...so)."""
    return any(stem.with_name(stem.name + suffix).is_file() for suffix in EXTENSION_SUFFIXES)


@cache
def active() -> bool:
    """True when this process imports the compiled extraction modules."""
    return os.environ.get("FACTTRACK_PURE_PYTHON", "") in ("", "0") and built_from_sources(_EXTRACT)


class _SourceFinder(MetaPathFinder):
    """Imports the modules of facttrack.extract from their .py files when the compiled ones may not be used
    (it stands first on sys.meta_path; when they may, it leaves the import to the usual finders)."""

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> ModuleSpec | None:
        if not (fullname == PACKAGE or fullname.startswith(PACKAGE + ".")) or active():
            return None
        name = fullname.rpartition(".")[2]
        for entry in path or ():
            package = Path(entry, name, "__init__.py")
            if package.is_file():
                return spec_from_file_location(fullname, package, submodule_search_locations=[str(package.parent)])
            module = Path(entry, f"{name}.py")
            if module.is_file():
                return spec_from_file_location(fullname, module)
        return None


def install() -> None:
    """Put the finder first on sys.meta_path (once): facttrack's __init__ calls this before any module of
    facttrack.extract can be imported."""
    if not any(isinstance(finder, _SourceFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _SourceFinder())
