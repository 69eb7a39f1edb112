/**
 * Memory shared with CPython: {@link org.mpbridge.shm.SharedMemory} ({@code multiprocessing.shared_memory}),
 * {@link org.mpbridge.shm.ShareableList} (both CPython layouts, see {@link org.mpbridge.shm.ShareableListDescriptor}),
 * little-endian typed views, {@link org.mpbridge.shm.SharedCValue}/{@link org.mpbridge.shm.SharedCArray}
 * (the seeds' {@code Value}/{@code Array} in a named segment with a cross-language lock) and
 * {@link org.mpbridge.shm.MappedFile} ({@code mmap} of a regular file). Mappings are made with {@code mmap(2)} and
 * removed on {@code close()}.
 */
package org.mpbridge.shm;
