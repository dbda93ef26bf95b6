package ccn.alerts.server.gui.trigger;

import ccn.alerts.alert.Audience;
import ccn.alerts.alert.WeatherSource;
import ccn.alerts.alert.WeatherSources;
import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Priority;
import ccn.alerts.server.AlertRequest;
import ccn.alerts.server.AlertServer;
import ccn.alerts.server.Roster;
import ccn.alerts.server.ServerState;
import ccn.alerts.server.gui.CommandRunner;
import ccn.alerts.server.gui.ExpiryChoice;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableValue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The alert form's model: send a manual or a weather alert now, switch automatic alerts and their
 * interval, choose the weather source. Every engine call runs through the {@link CommandRunner}
 * (they log, some read the weather over the network); settings go in click order.
 *
 * <p>Thread-safety: FX thread only.
 */
public final class AlertTriggerModel {
    /** Who a manual alert from the console says it is from. */
    public static final String SENDER = "console";
    private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.systemDefault());

    private final AlertServer server;
    private final CommandRunner commands;
    private final ReadOnlyStringWrapper feedback = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper weatherSource = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();

    /** {@code state} is the console's mirror of the server's state (sending needs a running server). */
    public AlertTriggerModel(AlertServer server, CommandRunner commands, ObservableValue<ServerState> state) {
        this.server = Objects.requireNonNull(server, "server");
        this.commands = Objects.requireNonNull(commands, "commands");
        running.bind(Bindings.createBooleanBinding(() -> state.getValue() == ServerState.RUNNING, state));
        weatherSource.set(server.weatherSource().describe());
    }

    /** Sends an operator's alert to everyone, without expiry, not a drill (the form's defaults). */
    public CompletableFuture<Message.Alert> sendAlert(Priority priority, String text) {
        return sendAlert(priority, text, Audience.everyone(), ExpiryChoice.NONE, false);
    }

    /**
     * Sends an operator's alert to {@code audience}, expiring as {@code expiry} says (counted from
     * now), marked as a drill or not. The future completes (on the FX thread) with the alert once
     * it is queued for every session of the audience; it fails, with the reason in the problem
     * line, otherwise (an audience with no members, say).
     */
    public CompletableFuture<Message.Alert> sendAlert(Priority priority, String text, Audience audience,
                                                      ExpiryChoice expiry, boolean drill) {
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(expiry, "expiry");
        Duration length = expiry.lengthFrom(Instant.now(), ZoneId.systemDefault());
        AlertRequest request = AlertRequest.of(priority, text, SENDER).to(audience).expiringIn(length).asDrill(drill);
        return commands.run(() -> {
            Message.Alert a = server.broadcastAlert(request);
            int users = server.roster(a.alertId()).map(Roster::audienceSize).orElse(0);
            return new Sent(a, users);
        }, "Not sent").thenApply(sent -> {
            Message.Alert a = sent.alert();
            feedback.set("Sent " + (a.drill() ? "drill " : "") + "alert " + a.alertId() + " (" + a.priority() + ") to "
                    + audience.label() + ": " + sent.users() + " user(s)"
                    + (a.expiresAt() == null ? "" : ", expires " + HM.format(a.expiresAt())));
            return a;
        });
    }

    /** The groups the audience chooser offers (every group with a member), sorted. */
    public List<String> groups() {
        return server.users().groups();
    }

    /** The users the audience chooser offers, sorted. */
    public List<String> usernames() {
        return server.users().usernames();
    }

    /** Reads the weather source and broadcasts what it says; a silent source is reported, not thrown. */
    public CompletableFuture<Message.Alert> sendWeatherAlertNow() {
        return commands.run(server::broadcastWeatherAlert, "Weather alert failed").thenApply(a -> {
            feedback.set(a == null ? "The weather source did not answer (see log)"
                    : "Sent weather alert " + a.alertId() + " (" + a.priority() + ")");
            return a;
        });
    }

    public CompletableFuture<Void> setAutoAlerts(boolean on) {
        return commands.runInOrder(() -> {
            server.setAutoAlerts(on);
            return null;
        }, "Automatic alerts not changed");
    }

    public CompletableFuture<Void> setAlertInterval(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        return commands.runInOrder(() -> {
            server.setAlertInterval(interval);
            return null;
        }, "Interval not changed");
    }

    /**
     * Switches to the source a spec names ({@code simulated}, {@code fixed:35,90},
     * {@code open-meteo:24.86,67.01}); a spec that does not parse is reported and changes nothing.
     */
    public CompletableFuture<WeatherSource> setWeatherSource(String spec) {
        WeatherSource source;
        try {
            source = WeatherSources.parse(spec);
        } catch (IllegalArgumentException e) {
            commands.reportProblem("Weather source not changed: " + e.getMessage());
            return CompletableFuture.failedFuture(e);
        }
        return commands.runInOrder(() -> {
            server.setWeatherSource(source);
            return source;
        }, "Weather source not changed").thenApply(s -> {
            weatherSource.set(s.describe());
            return s;
        });
    }

    /** Whether the engine generates weather alerts by itself (its value when the form opened). */
    public boolean autoAlerts() {
        return server.autoAlerts();
    }

    public Duration alertInterval() {
        return server.alertInterval();
    }

    /** True while the server runs: only then can alerts be sent. */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** The weather source in use, described for people. */
    public ReadOnlyStringProperty weatherSourceProperty() {
        return weatherSource.getReadOnlyProperty();
    }

    /** What the last send did, e.g. "Sent alert 7 (HIGH) to group lab-a: 12 user(s), expires 15:30". */
    public ReadOnlyStringProperty feedbackProperty() {
        return feedback.getReadOnlyProperty();
    }

    private record Sent(Message.Alert alert, int users) {
    }
}
