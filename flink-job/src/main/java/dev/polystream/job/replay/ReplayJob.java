package dev.polystream.job.replay;

import dev.polystream.job.PolystreamJob;
import dev.polystream.job.bar.ExchangeTimeWatermarks;
import dev.polystream.job.bar.PriceBar;
import dev.polystream.job.config.JobOptions;
import dev.polystream.job.sink.PriceTableSink;
import dev.polystream.ws.PriceTick;
import java.nio.file.Path;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Replays a capture file (one raw market-channel text frame per line) through the same pipeline as
 * the live job. Event time comes only from the frames' exchange timestamps, so a replay writes the
 * same rows every time, and replaying twice changes nothing.
 */
public final class ReplayJob {

    private ReplayJob() {}

    /** Adds the replay topology for {@code captureFile} to {@code env}. */
    public static void build(
            StreamExecutionEnvironment env, ReadableConfig conf, Path captureFile) {
        env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
        // One subtask end to end: books depend on frame order, and a single chain makes the
        // watermarks (and so the bars) a pure function of the file.
        env.setParallelism(1);
        FileSource<String> source =
                FileSource.forRecordStreamFormat(
                                new TextLineInputFormat(),
                                new org.apache.flink.core.fs.Path(
                                        captureFile.toAbsolutePath().toUri()))
                        .build();
        DataStream<PriceTick> ticks =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "capture " + captureFile)
                        .setParallelism(1)
                        .flatMap(new FramesToTicks())
                        .name("frames → ticks")
                        .setParallelism(1);
        DataStream<PriceBar> bars =
                PolystreamJob.bars(
                        ticks,
                        ExchangeTimeWatermarks.replay(
                                conf.get(JobOptions.WATERMARK_OUT_OF_ORDERNESS)));
        PriceTableSink.attach(bars, conf);
    }
}
