/**
 * Drawing results on frames: boxes, labels, a HUD and classification panels, coloured by a {@link
 * dev.vision.core.overlay.ColorLookup} (by class or by track).
 */
package dev.vision.core.overlay;
