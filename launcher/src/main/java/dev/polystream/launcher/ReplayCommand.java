package dev.polystream.launcher;

import dev.polystream.job.config.JobArguments;
import dev.polystream.job.replay.ReplayJob;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code polystream replay --jdbc-url URL FILE}: a capture file through the pipeline. */
final class ReplayCommand {

    private static final Logger LOG = LoggerFactory.getLogger(ReplayCommand.class);

    private ReplayCommand() {}

    static int run(String[] args) throws IllegalArgumentException {
        JobArguments.Parsed parsed = JobArguments.parse(args);
        if (parsed.positional().size() != 1) {
            throw new IllegalArgumentException("takes exactly one capture FILE");
        }
        Path file = Path.of(parsed.positional().get(0));
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("cannot read " + file);
        }
        Configuration conf = parsed.configuration();
        MigrateCommand.migrate(conf);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
        ReplayJob.build(env, conf, file);
        long start = System.nanoTime();
        try {
            env.execute("polystream replay " + file.getFileName());
        } catch (Exception e) {
            LOG.error("Replay of {} failed", file, e);
            return 1;
        }
        LOG.info("Replayed {} in {} ms", file, (System.nanoTime() - start) / 1_000_000);
        return 0;
    }
}
