package dev.polystream.job.universe;

import dev.polystream.intent.SubscriptionIntent;
import dev.polystream.ws.gamma.GammaClient;
import dev.polystream.ws.resilience.Backoff;
import dev.polystream.ws.resilience.FailureStreak;
import dev.polystream.ws.resilience.OutageLog;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the catalogue into subscription intent: polls Gamma every refresh interval (on its own
 * thread) and emits, for every token whose standing changed, the one absolute intent the source
 * operator understands, merged with what Kafka's intents (the input) say about the same token:
 * {@code positions} as Kafka has them, {@code watchers} plus one while the catalogue lists the
 * token. A market that leaves the catalogue (closed, resolved, filtered out) thus drops to Kafka's
 * counts, zero for nobody's token, and is unsubscribed.
 *
 * <p>Parallelism 1. Kafka's intents and the catalogue's tokens are checkpointed, so a restart emits
 * only what changed since; intents are absolute, so a repeated one is harmless anyway. Gamma
 * failures back off ({@link FailureStreak}) and are logged as one outage; a failed or empty walk
 * changes nothing.
 */
public final class UniverseIntentOperator extends AbstractStreamOperator<SubscriptionIntent>
        implements OneInputStreamOperator<SubscriptionIntent, SubscriptionIntent> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(UniverseIntentOperator.class);

    /** How often the task thread looks for a finished walk. */
    static final long PICK_UP_MS = 200;

    private static final Duration GAMMA_TIMEOUT = Duration.ofSeconds(15);

    private final Universe universe;
    private final URI gammaUrl;
    private final Duration refreshInterval;

    private transient ListState<SubscriptionIntent> kafkaState;
    private transient ListState<SubscriptionIntent> catalogueState;
    // Task thread only.
    private transient Map<String, SubscriptionIntent> kafka;
    private transient Map<String, String> catalogue;
    private transient StreamRecord<SubscriptionIntent> reuse;
    private transient volatile boolean stopped;
    private transient Counter scans;
    private transient Counter scanFailures;
    // Written by the walker thread, taken by the task thread.
    private transient AtomicReference<Map<String, String>> finished;
    private transient ScheduledExecutorService walker;
    private transient FailureStreak failures;
    private transient OutageLog outage;

    public UniverseIntentOperator(Universe universe, URI gammaUrl, Duration refreshInterval) {
        if (!universe.readsCatalogue()) {
            throw new IllegalArgumentException("universe=" + universe + " reads no catalogue");
        }
        if (refreshInterval.isZero() || refreshInterval.isNegative()) {
            throw new IllegalArgumentException(
                    "universe.refresh-interval must be positive, got " + refreshInterval);
        }
        this.universe = universe;
        this.gammaUrl = gammaUrl;
        this.refreshInterval = refreshInterval;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        TypeInformation<SubscriptionIntent> type = TypeInformation.of(SubscriptionIntent.class);
        kafkaState =
                context.getOperatorStateStore()
                        .getListState(new ListStateDescriptor<>("universe-kafka-intents", type));
        catalogueState =
                context.getOperatorStateStore()
                        .getListState(new ListStateDescriptor<>("universe-catalogue", type));
        kafka = new HashMap<>();
        catalogue = new HashMap<>();
        if (context.isRestored()) {
            for (SubscriptionIntent intent : kafkaState.get()) {
                kafka.put(intent.tokenId(), intent);
            }
            for (SubscriptionIntent token : catalogueState.get()) {
                catalogue.put(token.tokenId(), token.marketId());
            }
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        reuse = new StreamRecord<>(null);
        scans = getMetricGroup().counter("catalogueScans");
        scanFailures = getMetricGroup().counter("catalogueScanFailures");
        getMetricGroup().gauge("catalogueTokens", () -> catalogue.size());
        finished = new AtomicReference<>();
        failures =
                new FailureStreak(
                        new Backoff(Duration.ofSeconds(1), max(refreshInterval)), refreshInterval);
        outage = new OutageLog(LOG, "Gamma's catalogue at " + gammaUrl);
        walker =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "universe-catalogue");
                            t.setDaemon(true);
                            return t;
                        });
        CatalogueScan scan = new CatalogueScan(new GammaClient(gammaUrl, GAMMA_TIMEOUT), universe);
        walker.schedule(() -> walk(scan), 0, TimeUnit.MILLISECONDS);
        pickUpLater();
        LOG.info(
                "Universe '{}': walking Gamma's catalogue at {} every {} ({} tokens restored)",
                universe,
                gammaUrl,
                refreshInterval,
                catalogue.size());
    }

    @Override
    public void processElement(StreamRecord<SubscriptionIntent> element) {
        SubscriptionIntent intent = element.getValue();
        if (intent.wanted()) {
            kafka.put(intent.tokenId(), intent);
        } else {
            kafka.remove(intent.tokenId());
        }
        emit(intent.tokenId());
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        kafkaState.update(new ArrayList<>(kafka.values()));
        List<SubscriptionIntent> tokens = new ArrayList<>(catalogue.size());
        catalogue.forEach((token, market) -> tokens.add(listed(token, market)));
        catalogueState.update(tokens);
    }

    @Override
    public void close() throws Exception {
        stopped = true;
        if (walker != null) {
            walker.shutdownNow();
        }
        super.close();
    }

    /** The catalogue's tokens now (task thread; tests). */
    Map<String, String> catalogue() {
        return Map.copyOf(catalogue);
    }

    // ---------------------------------------------------------------------------------------

    /** On the walker thread: one walk, then the next one scheduled. */
    private void walk(CatalogueScan scan) {
        if (stopped) {
            return;
        }
        long delayMs;
        try {
            Map<String, String> tokens = scan.run();
            if (tokens.isEmpty()) {
                throw new IllegalStateException("the catalogue came back empty");
            }
            finished.set(tokens);
            outage.answered();
            failures.succeeded();
            delayMs = refreshInterval.toMillis();
        } catch (RuntimeException e) {
            if (stopped) {
                // Closing interrupted the walk: not an outage.
                return;
            }
            scanFailures.inc();
            outage.failure(e.getMessage());
            delayMs = failures.failed().toMillis();
        }
        if (!stopped) {
            walker.schedule(() -> walk(scan), delayMs, TimeUnit.MILLISECONDS);
        }
    }

    private void pickUpLater() {
        long now = getProcessingTimeService().getCurrentProcessingTime();
        getProcessingTimeService()
                .registerTimer(
                        now + PICK_UP_MS,
                        time -> {
                            if (!stopped) {
                                Map<String, String> tokens = finished.getAndSet(null);
                                if (tokens != null) {
                                    apply(tokens);
                                }
                                pickUpLater();
                            }
                        });
    }

    /** On the task thread: emits the tokens that joined or left the catalogue. */
    void apply(Map<String, String> tokens) {
        scans.inc();
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, String> entry : tokens.entrySet()) {
            if (catalogue.put(entry.getKey(), entry.getValue()) == null) {
                changed.add(entry.getKey());
            }
        }
        int added = changed.size();
        List<String> gone = new ArrayList<>();
        for (String token : catalogue.keySet()) {
            if (!tokens.containsKey(token)) {
                gone.add(token);
            }
        }
        for (String token : gone) {
            catalogue.remove(token);
            changed.add(token);
        }
        for (String token : changed) {
            emit(token);
        }
        if (!changed.isEmpty()) {
            LOG.info(
                    "Universe '{}': {} tokens listed, {} joined, {} left",
                    universe,
                    catalogue.size(),
                    added,
                    gone.size());
        }
    }

    /** The merged absolute intent of one token: Kafka's counts, plus one watch if listed. */
    private void emit(String token) {
        SubscriptionIntent fromKafka = kafka.get(token);
        String listedIn = catalogue.get(token);
        int positions = fromKafka == null ? 0 : fromKafka.positions();
        int watchers = (fromKafka == null ? 0 : fromKafka.watchers()) + (listedIn == null ? 0 : 1);
        String market =
                fromKafka != null && fromKafka.marketId() != null ? fromKafka.marketId() : listedIn;
        output.collect(
                reuse.replace(
                        new SubscriptionIntent(token, market, positions, watchers, Instant.now())));
    }

    private static SubscriptionIntent listed(String token, String market) {
        return new SubscriptionIntent(token, market, 0, 1, null);
    }

    private static Duration max(Duration refresh) {
        return refresh.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : refresh;
    }
}
