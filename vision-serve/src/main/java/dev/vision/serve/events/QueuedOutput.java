package dev.vision.serve.events;

import java.time.Duration;

/** An event output that delivers through a {@link DeliveryQueue}: the counting and closing they all share. */
abstract class QueuedOutput<M> implements EventOutput {

    private DeliveryQueue<M> queue;

    /** Set once, by the subclass's constructor, before any message is sent. */
    final void deliverThrough(DeliveryQueue<M> deliveryQueue) {
        this.queue = deliveryQueue;
    }

    final void enqueue(M message) {
        queue.offer(message);
    }

    @Override
    public long delivered() {
        return queue.delivered();
    }

    @Override
    public long notDelivered() {
        return queue.notDelivered();
    }

    @Override
    public void close(Duration drain) {
        queue.close(drain);
    }
}
