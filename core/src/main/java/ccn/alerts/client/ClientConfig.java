package ccn.alerts.client;

import ccn.alerts.crypto.SharedKey;
import ccn.alerts.protocol.FrameDecoder;
import ccn.alerts.protocol.Message;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach and log in to a server. The password is held only as long as the client runs,
 * to log in again after a reconnect; {@link #toString()} never shows it.
 *
 * @param connectTimeout   TCP connect and handshake deadline
 * @param initialBackoff   first reconnect delay; doubled per failed attempt up to {@code maxBackoff}
 */
public record ClientConfig(String host, int port, String username, String password, SharedKey key,
                           Duration connectTimeout, Duration initialBackoff, Duration maxBackoff,
                           int maxFrameLength) {
    public ClientConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(key, "key");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be 1..65535, got " + port);
        }
        if (username.isBlank() || username.length() > Message.MAX_USERNAME) {
            throw new IllegalArgumentException("username must be 1.." + Message.MAX_USERNAME + " characters");
        }
    }

    public static ClientConfig of(String host, int port, String username, String password, SharedKey key) {
        return new ClientConfig(host, port, username, password, key, Duration.ofSeconds(5), Duration.ofSeconds(1),
                Duration.ofSeconds(30), FrameDecoder.DEFAULT_MAX_FRAME_LENGTH);
    }

    public ClientConfig withBackoff(Duration initial, Duration max) {
        return new ClientConfig(host, port, username, password, key, connectTimeout, initial, max, maxFrameLength);
    }

    public ClientConfig withConnectTimeout(Duration timeout) {
        return new ClientConfig(host, port, username, password, key, timeout, initialBackoff, maxBackoff, maxFrameLength);
    }

    /** {@code user@host:port}, as window titles show it. */
    public String label() {
        return username + "@" + host + ":" + port;
    }

    @Override
    public String toString() {
        return "ClientConfig[" + label() + ", key=" + key.fingerprint() + ", password=(hidden)]";
    }
}
