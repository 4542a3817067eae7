/**
 * Decoding raw model output into boxes or classes: per-family decoders, score and class filters, class-wise
 * NMS, top-k. Plain Java arrays, no engine calls.
 */
package dev.vision.core.postprocess;
