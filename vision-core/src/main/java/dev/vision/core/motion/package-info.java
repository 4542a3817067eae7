/**
 * Motion gating: {@link dev.vision.core.motion.MotionGate} runs the model only on frames that differ from a
 * running background of their source ({@link dev.vision.core.motion.MotionDetector}).
 */
package dev.vision.core.motion;
