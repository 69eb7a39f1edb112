"""The seed programs themselves and their drop-in variants (one process replaced by ``mpbridge.JavaProcess``).

``python -m mpbridge.scenarios.seeds NAME [--tag ROLE]`` runs ``NAME.py`` here as a plain script (as its author
runs it) and prints its output, normalised for comparison: ANSI colours dropped, a leading pid shown as ``PID``;
``--tag ROLE`` prefixes each line with ``ROLE<TAB>`` (a scenario's python->python reference). The seeds' sleeps
are scaled by ``MPBRIDGE_SEED_PACE`` (default 0 here; 1 is the seed's own pacing) through ``pace/sitecustomize.py``,
which also seeds ``random`` with ``MPBRIDGE_SEED_RANDOM`` (default 1 here) in every process, a forked child too (the
Java children draw the same numbers: ``org.mpbridge.cli.seeds.PyRandom``).

Normalisations a scenario asks for where the seed itself races: ``--sort-dicts`` (a printed dict with its keys
sorted), ``--racy-number PREFIX`` (the number after PREFIX shown as N), ``--pid-after PREFIX`` (a pid printed after
a text); ``--no-leading-pid`` keeps a leading number that is a printed value. ``--java-parent CLASS`` runs ``java -cp <mpbridge jar> CLASS PYTHON mpbridge.scenarios.seeds.NAME`` instead:
a Java parent of NAME's own functions, started in this CPython through ``org.mpbridge.process.PythonProcess``.
"""
