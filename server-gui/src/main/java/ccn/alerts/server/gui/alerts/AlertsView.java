package ccn.alerts.server.gui.alerts;

import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Priority;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The live alerts table (newest first: priority, message, audience, state and per-user counts)
 * and, below it, the selected alert's roster with its commands ({@link RosterView}). FX thread only.
 */
public final class AlertsView extends SplitPane {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    public AlertsView(AlertsModel model) {
        setOrientation(Orientation.VERTICAL);
        TableView<AlertRow> table = new TableView<>(model.rows());
        table.setId("alertsTable");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.setPlaceholder(new Label("No alerts yet. Send one with the form."));

        TableColumn<AlertRow, Number> id = new TableColumn<>("Id");
        id.setCellValueFactory(c -> new SimpleObjectProperty<>(c.getValue().alertId()));
        TableColumn<AlertRow, String> time = new TableColumn<>("Time");
        time.setCellValueFactory(c -> c.getValue().alertProperty().map(a -> TIME.format(a.time())));
        TableColumn<AlertRow, Priority> priority = new TableColumn<>("Priority");
        priority.setCellValueFactory(c -> c.getValue().alertProperty().map(Message.Alert::priority));
        priority.setCellFactory(c -> new PriorityCell());
        TableColumn<AlertRow, String> message = new TableColumn<>("Message");
        message.setCellValueFactory(c -> c.getValue().alertProperty().map(Message.Alert::message));
        // Long messages wrap onto a second line rather than being cut off.
        message.setCellFactory(c -> new TableCell<>() {
            private final Text text = new Text();

            {
                text.getStyleClass().add("message-text");
                text.wrappingWidthProperty().bind(message.widthProperty().subtract(14));
            }

            @Override
            protected void updateItem(String value, boolean empty) {
                super.updateItem(value, empty);
                text.setText(empty ? null : value);
                setGraphic(empty ? null : text);
            }
        });
        TableColumn<AlertRow, String> audience = new TableColumn<>("To");
        audience.setCellValueFactory(c -> c.getValue().audienceProperty());
        audience.setCellFactory(c -> new WrappingCell<>(audience));
        TableColumn<AlertRow, AlertRow> status = new TableColumn<>("State · delivered · read");
        status.setCellValueFactory(c -> new SimpleObjectProperty<>(c.getValue()));
        status.setCellFactory(c -> new StatusCell());
        // Fixed widths everywhere but Message, which takes what is left.
        fix(id, 45);
        fix(time, 80);
        fix(priority, 95);
        fix(audience, 105);
        fix(status, 235);
        table.getColumns().setAll(List.of(id, time, priority, message, audience, status));

        Label caption = new Label("Alerts (newest first; the last 100 are kept). Select one to see who has read it.");
        caption.getStyleClass().add("pane-caption");
        HBox header = new HBox(caption);
        header.getStyleClass().add("pane-header");
        BorderPane top = new BorderPane(table);
        top.setTop(header);
        top.getStyleClass().add("pane");
        top.setMinHeight(0);
        table.setMinHeight(0);

        RosterView roster = new RosterView(model);
        table.getSelectionModel().selectedItemProperty().addListener((o, old, row) -> {
            model.select(row); // only the selected alert's roster is fetched
            roster.show(row);
        });
        getItems().addAll(top, roster);
        setDividerPositions(0.45);
    }

    private static void fix(TableColumn<?, ?> column, double width) {
        column.setMinWidth(width);
        column.setPrefWidth(width);
        column.setMaxWidth(width);
    }

    /** Priority as a coloured badge with its name written out, never colour alone. */
    static final class PriorityCell extends TableCell<AlertRow, Priority> {
        private final Label badge = new Label();

        PriorityCell() {
            badge.getStyleClass().add("priority-badge");
            setAlignment(Pos.CENTER_LEFT);
        }

        @Override
        protected void updateItem(Priority p, boolean empty) {
            super.updateItem(p, empty);
            badge.getStyleClass().removeAll("high", "medium", "low");
            if (empty || p == null) {
                setGraphic(null);
                return;
            }
            badge.setText(p.name());
            badge.getStyleClass().add(p.name().toLowerCase(Locale.ROOT));
            setGraphic(badge);
        }
    }

    /** Text that wraps within its column (an audience of several groups). */
    static final class WrappingCell<S> extends TableCell<S, String> {
        private final Text text = new Text();

        WrappingCell(TableColumn<S, String> column) {
            text.getStyleClass().add("message-text");
            text.wrappingWidthProperty().bind(column.widthProperty().subtract(14));
        }

        @Override
        protected void updateItem(String value, boolean empty) {
            super.updateItem(value, empty);
            text.setText(empty ? null : value);
            setGraphic(empty ? null : text);
        }
    }

    /**
     * The state as a badge (active, updated r2, all clear, cancelled, expired), DRILL beside it
     * for an exercise, and the per-user counts under them; bound to the row so it updates live.
     */
    static final class StatusCell extends TableCell<AlertRow, AlertRow> {
        private final Label state = new Label();
        private final Label drill = new Label("DRILL");
        private final Label counts = new Label();
        private final VBox box = new VBox(2, new HBox(6, state, drill), counts);
        private AlertRow shown;

        StatusCell() {
            state.getStyleClass().add("state-badge");
            drill.getStyleClass().add("drill-badge");
            counts.getStyleClass().add("counts-text");
            box.setAlignment(Pos.CENTER_LEFT);
            state.textProperty().addListener((o, a, b) -> updateState());
        }

        @Override
        protected void updateItem(AlertRow row, boolean empty) {
            super.updateItem(row, empty);
            state.textProperty().unbind();
            counts.textProperty().unbind();
            drill.visibleProperty().unbind();
            shown = empty ? null : row;
            if (shown == null) {
                setGraphic(null);
                return;
            }
            state.textProperty().bind(row.stateTextProperty());
            counts.textProperty().bind(row.countsProperty());
            drill.visibleProperty().bind(row.alertProperty().map(Message.Alert::drill));
            drill.managedProperty().bind(drill.visibleProperty());
            updateState();
            setGraphic(box);
        }

        private void updateState() {
            for (AlertRow.State s : AlertRow.State.values()) {
                state.getStyleClass().remove(s.styleClass());
            }
            if (shown != null) {
                state.getStyleClass().add(shown.stateProperty().get().styleClass());
            }
        }
    }
}
