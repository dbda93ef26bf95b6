package ccn.alerts.cli;

import ccn.alerts.client.AlertClient;
import ccn.alerts.client.ClientConfig;
import ccn.alerts.client.ClientListener;
import ccn.alerts.client.ClientState;
import ccn.alerts.client.ClientStatus;
import ccn.alerts.crypto.InvalidKeyStringException;
import ccn.alerts.crypto.SharedKey;
import ccn.alerts.protocol.Message;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * A terminal client for a lab machine without a display, like the seed's {@code client.py}:
 * asks for username and password, prints alerts as they arrive and acknowledges them
 * automatically. Updates, an all clear or a cancel are printed as they come; {@code read ID}
 * confirms that the person read an alert (the console's read roster). A HIGH alert rings the
 * terminal bell. Ctrl+C (or {@code quit}) logs out.
 */
public final class TerminalClient {
    static final String USAGE = """
            Usage: ccn-client [options]
              --host HOST       server address (default 127.0.0.1)
              --port N          server port (default 8888)
              --user NAME       username (asked if absent)
              --password PASS   password (asked if absent; prefer typing it)
              --key KEY         key string shown by the server, ccn2-… (asked if absent)
              --help            this text
            Commands once logged in: read ID (confirm you have read an alert), quit
            """;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private TerminalClient() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        CommandLine cl;
        try {
            cl = CommandLine.parse(args, Set.of("host", "port", "user", "password", "key"), Set.of("help"));
        } catch (IllegalArgumentException e) {
            System.err.println("ccn-client: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (cl.has("help")) {
            out.print(USAGE);
            return;
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String host = cl.get("host", "127.0.0.1");
        int port = cl.getInt("port", 8888, 1, 65_535);
        SharedKey key = readKey(cl.get("key", null), in, out);
        String user = cl.has("user") ? cl.get("user", "") : ask("Username: ", in, out);
        String password = cl.has("password") ? cl.get("password", "") : askPassword(in, out);

        AlertClient client = new AlertClient(ClientConfig.of(host, port, user, password, key));
        CountDownLatch ended = new CountDownLatch(1);
        client.addListener(new ClientListener() {
            @Override
            public void statusChanged(ClientStatus status) {
                String retry = status.retryAt() == null ? "" : " (retry in "
                        + Math.max(1, java.time.Duration.between(java.time.Instant.now(), status.retryAt()).toSeconds()) + " s)";
                out.println("* " + status.state() + ": " + status.reason() + retry);
                if (status.state().isFailure() || status.state() == ClientState.DISCONNECTED) {
                    ended.countDown();
                }
            }

            @Override
            public void alertReceived(Message.Alert a) {
                out.println(describe(a, java.time.Instant.now()));
            }

            @Override
            public void readConfirmed(long alertId) {
                out.println("  Read confirmation for #" + alertId + " saved by the server");
            }

            @Override
            public void reminded(long alertId) {
                out.println("\u0007* Reminder from the teacher: please read #" + alertId + " and type 'read " + alertId + "'");
            }

            @Override
            public void ackConfirmed(long alertId) {
                out.println("  ACK for #" + alertId + " confirmed by the server");
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(client::logout, "ccn-logout"));
        out.println("Connecting to " + host + ":" + port + " (key fingerprint " + key.fingerprint() + ")…");
        client.connect();
        Thread commands = Thread.ofPlatform().daemon().name("ccn-terminal-commands").start(() -> readCommands(client, in, out));
        ended.await();
        commands.interrupt();
        System.exit(client.status().state().isFailure() ? 1 : 0);
    }

    /** One alert as a line (or two): time, priority, id, marks, text; a HIGH one rings the bell. */
    static String describe(Message.Alert a, java.time.Instant now) {
        StringBuilder marks = new StringBuilder();
        if (a.drill()) {
            marks.append("DRILL ");
        }
        switch (a.state()) {
            case ALL_CLEAR -> marks.append("ALL CLEAR ");
            case CANCELLED -> marks.append("CANCELLED ");
            case UNKNOWN -> marks.append("ENDED ");
            case ACTIVE -> {
                if (a.revision() > 1) {
                    marks.append("UPDATED ");
                }
            }
        }
        String bell = a.priority() == ccn.alerts.protocol.Priority.HIGH && a.activeAt(now) ? "\u0007" : "";
        String line = String.format("%s[%s] %-6s #%d %s%s", bell, TIME.format(a.revisedAt()), a.priority(), a.alertId(),
                marks, a.message());
        List<String> notes = new java.util.ArrayList<>();
        if (a.school() != null) {
            notes.add("from " + a.from());
        }
        if (a.redelivery()) {
            notes.add("re-sent");
        }
        if (a.catchUp()) {
            notes.add("while you were away");
        }
        if (a.expires() != null) {
            notes.add((a.expiredAt(now) ? "expired " : "expires ") + TIME.format(a.expiresAt()));
        }
        if (a.activeAt(now)) {
            notes.add("type 'read " + a.alertId() + "' once you have read it");
        }
        return notes.isEmpty() ? line : line + "\n    (" + String.join("; ", notes) + ")";
    }

    private static void readCommands(AlertClient client, BufferedReader in, PrintStream out) {
        try {
            String line;
            while ((line = in.readLine()) != null) {
                String[] w = line.strip().split("\\s+");
                switch (w[0].toLowerCase(java.util.Locale.ROOT)) {
                    case "" -> { }
                    case "read", "r" -> {
                        if (w.length < 2) {
                            out.println("usage: read ID");
                            continue;
                        }
                        try {
                            long id = Long.parseLong(w[1].startsWith("#") ? w[1].substring(1) : w[1]);
                            out.println(client.confirmRead(id) ? "  Confirming #" + id + "…"
                                    : "  This server does not take read confirmations (it predates them)");
                        } catch (IllegalArgumentException e) { // NumberFormatException too
                            out.println("usage: read ID (the number after #)");
                        }
                    }
                    case "quit", "exit", "logout" -> {
                        client.logout();
                        return;
                    }
                    default -> out.println("Commands: read ID, quit");
                }
            }
        } catch (IOException e) {
            // standard input closed: keep receiving until Ctrl+C
        }
    }

    private static SharedKey readKey(String given, BufferedReader in, PrintStream out) throws IOException {
        String text = given;
        while (true) {
            if (text == null) {
                text = ask("Key string (from the server window): ", in, out);
            }
            try {
                return SharedKey.parse(text);
            } catch (InvalidKeyStringException e) {
                out.println("That key is not valid: " + e.getMessage());
                text = null;
            }
        }
    }

    private static String ask(String prompt, BufferedReader in, PrintStream out) throws IOException {
        out.print(prompt);
        out.flush();
        String line = in.readLine();
        if (line == null) {
            throw new IOException("no input for \"" + prompt.trim() + "\"");
        }
        return line.trim();
    }

    private static String askPassword(BufferedReader in, PrintStream out) throws IOException {
        Console console = System.console();
        if (console != null) {
            char[] pw = console.readPassword("Password: ");
            return pw == null ? "" : new String(pw);
        }
        return ask("Password: ", in, out);
    }
}
