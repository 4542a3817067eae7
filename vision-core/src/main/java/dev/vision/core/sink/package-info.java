/**
 * Where results go: {@link dev.vision.core.sink.ResultSink} implementations for annotated images, JSON
 * lines, CSV and a window, owned together by a {@link dev.vision.core.sink.SinkSet}.
 */
package dev.vision.core.sink;
