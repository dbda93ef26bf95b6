package ccn.alerts.client.gui.wire;

import ccn.alerts.protocol.Direction;
import ccn.alerts.protocol.FrameRecord;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * A side panel listing this client's frames: direction, type, size and time, then the ciphertext
 * as the network carries it and the JSON it decrypts to. FX thread only.
 */
public final class ClientWireView extends VBox {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    public ClientWireView(ClientWireModel model) {
        getStyleClass().add("client-wire");
        setId("clientWire");
        setSpacing(6);

        Label title = new Label("On the wire");
        title.getStyleClass().add("wire-title");
        Label count = new Label();
        count.getStyleClass().add("wire-hint");
        count.textProperty().bind(Bindings.size(model.frames()).asString("%d frames"));
        Button clear = new Button("Clear");
        clear.setId("clientWireClear");
        clear.setMinWidth(Region.USE_PREF_SIZE);
        clear.setOnAction(e -> model.clear());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        title.setMinWidth(Region.USE_PREF_SIZE);
        count.setMinWidth(Region.USE_PREF_SIZE);
        HBox header = new HBox(8, title, count, spacer, clear);
        header.setAlignment(Pos.CENTER_LEFT);
        Label hint = new Label("What crosses the network is the hex; only the shared key turns it into the JSON below it.");
        hint.getStyleClass().add("wire-hint");
        hint.setWrapText(true);

        ListView<FrameRecord> list = new ListView<>(model.frames());
        list.setId("clientWireList");
        Label empty = new Label("Frames appear here as they are sent and received.");
        empty.setWrapText(true);
        empty.getStyleClass().add("wire-hint");
        list.setPlaceholder(empty);
        list.setCellFactory(l -> new FrameCell());
        model.frames().addListener((ListChangeListener<FrameRecord>) c -> {
            if (!model.frames().isEmpty()) {
                list.scrollTo(model.frames().size() - 1);
            }
        });
        VBox.setVgrow(list, Priority.ALWAYS);
        getChildren().addAll(header, hint, list);
    }

    /** Two lines of facts, then the hex, then the JSON (or why there is none). */
    static final class FrameCell extends ListCell<FrameRecord> {
        private final Label head = new Label();
        private final Label hex = new Label();
        private final Label json = new Label();
        private final VBox box = new VBox(2, head, hex, json);

        FrameCell() {
            head.getStyleClass().add("wire-head");
            hex.getStyleClass().add("wire-hex");
            json.getStyleClass().add("wire-json");
            head.setWrapText(true);
            hex.setWrapText(true);
            json.setWrapText(true);
            box.setMinWidth(0);
            setPrefWidth(0); // let the list's width, not the longest hex line, size the cell

            head.maxWidthProperty().bind(widthProperty().subtract(24));
            hex.maxWidthProperty().bind(widthProperty().subtract(24));
            json.maxWidthProperty().bind(widthProperty().subtract(24));
        }

        @Override
        protected void updateItem(FrameRecord f, boolean empty) {
            super.updateItem(f, empty);
            getStyleClass().removeAll("sent", "received", "failed");
            if (empty || f == null) {
                setGraphic(null);
                return;
            }
            boolean sent = f.direction() == Direction.CLIENT_TO_SERVER;
            getStyleClass().add(f.failed() ? "failed" : sent ? "sent" : "received");
            head.setText((sent ? "→ sent  " : "← received  ") + (f.type() != null ? f.type() : "✗ not readable")
                    + "  ·  " + f.frameLength() + " B  ·  " + TIME.format(f.time()));
            hex.setText(f.cipherHex() + "…");
            json.setText(f.json() != null ? f.json() : f.error());
            setGraphic(box);
        }
    }
}
