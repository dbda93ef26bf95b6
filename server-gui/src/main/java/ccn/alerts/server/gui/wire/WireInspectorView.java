package ccn.alerts.server.gui.wire;

import ccn.alerts.gui.FrameText;
import ccn.alerts.protocol.FrameRecord;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.collections.transformation.FilteredList;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.TreeSet;

/**
 * The wire inspector: every frame sent and received, live — time, direction, peer, type, length,
 * the ciphertext as hex beside the decrypted JSON. "Start capture" fills the table (the engine
 * records frames for the Timeline either way), pause, filters by client and type, bounded history.
 * The table follows the newest frame unless the mouse is over it or a row is selected. FX thread only.
 */
public final class WireInspectorView extends BorderPane {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
    private static final String ALL_CLIENTS = "All clients";
    private static final String ALL_TYPES = "All types";
    /** The table's share of the height; the rest is the detail, which needs about fifteen lines for a handshake. */
    private static final double DIVIDER = 0.55;

    public WireInspectorView(WireModel model) {
        getStyleClass().addAll("pane", "wire-view");

        ToggleButton capture = new ToggleButton();
        capture.setId("captureToggle");
        capture.getStyleClass().add("capture-toggle");
        capture.setSelected(model.capturingProperty().get());
        capture.textProperty().bind(Bindings.when(capture.selectedProperty())
                .then("● Capturing").otherwise("Start capture"));
        capture.selectedProperty().addListener((o, a, on) -> model.setCapturing(on));
        ToggleButton pause = new ToggleButton("Pause");
        pause.setId("pauseToggle");
        pause.selectedProperty().bindBidirectional(model.pausedProperty());

        ChoiceBox<String> client = new ChoiceBox<>();
        client.setId("wireClientFilter");
        client.getItems().add(ALL_CLIENTS);
        client.setValue(ALL_CLIENTS);
        ChoiceBox<String> type = new ChoiceBox<>();
        type.setId("wireTypeFilter");
        type.getItems().add(ALL_TYPES);
        type.setValue(ALL_TYPES);
        Button clear = new Button("Clear");
        clear.setOnAction(e -> model.clear());

        FilteredList<CapturedFrame> shown = new FilteredList<>(model.frames());
        shown.predicateProperty().bind(Bindings.createObjectBinding(() -> {
            String c = client.getValue();
            String t = type.getValue();
            return f -> (c == null || ALL_CLIENTS.equals(c) || c.equals(f.peer()))
                    && (t == null || ALL_TYPES.equals(t) || t.equals(f.typeOrFailure()));
        }, client.valueProperty(), type.valueProperty()));
        model.frames().addListener((ListChangeListener<CapturedFrame>) change -> {
            // Offer every peer and type seen so far; keep the current choice.
            TreeSet<String> peers = new TreeSet<>();
            TreeSet<String> types = new TreeSet<>();
            for (CapturedFrame f : model.frames()) {
                peers.add(f.peer());
                types.add(f.typeOrFailure());
            }
            sync(client, ALL_CLIENTS, peers);
            sync(type, ALL_TYPES, types);
        });

        TableView<CapturedFrame> table = new TableView<>(shown);
        table.setId("wireTable");
        Label placeholder = new Label("Press \"Start capture\": every frame between the server and its clients appears here. "
                + "(The Timeline tab records every client's exchange without it.)");
        placeholder.setWrapText(true);
        placeholder.setMaxWidth(560);
        table.setPlaceholder(placeholder);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.getColumns().setAll(List.of(
                fixed(column("Time", 0, f -> TIME.format(f.frame().time())), 108),
                fixed(column("Dir", 0, f -> f.frame().direction() == ccn.alerts.protocol.Direction.SERVER_TO_CLIENT
                        ? "S → C" : "C → S"), 62),
                fixed(column("Peer", 0, CapturedFrame::shortPeer), 140),
                fixed(column("#", 0, f -> FrameText.shortPosition(f.frame())), 40),
                fixed(column("Type", 0, CapturedFrame::typeOrFailure), 192),
                fixed(column("Bytes", 0, f -> Integer.toString(f.frame().frameLength())), 56),
                monospace(column("Hex", 150, f -> FrameText.hex(f.frame()))),
                monospace(column("Decrypted", 300, f -> FrameText.summary(f.frame())))));
        // Follow the newest frame unless someone is reading: paused, a row selected, or the mouse
        // over the list (rows sliding away under the pointer made them impossible to click).
        shown.addListener((ListChangeListener<CapturedFrame>) change -> javafx.application.Platform.runLater(() -> {
            if (followsNewest(table, model) && !shown.isEmpty()) {
                table.scrollTo(shown.size() - 1);
            }
        }));
        // Caught up again as soon as the reader lets go.
        Runnable catchUp = () -> {
            if (followsNewest(table, model) && !shown.isEmpty()) {
                table.scrollTo(shown.size() - 1);
            }
        };
        table.hoverProperty().addListener((o, was, now) -> catchUp.run());
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> catchUp.run());
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(CapturedFrame f, boolean empty) {
                super.updateItem(f, empty);
                getStyleClass().remove("failed-frame");
                if (!empty && f != null && f.frame().failed()) {
                    getStyleClass().add("failed-frame");
                }
            }
        });

        TextArea detail = new TextArea();
        detail.setId("wireDetail");
        detail.setEditable(false);
        detail.setWrapText(true);
        detail.getStyleClass().add("mono");
        detail.setPromptText("Select a frame to see it whole.");
        table.getSelectionModel().selectedItemProperty().addListener((o, a, f) -> detail.setText(f == null ? "" : describe(f)));

        Label count = new Label();
        count.getStyleClass().add("pane-caption");
        count.textProperty().bind(Bindings.createStringBinding(() -> shown.size() + " of " + model.frames().size()
                + " frames (last " + WireModel.MAX_FRAMES + " kept)", shown, model.frames()));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(8, capture, pause, count, spacer, client, type, clear);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("pane-header");
        setTop(bar);
        SplitPane split = new SplitPane(table, detail);
        split.setOrientation(Orientation.VERTICAL);
        // The split pane keeps each side's minimum height, and a TextArea's is its ten rows: in the
        // demo's 1280 × 800 console (panels below the tabs) the table kept two rows. Both may shrink;
        // the detail keeps enough for a handshake's keys (about fifteen lines) at full height.
        table.setMinHeight(0);
        detail.setMinHeight(0);
        split.setDividerPositions(DIVIDER);
        // Set again once the tab is first shown at its real size: laid out first in a taller
        // window (the demo tiles it afterwards), the split kept the table's height, not the share.
        split.heightProperty().addListener(new ChangeListener<>() {
            @Override
            public void changed(ObservableValue<? extends Number> o, Number was, Number now) {
                if (now.doubleValue() > 0 && isVisible() && getScene() != null && getScene().getWindow() != null
                        && getScene().getWindow().isShowing()) {
                    split.heightProperty().removeListener(this);
                    Platform.runLater(() -> split.setDividerPositions(DIVIDER));
                }
            }
        });
        setCenter(split);
    }

    /** True when the table may scroll by itself: nobody is reading it. */
    static boolean followsNewest(TableView<CapturedFrame> table, WireModel model) {
        return !model.pausedProperty().get() && table.getSelectionModel().isEmpty() && !table.isHover();
    }

    static String describe(CapturedFrame f) {
        FrameRecord r = f.frame();
        String head = f.arrow() + "  ·  " + f.peer() + "  ·  " + f.typeOrFailure() + "  ·  "
                + (r.handshake() ? "handshake, before the first encrypted frame" : FrameText.position(r) + " in this direction")
                + "  ·  " + r.frameLength() + " bytes on the wire\n\n";
        String hex = r.cipherHex().replaceAll("(.{2})", "$1 ").trim() + (FrameText.cut(r) ? " …" : "") + "\n\n";
        String shown = (FrameText.cut(r) ? "first " : "all ") + (r.cipherHex().length() / 2) + " bytes";
        if (r.handshake()) {
            return head + "On the wire (" + shown + ": " + handshakeLayout(r) + "):\n" + hex + FrameText.handshakeDetail(r);
        }
        return head + "On the wire (" + shown + ": 12-byte nonce, then ciphertext):\n"
                + hex + (r.json() != null ? "Decrypted with the frame key:\n" + r.json() : "Not readable: " + r.error());
    }

    /** What the bytes of a handshake message are, in order (docs/PROTOCOL.md §4). */
    private static String handshakeLayout(FrameRecord r) {
        return switch (r.cipherHex().length() < 2 ? "" : r.cipherHex().substring(0, 2)) {
            case "01" -> "type 01, server key id (8), client ephemeral key (32), tag (16)";
            case "02" -> "type 02, server ephemeral key (32), tag (16)";
            case "03" -> "type 03, reason (1), the reason as text";
            default -> "not a handshake message this server knows";
        };
    }

    private static void sync(ChoiceBox<String> box, String all, TreeSet<String> values) {
        String chosen = box.getValue();
        List<String> wanted = new java.util.ArrayList<>();
        wanted.add(all);
        wanted.addAll(values);
        if (!wanted.equals(box.getItems())) {
            box.getItems().setAll(wanted);
            box.setValue(wanted.contains(chosen) ? chosen : all);
        }
    }

    private static TableColumn<CapturedFrame, String> column(String title, double width,
                                                             java.util.function.Function<CapturedFrame, String> value) {
        TableColumn<CapturedFrame, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new SimpleStringProperty(value.apply(cell.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    private static TableColumn<CapturedFrame, String> fixed(TableColumn<CapturedFrame, String> c, double width) {
        c.setMinWidth(width);
        c.setPrefWidth(width);
        c.setMaxWidth(width);
        return c;
    }

    private static TableColumn<CapturedFrame, String> monospace(TableColumn<CapturedFrame, String> c) {
        c.getStyleClass().add("mono-column");
        return c;
    }
}
