package dev.tiergate.policy;

import org.junit.jupiter.api.Test;

class ScratchProbeTest {
    static void show(String label, String yaml) {
        try {
            Policy p = PolicyLoader.parse("t.yaml", yaml);
            System.out.println("PROBE " + label + " OK routes=" + p.routes() + " default=" + p.defaultRoute().cacheRule());
        } catch (PolicyException e) {
            System.out.println("PROBE " + label + " ->\n" + e.getMessage());
        }
    }
    @Test
    void probe() {
        String h = "version: 1\norigin: http://127.0.0.1:8081\n";
        show("alias", h + "routes:\n  - name: a\n    match: { host: *.example.com, path: /a }\n");
        show("ms", h + "defaults: { ttl: 500ms, allowSetCookie: True }\n");
        show("cascade", h + "segments:\n  tier: { from: header, header: X-Tier, values: [], default: none }\nroutes:\n  - name: a\n    match: { path: /a }\n    cache: { key: { segment: tier } }\n");
        show("tiers", h + "routes:\n  - name: a\n    match: { path: /a }\n    cache: { tiers: [] }\n");
        show("badpath-tags", h + "routes:\n  - name: a\n    match: { path: \"/a/{id\" }\n    cache: { tags: [\"p:{id}\"] }\n");
        show("null", h + "defaults:\n");
        show("ttl-outside", h + "defaults: { maxTtl: 1h }\nroutes:\n  - name: a\n    match: { path: /a }\n    cache: { ttl: 7d }\n");
        show("bad-by", h + "routes:\n  - name: a\n    match: { path: /a }\n    rateLimit: { rate: 1/1s, by: hedaer, header: X }\n");
        show("nomatch", h + "routes:\n  - name: a\n    cache: bypass\n");
        show("seconds", h + "defaults: { staleIfError: 30 }\n");
        System.out.println("PROBE host trailing dot " + new HostPattern("example.com").matches("example.com."));
    }
}
