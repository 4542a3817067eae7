/**
 * Models that answer about images: {@link dev.vision.core.inference.Detector} and {@link
 * dev.vision.core.inference.Classifier} with their builders, over a DJL predictor with one translator per
 * task; engine and device choice live here.
 */
package dev.vision.core.inference;
