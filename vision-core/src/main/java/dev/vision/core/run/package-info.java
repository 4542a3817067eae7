/**
 * The run builder every command uses: {@link dev.vision.core.run.VisionRun} puts a source, a model, result
 * stages, an annotator and sinks together and runs them on the pipeline's threads.
 */
package dev.vision.core.run;
