package ccn.alerts.server.gui.school;

import ccn.alerts.protocol.Message.AlertState;
import ccn.alerts.protocol.Priority;
import ccn.alerts.school.RoomRoster;
import ccn.alerts.school.School;
import ccn.alerts.school.SchoolAlert;
import ccn.alerts.school.SchoolSubjects;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputDialog;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The school console's window (docs/SCHOOL.md): a send form (every room or chosen ones), the
 * school alerts with their totals ("delivered 812 / 840 · read 790 / 840 across 28 rooms"), and
 * for the selected one each room's counts, with Update…, All clear and Cancel. Every call to the
 * school runs on a thread of its own; the FX thread only shows what the school's events say.
 */
public final class SchoolConsoleView extends BorderPane {
    /** A school alert as a row: the alert and its totals when last refreshed. */
    public record AlertRow(SchoolAlert alert, School.Totals totals) {
    }

    private final School school;
    private final String sender;
    private final ExecutorService calls = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("ccn-school-console").factory());
    private final ObservableList<AlertRow> alerts = FXCollections.observableArrayList();
    private final ObservableList<RoomRoster> rooms = FXCollections.observableArrayList();
    private final TableView<AlertRow> alertTable = new TableView<>(alerts);
    private final TableView<RoomRoster> roomTable = new TableView<>(rooms);
    private final Label problem = new Label();
    private final Label totals = new Label();
    private volatile boolean refreshQueued;

    public SchoolConsoleView(School school, String sender) {
        this.school = school;
        this.sender = sender;
        getStyleClass().add("school-console");

        Label title = new Label("School console — " + school.settings().name());
        title.getStyleClass().add("app-title");
        title.setId("schoolTitle");
        Label where = new Label("Connected to " + String.join(", ", school.settings().servers())
                + " · subjects " + school.settings().subjects().prefix() + ".*");
        where.getStyleClass().add("connect-hint");
        VBox top = new VBox(4, title, where);
        top.setPadding(new Insets(12, 16, 8, 16));
        setTop(top);

        setRight(sendForm());
        setCenter(tables());
        problem.setId("schoolProblem");
        problem.getStyleClass().add("problem");
        problem.setWrapText(true);
        problem.setPadding(new Insets(4, 16, 8, 16));
        setBottom(problem);

        school.addListener(this::refreshSoon);
        refreshSoon();
    }

    private VBox sendForm() {
        Label heading = new Label("Send a school alert");
        heading.getStyleClass().add("section-title");
        ToggleGroup group = new ToggleGroup();
        HBox priorities = new HBox(6);
        for (Priority p : Priority.values()) {
            ToggleButton b = new ToggleButton(p.name());
            b.setId("priority" + p.name());
            b.setToggleGroup(group);
            b.setUserData(p);
            b.getStyleClass().addAll("priority-toggle", p.name().toLowerCase(java.util.Locale.ROOT));
            priorities.getChildren().add(b);
            if (p == Priority.HIGH) {
                b.setSelected(true);
            }
        }
        TextField roomsField = new TextField();
        roomsField.setId("roomsField");
        roomsField.setPromptText("every room, or e.g. room-101, lab-a");
        CheckBox drill = new CheckBox("Drill (exercise)");
        drill.setId("drillBox");
        TextArea text = new TextArea();
        text.setId("schoolMessage");
        text.setPromptText("Message, e.g. \"Fire drill at 10:00\"");
        text.setWrapText(true);
        text.setPrefRowCount(4);
        Button send = new Button("Send to the school");
        send.setId("schoolSend");
        send.setDefaultButton(true);
        send.disableProperty().bind(text.textProperty().isEmpty());
        send.setOnAction(e -> {
            Priority p = group.getSelectedToggle() == null ? Priority.HIGH : (Priority) group.getSelectedToggle().getUserData();
            String message = text.getText();
            String roomText = roomsField.getText().strip();
            boolean isDrill = drill.isSelected();
            run(() -> {
                List<String> chosen = roomText.isEmpty() ? List.of()
                        : Arrays.stream(roomText.split("[,\\s]+")).filter(r -> !r.isEmpty()).map(SchoolSubjects::room).toList();
                school.send(p, message, sender, isDrill, chosen, null);
                Platform.runLater(() -> {
                    text.clear();
                    drill.setSelected(false);
                });
            });
        });
        VBox form = new VBox(8, heading, priorities, new Label("To"), roomsField, drill, text, send);
        form.setPadding(new Insets(12));
        form.setPrefWidth(360);
        form.getStyleClass().add("card");
        VBox box = new VBox(form);
        box.setPadding(new Insets(8, 16, 8, 8));
        return box;
    }

    private SplitPane tables() {
        TableColumn<AlertRow, Number> id = new TableColumn<>("#");
        id.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().alert().id()));
        id.setPrefWidth(50);
        TableColumn<AlertRow, String> state = new TableColumn<>("State");
        state.setCellValueFactory(c -> new ReadOnlyStringWrapper(describe(c.getValue().alert())));
        state.setPrefWidth(130);
        TableColumn<AlertRow, String> message = new TableColumn<>("Message");
        message.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().alert().priority() + " · "
                + c.getValue().alert().message()));
        message.setPrefWidth(330);
        TableColumn<AlertRow, String> counts = new TableColumn<>("Across the school");
        counts.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().totals().sentence()));
        counts.setPrefWidth(330);
        alertTable.getColumns().setAll(List.of(id, state, message, counts));
        alertTable.setId("schoolAlerts");
        alertTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        alertTable.setPlaceholder(new Label("No school alerts yet. Send one on the right."));
        alertTable.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> showRooms());

        TableColumn<RoomRoster, String> room = new TableColumn<>("Room");
        room.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().room()));
        room.setPrefWidth(160);
        TableColumn<RoomRoster, String> delivered = new TableColumn<>("Delivered");
        delivered.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().delivered() + " / " + c.getValue().audience()));
        delivered.setPrefWidth(130);
        TableColumn<RoomRoster, String> read = new TableColumn<>("Read");
        read.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().read() + " / " + c.getValue().audience()));
        read.setPrefWidth(130);
        TableColumn<RoomRoster, Number> revision = new TableColumn<>("Shows revision");
        revision.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().revision()));
        revision.setPrefWidth(130);
        roomTable.getColumns().setAll(List.of(room, delivered, read, revision));
        roomTable.setId("schoolRooms");
        roomTable.setPlaceholder(new Label("Select a school alert to see each room."));

        Button update = new Button("Update…");
        update.setId("schoolUpdate");
        Button allClear = new Button("All clear");
        allClear.setId("schoolAllClear");
        Button cancel = new Button("Cancel alert");
        cancel.setId("schoolCancel");
        for (Button b : List.of(update, allClear, cancel)) {
            b.disableProperty().bind(alertTable.getSelectionModel().selectedItemProperty().isNull());
        }
        update.setOnAction(e -> selected().ifPresent(a -> {
            TextInputDialog ask = new TextInputDialog(a.message());
            ask.setTitle("Update school alert " + a.id());
            ask.setHeaderText("The new text, shown in place in every room");
            ask.initOwner(getScene().getWindow());
            ask.showAndWait().filter(t -> !t.isBlank()).ifPresent(t -> run(() -> school.update(a.id(), a.priority(), t)));
        }));
        allClear.setOnAction(e -> selected().ifPresent(a -> run(() -> school.end(a.id(), AlertState.ALL_CLEAR, null))));
        cancel.setOnAction(e -> selected().ifPresent(a -> run(() -> school.end(a.id(), AlertState.CANCELLED, null))));
        totals.setId("schoolTotals");
        totals.getStyleClass().add("section-title");
        HBox actions = new HBox(8, totals, spacer(), update, allClear, cancel);
        actions.setAlignment(Pos.CENTER_LEFT);
        actions.setPadding(new Insets(6, 0, 6, 0));
        VBox lower = new VBox(actions, roomTable);
        VBox.setVgrow(roomTable, javafx.scene.layout.Priority.ALWAYS);
        SplitPane split = new SplitPane(alertTable, lower);
        split.setOrientation(javafx.geometry.Orientation.VERTICAL);
        split.setDividerPositions(0.5);
        split.setPadding(new Insets(8, 0, 8, 16));
        return split;
    }

    private static HBox spacer() {
        HBox s = new HBox();
        HBox.setHgrow(s, javafx.scene.layout.Priority.ALWAYS);
        return s;
    }

    private static String describe(SchoolAlert a) {
        String state = switch (a.state()) {
            case ACTIVE -> a.revision() > 1 ? "Updated" : "Active";
            case ALL_CLEAR -> "All clear";
            case CANCELLED -> "Cancelled";
            case UNKNOWN -> "Ended";
        };
        return (a.drill() ? "DRILL · " : "") + state + (a.rooms().isEmpty() ? "" : " · " + String.join(", ", a.rooms()));
    }

    private java.util.Optional<SchoolAlert> selected() {
        AlertRow row = alertTable.getSelectionModel().getSelectedItem();
        return row == null ? java.util.Optional.empty() : java.util.Optional.of(row.alert());
    }

    private interface Call {
        void run() throws Exception;
    }

    /** Off the FX thread; a failure shows as a sentence. */
    private void run(Call call) {
        problem.setText("");
        calls.submit(() -> {
            try {
                call.run();
            } catch (Exception e) {
                Platform.runLater(() -> problem.setText("Not done: " + e.getMessage()));
            }
        });
    }

    /** Coalesces the school's events (many per second during a fan-out) into one refresh. */
    private void refreshSoon() {
        if (!refreshQueued) {
            refreshQueued = true;
            Platform.runLater(this::refresh);
        }
    }

    private void refresh() {
        refreshQueued = false;
        Long selectedId = selected().map(SchoolAlert::id).orElse(null);
        List<AlertRow> rows = school.alerts().stream().map(a -> new AlertRow(a, school.totals(a.id()))).toList();
        alerts.setAll(rows);
        if (selectedId != null) {
            for (int i = 0; i < rows.size(); i++) {
                if (rows.get(i).alert().id() == selectedId) {
                    alertTable.getSelectionModel().select(i);
                }
            }
        }
        showRooms();
    }

    private void showRooms() {
        AlertRow row = alertTable.getSelectionModel().getSelectedItem();
        if (row == null) {
            rooms.clear();
            totals.setText("");
            return;
        }
        Map<String, RoomRoster> byRoom = school.rosters(row.alert().id());
        rooms.setAll(byRoom.values());
        totals.setText("School alert " + row.alert().id() + ": " + school.totals(row.alert().id()).sentence());
    }

    /** Stops the thread that talks to the school (the school itself is closed by its owner). */
    public void shutdown() {
        calls.shutdown();
    }
}
