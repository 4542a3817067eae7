package dev.vision.serve.store;

/**
 * How a movement event's origin and destination are kept in the events' {@code detail} column:
 * {@code ORIGIN -> DESTINATION}, each a line with its direction ({@code "door in"}) or a zone's name.
 */
final class MovementDetail {
    private static final String ARROW = " -> ";

    private MovementDetail() {}

    static String of(String origin, String destination) {
        return origin + ARROW + destination;
    }

    /** {origin, destination}; a detail without the arrow (written by hand) is its own origin, with no destination. */
    static String[] parse(String detail) {
        int at = detail == null ? -1 : detail.lastIndexOf(ARROW);
        return at < 0
                ? new String[] {String.valueOf(detail), ""}
                : new String[] {detail.substring(0, at), detail.substring(at + ARROW.length())};
    }
}
