"""Apache Spark as a runner: the fallback for users who live on Spark (``local[*]``, a standalone
cluster, YARN). Not a dependency: bring your own pyspark and Java; see the README's Spark recipe.

    from pyspark.sql import SparkSession
    from facttrack.runners.spark import SparkRunner

    spark = SparkSession.builder.master("local[*]").getOrCreate()
    extract_batch([...], "parts/", lambda: SparkRunner(spark.sparkContext), ...)

Spark runs the same per-task function as Dask (``facttrack.batch.task.run_task``), one partition per
task; results come back as they are collected. Spark retries a failed task itself; a task that still
fails comes back as a TaskFailed value, as on the other runners.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import Any

from facttrack.runners import TaskFailed, call_safely


def _pair(fn: Callable[[Any], Any], item: Any) -> tuple[Any, Any]:
    return item, call_safely(fn, item)


class SparkRunner:
    """Runs calls as Spark tasks on ``context`` (a SparkContext), one item per partition."""

    def __init__(self, context: Any) -> None:
        self.context = context
        self.workers = int(getattr(context, "defaultParallelism", 1) or 1)

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any], *,
            ordered: bool = True) -> Iterator[tuple[Any, Any | TaskFailed]]:
        batch = list(items)
        if not batch:
            return iter(())
        rdd = self.context.parallelize(batch, len(batch)).map(partial(_pair, fn))
        return rdd.toLocalIterator()  # in partition order: the input order

    def close(self) -> None:
        """The SparkContext belongs to the caller, who stops it."""
