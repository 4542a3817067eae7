package dev.vision.app;

import dev.vision.core.InvalidSettingException;
import dev.vision.serve.store.CountBucket;
import dev.vision.serve.store.CountQuery;
import dev.vision.serve.store.EventFilter;
import dev.vision.serve.store.EventStore;
import dev.vision.serve.store.EventsText;
import dev.vision.serve.store.HistoryEventType;
import dev.vision.serve.store.StoreLocation;
import dev.vision.serve.store.StoredEvent;
import dev.vision.serve.store.TimeArgument;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vision events --db …}: what the event store holds, as a table, JSON lines or CSV; and counts per bucket. */
@Command(
        name = "events",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "List the events of an event store (newest first), or count a line or zone per time bucket.",
        subcommands = EventsCommand.Counts.class)
final class EventsCommand implements Callable<Integer> {

    /** What both lists and counts read. */
    static final class Store {
        @Option(names = "--db", paramLabel = "FILE|JDBC_URL", description = "The event store (required).")
        String db;

        @Option(names = "--camera", paramLabel = "NAME", description = "Only this camera's events.")
        String camera;

        @Option(names = "--from", paramLabel = "TIME", description = "From this time: 2026-12-01T15:00 (local), …Z.")
        String from;

        @Option(names = "--to", paramLabel = "TIME", description = "Before this time.")
        String to;

        EventStore open(Console console) {
            if (db == null) { // not required by picocli: 'events counts' would then ask it of 'events' too
                throw new InvalidSettingException("db", "name the event store: --db FILE or --db jdbc:postgresql://…");
            }
            return EventStore.openExisting(StoreLocation.parse(db), line -> console.print("vision: " + line));
        }
    }

    @Mixin
    Store store;

    @Option(names = "--type", paramLabel = "TYPE", description = "Only events of this type (line_crossed, …).")
    String type;

    @Option(names = "--label", paramLabel = "CLASS", description = "Only events of objects of this class.")
    String label;

    @Option(names = "--line", paramLabel = "NAME", description = "Only crossings of this line.")
    String line;

    @Option(names = "--zone", paramLabel = "NAME", description = "Only entries and departures of this zone.")
    String zone;

    @Option(names = "--limit", defaultValue = "1000", description = "At most this many (default: ${DEFAULT-VALUE}).")
    int limit;

    @ArgGroup
    Format format = new Format();

    static final class Format {
        @Option(names = "--json", description = "One JSON object per event.")
        boolean json;

        @Option(names = "--csv", description = "CSV with a header row.")
        boolean csv;
    }

    @Override
    public Integer call() {
        Console console = Console.forStderr(true);
        ZoneId zone = ZoneId.systemDefault();
        EventFilter filter = EventFilter.newest(Math.max(1, Math.min(limit, EventFilter.MAX_LIMIT)));
        filter = store.camera == null ? filter : filter.camera(store.camera);
        filter = label == null ? filter : filter.label(label);
        filter = line == null ? filter : filter.line(line);
        filter = this.zone == null ? filter : filter.zone(this.zone);
        if (type != null) {
            filter = filter.type(HistoryEventType.byId(type)
                    .orElseThrow(() -> new InvalidSettingException(
                            "type", "'" + type + "' is not one of " + HistoryEventType.ids())));
        }
        filter = store.from == null ? filter : filter.from(TimeArgument.parse("from", store.from, zone));
        filter = store.to == null ? filter : filter.to(TimeArgument.parse("to", store.to, zone));
        try (EventStore opened = store.open(console)) {
            List<StoredEvent> events = opened.events(filter);
            List<String> lines = format.json
                    ? EventsText.jsonLines(events)
                    : format.csv ? EventsText.csv(events) : EventsText.table(events, zone);
            lines.forEach(System.out::println);
        }
        return ExitCodes.OK;
    }

    @Command(
            name = "counts",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description = "Crossings of a line (in, out) or visits of a zone (entered, left) per time bucket.")
    static final class Counts implements Callable<Integer> {
        @Mixin
        Store store;

        @ArgGroup(multiplicity = "1")
        Place place;

        static final class Place {
            @Option(names = "--line", paramLabel = "NAME", description = "Count this line's crossings.")
            String line;

            @Option(names = "--zone", paramLabel = "NAME", description = "Count this zone's visits.")
            String zone;
        }

        @Option(
                names = "--bucket",
                defaultValue = "1h",
                paramLabel = "15m|1h|1d",
                description = "Bucket length (default: ${DEFAULT-VALUE}).")
        String bucket;

        @Option(names = "--json", description = "One JSON object per bucket.")
        boolean json;

        @Override
        public Integer call() {
            Console console = Console.forStderr(true);
            ZoneId zone = ZoneId.systemDefault();
            CountQuery.Place where = place.line != null
                    ? new CountQuery.Place.OfLine(place.line)
                    : new CountQuery.Place.OfZone(place.zone);
            CountQuery query = new CountQuery(
                    Optional.ofNullable(store.camera),
                    where,
                    CountQuery.Bucket.parse(bucket),
                    Optional.ofNullable(store.from).map(t -> TimeArgument.parse("from", t, zone)),
                    Optional.ofNullable(store.to).map(t -> TimeArgument.parse("to", t, zone)));
            try (EventStore opened = store.open(console)) {
                List<CountBucket> buckets = opened.counts(query);
                List<String> lines = json
                        ? buckets.stream()
                                .map(b -> EventsText.json(b, where).toString())
                                .toList()
                        : EventsText.table(buckets, where, zone);
                lines.forEach(System.out::println);
            }
            return ExitCodes.OK;
        }
    }
}
