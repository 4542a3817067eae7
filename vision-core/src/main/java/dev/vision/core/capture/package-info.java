/**
 * Where frames come from: {@link dev.vision.core.capture.FrameSource} and {@link
 * dev.vision.core.capture.Sources#open}, image files and folders decoded by OpenCV; video, cameras and
 * streams come from a {@link dev.vision.core.capture.FrameSourceProvider} (module {@code vision-video}).
 */
package dev.vision.core.capture;
