package ccn.alerts.server;

import ccn.alerts.protocol.Message;
import ccn.alerts.testing.Await;
import ccn.alerts.testing.RawClient;
import ccn.alerts.testing.TestServer;
import ccn.alerts.testing.TestServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What goes wrong on the session loop stays with one session (from the review of the loop). */
class SessionLoopFailureTest {
    @RegisterExtension
    final TestServerExtension server = TestServerExtension.withDefaults();
    private TestServer ts;

    @Test
    void bytes_handed_over_with_the_login_are_counted() throws IOException {
        ts = server.start();
        RawClient apart = ts.rawHandshake();
        apart.hello();
        apart.send(new Message.Login("user1", "pass123"));
        apart.expect(Message.AuthSuccess.class);
        apart.send(new Message.Heartbeat(1));
        assertEquals(new Message.HeartbeatOk(1), apart.receive());

        RawClient together = ts.rawHandshake();
        together.hello();
        together.sendTogether(new Message.Login("user1", "pass123"), new Message.Heartbeat(1));
        together.expect(Message.AuthSuccess.class);
        assertEquals(new Message.HeartbeatOk(1), together.receive());

        var infos = ts.server().clients();
        assertEquals(2, infos.size());
        assertEquals(infos.get(0).bytesIn(), infos.get(1).bytesIn(), infos.toString());
    }

    @Test
    void an_error_thrown_on_the_loop_thread_does_not_stop_serving_other_sessions() throws IOException {
        ts = server.start();
        AtomicBoolean thrown = new AtomicBoolean();
        ts.server().addListener(new ServerListener() {
            @Override
            public void clientHeartbeat(ClientInfo client) {
                if ("admin".equals(client.username()) && thrown.compareAndSet(false, true)) {
                    throw new AssertionError("simulated Error on the loop thread");
                }
            }
        });
        RawClient victim = ts.rawLogin("admin", "admin123");
        RawClient bystander = ts.rawLogin("user1", "pass123");
        victim.send(new Message.Heartbeat(1));
        Await.until(thrown::get, "listener called");

        bystander.send(new Message.Heartbeat(2));
        try {
            assertEquals(new Message.HeartbeatOk(2), bystander.receive());
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the bystander's HEARTBEAT was never answered: the loop thread died", e);
        }
    }
}
