/**
 * Shapes in image pixels that users draw and counters test: {@link dev.vision.core.geometry.Point}, the
 * directed counting {@link dev.vision.core.geometry.Line}, the polygon {@link dev.vision.core.geometry.Zone},
 * and the {@link dev.vision.core.geometry.Anchor} of a box that must cross or lie inside them.
 */
package dev.vision.core.geometry;
