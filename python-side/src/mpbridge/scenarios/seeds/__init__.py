"""The seed programs themselves and their drop-in variants (one process replaced by ``mpbridge.JavaProcess``).

``python -m mpbridge.scenarios.seeds NAME [--tag ROLE]`` runs ``NAME.py`` here as a plain script (as its author
runs it) and prints its output, normalised for comparison: ANSI colours dropped, a leading pid shown as ``PID``;
``--tag ROLE`` prefixes each line with ``ROLE<TAB>`` (a scenario's python->python reference). The seeds' sleeps
are scaled by ``MPBRIDGE_SEED_PACE`` (default 0 here; 1 is the seed's own pacing) through ``pace/sitecustomize.py``.
"""
