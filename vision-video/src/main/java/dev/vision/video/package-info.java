/**
 * Video through FFmpeg (JavaCV): files, cameras and network streams as
 * {@link dev.vision.core.capture.FrameSource}s (found by {@link dev.vision.core.capture.Sources#open} through
 * {@link dev.vision.video.FfmpegSourceProvider}), and the H.264 MP4 sink. Carries the GPL FFmpeg natives, so
 * it is a module of its own: programs that only read images do without it.
 */
package dev.vision.video;
