"""The README's Spark recipe, run for real when pyspark and Java are installed (they are not test
dependencies: pyspark is some 300 MB and CI's time goes to the Dask cluster; see the closing note):
extract-batch's own planning, resume and reporting on a SparkRunner give the same parts as serial
`facttrack extract`."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from test_batch import ROOT, parts_content, serial_extract

pytest.importorskip("pyspark")
if shutil.which("java") is None:
    pytest.skip("no Java for Spark", allow_module_level=True)


def test_spark_recipe_gives_the_parts_of_serial_extract(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pyspark.sql import SparkSession

    import facttrack
    from facttrack.batch.run import extract_batch
    from facttrack.readers import DEFAULT_MAX_BYTES
    from facttrack.runners.spark import SparkRunner

    monkeypatch.setenv("PYSPARK_PYTHON", sys.executable)  # Spark's Python workers: the one with facttrack
    spark = SparkSession.builder.master("local[2]").appName("facttrack-test").getOrCreate()
    failures: list[str] = []
    try:
        summary = extract_batch([str(ROOT / "data")], str(tmp_path / "parts"), lambda: SparkRunner(spark.sparkContext),
                                version=facttrack.__version__, max_bytes=DEFAULT_MAX_BYTES,
                                report=lambda message, kind="error": failures.append(message))
    finally:
        spark.stop()
    assert failures == [] and summary.unfinished == 0
    assert parts_content(tmp_path / "parts") == serial_extract(ROOT / "data")[0]
