package ccn.alerts.server;

import ccn.alerts.auth.PasswordHasher;
import ccn.alerts.protocol.FrameAssembler;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything an {@link AlertServer} can be told, with defaults that work with zero
 * configuration. Immutable; change a value with the {@code withX} methods.
 *
 * @param bindAddress         address to listen on; {@code 127.0.0.1} by default, {@code 0.0.0.0} for a lab
 * @param port                TCP port, 0 for any free port
 * @param dataDir             holds {@code shared.key}, {@code server-identity.key}, {@code users.json},
 *                            {@code server_log.txt}, alert ids
 * @param heartbeatInterval   how often clients send HEARTBEAT; silent for three intervals means dead
 * @param loginTimeout        a connection without a successful login by then is closed
 * @param alertInterval       period of automatic weather alerts
 * @param autoAlerts          whether automatic weather alerts run
 * @param weather             weather source spec: {@code simulated}, {@code fixed:T,H}, {@code open-meteo:LAT,LON}
 * @param passwordIterations  PBKDF2 cost for new password hashes (tests and load runs lower it)
 * @param maxFrameLength      largest accepted frame payload in bytes
 * @param maxConnections      connections beyond this are refused with TOO_MANY_CONNECTIONS
 * @param maxUnauthenticatedPerAddress connections from one IP address that have not logged in yet;
 *                            more are refused with TOO_MANY_CONNECTIONS (a login flood or slow-loris
 *                            from one machine cannot crowd out everyone else)
 * @param sessionQueueCapacity outbound messages a session may have waiting before it is dropped as too slow
 * @param retainedAlerts      how many recent alerts are kept for ACK tracking and redelivery
 * @param retention           how long an alert stays eligible for redelivery
 * @param loops               selector threads serving the connections (each connection lives on one,
 *                            from accept to close); 1 by default (see docs/BENCHMARKS.md, round 4)
 */
