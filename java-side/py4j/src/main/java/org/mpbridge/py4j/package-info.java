/** Py4J both ways: {@link org.mpbridge.py4j.PythonGateway} (Java calls a CPython process) and the JVM side of {@code mpbridge.gateway.launch()}. */
package org.mpbridge.py4j;
