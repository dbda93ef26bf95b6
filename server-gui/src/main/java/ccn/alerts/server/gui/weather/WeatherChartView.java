package ccn.alerts.server.gui.weather;

import ccn.alerts.alert.PriorityRules;
import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Priority;
import ccn.alerts.server.gui.ServerConsoleModel;
import ccn.alerts.server.gui.alerts.AlertRow;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The last weather readings as two live line charts — temperature and humidity — with the HIGH
 * and MEDIUM thresholds drawn as dashed lines and every reading's point coloured by the priority
 * it produced, so the priority rules can be explained by pointing. FX thread only.
 */
public final class WeatherChartView extends VBox {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final ServerConsoleModel model;
    private final PriorityRules rules;
    private final Chart temperature;
    private final Chart humidity;
    private final Label caption = new Label();

    public WeatherChartView(ServerConsoleModel model) {
        this.model = model;
        this.rules = model.priorityRules();
        getStyleClass().addAll("pane", "weather-view");
        setId("weatherView");
        setSpacing(4);
        setPadding(new Insets(8, 12, 8, 12));
        temperature = new Chart("Temperature (°C)", "temperatureChart", rules.highTemperature(), rules.mediumTemperature(), "°C");
        humidity = new Chart("Humidity (%)", "humidityChart", rules.highHumidity(), rules.mediumHumidity(), "%");
        caption.getStyleClass().add("pane-caption");
        caption.setWrapText(true);
        Label legend = new Label(String.format(Locale.ROOT,
                "HIGH above %s °C or %s %%  ·  MEDIUM above %s °C or %s %%  ·  LOW otherwise",
                number(rules.highTemperature()), number(rules.highHumidity()),
                number(rules.mediumTemperature()), number(rules.mediumHumidity())));
        legend.setId("rulesLegend");
        legend.getStyleClass().add("rules-legend");
        HBox keys = new HBox(14, key("HIGH", "high"), key("MEDIUM", "medium"), key("LOW", "low"), legend);
        getChildren().addAll(new HBox(caption), keys, temperature.chart, humidity.chart);
        VBox.setVgrow(temperature.chart, javafx.scene.layout.Priority.ALWAYS);
        VBox.setVgrow(humidity.chart, javafx.scene.layout.Priority.ALWAYS);
        model.alerts().rows().addListener((ListChangeListener<AlertRow>) c -> redraw());
        redraw();
    }

    /** Readings currently plotted, oldest first (for tests). */
    public int readings() {
        return temperature.points.getData().size();
    }

    private void redraw() {
        List<Message.Alert> readings = new ArrayList<>();
        for (AlertRow row : model.alerts().rows()) {
            if (row.alert().weather() != null) {
                readings.add(row.alert());
            }
        }
        readings.sort(Comparator.comparingLong(Message.Alert::alertId));
        caption.setText(readings.isEmpty()
                ? "No weather readings yet: automatic alerts, or \"Weather alert now\", add one each."
                : readings.size() + " most recent weather readings: one point per alert that carried one, automatic or"
                + " sent with \"Weather alert now\".");
        temperature.plot(readings, a -> a.weather().temperatureC());
        humidity.plot(readings, a -> a.weather().humidityPercent());
    }

    private static Label key(String text, String priority) {
        Label l = new Label(text);
        l.getStyleClass().addAll("priority-badge", priority);
        return l;
    }

    static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** One chart: a series of readings and two threshold lines. */
    private static final class Chart {
        final LineChart<Number, Number> chart;
        final XYChart.Series<Number, Number> points = new XYChart.Series<>();
        final XYChart.Series<Number, Number> high = new XYChart.Series<>();
        final XYChart.Series<Number, Number> medium = new XYChart.Series<>();
        final double highLimit;
        final double mediumLimit;
        final NumberAxis x = new NumberAxis();
        final NumberAxis y = new NumberAxis();
        final boolean percent;
        List<Message.Alert> shown = List.of();

