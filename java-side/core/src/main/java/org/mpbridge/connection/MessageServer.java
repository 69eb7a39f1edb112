package org.mpbridge.connection;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.mpbridge.wire.FrameDescriptor;
import org.mpbridge.wire.Payload;

/**
 * A {@code multiprocessing.connection} listener served by <b>one thread</b> for any number of connections: accept,
 * CPython's handshake, framing and replies are driven by one selector (netty's event loop, in small). Each
 * connection costs its socket's one file descriptor and a few hundred bytes until it sends; a connection that
 * stalls (no handshake, half a header) holds no thread, so it cannot starve anyone else.
 *
 * <ul>
 *   <li>Handshake: CPython's deliver-then-answer ({@link ServerHandshake}), bounded by the handshake timeout.</li>
 *   <li>Deadlines: {@link ConnectionOptions#idleTimeout()} (no message starts) and {@link ConnectionOptions#readTimeout()}
 *       (a started frame does not finish) close the connection; off by default, as CPython.</li>
 *   <li>Limits: {@code maxConnections} (more are accepted and closed at once: shed); out of file descriptors
 *       (EMFILE) the excess is shed too (logged once) and everyone else is still served.</li>
 *   <li>Memory: a frame's body is allocated as its bytes arrive, in chunks of at most {@value #CHUNK} bytes; all
 *       connections together hold at most {@code memoryBudget} bytes of partial frames and unsent replies, beyond
 *       which the readers that would grow are paused (TCP pushes back on their clients) until memory frees. A
 *       connection with a reply unsent is not read (one request in flight per connection). After a burst the heap is
 *       given back ({@code System.gc()} once idle, which a serial or G1 heap answers by shrinking).</li>
 * </ul>
 * The handler runs on the loop thread; it must not block.
 */
public final class MessageServer implements Closeable {
    /** Turns a request into its reply (null: no reply). Runs on the loop thread. */
    public interface Handler {
        Payload onMessage(Payload request) throws IOException;
    }

    /** Told about each connection that ends with an error (authentication failure, bad frame, timeout, handler error). */
    public interface ErrorLog {
        void connectionFailed(String peer, Exception error);
    }

    static final int CHUNK = 1 << 20;
    /** Partial frames all connections may hold together before readers wait (one frame may exceed it). */
    public static final long DEFAULT_MEMORY_BUDGET = 256L << 20;
    private static final int READ_BUFFER = 256 * 1024;
    private static final int WINDOW = 256 * 1024;
    private static final long GC_AFTER_BYTES = 64L << 20;
    private static final long GC_IDLE_NANOS = 1_000_000_000L;

