package dev.polystream.job.config;

import dev.polystream.ws.flink.PolymarketSourceOptions;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;

/**
 * Every configuration key of the job in one list: the job's own ({@link JobOptions}) and the
 * WebSocket client's ({@link PolymarketSourceOptions}). The README's table is checked against it.
 */
public final class PolystreamOptions {

    private PolystreamOptions() {}

    /** All keys, sorted by name. */
    public static List<ConfigOption<?>> all() {
        List<ConfigOption<?>> options = new ArrayList<>();
        options.addAll(declaredIn(JobOptions.class));
        options.addAll(declaredIn(PolymarketSourceOptions.class));
        options.sort(Comparator.comparing(ConfigOption::key));
        return options;
    }

    private static List<ConfigOption<?>> declaredIn(Class<?> holder) {
        List<ConfigOption<?>> options = new ArrayList<>();
        for (Field field : holder.getFields()) {
            if (Modifier.isStatic(field.getModifiers())
                    && ConfigOption.class.isAssignableFrom(field.getType())) {
                try {
                    options.add((ConfigOption<?>) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return options;
    }
}
