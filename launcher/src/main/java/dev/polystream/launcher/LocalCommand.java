package dev.polystream.launcher;

import dev.polystream.job.config.JobArguments;
import dev.polystream.job.config.JobOptions;
import dev.polystream.job.sink.JdbcSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.flink.configuration.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code polystream local}: the embedded default, until interrupted. Arguments are checked, fixed
 * ports and Polymarket probed, and {@code --watch} slugs resolved before anything starts; Ctrl-C
 * (SIGINT) or SIGTERM stops the job, the gateway, Kafka and PostgreSQL in that order, once ({@link
 * LocalShutdown}).
 */
final class LocalCommand {

    private static final Logger LOG = LoggerFactory.getLogger(LocalCommand.class);

    private LocalCommand() {}

    static int run(String[] args) throws IllegalArgumentException {
        List<String> rest = new ArrayList<>();
        Path dataDir = Path.of(System.getProperty("polystream.home", ".polystream"));
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--data-dir")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--data-dir needs a value");
                }
                dataDir = Path.of(args[++i]);
            } else {
                rest.add(args[i]);
            }
        }
        JobArguments.Parsed parsed =
                JobArguments.parse(LocalStack.gatewayKeys(), rest.toArray(String[]::new));
        if (!parsed.positional().isEmpty()) {
            throw new IllegalArgumentException("unexpected argument " + parsed.positional());
        }
        Configuration conf = parsed.configuration();
        Preflight.checkPorts(conf);
        Preflight.checkPolymarket(conf);
        WatchList.resolveInto(conf);

        LocalShutdown shutdown = LocalShutdown.install();
        LocalStack stack;
        try {
            stack = LocalStack.start(conf, dataDir);
        } catch (IllegalArgumentException | StartupFailure e) {
            throw e;
        } catch (Exception e) {
            String url =
                    conf.getOptional(JobOptions.JDBC_URL)
                            .map(u -> u.replaceAll("(?i)(password=)[^&;]*", "$1***"))
                            .orElse("the embedded PostgreSQL");
            Optional<StartupFailure> expected = StartFailures.explain(e, url, true);
            if (expected.isPresent()) {
                throw expected.get();
            }
            LOG.error("Could not start the local stack", e);
            return 1;
        }
        return runUntilStopped(stack, shutdown);
    }

    private static int runUntilStopped(LocalStack stack, LocalShutdown shutdown) {
        shutdown.started(stack);
        if (shutdown.stopRequested()) {
            return 0;
        }
        Configuration conf = stack.configuration();
        ScheduledExecutorService hint =
                IdleHint.schedule(
                        conf.get(JobOptions.WATCH).isEmpty() ? IdleHint.delay() : null,
                        stack.jdbcUrl(),
                        conf.get(JobOptions.JDBC_USER),
                        JdbcSettings.password(conf));
        try {
            stack.awaitJob();
            if (!shutdown.stopRequested()) {
                LOG.error("The job finished on its own; stopping");
            }
        } catch (Exception e) {
            if (!shutdown.stopRequested()) {
                LOG.error("The job failed; stopping", e);
            }
        } finally {
            hint.shutdownNow();
        }
        if (shutdown.stopRequested()) {
            // The stop cancelled the job; wait until it has closed everything else too.
            shutdown.closeOnce();
            return 0;
        }
        shutdown.closeOnce();
        return 1;
    }
}
