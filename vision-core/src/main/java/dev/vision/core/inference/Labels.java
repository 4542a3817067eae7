package dev.vision.core.inference;

import java.util.List;

/** Class names by id, with a readable stand-in for models given without a labels file. */
public final class Labels {

    private Labels() {}

    public static String of(List<String> labels, int classId) {
        return classId >= 0 && classId < labels.size() ? labels.get(classId) : "class" + classId;
    }
}
