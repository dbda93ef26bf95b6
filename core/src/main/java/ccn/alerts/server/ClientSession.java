package ccn.alerts.server;

import ccn.alerts.auth.LoginResult;
import ccn.alerts.log.EventType;
import ccn.alerts.log.LogSanitizer;
import ccn.alerts.protocol.CorruptedFrameException;
import ccn.alerts.protocol.DecryptionFailedException;
import ccn.alerts.protocol.HandshakeException;
import ccn.alerts.protocol.MalformedMessageException;
import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Message.ErrorCode;
import ccn.alerts.protocol.MessageCodec;
import ccn.alerts.protocol.ProtocolException;
import ccn.alerts.protocol.SecureChannel;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One accepted connection. Until the client is logged in, a reader (the thread running
 * {@link #run}) speaks the protocol with blocking reads and a writer thread drains a bounded
 * outbound queue, so a slow password check or a slow socket blocks no one else. Once logged in,
 * the session hands its socket over to the server's {@link SessionLoop} and both threads end:
 * from then on frames are sealed and written by whoever sends them (non-blocking, through a
 * bounded buffer; see {@link LoopConnection}) and what the client sends is handled on the loop
 * thread. A buffer or queue that overflows drops the session.
 *
 * <p>Thread-safety: {@link #enqueue}, {@link #close} and {@link #info} may be called from any
 * thread; {@link #run} runs once, on the session's own thread.
 */
final class ClientSession implements LoopConnection.Peer {
    /** How long a final message (ERROR, SERVER_SHUTDOWN) may take to leave before the socket is cut. */
    static final Duration FINAL_MESSAGE_GRACE = Duration.ofSeconds(2);

    /** A frame waiting to be written; {@code alertId} is 0 for anything but an alert. */
    record Outbound(byte[] json, long alertId, boolean closeAfter) {
    }

    /** Queued behind everything else to tell the writer thread to end: the loop writes from now on. */
    private static final Outbound HAND_OVER = new Outbound(new byte[0], 0, false);


    private final AlertServer server;
    private final boolean platformThreads;
    private final Socket socket;
    private final String id;
    private final String address;
    private final String host;
    private final Instant connectedAt;
    private final long loginDeadlineNanos;
    private final BlockingQueue<Outbound> queue;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(2);
    private final java.util.concurrent.atomic.AtomicInteger partsDone = new java.util.concurrent.atomic.AtomicInteger();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private volatile SecureChannel channel;
    private volatile String username;
    private volatile boolean loggedIn;
    private volatile Instant lastHeartbeat;
    private volatile Duration lastAckLatency;
    private volatile String closeReason = "connection closed";
    private volatile Thread writer;
    /** True while the writer thread is inside a socket write. */
    private volatile boolean writerBusy;
    private UnauthenticatedQuota.Permit unauthenticatedPlace;
    /**
     * Guards {@link #held} and the switch to {@link #connection}: who writes this session's frames
     * is the writer thread, nobody while {@code held} is non-null (handing over), or the loop.
     */
    private final Object handOverLock = new Object();
    /** Frames sent while the socket is handed over, written by the loop once it has it. */
    private java.util.List<Outbound> held;
    /** Set by the writer when it ended at {@link #HAND_OVER}, leaving the socket open. */
    private volatile boolean writerHandedOver;
    /** Set by the reader once the loop serves the socket; the reader then just returns. */
    private boolean handedOver;
    /** Non-null once the loop serves this session (never changes back). */
    private volatile LoopConnection connection;

    ClientSession(AlertServer server, Socket socket, String id, int queueCapacity, boolean platformThreads) {
        this.server = server;
        this.platformThreads = platformThreads;
        this.socket = socket;
        this.id = id;
        InetSocketAddress peer = (InetSocketAddress) socket.getRemoteSocketAddress();
        this.address = peer.getAddress().toString().replaceFirst("^[^/]*", "") + ":" + peer.getPort();
        this.host = peer.getAddress().getHostAddress();
        this.connectedAt = server.now();
        this.loginDeadlineNanos = System.nanoTime() + server.config().loginTimeout().toNanos();
        // Linked, not array-backed: an idle session then holds no 1,024-slot array (4 KiB each,
        // 40 MB at 10,000 clients); nodes exist only while messages wait.
        this.queue = new LinkedBlockingQueue<>(queueCapacity);
    }

    String id() {
        return id;
    }

    /**
     * Builds this session's login-phase reader and writer threads: platform (daemon) threads for the
     * first sessions, virtual ones beyond (see
     * {@link ServerConfig#platformThreadSessions()}). Nothing here relies on interrupting socket I/O,
     * which only virtual threads support: {@link #close} closes the socket.
     */
    Thread.Builder threads() {
        return platformThreads ? Thread.ofPlatform().daemon() : Thread.ofVirtual();
    }

    String username() {
        return username;
    }

    boolean isAuthenticated() {
        return loggedIn && !closing.get();
    }

    /** Called by the server under its broadcast lock, once AUTH_SUCCESS is queued. */
    void markLoggedIn() {
        loggedIn = true;
    }

    ClientInfo info() {
        SecureChannel c = channel;
        return new ClientInfo(id, username, address, connectedAt, lastHeartbeat, delivered.get(),
                acknowledged.get(), lastAckLatency, c == null ? 0 : c.bytesIn(), c == null ? 0 : c.bytesOut());
    }

    /** The reader: handshake, login, then messages until the connection ends. */
    void run() {
        try {
            // Taken before the handshake: a peer stalling inside it counts as not logged in.
            unauthenticatedPlace = server.unauthenticatedQuota().tryAcquire(host);
            socket.setSoTimeout((int) server.config().loginTimeout().toMillis());
            channel = SecureChannel.server(socket, server.key(), server.config().maxFrameLength());
            applyWireCapture();
            if (server.overConnectionLimit()) {
                server.log(EventType.ERROR, "Refused " + address + ": at the limit of "
                        + server.config().maxConnections() + " connections");
                channel.send(new Message.ErrorReport(ErrorCode.TOO_MANY_CONNECTIONS, "the server is at its limit of "
                        + server.config().maxConnections() + " connections; try again later"));
                closeReason = "too many connections";
                closing.set(true);
                return; // the finally ends the session; the socket closes gently
            }
            if (unauthenticatedPlace == null) {
                int limit = server.unauthenticatedQuota().limit();
                server.log(EventType.ERROR, "Refused " + address + ": " + limit + " connections from " + host
                        + " have not logged in yet");
                channel.send(new Message.ErrorReport(ErrorCode.TOO_MANY_CONNECTIONS, "too many connections from "
                        + host + " that have not logged in (limit " + limit + "); try again later"));
                closeReason = "too many connections not logged in from " + host;
                closing.set(true);
                return; // the finally ends the session; the socket closes gently
            }
            // Written before reading HELLO, and not through the queue: a client with the wrong key
            // must receive this frame to learn that its key is wrong, even though we close at once.
            channel.send(new Message.ServerHello(AlertServer.AGENT, (int) server.config().heartbeatInterval().toSeconds(),
                    (int) server.config().loginTimeout().toSeconds()));
            writer = threads().name("ccn-writer-" + id).start(this::drainQueue);
            if (closing.get()) {
                writer.interrupt(); // closed while the writer was starting: nobody else will stop it
            }
            expectHello(receiveBeforeLogin());
            while (username == null && !closing.get()) {
                handleBeforeLogin(receiveBeforeLogin());
            }
            if (handedOver) {
                return; // the loop serves the session from now on
            }
            socket.setSoTimeout((int) server.config().heartbeatInterval().multipliedBy(3).toMillis());
            while (!closing.get()) {
                handleAfterLogin(channel.receive());
            }
        } catch (IOException | RuntimeException e) {
            failed(e);
        } finally {
            releaseUnauthenticatedPlace();
            if (!handedOver) {
                // Before counting down: stop() waits on the latch and then logs "shutdown complete",
                // which must come after every session's DISCONNECT line.
                server.sessionEnded(this, closeReason);
                if (writer == null) {
                    partDone(); // the writer that never started
                }
                partDone();
            }
        }
    }

    /**
     * Ends the session for a failure of reading, writing or the protocol, with the error message
     * the client is sent (if any) and the reason logged; the same for both phases.
     */
    @Override
    public void failed(Exception e) {
        switch (e) {
            case EOFException ignored -> close("client closed the connection");
            case SocketTimeoutException ignored -> {
                if (username == null) {
                    closeWith(ErrorCode.LOGIN_TIMEOUT, "no login within " + server.config().loginTimeout().toSeconds() + " s");
                } else {
                    timedOut();
                }
            }
            case DecryptionFailedException d -> {
                server.log(EventType.ERROR, (d.isFirstFrame() ? "Wrong encryption key from " : "Rejected frame from ")
                        + label() + ": " + d.getMessage());
                close(d.isFirstFrame() ? "wrong encryption key" : "frame failed to decrypt");
            }
            case MalformedMessageException m -> rejectMessage(m.getMessage());
            case CorruptedFrameException c -> {
                server.log(EventType.ERROR, "Corrupt frame from " + label() + ": " + c.getMessage());
                close("corrupt frame");
            }
            case HandshakeException h -> {
                server.log(EventType.ERROR, "Handshake failed with " + address + ": " + h.getMessage());
                close("handshake failed");
            }
            case ProtocolException p -> {
                server.log(EventType.ERROR, "Protocol error from " + label() + ": " + p.getMessage());
                close("protocol error");
            }
            case IOException io -> close(closing.get() ? closeReason : "connection lost: " + LogSanitizer.clean(io.getMessage()));
            default -> {
                server.log(EventType.ERROR, "Internal error while serving " + label() + ": " + e);
                closeWith(ErrorCode.INTERNAL, "internal server error");
            }
        }
    }

    @Override
    public void timedOut() {
        closeWith(ErrorCode.TIMED_OUT, "timed out: no heartbeat for "
                + server.config().heartbeatInterval().multipliedBy(3).toSeconds() + " s");
    }

    @Override
    public boolean reading() {
        return !closing.get();
    }

    @Override
    public void frameReceived(byte[] payload) throws IOException {
        handleAfterLogin(channel.open(payload));
    }

    @Override
    public void alertWritten(long alertId) {
        delivered.incrementAndGet();
        server.alertDelivered(this, alertId);
    }

    @Override
    public void ended() { // once: the connection guards it
        server.sessionEnded(this, closeReason);
        finished.countDown(); // the writer counted itself down when it handed over
    }

    /**
     * Moves the socket from this session's threads to the server's loop, right after a successful
     * login and before AUTH_SUCCESS is sent: the writer writes what is queued and ends, the socket
     * becomes non-blocking, and frames sent meanwhile follow. Returns false when the session ended
     * meanwhile (or the server has no loop); it then carries on, or ends, on its threads.
     */
    private boolean handOverToLoop() throws IOException {
        SessionLoop loop = server.sessionLoop();
        java.nio.channels.SocketChannel socketChannel = socket.getChannel();
        Thread w = writer;
        if (loop == null || socketChannel == null || w == null) {
            return false;
        }
        synchronized (handOverLock) {
            if (closing.get() || !queue.offer(HAND_OVER)) {
                return false;
            }
            held = new java.util.ArrayList<>();
        }
        try {
            w.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while handing the connection over", e);
        }
        LoopConnection c;
        synchronized (handOverLock) {
            if (!writerHandedOver) {
                held = null; // the writer failed or was cut: the session is ending anyway
                return false;
            }
            try {
                socketChannel.configureBlocking(false);
            } catch (IOException e) {
                held = null; // closed meanwhile
                return false;
            }
            c = new LoopConnection(socketChannel, channel, loop, this, server.config().sessionQueueCapacity());
            connection = c;
            handedOver = true;
            for (Outbound o : held) {
                sendThroughLoop(c, o);
            }
            held = null;
        }
        if (!socketChannel.isOpen()) {
            c.cut(); // closed while we switched: close() may not have seen the connection
        }
        return true;
    }

    /** Installs or removes the wire inspector's tap, as the server's capture switch says. */
    void applyWireCapture() {
        SecureChannel c = channel;
        if (c != null) {
            c.setTap(server.wireCapture() ? frame -> server.frameCaptured(this, frame) : null);
        }
    }

    /**
     * Called by the server's scheduler when the login deadline passes. The socket read timeout
     * alone would let a peer that trickles one byte at a time stay unauthenticated for ever.
     */
    void enforceLoginDeadline() {
        if (username == null && !closing.get()) {
            closeWith(ErrorCode.LOGIN_TIMEOUT, "no login within " + server.config().loginTimeout().toSeconds() + " s");
        }
    }

    /**
     * Reads with the read timeout cut to what is left of the login deadline: the deadline counts
     * from the connection opening, so HEARTBEATs or failed LOGINs cannot keep a connection open.
     */
    private Message receiveBeforeLogin() throws IOException {
        long left = TimeUnit.NANOSECONDS.toMillis(loginDeadlineNanos - System.nanoTime());
        if (left <= 0) {
            throw new SocketTimeoutException("login deadline passed");
        }
        socket.setSoTimeout((int) left);
        return channel.receive();
    }

    private void expectHello(Message first) {
        if (!(first instanceof Message.ClientHello)) {
            rejectMessage("expected HELLO as the first message, got " + typeName(first));
        }
    }

    private void handleBeforeLogin(Message message) throws IOException {
        switch (message) {
            case Message.Login login -> login(login);
            case Message.Heartbeat hb -> heartbeat(hb);
            case Message.Logout ignored -> close("logged out before logging in");
            case Message.ClientHello ignored -> rejectMessage("HELLO sent twice");
            case Message.ErrorReport m -> {
                server.log(EventType.ERROR, label() + " reported " + m.code() + ": " + LogSanitizer.clean(m.message()));
                close("client error " + m.code());
            }
            default -> {
                server.log(EventType.ERROR, "Not authenticated: " + label() + " sent " + typeName(message) + " before login");
                closeWith(ErrorCode.NOT_AUTHENTICATED, typeName(message) + " before login");
            }
        }
    }

    private void handleAfterLogin(Message message) throws IOException {
        switch (message) {
            case Message.Ack ack -> acknowledge(ack.alertId());
            case Message.Heartbeat hb -> heartbeat(hb);
            case Message.Logout ignored -> {
                server.log(EventType.MESSAGE, label() + " logged out");
                close("logged out");
            }
            case Message.Login ignored -> rejectMessage("already logged in");
            case Message.ClientHello ignored -> rejectMessage("HELLO sent twice");
            case Message.ServerHello m -> rejectMessage(typeName(m) + " is a server message");
            case Message.AuthSuccess m -> rejectMessage(typeName(m) + " is a server message");
            case Message.AuthFailed m -> rejectMessage(typeName(m) + " is a server message");
            case Message.Alert m -> rejectMessage(typeName(m) + " is a server message");
            case Message.AckOk m -> rejectMessage(typeName(m) + " is a server message");
            case Message.HeartbeatOk m -> rejectMessage(typeName(m) + " is a server message");
            case Message.ServerShutdown m -> rejectMessage(typeName(m) + " is a server message");
            case Message.ErrorReport m -> {
                server.log(EventType.ERROR, label() + " reported " + m.code() + ": " + LogSanitizer.clean(m.message()));
                close("client error " + m.code());
            }
        }
    }

    private void login(Message.Login login) throws IOException {
        char[] password = login.password().toCharArray();
        LoginResult result;
        try {
            result = server.authenticate(login.username(), password, host,
                    Duration.ofNanos(Math.max(0, loginDeadlineNanos - System.nanoTime())));
        } finally {
            Arrays.fill(password, '\0');
        }
        if (result == null || closing.get()) {
            return; // the check outlasted the login deadline, or the session ended meanwhile
        }
        String who = LogSanitizer.clean(login.username(), Message.MAX_USERNAME);
        switch (result) {
            case LoginResult.Success success -> {
                username = success.username();
                releaseUnauthenticatedPlace();
                server.log(EventType.AUTH, "Client " + address + " authenticated as " + username);
                // Observers first, so they know of the login by the time the client does.
                server.sessionAuthenticated(this);
                boolean looped = handOverToLoop();
                // AUTH_SUCCESS, then missed alerts, then new ones: the server does all three
                // under its broadcast lock, so no alert is skipped, doubled or sent before AUTH_SUCCESS.
                server.joinBroadcasts(this, new Message.AuthSuccess(username, id, "Welcome, " + username));
                if (looped) {
                    // Only now: what the client sent after LOGIN must be answered after AUTH_SUCCESS.
                    server.sessionLoop().register(connection, channel.takeBufferedInput());
                }
            }
            case LoginResult.BadCredentials ignored -> {
                server.log(EventType.AUTH, "Authentication failed for user '" + who + "' from " + address);
                send(new Message.AuthFailed(Message.AuthFailure.BAD_CREDENTIALS, "Wrong username or password", 0));
            }
            case LoginResult.Throttled throttled -> {
                long seconds = Math.max(1, (throttled.retryAfter().toMillis() + 999) / 1000);
                server.log(EventType.AUTH, "Login refused for user '" + who + "' from " + address
                        + ": too many failures, retry in " + seconds + " s");
                send(new Message.AuthFailed(Message.AuthFailure.THROTTLED,
                        "Too many failed logins; retry in " + seconds + " s", seconds));
            }
        }
    }

    private void releaseUnauthenticatedPlace() {
        UnauthenticatedQuota.Permit place = unauthenticatedPlace;
        if (place != null) {
            place.release();
        }
    }

    private void heartbeat(Message.Heartbeat hb) throws IOException {
        lastHeartbeat = server.now();
        reply(new Message.HeartbeatOk(hb.seq()));
        server.clientHeartbeat(this);
    }

    private void acknowledge(long alertId) throws IOException {
        // Logged only for a delivery's first ACK: repeated or invented ids must not flood the log.
        server.acknowledged(this, alertId).ifPresent(latency -> {
            if (server.logsEachRecipient(alertId)) {
                server.log(EventType.ACK, "Received ACK from " + username + " for alert " + alertId);
            }
            lastAckLatency = latency;
            acknowledged.incrementAndGet();
        });
        reply(new Message.AckOk(alertId));
    }

    /**
     * Sends a small answer (ACK_OK, HEARTBEAT_OK). On the session loop (after login) it is written
     * at once, behind whatever the socket has not taken yet, never blocking. Before login it is
     * written on the reader's own thread when the writer is idle (one thread wake-up less), where it
     * may overtake frames still queued, which the protocol allows (each answer names what it
     * answers); should the client stop reading, that write blocks this session's reader until
     * {@link #closeIfWriteStalled} ends the session.
     */
    private void reply(Message message) throws IOException {
        if (closing.get()) {
            return;
        }
        if (connection != null) {
            send(message); // written at once unless the socket is full
            return;
        }
        if (writerBusy || !queue.isEmpty()) {
            // The writer is writing (perhaps blocked on a full socket) or has frames waiting:
            // never wait behind it here, or a reader could stop reading while its client waits
            // for it to read. Queue the answer instead.
            send(message);
            return;
        }
        try {
            channel.sendEncoded(MessageCodec.encode(message));
        } catch (IOException e) {
            if (!closing.get()) {
                throw e;
            }
            // A final frame went out and the output was shut meanwhile: keep reading until EOF.
        }
    }

    /**
     * Called by the server every second: a write blocked for longer than {@code limitNanos} means
     * the client stopped reading. Neither the read timeout (the reader may be the one blocked, or
     * the client still sends heartbeats) nor the queue limit (no alerts may follow) would end it.
     */
    void closeIfWriteStalled(long nowNanos, long limitNanos) {
        SecureChannel c = channel;
        if (c == null || closing.get()) {
            return;
        }
        LoopConnection looped = connection;
        long blocked = looped != null ? looped.writeBlockedNanos(nowNanos) : c.writeBlockedNanos(nowNanos);
        if (blocked > limitNanos) {
            long seconds = TimeUnit.NANOSECONDS.toSeconds(blocked);
            server.log(EventType.ERROR, "Closing " + label() + ": a write has been blocked for " + seconds
                    + " s (the client stopped reading)");
            close("client stopped reading (write blocked for " + seconds + " s)");
        }
    }

    /** Queues a message; a session that cannot keep up is dropped rather than slowing anyone else. */
    void send(Message message) {
        enqueue(new Outbound(MessageCodec.encode(message), 0, false));
    }

    boolean enqueue(Outbound outbound) {
        if (closing.get()) {
            return false;
        }
        return route(outbound);
    }

    /**
     * Hands a frame to whoever writes this session's frames now: the loop, the list held during
     * the hand-over, or the writer's queue. False when it was not taken (the session is then
     * ending; an overflow is logged, except for a final frame).
     */
    private boolean route(Outbound outbound) {
        LoopConnection looped = connection; // once set, never changes: no lock on the hot path
        if (looped == null) {
            synchronized (handOverLock) {
                // Under the lock: a frame queued behind HAND_OVER would never be written.
                if (held != null) {
                    held.add(outbound);
                    return true;
                }
                looped = connection;
                if (looped == null) {
                    if (queue.offer(outbound)) {
                        return true;
                    }
                    if (!outbound.closeAfter()) {
                        server.log(EventType.ERROR, "Outbound queue of " + label() + " overflowed (" + queue.size()
                                + " messages waiting): client too slow");
                        close("outbound queue overflow (client too slow)");
                    }
                    return false;
                }
            }
        }
        return sendThroughLoop(looped, outbound);
    }

    private boolean sendThroughLoop(LoopConnection c, Outbound outbound) {
        if (outbound.alertId() > 0) {
            // Logged before the write: the client's ACK must never come first in server_log.txt.
            server.logDelivery(this, outbound.alertId());
        }
        try {
            switch (c.send(outbound.json(), outbound.alertId(), outbound.closeAfter())) {
                case SENT -> {
                    return true;
                }
                case FULL -> {
                    if (outbound.closeAfter()) {
                        return false; // a final frame that does not fit: the caller cuts the session
                    }
                    server.log(EventType.ERROR, "Outbound queue of " + label() + " overflowed ("
                            + server.config().sessionQueueCapacity() + " messages waiting): client too slow");
                    close("outbound queue overflow (client too slow)");
                    return false;
                }
                default -> {
                    return false;
                }
            }
        } catch (IOException e) {
            close(closing.get() ? closeReason : "write failed: " + LogSanitizer.clean(e.getMessage()));
            return false;
        } catch (RuntimeException e) {
            // Never into a broadcast: the other recipients must still get the alert.
            server.log(EventType.ERROR, "Internal error while writing to " + label() + ": " + e);
            close("internal error while writing");
            return false;
        }
    }

    private void drainQueue() {
        boolean lingering = false;
        try {
            while (true) {
                Outbound next = queue.take();
                if (next == HAND_OVER) {
                    writerHandedOver = true;
                    lingering = true; // the socket stays open: the loop has it now
                    return;
                }
                if (next.alertId() > 0) {
                    // Logged before the write: the client's ACK, logged by the reader, must never
                    // come first in server_log.txt.
                    server.logDelivery(this, next.alertId());
                }
                writerBusy = true;
                try {
                    channel.sendEncoded(next.json());
                } finally {
                    writerBusy = false;
                }
                if (next.alertId() > 0) {
                    delivered.incrementAndGet();
                    server.alertDelivered(this, next.alertId());
                }
                if (next.closeAfter()) {
                    // FIN now; the socket closes when the client hangs up (the reader sees EOF) or
                    // at the end of the grace period. Closing at once could reset the connection
                    // while frames the client sent are unread, and lose this last frame.
                    socket.shutdownOutput();
                    lingering = true;
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            close(closing.get() ? closeReason : "write failed: " + LogSanitizer.clean(e.getMessage()));
        } finally {
            if (!lingering) {
                closeSocketQuietly();
            }
            partDone();
        }
    }

    /**
     * Reader and writer each call this once when they end. The second one closes the socket —
     * after reading, briefly, whatever the client still sends, so the close does not reset the
     * connection and destroy a last frame the client has not read yet.
     */
    private void partDone() {
        if (partsDone.incrementAndGet() == 2) {
            finishGently();
            closeSocketQuietly();
        }
        finished.countDown();
    }

    /**
     * Ends the session now: closes the socket and stops the writer, even when a final frame is
     * still on its way (stop() uses this to cut sessions that do not drain). The first reason given
     * is the one logged.
     */
    void close(String reason) {
        if (closing.compareAndSet(false, true)) {
            closeReason = reason;
        }
        cut();
    }

    /** Closes the socket now and stops whatever serves it. */
    private void cut() {
        closeSocketQuietly();
        Thread w = writer;
        if (w != null) {
            w.interrupt();
        }
        LoopConnection c = connection;
        if (c != null) {
            c.cut();
        }
    }

    /**
     * Sends our FIN after the last frame and reads whatever the peer still sends, briefly, so
     * that closing does not reset the connection (a reset can destroy the frame just sent).
     */
    private void finishGently() {
        if (socket.isClosed()) {
            return;
        }
        // One deadline for the whole drain: a peer trickling a byte at a time cannot keep it open.
        long deadline = System.nanoTime() + FINAL_MESSAGE_GRACE.toNanos();
        try {
            if (!socket.isOutputShutdown()) {
                socket.shutdownOutput();
            }
            byte[] sink = new byte[4096];
            var in = socket.getInputStream();
            for (int total = 0; total < 65_536; ) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    break;
                }
                socket.setSoTimeout((int) Math.min(left, 500));
                int n = in.read(sink);
                if (n < 0) {
                    break;
                }
                total += n;
            }
        } catch (IOException ignored) {
            // Timed out or already gone: close now.
        }
    }

    /**
     * Ends the session after one last frame, e.g. SERVER_SHUTDOWN or an ERROR. The frame jumps
     * the queue's back, not its front: alerts already queued are still written first. If the
     * socket does not drain within {@link #FINAL_MESSAGE_GRACE}, it is cut.
     */
    void closeAfter(Message last, String reason) {
        if (!closing.compareAndSet(false, true)) {
            return; // already ending; stop() cuts it if it does not finish in time
        }
        closeReason = reason;
        if (writer == null || !route(new Outbound(MessageCodec.encode(last), 0, true))) {
            cut();
            return;
        }
        server.schedule(FINAL_MESSAGE_GRACE, this::cut);
    }

    private void closeWith(ErrorCode code, String text) {
        closeAfter(new Message.ErrorReport(code, text), text);
    }

    private void rejectMessage(String why) {
        server.log(EventType.ERROR, "Bad message from " + label() + ": " + LogSanitizer.clean(why));
        closeWith(ErrorCode.BAD_MESSAGE, why);
    }

    /** Waits until both reader and writer have ended. */
    boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    void closeSocketQuietly() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing a socket that is already broken tells us nothing new.
        }
    }

    String label() {
        return ClientInfo.label(username, address);
    }

    private static String typeName(Message m) {
        return MessageCodec.typeName(m);
    }
}
