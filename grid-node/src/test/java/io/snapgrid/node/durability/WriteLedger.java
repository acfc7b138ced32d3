package io.snapgrid.node.durability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Every write a test made to one map and what the cluster answered: acknowledged (at what time), or unknown (it
 * threw, so it may or may not have been applied). Each key is written by one thread only, in version order, and a
 * key whose write was unknown is written no more: a write that failed on the client may still be pending on a
 * member, so only the writes before it and that one can explain what a restore shows.
 */
final class WriteLedger {

    /** A key's state: its version, or empty when the key is absent (never written, or deleted). */
    record State(Optional<Integer> version) {
        static final State ABSENT = new State(Optional.empty());

        static State of(int version) {
            return new State(Optional.of(version));
        }

        @Override
        public String toString() {
            return version.map(v -> "v" + v).orElse("absent");
        }
    }

    /** One write; a delete leaves the key absent. */
    record Write(String key, int version, boolean delete, boolean acknowledged, long answeredAtMillis) {
        State state() {
            return delete ? State.ABSENT : State.of(version);
        }
    }

    private final String map;
    private final Map<String, List<Write>> byKey = new ConcurrentHashMap<>();
    private final AtomicInteger acknowledged = new AtomicInteger();
    private final AtomicInteger unknown = new AtomicInteger();

    WriteLedger(String map) {
        this.map = map;
    }

    String map() {
        return map;
    }

    void acknowledged(String key, int version, boolean delete) {
        writesOf(key).add(new Write(key, version, delete, true, System.currentTimeMillis()));
        acknowledged.incrementAndGet();
    }

    void unknown(String key, int version, boolean delete) {
        writesOf(key).add(new Write(key, version, delete, false, System.currentTimeMillis()));
        unknown.incrementAndGet();
    }

    int acknowledged() {
        return acknowledged.get();
    }

    int unknown() {
        return unknown.get();
    }

    private List<Write> writesOf(String key) {
        return byKey.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>());
    }

    /**
     * Compares a restored map with the ledger. Per key, the last write that {@code mustSurvive} (an acknowledged
     * one, perhaps only if old enough) must be what the restore shows, or any write after it, which may or may not
     * have made it: an unknown write, or an acknowledged one the promise does not cover (a weak write too young).
     *
     * @param restored the version of every key the restored map holds
     */
    Verdict check(Map<String, Integer> restored, Predicate<Write> mustSurvive) {
        List<String> violations = new ArrayList<>();
        Set<String> phantoms = new TreeSet<>(restored.keySet());
        phantoms.removeAll(byKey.keySet());
        phantoms.forEach(key -> violations.add(key + ": restored as v" + restored.get(key) + " but never written"));
        int covered = 0;
        int coveredKeys = 0;
        int lostUncovered = 0;
        long oldestLost = Long.MAX_VALUE;
        for (Map.Entry<String, List<Write>> entry : byKey.entrySet()) {
            List<Write> writes = entry.getValue();
            State actual = restored.containsKey(entry.getKey()) ? State.of(restored.get(entry.getKey())) : State.ABSENT;
            int last = -1;
            for (int i = 0; i < writes.size(); i++) {
                if (writes.get(i).acknowledged() && mustSurvive.test(writes.get(i))) {
                    last = i;
                    covered++;
                }
            }
            if (last >= 0) {
                coveredKeys++;
            }
            // The newest write whose state the restore shows, searching only where it is allowed to be.
            int shown = -2;
            for (int i = writes.size() - 1; i >= Math.max(last, 0); i--) {
                if (writes.get(i).state().equals(actual)) {
                    shown = i;
                    break;
                }
            }
            if (shown == -2 && last < 0 && actual.equals(State.ABSENT)) {
                shown = -1;
            }
            if (shown == -2) {
                violations.add(entry.getKey() + ": restored " + actual + ", expected " + (last < 0 ? "absent"
                        : writes.get(last).state() + " (acknowledged at " + writes.get(last).answeredAtMillis() + ")")
                        + " or a later write; writes " + describe(writes));
                continue;
            }
            for (int i = shown + 1; i < writes.size(); i++) {
                if (writes.get(i).acknowledged()) {
                    lostUncovered++;
                    oldestLost = Math.min(oldestLost, writes.get(i).answeredAtMillis());
                }
            }
        }
        return new Verdict(map, byKey.size(), acknowledged(), unknown(), coveredKeys, covered, lostUncovered,
                oldestLost == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(oldestLost), violations);
    }

    private static String describe(List<Write> writes) {
        List<String> parts = new ArrayList<>();
        for (Write write : writes) {
            parts.add((write.delete() ? "delete@v" : "v") + write.version() + (write.acknowledged() ? " ack@"
                    + write.answeredAtMillis() : " unknown"));
        }
        return parts.toString();
    }

    /**
     * What a check found.
     *
     * @param coveredKeys      keys with an acknowledged write the promise covers
     * @param coveredWrites    acknowledged writes the promise covers
     * @param lostUncovered    acknowledged writes the promise does not cover (too young for weak) that the restore
     *                         does not show: the loss the promise allows
     * @param oldestLost       when the oldest of those was acknowledged
     * @param violations       per key, what the restore shows against what it had to
     */
    record Verdict(String map, int keys, int acknowledged, int unknown, int coveredKeys, int coveredWrites,
                   int lostUncovered, OptionalLong oldestLost, List<String> violations) {

        /** How long before {@code millis} the oldest lost write was acknowledged. */
        String oldestLostBefore(long millis) {
            return oldestLost.isEmpty() ? "none lost" : "the oldest lost one acknowledged "
                    + (millis - oldestLost.getAsLong()) + " ms before";
        }

        @Override
        public String toString() {
            return ("%s: %d keys, %d writes acknowledged, %d unknown; %d acknowledged writes (%d keys) covered by the"
                    + " promise, %d younger acknowledged writes not restored; %d violations%s").formatted(map, keys, acknowledged,
                    unknown, coveredWrites, coveredKeys, lostUncovered, violations.size(),
                    violations.isEmpty() ? "" : ": " + violations.subList(0, Math.min(20, violations.size())));
        }
    }
}
