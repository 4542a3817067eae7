/**
 * The threads of a run: capture, inference and output stages joined by {@link
 * dev.vision.core.pipeline.Handoff}s, {@link dev.vision.core.pipeline.ResultStage result stages} in frame
 * order, drop policy and {@link dev.vision.core.pipeline.RunStats counters}. Programs use it through the run
 * builder ({@code VisionRun}).
 */
package dev.vision.core.pipeline;
