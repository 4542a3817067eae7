package dev.vision.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** The version of this build, from the resource Maven filters at package time. */
public final class VisionVersion implements CommandLine.IVersionProvider {

    public static String get() {
        try (InputStream in = VisionVersion.class.getResourceAsStream("/vision-version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"vision " + get()};
    }
}
