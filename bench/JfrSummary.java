import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording of one benchmark run for bench/compare.sh: where the CPU samples were
 * (top self frames, and the first frame of the project's own code on each stack) and how much the JVM
 * allocated per request served. Run as a single-file program:
 *
 * <pre>java bench/JfrSummary.java RECORDING.jfr REQUESTS [TOP]</pre>
 *
 * <p>Allocation is given two ways. {@code jdk.ThreadAllocationStatistics} holds each thread's exact
 * allocated-bytes counter, emitted when the recording starts and when it ends; the sum of the
 * differences is every byte allocated on the heap during the recording (threads that ended before it
 * did are missed), less what JFR's own threads and the attach listener allocated for the recording.
 * {@code jdk.ObjectAllocationSample} events are throttled samples whose weights add up to an estimate of
 * the same total, and they say which classes were allocated; a thread's first sample is left out, as
 * its weight is everything the thread allocated before it. The last line is {@code bytes-per-request=N}
 * (the exact figure), for the script to read.
 */
public final class JfrSummary {

    private static final String PROJECT_PACKAGE = "dev.tiergate.";

    private JfrSummary() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: java bench/JfrSummary.java RECORDING.jfr REQUESTS [TOP]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        long requests = Long.parseLong(args[1]);
        int top = args.length > 2 ? Integer.parseInt(args[2]) : 15;

        Map<String, Long> selfFrames = new HashMap<>();
        Map<String, Long> projectFrames = new HashMap<>();
        Map<String, Long> allocatedClasses = new HashMap<>();
        Map<Long, long[]> threadAllocated = new HashMap<>();   // thread id -> {first, last}
        Map<Long, String> threadNames = new HashMap<>();
        Map<Long, Boolean> sampledThreads = new HashMap<>();
        long samples = 0;
        long sampledWeight = 0;
        long collections = 0;
        Duration pauses = Duration.ZERO;
        Duration longestPause = Duration.ZERO;
        Instant first = null;
        Instant last = null;

        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                Instant at = event.getStartTime();
                first = first == null || at.isBefore(first) ? at : first;
                last = last == null || at.isAfter(last) ? at : last;
                switch (event.getEventType().getName()) {
                    case "jdk.ExecutionSample" -> {
                        samples++;
                        List<RecordedFrame> frames = frames(event.getStackTrace());
                        if (!frames.isEmpty()) {
                            selfFrames.merge(name(frames.get(0)), 1L, Long::sum);
                        }
                        frames.stream().filter(f -> name(f).startsWith(PROJECT_PACKAGE)).findFirst()
                                .ifPresent(f -> projectFrames.merge(name(f), 1L, Long::sum));
                    }
                    case "jdk.ObjectAllocationSample" -> {
                        RecordedThread thread = event.getThread("eventThread");
                        if (thread != null && sampledThreads.put(thread.getId(), true) == null) {
                            continue;
                        }
                        long weight = event.getLong("weight");
                        sampledWeight += weight;
                        allocatedClasses.merge(event.getClass("objectClass").getName(), weight, Long::sum);
                    }
                    case "jdk.ThreadAllocationStatistics" -> {
                        RecordedThread thread = event.getThread("thread");
                        long allocated = event.getLong("allocated");
                        if (thread != null) {
                            threadNames.put(thread.getId(), String.valueOf(thread.getJavaName()));
                            // A thread first seen at the end was started during the recording: from zero.
                            threadAllocated.computeIfAbsent(thread.getId(), id -> new long[] {allocated, allocated})[1] = allocated;
                        }
                    }
                    case "jdk.GarbageCollection" -> {
                        collections++;
                        Duration pause = event.getDuration("sumOfPauses");
                        pauses = pauses.plus(pause);
                        longestPause = pause.compareTo(longestPause) > 0 ? pause : longestPause;
                    }
                    default -> {
                    }
                }
            }
        }

        Map<String, Long> byThread = new HashMap<>();
        long recorderBytes = 0;
        for (Map.Entry<Long, long[]> e : threadAllocated.entrySet()) {
            String thread = threadNames.get(e.getKey());
            long bytes = e.getValue()[1] - e.getValue()[0];
            if (thread.startsWith("JFR ") || thread.equals("Attach Listener")) {
                recorderBytes += bytes;
            } else {
                byThread.merge(thread, bytes, Long::sum);
            }
        }
        long threadBytes = byThread.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("recording %s: %.1f s, %,d requests served while it ran%n", file.getFileName(),
                first == null ? 0.0 : Duration.between(first, last).toMillis() / 1000.0, requests);
        System.out.printf("%nheap allocation per request: %,d bytes (jdk.ThreadAllocationStatistics: %,d bytes over %d threads;"
                + " %,d bytes of JFR's own threads left out)%n", perRequest(threadBytes, requests), threadBytes, byThread.size(), recorderBytes);
        System.out.printf("                          ~ %,d bytes (jdk.ObjectAllocationSample weights: %,d bytes)%n",
                perRequest(sampledWeight, requests), sampledWeight);
        System.out.printf("GC: %d collections, %.1f ms paused in total, longest %.1f ms%n", collections,
                pauses.toNanos() / 1e6, longestPause.toNanos() / 1e6);
        System.out.printf("%nthreads by bytes allocated (jdk.ThreadAllocationStatistics):%n");
        printTop(byThread, threadBytes, 6, " B/request", requests);
        System.out.printf("%ntop self frames of %,d Java execution samples (jdk.ExecutionSample):%n", samples);
        printTop(selfFrames, samples, top, "");
        System.out.printf("%nfirst %s* frame on each sampled stack (the project's code the time was spent under):%n", PROJECT_PACKAGE);
        printTop(projectFrames, samples, top, "");
        System.out.printf("%nallocated classes by sample weight (jdk.ObjectAllocationSample):%n");
        printTop(allocatedClasses, sampledWeight, top, " B/request", requests);
        System.out.printf("%nbytes-per-request=%d%n", perRequest(threadBytes, requests));
    }

    private static List<RecordedFrame> frames(RecordedStackTrace stack) {
        return stack == null ? List.of() : stack.getFrames().stream().filter(RecordedFrame::isJavaFrame).toList();
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static long perRequest(long bytes, long requests) {
        return requests > 0 ? Math.round((double) bytes / requests) : 0;
    }

    private static void printTop(Map<String, Long> counts, long total, int top, String unit, long... requests) {
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(top)
                .forEach(e -> {
                    String extra = requests.length > 0 ? String.format("  %,8d%s", perRequest(e.getValue(), requests[0]), unit) : "";
                    System.out.printf("%6.1f%%%s  %s%n", total > 0 ? 100.0 * e.getValue() / total : 0.0, extra, e.getKey());
                });
    }
}
