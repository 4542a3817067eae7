package dev.vision.core.model;

/**
 * Whether a file is in place with its expected checksum ({@link Ok}), or why not ({@link Bad}): the
 * answer of checking, copying or downloading one.
 */
public sealed interface FileCheck permits FileCheck.Ok, FileCheck.Bad {

    /** The file is there and passed its check. */
    FileCheck OK = new Ok();

    /** The file is there and passed its check. */
    record Ok() implements FileCheck {}

    /** What is wrong: missing, unreadable, a checksum mismatch, a refused or failed download. */
    record Bad(String reason) implements FileCheck {}

    static FileCheck bad(String reason) {
        return new Bad(reason);
    }

    default boolean ok() {
        return this instanceof Ok;
    }

    /** Why not, for messages ("ok" when it is). */
    default String reason() {
        return this instanceof Bad bad ? bad.reason() : "ok";
    }
}