        Chart(String title, String id, double highLimit, double mediumLimit, String unit) {
            this.highLimit = highLimit;
            this.mediumLimit = mediumLimit;
            percent = "%".equals(unit);
            // The title above the plot, not as the axis label: a vertical label is cut once the
            // chart is shorter than the text (two charts in a 1280×800 console).
            y.setAutoRanging(false);
            y.setMinorTickVisible(false);
            y.setTickLabelFormatter(new StringConverter<>() {
                @Override
                public String toString(Number v) {
                    return percent && (v.doubleValue() < 0 || v.doubleValue() > 100) ? "" : number(v.doubleValue());
                }

                @Override
                public Number fromString(String s) {
                    return 0;
                }
            });
            x.setForceZeroInRange(false);
            x.setAutoRanging(false);
            // Evenly spaced readings (a burst of alerts in one second stays readable), labelled
            // with each reading's time.
            x.setTickLabelFormatter(new StringConverter<>() {
                @Override
                public String toString(Number index) {
                    int i = (int) Math.round(index.doubleValue());
                    return i >= 0 && i < shown.size() && i == index.doubleValue()
                            ? TIME.format(shown.get(i).time()) : "";
                }

                @Override
                public Number fromString(String s) {
                    return 0;
                }
            });
            chart = new LineChart<>(x, y);
            chart.setTitle(title);
            chart.setId(id);
            chart.setAnimated(false);
            chart.setLegendVisible(false);
            chart.setVerticalZeroLineVisible(false);
            chart.setCreateSymbols(true);
            chart.getStyleClass().add("weather-chart");
            points.setName(title);
            high.setName("HIGH threshold (" + number(highLimit) + " " + unit + ")");
            medium.setName("MEDIUM threshold (" + number(mediumLimit) + " " + unit + ")");
            chart.getData().addAll(List.of(medium, high, points));
        }

        void plot(List<Message.Alert> readings, java.util.function.ToDoubleFunction<Message.Alert> value) {
            shown = List.copyOf(readings);
            List<XYChart.Data<Number, Number>> data = new ArrayList<>();
            for (int i = 0; i < readings.size(); i++) {
                Message.Alert a = readings.get(i);
                XYChart.Data<Number, Number> d = new XYChart.Data<>(i, value.applyAsDouble(a));
                String priority = a.priority().name().toLowerCase(Locale.ROOT);
                d.nodeProperty().addListener((o, old, node) -> {
                    if (node != null) {
                        node.getStyleClass().addAll("reading", priority);
                        javafx.scene.control.Tooltip.install(node, new javafx.scene.control.Tooltip(
                                a.priority() + " · alert " + a.alertId() + " · " + a.message()));
                    }
                });
                data.add(d);
            }
            points.getData().setAll(data);
            rangeY(readings, value);
            double last = Math.max(1, readings.size() - 1);
            x.setLowerBound(-0.5);
            x.setUpperBound(last + 0.5);
            x.setTickUnit(Math.max(1, Math.ceil(readings.size() / 8.0)));
            line(high, highLimit, -0.5, last + 0.5, "threshold-high");
            line(medium, mediumLimit, -0.5, last + 0.5, "threshold-medium");
        }

        /**
         * Room above the highest and below the lowest point (readings and thresholds): a point on
         * the plot's edge was cut in half by the plot area's clip.
         */
        private void rangeY(List<Message.Alert> readings, java.util.function.ToDoubleFunction<Message.Alert> value) {
            double min = Math.min(highLimit, mediumLimit);
            double max = Math.max(highLimit, mediumLimit);
            for (Message.Alert a : readings) {
                min = Math.min(min, value.applyAsDouble(a));
                max = Math.max(max, value.applyAsDouble(a));
            }
            if (percent) {
                min = Math.min(min, 0);
                max = Math.max(max, 100);
            }
            double tick = niceTick((max - min) / 6);
            y.setTickUnit(tick);
            y.setLowerBound(Math.floor(min / tick) * tick - (percent ? tick : 0));
            y.setUpperBound(Math.ceil(max / tick) * tick + (percent ? tick : 0));
            if (!percent) {
                if (y.getUpperBound() - max < tick / 3) {
                    y.setUpperBound(y.getUpperBound() + tick);
                }
                if (min - y.getLowerBound() < tick / 3) {
                    y.setLowerBound(y.getLowerBound() - tick);
                }
            }
        }

        static double niceTick(double raw) {
            double unit = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-9))));
            for (double m : new double[]{1, 2, 5, 10}) {
                if (m * unit >= raw) {
                    return m * unit;
                }
            }
            return 10 * unit;
        }

        private static void line(XYChart.Series<Number, Number> series, double level, double from, double to, String style) {
            series.getData().setAll(List.of(new XYChart.Data<>(from, level), new XYChart.Data<>(to, level)));
            for (XYChart.Data<Number, Number> d : series.getData()) {
                if (d.getNode() != null) {
                    d.getNode().setVisible(false);
                } else {
                    d.nodeProperty().addListener((o, old, node) -> node.setVisible(false));
                }
            }
            if (series.getNode() != null) {
                if (!series.getNode().getStyleClass().contains(style)) {
                    series.getNode().getStyleClass().add(style);
                }
            } else {
                series.nodeProperty().addListener((o, old, node) -> {
                    if (node != null && !node.getStyleClass().contains(style)) {
                        node.getStyleClass().add(style);
                    }
                });
            }
        }
    }
}
