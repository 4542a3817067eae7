/**
 * {@link dev.vision.core.frame.Frame}: one owned BGR image and its {@link dev.vision.core.frame.FrameMeta};
 * OpenCV's natives, loaded once per JVM.
 */
package dev.vision.core.frame;
