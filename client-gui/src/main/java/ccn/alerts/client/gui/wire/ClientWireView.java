package ccn.alerts.client.gui.wire;

import ccn.alerts.gui.FrameText;
import ccn.alerts.protocol.Direction;
import ccn.alerts.protocol.FrameRecord;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * A side panel listing this client's frames: direction, type, size and time, then the bytes as the
 * network carries them and the JSON they decrypt to; the handshake's frames first, with their keys
 * as grouped hex (see {@link FrameText}). FX thread only.
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
        Label hint = new Label("What crosses the network is the hex. The handshake comes first, in the clear (its keys are"
                + " public); after it, only this connection's keys turn the hex into the JSON below it.");
        hint.getStyleClass().add("wire-hint");
        hint.setWrapText(true);
        hint.setMinHeight(Region.USE_PREF_SIZE); // the list takes the room it gives up; the hint keeps all its lines

        ListView<FrameRecord> list = new ListView<>(model.frames());
        list.setId("clientWireList");
        Label empty = new Label("Frames appear here as they are sent and received.");
        empty.setWrapText(true);
        empty.getStyleClass().add("wire-hint");
        list.setPlaceholder(empty);
        list.setCellFactory(FrameCell::new);
        // The newest frame stays in view: after the list has taken a change (not from inside the
        // change), and again when the list is resized, e.g. when a failure's message makes the
        // connection bar above it taller; the flow keeps its position as a fraction, and a tall
        // handshake cell then pushed the newest frame below the viewport.
        model.frames().addListener((ListChangeListener<FrameRecord>) c -> Platform.runLater(() -> showNewest(list)));
        list.heightProperty().addListener((o, was, now) -> Platform.runLater(() -> showNewest(list)));
        list.widthProperty().addListener((o, was, now) -> Platform.runLater(() -> showNewest(list)));
        // Not while the mouse is over the list (someone is reading); caught up as soon as it leaves.
        list.hoverProperty().addListener((o, was, now) -> showNewest(list));
        VBox.setVgrow(list, Priority.ALWAYS);
        getChildren().addAll(header, hint, list);
    }

    /**
     * Scrolls so that the last cell is wholly visible (ListView.scrollTo would put it at the top,
     * as far as it can), unless the mouse is over the list.
     */
    private static void showNewest(ListView<FrameRecord> list) {
        int last = list.getItems().size() - 1;
        if (last < 0 || list.isHover()) {
            return;
        }
        if (list.lookup(".virtual-flow") instanceof VirtualFlow<?> flow) {
            flow.scrollTo(last);
        } else {
            list.scrollTo(last);
        }
    }

    /** A line of facts, then the hex, then the JSON, the handshake's keys, or why there is none. */
    static final class FrameCell extends ListCell<FrameRecord> {
        private static final PseudoClass HANDSHAKE = PseudoClass.getPseudoClass("handshake");
        /** The list's border and scroll bar and the cell's padding, around the labels. */
        private static final double CELL_INSETS = 40;
        private final Label head = new Label();
        private final Label hex = new Label();
        private final Label json = new Label();
        private final VBox box = new VBox(2, head, hex, json);

        FrameCell(ListView<FrameRecord> list) {
            head.getStyleClass().add("wire-head");
            hex.getStyleClass().add("wire-hex");
            json.getStyleClass().add("wire-json");
            head.setWrapText(true);
            hex.setWrapText(true);
            json.setWrapText(true);
            box.setMinWidth(0);
            setPrefWidth(0); // let the list's width, not the longest hex line, size the cell

            // The list's width, known before a new cell's first layout: bound to the cell's own width
            // the labels first wrapped at zero, and the flow placed the newest frame by that height.
            for (Label l : new Label[] {head, hex, json}) {
                l.maxWidthProperty().bind(list.widthProperty().subtract(CELL_INSETS));
            }
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
            pseudoClassStateChanged(HANDSHAKE, f.handshake());
            head.setText((sent ? "→ sent  " : "← received  ") + FrameText.type(f) + "  ·  " + FrameText.position(f)
                    + "  ·  " + f.frameLength() + " B  ·  " + TIME.format(f.time()));
            hex.setText(FrameText.hex(f));
            json.setText(f.handshake() ? FrameText.handshakeDetail(f) : f.json() != null ? f.json() : f.error());
            setGraphic(box);
        }
    }
}
