package ccn.alerts.server.gui.log;

import ccn.alerts.log.EventType;
import ccn.alerts.log.LogEvent;
import ccn.alerts.server.gui.ServerConsoleModel;
import javafx.beans.binding.Bindings;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.ListChangeListener;
import javafx.collections.transformation.FilteredList;
import javafx.geometry.Pos;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The live log (the same events as server_log.txt): time, type badge, message; filter by type,
 * text search, auto-scroll. Bounded by the model to the last 10,000 rows. FX thread only.
 */
public final class LogView extends BorderPane {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final String ALL = "All types";

    public LogView(ServerConsoleModel model) {
        getStyleClass().add("pane");
        FilteredList<LogEvent> filtered = new FilteredList<>(model.log());
        TableView<LogEvent> table = new TableView<>(filtered);
        table.setId("logTable");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No events match."));

        TableColumn<LogEvent, String> time = new TableColumn<>("Time");
        time.setCellValueFactory(c -> new SimpleStringProperty(TIME.format(c.getValue().time())));
        time.setPrefWidth(80);
        TableColumn<LogEvent, EventType> type = new TableColumn<>("Type");
        type.setCellValueFactory(c -> new SimpleObjectProperty<>(c.getValue().type()));
        type.setCellFactory(c -> new TypeCell());
        type.setPrefWidth(120);
        TableColumn<LogEvent, String> message = new TableColumn<>("Message");
        message.setCellValueFactory(c -> new SimpleStringProperty(c.getValue().message()));
        message.setPrefWidth(700);
        table.getColumns().setAll(List.of(time, type, message));

        ChoiceBox<String> typeFilter = new ChoiceBox<>();
        typeFilter.setId("logTypeFilter");
        typeFilter.getItems().add(ALL);
        for (EventType t : EventType.values()) {
            typeFilter.getItems().add(t.name());
        }
        typeFilter.setValue(ALL);
        TextField search = new TextField();
        search.setId("logSearch");
        search.setPromptText("Search the log");
        search.setPrefColumnCount(18);
        CheckBox autoScroll = new CheckBox("Auto-scroll");
        autoScroll.setId("autoScroll");
        autoScroll.setSelected(true);

        filtered.predicateProperty().bind(Bindings.createObjectBinding(() -> {
            String wanted = typeFilter.getValue();
            String needle = search.getText() == null ? "" : search.getText().strip().toLowerCase(Locale.ROOT);
            return e -> (ALL.equals(wanted) || e.type().name().equals(wanted))
                    && (needle.isEmpty() || e.message().toLowerCase(Locale.ROOT).contains(needle));
        }, typeFilter.valueProperty(), search.textProperty()));

        // Scroll after the table has laid out the new rows, once per batch of changes.
        Runnable scrollToEnd = () -> {
            if (autoScroll.isSelected() && !filtered.isEmpty()) {
                table.scrollTo(filtered.size() - 1);
            }
        };
        filtered.addListener((ListChangeListener<LogEvent>) change -> javafx.application.Platform.runLater(scrollToEnd));
        autoScroll.selectedProperty().addListener((o, a, on) -> scrollToEnd.run());
        sceneProperty().addListener((o, a, scene) -> javafx.application.Platform.runLater(scrollToEnd));

        Label count = new Label();
        count.getStyleClass().add("pane-caption");
        count.textProperty().bind(Bindings.createStringBinding(
                () -> filtered.size() + " of " + model.log().size() + " events (last "
                        + String.format(Locale.ROOT, "%,d", ServerConsoleModel.MAX_LOG_ROWS) + " kept)",
                filtered, model.log()));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(10, count, spacer, typeFilter, search, autoScroll);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("pane-header");
        setTop(bar);
        setCenter(table);
    }

    /** The event type as a coloured badge: style class {@code type-auth}, {@code type-error}, … */
    static final class TypeCell extends TableCell<LogEvent, EventType> {
        private final Label badge = new Label();

        TypeCell() {
            badge.getStyleClass().add("type-badge");
        }

        @Override
        protected void updateItem(EventType t, boolean empty) {
            super.updateItem(t, empty);
            badge.getStyleClass().removeIf(s -> s.startsWith("type-") && !s.equals("type-badge"));
            if (empty || t == null) {
                setGraphic(null);
                return;
            }
            badge.setText(t.name());
            badge.getStyleClass().add("type-" + t.name().toLowerCase(Locale.ROOT));
            setGraphic(badge);
        }
    }
}
