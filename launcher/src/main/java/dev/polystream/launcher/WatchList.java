package dev.polystream.launcher;

import dev.polystream.job.config.JobOptions;
import dev.polystream.ws.gamma.GammaClient;
import dev.polystream.ws.gamma.GammaEvent;
import dev.polystream.ws.gamma.GammaException;
import dev.polystream.ws.gamma.GammaMarket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what {@code --watch} names into token ids: a token id stays as it is; a market or event
 * slug, or a polymarket.com link ({@code /event/<slug>[/<market>]}, {@code /market/<slug>}), is
 * resolved through Gamma ({@code gamma.url}) to its markets' tokens. Links to other hosts are
 * refused; the slug reaches Gamma URL-encoded.
 */
final class WatchList {

    private static final Logger LOG = LoggerFactory.getLogger(WatchList.class);

    private static final Pattern TOKEN = Pattern.compile("\\d{20,90}");
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9_-]{0,199}");
    private static final Pattern LINK_PATH =
            Pattern.compile(
                    "/(?:[a-z]{2}(?:-[a-z]{2})?/)?(event|market)/([a-z0-9_-]{1,200})"
                            + "(?:/([a-z0-9_-]{1,200}))?/?");

    private WatchList() {}

    /** Replaces slugs and links in {@code conf}'s watch list by token ids (no-op when none). */
    static void resolveInto(Configuration conf) {
        List<String> entries = conf.get(JobOptions.WATCH);
        if (entries.stream().allMatch(e -> TOKEN.matcher(e).matches())) {
            return;
        }
        URI gammaUrl =
                URI.create(
                        conf.toMap().getOrDefault("gamma.url", GammaClient.DEFAULT_URL.toString()));
        GammaClient gamma = new GammaClient(gammaUrl, Duration.ofSeconds(10));
        conf.set(JobOptions.WATCH, resolve(entries, gamma));
    }

    static List<String> resolve(List<String> entries, GammaClient gamma) {
        Set<String> tokens = new LinkedHashSet<>();
        for (String entry : entries) {
            if (TOKEN.matcher(entry).matches()) {
                tokens.add(entry);
                continue;
            }
            List<GammaMarket> markets;
            try {
                markets = markets(entry, gamma);
            } catch (GammaException e) {
                throw new StartupFailure(
                        "cannot look up --watch "
                                + entry
                                + " at Gamma ("
                                + gamma.baseUrl()
                                + ": "
                                + e.getMessage()
                                + "): check the network connection, or watch token ids");
            }
            List<String> found = new ArrayList<>();
            markets.forEach(m -> found.addAll(m.tokenIds()));
            if (found.isEmpty()) {
                throw new IllegalArgumentException(
                        "--watch "
                                + entry
                                + ": Gamma knows no market or event by that slug; copy the link"
                                + " from polymarket.com or give token ids");
            }
            LOG.info("--watch {}: {} market(s), tokens {}", entry, markets.size(), found);
            tokens.addAll(found);
        }
        return List.copyOf(tokens);
    }

    private static List<GammaMarket> markets(String entry, GammaClient gamma) {
        String text = entry.strip();
        if (text.contains("/") || text.contains(":")) {
            return fromLink(text, gamma);
        }
        String slug = text.toLowerCase(Locale.ROOT);
        if (!SLUG.matcher(slug).matches()) {
            throw new IllegalArgumentException(
                    "--watch takes token ids, market slugs or polymarket.com links; '"
                            + entry
                            + "' is none of them");
        }
        Optional<GammaMarket> market = gamma.marketBySlug(slug);
        if (market.isPresent()) {
            return List.of(market.get());
        }
        return gamma.eventBySlug(slug).map(GammaEvent::markets).orElse(List.of());
    }

    private static List<GammaMarket> fromLink(String text, GammaClient gamma) {
        URI uri;
        try {
            uri = URI.create(text.contains("://") ? text : "https://" + text);
        } catch (IllegalArgumentException e) {
            throw notALink(text);
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (!("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                || !(host.equals("polymarket.com") || host.equals("www.polymarket.com"))) {
            throw notALink(text);
        }
        Matcher m = LINK_PATH.matcher(uri.getPath().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw notALink(text);
        }
        if (m.group(3) != null || m.group(1).equals("market")) {
            String slug = m.group(3) != null ? m.group(3) : m.group(2);
            return gamma.marketBySlug(slug).map(List::of).orElse(List.of());
        }
        return gamma.eventBySlug(m.group(2)).map(GammaEvent::markets).orElse(List.of());
    }

    private static IllegalArgumentException notALink(String text) {
        return new IllegalArgumentException(
                "--watch "
                        + text
                        + ": only https://polymarket.com/event/<slug> and /market/<slug> links are"
                        + " looked up");
    }
}
