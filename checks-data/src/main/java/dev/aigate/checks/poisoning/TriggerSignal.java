package dev.aigate.checks.poisoning;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The trigger signal: a rare feature value (beyond the baseline's 1st or 99th percentile, or a rare category) that new
 * rows of one label carry far more often than the approved rows of that label do, which is how a backdoor trigger
 * looks in tabular or pixel data. The rows named are those of that label carrying at least half of its flagged values.
 */
final class TriggerSignal {
    private final Table table;
    private final Baseline baseline;
    private final PoisoningConfig.Trigger settings;
    private final int[] newRows;

    TriggerSignal(Table table, Baseline baseline, PoisoningConfig.Trigger settings, int[] newRows) {
        this.table = table;
        this.baseline = baseline;
        this.settings = settings;
        this.newRows = newRows;
    }

    /** A rare value of one feature: above the 99th or below the 1st percentile, or a rare or unseen category. */
    private record Event(int feature, int tail, String category) {
        String describe(List<String> names, Baseline.FeatureStats stats) {
            String name = Text.abbreviate(names.get(feature));
            if (category != null) {
                return name + " = '" + Text.abbreviate(category) + "'";
            }
            return tail > 0 ? name + " > " + Text.num(stats.highTail()) : name + " < " + Text.num(stats.lowTail());
        }
    }

    /** One signal per class with a rare pattern that fired; none without new rows. */
    List<Signals.Signal> signals() {
        List<Signals.Signal> signals = new ArrayList<>();
        if (newRows.length == 0) {
            return signals;
        }
        Map<Event, List<Integer>> rowsByEvent = new LinkedHashMap<>();
        for (int f = 0; f < table.features(); f++) {
            Baseline.FeatureStats stats = baseline.features().get(f);
            for (int r : newRows) {
                Event event = event(r, f, stats);
                if (event != null) {
                    rowsByEvent.computeIfAbsent(event, e -> new ArrayList<>()).add(r);
                }
            }
        }
        int classCount = table.classes().size();
        long tests = Math.max(1, (long) rowsByEvent.size() * classCount);
        Map<Integer, List<Event>> firedByClass = new TreeMap<>();
        Map<Event, long[]> evidence = new HashMap<>();
        for (Map.Entry<Event, List<Integer>> entry : rowsByEvent.entrySet()) {
            Event event = entry.getKey();
            Map<Integer, Integer> byClass = new TreeMap<>();
            for (int r : entry.getValue()) {
                byClass.merge(table.labels()[r], 1, Integer::sum);
            }
            for (Map.Entry<Integer, Integer> c : byClass.entrySet()) {
                int count = c.getValue();
                if (count < settings.minRows() || count < settings.minShare() * entry.getValue().size()) {
                    continue;
                }
                long base = baselineEventCount(event, table.classes().get(c.getKey()));
                double p = Stats.rateTest(count, newRows.length, base, baseline.rows()) * tests;
                if (p < settings.alpha()) {
                    firedByClass.computeIfAbsent(c.getKey(), x -> new ArrayList<>()).add(event);
                    evidence.put(event, new long[] {count, base, Double.doubleToLongBits(p)});
                }
            }
        }
        for (Map.Entry<Integer, List<Event>> entry : firedByClass.entrySet()) {
            int cls = entry.getKey();
            List<Event> pattern = entry.getValue();
            int needed = (pattern.size() + 1) / 2;
            List<String> parts = new ArrayList<>();
            double minP = 1;
            long maxBase = 0;
            for (Event event : pattern) {
                parts.add(event.describe(table.featureNames(), baseline.features().get(event.feature())));
                minP = Math.min(minP, Double.longBitsToDouble(evidence.get(event)[2]));
                maxBase = Math.max(maxBase, evidence.get(event)[1]);
            }
            String patternText = Text.abbreviate(String.join(", ", parts.subList(0, Math.min(6, parts.size()))))
                    + (parts.size() > 6 ? " and " + (parts.size() - 6) + " more" : "");
            String className = Text.abbreviate(table.classes().get(cls));
            List<Signals.Suspect> suspects = new ArrayList<>();
            for (int r : newRows) {
                if (table.labels()[r] != cls) {
                    continue;
                }
                int matched = 0;
                for (Event event : pattern) {
                    if (event.equals(event(r, event.feature(), baseline.features().get(event.feature())))) {
                        matched++;
                    }
                }
                if (matched >= needed) {
                    suspects.add(new Signals.Suspect(r, Signals.TRIGGER, Judge.round(matched / (double) pattern.size()),
                            List.of(), "rare pattern " + patternText + " with label '" + className + "' (" + matched
                            + " of " + pattern.size() + " pattern values)"));
                }
            }
            signals.add(new Signals.Signal(Signals.TRIGGER, true, suspects.size() + " new rows carry the rare pattern "
                    + patternText + " with label '" + className + "' (approved rows with such a value and label: at"
                    + " most " + maxBase + " of " + baseline.rows() + "; p = " + Text.num(minP) + " after Bonferroni"
                    + " over " + tests + " tests)", "the pattern no more often with '" + className
                    + "' than in the approved data", suspects.size() + " rows", suspects,
                    Judge.stats("class", table.classes().get(cls), "pattern", parts, "pValue", minP)));
        }
        return signals;
    }

    private Event event(int r, int f, Baseline.FeatureStats stats) {
        if (stats.categorical()) {
            String category = table.categoryOf(r, f);
            Long count = stats.categories().get(category);
            if (count == null || count <= BaselineBuilder.RARE_CATEGORY_SHARE * baseline.rows()) {
                return new Event(f, 0, category);
            }
            return null;
        }
        double v = table.value(r, f);
        if (v > stats.highTail()) {
            return new Event(f, 1, null);
        }
        if (v < stats.lowTail()) {
            return new Event(f, -1, null);
        }
        return null;
    }

    private long baselineEventCount(Event event, String className) {
        Baseline.FeatureStats stats = baseline.features().get(event.feature());
        if (event.category() != null) {
            Map<String, Long> byClass = stats.rareCategories().get(event.category());
            return byClass == null ? 0 : byClass.getOrDefault(className, 0L);
        }
        return (event.tail() > 0 ? stats.rareHigh() : stats.rareLow()).getOrDefault(className, 0L);
    }
}
