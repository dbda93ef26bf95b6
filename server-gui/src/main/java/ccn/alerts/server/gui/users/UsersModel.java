package ccn.alerts.server.gui.users;

import ccn.alerts.auth.UserStore;
import ccn.alerts.server.AlertServer;
import ccn.alerts.server.gui.CommandRunner;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The users tab's model: who may log in, add, remove, and the groups each is in (the send form's
 * audiences). Adding hashes the password (PBKDF2, a
 * fraction of a second) and both rewrite users.json, so they run through the {@link CommandRunner}.
 *
 * <p>Thread-safety: FX thread only.
 */
public final class UsersModel {
    private final AlertServer server;
    private final CommandRunner commands;
    private final ObservableList<String> usernames = FXCollections.observableArrayList();
    // Made once: a read-only view made per call would be collected with its listeners.
    private final ObservableList<String> usernamesView = FXCollections.unmodifiableObservableList(usernames);
    private final ReadOnlyStringWrapper feedback = new ReadOnlyStringWrapper("");

    public UsersModel(AlertServer server, CommandRunner commands) {
        this.server = Objects.requireNonNull(server, "server");
        this.commands = Objects.requireNonNull(commands, "commands");
        reload();
    }

    /** Usernames in ascending order, as the store has them after the last add or remove. */
    public ObservableList<String> usernames() {
        return usernamesView;
    }

    public boolean exists(String username) {
        return server.users().contains(username);
    }

    /**
     * Adds a user. The password array is wiped once stored (or refused); the future completes with
     * the username, or fails with the reason in the problem line.
     */
    public CompletableFuture<String> addUser(String username, char[] password) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        return commands.run(() -> {
            try {
                server.users().add(username, password);
            } finally {
                Arrays.fill(password, '\0');
            }
            return username;
        }, "User not added").thenApply(added -> {
            feedback.set("Added " + added + "; they can log in now");
            reload();
            return added;
        });
    }

    public CompletableFuture<Boolean> removeUser(String username) {
        Objects.requireNonNull(username, "username");
        return commands.run(() -> server.users().remove(username), "User not removed").thenApply(removed -> {
            feedback.set("Removed " + username + " (sessions already open stay until they log out)");
            reload();
            return removed;
        });
    }

    /** The user's groups as the Users tab writes them, "lab-a, lab-b", or empty. */
    public String groupsText(String username) {
        return String.join(", ", server.users().groupsOf(username));
    }

    /**
     * Replaces the user's groups with those {@code text} names ("lab-a, lab-b"; empty: none) and
     * stores them in users.json. A name that is not a valid group name is reported as a sentence
     * in the problem line and changes nothing. Completes with the groups stored.
     */
    public CompletableFuture<List<String>> setGroups(String username, String text) {
        Objects.requireNonNull(username, "username");
        List<String> groups;
        try {
            groups = UserStore.parseGroups(Objects.requireNonNull(text, "text"));
        } catch (IllegalArgumentException e) {
            commands.reportProblem("Groups not changed: " + e.getMessage());
            return CompletableFuture.failedFuture(e);
        }
        return commands.run(() -> {
            if (!server.users().setGroups(username, groups)) {
                throw new IllegalArgumentException("there is no user '" + username + "' any more");
            }
            return List.copyOf(server.users().groupsOf(username));
        }, "Groups not changed").thenApply(stored -> {
            feedback.set(stored.isEmpty() ? username + " is in no group now"
                    : username + " is in " + String.join(", ", stored) + " now");
            reload();
            return stored;
        });
    }

    /** What the last add or remove did, for people. */
    public ReadOnlyStringProperty feedbackProperty() {
        return feedback.getReadOnlyProperty();
    }

    /** True while any console command runs; adding waits for it. */
    public ReadOnlyBooleanProperty busyProperty() {
        return commands.busyProperty();
    }

    private void reload() {
        // In memory: the store reads its file once, when the server opens.
        usernames.setAll(server.users().usernames());
    }
}
