package dev.tiergate.originsim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * A deterministic, generated product catalogue: the same id always yields the same product, so no
 * state is needed and responses are stable across restarts.
 */
final class ProductCatalog {

    /** Ids 1..MAX_ID exist; anything else is "not found". */
    static final int MAX_ID = 1000;

    /** How many products the list endpoint returns. */
    static final int LIST_SIZE = 20;

    // Each row: English, French, German.
    private static final String[][] ITEM_NAMES = {
        {"Desk Lamp", "Lampe de bureau", "Schreibtischlampe"},
        {"Coffee Mug", "Tasse à café", "Kaffeebecher"},
        {"Backpack", "Sac à dos", "Rucksack"},
        {"Notebook", "Carnet", "Notizbuch"},
        {"Water Bottle", "Gourde", "Trinkflasche"},
        {"Headphones", "Casque audio", "Kopfhörer"},
        {"Umbrella", "Parapluie", "Regenschirm"},
        {"Wall Clock", "Horloge murale", "Wanduhr"},
        {"Office Chair", "Chaise de bureau", "Bürostuhl"},
        {"Keyboard", "Clavier", "Tastatur"},
    };
    private static final String[] MODEL_WORD = {"model", "modèle", "Modell"};
    private static final String[] CATEGORIES = {"home", "kitchen", "travel", "office", "audio"};

    private ProductCatalog() {}

    /** Parses a path segment into a known product id. */
    static Optional<Integer> parseId(String segment) {
        try {
            int id = Integer.parseInt(segment);
            return id >= 1 && id <= MAX_ID ? Optional.of(id) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static JsonObject product(int id, Language language) {
        int item = (id - 1) % ITEM_NAMES.length;
        int lang = language.ordinal();
        String name = ITEM_NAMES[item][lang] + " (" + MODEL_WORD[lang] + " " + id + ")";
        long priceCents = 500 + (id * 7919L) % 9500;
        return new JsonObject()
                .put("id", id)
                .put("sku", String.format("TG-%04d", id))
                .put("name", name)
                .put("category", CATEGORIES[id % CATEGORIES.length])
                .put("price", BigDecimal.valueOf(priceCents, 2).doubleValue())
                .put("currency", "EUR")
                .put("inStock", id % 7 != 0);
    }

    static JsonArray list(Language language) {
        JsonArray products = new JsonArray();
        for (int id = 1; id <= LIST_SIZE; id++) {
            products.add(product(id, language));
        }
        return products;
    }
}
