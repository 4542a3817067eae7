package dev.vision.core.privacy;

import dev.vision.core.InvalidSettingException;
import dev.vision.core.geometry.Mask;
import dev.vision.core.geometry.MaskKind;
import dev.vision.core.geometry.MaskStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a run or camera hides and ignores: its masks, and the classes whose boxes are pixelated in every
 * image it writes or serves.
 */
public record Privacy(List<Mask> masks, Set<String> blur) {

    public Privacy {
        masks = List.copyOf(masks);
        blur = Set.copyOf(blur);
        new FrameMasks(masks); // two masks of one name are refused now
    }

    public static Privacy none() {
        return new Privacy(List.of(), Set.of());
    }

    public boolean isEmpty() {
        return masks.isEmpty() && blur.isEmpty();
    }

    /**
     * The masks and blur of a command line: {@code --privacy-mask}, {@code --motion-mask} and {@code
     * --ignore-mask} specs ({@code NAME=x1,y1,…}), the privacy masks' style, and {@code --blur} lists of classes
     * ({@code person,car}).
     *
     * @throws InvalidSettingException saying which spec is wrong and why
     */
    public static Privacy of(
            List<String> privacy, MaskStyle style, List<String> motion, List<String> ignore, List<String> blur) {
        List<Mask> masks = new ArrayList<>();
        privacy.forEach(spec -> masks.add(Mask.parse(spec, MaskKind.PRIVACY, style)));
        motion.forEach(spec -> masks.add(Mask.parse(spec, MaskKind.MOTION, style)));
        ignore.forEach(spec -> masks.add(Mask.parse(spec, MaskKind.IGNORE, style)));
        Set<String> classes = new LinkedHashSet<>();
        for (String list : blur) {
            Arrays.stream(list.split(",")).map(String::trim).forEach(c -> {
                if (c.isEmpty()) {
                    throw new InvalidSettingException("blur", "'" + list + "': needs class names, e.g. person,car");
                }
                classes.add(c);
            });
        }
        return new Privacy(masks, classes);
    }
}
