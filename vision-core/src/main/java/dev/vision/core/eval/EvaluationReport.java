package dev.vision.core.eval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vision.core.pipeline.RunStats;
import java.util.List;

/**
 * What an evaluation found: the lines a person reads, the metrics as JSON, and the run's figures (how many
 * inputs were skipped).
 */
public record EvaluationReport(List<String> lines, ObjectNode json, RunStats stats) {}
