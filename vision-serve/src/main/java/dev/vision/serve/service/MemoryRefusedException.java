package dev.vision.serve.service;

/** A camera was not added: the memory plan of every camera with it passes the process's limit. */
public final class MemoryRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    public MemoryRefusedException(String reason) {
        super(reason);
    }
}
