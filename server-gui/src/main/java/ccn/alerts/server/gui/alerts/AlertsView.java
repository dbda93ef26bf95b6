package ccn.alerts.server.gui.alerts;

import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Priority;
import ccn.alerts.server.AckTracker;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The live alerts table (newest first) and, for the selected alert, who acknowledged it, when,
 * and who is still pending. FX thread only.
 */
public final class AlertsView extends SplitPane {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final ListView<AckTracker.Delivery> deliveries = new ListView<>();
    private final Label detailTitle = new Label("Select an alert to see who acknowledged it.");

    public AlertsView(AlertsModel model) {
        setOrientation(Orientation.VERTICAL);
        TableView<AlertRow> table = new TableView<>(model.rows());
        table.setId("alertsTable");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.setPlaceholder(new Label("No alerts yet. Send one with the form on the right."));

        TableColumn<AlertRow, Number> id = new TableColumn<>("Id");
        id.setCellValueFactory(c -> new SimpleObjectProperty<>(c.getValue().alertId()));
        id.setPrefWidth(55);
        TableColumn<AlertRow, String> time = new TableColumn<>("Time");
        time.setCellValueFactory(c -> new SimpleStringProperty(TIME.format(c.getValue().alert().time())));
        time.setPrefWidth(80);
        TableColumn<AlertRow, Priority> priority = new TableColumn<>("Priority");
        priority.setCellValueFactory(c -> new SimpleObjectProperty<>(c.getValue().alert().priority()));
        priority.setCellFactory(c -> new PriorityCell());
        priority.setPrefWidth(90);
        TableColumn<AlertRow, String> message = new TableColumn<>("Message");
        message.setCellValueFactory(c -> new SimpleStringProperty(c.getValue().alert().message()));
        message.setPrefWidth(420);
        // Long messages wrap onto a second line rather than being cut off.
        message.setCellFactory(c -> new TableCell<>() {
            private final javafx.scene.text.Text text = new javafx.scene.text.Text();

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
        TableColumn<AlertRow, String> source = new TableColumn<>("Source");
        source.setCellValueFactory(c -> new SimpleStringProperty(sourceOf(c.getValue().alert())));
        source.setPrefWidth(110);
        TableColumn<AlertRow, AlertRow> acks = new TableColumn<>("ACKs");
        acks.setCellValueFactory(c -> new SimpleObjectProperty<>(c.getValue()));
        acks.setCellFactory(c -> new AckCell());
        acks.setPrefWidth(130);
        // Fixed widths everywhere but Message, which takes what is left.
        fix(id, 55);
        fix(time, 85);
        fix(priority, 105);
        fix(source, 80);
        fix(acks, 125);
        table.getColumns().setAll(List.of(id, time, priority, message, source, acks));

        Label caption = new Label("Alerts (newest first; the last 100 are kept for ACK tracking)");
        caption.getStyleClass().add("pane-caption");
        HBox header = new HBox(caption);
        header.getStyleClass().add("pane-header");
        BorderPane top = new BorderPane(table);
        top.setTop(header);
        top.getStyleClass().add("pane");

        deliveries.setId("deliveriesList");
        deliveries.setCellFactory(c -> new DeliveryCell());
        deliveries.setPlaceholder(new Label("Nobody was connected when this alert went out."));
        detailTitle.setId("deliveriesTitle");
        detailTitle.getStyleClass().add("pane-caption");
        detailTitle.setWrapText(true);
        VBox detail = new VBox(6, detailTitle, deliveries);
        detail.getStyleClass().addAll("pane", "detail-pane");
        javafx.scene.layout.VBox.setVgrow(deliveries, javafx.scene.layout.Priority.ALWAYS);

        table.getSelectionModel().selectedItemProperty().addListener((o, old, row) -> {
            model.select(row); // only the selected alert's recipients are fetched
            showDetail(row);
        });
        getItems().addAll(top, detail);
        setDividerPositions(0.68);
    }

    private void showDetail(AlertRow row) {
        deliveries.itemsProperty().unbind();
        if (row == null) {
            detailTitle.setText("Select an alert to see who acknowledged it.");
            deliveries.getItems().clear();
            return;
        }
        Message.Alert a = row.alert();
        detailTitle.textProperty().unbind();
        detailTitle.textProperty().bind(row.acksProperty().map(acks ->
                "Alert " + a.alertId() + " (" + a.priority() + ", " + (a.source() == Message.AlertSource.AUTO
                        ? "automatic" : "sent by " + a.sender()) + "): " + acks + " acknowledged"));
        deliveries.itemsProperty().bind(row.deliveriesProperty().map(javafx.collections.FXCollections::observableArrayList));
    }

    private static void fix(TableColumn<?, ?> column, double width) {
        column.setMinWidth(width);
        column.setPrefWidth(width);
        column.setMaxWidth(width);
    }

    static String sourceOf(Message.Alert a) {
        return a.source() == Message.AlertSource.AUTO ? "auto" : "manual";
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

    /** "2 / 3" with a small bar, bound to the row so it updates live. */
    static final class AckCell extends TableCell<AlertRow, AlertRow> {
        private final Label text = new Label();
        private final ProgressBar bar = new ProgressBar();
        private final HBox box = new HBox(8, text, bar);

        AckCell() {
            box.setAlignment(Pos.CENTER_LEFT);
            bar.setPrefWidth(60);
            bar.getStyleClass().add("ack-bar");
            text.getStyleClass().add("ack-text");
        }

        @Override
        protected void updateItem(AlertRow row, boolean empty) {
            super.updateItem(row, empty);
            text.textProperty().unbind();
            bar.progressProperty().unbind();
            if (empty || row == null) {
                setGraphic(null);
                return;
            }
            text.textProperty().bind(row.acksProperty());
            bar.progressProperty().bind(row.ackShareProperty());
            setGraphic(box);
        }
    }

    /** One recipient: ✓ user, acknowledged at, after N ms — or ⏳ user, pending. */
    static final class DeliveryCell extends ListCell<AckTracker.Delivery> {
        @Override
        protected void updateItem(AckTracker.Delivery d, boolean empty) {
            super.updateItem(d, empty);
            getStyleClass().removeAll("acknowledged", "pending");
            if (empty || d == null) {
                setText(null);
                return;
            }
            if (d.acknowledged()) {
                long ms = Duration.between(d.sentAt(), d.ackedAt()).toMillis();
                setText("✓  " + d.username() + "  (" + d.sessionId() + ")  acknowledged at "
                        + TIME.format(d.ackedAt()) + " after " + ms + " ms");
                getStyleClass().add("acknowledged");
            } else {
                setText("…  " + d.username() + "  (" + d.sessionId() + ")  pending since " + TIME.format(d.sentAt()));
                getStyleClass().add("pending");
            }
        }
    }
}
