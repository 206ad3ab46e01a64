package dev.tern.engine;

import dev.tern.store.SessionStore;
import dev.tern.time.VirtualExecutor;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the journal hands its store batch at the end of a turn: acknowledged deliveries as ranges,
 * and the sent mark once per client (persistence write path, issue 5).
 */
class ShardJournalTest {
    private final VirtualExecutor executor = new VirtualExecutor();
    private final List<String> writes = new ArrayList<>();
    private final SessionStore.Batch batch = (SessionStore.Batch) Proxy.newProxyInstance(
            SessionStore.Batch.class.getClassLoader(), new Class<?>[] {SessionStore.Batch.class}, (proxy, m, args) -> {
                switch (m.getName()) {
                    case "isEmpty":
                        return writes.isEmpty();
                    case "commit":
                        writes.add("commit");
                        return null;
                    default:
                        writes.add(m.getName() + Arrays.toString(args));
                        return null;
                }
            });
    private final GroupCommit commit = new GroupCommit(0, executor, batch);
    private final ShardJournal journal = new ShardJournal(executor, commit);

    @Test
    void acknowledged_runs_become_range_deletes_and_the_highest_sent_mark_is_written_once() {
        journal.markSent("c", 6);
        journal.deleteDelivery("c", 3);
        journal.deleteDelivery("c", 1);
        journal.deleteDelivery("d", 9);
        journal.deleteDelivery("c", 2);
        journal.deleteDelivery("c", 5);
        journal.markSent("c", 7);
        assertThat(writes).as("nothing before the end of the turn").isEmpty();

        executor.runPending();

        assertThat(writes).containsExactlyInAnyOrder(
                "deleteDeliveries[c, 1, 4]", "deleteDelivery[c, 5]", "putSentMark[c, 7]",
                "deleteDelivery[d, 9]", "commit");
        assertThat(writes.get(writes.size() - 1)).isEqualTo("commit");
    }

    @Test
    void a_session_deleted_in_the_same_turn_takes_its_pending_deletes_and_mark_with_it() {
        journal.deleteDelivery("c", 1);
        journal.markSent("c", 2);
        journal.deleteSession("c"); // its range delete covers both
        journal.markSent("c", 1); // a new session under the same id, same turn

        executor.runPending();

        assertThat(writes).containsExactly("deleteSession[c]", "putSentMark[c, 1]", "commit");
    }
}
