package dev.polystream.launcher;

import dev.polystream.job.JobArguments;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code polystream local}: the embedded default, until interrupted. */
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
        JobArguments.Parsed parsed = JobArguments.parse(rest.toArray(String[]::new));
        if (!parsed.positional().isEmpty()) {
            throw new IllegalArgumentException("unexpected argument " + parsed.positional());
        }
        LocalStack stack;
        try {
            stack = LocalStack.start(parsed.configuration(), dataDir);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            LOG.error("Could not start the local stack", e);
            return 1;
        }
        AtomicBoolean shuttingDown = new AtomicBoolean();
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    shuttingDown.set(true);
                                    LOG.info("Interrupted: stopping the job, gateway and services");
                                    stack.close();
                                },
                                "polystream-shutdown"));
        try {
            stack.awaitJob();
            LOG.error("The job finished on its own; stopping");
        } catch (Exception e) {
            if (shuttingDown.get()) {
                // The shutdown hook cancelled the job; the JVM exits once the hook is done.
                return 0;
            }
            LOG.error("The job failed; stopping", e);
        }
        stack.close();
        return 1;
    }
}
