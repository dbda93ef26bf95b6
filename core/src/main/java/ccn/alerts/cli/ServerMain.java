package ccn.alerts.cli;

import ccn.alerts.alert.WeatherSources;
import ccn.alerts.protocol.Priority;
import ccn.alerts.server.AlertServer;
import ccn.alerts.server.ClientInfo;
import ccn.alerts.server.ServerConfig;
import ccn.alerts.server.ServerStats;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * The headless server for a lab machine without a display: starts an {@link AlertServer} with
 * command-line settings, prints the key to share, and reads simple commands from the terminal.
 * Ctrl+C (SIGINT) or SIGTERM shuts it down gracefully.
 */
public final class ServerMain {
    static final String USAGE = """
            Usage: ccn-server [options]
              --port N            TCP port (default 8888; 0 picks any free port)
              --bind ADDRESS      address to listen on (default 127.0.0.1; 0.0.0.0 for the whole lab)
              --interval SECONDS  automatic weather alert period (default 30)
              --no-auto-alerts    start with automatic alerts paused
              --heartbeat SECONDS client heartbeat interval (default 10)
              --data-dir PATH     key, users, alert ids and server_log.txt (default ~/.ccn-alerts/server)
              --weather SPEC      simulated | fixed:TEMP,HUM | open-meteo:LAT,LON (default simulated)
              --help              this text
            Limits (a peer that exceeds one gets an ERROR frame and is closed; the server carries on):
              --max-connections N           open connections in all (default 20000)
              --max-unauthenticated-per-address N
                                            connections from one IP address not logged in yet (default 64)
              --login-timeout SECONDS       time from connect to successful login (default 10)
              --queue-size N                alerts and replies waiting for one slow client (default 1024)
              --max-frame-bytes N           largest frame payload accepted (default 65536, at least 2048)
            Advanced:
              --password-iterations N       PBKDF2 cost of new password hashes, incl. the default accounts
                                            seeded on first start (default 600000; tests use 1000)
              --loops N                     selector threads serving the connections, each connection on
                                            one from accept to close (default 1)
            Commands while running: send LOW|MEDIUM|HIGH <text>, weather, clients, stats, pause, resume, quit
            """;

    /** The options that take a value; the server console accepts the same ones. */
    public static final Set<String> OPTIONS_WITH_VALUE = Set.of("port", "bind", "interval", "heartbeat", "data-dir", "weather",
            "max-connections", "max-unauthenticated-per-address", "login-timeout", "queue-size", "max-frame-bytes",
            "password-iterations", "loops");

    private ServerMain() {
    }