public record ServerConfig(
        String bindAddress,
        int port,
        Path dataDir,
        Duration heartbeatInterval,
        Duration loginTimeout,
        Duration alertInterval,
        boolean autoAlerts,
        String weather,
        int passwordIterations,
        int maxFrameLength,
        int maxConnections,
        int maxUnauthenticatedPerAddress,
        int sessionQueueCapacity,
        int retainedAlerts,
        Duration retention,
        int loops) {

    public static final int DEFAULT_PORT = 8888;
    /** Generous for a lab behind one NAT address (everyone logging in at once), small against a flood. */
    public static final int DEFAULT_MAX_UNAUTHENTICATED_PER_ADDRESS = 64;
    /** One loop: on this project's 2-core machines a second one did not pay (docs/BENCHMARKS.md). */
    public static final int DEFAULT_LOOPS = 1;
    /** The lowest {@code maxFrameLength}: every client message fits, even a LOGIN of escaped control characters. */
    public static final int MIN_MAX_FRAME_LENGTH = 2_048;
    public static final Path DEFAULT_DATA_DIR = Path.of(System.getProperty("user.home"), ".ccn-alerts", "server");

    public ServerConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(weather, "weather");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        requireWholeSeconds("heartbeatInterval", heartbeatInterval);
        requireWholeSeconds("loginTimeout", loginTimeout);
        requirePositive("alertInterval", alertInterval);
        requirePositive("retention", retention);
        if (passwordIterations < 1 || maxFrameLength < MIN_MAX_FRAME_LENGTH || maxConnections < 1
                || maxUnauthenticatedPerAddress < 1 || sessionQueueCapacity < 1 || retainedAlerts < 1) {
            throw new IllegalArgumentException("limits must be positive (maxFrameLength at least " + MIN_MAX_FRAME_LENGTH + ")");
        }
        if (loops < 1 || loops > 64) {
            throw new IllegalArgumentException("loops must be 1 to 64, got " + loops);
        }
    }

    /**
     * The defaults: 127.0.0.1:8888, data in {@code ~/.ccn-alerts/server} (the same place however
     * the server is launched, so the console and the headless server share key and users), alerts
     * every 30 s.
     */
    public static ServerConfig defaults() {
        return new ServerConfig("127.0.0.1", DEFAULT_PORT, DEFAULT_DATA_DIR, Duration.ofSeconds(10),
                Duration.ofSeconds(10), Duration.ofSeconds(30), true, "simulated",
                PasswordHasher.DEFAULT_ITERATIONS, FrameAssembler.DEFAULT_MAX_FRAME_LENGTH, 20_000, DEFAULT_MAX_UNAUTHENTICATED_PER_ADDRESS, 1_024, 100,
                Duration.ofHours(1), DEFAULT_LOOPS);
    }

    public ServerConfig withBindAddress(String v) {
        return new ServerConfig(v, port, dataDir, heartbeatInterval, loginTimeout, alertInterval, autoAlerts, weather,
                passwordIterations, maxFrameLength, maxConnections, maxUnauthenticatedPerAddress, sessionQueueCapacity, retainedAlerts, retention, loops);
    }

    public ServerConfig withPort(int v) {
        return new ServerConfig(bindAddress, v, dataDir, heartbeatInterval, loginTimeout, alertInterval, autoAlerts, weather,
                passwordIterations, maxFrameLength, maxConnections, maxUnauthenticatedPerAddress, sessionQueueCapacity, retainedAlerts, retention, loops);
    }

    public ServerConfig withDataDir(Path v) {
        return new ServerConfig(bindAddress, port, v, heartbeatInterval, loginTimeout, alertInterval, autoAlerts, weather,
                passwordIterations, maxFrameLength, maxConnections, maxUnauthenticatedPerAddress, sessionQueueCapacity, retainedAlerts, retention, loops);
    }

    public ServerConfig withHeartbeatInterval(Duration v) {
        return new ServerConfig(bindAddress, port, dataDir, v, loginTimeout, alertInterval, autoAlerts, weather,
                passwordIterations, maxFrameLength, maxConnections, maxUnauthenticatedPerAddress, sessionQueueCapacity, retainedAlerts, retention, loops);
    }

    public ServerConfig withLoginTimeout(Duration v) {
        return new ServerConfig(bindAddress, port, dataDir, heartbeatInterval, v, alertInterval, autoAlerts, weather,
                passwordIterations, maxFrameLength, maxConnections, maxUnauthenticatedPerAddress, sessionQueueCapacity, retainedAlerts, retention, loops);
    }

    public ServerConfig withAlertInterval(Duration v) {
        return new ServerConfig(bindAddress, port, dataDir, heartbeatInterval, loginTimeout, v, autoAlerts, weather,
                passwordIterations, maxFrameLength, maxConnections, maxUnauthenticatedPerAddress, sessionQueueCapacity, retainedAlerts, retention, loops);
    }

    public ServerConfig withAutoAlerts(boolean v) {
        return new ServerConfig(bindAddress, port, dataDir, heartbeatInterval, loginTimeout, alertInterval, v, weather,
                passwordIterations, maxFrameLength, maxConnections, maxUnauthenticatedPerAddress, sessionQueueCapacity, retainedAlerts, retention, loops);
    }

    public ServerConfig withWeather(String v) {
        return new ServerConfig(bindAddress, port, dataDir, heartbeatInterval, loginTimeout, alertInterval, autoAlerts, v,
                passwordIterations, maxFrameLength, maxConnections, maxUnauthenticatedPerAddress, sessionQueueCapacity, retainedAlerts, retention, loops);
    }

    public ServerConfig withPasswordIterations(int v) {
        return new ServerConfig(bindAddress, port, dataDir, heartbeatInterval, loginTimeout, alertInterval, autoAlerts, weather,
                v, maxFrameLength, maxConnections, maxUnauthenticatedPerAddress, sessionQueueCapacity, retainedAlerts, retention, loops);
    }

    public ServerConfig withMaxConnections(int v) {
        return new ServerConfig(bindAddress, port, dataDir, heartbeatInterval, loginTimeout, alertInterval, autoAlerts, weather,
                passwordIterations, maxFrameLength, v, maxUnauthenticatedPerAddress, sessionQueueCapacity, retainedAlerts, retention, loops);
    }

    public ServerConfig withSessionQueueCapacity(int v) {
        return new ServerConfig(bindAddress, port, dataDir, heartbeatInterval, loginTimeout, alertInterval, autoAlerts, weather,
                passwordIterations, maxFrameLength, maxConnections, maxUnauthenticatedPerAddress, v, retainedAlerts, retention, loops);
    }

    public ServerConfig withMaxUnauthenticatedPerAddress(int v) {
        return new ServerConfig(bindAddress, port, dataDir, heartbeatInterval, loginTimeout, alertInterval, autoAlerts, weather,
                passwordIterations, maxFrameLength, maxConnections, v, sessionQueueCapacity, retainedAlerts, retention, loops);
    }

    public ServerConfig withMaxFrameLength(int v) {
        return new ServerConfig(bindAddress, port, dataDir, heartbeatInterval, loginTimeout, alertInterval, autoAlerts, weather,
                passwordIterations, v, maxConnections, maxUnauthenticatedPerAddress, sessionQueueCapacity, retainedAlerts, retention, loops);
    }

    public ServerConfig withLoops(int v) {
        return new ServerConfig(bindAddress, port, dataDir, heartbeatInterval, loginTimeout, alertInterval, autoAlerts, weather,
                passwordIterations, maxFrameLength, maxConnections, maxUnauthenticatedPerAddress, sessionQueueCapacity, retainedAlerts,
                retention, v);
    }

    /** WELCOME carries these in whole seconds (1..3600); anything else would break every connection. */
    private static void requireWholeSeconds(String name, Duration d) {
        requirePositive(name, d);
        if (d.toSeconds() < 1 || d.toSeconds() > 3_600) {
            throw new IllegalArgumentException(name + " must be 1 to 3600 seconds, got " + d);
        }
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
        }
    }
}
