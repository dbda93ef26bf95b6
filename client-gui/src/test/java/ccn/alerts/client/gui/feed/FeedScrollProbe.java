package ccn.alerts.client.gui.feed;

import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Priority;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.skin.VirtualFlow;
import javafx.stage.Stage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Not a test: does the client's feed scroll without stalls with 10,000 cards? Scrolls the real
 * {@link AlertFeedView} (client stylesheet, {@link AlertCell}s) one step of 60 px per FX pulse,
 * top to bottom and back, and reports the time per step (scroll, CSS, layout) and the gaps
 * between pulses. Headless (Monocle, software rendering) unless {@code -Dprobe.window=true}.
 *
 * <pre>
 * ./mvnw -B -q -DskipTests install
 * ./mvnw -B -q -pl client-gui test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=ccn.alerts.client.gui.feed.FeedScrollProbe
 * </pre>
 */
public final class FeedScrollProbe {
    private FeedScrollProbe() {
    }

    public static void main(String[] args) {
        if (!Boolean.getBoolean("probe.window")) {
            System.setProperty("glass.platform", "Monocle");
            System.setProperty("monocle.platform", "Headless");
            System.setProperty("prism.order", "sw");
            System.setProperty("prism.text", "t2k");
        }
        Application.launch(App.class, args);
    }

    /** The application; separate so the class-path launcher accepts the main class. */
    public static final class App extends Application {
        private static final int CARDS = 10_000;
        private static final int STEPS = 1_200;

        @Override
        public void start(Stage stage) {
            FeedModel model = new FeedModel();
            List<Message.Alert> alerts = new ArrayList<>(CARDS);
            Priority[] priorities = Priority.values();
            for (int i = 1; i <= CARDS; i++) {
                alerts.add(new Message.Alert(i, priorities[i % priorities.length],
                        "Alert number " + i + ": " + "a longer message that wraps onto a second line of the card ".repeat(1 + i % 3),
                        Instant.parse("2026-11-30T12:00:00Z").plusSeconds(i).toString(),
                        Message.AlertSource.MANUAL, "console", null, false));
            }
            long t0 = System.nanoTime();
            model.addAll(alerts);
            double addMs = (System.nanoTime() - t0) / 1e6;
            AlertFeedView view = new AlertFeedView(model);
            Scene scene = ccn.alerts.client.gui.ClientApp.createScene(view, 480, 800);
            stage.setScene(scene);
            stage.show();
            VirtualFlow<?> flow = (VirtualFlow<?>) view.list().lookup(".virtual-flow");
            long[] stepNanos = new long[STEPS];
            long[] gapNanos = new long[STEPS];
            new AnimationTimer() {
                int step = -10; // let the first layout and cell creation settle
                long last;

                @Override
                public void handle(long now) {
                    if (step >= 0 && step < STEPS) {
                        gapNanos[step] = now - last;
                        long s = System.nanoTime();
                        flow.scrollPixels(step < STEPS / 2 ? 60 : -60);
                        view.applyCss();
                        view.layout();
                        stepNanos[step] = System.nanoTime() - s;
                    }
                    last = now;
                    if (++step > STEPS) {
                        stop();
                        System.out.printf(Locale.ROOT, "%d cards added in %.1f ms; %d scroll steps of 60 px%n",
                                model.allItems().size(), addMs, STEPS);
                        System.out.printf(Locale.ROOT, "time per step (scroll + CSS + layout): p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                                pct(stepNanos, 50), pct(stepNanos, 99), pct(stepNanos, 100));
                        long[] gaps = Arrays.copyOfRange(gapNanos, 1, STEPS);
                        System.out.printf(Locale.ROOT, "pulse gaps while scrolling: p50 %.1f ms, p99 %.1f ms, max %.1f ms; load average %.2f%n",
                                pct(gaps, 50), pct(gaps, 99), pct(gaps, 100),
                                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                        Platform.exit();
                    }
                }
            }.start();
        }

        private static double pct(long[] nanos, double p) {
            long[] s = nanos.clone();
            Arrays.sort(s);
            return s[Math.max(0, (int) Math.ceil(p / 100 * s.length) - 1)] / 1e6;
        }
    }
}
