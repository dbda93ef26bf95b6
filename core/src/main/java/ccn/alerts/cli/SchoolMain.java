package ccn.alerts.cli;

import ccn.alerts.protocol.Message.AlertState;
import ccn.alerts.school.RoomRoster;
import ccn.alerts.school.School;
import ccn.alerts.school.SchoolAlert;
import ccn.alerts.school.SchoolSubjects;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The school's headless console (docs/SCHOOL.md): sends school alerts to every classroom or to
 * chosen rooms, updates and ends them, and shows each room's and the total roster.
 */
public final class SchoolMain {
    static final String USAGE = """
            Usage: ccn-school --nats URL[,URL…] [options]
              --nats URL[,URL…]        nats://host:4222 of the school's cluster (any nodes of it)
              --school NAME            the school's name, shown by clients as "From NAME" (default School)
              --school-prefix PREFIX   subject prefix shared with the classrooms (default ccn.school)
              --school-replicas N      copies of each stream when creating them (default 3)
              --data-dir PATH          where the school's alert ids are kept (default ~/.ccn-alerts/school)
              --sender NAME            who the alerts are from, shown with the school's name (default office)
              --user USER              with --password-file FILE
            Commands:
              send [to ROOM,ROOM…] [expires 15m|1h|4h|none] [drill] LOW|MEDIUM|HIGH <text>
              update ID LOW|MEDIUM|HIGH <text>     correct a school alert in every room
              allclear ID [text] / cancel ID [text] end it everywhere
              alerts                               school alerts with their totals
              roster ID                            each room's counts for one alert
              help, quit
            """;
    private static final Set<String> OPTIONS = Set.of("nats", "school", "school-prefix", "school-replicas", "data-dir",
            "user", "password-file", "sender");

    private SchoolMain() {
    }

    /** Who this console's alerts are from (--sender). */
    private static String sender = "office";

    public static void main(String[] args) throws InterruptedException {
        PrintStream out = System.out;
        School school;
        try {
            CommandLine cl = CommandLine.parse(args, OPTIONS, Set.of("help"));
            if (cl.has("help") || !cl.has("nats")) {
                out.print(USAGE);
                return;
            }
            sender = cl.get("sender", "office");
            school = School.connect(settings(cl));
        } catch (IllegalArgumentException e) {
            System.err.println("ccn-school: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        } catch (IOException e) {
            System.err.println("ccn-school: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(school::close, "ccn-school-shutdown"));
        out.println("School " + school.settings().name() + " on " + String.join(", ", school.settings().servers())
                + "; " + school.alerts().size() + " school alert(s) in the stream. Type 'help'.");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            String line;
            while ((line = in.readLine()) != null) {
                if (!execute(school, line.strip(), out)) {
                    break;
                }
            }
        } catch (IOException e) {
            out.println("Terminal input closed: " + e.getMessage());
        }
        school.close();
        System.exit(0);
    }

    /** The options this console and the GUI school console share. */
    public static final Set<String> OPTIONS_WITH_VALUE = OPTIONS;

    /**
     * The school the options name.
     *
     * @throws IllegalArgumentException with a sentence when an option is wrong or the password file unreadable
     */
    public static School.Settings settings(CommandLine cl) {
        char[] password = null;
        if (cl.has("password-file")) {
            try {
                password = java.nio.file.Files.readString(Path.of(cl.get("password-file", ""))).strip().toCharArray();
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read --password-file: " + e.getMessage());
            }
        }
        if (!cl.has("nats")) {
            throw new IllegalArgumentException("--nats nats://HOST:PORT names the school's cluster");
        }
        return new School.Settings(
                Arrays.stream(cl.get("nats", "").split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList(),
                cl.has("user") ? cl.get("user", "") : null, password,
                new SchoolSubjects(cl.get("school-prefix", SchoolSubjects.DEFAULT_PREFIX)),
                cl.get("school", "School"), cl.getInt("school-replicas", 3, 1, 5),
                Path.of(cl.get("data-dir", Path.of(System.getProperty("user.home"), ".ccn-alerts", "school").toString())));
    }

    /** One command; false for quit. Errors are printed as sentences. */
    public static boolean execute(School school, String line, PrintStream out) {
        if (line.isEmpty()) {
            return true;
        }
        String[] w = line.split("\\s+", 2);
        String rest = w.length > 1 ? w[1] : "";
        try {
            switch (w[0].toLowerCase(java.util.Locale.ROOT)) {
                case "send" -> {
                    List<String> rooms = List.of();
                    String text = rest;
                    if (text.startsWith("to ")) {
                        String[] t = text.substring(3).strip().split("\\s+", 2);
                        rooms = Arrays.stream(t[0].split(",")).map(String::strip).map(SchoolSubjects::room).toList();
                        text = t.length > 1 ? t[1] : "";
                    }
                    var req = ServerMain.parseSend(text); // the same [expires …] [drill] PRIORITY text as a classroom
                    SchoolAlert a = school.send(req.priority(), req.text(), sender, req.drill(), rooms, req.expiresIn());
                    out.println("Sent school alert " + a.id() + (rooms.isEmpty() ? " to every room" : " to " + rooms));
                }
                case "update" -> {
                    String[] t = rest.split("\\s+", 3);
                    if (t.length < 3) {
                        throw new IllegalArgumentException("usage: update ID LOW|MEDIUM|HIGH <text>");
                    }
                    SchoolAlert a = school.update(Long.parseLong(t[0]), ServerMain.priority(t[1]), t[2]);
                    out.println("School alert " + a.id() + " is at revision " + a.revision());
                }
                case "allclear", "cancel" -> {
                    String[] t = rest.split("\\s+", 2);
                    if (t[0].isEmpty()) {
                        throw new IllegalArgumentException("usage: " + w[0] + " ID [text]");
                    }
                    SchoolAlert a = school.end(Long.parseLong(t[0]),
                            w[0].equalsIgnoreCase("cancel") ? AlertState.CANCELLED : AlertState.ALL_CLEAR, t.length > 1 ? t[1] : null);
                    out.println("School alert " + a.id() + " " + a.state());
                }
                case "alerts" -> {
                    for (SchoolAlert a : school.alerts()) {
                        out.printf("  %d r%d %-9s %-6s %s — %s%n", a.id(), a.revision(), a.state(), a.priority(),
                                a.message(), school.totals(a.id()).sentence());
                    }
                }
                case "roster" -> {
                    long id = Long.parseLong(rest.strip());
                    Map<String, RoomRoster> rooms = school.rosters(id);
                    rooms.values().forEach(r -> out.printf("  %-12s delivered %d / %d · read %d / %d (revision %d)%n",
                            r.room(), r.delivered(), r.audience(), r.read(), r.audience(), r.revision()));
                    out.println("  total: " + school.totals(id).sentence());
                }
                case "help" -> out.print(USAGE);
                case "quit", "exit" -> {
                    return false;
                }
                default -> out.println("Unknown command " + ccn.alerts.log.LogSanitizer.clean(w[0], 32) + "; type 'help'");
            }
        } catch (NumberFormatException e) {
            out.println("Not done: an alert id is a number");
        } catch (IllegalArgumentException | IOException e) {
            out.println("Not done: " + e.getMessage());
        }
        return true;
    }
}
