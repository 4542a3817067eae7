/**
 * What tracked detections add up to: crossings of lines ({@link dev.vision.core.analytics.LineCounter}),
 * visits of zones ({@link dev.vision.core.analytics.ZoneCounter}), speed over a calibrated ground plane and a
 * heatmap of where objects went. Fed by any tracker's output; knows nothing of trackers.
 */
package dev.vision.core.analytics;
