package dev.tern.retain;

import dev.tern.routing.LevelTable;

/** One topic level of the retained trie; the message, if any, is kept with its full topic. */
final class RetainedNode<M> {

    /** Topic and message together, so a reader sees both of one put or neither. */
    record Entry<M>(String topic, M message) {
    }

    final String level;
    final LevelTable<RetainedNode<M>> children = new LevelTable<>();
    volatile Entry<M> entry;

    RetainedNode(String level) {
        this.level = level;
    }

    /** Writer only. */
    boolean isEmpty() {
        return entry == null && children.isEmpty();
    }
}
