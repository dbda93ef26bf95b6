package ccn.alerts.server.gui.clients;

import ccn.alerts.server.gui.ServerConsoleModel;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.function.Function;

/** The live clients table with a Disconnect action per row. FX thread only. */
public final class ClientsView extends BorderPane {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    public ClientsView(ServerConsoleModel model) {
        getStyleClass().add("pane");
        TableView<ClientRow> table = new TableView<>(model.clients());
        table.setId("clientsTable");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.setPlaceholder(new Label("No clients connected. Students log in from the client window."));

        TableColumn<ClientRow, Instant> since = new TableColumn<>("Since");
        since.setCellValueFactory(c -> c.getValue().connectedAtProperty());
        since.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(Instant item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : TIME.format(item));
            }
        });
        table.getColumns().setAll(java.util.List.of(
                text("User", ClientRow::userProperty, 120),
                text("Address", ClientRow::addressProperty, 160),
                since,
                text("Heartbeat", ClientRow::heartbeatAgeProperty, 90),
                text("ACK RTT", ClientRow::roundTripProperty, 80),
                number("Sent", ClientRow::deliveredProperty),
                number("ACKed", ClientRow::acknowledgedProperty),
                number("Pending", ClientRow::pendingProperty),
                actionColumn(model)));
        setCenter(table);

        Label count = new Label();
        count.getStyleClass().add("pane-caption");
        count.textProperty().bind(Bindings.size(model.clients()).asString("%d connection(s)"));
        HBox header = new HBox(count);
        header.setAlignment(Pos.CENTER_LEFT);
        header.getStyleClass().add("pane-header");
        setTop(header);
    }

    private static TableColumn<ClientRow, String> text(String title,
            Function<ClientRow, javafx.beans.value.ObservableValue<String>> value, double width) {
        TableColumn<ClientRow, String> col = new TableColumn<>(title);
        col.setCellValueFactory(c -> value.apply(c.getValue()));
        col.setPrefWidth(width);
        return col;
    }

    private static TableColumn<ClientRow, Number> number(String title,
            Function<ClientRow, javafx.beans.value.ObservableValue<Number>> value) {
        TableColumn<ClientRow, Number> col = new TableColumn<>(title);
        col.setCellValueFactory(c -> value.apply(c.getValue()));
        col.getStyleClass().add("numeric");
        col.setPrefWidth(70);
        return col;
    }

    private static TableColumn<ClientRow, String> actionColumn(ServerConsoleModel model) {
        TableColumn<ClientRow, String> col = new TableColumn<>("");
        col.setSortable(false);
        col.setPrefWidth(110);
        col.setCellValueFactory(c -> new javafx.beans.property.SimpleStringProperty(c.getValue().sessionId()));
        col.setCellFactory(c -> new TableCell<>() {
            private final Button kick = new Button("Disconnect");

            {
                kick.getStyleClass().add("danger");
                // The session travels with the button: a cell the table reuses or keeps for
                // measuring may no longer hold an item when the button fires.
                kick.setOnAction(e -> {
                    if (kick.getUserData() instanceof String id) {
                        model.kick(id);
                    }
                });
            }

            @Override
            protected void updateItem(String sessionId, boolean empty) {
                super.updateItem(sessionId, empty);
                if (empty || sessionId == null) {
                    kick.setId(null);
                    kick.setUserData(null);
                    setGraphic(null);
                } else {
                    kick.setId("kick-" + sessionId);
                    kick.setUserData(sessionId);
                    setGraphic(kick);
                }
            }
        });
        return col;
    }
}
