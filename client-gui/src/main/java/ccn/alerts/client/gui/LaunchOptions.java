package ccn.alerts.client.gui;

import ccn.alerts.cli.CommandLine;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Command-line flags that pre-fill the login form: {@code --host --port --user --key}, and for
 * the one-click demo {@code --password} with {@code --auto-login}. Absent flags keep the
 * remembered values.
 */
public record LaunchOptions(Optional<String> host, Optional<String> port, Optional<String> user,
                            Optional<String> key, Optional<String> password, boolean autoLogin) {
    public static final LaunchOptions NONE = new LaunchOptions(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), false);

    public static final String USAGE = """
            Usage: ClientApp [--host H] [--port P] [--user U] [--key ccn2-…] [--password PW --auto-login]
              --host, --port, --user, --key  pre-fill the login form (remembered values otherwise)
              --password PW                  pre-fill the password (never remembered)
              --auto-login                   log in at start (needs every field, password included)""";

    /** @throws IllegalArgumentException with a plain message for unknown options or a bad port */
    public static LaunchOptions parse(List<String> args) {
        CommandLine cl = CommandLine.parse(args.toArray(String[]::new),
                Set.of("host", "port", "user", "key", "password"), Set.of("auto-login", "help"));
        if (cl.has("help")) {
            throw new IllegalArgumentException(USAGE);
        }
        if (cl.has("port")) {
            cl.getInt("port", 0, 1, 65_535);
        }
        return new LaunchOptions(value(cl, "host"), value(cl, "port"), value(cl, "user"), value(cl, "key"),
                value(cl, "password"), cl.has("auto-login"));
    }

    /** Never shows the password or the key, should anyone log the options. */
    @Override
    public String toString() {
        return "LaunchOptions[host=" + host.orElse("-") + ", port=" + port.orElse("-") + ", user=" + user.orElse("-")
                + ", key=" + (key.isPresent() ? "(given)" : "-") + ", password=" + (password.isPresent() ? "(given)" : "-")
                + ", autoLogin=" + autoLogin + "]";
    }

    private static Optional<String> value(CommandLine cl, String name) {
        return cl.has(name) ? Optional.of(cl.get(name, "")) : Optional.empty();
    }
}