    private final ServerSocketChannel server;
    private final Address address;
    private final byte[] authkey;
    private final ConnectionOptions options;
    private final Handler handler;
    private final ErrorLog errors;
    private final int maxConnections;
    private final long memoryBudget;
    private final Selector selector;
    private final FdReserve reserve = new FdReserve();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER);
    private final Set<Session> sessions = new HashSet<>();
    private final ArrayDeque<Session> paused = new ArrayDeque<>();
    private long buffered;
    private final SelectionKey acceptKey;
    private long acceptPausedUntil;
    private Session leader;
    private long allocatedSinceGc;
    private long lastAllocation;
    private long shedByLimit;
    private volatile boolean closed;
    private Thread loop;

    private MessageServer(ServerSocketChannel server, Address address, byte[] authkey, ConnectionOptions options,
                          Handler handler, ErrorLog errors, int maxConnections, long memoryBudget) throws IOException {
        this.server = server;
        this.address = address;
        this.authkey = authkey == null ? null : authkey.clone();
        this.options = options;
        this.handler = handler;
        this.errors = errors;
        this.maxConnections = maxConnections <= 0 ? Integer.MAX_VALUE : maxConnections;
        this.memoryBudget = memoryBudget > 0 ? memoryBudget : DEFAULT_MEMORY_BUDGET;
        this.selector = Selector.open();
        server.configureBlocking(false);
        this.acceptKey = server.register(selector, SelectionKey.OP_ACCEPT);
    }

    /** Binds ({@code SO_REUSEADDR} on TCP, as CPython) and starts the loop thread. */
    public static MessageServer start(Address address, byte[] authkey, ConnectionOptions options, Handler handler,
                                      ErrorLog errors, int maxConnections, long memoryBudget) throws IOException {
        ServerSocketChannel server;
        Address bound;
        if (address instanceof Address.Tcp tcp) {
            server = ServerSocketChannel.open(tcp.family());
            try {
                server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                server.bind(new InetSocketAddress(tcp.host(), tcp.port()), Listener.DEFAULT_BACKLOG);
            } catch (IOException e) {
                server.close();
                throw new IOException("cannot listen on " + address + ": " + e.getMessage(), e);
            }
            bound = new Address.Tcp(tcp.host(), ((InetSocketAddress) server.getLocalAddress()).getPort());
        } else {
            Address.Unix unix = (Address.Unix) address;
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                server.bind(unix.socketAddress(), Listener.DEFAULT_BACKLOG);
            } catch (IOException e) {
                server.close();
                String hint = Files.exists(unix.path()) ? " (the path exists: a stale socket file? remove it)" : "";
                throw new IOException("cannot listen on " + address + ": " + e.getMessage() + hint, e);
            }
            bound = unix;
        }
        MessageServer s;
        try {
            s = new MessageServer(server, bound, authkey, options, handler, errors, maxConnections, memoryBudget);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        s.loop = new Thread(s::run, "mpbridge-loop " + bound);
        s.loop.setDaemon(true);
        s.loop.start();
        return s;
    }

    public Address address() {
        return address;
    }

    /** Waits until the loop ends (after {@link #close()}). */
    public void join() throws InterruptedException {
        loop.join();
    }

    public boolean isClosed() {
        return closed;
    }

    /** Connections shed so far (over {@code maxConnections} or out of file descriptors). */
    public long shedCount() {
        return shedByLimit + reserve.shed();
    }

    // ---- the loop

    private void run() {
        try {
            while (!closed) {
                selector.select(selectTimeoutMillis());
                for (SelectionKey key : selector.selectedKeys()) {
                    if (!key.isValid()) continue;
                    if (key.attachment() == null) {
                        acceptAll();
                    } else {
                        Session s = (Session) key.attachment();
                        try {
                            if (key.isWritable()) s.flush();
                            if (key.isValid() && key.isReadable()) s.readable();
                        } catch (IOException | RuntimeException e) {
                            s.fail(e);
                        }
                    }
                }
                selector.selectedKeys().clear();
                expireDeadlines();
                if (acceptPausedUntil != 0 && System.nanoTime() - acceptPausedUntil >= 0) {
                    acceptPausedUntil = 0;
                    acceptKey.interestOps(SelectionKey.OP_ACCEPT);
                }
                resumePaused();
                giveMemoryBack();
            }
        } catch (IOException | ClosedSelectorException e) {
            if (!closed) errors.connectionFailed(address.toString(), e instanceof IOException io ? io : new IOException(e));
        } finally {
            for (Session s : new ArrayList<>(sessions)) s.close();
        }
    }

    private long selectTimeoutMillis() {
        if (acceptPausedUntil != 0) return 20;
        return sessions.isEmpty() && paused.isEmpty() && allocatedSinceGc == 0 ? 0 : 100;
    }

    private void acceptAll() throws IOException {
        while (true) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                if (closed) return;
                if (!FdReserve.isOutOfDescriptors(e)) throw e;
                // shed one, then serve the others (whose closes free descriptors) before accepting again
                if (!reserve.shedOne(server, "mpbridge listener " + address)) {
                    acceptKey.interestOps(0);  // nothing could be freed: stop accepting for a moment, do not spin
                    acceptPausedUntil = System.nanoTime() + 50_000_000L;
                }
                return;
            }
            if (ch == null) return;
            if (sessions.size() >= maxConnections) {
                shedByLimit++;
                ch.close();
                continue;
            }
            try {
                ch.configureBlocking(false);
                if (ch.supportedOptions().contains(StandardSocketOptions.TCP_NODELAY)) ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                String peer = address instanceof Address.Tcp ? String.valueOf(ch.getRemoteAddress()) : address.toString();
                Session s = new Session(ch, peer);
                s.key = ch.register(selector, SelectionKey.OP_READ, s);
                sessions.add(s);
                s.start();
            } catch (IOException e) {
                ch.close();
                if (!FdReserve.isOutOfDescriptors(e)) errors.connectionFailed(address.toString(), e);
            }
        }
    }

    private void expireDeadlines() {
        long now = System.nanoTime();
        for (Session s : new ArrayList<>(sessions)) {
            if (s.deadline != Long.MAX_VALUE && now - s.deadline >= 0) {
                if (s.closing) s.close();
                else s.fail(s.timeout());
            }
        }
    }

    private void resumePaused() {
        while (!paused.isEmpty() && buffered < memoryBudget) {
            Session s = paused.poll();
            if (s.isOpen()) {
                s.paused = false;
                s.updateInterest();
                try {
                    s.readable();
                } catch (IOException | RuntimeException e) {
                    s.fail(e);
                }
            }
        }
    }

    private void giveMemoryBack() {
        if (allocatedSinceGc >= GC_AFTER_BYTES && buffered == 0 && System.nanoTime() - lastAllocation > GC_IDLE_NANOS) {
            allocatedSinceGc = 0;
            // HotSpot shrinks the heap in steps (ShrinkHeapInSteps: 0, 10, 40, 100 % of the excess) over successive
            // collections; four collections of an idle heap (a few ms each) return all of it.
            for (int i = 0; i < 4; i++) System.gc();
        }
    }

    /**
     * Grants {@code bytes} more to {@code s} within the budget. Over it, one connection (the leader) may still grow
     * so that its frame completes and frees memory; the others wait. So memory stays under the budget plus one frame
     * and waiting readers cannot deadlock each other.
     */
    private boolean reserveMemory(Session s, long bytes) {
        if (buffered + bytes > memoryBudget && buffered - s.holding > 0) {
            if (leader == null || !leader.isOpen() || leader.holding == 0) leader = s;
            if (leader != s) return false;
        }
        buffered += bytes;
        s.holding += bytes;
        allocatedSinceGc += bytes;
        lastAllocation = System.nanoTime();
        return true;
    }

    private void releaseMemory(Session s, long bytes) {
        buffered -= bytes;
        s.holding -= bytes;
        if (leader == s && s.holding == 0) leader = null;
    }

    /** Stops the loop, closes every connection and the listening socket (a Unix socket file is removed). */
    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        selector.wakeup();
        try {
            if (loop != null && Thread.currentThread() != loop) loop.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            reserve.close();
            server.close();
            selector.close();
        } finally {
            if (address instanceof Address.Unix unix) Files.deleteIfExists(unix.path());
        }
    }

    // ---- one connection

    private final class Session {
        final SocketChannel channel;
        final String peer;
        SelectionKey key;
        ServerHandshake handshake;
        final byte[] header = new byte[FrameDescriptor.EXTENDED_HEADER_LENGTH];
        int headerFill;
        long bodyLength = -1;
        long bodyFill;
        final List<byte[]> chunks = new ArrayList<>();
        byte[] current;
        int currentFill;
        final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
        long holding;
        long deadline = Long.MAX_VALUE;
        boolean paused;
        boolean closing;

        Session(SocketChannel channel, String peer) {
            this.channel = channel;
            this.peer = peer;
        }

        boolean isOpen() {
            return channel.isOpen();
        }

        void start() throws IOException {
            if (authkey != null) {
                handshake = new ServerHandshake(authkey, options.authScheme());
                deadline = after(options.handshakeTimeout());
                for (byte[] m : handshake.start()) queue(m);
                flush();
            } else {
                idle();
            }
        }

        private long after(Duration d) {
            if (d == null) return Long.MAX_VALUE;
            long t = System.nanoTime() + d.toNanos();
            return t == Long.MAX_VALUE ? t - 1 : t;
        }

        void idle() {
            deadline = after(options.idleTimeout());
        }

        IOException timeout() {
            if (handshake != null) return new java.io.InterruptedIOException("timeout: handshake not finished within " + options.handshakeTimeout());
            if (headerFill > 0) return new java.io.InterruptedIOException("read timeout: a frame did not complete within " + options.readTimeout());
            return new java.io.InterruptedIOException("idle timeout: no message within " + options.idleTimeout());
        }

        void readable() throws IOException {
            if (carry != null && !paused) {
                byte[] c = carry;
                carry = null;
                readBuffer.clear();
                readBuffer.put(c).flip();
                while (readBuffer.hasRemaining() && !closing && !paused) consume();
                if (readBuffer.hasRemaining()) paused_add();
            }
            while (!closing && !paused && out.isEmpty()) {
                readBuffer.clear();
                if (bodyLength >= 0) readBuffer.limit((int) Math.min(READ_BUFFER, bodyLength - bodyFill));
                int n = channel.read(readBuffer);
                if (n < 0) {
                    if (headerFill == 0 && handshake == null) {
                        close();  // a clean end between messages
                        return;
                    }
                    if (headerFill == 0) throw new java.io.EOFException("peer closed the connection during the handshake");
                    throw new org.mpbridge.ProtocolException("got end of file during message");
                }
                if (n == 0) return;
                if (handshake != null) quickAck();
                readBuffer.flip();
                while (readBuffer.hasRemaining() && !closing && !paused) consume();
                if (readBuffer.hasRemaining() && !closing) paused_add();
            }
        }

        /** Moves bytes from the loop's read buffer into this frame (header, then body); a full frame is dispatched. */
        private void consume() throws IOException {
            if (bodyLength < 0) {
                if (headerFill == 0 && handshake == null) deadline = after(options.readTimeout());
                int need = headerNeed();
                int n = Math.min(need - headerFill, readBuffer.remaining());
                readBuffer.get(header, headerFill, n);
                headerFill += n;
                if (headerFill < headerNeed()) return;
                bodyLength = parseHeader();
                bodyFill = 0;
                if (bodyLength == 0) {
                    dispatch();
                }
                return;
            }
            if (current == null || currentFill == current.length) {
                int size = (int) Math.min(CHUNK, bodyLength - bodyFill);
                if (!reserveMemory(this, size)) {
                    // over the budget: stop reading until others free memory; the unread bytes wait in carry
                    paused = true;
                    paused_add();
                    MessageServer.this.paused.add(this);
                    return;
                }
                if (current != null) chunks.add(current);
                current = new byte[size];
                currentFill = 0;
            }
            int n = (int) Math.min(current.length - currentFill, readBuffer.remaining());
            readBuffer.get(current, currentFill, n);
            currentFill += n;
            bodyFill += n;
            if (bodyFill == bodyLength) dispatch();
        }

        /**
         * CPython's client sends {@code #WELCOME#} and its first request as two small writes without TCP_NODELAY:
         * Nagle holds the request until our delayed ACK (40 ms on Linux). TCP_QUICKACK (not sticky) acks at once.
         */
        private void quickAck() {
            if (channel.supportedOptions().contains(jdk.net.ExtendedSocketOptions.TCP_QUICKACK)) {
                try {
                    channel.setOption(jdk.net.ExtendedSocketOptions.TCP_QUICKACK, true);
                } catch (IOException | UnsupportedOperationException ignored) {
                    // only a latency optimisation
                }
            }
        }

        /** Keeps the read buffer's unconsumed bytes for later (the buffer is shared by all connections). */
        private void paused_add() {
            byte[] rest = new byte[readBuffer.remaining()];
            readBuffer.get(rest);
            carry = carry == null ? rest : concat(carry, rest);
            updateInterest();
        }

        private byte[] concat(byte[] a, byte[] b) {
            byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, r, a.length, b.length);
            return r;
        }

        byte[] carry;

        private int headerNeed() {
            if (headerFill >= 4 && header[0] == -1 && header[1] == -1 && header[2] == -1 && header[3] == -1) {
                return FrameDescriptor.EXTENDED_HEADER_LENGTH;
            }
            return FrameDescriptor.HEADER_LENGTH;
        }

        private long parseHeader() throws IOException {
            ByteBuffer b = ByteBuffer.wrap(header);
            long length = b.getInt(0);
            if (length == FrameDescriptor.EXTENDED_MARKER) {
                length = b.getLong(4);
                if (length < 0) throw new org.mpbridge.ProtocolException("bad message length: extended length overflows");
            } else if (length < 0) {
                throw new org.mpbridge.ProtocolException("bad message length: negative frame length " + length);
            }
            long max = handshake != null ? org.mpbridge.auth.Handshake.MAX_HANDSHAKE_MESSAGE : options.maxFrameLength();
            if (length > max) throw new org.mpbridge.ProtocolException("bad message length: frame length " + length + " exceeds maxLength " + max);
            return length;
        }

        private void dispatch() throws IOException {
            List<byte[]> all = new ArrayList<>(chunks);
            if (current != null) all.add(currentFill == current.length ? current : java.util.Arrays.copyOf(current, currentFill));
            if (all.isEmpty()) all.add(new byte[0]);
            Payload message = Payload.ofChunks(all);
            releaseMemory(this, holding);
            chunks.clear();
            current = null;
            currentFill = 0;
            headerFill = 0;
            bodyLength = -1;
            if (handshake != null) {
                List<byte[]> replies = handshake.receive(message.toByteArray());
                for (byte[] m : replies) queue(m);
                if (handshake.failed() != null) {
                    errors.connectionFailed(peer, handshake.failed());
                    closing = true;
                    deadline = after(Duration.ofSeconds(1));
                    flush();
                    return;
                }
                if (handshake.done()) {
                    handshake = null;
                    idle();
                }
                flush();
                return;
            }
            idle();
            Payload reply = handler.onMessage(message);
            if (reply != null) {
                ByteBuffer[] body = buffers(reply);
                out.add(FrameDescriptor.header(reply.size()));
                for (ByteBuffer bb : body) out.add(bb);
                flush();
            }
        }

        private ByteBuffer[] buffers(Payload p) {
            List<byte[]> cs = p.chunks();
            ByteBuffer[] bs = new ByteBuffer[cs.size()];
            for (int i = 0; i < bs.length; i++) bs[i] = ByteBuffer.wrap(cs.get(i));
            return bs;
        }

        private void queue(byte[] message) {
            out.add(FrameDescriptor.header(message.length));
            out.add(ByteBuffer.wrap(message));
        }

        /**
         * Whole queued buffers of at most {@value #WINDOW} bytes together (a larger one is written a window at a
         * time by the caller): the JDK copies every heap buffer handed to a write into a
         * temporary direct buffer, so handing it a 2 GiB reply at once would copy gigabytes per call.
         */
        private ByteBuffer[] smallBatch() {
            List<ByteBuffer> batch = new ArrayList<>();
            long total = 0;
            for (ByteBuffer b : out) {
                if (batch.size() == 64 || (total > 0 && total + b.remaining() > WINDOW)) break;
                batch.add(b);
                total += b.remaining();
            }
            return batch.toArray(new ByteBuffer[0]);
        }

        /** Writes what is queued; with bytes left over, waits for OP_WRITE and reads nothing meanwhile. */
        void flush() throws IOException {
            while (!out.isEmpty()) {
                ByteBuffer head = out.peek();
                long n;
                if (head.remaining() >= WINDOW) {
                    ByteBuffer w = head.slice();
                    w.limit(WINDOW);
                    n = channel.write(w);
                    head.position(head.position() + (int) n);
                } else {
                    n = channel.write(smallBatch());
                }
                while (!out.isEmpty() && !out.peek().hasRemaining()) out.poll();
                if (n == 0) break;
            }
            if (closing && out.isEmpty()) {
                close();
                return;
            }
            updateInterest();
        }

        void updateInterest() {
            if (!key.isValid()) return;
            int ops = !out.isEmpty() ? SelectionKey.OP_WRITE : paused || closing ? 0 : SelectionKey.OP_READ;
            if (key.interestOps() != ops) key.interestOps(ops);
        }

        void fail(Exception e) {
            if (!isOpen()) return;
            errors.connectionFailed(peer, e);
            close();
        }

        void close() {
            if (!sessions.remove(this)) return;
            releaseMemory(this, holding);
            chunks.clear();
            current = null;
            out.clear();
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
