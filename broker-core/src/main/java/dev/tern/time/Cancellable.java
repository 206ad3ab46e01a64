package dev.tern.time;

/** A scheduled task that can still be cancelled; cancelling after it ran does nothing. */
@FunctionalInterface
public interface Cancellable {
    Cancellable NONE = () -> { };

    void cancel();
}
