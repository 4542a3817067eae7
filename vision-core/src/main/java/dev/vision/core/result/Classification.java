package dev.vision.core.result;

/** One class of an image classifier's top-k answer. */
public record Classification(String label, int classId, float score) {}
