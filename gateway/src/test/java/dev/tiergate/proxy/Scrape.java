package dev.tiergate.proxy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One scrape of {@code /metrics} in Prometheus's text format: each sample's value by the series as printed, and each
 * metric family's type, so that a name used in a query can be matched with what is exported.
 */
final class Scrape {

    private final Map<String, Double> samples = new HashMap<>();
    private final Set<String> sampleNames = new HashSet<>();
    private final Map<String, String> types = new HashMap<>();

    private Scrape(String text) {
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] fields = line.split(" ");
                types.put(fields[2], fields[3]);
            } else if (!line.isBlank() && !line.startsWith("#")) {
                int space = line.lastIndexOf(' ');
                String series = line.substring(0, space);
                samples.put(series, Double.parseDouble(line.substring(space + 1)));
                int brace = series.indexOf('{');
                sampleNames.add(brace < 0 ? series : series.substring(0, brace));
            }
        }
    }

    static Scrape of(String text) {
        return new Scrape(text);
    }

    /** The value of one series exactly as printed, e.g. {@code tiergate_purges_total{kind="url",reach="this-instance"}}; -1 when absent. */
    double value(String series) {
        return samples.getOrDefault(series, -1.0);
    }

    /** The sum of every series of {@code name} whose printed labels contain each of {@code labels} (e.g. {@code kind="url"}). */
    double sum(String name, String... labels) {
        double sum = 0;
        for (Map.Entry<String, Double> sample : samples.entrySet()) {
            String series = sample.getKey();
            if (series.equals(name) || series.startsWith(name + "{") && containsAll(series, labels)) {
                sum += sample.getValue();
            }
        }
        return sum;
    }

    private static boolean containsAll(String series, String[] labels) {
        for (String label : labels) {
            if (!series.contains(label)) {
                return false;
            }
        }
        return true;
    }

    /**
     * True when a query may use {@code name}: a counter, gauge or summary family of that name has samples; or it is a
     * histogram's {@code _bucket}, or a histogram's or summary's {@code _count} or {@code _sum} (a summary has no
     * buckets, and a counter's {@code _total} is part of its family's name, not a suffix to strip).
     */
    boolean exports(String name) {
        if (!sampleNames.contains(name)) {
            return false;
        }
        if (types.containsKey(name)) {
            return true;
        }
        for (String suffix : new String[] {"_bucket", "_count", "_sum"}) {
            if (name.endsWith(suffix)) {
                String type = types.get(name.substring(0, name.length() - suffix.length()));
                return "histogram".equals(type) || !suffix.equals("_bucket") && "summary".equals(type);
            }
        }
        return false;
    }
}
