package dev.polystream.launcher;

import dev.polystream.job.config.JobArguments;
import dev.polystream.job.config.JobOptions;
import dev.polystream.ws.PriceTick;
import dev.polystream.ws.flink.PolymarketSourceOptions;
import dev.polystream.ws.transport.ConnectionStateChange;
import dev.polystream.ws.transport.MarketChannelClient;
import dev.polystream.ws.transport.MarketChannelConfig;
import dev.polystream.ws.transport.MarketChannelListener;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code polystream record --ws-url URL --watch TOKEN,... FILE}: the market channel's raw frames
 * for these tokens, one per line exactly as received, appended to a capture file that {@code
 * replay} accepts. Runs until SIGINT/SIGTERM; flushes every second and on the way out.
 */
final class RecordCommand {

    private static final Logger LOG = LoggerFactory.getLogger(RecordCommand.class);

    private RecordCommand() {}

    static int run(String[] args) throws IllegalArgumentException {
        JobArguments.Parsed parsed = JobArguments.parse(args);
        if (parsed.positional().size() != 1) {
            throw new IllegalArgumentException("takes exactly one capture FILE");
        }
        Configuration conf = parsed.configuration();
        if (conf.get(JobOptions.WATCH).isEmpty()) {
            throw new IllegalArgumentException("needs --watch TOKEN,... (the tokens to record)");
        }
        Preflight.checkPolymarket(conf);
        WatchList.resolveInto(conf);
        List<String> tokens = conf.get(JobOptions.WATCH);
        Path file = Path.of(parsed.positional().get(0));
        MarketChannelConfig config = PolymarketSourceOptions.marketChannelConfig(conf);
        CaptureWriter capture;
        try {
            capture = new CaptureWriter(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + file + ": " + e.getMessage());
        }
        MarketChannelClient client =
                MarketChannelClient.builder(config)
                        .listener(capture)
                        // Only the raw frames matter here: nothing to price over REST.
                        .restFallback(false)
                        .build();
        ScheduledExecutorService flusher =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "polystream-record-flush");
                            t.setDaemon(true);
                            return t;
                        });
        flusher.scheduleWithFixedDelay(capture::flush, 1, 1, TimeUnit.SECONDS);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    LOG.info("Interrupted: closing the market channel");
                                    client.close();
                                    flusher.shutdownNow();
                                    capture.close();
                                    LOG.info(
                                            "Recorded {} frames to {}",
                                            capture.frames(),
                                            file.toAbsolutePath());
                                    stopped.countDown();
                                },
                                "polystream-record-shutdown"));
        client.subscribe(tokens);
        client.start();
        LOG.info(
                "Recording {} tokens from {} to {} (Ctrl-C to stop)",
                tokens.size(),
                config.url(),
                file.toAbsolutePath());
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** Appends frames, one per line; thread-safe. */
    static final class CaptureWriter implements MarketChannelListener {
        private final BufferedWriter out;
        private long frames;
        private boolean closed;
        private IOException failure;

        CaptureWriter(Path file) throws IOException {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            this.out =
                    Files.newBufferedWriter(
                            file,
                            StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND);
        }

        /**
         * One frame, one line: JSON never needs a raw line break (inside strings they are escaped),
         * so any CR or LF between tokens becomes a space and the frame still parses.
         */
        static String line(String frame) {
            return frame.indexOf('\n') < 0 && frame.indexOf('\r') < 0
                    ? frame
                    : frame.replace('\r', ' ').replace('\n', ' ');
        }

        @Override
        public synchronized void onRawFrame(int connectionId, String frame, long receivedAtMs) {
            if (closed || failure != null) {
                return;
            }
            try {
                out.write(line(frame));
                out.newLine();
                frames++;
            } catch (IOException e) {
                failure = e;
                LOG.error("Cannot write the capture file; recording stops", e);
            }
        }

        @Override
        public void onTicks(List<PriceTick> ticks) {}

        @Override
        public void onConnectionStateChanged(ConnectionStateChange change) {}

        synchronized void flush() {
            if (closed || failure != null) {
                return;
            }
            try {
                out.flush();
            } catch (IOException e) {
                failure = e;
                LOG.error("Cannot write the capture file; recording stops", e);
            }
        }

        synchronized long frames() {
            return frames;
        }

        synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                out.close();
            } catch (IOException e) {
                LOG.error("Cannot finish the capture file", e);
            }
        }
    }
}
