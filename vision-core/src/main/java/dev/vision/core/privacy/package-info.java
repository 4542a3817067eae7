/**
 * Masks and blur: privacy masks painted on each frame as it leaves the decoder (so the model, motion gating
 * and every output see only masked pixels), masks that make detection or motion gating ignore an area, and
 * the pixelation of chosen classes' boxes in image outputs.
 */
package dev.vision.core.privacy;
