package ccn.alerts.cli;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Parses {@code --name value} and {@code --flag} arguments, the only form our commands use.
 * Unknown options and missing values are errors with a plain message. Not thread-safe (used once
 * at start-up).
 */
public final class CommandLine {
    private final Map<String, String> values = new HashMap<>();

    private CommandLine() {
    }

    /**
     * @param withValue options that take a value, without the dashes
     * @param flags     options that take none
     */
    public static CommandLine parse(String[] args, Set<String> withValue, Set<String> flags) {
        CommandLine cl = new CommandLine();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument \"" + arg + "\" (options start with --)");
            }
            String name = arg.substring(2);
            String inline = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                inline = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flags.contains(name) && inline == null) {
                cl.values.put(name, "true");
            } else if (withValue.contains(name)) {
                String value = inline;
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--" + name + " needs a value");
                    }
                    value = args[++i];
                }
                cl.values.put(name, value);
            } else {
                throw new IllegalArgumentException("unknown option --" + name + " (see --help)");
            }
        }
        return cl;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public int getInt(String name, int fallback, int min, int max) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) {
                throw new IllegalArgumentException("--" + name + " must be between " + min + " and " + max + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, got \"" + v + "\"");
        }
    }
}
