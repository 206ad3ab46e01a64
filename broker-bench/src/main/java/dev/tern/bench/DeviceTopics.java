package dev.tern.bench;

import java.util.SplittableRandom;

/**
 * The topic space of the trie benchmarks: {@code site/{s}/dev/{d}/telemetry} with
 * {@value #DEVICES_PER_SITE} devices per site, so n topics span n / 30 sites. A fixed seed keeps
 * runs comparable.
 */
final class DeviceTopics {
    static final int DEVICES_PER_SITE = 30;
    /** Topics probed per benchmark: enough to defeat branch prediction, small enough to stay built. */
    static final int PROBES = 4096;

    private DeviceTopics() {
    }

    static int sites(int n) {
        return Math.max(1, n / DEVICES_PER_SITE);
    }

    static String topic(int site, int device) {
        return "site/" + site + "/dev/" + device + "/telemetry";
    }

    static String plusFilter(int site) {
        return "site/" + site + "/dev/+/telemetry";
    }

    static String hashFilter(int site) {
        return "site/" + site + "/#";
    }

    /** Random concrete topics within the space of n topics. */
    static String[] randomTopics(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int sites = sites(n);
        String[] topics = new String[PROBES];
        for (int i = 0; i < PROBES; i++) {
            topics[i] = topic(random.nextInt(sites), random.nextInt(DEVICES_PER_SITE));
        }
        return topics;
    }
}
