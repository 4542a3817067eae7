package dev.vision.core.track;

import dev.vision.core.result.Box;
import java.util.Optional;

/**
 * What an object looks like in one frame: a descriptor for a box of that frame's image. A tracker that
 * tells objects apart by appearance asks it for the boxes it needs; one that does not never calls it.
 */
@FunctionalInterface
public interface Appearance {

    /** No pixels: trackers associate by motion alone. */
    Appearance NONE = box -> Optional.empty();

    /** The descriptor of what is inside {@code box} (original-image pixels); empty when nothing can be seen. */
    Optional<AppearanceDescriptor> describe(Box box);
}
