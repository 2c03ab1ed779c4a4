package dev.polystream.bench;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * Every sample a job histogram took during one benchmark step, not only the histogram's last
 * window: the sink's {@link DescriptiveStatisticsHistogram}s keep their last 10,000 values, which
 * is 100 s of bars over 100 tokens (so several earlier steps) and half a second over 20,000. A
 * thread copies the values added since its last look every 50 ms (read in insertion order from the
 * histogram's ring, under the ring's own lock), so the quantiles are exact over the step.
 */
final class LatencySampler implements AutoCloseable {

    private final List<Ring> rings = new ArrayList<>();
    private final Thread poller;
    private volatile boolean running = true;
    private double[] values = new double[1 << 16];
    private int size;
    private long lost;

    LatencySampler(List<Histogram> histograms) {
        for (Histogram h : histograms) {
            if (h instanceof DescriptiveStatisticsHistogram d) {
                rings.add(new Ring(d));
            }
        }
        poller =
                new Thread(
                        () -> {
                            while (running) {
                                drain();
                                try {
                                    Thread.sleep(50);
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        },
                        "latency-sampler");
        poller.setDaemon(true);
        poller.start();
    }

    /** Stops sampling; returns p50 and p99 of what was sampled (NaN when nothing was). */
    double[] stop() throws InterruptedException {
        running = false;
        poller.interrupt();
        poller.join(5_000);
        drain();
        if (size == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        return new double[] {quantile(sorted, 0.5), quantile(sorted, 0.99)};
    }

    /** Samples that were overwritten before they could be read (0 unless the poller stalled). */
    long lost() {
        return lost;
    }

    int sampled() {
        return size;
    }

    private static double quantile(double[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
    }

    private synchronized void drain() {
        for (Ring ring : rings) {
            ring.drainTo(this);
        }
    }

    private void add(double v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = v;
    }

    @Override
    public void close() throws InterruptedException {
        if (running) {
            stop();
        }
    }

    /** The histogram's ring buffer, read through reflection (Flink keeps it private). */
    private static final class Ring {
        private final Object array;
        private final double[] backing;
        private final Field nextPos;
        private final Field elementsSeen;
        private long seen;

        Ring(DescriptiveStatisticsHistogram histogram) {
            try {
                Field f =
                        DescriptiveStatisticsHistogram.class.getDeclaredField(
                                "descriptiveStatistics");
                f.setAccessible(true);
                array = f.get(histogram);
                Field b = array.getClass().getDeclaredField("backingArray");
                b.setAccessible(true);
                backing = (double[]) b.get(array);
                nextPos = array.getClass().getDeclaredField("nextPos");
                nextPos.setAccessible(true);
                elementsSeen = array.getClass().getDeclaredField("elementsSeen");
                elementsSeen.setAccessible(true);
                seen = histogram.getCount(); // only what comes from now on
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Flink's histogram changed shape", e);
            }
        }

        void drainTo(LatencySampler sampler) {
            try {
                synchronized (array) {
                    long now = elementsSeen.getLong(array);
                    long fresh = now - seen;
                    int n = (int) Math.min(fresh, backing.length);
                    sampler.lost += fresh - n;
                    int end = nextPos.getInt(array);
                    for (int i = n; i > 0; i--) {
                        sampler.add(backing[Math.floorMod(end - i, backing.length)]);
                    }
                    seen = now;
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
