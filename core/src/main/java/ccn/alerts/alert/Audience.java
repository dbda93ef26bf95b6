package ccn.alerts.alert;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Who an alert is for: everyone, the members of some groups, or some users by name. The server
 * resolves it to usernames when the alert is sent ({@link #resolve}); that list is the audience
 * its counts and roster use from then on, even if groups change later.
 *
 * <p>Immutable and thread-safe; names are kept sorted and without repeats.
 */
public record Audience(Kind kind, List<String> names) {
    public enum Kind {
        EVERYONE, GROUPS, USERS
    }

    private static final Audience EVERYONE = new Audience(Kind.EVERYONE, List.of());

    public Audience {
        Objects.requireNonNull(kind, "kind");
        names = List.copyOf(new TreeSet<>(Objects.requireNonNull(names, "names")));
        if (kind == Kind.EVERYONE && !names.isEmpty()) {
            throw new IllegalArgumentException("everyone takes no names");
        }
        if (kind != Kind.EVERYONE && names.isEmpty()) {
            throw new IllegalArgumentException("name at least one " + (kind == Kind.GROUPS ? "group" : "user"));
        }
    }

    public static Audience everyone() {
        return EVERYONE;
    }

    public static Audience groups(Collection<String> groups) {
        return new Audience(Kind.GROUPS, List.copyOf(groups));
    }

    public static Audience users(Collection<String> users) {
        return new Audience(Kind.USERS, List.copyOf(users));
    }

    public boolean isEveryone() {
        return kind == Kind.EVERYONE;
    }

    /**
     * The usernames this audience names today, sorted.
     *
     * @param allUsers every user account
     * @param members  a group's members (empty for an unknown group)
     */
    public Set<String> resolve(Collection<String> allUsers, Function<String, Collection<String>> members) {
        TreeSet<String> out = new TreeSet<>();
        switch (kind) {
            case EVERYONE -> out.addAll(allUsers);
            case GROUPS -> names.forEach(g -> out.addAll(members.apply(g)));
            case USERS -> names.stream().filter(allUsers::contains).forEach(out::add);
        }
        return out;
    }

    /** "everyone", "lab-a, lab-b" or "alice, bob": what the console and the log call it. */
    public String label() {
        return switch (kind) {
            case EVERYONE -> "everyone";
            case GROUPS -> (names.size() == 1 ? "group " : "groups ") + String.join(", ", names);
            case USERS -> (names.size() == 1 ? "user " : "users ") + String.join(", ", names);
        };
    }

    /**
     * Parses the command line's form: {@code everyone} (or {@code *}), {@code group:lab-a,lab-b},
     * {@code user:alice,bob}.
     *
     * @throws IllegalArgumentException with a sentence for anything else
     */
    public static Audience parse(String text) {
        String t = Objects.requireNonNull(text, "text").strip();
        if (t.equals("everyone") || t.equals("*") || t.isEmpty()) {
            return everyone();
        }
        int colon = t.indexOf(':');
        String kind = colon < 0 ? "" : t.substring(0, colon);
        List<String> names = colon < 0 ? List.of() : java.util.Arrays.stream(t.substring(colon + 1).split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        return switch (kind) {
            case "group", "groups" -> groups(names);
            case "user", "users" -> users(names);
            default -> throw new IllegalArgumentException("an audience is 'everyone', 'group:NAME[,NAME…]' or "
                    + "'user:NAME[,NAME…]', not '" + t + "'");
        };
    }

    /** The form {@link #parse} reads. */
    public String asText() {
        return switch (kind) {
            case EVERYONE -> "everyone";
            case GROUPS -> "group:" + String.join(",", names);
            case USERS -> "user:" + String.join(",", names);
        };
    }
}
