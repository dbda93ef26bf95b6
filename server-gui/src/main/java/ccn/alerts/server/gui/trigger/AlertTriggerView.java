package ccn.alerts.server.gui.trigger;

import ccn.alerts.alert.Audience;
import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Priority;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import ccn.alerts.server.gui.ExpiryChoice;
import javafx.collections.FXCollections;
import javafx.collections.ObservableSet;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.CustomMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.Locale;

/**
 * Manual alert form (priority, audience, expiry, drill, message, Send), "Weather alert now", automatic generation on/off
 * with its interval, and the weather source. Send works only while the server runs. FX thread only.
 */
public final class AlertTriggerView extends VBox {
    private static final String EVERYONE = "Everyone";
    private static final String GROUPS = "Groups";
    private static final String USERS = "Users";

    private final AlertTriggerModel model;
    private final ToggleGroup priorities = new ToggleGroup();
    private final TextArea message = new TextArea();
    private final Label feedback = new Label();
    private final ChoiceBox<String> audienceKind = new ChoiceBox<>();
    private final MenuButton audiencePick = new MenuButton();
    private final ObservableSet<String> picked = FXCollections.observableSet(new TreeSet<>());
    private final ChoiceBox<ExpiryChoice> expiry = new ChoiceBox<>();
    private final CheckBox drill = new CheckBox("Drill (exercise)");
    private final VBox settings;

    public AlertTriggerView(AlertTriggerModel model) {
        this.model = model;
        getStyleClass().addAll("pane", "side-pane");
        setSpacing(8);

        Label title = new Label("Send an alert");
        title.getStyleClass().add("section-title");

        HBox priorityRow = new HBox(6);
        for (Priority p : new Priority[]{Priority.LOW, Priority.MEDIUM, Priority.HIGH}) {
            ToggleButton b = new ToggleButton(p.name());
            b.setId("priority" + p.name());
            b.setUserData(p);
            b.setToggleGroup(priorities);
            b.getStyleClass().addAll("priority-toggle", p.name().toLowerCase(Locale.ROOT));
            priorityRow.getChildren().add(b);
        }
        priorities.selectToggle(priorities.getToggles().get(2));
        // A radio-like group: one priority is always chosen.
        priorities.selectedToggleProperty().addListener((o, old, now) -> {
            if (now == null && old != null) {
                priorities.selectToggle(old);
            }
        });

        message.setId("messageArea");
        message.setPromptText("Message, e.g. \"Fire drill at 3 pm\"");
        message.setWrapText(true);
        message.setPrefRowCount(3);
        StringBinding problem = Bindings.createStringBinding(this::formProblem, message.textProperty(),
                audienceKind.valueProperty(), picked);
        Label counter = new Label();
        counter.getStyleClass().add("hint");
        counter.textProperty().bind(Bindings.createStringBinding(
                () -> message.getText().length() + " / " + Message.MAX_ALERT_TEXT, message.textProperty()));
        Label validation = new Label();
        validation.setId("messageValidation");
        validation.getStyleClass().add("validation");
        // Said once someone types, not at an empty form nor after a send emptied it.
        javafx.beans.property.BooleanProperty edited = new javafx.beans.property.SimpleBooleanProperty(false);
        message.textProperty().addListener((o, was, now) -> edited.set(now != null && !now.isEmpty()));
        validation.textProperty().bind(Bindings.when(edited).then(problem).otherwise(""));

        ReadOnlyBooleanProperty running = model.runningProperty();
        Button send = new Button("Send");
        send.setId("sendButton");
        send.getStyleClass().add("accent");
        send.disableProperty().bind(running.not().or(problem.isNotEmpty()));
        send.setOnAction(e -> send());
        // The button says what goes out: a drill must not be mistaken for a real alert, nor the reverse.
        send.textProperty().bind(Bindings.when(drill.selectedProperty()).then("Send drill").otherwise("Send"));
        Button weatherNow = new Button("Weather alert now");
        weatherNow.setId("weatherNowButton");
        weatherNow.disableProperty().bind(running.not());
        weatherNow.setOnAction(e -> model.sendWeatherAlertNow());
        // The counter shares the buttons' row: on a 1280×800 demo the form sits under the tabs, and
        // every line it saves is a line of the alerts table and roster.
        javafx.scene.layout.Region gap = new javafx.scene.layout.Region();
        HBox.setHgrow(gap, javafx.scene.layout.Priority.ALWAYS);
        HBox buttons = new HBox(8, send, weatherNow, gap, counter);
        buttons.setAlignment(Pos.CENTER_LEFT);
        feedback.setId("sendFeedback");
        feedback.getStyleClass().add("hint");
        feedback.setWrapText(true);
        feedback.textProperty().bind(model.feedbackProperty());
        Label notRunning = new Label("Start the server to send alerts.");
        notRunning.getStyleClass().add("hint");
        notRunning.visibleProperty().bind(running.not());
        notRunning.managedProperty().bind(notRunning.visibleProperty());

        validation.setWrapText(true);
        validation.visibleProperty().bind(validation.textProperty().isNotEmpty());
        validation.managedProperty().bind(validation.visibleProperty());
        getChildren().addAll(title, priorityRow, optionsGrid(), message, validation,
                buttons, notRunning, feedback);
        settings = new VBox(12, autoSection(), weatherSection());
        settings.getStyleClass().addAll("pane", "side-pane");
    }

