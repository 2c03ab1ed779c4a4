package dev.polystream.job.backfill;

import dev.polystream.job.sink.JdbcTarget;
import dev.polystream.ws.PriceTick;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Hands each token to the back-fill the first time a tick of it arrives (keyed by token, so one
 * subtask decides for a token; keyed state "requested" remembers it across checkpoints). Never
 * waits: the loading runs on a {@link BackfillWorker}; the tokens it has not finished are kept in
 * operator state at each checkpoint and queued again on restore. Emits nothing.
 */
final class HistoryBackfill extends KeyedProcessFunction<String, PriceTick, Void>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    private final BackfillSettings settings;
    private final JdbcTarget target;
    private transient ValueState<Boolean> requested;
    private transient ListState<String> unfinished;
    private transient List<String> restored;
    private transient BackfillWorker worker;

    HistoryBackfill(BackfillSettings settings, JdbcTarget target) {
        this.settings = settings;
        this.target = target;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        unfinished =
                context.getOperatorStateStore()
                        .getListState(
                                new ListStateDescriptor<>("backfill-unfinished", Types.STRING));
        restored = new ArrayList<>();
        if (context.isRestored()) {
            for (String token : unfinished.get()) {
                restored.add(token);
            }
        }
    }

    @Override
    public void open(OpenContext openContext) {
        requested =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("backfill-requested", Types.BOOLEAN));
        int subtasks = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
        worker =
                new BackfillWorker(
                        settings,
                        target,
                        1.0 / subtasks,
                        "history-backfill-"
                                + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask());
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        metrics.gauge("historyTokensLoaded", worker.loaded::get);
        metrics.gauge("historyPoints", worker.points::get);
        metrics.gauge("historyFailures", worker.failures::get);
        metrics.gauge("historyGivenUp", worker.givenUp::get);
        for (String token : restored) {
            worker.offer(token);
        }
        restored = null;
        worker.start();
    }

    @Override
    public void processElement(PriceTick tick, Context ctx, Collector<Void> out) throws Exception {
        if (requested.value() == null && worker.offer(tick.tokenId())) {
            requested.update(Boolean.TRUE);
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        unfinished.update(worker == null ? List.of() : worker.pending());
    }

    @Override
    public void close() {
        if (worker != null) {
            worker.close();
        }
    }
}
