package dev.polystream.ws.testing;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A sink that keeps every record (with its timestamp) in memory, for jobs run on a MiniCluster in
 * the test's JVM. Read it while the job runs.
 */
public final class CollectingSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;

    private static final Map<String, ConcurrentLinkedQueue<Record<?>>> RECORDS =
            new ConcurrentHashMap<>();

    /** A record and its Flink timestamp (null when it had none). */
    public record Record<T>(T value, Long timestamp) {}

    private final String id = UUID.randomUUID().toString();

    public CollectingSink() {
        RECORDS.put(id, new ConcurrentLinkedQueue<>());
    }

    /** Everything received so far, in arrival order (across subtasks). */
    @SuppressWarnings("unchecked")
    public List<Record<T>> records() {
        return RECORDS.get(id).stream().map(r -> (Record<T>) r).toList();
    }

    public List<T> values() {
        return records().stream().map(Record::value).toList();
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        ConcurrentLinkedQueue<Record<?>> records = RECORDS.get(id);
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context context) {
                records.add(new Record<>(element, context.timestamp()));
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
