package ccn.alerts.server.gui.users;

import ccn.alerts.server.AlertServer;
import ccn.alerts.server.gui.CommandRunner;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The users tab's model: who may log in, add, remove. Adding hashes the password (PBKDF2, a
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
