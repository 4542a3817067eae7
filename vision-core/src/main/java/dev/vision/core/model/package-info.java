/**
 * The model store (descriptors, cache, mirrors, URLs, sha256 checks) and the registry of {@link
 * dev.vision.core.model.ModelFamily model families}.
 */
package dev.vision.core.model;
