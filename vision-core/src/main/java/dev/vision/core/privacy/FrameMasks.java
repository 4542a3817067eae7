package dev.vision.core.privacy;

import dev.vision.core.InvalidSettingException;
import dev.vision.core.geometry.Mask;
import dev.vision.core.geometry.MaskKind;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The masks of one camera or run, which may be replaced while it runs ({@link #set}); every reader sees
 * either the old set or the new one whole. Thread-safe.
 */
public final class FrameMasks {

    private volatile List<Mask> masks;

    /** @throws InvalidSettingException when two masks share a name */
    public FrameMasks(List<Mask> masks) {
        this.masks = checked(masks);
    }

    /** No masks. */
    public static FrameMasks none() {
        return new FrameMasks(List.of());
    }

    /**
     * Replaces the masks; frames read from now on get the new ones.
     *
     * @throws InvalidSettingException when two masks share a name (the old ones stay)
     */
    public void set(List<Mask> changed) {
        this.masks = checked(changed);
    }

    /** All masks, in the order given. */
    public List<Mask> all() {
        return masks;
    }

    /** The masks of one kind. */
    public List<Mask> of(MaskKind kind) {
        return masks.stream().filter(m -> m.kind() == kind).toList();
    }

    public boolean isEmpty() {
        return masks.isEmpty();
    }

    private static List<Mask> checked(List<Mask> masks) {
        Set<String> names = new HashSet<>();
        for (Mask m : masks) {
            if (!names.add(m.name())) {
                throw new InvalidSettingException(
                        m.kind().setting(), m.name() + ": a mask of that name exists already");
            }
        }
        return List.copyOf(masks);
    }
}
