package ccn.alerts.launch;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The {@code Main-Class} of the runnable jars: checks the Java version first, so that
 * {@code java -jar} with an old Java prints one sentence saying what to install instead of an
 * {@code UnsupportedClassVersionError}, then calls the program named by the jar's
 * {@value #TARGET_ATTRIBUTE} manifest attribute.
 *
 * <p>Compiled for Java 8 (a separate compiler execution in core's pom), so that any Java from 8 on
 * can load it; it therefore uses no API newer than Java 8. Java 7 and older stop with their own
 * error before any of this runs.
 *
 * <p>Thread-safety: stateless.
 */
public final class Launcher {
    /** The Java feature release the program needs. */
    public static final int REQUIRED = 21;
    /** The manifest attribute naming the real main class. */
    public static final String TARGET_ATTRIBUTE = "Launcher-Main-Class";

    private Launcher() {
    }

    public static void main(String[] args) throws Throwable {
        String problem = problem(System.getProperty("java.specification.version"), System.getProperty("java.home"));
        if (problem != null) {
            System.err.println(problem);
            System.exit(1);
            return;
        }
        Method main = Class.forName(target()).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /**
     * The sentence to print when {@code specificationVersion} (the {@code java.specification.version}
     * property: "1.8", "17", "21") is too old, or null when it is new enough.
     */
    public static String problem(String specificationVersion, String javaHome) {
        int feature = feature(specificationVersion);
        if (feature >= REQUIRED) {
            return null;
        }
        String found = feature > 0 ? "Java " + feature : "Java \"" + specificationVersion + "\"";
        return "CCN Alert System needs Java " + REQUIRED + " or newer, but was started with " + found
                + (javaHome == null ? "" : " (" + javaHome + ")")
                + ": install a Java " + REQUIRED + "+ runtime (for example Temurin " + REQUIRED
                + " from https://adoptium.net) and start the jar with its java.";
    }

    /** 8 for "1.8", 17 for "17", 0 if unreadable. */
    static int feature(String specificationVersion) {
        if (specificationVersion == null) {
            return 0;
        }
        String s = specificationVersion.startsWith("1.") ? specificationVersion.substring(2) : specificationVersion;
        int end = 0;
        while (end < s.length() && Character.isDigit(s.charAt(end))) {
            end++;
        }
        try {
            return end == 0 ? 0 : Integer.parseInt(s.substring(0, end));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String target() throws IOException {
        URL jar = Launcher.class.getProtectionDomain().getCodeSource().getLocation();
        String name = null;
        try (JarFile file = new JarFile(new java.io.File(jar.toURI()))) {
            Manifest manifest = file.getManifest();
            if (manifest != null) {
                name = manifest.getMainAttributes().getValue(new Attributes.Name(TARGET_ATTRIBUTE));
            }
        } catch (java.net.URISyntaxException | IOException e) {
            throw new IOException("cannot read the manifest of " + jar + ": " + e.getMessage(), e);
        }
        if (name == null) {
            throw new IOException(jar + " has no " + TARGET_ATTRIBUTE + " manifest attribute");
        }
        return name;
    }
}
