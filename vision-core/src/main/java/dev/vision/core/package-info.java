/**
 * vision's library. Start with {@link dev.vision.core.inference.Detector#builder()} or
 * {@link dev.vision.core.inference.Classifier#builder()} for one image at a time, and
 * {@link dev.vision.core.run.VisionRun#builder()} to run a model over a whole source (a folder, a video, a
 * stream) with result stages, annotation and sinks. Errors the user can fix are {@link VisionException}s.
 */
package dev.vision.core;
