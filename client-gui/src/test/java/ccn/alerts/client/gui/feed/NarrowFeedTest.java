package ccn.alerts.client.gui.feed;

import ccn.alerts.client.gui.ClientApp;
import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Priority;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A demo tile is ~427 px wide: the first alert into an empty feed wraps instead of being cut. */
@ExtendWith(ApplicationExtension.class)
class NarrowFeedTest {
    private final FeedModel model = new FeedModel();

    @Start
    void start(Stage stage) {
        stage.setScene(ClientApp.createScene(new AlertFeedView(model), 427, 400));
        stage.show();
    }

    @Test
    void the_first_alert_into_a_narrow_feed_shows_its_whole_message(FxRobot robot) throws Exception {
        // when:
        robot.interact(() -> model.add(new Message.Alert(1, Priority.HIGH,
                "Weather Alert: Temp: 30.7°C, Humidity: 29%, Condition: Sunny, and a few more words to wrap",
                Instant.now().toString(), Message.AlertSource.AUTO, "weather",
                new Message.Weather(30.7, 29, "Sunny"), false)));
        WaitForAsyncUtils.waitForFxEvents();

        // then: the label is as tall as its wrapped text needs, so nothing is cut with "..."
        Label message = robot.lookup("#alertMessage").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> message.getWidth() > 0);
        double[] sizes = WaitForAsyncUtils.asyncFx(() -> new double[] {message.getHeight(),
                message.prefHeight(message.getWidth()), message.getFont().getSize()}).get(10, TimeUnit.SECONDS);
        assertTrue(sizes[0] + 0.5 >= sizes[1],
                "message is " + sizes[0] + " px tall but its wrapped text needs " + sizes[1]);
        assertTrue(sizes[1] > sizes[2] * 1.8, "the text does wrap onto two lines or more");
    }
}
