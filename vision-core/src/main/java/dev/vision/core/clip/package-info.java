/**
 * Event clips: {@link dev.vision.core.clip.ClipTrigger} says which events get one, and
 * {@link dev.vision.core.clip.ClipMarker} names each clip in its event; module {@code vision-video} writes them.
 */
package dev.vision.core.clip;
