package dev.vision.core.run;

import dev.vision.core.InvalidSettingException;
import dev.vision.core.clip.ClipTrigger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a run's results go, decided before anything opens: the run folder for annotated copies, videos and
 * clips, the JSON lines and CSV files, the event outputs (MQTT, webhooks) and a window. The command line's
 * options and the service's camera settings both fill one; the application opens it as sinks.
 *
 * @param folder      where annotated images, videos, clips and run.json go, if anywhere
 * @param json        the JSON lines, if wanted
 * @param csv         the CSV file, if wanted
 * @param existing    what to do with files that are there already
 * @param clips       which events get a clip, and how much before and after each
 * @param events      where events are sent as they happen
 * @param display     whether the annotated frames are shown in a window
 * @param videoPreset the x264 preset of videos and clips
 */
public record OutputPlan(
        RunFolder folder,
        Optional<JsonTarget> json,
        Optional<Path> csv,
        Existing existing,
        Optional<ClipPlan> clips,
        List<EventTarget> events,
        Display display,
        String videoPreset) {

    public OutputPlan {
        Objects.requireNonNull(folder);
        Objects.requireNonNull(json);
        Objects.requireNonNull(csv);
        Objects.requireNonNull(existing);
        Objects.requireNonNull(clips);
        events = List.copyOf(events);
        Objects.requireNonNull(display);
        Objects.requireNonNull(videoPreset);
        if (clips.isPresent() && folder instanceof RunFolder.None) {
            throw new InvalidSettingException(
                    "clipOn", "clips are written into the run folder: a run with clips needs one");
        }
    }

    /** Whether the plan writes into a run folder. */
    public boolean savesToFolder() {
        return !(folder instanceof RunFolder.None);
    }

    /** The folder of annotated copies, videos, clips and run.json. */
    public sealed interface RunFolder permits RunFolder.None, RunFolder.Numbered, RunFolder.Given {
        /** Nothing is saved to a folder ({@code --no-save}). */
        record None() implements RunFolder {}

        /** A new numbered folder under {@code parent}: {@code runs/detect/1}, {@code runs/detect/2}, …. */
        record Numbered(Path parent) implements RunFolder {}

        /** This folder ({@code --out}): empty, or replaced with {@link Existing#REPLACE}. */
        record Given(Path dir) implements RunFolder {}
    }

    /** Where the JSON lines go. */
    public sealed interface JsonTarget permits JsonTarget.Stdout, JsonTarget.File {
        /** Standard output ({@code --json -}). */
        record Stdout() implements JsonTarget {}

        /** A file. */
        record File(Path path) implements JsonTarget {}
    }

    /** What happens to output files that are there already. */
    public enum Existing {
        /** A run refuses a non-empty folder or an existing file. */
        REFUSE,
        /** A run replaces them ({@code --force}). */
        REPLACE
    }

    /** Whether the annotated frames are shown as the run goes. */
    public enum Display {
        NONE,
        WINDOW
    }

    /** Which events get a clip, and how much of the video before and after the event each holds. */
    public record ClipPlan(List<ClipTrigger> triggers, Duration before, Duration after) {
        public ClipPlan {
            triggers = List.copyOf(triggers);
            if (triggers.isEmpty()) {
                throw new InvalidSettingException("clipOn", "a clip plan names at least one event");
            }
            if (before.isNegative() || after.isNegative()) {
                throw new InvalidSettingException("clip", "the time before and after an event is never negative");
            }
        }
    }

    /** Where events are sent as they happen. */
    public sealed interface EventTarget permits EventTarget.Mqtt, EventTarget.Webhook {
        /**
         * An MQTT broker; events go under {@code topicPrefix/STREAM/events}.
         *
         * @param user the user name, when the broker asks for one
         * @param password its password
         */
        record Mqtt(URI broker, String topicPrefix, Optional<String> user, Optional<String> password)
                implements EventTarget {
            /** A broker that asks for no user name. */
            public Mqtt(URI broker, String topicPrefix) {
                this(broker, topicPrefix, Optional.empty(), Optional.empty());
            }

            /**
             * A broker address and topic prefix as a user writes them, checked: {@code mqtt://} or {@code
             * mqtts://HOST[:PORT]}, and a prefix of levels joined by '/' with no wildcard and no empty level.
             *
             * @throws InvalidSettingException ({@code mqtt} or {@code mqttTopic}) for anything else
             */
            public static Mqtt parse(
                    String broker, String topicPrefix, Optional<String> user, Optional<String> password) {
                if (!broker.matches("(?i)mqtts?://[^/:]+(:\\d+)?/?")) {
                    throw new InvalidSettingException(
                            "mqtt", broker + ": not a broker address (mqtt://HOST:PORT or mqtts://HOST:PORT)");
                }
                if (topicPrefix.isEmpty()
                        || topicPrefix.contains("#")
                        || topicPrefix.contains("+")
                        || topicPrefix.startsWith("/")
                        || topicPrefix.endsWith("/")
                        || topicPrefix.contains("//")
                        || topicPrefix.indexOf('\0') >= 0) {
                    throw new InvalidSettingException(
                            "mqttTopic",
                            "'" + topicPrefix + "': a topic prefix is levels of text joined by '/', with no wildcard "
                                    + "('#', '+') and no empty level (e.g. vision or site/hall-2)");
                }
                return new Mqtt(URI.create(broker), topicPrefix, user, password);
            }

            @Override
            public String toString() { // never the password
                return "Mqtt[" + broker + ", " + topicPrefix
                        + user.map(u -> ", user " + u).orElse("") + "]";
            }
        }

        /** An HTTP endpoint that takes a POST per event. */
        record Webhook(URI url) implements EventTarget {
            /** @throws InvalidSettingException ({@code webhook}) for anything but an http:// or https:// URL */
            public static Webhook parse(String url) {
                if (!url.matches("(?i)https?://.+")) {
                    throw new InvalidSettingException("webhook", url + ": not an http:// or https:// URL");
                }
                try {
                    return new Webhook(URI.create(url));
                } catch (IllegalArgumentException e) {
                    throw new InvalidSettingException("webhook", url + ": " + e.getMessage());
                }
            }
        }
    }
}
