package ccn.alerts.client;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.SecureChannel;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One connection attempt of an {@link AlertClient}, from TCP connect to its end: proves the key
 * (CLIENT_HELLO / SERVER_HELLO), logs in, then reads alerts, acknowledges each one and answers
 * heartbeats until the connection is over. What the end means is {@link DisconnectPolicy}'s call;
 * reconnecting is the client's.
 *
 * <p>Thread-safety: not thread-safe; {@link #run} is called once, on the client's connection
 * thread, and everything it reports goes through the client, which calls the listeners.
 */
final class ClientConnection {
    private final AlertClient client;
    private final ClientConfig config;
    private final DisconnectPolicy policy;

    /**
     * @param reconnecting whether this attempt re-establishes a connection that was up before
     */
    private static final Logger LOG = LoggerFactory.getLogger(ClientConnection.class);

    ClientConnection(AlertClient client, boolean reconnecting) {
        this.client = Objects.requireNonNull(client, "client");
        this.config = client.config();
        this.policy = new DisconnectPolicy(config, reconnecting, client::stopRequested);
    }

    /**
     * Connects, logs in and reads until the connection is over. Reports CONNECTING, AUTHENTICATING
     * and CONNECTED on the way (completing {@code outcome} at CONNECTED); the status the end calls
     * for is returned, not reported, so the caller reports it once the connection is closed.
     */
    DisconnectPolicy.Ending run(CompletableFuture<ClientStatus> outcome) {
        String where = config.host() + ":" + config.port();
        client.setStatus(ClientStatus.of(ClientState.CONNECTING, "Connecting to " + where + "…"));
        boolean connected = false;
        Heartbeats heartbeats = null;
        try (Socket socket = new Socket()) {
            try {
                socket.connect(new InetSocketAddress(config.host(), config.port()), (int) config.connectTimeout().toMillis());
            } catch (IOException e) {
                return policy.connectFailed(e);
            }
            socket.setSoTimeout((int) config.connectTimeout().toMillis());
            SecureChannel ch = SecureChannel.client(socket, config.key(), config.maxFrameLength(), client.frameTap());
            client.attach(ch);
            if (client.stopRequested()) {
                return policy.stopped(false);
            }
            ch.send(new Message.ClientHello(AlertClient.AGENT, AlertClient.FEATURES));
            Message first = ch.receive();
            if (!(first instanceof Message.ServerHello hello)) {
                return policy.serverEnded(first, false);
            }
            client.serverFeatures(hello.features());
            client.setStatus(ClientStatus.of(ClientState.AUTHENTICATING, "Logging in as " + config.username() + "…"));
            ch.send(new Message.Login(config.username(), config.password()));
            // Checking a password is slow on purpose, and a whole class may log in at once: wait
            // up to the server's own login deadline, not just the connect timeout.
            socket.setSoTimeout((int) Math.max(config.connectTimeout().toMillis(),
                    Duration.ofSeconds(hello.loginTimeoutSeconds()).toMillis()));
            Message reply = ch.receive();
            if (!(reply instanceof Message.AuthSuccess)) {
                return policy.serverEnded(reply, false);
            }
            connected = true;
            heartbeats = new Heartbeats(Duration.ofSeconds(hello.heartbeatSeconds()));
            ClientStatus up = ClientStatus.of(ClientState.CONNECTED, "Connected as " + config.username() + " to " + where);
            client.setStatus(up);
            outcome.complete(up);
            socket.setSoTimeout((int) heartbeats.silenceLimit().toMillis());
            heartbeats.start(ch);
            client.resendReads(ch); // confirmations made while the connection was down
            while (true) {
                Message m = ch.receive();
                heartbeats.received();
                DisconnectPolicy.Ending end = handle(ch, m, heartbeats);
                if (end != null) {
                    return end;
                }
            }
        } catch (IOException e) {
            return policy.failed(e, connected, heartbeats != null && heartbeats.serverSilent());
        } catch (RuntimeException e) {
            // A bug of ours must not end the connection thread with the status still "connected":
            // it ends this connection like a broken one, and the client reconnects.
            LOG.warn("The client's connection failed unexpectedly", e);
            return policy.failed(new IOException("internal error in the client: " + e, e), connected, false);
        } finally {
            if (heartbeats != null) {
                heartbeats.stop();
            }
            client.detach();
        }
    }

    /** Handles one message after login; returns non-null when the connection is over. */
    private DisconnectPolicy.Ending handle(SecureChannel ch, Message m, Heartbeats heartbeats) throws IOException {
        switch (m) {
            case Message.Alert alert -> {
                if (client.firstTime(alert)) {
                    client.notifyListeners(l -> l.alertReceived(alert));
                }
                // Acknowledge duplicates too: the server re-sent it because it never saw our ACK.
                // The revision only to a server that speaks the life cycle (an old one ignores it anyway).
                ch.send(new Message.Ack(alert.alertId(), client.lifecycle() ? alert.revision() : null));
                client.notifyListeners(l -> l.ackSent(alert.alertId()));
            }
            case Message.ReadOk ok -> client.readConfirmed(ok.alertId());
            case Message.Remind r -> client.notifyListeners(l -> l.reminded(r.alertId()));
            case Message.AckOk ok -> client.notifyListeners(l -> l.ackConfirmed(ok.alertId()));
            case Message.HeartbeatOk ok -> heartbeats.answered(ok.seq()).ifPresent(client::roundTrip);
            case Message.ServerShutdown ignored -> {
                return policy.serverEnded(m, true);
            }
            case Message.ErrorReport ignored -> {
                return policy.serverEnded(m, true);
            }
            default -> {
                return policy.unexpected(m);
            }
        }
        return null;
    }

    static void closeQuietly(SecureChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // Already broken; nothing to add.
        }
    }
}
