package dev.vision.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of this build of vision, as Maven wrote it into the core's jar. */
public final class VisionVersion {

    private VisionVersion() {}

    /** "0.1.0-SNAPSHOT", or "unknown" when the classes run outside a built jar or build folder. */
    public static String get() {
        try (InputStream in = VisionVersion.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
