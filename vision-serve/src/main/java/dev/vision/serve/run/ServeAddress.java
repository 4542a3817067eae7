package dev.vision.serve.run;

import dev.vision.core.VisionException;

/** {@code --serve [HOST:]PORT}: loopback unless a host is named. */
public record ServeAddress(String host, int port) {

    /** @throws VisionException (one line, exit 2) for anything but [HOST:]PORT with a port of 0 to 65535 */
    public static ServeAddress parse(String spec) {
        String s = spec.trim();
        String host = "127.0.0.1";
        String port = s;
        int colon = s.lastIndexOf(':');
        if (colon >= 0) {
            host = s.substring(0, colon);
            port = s.substring(colon + 1);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (host.isEmpty()) {
                host = "127.0.0.1";
            }
        }
        int n;
        try {
            n = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new VisionException("--serve " + spec + ": expected [HOST:]PORT, e.g. 8080 or 0.0.0.0:8080");
        }
        if (n < 0 || n > 65535) {
            throw new VisionException("--serve " + spec + ": the port must be within 0..65535");
        }
        return new ServeAddress(host, n);
    }
}
