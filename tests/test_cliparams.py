"""Plain option values are coerced without pydantic exactly as typer's own adapters coerce them, for
every parameter of every command; a command run that gives only plain values never imports pydantic."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Any, get_origin

import pytest
import typer
from typer.main import get_command

from facttrack.cli import app
from facttrack.cliparams import _UNSURE, plain_value

typer_internals = pytest.importorskip("typer._coercion")


def commands(command: Any, path: str = "facttrack") -> Iterator[tuple[str, Any]]:
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from commands(sub, f"{path} {name}")


def samples(annotation: Any) -> list[Any]:
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return [*annotation, *(m.value for m in annotation), *(str(m.value).upper() for m in annotation), "nope", 3]
    if get_origin(annotation) is list:
        return [("a.txt", "-"), [], ["x"], ("a", 2)]
    return ["x", "", " spaced ", "3", "2.5", "007", "1_000", " 3", "3 ", "-2", "1e3", "+4", "12345678901234567890",
            0, 1, -1, 20, 64, 65, 0.0, 20.0, -1.5, float("inf"), True, b"x"]


def typer_value(descriptor: Any, value: Any, param: Any, ctx: Any) -> Any:
    try:
        return ("ok", typer_internals.build_runtime_param(descriptor)._coerce_value(value, param=param, ctx=ctx))
    except Exception as exc:  # noqa: BLE001 - any refusal; the plain rules must not accept it
        return ("refused", type(exc).__name__)


def test_plain_values_are_what_typer_gives() -> None:
    group = get_command(app)
    checked = 0
    for path, command in commands(group):
        ctx = typer.Context(command, info_name=path)
        for param in command.get_params(ctx):
            descriptor = getattr(param, "type_descriptor", None)
            if descriptor is None:
                continue
            for value in samples(descriptor.annotation):
                plain = plain_value(descriptor, value, ctx)
                if plain is _UNSURE:
                    continue
                checked += 1
                expected = typer_value(descriptor, value, param, ctx)
                assert expected == ("ok", plain), f"{path} {param.name} {value!r}"
                assert type(expected[1]) is type(plain)
    assert checked > 100


def test_an_ingest_with_plain_options_does_not_import_pydantic(tmp_path: Path) -> None:
    article = tmp_path / "a.jsonl"
    article.write_text(json.dumps({"text": "At least 12 people died on Monday, police said."}) + "\n")
    code = ("import sys; from facttrack.cli import main\n"
            f"sys.argv = ['facttrack', 'ingest', {str(article)!r}, '--db', {str(tmp_path / 'f.db')!r},"
            " '--format', 'json', '--jobs', '1', '--timeout', '5']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('pydantic' in sys.modules, file=sys.stderr)")
    env = {**os.environ, "FACTTRACK_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert json.loads(done.stdout)["new"] == 1
    assert done.stderr.strip().splitlines()[-1] == "False"


def test_other_values_still_get_typer_checks_and_messages() -> None:
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, ["ingest", "x.jsonl", "--jobs", "0"])
    assert result.exit_code == 2 and "--jobs" in result.output
    result = CliRunner().invoke(app, ["ingest", "x.jsonl", "--format", "xml"])
    assert result.exit_code == 2 and "xml" in result.output
