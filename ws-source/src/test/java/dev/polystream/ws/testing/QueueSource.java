package dev.polystream.ws.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * An unbounded FLIP-27 source fed from the test: {@link #add} elements while the job runs on a
 * MiniCluster in the same JVM. It never finishes on its own, so operators downstream stay alive
 * (cancel the job to stop). Run it with parallelism 1.
 *
 * <pre>{@code
 * QueueSource<SubscriptionIntent> intents = QueueSource.create(SubscriptionIntent.class);
 * env.fromSource(intents, WatermarkStrategy.noWatermarks(), "intents").setParallelism(1)
 * ...
 * intents.add(new SubscriptionIntent(token, 1, 0));
 * }</pre>
 */
public final class QueueSource<T>
        implements Source<T, QueueSource.QueueSplit, Void>, ResultTypeQueryable<T> {

    private static final long serialVersionUID = 1L;

    private static final Map<String, BlockingQueue<Object>> QUEUES = new ConcurrentHashMap<>();

    private final String id;
    private final TypeInformation<T> type;

    private QueueSource(TypeInformation<T> type) {
        this.id = UUID.randomUUID().toString();
        this.type = type;
        QUEUES.put(id, new LinkedBlockingQueue<>());
    }

    public static <T> QueueSource<T> create(Class<T> type) {
        return new QueueSource<>(TypeInformation.of(type));
    }

    /** Queues elements for the running (or future) job. */
    @SafeVarargs
    public final void add(T... elements) {
        for (T element : elements) {
            QUEUES.get(id).add(Objects.requireNonNull(element));
        }
    }

    /** Elements not yet read by the job. */
    public int pending() {
        return QUEUES.get(id).size();
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return type;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SplitEnumerator<QueueSplit, Void> createEnumerator(
            SplitEnumeratorContext<QueueSplit> context) {
        return new Enumerator(context, id);
    }

    @Override
    public SplitEnumerator<QueueSplit, Void> restoreEnumerator(
            SplitEnumeratorContext<QueueSplit> context, Void checkpoint) {
        return new Enumerator(context, id);
    }

    @Override
    public SimpleVersionedSerializer<QueueSplit> getSplitSerializer() {
        return new SimpleVersionedSerializer<>() {
            @Override
            public int getVersion() {
                return 1;
            }

            @Override
            public byte[] serialize(QueueSplit split) {
                return split.queueId().getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public QueueSplit deserialize(int version, byte[] bytes) {
                return new QueueSplit(new String(bytes, StandardCharsets.UTF_8));
            }
        };
    }

    @Override
    public SimpleVersionedSerializer<Void> getEnumeratorCheckpointSerializer() {
        return new SimpleVersionedSerializer<>() {
            @Override
            public int getVersion() {
                return 1;
            }

            @Override
            public byte[] serialize(Void nothing) {
                return new byte[0];
            }

            @Override
            public Void deserialize(int version, byte[] bytes) {
                return null;
            }
        };
    }

    @Override
    public SourceReader<T, QueueSplit> createReader(SourceReaderContext context) {
        return new Reader<>();
    }

    /** The one split: which queue to read. */
    public record QueueSplit(String queueId) implements SourceSplit {
        @Override
        public String splitId() {
            return queueId;
        }
    }

    private static final class Enumerator implements SplitEnumerator<QueueSplit, Void> {
        private final SplitEnumeratorContext<QueueSplit> context;
        private final String queueId;
        private boolean assigned;

        Enumerator(SplitEnumeratorContext<QueueSplit> context, String queueId) {
            this.context = context;
            this.queueId = queueId;
        }

        @Override
        public void start() {}

        @Override
        public void handleSplitRequest(int subtaskId, String requesterHostname) {}

        @Override
        public void addSplitsBack(List<QueueSplit> splits, int subtaskId) {
            assigned = false;
        }

        @Override
        public void addReader(int subtaskId) {
            if (!assigned && subtaskId == 0) {
                context.assignSplit(new QueueSplit(queueId), 0);
                assigned = true;
            }
        }

        @Override
        public Void snapshotState(long checkpointId) {
            return null;
        }

        @Override
        public void close() {}
    }

    private static final class Reader<T> implements SourceReader<T, QueueSplit> {
        private BlockingQueue<Object> queue;
        private QueueSplit split;

        @Override
        public void start() {}

        @Override
        @SuppressWarnings("unchecked")
        public InputStatus pollNext(ReaderOutput<T> output) {
            Object next = queue == null ? null : queue.poll();
            if (next == null) {
                return InputStatus.NOTHING_AVAILABLE;
            }
            output.collect((T) next);
            return InputStatus.MORE_AVAILABLE;
        }

        @Override
        public List<QueueSplit> snapshotState(long checkpointId) {
            return split == null ? List.of() : List.of(split);
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            // Polls: a queue filled from the test thread has no callback to wake the reader.
            return CompletableFuture.runAsync(
                    () -> {}, CompletableFuture.delayedExecutor(10, TimeUnit.MILLISECONDS));
        }

        @Override
        public void addSplits(List<QueueSplit> splits) {
            split = splits.get(0);
            queue = QUEUES.get(split.queueId());
        }

        @Override
        public void notifyNoMoreSplits() {}

        @Override
        public void close() {}
    }
}
