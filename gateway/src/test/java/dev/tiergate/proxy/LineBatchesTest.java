package dev.tiergate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Lines gathered per thread: handed on whole, in order, when a batch is full and on every hand-over. */
class LineBatchesTest {

    private final List<String> handed = new CopyOnWriteArrayList<>();
    private final LineBatches batches = new LineBatches(handed::add);

    private void add(String line) {
        batches.add(out -> out.append(line).append('\n'));
    }

    @Test
    void linesWaitForTheHandOverAndArriveInOrder() {
        add("one");
        add("two");

        assertThat(handed).isEmpty();
        batches.handOverAll();
        assertThat(handed).containsExactly("one\ntwo\n");
        batches.handOverAll();
        assertThat(handed).as("nothing pending, nothing handed").hasSize(1);
    }

    @Test
    void fullBatchIsHandedOnByTheWritingThread() {
        String line = "x".repeat(1023);
        for (int i = 0; i < LineBatches.MAX_CHARS / 1024; i++) {
            add(line);
        }

        assertThat(handed).singleElement().satisfies(batch -> {
            assertThat(batch.length()).isEqualTo(LineBatches.MAX_CHARS);
            assertThat(batch.lines()).hasSize(LineBatches.MAX_CHARS / 1024).allMatch(line::equals);
        });
    }

    @Test
    void eachThreadHasItsOwnBatch() throws Exception {
        add("main");
        Thread other = new Thread(() -> add("other"));
        other.start();
        other.join();

        batches.handOverAll();

        assertThat(handed).containsExactlyInAnyOrder("main\n", "other\n");
    }
}
