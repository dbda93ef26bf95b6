package ccn.alerts.server.gui.wire;

import ccn.alerts.gui.FrameText;
import ccn.alerts.protocol.FrameRecord;
import ccn.alerts.protocol.MalformedMessageException;
import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.MessageCodec;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per client, the exchange as a readable vertical timeline — HANDSHAKE_INIT, HANDSHAKE_RESPONSE,
 * HELLO, LOGIN, AUTH_SUCCESS, ALERT, ACK, HEARTBEAT, HEARTBEAT_OK, SERVER_SHUTDOWN — with
 * round-trip times, exportable as text for a lab report. Built from the frames {@link WireModel} records for every session (no "Start
 * capture" needed), with a marker where frames were dropped while paused. FX thread only.
 */
public final class ProtocolTimelineView extends BorderPane {
    static final String GAP_PREFIX = "            ⋯  ";
    private final WireModel model;
    private final ListView<String> sessions = new ListView<>();
    private final ListView<String> entries = new ListView<>();
    private final Label title = new Label("Choose a client on the left.");

    public ProtocolTimelineView(WireModel model) {
        this.model = model;
        getStyleClass().addAll("pane", "timeline-view");
        sessions.setId("timelineSessions");
        sessions.setItems(model.sessions());
        sessions.setPrefWidth(260);
        Label none = new Label("Clients appear here as they connect.");
        none.setWrapText(true);
        sessions.setPlaceholder(none);
        sessions.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(String id, boolean empty) {
                super.updateItem(id, empty);
                textProperty().unbind();
                if (empty || id == null) {
                    setText(null);
                } else {
                    // Named by user once logged in; the label follows the session's login.
                    textProperty().bind(model.labelOf(id));
                }
            }
        });
        entries.setId("timelineEntries");
        entries.getStyleClass().add("timeline-list");
        entries.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(String line, boolean empty) {
                super.updateItem(line, empty);
                getStyleClass().removeAll("to-client", "to-server", "failed-entry", "gap-entry");
                setText(empty ? null : line);
                if (!empty && line != null) {
                    getStyleClass().add(line.contains("✗") ? "failed-entry" : line.startsWith(GAP_PREFIX) ? "gap-entry"
                            : line.contains("server → client") ? "to-client" : "to-server");
                }
            }
        });
        title.setId("timelineTitle");
        title.getStyleClass().add("section-title");

        Button copy = new Button("Copy as text");
        copy.setId("copyTimeline");
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(exportText());
            Clipboard.getSystemClipboard().setContent(content);
        });
        Button save = new Button("Save…");
        save.setId("saveTimeline");
        save.setOnAction(e -> save());
        copy.disableProperty().bind(sessions.getSelectionModel().selectedItemProperty().isNull());
        save.disableProperty().bind(copy.disableProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(8, title, spacer, copy, save);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("pane-header");
        VBox right = new VBox(bar, entries);
        VBox.setVgrow(entries, Priority.ALWAYS);
        setLeft(sessions);
        setCenter(right);

        // A newly chosen client starts at its HELLO; new frames of the same client scroll to the end.
        sessions.getSelectionModel().selectedItemProperty().addListener((o, a, id) -> {
            redraw();
            entries.scrollTo(0);
        });
        visibleProperty().addListener((o, was, shown) -> {
            if (shown) {
                redraw();
            }
        });
        model.versionProperty().addListener((o, a, b) -> {
            if (isVisible() && getScene() != null) {
                redraw();
                entries.scrollTo(entries.getItems().size() - 1);
            }
        });
    }

    /** The selected client's timeline as plain text, header included. */
    public String exportText() {
        String id = sessions.getSelectionModel().getSelectedItem();
        if (id == null) {
            return "";
        }
        StringBuilder text = new StringBuilder("Protocol timeline of " + model.peer(id) + ", session " + id + "\n");
        for (String line : lines(model.itemsOf(id))) {
            text.append(line).append('\n');
        }
        return text.toString();
    }

    public void select(String sessionId) {
        sessions.getSelectionModel().select(sessionId);
    }

    private void redraw() {
        String id = sessions.getSelectionModel().getSelectedItem();
        if (id == null) {
            title.setText("Choose a client on the left.");
            entries.getItems().clear();
            return;
        }
        title.setText("Timeline of " + model.peer(id));
        entries.getItems().setAll(lines(model.itemsOf(id)));
    }

    /** One line per frame, annotated with the round trip of each answer it completes. */
    static List<String> lines(List<TimelineItem> items) {
        List<String> out = new ArrayList<>();
        Map<String, Instant> asked = new HashMap<>();
        for (TimelineItem item : items) {
            if (!(item instanceof CapturedFrame f)) {
                TimelineItem.Gap gap = (TimelineItem.Gap) item;
                out.add(GAP_PREFIX + gap.why() + "  ⋯");
                asked.clear(); // a round trip across a gap would measure the gap
                continue;
            }
            String what = f.typeOrFailure();
            String note = "";
            Instant t = f.frame().time();
            if (f.frame().handshake()) {
                out.add(line(f, what, handshakeNote(f.frame(), asked)));
                continue;
            }
            Message m = decode(f);
            switch (m) {
                case Message.Login login -> {
                    what += " " + login.username();
                    asked.put("login", t);
                }
                case Message.AuthSuccess s -> note = after(asked.remove("login"), t, "after LOGIN");
                case Message.AuthFailed s -> note = after(asked.remove("login"), t, "after LOGIN") + " " + s.reason();
                case Message.Alert a -> {
                    what += " #" + a.alertId() + " " + a.priority();
                    asked.put("alert" + a.alertId(), t);
                }
                case Message.Ack a -> {
                    what += " #" + a.alertId();
                    note = after(asked.get("alert" + a.alertId()), t, "round trip from ALERT");
                    asked.put("ack" + a.alertId(), t);
                }
                case Message.AckOk a -> {
                    what += " #" + a.alertId();
                    note = after(asked.remove("ack" + a.alertId()), t, "after ACK");
                }
                case Message.Heartbeat h -> {
                    what += " " + h.seq();
                    asked.put("hb" + h.seq(), t);
                }
                case Message.HeartbeatOk h -> {
                    what += " " + h.seq();
                    note = after(asked.remove("hb" + h.seq()), t, "round trip");
                }
                case Message.ErrorReport e -> what += " " + e.code();
                case null -> note = f.frame().error() == null ? "" : f.frame().error();
                default -> {
                }
            }
            out.add(line(f, what, note));
        }
        return out;
    }

    private static String line(CapturedFrame f, String what, String note) {
        return WireInspectorView.TIME.format(f.frame().time()) + "   " + f.arrow() + "   " + what
                + "   (" + f.frame().frameLength() + " B)" + (note.isBlank() ? "" : "   " + note.strip());
    }

    /** The handshake in a few words; a refusal keeps a ✗ in its line, so it is coloured as failed. */
    private static String handshakeNote(FrameRecord r, Map<String, Instant> asked) {
        if (r.failed()) {
            return FrameText.REJECT.equals(r.type()) ? "✗ refused: " + FrameText.refusal(r) : "handshake refused";
        }
        if (FrameText.RESPONSE.equals(r.type())) {
            return after(asked.remove("handshake"), r.time(), "after HANDSHAKE_INIT") + "   server identity proven";
        }
        asked.put("handshake", r.time());
        return "handshake, not encrypted";
    }

    private static Message decode(CapturedFrame f) {
        if (f.frame().json() == null || f.frame().type() == null) {
            return null;
        }
        try {
            return MessageCodec.decode(f.frame().json().getBytes(StandardCharsets.UTF_8));
        } catch (MalformedMessageException e) {
            return null;
        }
    }

    private static String after(Instant start, Instant end, String what) {
        if (start == null) {
            return "";
        }
        double ms = Duration.between(start, end).toNanos() / 1e6;
        return String.format(java.util.Locale.ROOT, "%.1f ms %s", ms, what);
    }

    private void save() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Save the protocol timeline");
        chooser.setInitialFileName("protocol-timeline.txt");
        File file = chooser.showSaveDialog(getScene().getWindow());
        if (file == null) {
            return;
        }
        String text = exportText();
        // Disk work off the FX thread.
        Thread.ofVirtual().name("ccn-timeline-save").start(() -> {
            try {
                Files.writeString(file.toPath(), text, StandardCharsets.UTF_8);
            } catch (java.io.IOException ex) {
                javafx.application.Platform.runLater(() -> title.setText("Not saved: " + ex.getMessage()));
            }
        });
    }
}
