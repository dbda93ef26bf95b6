package ccn.alerts.server;

import ccn.alerts.auth.LoginResult;
import ccn.alerts.log.EventType;
import ccn.alerts.log.LogSanitizer;
import ccn.alerts.net.Connection;
import ccn.alerts.net.SelectorLoop;
import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Message.ErrorCode;
import ccn.alerts.protocol.MessageCodec;
import ccn.alerts.protocol.ProtocolException;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The protocol of one connection as a state machine, with no thread of its own: every method
 * runs on the {@link SelectorLoop} thread that owns its {@link Connection}, and other threads reach
 * it by handing that loop a task. States:
 *
 * <pre>
 *  CONNECTED --handshake--> HELLO --HELLO--> LOGGING_IN --LOGIN--> CHECKING --ok--> LOGGED_IN
 *                                               ^                     | wrong          |
 *                                               +---------------------+                |
 *          any state --error, LOGOUT, kick, stop, timeout--> CLOSING --socket closed--> (ended)
 * </pre>
 *
 * While CHECKING (PBKDF2 on the password pool) the connection stops reading, so what the client
 * sent after LOGIN is handled after the answer, in order.
 *
 * <p>Thread-safety: the accessors used by the console ({@link #info}, {@link #username},
 * {@link #isLoggedIn}) may be called from any thread; everything else on the loop thread.
 */
final class ClientSession implements Connection.Handler {
    /** How long a final message (ERROR, SERVER_SHUTDOWN) may take to leave before the socket is cut. */
    static final Duration FINAL_MESSAGE_GRACE = Duration.ofSeconds(2);

    enum State { CONNECTED, HELLO, LOGGING_IN, CHECKING, LOGGED_IN, CLOSING }

    private final SessionHost host;
    private final SelectorLoop loop;
    private final Connection connection;
    private final String id;
    private final Instant connectedAt;
    private final UnauthenticatedQuota.Permit place;
    private volatile State state = State.CONNECTED;
    private volatile String username;
    private volatile Instant lastHeartbeat;
    private volatile Duration lastAckLatency;
    /** Set from HELLO on the loop thread; read by the broadcasting thread. */
    private volatile boolean lifecycle;
    private volatile long delivered;
    private volatile long acknowledged;
    private String closeReason = "connection closed";

    /**
     * @param place this connection's place among those of its address not logged in yet; null
     *              when the address is at its limit (refused once the handshake is done)
     */
    ClientSession(SessionHost host, SelectorLoop loop, Connection connection, String id, UnauthenticatedQuota.Permit place) {
        this.host = host;
        this.loop = loop;
        this.connection = connection;
        this.id = id;
        this.place = place;
        this.connectedAt = host.now();
        connection.deadline(System.nanoTime() + host.config().loginTimeout().toNanos());
    }

    String id() {
        return id;
    }

    SelectorLoop loop() {
        return loop;
    }

    String username() {
        return username;
    }

    boolean isLoggedIn() {
        return state == State.LOGGED_IN;
    }

    String label() {
        return ClientInfo.label(username, connection.address());
    }

    ClientInfo info() {
        return new ClientInfo(id, username, connection.address(), connectedAt, lastHeartbeat, delivered,
                acknowledged, lastAckLatency, connection.bytesIn(), connection.bytesOut());
    }

    /** Installs or removes the wire inspector's tap, as the server's capture switch says; any thread. */
    void applyWireCapture() {
        connection.setTap(host.wireCapture() ? frame -> host.frameCaptured(this, frame) : null);
    }

    // ------------------------------------------------------------------ commands from the server (loop thread)

    /**
     * Writes one alert (or redelivery) to a logged-in session; false when it was not taken (the
     * session is not logged in, or is ending; an overflow ends it).
     */
    boolean deliver(byte[] json, long alertId) {
        if (state != State.LOGGED_IN) {
            return false;
        }
        try {
            if (host.logsEachRecipient(alertId)) {
                // Logged before the write: the client's ACK must never come first in server_log.txt.
                host.log(EventType.BROADCAST, "Alert " + alertId + " sent to " + label());
            }
            return write(json, alertId);
        } catch (RuntimeException e) {
            failed(e); // a bug closes this session, never the loop task serving the other recipients
            return false;
        }
    }

    /** Runs {@code step} on this session's loop; a bug in it closes the session, never half-changes it. */
    private void onLoop(Runnable step) {
        loop.execute(() -> {
            try {
                step.run();
            } catch (RuntimeException e) {
                failed(e);
            }
        });
    }

    /** Sends one message now (AUTH_SUCCESS, answers). */
    void send(Message message) {
        write(MessageCodec.encode(message), 0);
    }

    /** Sends one encoded message that is not an alert delivery (REMIND, READ_OK) if logged in; on the loop thread. */
    void sendEncoded(byte[] json) {
        if (state == State.LOGGED_IN) {
            write(json, 0);
        }
    }

    /** Whether the client announced the alert life cycle in HELLO (PROTOCOL.md §6.7). */
    boolean lifecycle() {
        return lifecycle;
    }

    private boolean write(byte[] json, long alertId) {
        Connection.SendResult result = connection.send(json, alertId, false);
        if (result == Connection.SendResult.FULL) {
            host.log(EventType.ERROR, "Outbound queue of " + label() + " overflowed ("
                    + host.config().sessionQueueCapacity() + " messages waiting): client too slow");
            close("outbound queue overflow (client too slow)");
        }
        return result == Connection.SendResult.SENT;
    }

    /**
     * Ends the session after one last frame (SERVER_SHUTDOWN, an ERROR): frames already queued go
     * first; if the socket does not drain within {@link #FINAL_MESSAGE_GRACE}, it is cut.
     */
    void closeAfter(Message last, String reason) {
        if (state == State.CLOSING) {
            return;
        }
        state = State.CLOSING;
        closeReason = reason;
        connection.closeAfter(MessageCodec.encode(last));
    }

    /**
     * Ends the session now, whatever is queued; a gentle close whose last frame is already out (a
     * handshake REJECT) ends by itself within its grace. The first reason given is the one logged.
     */
    void close(String reason) {
        if (state != State.CLOSING) {
            state = State.CLOSING;
            closeReason = reason;
        }
        if (!connection.closing()) {
            connection.cut();
        }
    }

    // ------------------------------------------------------------------ the connection's events

    @Override
    public void connected() {
        Message.ErrorReport refusal = host.refusal(connection.address(), connection.host(), place != null);
        if (refusal != null) {
            closeAfter(refusal, refusal.message());
            return;
        }
        state = State.HELLO;
        ServerConfig config = host.config();
        // Sent at once, without waiting for HELLO (docs/PROTOCOL.md §1).
        send(new Message.ServerHello(AlertServer.AGENT, (int) config.heartbeatInterval().toSeconds(),
                (int) config.loginTimeout().toSeconds(), AlertServer.FEATURES));
    }

    @Override
    public boolean accepting() {
        return state != State.CHECKING;
    }

    @Override
    public void received(Message message) {
        switch (state) {
            case HELLO -> hello(message);
            case LOGGING_IN -> beforeLogin(message);
            case LOGGED_IN -> {
                connection.deadline(System.nanoTime() + host.config().heartbeatInterval().multipliedBy(3).toNanos());
                afterLogin(message);
            }
            case CONNECTED, CHECKING, CLOSING -> {
                // CONNECTED and CHECKING never read; CLOSING drops what still arrives.
            }
        }
    }

    private void hello(Message message) {
        switch (message) {
            case Message.ClientHello h -> {
                lifecycle = h.has(Message.LIFECYCLE);
                state = State.LOGGING_IN;
            }
            case Message.Login m -> expectedHello(m);
            case Message.Heartbeat m -> expectedHello(m);
            case Message.Logout m -> expectedHello(m);
            case Message.Ack m -> expectedHello(m);
            case Message.Read m -> expectedHello(m);
            case Message.ErrorReport m -> clientError(m);
            case Message.FromServer m -> expectedHello(m);
        }
    }

    private void beforeLogin(Message message) {
        switch (message) {
            case Message.Login login -> login(login);
            case Message.Heartbeat hb -> heartbeat(hb);
            case Message.Logout ignored -> close("logged out before logging in");
            case Message.ClientHello ignored -> rejectMessage("HELLO sent twice");
            case Message.ErrorReport m -> clientError(m);
            case Message.Ack m -> notAuthenticated(m);
            case Message.Read m -> notAuthenticated(m);
            case Message.FromServer m -> serverMessage(m);
        }
    }

    private void afterLogin(Message message) {
        switch (message) {
            case Message.Ack ack -> acknowledge(ack.alertId(), ack.revision());
            case Message.Read read -> read(read.alertId());
            case Message.Heartbeat hb -> heartbeat(hb);
            case Message.Logout ignored -> {
                host.log(EventType.MESSAGE, label() + " logged out");
                close("logged out");
            }
            case Message.ErrorReport m -> clientError(m);
            case Message.Login ignored -> rejectMessage("already logged in");
            case Message.ClientHello ignored -> rejectMessage("HELLO sent twice");
            case Message.FromServer m -> serverMessage(m);
        }
    }

    private void expectedHello(Message m) {
        rejectMessage("expected HELLO as the first message, got " + MessageCodec.typeName(m));
    }

    private void notAuthenticated(Message m) {
        String type = MessageCodec.typeName(m);
        end(new SessionFailure("Not authenticated: " + label() + " sent " + type + " before login",
                ErrorCode.NOT_AUTHENTICATED, type + " before login"));
    }

    private void serverMessage(Message m) {
        rejectMessage(MessageCodec.typeName(m) + " is a server message");
    }

    private void clientError(Message.ErrorReport m) {
        host.log(EventType.ERROR, label() + " reported " + m.code() + ": " + LogSanitizer.clean(m.message()));
        close("client error " + m.code());
    }

    private void login(Message.Login login) {
        state = State.CHECKING;
        char[] password = login.password().toCharArray();
        host.checkLogin(login.username(), password, connection.host())
                .whenComplete((result, error) -> onLoop(() -> loginChecked(login.username(), result, error)));
    }

    private void loginChecked(String attempted, LoginResult result, Throwable error) {
        if (state != State.CHECKING) {
            return; // closed meanwhile (deadline, stop, kick)
        }
        if (error != null) {
            host.log(EventType.ERROR, "Internal error while checking a login from " + label() + ": " + error);
            end(new SessionFailure(null, ErrorCode.INTERNAL, "internal server error"));
            return;
        }
        state = State.LOGGING_IN;
        String who = LogSanitizer.clean(attempted, Message.MAX_USERNAME);
        switch (result) {
            case LoginResult.Success success -> {
                username = success.username();
                release(place);
                connection.deadline(System.nanoTime() + host.config().heartbeatInterval().multipliedBy(3).toNanos());
                host.log(EventType.AUTH, "Client " + connection.address() + " authenticated as " + username);
                host.authenticated(this);
                host.join(this, "Welcome, " + username);
            }
            case LoginResult.BadCredentials ignored -> {
                host.log(EventType.AUTH, "Authentication failed for user '" + who + "' from " + connection.address());
                send(new Message.AuthFailed(Message.AuthFailure.BAD_CREDENTIALS, "Wrong username or password", 0));
            }
            case LoginResult.Throttled throttled -> {
                long seconds = Math.max(1, (throttled.retryAfter().toMillis() + 999) / 1000);
                host.log(EventType.AUTH, "Login refused for user '" + who + "' from " + connection.address()
                        + ": too many failures, retry in " + seconds + " s");
                send(new Message.AuthFailed(Message.AuthFailure.THROTTLED,
                        "Too many failed logins; retry in " + seconds + " s", seconds));
            }
        }
        connection.resume();
    }

    /** Called by the server's join, on the loop thread, once AUTH_SUCCESS and the missed alerts are queued. */
    void markLoggedIn() {
        if (state == State.LOGGING_IN) {
            state = State.LOGGED_IN;
        }
    }

    private void heartbeat(Message.Heartbeat hb) {
        lastHeartbeat = host.now();
        send(new Message.HeartbeatOk(hb.seq()));
        host.heartbeat(this);
    }

    /** ACK_OK only once the ACK is on disk: it tells the client its ACK survives a crash. */
    private void acknowledge(long alertId, Integer revision) {
        host.acknowledge(this, alertId, revision).whenComplete((latency, error) -> onLoop(() -> acknowledged(alertId, latency, error)));
    }

    private void acknowledged(long alertId, Optional<Duration> latency, Throwable error) {
        if (error != null) {
            // Not durable: no ACK_OK, so the client does not show "confirmed"; it is redelivered later.
            host.log(EventType.ERROR, "ACK from " + label() + " for alert " + alertId + " could not be saved: "
                    + error.getMessage());
            return;
        }
        latency.ifPresent(l -> {
            if (host.logsEachRecipient(alertId)) {
                host.log(EventType.ACK, "Received ACK from " + username + " for alert " + alertId);
            }
            lastAckLatency = l;
            acknowledged++;
            host.acknowledged(this, alertId, l);
        });
        if (state == State.LOGGED_IN) {
            send(new Message.AckOk(alertId));
        }
    }

    /**
     * READ_OK once the confirmation is on disk, to every session of the user (the host sends
     * those); to this one alone when it was not the user's first read.
     */
    private void read(long alertId) {
        host.read(this, alertId).whenComplete((first, error) -> onLoop(() -> {
            if (error != null) {
                host.log(EventType.ERROR, "Read confirmation from " + label() + " for alert " + alertId
                        + " could not be saved: " + error.getMessage());
                return;
            }
            if (first) {
                host.readConfirmed(this, alertId); // here on the loop, not on the journal thread
            }
            if ((!first || !lifecycle) && state == State.LOGGED_IN) {
                // A first read went to the user's life-cycle sessions; one that did not announce
                // the life cycle but sent READ anyway gets its answer here.
                send(new Message.ReadOk(alertId));
            }
        }));
    }

    @Override
    public void alertWritten(long alertId) {
        delivered++;
        host.alertDelivered(this, alertId);
    }

    @Override
    public void deadlinePassed() {
        if (state != State.CLOSING) {
            end(state == State.LOGGED_IN ? SessionFailure.silent(host.config()) : SessionFailure.noLogin(host.config()));
        }
    }

    @Override
    public void writeStalled(long blockedNanos) {
        end(SessionFailure.stalled(blockedNanos, label()));
    }

    /** Ends the session for a failure of reading, writing or the protocol, with what the client is told. */
    @Override
    public void failed(Exception e) {
        if (state == State.CLOSING && e instanceof IOException && !(e instanceof ProtocolException)) {
            close(closeReason); // the peer hung up or reset during our gentle close
        } else {
            end(SessionFailure.of(e, label(), connection.address()));
        }
    }

    private void end(SessionFailure failure) {
        if (failure.logLine() != null) {
            host.log(EventType.ERROR, failure.logLine());
        }
        if (failure.tell() == null) {
            close(failure.reason());
        } else {
            closeAfter(new Message.ErrorReport(failure.tell(), failure.reason()), failure.reason());
        }
    }

    @Override
    public void ended() {
        state = State.CLOSING;
        release(place);
        host.ended(this, closeReason);
    }

    private static void release(UnauthenticatedQuota.Permit place) {
        if (place != null) {
            place.release(); // idempotent
        }
    }

    private void rejectMessage(String why) {
        end(SessionFailure.badMessage(label(), why));
    }
}
