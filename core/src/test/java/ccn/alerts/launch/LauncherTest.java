package ccn.alerts.launch;

import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LauncherTest {

    @Test
    void problem_isNullOnJava21AndNewer() {
        assertNull(Launcher.problem("21", "/opt/jdk-21"));
        assertNull(Launcher.problem("25", "/opt/jdk-25"));
    }

    @Test
    void problem_namesTheJavaFoundAndTheOneToInstall() {
        // when:
        String sentence = Launcher.problem("17", "/usr/lib/jvm/java-17");
        // then:
        assertNotNull(sentence);
        assertTrue(sentence.contains("Java 17 (/usr/lib/jvm/java-17)"), sentence);
        assertTrue(sentence.contains("install a Java 21+ runtime"), sentence);
        assertEquals(1, sentence.split("\\. ").length, "one sentence: " + sentence);
    }

    @Test
    void problem_readsTheOldStyleVersionOfJava8() {
        assertTrue(Launcher.problem("1.8", null).contains("started with Java 8:"), Launcher.problem("1.8", null));
        assertTrue(Launcher.problem("garbage", null).contains("Java \"garbage\""));
    }

    @Test
    void launcherClass_isJava8Bytecode_soOldJavasCanLoadIt() throws IOException {
        try (InputStream in = Launcher.class.getResourceAsStream("Launcher.class")) {
            DataInputStream data = new DataInputStream(in);
            data.readInt(); // magic
            data.readUnsignedShort(); // minor
            assertEquals(52, data.readUnsignedShort(), "class file major version (52 = Java 8)");
        }
    }
}
