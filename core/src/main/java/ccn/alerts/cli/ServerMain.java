package ccn.alerts.cli;

import ccn.alerts.alert.WeatherSources;
import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Priority;
import ccn.alerts.server.AlertRequest;
import ccn.alerts.server.Roster;
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
import java.util.List;
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
            School (docs/SCHOOL.md): also take alerts from the school's NATS JetStream cluster
              --upstream URL[,URL…]         nats://host:4222 of the school's cluster (any nodes of it)
              --room NAME                   this classroom's name in the school (default: the host name)
              --school-prefix PREFIX        the school's subject prefix (default ccn.school)
              --upstream-user USER          with --upstream-password-file FILE (the password's only line)
              --school-replicas N           copies of the school's streams if this server creates them (default 3)
            Commands while running:
              send [to AUDIENCE] [expires 15m|1h|4h|none] [drill] LOW|MEDIUM|HIGH <text>
                                            AUDIENCE: everyone (default), group:lab-a[,lab-b], user:alice[,bob]
              update ID LOW|MEDIUM|HIGH <text>   correct an alert in place
              allclear ID [text]            end an alert: the danger is over
              cancel ID [text]              end an alert: sent in error
              remind ID                     ring again for those who have not read it
              alerts                        recent alerts with delivered / read counts
              roster ID                     who has it and who read it
              export FILE [ID]              roster CSV of one alert, or of all
              groups                        groups and their members
              group USER [GROUP,GROUP…]     set a user's groups (none: remove from all)
              upstream                      the link to the school (with --upstream)
              weather, clients, stats, pause, resume, help, quit
            """;

    /** The options that take a value; the server console accepts the same ones. */
    public static final Set<String> OPTIONS_WITH_VALUE = Set.of("port", "bind", "interval", "heartbeat", "data-dir", "weather",
            "max-connections", "max-unauthenticated-per-address", "login-timeout", "queue-size", "max-frame-bytes",
            "password-iterations", "loops", "upstream", "room", "school-prefix", "upstream-user",
            "upstream-password-file", "school-replicas");

    private ServerMain() {
    }

    public static void main(String[] args) {
        PrintStream out = System.out;
        ServerConfig config;
        java.util.Optional<ccn.alerts.school.Upstream.Settings> school;
        try {
            CommandLine cl = CommandLine.parse(args, OPTIONS_WITH_VALUE, Set.of("help", "no-auto-alerts"));
            if (cl.has("help")) {
                out.print(USAGE);
                return;
            }
            config = configFrom(cl);
            school = upstreamSettings(cl); // a wrong school option stops us before anything starts
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
        ccn.alerts.school.Upstream upstream;
        try {
            upstream = school.isPresent() ? ccn.alerts.school.Upstream.start(server, school.get()) : null;
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("ccn-server: cannot link to the school: " + e.getMessage());
            server.close();
            System.exit(1);
            return;
        }
        UPSTREAM = upstream;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (upstream != null) {
                upstream.close(); // stops taking school alerts before the server stops serving
            }
            server.close();
        }, "ccn-shutdown"));
        printBanner(out, server);
        if (upstream != null) {
            out.println("School: room " + upstream.settings().room() + " at " + String.join(", ", upstream.settings().servers()));
        }
        readCommands(server, out);
    }

    /** The link to the school of this process, for the {@code upstream} command (null: none). */
    private static volatile ccn.alerts.school.Upstream UPSTREAM;

    /**
     * The school link the options ask for ({@code --upstream} and its companions), or empty; the
     * console takes the same options.
     *
     * @throws IllegalArgumentException with a sentence when an option is wrong
     */
    public static java.util.Optional<ccn.alerts.school.Upstream.Settings> upstreamSettings(CommandLine cl) {
        if (!cl.has("upstream")) {
            for (String o : List.of("room", "school-prefix", "upstream-user", "upstream-password-file", "school-replicas")) {
                if (cl.has(o)) {
                    throw new IllegalArgumentException("--" + o + " needs --upstream nats://HOST:PORT");
                }
            }
            return java.util.Optional.empty();
        }
        List<String> servers = java.util.Arrays.stream(cl.get("upstream", "").split(",")).map(String::strip)
                .filter(u -> !u.isEmpty()).toList();
        for (String u : servers) {
            if (!u.matches("(nats|tls)://[^\\s/]+(:\\d+)?")) {
                throw new IllegalArgumentException("--upstream " + u + " is not a NATS URL like nats://school:4222");
            }
        }
        char[] password = null;
        if (cl.has("upstream-password-file")) {
            try {
                password = java.nio.file.Files.readString(Path.of(cl.get("upstream-password-file", ""))).strip().toCharArray();
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read --upstream-password-file: " + e.getMessage());
            }
        }
        String room = cl.has("room") ? cl.get("room", "") : defaultRoom();
        return java.util.Optional.of(new ccn.alerts.school.Upstream.Settings(servers, cl.has("upstream-user")
                ? cl.get("upstream-user", "") : null, password,
                new ccn.alerts.school.SchoolSubjects(cl.get("school-prefix", ccn.alerts.school.SchoolSubjects.DEFAULT_PREFIX)),
                room, cl.getInt("school-replicas", 3, 1, 5)));
    }

    /** The host name as a room name ("lab-pc-07"), or "classroom". */
    static String defaultRoom() {
        try {
            String host = java.net.InetAddress.getLocalHost().getHostName().replaceAll("\\..*", "")
                    .replaceAll("[^A-Za-z0-9_-]", "-");
            return host.isEmpty() ? "classroom" : host.substring(0, Math.min(32, host.length()));
        } catch (IOException e) {
            return "classroom";
        }
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

    /**
     * {@code [to AUDIENCE] [expires 15m|1h|4h|none] [drill] PRIORITY text…}: the words before the
     * priority are options, in any order.
     */
    static AlertRequest parseSend(String args) {
        String rest = args;
        ccn.alerts.alert.Audience audience = ccn.alerts.alert.Audience.everyone();
        Duration expires = null;
        boolean drill = false;
        while (true) {
            String[] w = rest.split("\\s+", 2);
            String word = w[0].toLowerCase(Locale.ROOT);
            if (word.equals("to") && w.length == 2) {
                String[] v = w[1].split("\\s+", 2);
                audience = ccn.alerts.alert.Audience.parse(v[0]);
                rest = v.length == 2 ? v[1] : "";
            } else if (word.equals("expires") && w.length == 2) {
                String[] v = w[1].split("\\s+", 2);
                expires = parseExpiry(v[0]);
                rest = v.length == 2 ? v[1] : "";
            } else if (word.equals("drill")) {
                drill = true;
                rest = w.length == 2 ? w[1] : "";
            } else {
                break;
            }
        }
        String[] pt = rest.split("\\s+", 2);
        if (pt.length < 2 || pt[1].isBlank()) {
            throw new IllegalArgumentException("usage: send [to AUDIENCE] [expires 15m|1h|4h|none] [drill] LOW|MEDIUM|HIGH <text>");
        }
        return new AlertRequest(priority(pt[0]), pt[1], "console", audience, expires, drill);
    }

    /** {@code 15m}, {@code 1h}, {@code 90s}, {@code none}. */
    static Duration parseExpiry(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        if (t.equals("none") || t.equals("never")) {
            return null;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,6})([smhd])").matcher(t);
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException("an expiry is a number and s, m, h or d (15m, 1h, 4h) or none, not '"
                    + ccn.alerts.log.LogSanitizer.clean(text, 20) + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    static Priority priority(String word) {
        try {
            return Priority.valueOf(word.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("priority is LOW, MEDIUM or HIGH");
        }
    }

    private static long alertId(String word) {
        try {
            return Long.parseLong(word.startsWith("#") ? word.substring(1) : word);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("an alert id is a number, as 'alerts' lists them");
        }
    }

    /** active, updated, all clear, cancelled or expired. */
    static String stateOf(Message.Alert a, java.time.Instant now) {
        return switch (a.state()) {
            case ALL_CLEAR -> "all clear";
            case CANCELLED -> "cancelled";
            case UNKNOWN -> "ended";
            case ACTIVE -> a.expiredAt(now) ? "expired" : a.revision() > 1 ? "updated" : "active";
        };
    }

    private static void lifecycleCommand(AlertServer server, String[] parts, PrintStream out) {
        String command = parts[0].toLowerCase(Locale.ROOT);
        try {
            if (parts.length < 2) {
                throw new IllegalArgumentException("usage: " + command + " ID" + switch (command) {
                    case "update" -> " LOW|MEDIUM|HIGH <text>";
                    case "allclear", "cancel" -> " [text]";
                    default -> "";
                });
            }
            long id = alertId(parts[1]);
            switch (command) {
                case "update" -> {
                    String[] pt = parts.length == 3 ? parts[2].split("\\s+", 2) : new String[0];
                    if (pt.length < 2) {
                        throw new IllegalArgumentException("usage: update ID LOW|MEDIUM|HIGH <text>");
                    }
                    Message.Alert current = server.roster(id).map(Roster::alert)
                            .orElseThrow(() -> new IllegalArgumentException("alert " + id + " is not kept"));
                    Message.Alert next = server.updateAlert(id, priority(pt[0]), pt[1], current.expiresAt());
                    out.println("Updated alert " + id + " (revision " + next.revision() + ")");
                }
                case "allclear", "cancel" -> {
                    Message.AlertState how = command.equals("cancel") ? Message.AlertState.CANCELLED : Message.AlertState.ALL_CLEAR;
                    Message.Alert next = server.endAlert(id, how, parts.length == 3 ? parts[2] : null);
                    out.println((how == Message.AlertState.CANCELLED ? "Cancelled" : "All clear for") + " alert " + id
                            + " (revision " + next.revision() + ")");
                }
                case "remind" -> {
                    AlertServer.Reminder r = server.remind(id);
                    out.println("Reminded " + r.reminded() + " user(s)"
                            + (r.offline() > 0 ? "; " + r.offline() + " not logged in get it when they log in" : ""));
                }
                default -> { // roster
                    Roster roster = server.roster(id).orElseThrow(() -> new IllegalArgumentException("alert " + id + " is not kept"));
                    out.println("Alert " + id + ": " + roster.counts());
                    for (Roster.Row row : roster.rows()) {
                        out.printf("  %-16s %-10s delivered %-24s read %s%s%n", row.username(),
                                String.join(",", row.sessions().stream().map(ccn.alerts.server.AckTracker.Delivery::sessionId).toList()),
                                row.deliveredAt() == null ? "-" : row.deliveredAt(), row.readAt() == null ? "-" : row.readAt(),
                                row.targeted() ? "" : "  (not in the audience)");
                    }
                }
            }
        } catch (IllegalArgumentException | IOException e) {
            out.println("Not done: " + e.getMessage());
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
                try {
                    AlertRequest request = parseSend(line.substring(parts[0].length()).strip());
                    out.println("Sent alert " + server.broadcastAlert(request).alertId());
                } catch (IllegalArgumentException e) {
                    out.println("Not sent: " + e.getMessage());
                } catch (IOException e) {
                    out.println("Not sent: " + e.getMessage());
                }
            }
            case "update", "allclear", "cancel", "remind", "roster" -> lifecycleCommand(server, parts, out);
            case "alerts" -> {
                var summaries = server.alertSummaries();
                out.println(summaries.size() + " recent alert(s)");
                java.time.Instant now = java.time.Instant.now();
                for (var s : summaries) {
                    Message.Alert a = s.alert();
                    out.printf("  #%-5d %-6s %-9s %s%s, %s: %s%n", a.alertId(), a.priority(), stateOf(a, now),
                            a.drill() ? "DRILL, " : "", s.audience().label(), s.counts(), a.message());
                }
            }
            case "export" -> {
                if (parts.length < 2) {
                    out.println("usage: export FILE [ID]");
                    return true;
                }
                try {
                    List<Roster> rosters;
                    if (parts.length == 3) {
                        long id = alertId(parts[2]);
                        rosters = List.of(server.roster(id).orElseThrow(() -> new IllegalArgumentException("alert " + id + " is not kept")));
                    } else {
                        rosters = server.rosters();
                    }
                    Path file = Path.of(parts[1]);
                    ccn.alerts.io.AtomicFile.write(file, Roster.csv(rosters).getBytes(StandardCharsets.UTF_8));
                    out.println("Wrote " + rosters.size() + " roster(s) to " + file.toAbsolutePath());
                } catch (IllegalArgumentException | IOException e) {
                    out.println("Not exported: " + e.getMessage());
                }
            }
            case "groups" -> {
                var users = server.users();
                List<String> groups = users.groups();
                out.println(groups.isEmpty() ? "No groups yet; 'group USER lab-a' adds one" : groups.size() + " group(s)");
                for (String g : groups) {
                    out.println("  " + g + ": " + String.join(", ", users.members(g)));
                }
            }
            case "group" -> {
                if (parts.length < 2) {
                    out.println("usage: group USER [GROUP,GROUP…]");
                    return true;
                }
                try {
                    List<String> groups = parts.length == 3 ? ccn.alerts.auth.UserStore.parseGroups(parts[2]) : List.of();
                    if (server.users().setGroups(parts[1], groups)) {
                        out.println("Groups of " + parts[1] + ": " + (groups.isEmpty() ? "none" : String.join(", ", groups)));
                    } else {
                        out.println("No user " + ccn.alerts.log.LogSanitizer.clean(parts[1], 64));
                    }
                } catch (IllegalArgumentException | IOException e) {
                    out.println("Not changed: " + e.getMessage());
                }
            }
            case "upstream" -> {
                var up = UPSTREAM;
                out.println(up == null ? "No school link (start with --upstream nats://HOST:PORT)" : up.status().sentence());
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
