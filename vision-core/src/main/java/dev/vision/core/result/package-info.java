/**
 * What models say, as immutable values: {@link dev.vision.core.result.FrameResult} ({@link
 * dev.vision.core.result.DetectionResult} or {@link dev.vision.core.result.ClassificationResult}), {@link
 * dev.vision.core.result.Detection}, {@link dev.vision.core.result.Box}. They hold no native memory.
 */
package dev.vision.core.result;
