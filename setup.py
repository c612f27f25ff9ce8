"""Build step beyond pyproject.toml: compile the extraction modules to C extensions with mypyc.

mypy (which ships mypyc) is a build requirement, so ``pip install .`` and ``pip install -e .`` compile
the modules of src/facttrack/extract (extraction about 1.3x faster) and write facttrack/extract/native.json,
the SHA-256 of each source compiled; facttrack.native imports the compiled modules only while those
sources are unchanged. FACTTRACK_PURE_PYTHON=1 at build time, a build without mypy, a type error mypyc
refuses or a failed C compile give the pure-Python package (with a message), never a failed install.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from functools import cache
from pathlib import Path

from setuptools import Distribution, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent
EXTRACT = ROOT / "src" / "facttrack" / "extract"
# The compiled modules' shared library, facttrack_extract__mypyc.*.so beside the facttrack package: mypyc
# finds each module's __file__ and __path__ from where that library stands, so it must be top-level.
GROUP = "facttrack_extract"
# Left as Python: its frozen dataclasses are pickled (records from --jobs workers and Dask), and mypyc's
# compiled frozen classes cannot be unpickled by default (places.py pickles its gazetteer as class calls).
PURE = {"model.py"}
BUILDS = {"build", "build_ext", "bdist_wheel", "editable_wheel", "install", "develop"}


def _say(message: str) -> None:
    print(f"facttrack build: {message}", file=sys.stderr)


def _sources() -> list[Path]:
    return sorted(p for p in EXTRACT.rglob("*.py") if str(p.relative_to(EXTRACT)) not in PURE)


class BuildNative(build_ext):
    """build_ext whose extensions are the mypyc-compiled modules, worked out only when it runs (mypyc
    type-checks the whole package, too slow to repeat for every metadata step pip takes); any failure
    leaves the modules pure Python."""

    def finalize_options(self) -> None:
        # before setuptools prepares each extension; only when building (pip's metadata steps, which
        # run egg_info or dist_info alone, finalize this command too)
        if BUILDS.intersection(self.distribution.commands):
            self.distribution.ext_modules = _native_extensions()
        super().finalize_options()

    def run(self) -> None:
        if not self.extensions:
            return
        try:
            super().run()
        except Exception as error:  # a compiler missing or failing: keep the pure-Python modules
            _say(f"compiling failed ({error}); extraction stays pure Python")
            for ext in self.extensions:
                for built in (Path(self.get_ext_fullpath(ext.name)), _inplace_path(ext.name)):
                    built.unlink(missing_ok=True)
            return
        manifest = {"library": f"../../{GROUP}__mypyc",
                    "sources": {str(p.relative_to(EXTRACT)): hashlib.sha256(p.read_bytes()).hexdigest()
                                for p in _sources()}}
        folders = {Path(self.build_lib, "facttrack", "extract")}
        if self.inplace or _inplace_path(self.extensions[0].name).exists():
            folders.add(EXTRACT)
        for folder in folders:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "native.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")

    def get_outputs(self) -> list[str]:
        outputs = super().get_outputs()
        if self.extensions:
            outputs.append(str(Path(self.build_lib, "facttrack", "extract", "native.json")))
        return outputs


def _inplace_path(name: str) -> Path:
    """Where an in-place build (``pip install -e``) puts extension ``name``."""
    from sysconfig import get_config_var

    return ROOT / "src" / Path(*name.split(".")).with_suffix(get_config_var("EXT_SUFFIX"))


@cache
def _native_extensions() -> list:
    if os.environ.get("FACTTRACK_PURE_PYTHON", "") not in ("", "0"):
        _say("FACTTRACK_PURE_PYTHON is set: extraction stays pure Python")
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        _say("mypyc (part of mypy) is not installed: extraction stays pure Python")
        return []
    cwd = os.getcwd()
    os.chdir(ROOT)  # mypy reads [tool.mypy] from pyproject.toml here; mypyc writes its C files to build/
    try:
        return mypycify([str(p.relative_to(ROOT)) for p in _sources()], group_name=GROUP)
    except (Exception, SystemExit) as error:  # mypyc exits when mypy finds a type error
        _say(f"mypyc refused the extraction modules ({error!r}; run mypy on src/facttrack/extract to see why); "
             "extraction stays pure Python")
        return []
    finally:
        os.chdir(cwd)


class NativeDistribution(Distribution):
    """A distribution with extensions (so its wheel is tagged for this platform and build_ext runs),
    whatever mypyc ends up compiling."""

    def has_ext_modules(self) -> bool:
        return True


setup(distclass=NativeDistribution, cmdclass={"build_ext": BuildNative})
