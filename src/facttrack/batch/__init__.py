"""Archives at scale: ``extract-batch`` maps extraction over input files on a cluster and writes
gzip JSON Lines parts (one per task, each line exactly the ``facttrack extract`` JSON); ``load``
(:mod:`facttrack.db.load`) stores them. Paths in, files out, rerun what is missing: workers never
touch the database, and an interrupted run resumes where it stopped.

``manifest`` plans the tasks, ``parts`` names, writes and reads the part files, ``task`` is the
function the workers run, and ``run`` drives a batch on a :class:`~facttrack.runners.Runner`.
"""