    /**
     * Automatic alerts and the weather source, as a pane of their own: the console puts it under
     * the send form, or beside it when its side panels go below the tabs on a narrow window.
     */
    public VBox settings() {
        return settings;
    }

    /**
     * Two rows that keep their height whatever is chosen (a form that grows when "Groups" is picked
     * moves the Send button under the mouse): To, with the pick menu beside the kind, shrinking
     * to fit; Expires, with Drill beside it.
     */
    private GridPane optionsGrid() {
        Label to = new Label("To");
        to.getStyleClass().add("field-label");
        Label expires = new Label("Expires");
        expires.getStyleClass().add("field-label");
        to.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        expires.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        grid.addRow(0, to, audienceRow());
        grid.addRow(1, expires, optionsRow());
        return grid;
    }

    /** To: Everyone, or some groups or users picked from a menu of checkboxes (read when it opens). */
    private HBox audienceRow() {
        audienceKind.setId("audienceKind");
        audienceKind.getItems().addAll(EVERYONE, GROUPS, USERS);
        audienceKind.setValue(EVERYONE);
        audiencePick.setId("audiencePick");
        audiencePick.visibleProperty().bind(audienceKind.valueProperty().isNotEqualTo(EVERYONE));
        audiencePick.managedProperty().bind(audiencePick.visibleProperty());
        audienceKind.valueProperty().addListener((o, was, now) -> picked.clear());
        audiencePick.textProperty().bind(Bindings.createStringBinding(() -> picked.isEmpty()
                ? "Choose…"
                : String.join(", ", picked), picked, audienceKind.valueProperty()));
        // Groups and users change in the Users tab: the menu is made afresh each time it opens.
        audiencePick.setOnShowing(e -> fillPicks());
        fillPicks();
        audiencePick.setMinWidth(60); // the chosen names are cut with "…" rather than widen the form
        audiencePick.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(audiencePick, javafx.scene.layout.Priority.ALWAYS);
        HBox row = new HBox(8, audienceKind, audiencePick);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private void fillPicks() {
        List<String> names = GROUPS.equals(audienceKind.getValue()) ? model.groups()
                : USERS.equals(audienceKind.getValue()) ? model.usernames() : List.of();
        picked.retainAll(names);
        List<MenuItem> items = new ArrayList<>();
        for (String name : names) {
            CheckBox box = new CheckBox(name);
            box.setId("pick-" + name);
            box.setSelected(picked.contains(name));
            box.selectedProperty().addListener((o, was, on) -> {
                if (on) {
                    picked.add(name);
                } else {
                    picked.remove(name);
                }
            });
            CustomMenuItem item = new CustomMenuItem(box);
            item.setHideOnClick(false); // several can be picked in one go
            items.add(item);
        }
        if (items.isEmpty()) {
            MenuItem empty = new MenuItem(GROUPS.equals(audienceKind.getValue())
                    ? "No groups yet: give users groups in the Users tab" : "No users");
            empty.setDisable(true);
            items.add(empty);
        }
        audiencePick.getItems().setAll(items);
    }

    /** Expires (a few choices) and Drill. */
    private HBox optionsRow() {
        expiry.setId("expiryChoice");
        expiry.getItems().addAll(ExpiryChoice.values());
        expiry.setValue(ExpiryChoice.NONE);
        drill.setId("drillCheck");
        drill.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        expiry.setMinWidth(60);
        HBox row = new HBox(8, expiry, drill);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private Audience audience() {
        return switch (audienceKind.getValue()) {
            case GROUPS -> Audience.groups(picked);
            case USERS -> Audience.users(picked);
            default -> Audience.everyone();
        };
    }

    private String formProblem() {
        if (!EVERYONE.equals(audienceKind.getValue()) && picked.isEmpty()) {
            return GROUPS.equals(audienceKind.getValue()) ? "Choose at least one group" : "Choose at least one user";
        }
        return messageProblem();
    }

    private String messageProblem() {
        String text = message.getText() == null ? "" : message.getText().strip();
        if (text.isEmpty()) {
            return "Type a message to send";
        }
        if (text.length() > Message.MAX_ALERT_TEXT) {
            return "At most " + Message.MAX_ALERT_TEXT + " characters (" + text.length() + " now)";
        }
        return "";
    }

    private void send() {
        Priority p = (Priority) priorities.getSelectedToggle().getUserData();
        String text = message.getText().strip();
        model.sendAlert(p, text, audience(), expiry.getValue(), drill.isSelected()).thenAccept(a -> message.clear());
    }

    private VBox autoSection() {
        Label title = new Label("Automatic weather alerts");
        title.getStyleClass().add("section-title");
        CheckBox enabled = new CheckBox("On, every");
        enabled.setId("autoAlertsCheck");
        enabled.setSelected(model.autoAlerts());
        Spinner<Integer> seconds = new Spinner<>(1, 3_600, (int) model.alertInterval().toSeconds());
        seconds.setId("intervalSpinner");
        seconds.setEditable(true);
        seconds.setPrefWidth(80);
        enabled.selectedProperty().addListener((o, a, on) -> model.setAutoAlerts(on));
        seconds.valueProperty().addListener((o, a, v) -> {
            if (v != null) {
                model.setAlertInterval(Duration.ofSeconds(v));
            }
        });
        // Flows onto a second line in a narrow pane rather than cutting "seconds".
        FlowPane row = new FlowPane(8, 6, enabled, seconds, new Label("seconds"));
        row.setAlignment(Pos.CENTER_LEFT);
        return new VBox(6, title, row);
    }

    private VBox weatherSection() {
        Label title = new Label("Weather source");
        title.getStyleClass().add("section-title");
        ChoiceBox<String> kind = new ChoiceBox<>();
        kind.setId("weatherKind");
        kind.getItems().addAll("Simulated", "Fixed values", "Open-Meteo (internet)");
        TextField a = new TextField();
        a.setId("weatherFirstValue");
        TextField b = new TextField();
        b.setId("weatherSecondValue");
        a.setPrefColumnCount(5);
        b.setPrefColumnCount(5);
        Label aLabel = new Label();
        Label bLabel = new Label();
        FlowPane values = new FlowPane(6, 6, aLabel, a, bLabel, b);
        values.setAlignment(Pos.CENTER_LEFT);
        kind.getSelectionModel().selectedIndexProperty().addListener((o, old, i) -> {
            values.setVisible(i.intValue() > 0);
            values.setManaged(i.intValue() > 0);
            if (i.intValue() == 1) {
                aLabel.setText("°C");
                bLabel.setText("humidity %");
                a.setText("35");
                b.setText("90");
            } else if (i.intValue() == 2) {
                aLabel.setText("lat");
                bLabel.setText("lon");
                a.setText("24.86");
                b.setText("67.01");
            }
        });
        kind.getSelectionModel().select(0);
        Label current = new Label();
        current.setId("weatherSourceLabel");
        current.getStyleClass().add("hint");
        current.textProperty().bind(model.weatherSourceProperty().map(d -> "Now: " + d));
        Button apply = new Button("Apply");
        apply.setId("applyWeather");
        apply.setOnAction(e -> {
            String spec = switch (kind.getSelectionModel().getSelectedIndex()) {
                case 1 -> "fixed:" + a.getText().trim() + "," + b.getText().trim();
                case 2 -> "open-meteo:" + a.getText().trim() + "," + b.getText().trim();
                default -> "simulated";
            };
            model.setWeatherSource(spec);
        });
        FlowPane row = new FlowPane(8, 6, kind, apply);
        row.setAlignment(Pos.CENTER_LEFT);
        return new VBox(6, title, row, values, current);
    }
}
