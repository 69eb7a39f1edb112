"""The Python roles of the scenarios in ``scenarios/*.yaml`` (stdlib only, CPython 3.8-3.13).

Each module is one seed conversation; its roles are subcommands, e.g.
``python -m mpbridge.scenarios.pipe_baozi producer --count 10 -- <child command>``. A role writes what it
observed (its transcript) one line at a time with :func:`mpbridge.scenarios._role.out`; the scenario runner
compares those lines with the scenario's ``expect:``. Roles that listen print ``READY <ADDR>`` first.
"""
