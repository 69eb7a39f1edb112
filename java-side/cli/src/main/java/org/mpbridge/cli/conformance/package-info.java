/**
 * Java stand-ins for the fixed Python code of CPython's own {@code test._test_multiprocessing} (the children whose
 * code is an echo or a fixed conversation, the callables {@code MyManager} registers), so that the conformance
 * harness ({@code python-side/src/mpbridge/conformance}) can run CPython's unmodified tests with Java in those
 * roles. See {@code docs/conformance.md}.
 */
package org.mpbridge.cli.conformance;
