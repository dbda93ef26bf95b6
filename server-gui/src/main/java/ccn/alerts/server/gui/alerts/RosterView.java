package ccn.alerts.server.gui.alerts;

import ccn.alerts.protocol.Message;
import ccn.alerts.server.AckTracker;
import ccn.alerts.server.Roster;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

import java.io.File;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The selected alert's roster: a row per user of its audience with the sessions it went to, when
 * it was delivered and when it was read, the users who have not read it highlighted; above it
 * the commands on the alert (Remind the rest, Update…, End…, Export CSV) and a status line saying
 * what the last one did. FX thread only.
 */
final class RosterView extends VBox {
    private static final int UNREAD_NAMED = 8;

    private final AlertsModel model;
    private final ObjectProperty<AlertRow> row = new SimpleObjectProperty<>();
    private final Label title = new Label();
    private final Label unread = new Label();
    private final TableView<Roster.Row> table = new TableView<>();

    RosterView(AlertsModel model) {
        this.model = model;
        getStyleClass().addAll("pane", "detail-pane", "roster-pane");
        setSpacing(6);
        title.setId("rosterTitle");
        title.getStyleClass().add("roster-title");
        title.setWrapText(true);
        unread.setId("unreadLabel");
        unread.getStyleClass().add("unread-names");
        unread.setWrapText(true);
        unread.visibleProperty().bind(unread.textProperty().isNotEmpty());
        unread.managedProperty().bind(unread.visibleProperty());
        // On a 1280×800 demo the tab is under 300 px high: the divider, not the minimum sizes, shares it.
        setMinHeight(0);
        table.setMinHeight(0);

        ObservableValue<AlertRow.State> state = row.flatMap(AlertRow::stateProperty);
        ObservableValue<Boolean> everyoneRead = row.flatMap(AlertRow::everyoneReadProperty);
        BooleanBinding none = row.isNull();
        BooleanBinding ended = Bindings.createBooleanBinding(() -> state.getValue() != null && state.getValue().ended(), state);
        Button remind = button("Remind the rest", "remindButton");
        remind.getStyleClass().add("accent");
        remind.disableProperty().bind(none.or(Bindings.createBooleanBinding(
                () -> state.getValue() == null || state.getValue().over() || Boolean.TRUE.equals(everyoneRead.getValue()),
                state, everyoneRead)));
        remind.setOnAction(e -> model.remind(row.get()));
        Button update = button("Update…", "updateButton");
        update.disableProperty().bind(none.or(ended));
        update.setOnAction(e -> openUpdate());
        Button end = button("End…", "endButton");
        end.getStyleClass().add("danger");
        end.disableProperty().bind(none.or(ended));
        end.setOnAction(e -> openEnd());
        Button export = button("Export CSV", "exportButton");
        export.disableProperty().bind(none);
        export.setOnAction(e -> export(row.get()));
        Button exportAll = button("Export all alerts", "exportAllButton");
        exportAll.disableProperty().bind(Bindings.isEmpty(model.rows()));
        exportAll.setOnAction(e -> export(null));
        FlowPane actions = new FlowPane(8, 6, remind, update, end, export, exportAll);
        actions.setAlignment(Pos.CENTER_LEFT);
        Label status = new Label();
        status.setId("alertStatus");
        status.getStyleClass().add("alert-status");
        status.setWrapText(true);
        status.textProperty().bind(model.statusProperty());
        status.visibleProperty().bind(model.statusProperty().isNotEmpty());
        status.managedProperty().bind(status.visibleProperty());

        table.setId("rosterTable");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("Select an alert to see who it is for and who has read it."));
        TableColumn<Roster.Row, String> user = new TableColumn<>("User");
        user.setCellValueFactory(c -> new SimpleStringProperty(c.getValue().username()
                + (c.getValue().targeted() ? "" : " (not in audience)")));
        user.setPrefWidth(150);
        TableColumn<Roster.Row, String> sessions = new TableColumn<>("Session(s)");
        sessions.setCellValueFactory(c -> new SimpleStringProperty(sessionsOf(c.getValue())));
        sessions.setPrefWidth(170);
        TableColumn<Roster.Row, String> delivered = new TableColumn<>("Delivered");
        delivered.setCellValueFactory(c -> new SimpleStringProperty(deliveredOf(c.getValue())));
        delivered.setPrefWidth(150);
        TableColumn<Roster.Row, String> read = new TableColumn<>("Read");
        read.setCellValueFactory(c -> new SimpleStringProperty(c.getValue().read()
                ? "✓ " + time(c.getValue().readAt()) : "not read yet"));
        read.setPrefWidth(150);
        table.getColumns().setAll(List.of(user, sessions, delivered, read));
        // Who has not read it stands out by a tint and by the words "not read yet", never colour alone.
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(Roster.Row r, boolean empty) {
                super.updateItem(r, empty);
                getStyleClass().removeAll("unread", "read");
                if (!empty && r != null) {
                    getStyleClass().add(r.read() ? "read" : r.targeted() ? "unread" : "read");
                }
            }
        });
        VBox.setVgrow(table, Priority.ALWAYS);
        getChildren().addAll(title, actions, status, unread, table);
        show(null);
    }

    /** Shows this alert's roster, following it as the pulse refreshes it; null: nothing selected. */
    void show(AlertRow selected) {
        title.textProperty().unbind();
        unread.textProperty().unbind();
        table.itemsProperty().unbind();
        row.set(selected);
        if (selected == null) {
            title.setText("No alert selected.");
            unread.setText("");
            table.setItems(javafx.collections.FXCollections.observableArrayList());
            return;
        }
        title.textProperty().bind(Bindings.createStringBinding(() -> {
            Message.Alert a = selected.alert();
            return "Alert " + a.alertId() + " · " + a.priority() + (a.drill() ? " · DRILL" : "") + " · to "
                    + selected.audienceProperty().get() + " · " + selected.stateTextProperty().get() + " · "
                    + selected.countsProperty().get();
        }, selected.alertProperty(), selected.audienceProperty(), selected.stateTextProperty(), selected.countsProperty()));
        unread.textProperty().bind(selected.rosterProperty().map(RosterView::unreadText).orElse(""));
        table.itemsProperty().bind(selected.rosterProperty()
                .map(r -> javafx.collections.FXCollections.observableArrayList(r.rows()))
                .orElse(javafx.collections.FXCollections.observableArrayList()));
    }

    static String unreadText(Roster roster) {
        List<Roster.Row> missing = roster.unread();
        if (missing.isEmpty()) {
            return roster.audienceSize() == 0 ? "Nobody is in this alert's audience." : "Everyone has read it.";
        }
        String names = missing.stream().limit(UNREAD_NAMED).map(Roster.Row::username).collect(Collectors.joining(", "));
        return "Not read yet (" + missing.size() + "): " + names
                + (missing.size() > UNREAD_NAMED ? " and " + (missing.size() - UNREAD_NAMED) + " more" : "");
    }

    private void openUpdate() {
        AlertRow r = row.get();
        new UpdateAlertDialog(getScene().getWindow(), r.alert()).showAndWait()
                .ifPresent(u -> model.update(r, u.priority(), u.text(), u.expires()));
    }

    private void openEnd() {
        AlertRow r = row.get();
        new EndAlertDialog(getScene().getWindow(), r.alert()).showAndWait()
                .ifPresent(e -> model.end(r, e.how(), e.text().isEmpty() ? null : e.text()));
    }

    private void export(AlertRow r) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(r == null ? "Export the rosters of all alerts" : "Export the roster of alert " + r.alertId());
        chooser.setInitialFileName(r == null ? "alerts-rosters.csv" : "alert-" + r.alertId() + "-roster.csv");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV files", "*.csv"));
        File file = chooser.showSaveDialog(getScene().getWindow());
        if (file != null) {
            model.exportCsv(r, file.toPath());
        }
    }

    static String sessionsOf(Roster.Row r) {
        if (r.sessions().isEmpty()) {
            return "not logged in";
        }
        return r.sessions().stream().map(AckTracker.Delivery::sessionId).collect(Collectors.joining(", "));
    }

    static String deliveredOf(Roster.Row r) {
        if (r.delivered()) {
            return "✓ " + time(r.deliveredAt());
        }
        return r.sessions().isEmpty() ? "at next login" : "sent, no ACK yet";
    }

    private static String time(Instant t) {
        return AlertsView.TIME.format(t);
    }

    private static Button button(String text, String id) {
        Button b = new Button(text);
        b.setId(id);
        return b;
    }
}
