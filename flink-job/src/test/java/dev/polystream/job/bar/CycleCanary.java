package dev.polystream.job.bar;

/**
 * Half of a package cycle planted for {@code JobArchitectureTest}: this class in {@code bar} uses
 * the root package, whose canary uses it back. Test code only, never imported by the real rules.
 */
public final class CycleCanary {

    private CycleCanary() {}

    public static Class<?> root() {
        return dev.polystream.job.PolystreamJob.class;
    }
}