    public static void main(String[] args) {
        PrintStream out = System.out;
        ServerConfig config;
        try {
            CommandLine cl = CommandLine.parse(args, OPTIONS_WITH_VALUE, Set.of("help", "no-auto-alerts"));
            if (cl.has("help")) {
                out.print(USAGE);
                return;
            }
            config = configFrom(cl);
        } catch (IllegalArgumentException e) {
            System.err.println("ccn-server: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        AlertServer server;
        try {
            server = new AlertServer(config);
            server.start();
        } catch (IOException | RuntimeException e) {
            System.err.println("ccn-server: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "ccn-shutdown"));
        printBanner(out, server);
        readCommands(server, out);
    }

    /** The server settings the options ask for; {@code --port 0} picks any free port. */
    public static ServerConfig configFrom(CommandLine cl) {
        ServerConfig defaults = ServerConfig.defaults();
        String weather = cl.get("weather", defaults.weather());
        WeatherSources.parse(weather); // reject a bad spec before anything starts
        return defaults
                .withPort(cl.getInt("port", defaults.port(), 0, 65_535))
                .withBindAddress(cl.get("bind", defaults.bindAddress()))
                .withAlertInterval(Duration.ofSeconds(cl.getInt("interval", 30, 1, 86_400)))
                .withHeartbeatInterval(Duration.ofSeconds(cl.getInt("heartbeat", 10, 1, 3_600)))
                .withAutoAlerts(!cl.has("no-auto-alerts"))
                .withDataDir(Path.of(cl.get("data-dir", defaults.dataDir().toString())))
                .withWeather(weather)
                .withMaxConnections(cl.getInt("max-connections", defaults.maxConnections(), 1, 1_000_000))
                .withMaxUnauthenticatedPerAddress(cl.getInt("max-unauthenticated-per-address",
                        defaults.maxUnauthenticatedPerAddress(), 1, 1_000_000))
                .withLoginTimeout(Duration.ofSeconds(cl.getInt("login-timeout",
                        (int) defaults.loginTimeout().toSeconds(), 1, 3_600)))
                .withSessionQueueCapacity(cl.getInt("queue-size", defaults.sessionQueueCapacity(), 1, 1_000_000))
                .withMaxFrameLength(cl.getInt("max-frame-bytes", defaults.maxFrameLength(),
                        ServerConfig.MIN_MAX_FRAME_LENGTH, 1 << 20))
                .withPasswordIterations(cl.getInt("password-iterations", defaults.passwordIterations(), 1, 10_000_000))
                .withLoops(cl.getInt("loops", defaults.loops(), 1, 64));
    }

    private static void printBanner(PrintStream out, AlertServer server) {
        String line = "=".repeat(64);
        out.println(line);
        out.println("CCN Alert Server on " + server.config().bindAddress() + ":" + server.port());
        out.println("Key string (paste into each client): " + server.key().asText());
        out.println("Key fingerprint (compare by eye):         " + server.key().fingerprint());
        out.println("Data directory: " + server.config().dataDir().toAbsolutePath());
        out.println("Type 'help' for commands; Ctrl+C stops the server.");
        out.println(line);
    }

    private static void readCommands(AlertServer server, PrintStream out) {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            String line;
            while ((line = in.readLine()) != null) {
                if (!execute(server, line.trim(), out)) {
                    server.close();
                    System.exit(0);
                }
            }
        } catch (IOException e) {
            out.println("Terminal input closed: " + e.getMessage());
        }
        // Standard input ended (started in the background): serve until a signal stops us.
        try {
            new java.util.concurrent.CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs one terminal command; false means quit. */
    static boolean execute(AlertServer server, String line, PrintStream out) {
        if (line.isEmpty()) {
            return true;
        }
        String[] parts = line.split("\\s+", 3);
        switch (parts[0].toLowerCase(Locale.ROOT)) {
            case "quit", "exit", "stop" -> {
                return false;
            }
            case "send" -> {
                if (parts.length < 3) {
                    out.println("usage: send LOW|MEDIUM|HIGH <text>");
                    return true;
                }
                try {
                    Priority p = Priority.valueOf(parts[1].toUpperCase(Locale.ROOT));
                    out.println("Sent alert " + server.broadcastManualAlert(p, parts[2], "console").alertId());
                } catch (IllegalArgumentException e) {
                    out.println("Not sent: " + (e.getMessage().startsWith("No enum") ? "priority is LOW, MEDIUM or HIGH" : e.getMessage()));
                } catch (IOException e) {
                    out.println("Not sent: " + e.getMessage());
                }
            }
            case "weather" -> {
                var alert = server.broadcastWeatherAlert();
                out.println(alert == null ? "Weather source unavailable (see log)" : "Sent alert " + alert.alertId());
            }
            case "clients" -> {
                var clients = server.clients();
                out.println(clients.size() + " connection(s)");
                for (ClientInfo c : clients) {
                    out.printf("  %-6s %-12s %-22s delivered %d, acknowledged %d%n", c.sessionId(),
                            c.username() == null ? "(login…)" : c.username(), c.address(), c.delivered(), c.acknowledged());
                }
            }
            case "stats" -> {
                ServerStats s = server.stats();
                out.printf("clients %d, alerts %d, deliveries %d, ACK rate %.0f %%, bytes in %d, out %d%n",
                        s.clients(), s.alerts(), s.deliveries(), 100 * s.ackRate(), s.bytesIn(), s.bytesOut());
            }
            case "pause" -> server.setAutoAlerts(false);
            case "resume" -> server.setAutoAlerts(true);
            case "help" -> out.print(USAGE);
            default -> out.println("Unknown command \"" + parts[0] + "\"; type 'help'");
        }
        return true;
    }
}
