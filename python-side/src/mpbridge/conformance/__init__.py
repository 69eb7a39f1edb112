"""CPython's own multiprocessing tests with the Java side in the peer's role (docs/conformance.md).

Each installed CPython carries ``test/_test_multiprocessing.py``; this package runs its classes unmodified,
installed as ``test_multiprocessing_fork`` / ``_spawn`` install them, in one of two targets:

* ``cpython`` (the baseline): exactly as CPython's own test modules run them;
* ``java``: every manager a test starts is a Java ``mpbridge manager serve`` (``adapt.java_manager_start``
  replaces ``BaseManager.start``), and the connection tests' children whose code is an echo or a fixed conversation
  are Java processes (``adapt.JavaChild`` replaces ``Process`` on those classes). Tests that would need the Java
  side to run Python code are counted "not applicable", with the reason (``adapt.NOT_APPLICABLE``).

Modules: ``adapt`` (the whole adaptation, the only place that knows the test file), ``installed`` (the test classes,
importable by spawned children), ``run`` (one interpreter, one start method, one target -> JSON), ``matrix``
(every interpreter x start method x target -> build/report/conformance.{json,html} + JUnit XML; ``make conformance``).
Everything except ``matrix`` is stdlib-only and runs on CPython 3.8-3.13.
"""
