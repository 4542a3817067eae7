package dev.vision.app;

/** {@code --serve [HOST:]PORT}: loopback unless a host is named. */
final class ServeAddress {

    private ServeAddress() {
    }

    /** {host, port}; throws with a usable message for anything else. */
    static String[] parse(String spec) {
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
            throw new IllegalArgumentException("--serve " + spec + ": expected [HOST:]PORT, e.g. 8080 or 0.0.0.0:8080");
        }
        if (n < 0 || n > 65535) {
            throw new IllegalArgumentException("--serve " + spec + ": port must be within 0..65535");
        }
        return new String[] {host, Integer.toString(n)};
    }
}
