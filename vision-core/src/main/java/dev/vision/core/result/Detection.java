package dev.vision.core.result;

/** One object found in an image: its class, confidence and box in original image pixels. */
public record Detection(String label, int classId, float score, Box box) {
}
