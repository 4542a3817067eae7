package dev.vision.app;

import dev.vision.core.InvalidSettingException;
import dev.vision.serve.store.CountBucket;
import dev.vision.serve.store.CountQuery;
import dev.vision.serve.store.EventFilter;
import dev.vision.serve.store.EventStore;
import dev.vision.serve.store.EventsText;
import dev.vision.serve.store.StoreLocation;
import dev.vision.serve.store.StoredEvent;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
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

        /** The options given, by the names the store's queries take. */
        Map<String, String> given() {
            Map<String, String> all = new HashMap<>();
            all.put("camera", camera);
            all.put("from", from);
            all.put("to", to);
            return all;
        }

        /** Opens the store, prints what {@code read} makes of it, and closes it. */
        int print(Function<EventStore, List<String>> read) {
            try (EventStore opened = open(Console.forStderr(true))) {
                read.apply(opened).forEach(System.out::println);
            }
            return ExitCodes.OK;
        }

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
        ZoneId zone = ZoneId.systemDefault();
        Map<String, String> given = store.given();
        given.put("type", type);
        given.put("label", label);
        given.put("line", line);
        given.put("zone", this.zone);
        given.put("limit", Integer.toString(limit));
        EventFilter filter = EventFilter.of(name -> Optional.ofNullable(given.get(name)), zone, limit);
        return store.print(opened -> {
            List<StoredEvent> events = opened.events(filter);
            return format.json
                    ? EventsText.jsonLines(events)
                    : format.csv ? EventsText.csv(events) : EventsText.table(events, zone);
        });
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
            ZoneId zone = ZoneId.systemDefault();
            Map<String, String> given = store.given();
            given.put("line", place.line);
            given.put("zone", place.zone);
            given.put("bucket", bucket);
            CountQuery query = CountQuery.of(name -> Optional.ofNullable(given.get(name)), zone);
            return store.print(opened -> {
                List<CountBucket> buckets = opened.counts(query);
                return json
                        ? buckets.stream()
                                .map(b -> EventsText.json(b, query.place()).toString())
                                .toList()
                        : EventsText.table(buckets, query.place(), zone);
            });
        }
    }
}
