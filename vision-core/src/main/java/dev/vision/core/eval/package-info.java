/**
 * Labelled datasets (ImageFolder, YOLO, COCO) and the metrics computed on them: top-1/top-5 accuracy and
 * COCO-style mAP.
 */
package dev.vision.core.eval;
