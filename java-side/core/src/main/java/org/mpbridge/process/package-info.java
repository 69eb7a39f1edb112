/**
 * A Java child of an unchanged Python {@code multiprocessing} program: {@code mpbridge.JavaProcess} (Python) starts
 * {@link org.mpbridge.process.SpawnMain} through CPython's spawn protocol, and a {@link org.mpbridge.process.JavaTarget}
 * receives the process's arguments as mpbridge Java objects. See docs/javaprocess.md.
 */
package org.mpbridge.process;
