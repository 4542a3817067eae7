package dev.vision.core.postprocess;

import java.util.BitSet;

/** Which classes a detector keeps: all of them, or only some, by class id. */
public sealed interface ClassSelection permits ClassSelection.All, ClassSelection.Only {

    /** Every class the model knows. */
    ClassSelection ALL = new All();

    /** Whether objects of class {@code classId} are kept. */
    boolean allows(int classId);

    /** Every class. */
    record All() implements ClassSelection {
        @Override
        public boolean allows(int classId) {
            return true;
        }
    }

    /** Only the classes whose ids are set; at least one. */
    record Only(BitSet ids) implements ClassSelection {
        public Only {
            if (ids.isEmpty()) {
                throw new IllegalArgumentException("a selection of classes names at least one");
            }
            ids = (BitSet) ids.clone();
        }

        @Override
        public BitSet ids() {
            return (BitSet) ids.clone();
        }

        @Override
        public boolean allows(int classId) {
            return ids.get(classId);
        }
    }
}
