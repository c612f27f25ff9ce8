"""The user's own article: ../shared/tools/check-seed must find every figure, claim and actor."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import shared_path


def test_check_seed_passes() -> None:
    tool = shared_path("tools", "check-seed")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run([sys.executable, str(tool)], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "problems 0" in result.stdout
