"""The scenario runner (``make run`` = ``python -m mpbridge.runner``): every conversation in ``scenarios/*.yaml``
over every pair of languages (java->python, python->java, python->python, java->java) on every CPython found.

Modules: ``model`` (the strict, versioned YAML schema), ``plan`` (cells, filters, shards, what is available),
``execute`` (one cell: processes, hard timeout, cleanup), ``checks`` (transcripts against ``expect:``),
``report`` (console matrix, JUnit XML, HTML, ``matrix.json``), ``progress``, ``cli``. The runner runs in the
project's virtualenv (CPython >= 3.10, PyYAML); the roles it starts run under the interpreters being tested.
"""
