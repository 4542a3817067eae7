/**
 * From a BGR image to a model's input tensor as its {@link dev.vision.core.preprocess.InputSpec} says
 * (letterbox, stretch or crop, colour order, normalisation), and the {@link
 * dev.vision.core.preprocess.Letterbox} that maps boxes back.
 */
package dev.vision.core.preprocess;
